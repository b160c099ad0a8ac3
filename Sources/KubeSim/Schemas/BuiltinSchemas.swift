import KubeModels

/// OpenAPI definitions of the built-in kinds KubeSim knows in depth.
enum BuiltinSchemas {
    static func fieldSchema(for resource: GroupResource) -> FieldSchema { .unknown }
}
