import KubeModels

/// OpenAPI definitions of the built-in kinds, written the way the real server publishes them
/// (definition names, `$ref`s, list and map markers, patch strategies), for the kinds clients
/// write most: Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, Service,
/// ConfigMap, Secret, Namespace, ServiceAccount, ResourceQuota. Other kinds get a root with
/// `metadata` and open `spec`/`status`.
///
/// Exists so one description drives strict field validation at every level, server-side apply's
/// merge (which lists are keyed by what), `/openapi/v2`, `/openapi/v3` and `kubectl explain`.
/// Structs not described in depth (affinity, probes, volume sources, statuses) are open
/// (`x-kubernetes-preserve-unknown-fields`), so nothing valid is ever rejected for want of a schema.
enum BuiltinSchemas {
    static let meta = "io.k8s.apimachinery.pkg.apis.meta.v1."

    /// Every definition by name, references as `#/definitions/NAME`.
    static let definitions: [String: JSONValue] = {
        var all = common
        all.merge(pod) { first, _ in first }
        all.merge(workloads) { first, _ in first }
        all.merge(core) { first, _ in first }
        return all
    }()

    /// The definition name of each described kind.
    static let kinds: [GroupResource: String] = [
        .pods: "io.k8s.api.core.v1.Pod", .services: "io.k8s.api.core.v1.Service",
        .configmaps: "io.k8s.api.core.v1.ConfigMap", .secrets: "io.k8s.api.core.v1.Secret",
        .namespaces: "io.k8s.api.core.v1.Namespace", .serviceaccounts: "io.k8s.api.core.v1.ServiceAccount",
        .resourcequotas: "io.k8s.api.core.v1.ResourceQuota",
        .deployments: "io.k8s.api.apps.v1.Deployment", .replicasets: "io.k8s.api.apps.v1.ReplicaSet",
        .statefulsets: "io.k8s.api.apps.v1.StatefulSet", .daemonsets: "io.k8s.api.apps.v1.DaemonSet",
        GroupResource(group: "batch", resource: "jobs"): "io.k8s.api.batch.v1.Job",
        GroupResource(group: "batch", resource: "cronjobs"): "io.k8s.api.batch.v1.CronJob",
    ]

    static func fieldSchema(for resource: GroupResource) -> FieldSchema {
        guard let name = kinds[resource], let root = definitions[name] else { return .unknown }
        return FieldSchema(node: root, definitions: definitions)
    }

    /// The definition name a type is published under (described or not).
    static func definitionName(_ type: ResourceType, version: String) -> String {
        if let name = kinds[type.storage], type.storage == type.groupResource { return name }
        let group = type.group.isEmpty ? "core" : type.group.split(separator: ".").first.map(String.init) ?? type.group
        return "io.k8s.api.\(group).\(version).\(type.kind)"
    }

    /// The root schema of a kind without an in-depth description.
    static func genericRoot(_ type: ResourceType) -> JSONValue {
        var properties: [String: JSONValue] = [
            "apiVersion": string("APIVersion defines the versioned schema of this representation of an object."),
            "kind": string("Kind is a string value representing the REST resource this object represents."),
            "metadata": ref(meta + "ObjectMeta", "Standard object's metadata."),
        ]
        for field in BuiltinFields.topLevel(type.storage) where properties[field] == nil {
            properties[field] = open("\(field) of the \(type.kind).")
        }
        return ["type": "object", "description": .string("\(type.kind) (served by KubeSim; fields below the top level are not described)."), "properties": .object(properties)]
    }

    // MARK: - Building blocks

    static func string(_ description: String = "", enumeration: [String] = []) -> JSONValue {
        var node: JSONValue = ["type": "string", "description": .string(description)]
        if !enumeration.isEmpty { node["enum"] = .array(enumeration.map { .string($0) }) }
        return node
    }

    static func integer(_ description: String = "", format: String = "int32") -> JSONValue {
        ["type": "integer", "format": .string(format), "description": .string(description)]
    }

    static func boolean(_ description: String = "") -> JSONValue { ["type": "boolean", "description": .string(description)] }

    static func intOrString(_ description: String = "") -> JSONValue {
        ["x-kubernetes-int-or-string": true, "format": "int-or-string", "description": .string(description)]
    }

    static func quantity(_ description: String = "") -> JSONValue {
        ["x-kubernetes-int-or-string": true, "description": .string(description)]
    }

    static func ref(_ name: String, _ description: String = "") -> JSONValue {
        ["allOf": [["$ref": .string("#/definitions/" + name)]], "description": .string(description)]
    }

    static func open(_ description: String = "") -> JSONValue {
        ["type": "object", "description": .string(description), "x-kubernetes-preserve-unknown-fields": true]
    }

