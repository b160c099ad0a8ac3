import ArgumentParser
import Diagnosis
import Foundation
import KubeAPI
import KubeModels
import Remediation

/// `kars-sre actions`: the KarsSREActions, newest first.
struct ActionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actions",
        abstract: "List the KarsSREActions: ID, phase, type, target, age and who proposed them.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var actions: ActionCommandOptions

    func run() async throws {
        try await actions.withClient(global) { client, _ in
            var list = try await client.list()
            if let namespace = global.namespace, !global.allNamespaces {
                list = list.filter { $0.target.namespace == namespace }
            }
            let rendered = ActionList(list, now: Date())
            try OutputRendering.write(rendered, format: global.output)
        }
    }
}

/// Flags shared by the action commands.
struct ActionCommandOptions: ParsableArguments {
    @Option(name: .long, help: "Namespace of the KarsSREActions, the kill switch and the controller.")
    var sreNamespace: String = "kars-sre"

    /// Runs `body` with an action client for the selected cluster, closing it afterwards.
    func withClient<T>(
        _ global: GlobalOptions, _ body: (ActionClient, KubeClient) async throws -> T
    ) async throws -> T {
        let client = try LiveClusterLoading.client(global: global)
        do {
            let result = try await body(ActionClient(client: client, namespace: sreNamespace), client)
            try? await client.shutdown()
            return result
        } catch let error as RemediationError {
            try? await client.shutdown()
            throw ActionCommandError(message: error.description)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Who is running the command (SelfSubjectReview, else the kubeconfig user, unverified).
    func approver(_ global: GlobalOptions, client: KubeClient) async throws -> ApproverIdentity {
        let user = ClusterInfoCommand.kubeconfigUser(KubeConfigLoader(), global)
        return try await ApproverIdentity.resolve(client: client, kubeconfigUser: user)
    }
}

/// A refused or impossible action request: printed as `Error: ...`, exit status 1.
struct ActionCommandError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// What `propose --create` and the decision commands print for one action.
struct ActionOutcome: Encodable {
    var id: String
    var phase: String
    var type: String
    var target: String
    var created: Bool?
    var message: String

    init(_ action: ActionObject, created: Bool? = nil, message: String) {
        id = action.name
        phase = action.phase.rawValue
        type = action.spec.action.type
        target = action.targetDescription
        self.created = created
        self.message = message
    }

    func write(_ format: OutputFormat) throws {
        try OutputRendering.write(self, format: format) { _ in message + "\n" }
    }
}

/// `propose --create` with explicit target flags instead of a finding.
struct ExplicitActionOptions: ParsableArguments {
    @Option(name: .long, help: "Action type for --create without a finding (DeleteResourceQuota, PatchDeploymentImage, ScaleDeployment, RolloutRestart, DeletePod).")
    var type: String?

    @Option(name: .long, help: "Target namespace of the explicit action.")
    var targetNamespace: String?

    @Option(name: .long, help: "Target name of the explicit action.")
    var name: String?

    @Option(name: .long, help: "Workload kind of a RolloutRestart (Deployment, StatefulSet, DaemonSet).")
    var kind: String?

    @Option(name: .long, help: "Container of a PatchDeploymentImage.")
    var container: String?

    @Option(name: .long, help: "New image of a PatchDeploymentImage.")
    var image: String?

    @Option(name: .long, help: "Replicas of a ScaleDeployment (0-50).")
    var replicas: Int?

    @Option(name: .long, help: "Why (stored in the action, at most 4096 characters).")
    var rationale: String?

    @Option(name: .long, help: "Minutes the proposal waits for approval (1-1440, default 30).")
    var ttl: Int?

    var isExplicit: Bool { type != nil }

    func draft() throws -> ActionDraft {
        guard let type, let type = RemediationActionType(rawValue: type), type != .restoreResourceQuota else {
            throw ValidationError(
                "--type must be one of DeleteResourceQuota, PatchDeploymentImage, ScaleDeployment, RolloutRestart, DeletePod")
        }
        guard let namespace = targetNamespace, let name else {
            throw ValidationError("--type needs --target-namespace and --name")
        }
        if let ttl, !(1...1440).contains(ttl) { throw ValidationError("--ttl must be within 1...1440 minutes") }
        let target = KarsSREAction.Target(
            namespace: namespace, name: name, kind: kind, container: container, image: image, replicas: replicas)
        return ActionDraft(
            action: ActionSpec.Action(type: type.rawValue, target: target),
            rationale: rationale ?? "requested by an operator with `kars-sre propose --create`", ttlMinutes: ttl,
            detector: .cli)
    }
}

/// `propose --create`: creates a KarsSREAction per proposal (or the explicit one).
enum ProposalCreation {
    static func run(
        report: (proposals: ProposalReport, findings: [Finding])?, explicit: ExplicitActionOptions, fromSnapshot: Bool,
        global: GlobalOptions, options: ActionCommandOptions
    ) async throws {
        if fromSnapshot {
            throw ValidationError("--create acts on the live cluster: it cannot be combined with --snapshot")
        }
        var drafts: [ActionDraft] = []
        if explicit.isExplicit {
            drafts = [try explicit.draft()]
        } else if let (proposals, findings) = report {
            let keys = Set(proposals.proposals.compactMap(\.incidentKey))
            for finding in findings {
                guard let action = finding.action, keys.contains(action.incidentKey) else { continue }
                var draft = ActionDraft(finding: finding, action: action, detector: .cli, ttlMinutes: explicit.ttl)
                if let rationale = explicit.rationale { draft.rationale = rationale }
                drafts.append(draft)
            }
        }
        guard !drafts.isEmpty else {
            print("No finding proposes an action: nothing to create.")
            return
        }
        var outcomes: [ActionOutcome] = []
        try await options.withClient(global) { client, _ in
            for draft in drafts {
                let creation = try await client.create(draft)
                let verb = creation.created ? "created" : "already proposed as"
                outcomes.append(
                    ActionOutcome(
                        creation.action, created: creation.created,
                        message:
                            "\(verb) \(creation.action.name): \(draft.action.type) \(creation.action.targetDescription) "
                            + "(approve with `kars-sre approve \(creation.action.name)`)"))
            }
        }
        try OutputRendering.write(outcomes, format: global.output) { _ in
            outcomes.map(\.message).joined(separator: "\n") + "\n"
        }
    }
}
