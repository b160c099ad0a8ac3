import Foundation
import KubeModels

/// `status.preview`: what the action would do, from a server-side dry run (`dryRun=All`) made
/// before approval, and the "before" state execution compares the live target against.
public struct ActionPreview: Codable, Sendable, Hashable {
    /// One line: what would change.
    public var summary: String
    /// True when the API server accepted the dry run.
    public var dryRun: Bool
    public var at: Date?
    /// The target as it was when previewed.
    public var kind: String?
    public var namespace: String?
    public var name: String?
    public var uid: String?
    public var resourceVersion: String?
    public var generation: Int64?
    /// What would be deleted (DeleteResourceQuota: the quota's hard limits and usage; DeletePod:
    /// phase, node, deletion time).
    public var wouldDelete: JSONValue?
    /// What would be created (RestoreResourceQuota).
    public var wouldCreate: JSONValue?
    public var container: String?
    public var imageBefore: String?
    public var imageAfter: String?
    public var replicasBefore: Int?
    public var replicasAfter: Int?
    /// The controllers a DeleteResourceQuota nudges (`ReplicaSet/web-7d9f`).
    public var nudge: [String]?

    public init(summary: String, dryRun: Bool, at: Date?) {
        self.summary = summary
        self.dryRun = dryRun
        self.at = at
    }

    /// Copies the identity of the previewed object.
    public mutating func record(object: JSONValue) {
        kind = object["kind"]?.stringValue
        namespace = object[path: "metadata", "namespace"]?.stringValue
        name = object[path: "metadata", "name"]?.stringValue
        uid = object[path: "metadata", "uid"]?.stringValue
        resourceVersion = object[path: "metadata", "resourceVersion"]?.stringValue
        generation = object[path: "metadata", "generation"]?.intValue
    }
}

/// `status.rollback`: what undoing the action needs.
public struct ActionRollback: Codable, Sendable, Hashable {
    /// The deleted quota (DeleteResourceQuota).
    public var quota: QuotaRestoreSpec?
    public var container: String?
    /// The image before PatchDeploymentImage.
    public var previousImage: String?
    /// The replica count before ScaleDeployment.
    public var previousReplicas: Int?
    /// Why there is nothing to undo (RolloutRestart, DeletePod).
    public var note: String?

    public init(
        quota: QuotaRestoreSpec? = nil, container: String? = nil, previousImage: String? = nil,
        previousReplicas: Int? = nil, note: String? = nil
    ) {
        self.quota = quota
        self.container = container
        self.previousImage = previousImage
        self.previousReplicas = previousReplicas
        self.note = note
    }
}
