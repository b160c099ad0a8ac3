/// The profile that ships with kars-sre: the ten read-only tools and `propose_fix` are allowed
/// for any target; anything else (a tool added later, a misspelt name) is denied because nothing
/// matches. Operators replace it with `--policy FILE` or `KARS_SRE_POLICY`.
public enum DefaultPolicyProfile {
    public static let yaml = """
        version: "1.0"
        agent: kars-sre
        policies:
          - name: read-only-diagnosis
            type: capability
            allowed_actions:
              - "tool:diagnose:*"
              - "tool:what_changed:*"
              - "tool:describe:*"
              - "tool:endpoints:*"
              - "tool:logs:*"
              - "tool:top:*"
              - "tool:image_probe:*"
              - "tool:explain:*"
              - "tool:describe_state:*"
              - "tool:cluster_info:*"
            denied_actions: []
            priority: 10
          - name: propose-typed-fixes
            type: capability
            allowed_actions:
              - "tool:propose_fix:DeleteResourceQuota"
              - "tool:propose_fix:PatchDeploymentImage"
              - "tool:propose_fix:ScaleDeployment"
              - "tool:propose_fix:RolloutRestart"
              - "tool:propose_fix:DeletePod"
            denied_actions: []
            priority: 10
          - name: never-approve-or-execute
            type: capability
            allowed_actions: []
            denied_actions:
              - "tool:approve*"
              - "tool:execute*"
              - "tool:reject*"
              - "tool:delete*"
              - "tool:apply*"
              - "tool:patch*"
            priority: 100

        """

    /// The parsed default profile.
    public static var profile: PolicyProfile {
        // The constant is checked by a test; a failure here is a programming error in this file.
        (try? PolicyProfile.parse(yaml, source: "the default policy profile")) ?? PolicyProfile(agent: "kars-sre", policies: [])
    }
}
