import Foundation

/// `v1 PodTemplateSpec`: the pod a workload controller stamps out.
public struct PodTemplateSpec: Codable, Sendable, Hashable {
    public var metadata: ObjectMeta?
    public var spec: PodSpec?

    public init(metadata: ObjectMeta? = nil, spec: PodSpec? = nil) {
        self.metadata = metadata
        self.spec = spec
    }
}

/// `apps/v1 Deployment`.
public struct Deployment: KubeResourceModel, Hashable {
    public static let apiVersion = "apps/v1"
    public static let kind = "Deployment"
    public var apiVersion: String? = Deployment.apiVersion
    public var kind: String? = Deployment.kind
    public var metadata: ObjectMeta
    public var spec: Spec?
    public var status: Status?

    public init(metadata: ObjectMeta, spec: Spec? = nil, status: Status? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// `DeploymentSpec`.
    public struct Spec: Codable, Sendable, Hashable {
        public var replicas: Int?
        public var selector: LabelSelector?
        public var template: PodTemplateSpec?
        public var strategy: Strategy?
        public var minReadySeconds: Int?
        public var revisionHistoryLimit: Int?
        public var progressDeadlineSeconds: Int?
        public var paused: Bool?

        public init(replicas: Int? = nil, selector: LabelSelector? = nil, template: PodTemplateSpec? = nil) {
            self.replicas = replicas
            self.selector = selector
            self.template = template
        }
    }

    /// `DeploymentStrategy`.
    public struct Strategy: Codable, Sendable, Hashable {
        public var type: String?
        public var rollingUpdate: RollingUpdate?
    }

    /// `RollingUpdateDeployment`.
    public struct RollingUpdate: Codable, Sendable, Hashable {
        public var maxSurge: IntOrString?
        public var maxUnavailable: IntOrString?
    }

    /// `DeploymentStatus`.
    public struct Status: Codable, Sendable, Hashable {
        public var observedGeneration: Int64?
        public var replicas: Int?
        public var updatedReplicas: Int?
        public var readyReplicas: Int?
        public var availableReplicas: Int?
        public var unavailableReplicas: Int?
        public var conditions: [Condition]?
        public var collisionCount: Int?

        public init() {}
    }

    public var desiredReplicas: Int { spec?.replicas ?? 1 }
    public var availableReplicas: Int { status?.availableReplicas ?? 0 }
}

/// `apps/v1 ReplicaSet`.
public struct ReplicaSet: KubeResourceModel, Hashable {
    public static let apiVersion = "apps/v1"
    public static let kind = "ReplicaSet"
    public var apiVersion: String? = ReplicaSet.apiVersion
    public var kind: String? = ReplicaSet.kind
    public var metadata: ObjectMeta
    public var spec: Spec?
    public var status: Status?

    public init(metadata: ObjectMeta, spec: Spec? = nil, status: Status? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// `ReplicaSetSpec`.
    public struct Spec: Codable, Sendable, Hashable {
        public var replicas: Int?
        public var selector: LabelSelector?
        public var template: PodTemplateSpec?
        public var minReadySeconds: Int?
        public init(replicas: Int? = nil, selector: LabelSelector? = nil, template: PodTemplateSpec? = nil) {
            self.replicas = replicas
            self.selector = selector
            self.template = template
        }
    }

    /// `ReplicaSetStatus`.
    public struct Status: Codable, Sendable, Hashable {
        public var replicas: Int?
        public var fullyLabeledReplicas: Int?
        public var readyReplicas: Int?
        public var availableReplicas: Int?
        public var observedGeneration: Int64?
        public var conditions: [Condition]?
        public init() {}
    }

    /// The `deployment.kubernetes.io/revision` annotation as a number.
    public var revision: Int? { annotations["deployment.kubernetes.io/revision"].flatMap { Int($0) } }
}

/// `apps/v1 StatefulSet`.
public struct StatefulSet: KubeResourceModel, Hashable {
    public static let apiVersion = "apps/v1"
    public static let kind = "StatefulSet"
    public var apiVersion: String? = StatefulSet.apiVersion
    public var kind: String? = StatefulSet.kind
    public var metadata: ObjectMeta
    public var spec: Spec?
    public var status: Status?