    static func map(_ values: JSONValue, _ description: String = "", atomic: Bool = false) -> JSONValue {
        var node: JSONValue = ["type": "object", "additionalProperties": values, "description": .string(description)]
        if atomic { node["x-kubernetes-map-type"] = "atomic" }
        return node
    }

    static func stringMap(_ description: String = "") -> JSONValue { map(["type": "string", "default": ""], description) }

    /// A list: keyed by `keys` (associative), a set, or atomic; with the matching patch strategy.
    static func list(_ items: JSONValue, _ description: String = "", keys: [String] = [], set: Bool = false, patchKey: String? = nil) -> JSONValue {
        var node: JSONValue = ["type": "array", "items": items, "description": .string(description)]
        if !keys.isEmpty {
            node["x-kubernetes-list-type"] = "map"
            node["x-kubernetes-list-map-keys"] = .array(keys.map { .string($0) })
        } else {
            node["x-kubernetes-list-type"] = set ? "set" : "atomic"
        }
        if let patchKey {
            node["x-kubernetes-patch-merge-key"] = .string(patchKey)
            node["x-kubernetes-patch-strategy"] = "merge"
        } else if set {
            node["x-kubernetes-patch-strategy"] = "merge"
        }
        return node
    }

    static func strings(_ description: String = "") -> JSONValue { list(["type": "string", "default": ""], description) }

    static func object(_ description: String, _ properties: [String: JSONValue], required: [String] = [], atomic: Bool = false) -> JSONValue {
        var node: JSONValue = ["type": "object", "description": .string(description), "properties": .object(properties)]
        if !required.isEmpty { node["required"] = .array(required.map { .string($0) }) }
        if atomic { node["x-kubernetes-map-type"] = "atomic" }
        return node
    }

    /// The root of a kind: apiVersion, kind, metadata, then its own fields.
    static func kind(_ description: String, _ properties: [String: JSONValue]) -> JSONValue {
        var all = properties
        all["apiVersion"] = string("APIVersion defines the versioned schema of this representation of an object.")
        all["kind"] = string("Kind is a string value representing the REST resource this object represents.")
        all["metadata"] = ref(meta + "ObjectMeta", "Standard object's metadata.")
        return object(description, all)
    }

    // MARK: - Shared definitions

    static let common: [String: JSONValue] = [
        meta + "ObjectMeta": object("ObjectMeta is metadata that all persisted resources must have.", [
            "name": string("Name must be unique within a namespace."),
            "generateName": string("An optional prefix used by the server to generate a unique name."),
            "namespace": string("Namespace defines the space within which each name must be unique."),
            "selfLink": string("Deprecated."), "uid": string("UID is the unique in time and space value for this object."),
            "resourceVersion": string("An opaque value that represents the internal version of this object."),
            "generation": integer("A sequence number representing a specific generation of the desired state.", format: "int64"),
            "creationTimestamp": string("The time this object was created.", enumeration: []),
            "deletionTimestamp": string("The time after which this resource will be deleted."),
            "deletionGracePeriodSeconds": integer("Seconds allowed for this object to gracefully terminate.", format: "int64"),
            "labels": stringMap("Map of string keys and values that can be used to organize and categorize objects."),
            "annotations": stringMap("Unstructured key value map stored with a resource."),
            "ownerReferences": list(ref(meta + "OwnerReference"), "List of objects depended by this object.", keys: ["uid"], patchKey: "uid"),
            "finalizers": list(["type": "string", "default": ""], "Must be empty before the object is deleted from the registry.", set: true),
            "managedFields": list(open("ManagedFieldsEntry"), "Maps workflow-id and version to the set of fields that are managed by that workflow."),
        ]),
        meta + "OwnerReference": object("OwnerReference contains enough information to let you identify an owning object.", [
            "apiVersion": string("API version of the referent."), "kind": string("Kind of the referent."),
            "name": string("Name of the referent."), "uid": string("UID of the referent."),
            "controller": boolean("If true, this reference points to the managing controller."),
            "blockOwnerDeletion": boolean("If true, the owner cannot be deleted from the key-value store until this reference is removed."),
        ], required: ["apiVersion", "kind", "name", "uid"], atomic: true),
        meta + "LabelSelector": object("A label selector is a label query over a set of resources.", [
            "matchLabels": stringMap("matchLabels is a map of {key,value} pairs."),
            "matchExpressions": list(object("A label selector requirement.", [
                "key": string("key is the label key that the selector applies to."),
                "operator": string("operator represents a key's relationship to a set of values: In, NotIn, Exists and DoesNotExist."),
                "values": strings("values is an array of string values."),
            ], required: ["key", "operator"]), "matchExpressions is a list of label selector requirements."),
        ], atomic: true),
    ]
}
