import KubeModels

/// Which events start a detection cycle: the failure reasons kubelet, scheduler, controllers and
/// the node lifecycle controller emit for DESIGN.md section 3's signals, any Warning whose reason
/// starts with `Failed`, and the scale-down to zero that leaves a Service without endpoints.
public enum FailureReasons {
    public static let reasons: Set<String> = [
        // workload controllers
        "FailedCreate", "FailedDelete", "ProgressDeadlineExceeded", "BackoffLimitExceeded", "DeadlineExceeded",
        // kubelet: images, containers, probes, mounts, config
        "BackOff", "Failed", "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull",
        "InspectFailed", "CreateContainerConfigError", "CreateContainerError", "Unhealthy", "FailedMount",
        "FailedAttachVolume", "FailedMapVolume", "FailedPostStartHook", "FailedPreStopHook", "FailedKillPod",
        "FailedSync", "OOMKilling", "Evicted", "Preempting", "ExceededGracePeriod",
        // scheduler
        "FailedScheduling",
        // nodes
        "NodeNotReady", "NodeNotSchedulable", "NodeHasInsufficientMemory", "NodeHasDiskPressure",
        "NodeHasInsufficientPID", "TaintManagerEviction", "Rebooted", "SystemOOM",
        // storage
        "FailedBinding", "ProvisioningFailed", "VolumeResizeFailed",
        // services
        "FailedToUpdateEndpoint", "FailedToUpdateEndpointSlices",
        // KARS
        "SandboxDegraded", "SandboxWorkloadDown",
    ]

    public static func isFailure(_ event: NormalizedEvent) -> Bool {
        if reasons.contains(event.reason) { return true }
        if event.isWarning, event.reason.hasPrefix("Failed") { return true }
        // `Scaled down replica set web-7d9f to 0 from 2`: the cause of ServiceNoEndpoints.
        if event.reason == "ScalingReplicaSet", event.message.contains(" to 0") { return true }
        return false
    }
}