    public init(metadata: ObjectMeta, spec: Spec? = nil, status: Status? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// `StatefulSetSpec`.
    public struct Spec: Codable, Sendable, Hashable {
        public var replicas: Int?
        public var selector: LabelSelector?
        public var template: PodTemplateSpec?
        public var serviceName: String?
        public var podManagementPolicy: String?
        public var volumeClaimTemplates: [JSONValue]?
        public var updateStrategy: JSONValue?
        public var minReadySeconds: Int?
        public init(replicas: Int? = nil, selector: LabelSelector? = nil, template: PodTemplateSpec? = nil) {
            self.replicas = replicas
            self.selector = selector
            self.template = template
        }
    }

    /// `StatefulSetStatus`.
    public struct Status: Codable, Sendable, Hashable {
        public var observedGeneration: Int64?
        public var replicas: Int?
        public var readyReplicas: Int?
        public var currentReplicas: Int?
        public var updatedReplicas: Int?
        public var availableReplicas: Int?
        public var currentRevision: String?
        public var updateRevision: String?
        public var conditions: [Condition]?
        public init() {}
    }
}

/// `apps/v1 DaemonSet`.
public struct DaemonSet: KubeResourceModel, Hashable {
    public static let apiVersion = "apps/v1"
    public static let kind = "DaemonSet"
    public var apiVersion: String? = DaemonSet.apiVersion
    public var kind: String? = DaemonSet.kind
    public var metadata: ObjectMeta
    public var spec: Spec?
    public var status: Status?

    public init(metadata: ObjectMeta, spec: Spec? = nil, status: Status? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// `DaemonSetSpec`.
    public struct Spec: Codable, Sendable, Hashable {
        public var selector: LabelSelector?
        public var template: PodTemplateSpec?
        public var updateStrategy: JSONValue?
        public var minReadySeconds: Int?
    }

    /// `DaemonSetStatus`.
    public struct Status: Codable, Sendable, Hashable {
        public var currentNumberScheduled: Int?
        public var numberMisscheduled: Int?
        public var desiredNumberScheduled: Int?
        public var numberReady: Int?
        public var updatedNumberScheduled: Int?
        public var numberAvailable: Int?
        public var numberUnavailable: Int?
        public var observedGeneration: Int64?
        public var conditions: [Condition]?
    }
}

/// `batch/v1 Job`.
public struct Job: KubeResourceModel, Hashable {
    public static let apiVersion = "batch/v1"
    public static let kind = "Job"
    public var apiVersion: String? = Job.apiVersion
    public var kind: String? = Job.kind
    public var metadata: ObjectMeta
    public var spec: Spec?
    public var status: Status?

    public init(metadata: ObjectMeta, spec: Spec? = nil, status: Status? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// `JobSpec`.
    public struct Spec: Codable, Sendable, Hashable {
        public var parallelism: Int?
        public var completions: Int?
        public var backoffLimit: Int?
        public var activeDeadlineSeconds: Int64?
        public var suspend: Bool?
        public var selector: LabelSelector?
        public var template: PodTemplateSpec?
    }

    /// `JobStatus`.
    public struct Status: Codable, Sendable, Hashable {
        public var active: Int?
        public var succeeded: Int?
        public var failed: Int?
        public var ready: Int?
        public var startTime: Date?
        public var completionTime: Date?
        public var conditions: [Condition]?
    }

    /// The job has finished (Complete or Failed condition True).
    public var isFinished: Bool {
        let conditions = status?.conditions ?? []
        return conditions.contains { ($0.type == "Complete" || $0.type == "Failed") && $0.status == "True" }
    }
}

/// `batch/v1 CronJob`.
public struct CronJob: KubeResourceModel, Hashable {
    public static let apiVersion = "batch/v1"
    public static let kind = "CronJob"
    public var apiVersion: String? = CronJob.apiVersion
    public var kind: String? = CronJob.kind
    public var metadata: ObjectMeta
    public var spec: Spec?
    public var status: Status?

    /// `CronJobSpec`.
    public struct Spec: Codable, Sendable, Hashable {
        public var schedule: String?
        public var suspend: Bool?
        public var concurrencyPolicy: String?
        public var jobTemplate: JobTemplate?
    }

    /// `JobTemplateSpec`.
    public struct JobTemplate: Codable, Sendable, Hashable {
        public var metadata: ObjectMeta?
        public var spec: Job.Spec?
    }

    /// `CronJobStatus`.
    public struct Status: Codable, Sendable, Hashable {
        public var lastScheduleTime: Date?
        public var lastSuccessfulTime: Date?
        public var active: [ObjectReference]?
    }
}
