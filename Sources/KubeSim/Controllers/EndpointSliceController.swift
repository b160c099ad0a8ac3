import Foundation
import KubeModels

/// The endpointslice controller: one `EndpointSlice` per Service with a selector (`<service>-xxxxx`,
/// labelled `kubernetes.io/service-name` and managed by `endpointslice-controller.k8s.io`, owned by
/// the Service), with an endpoint per selected pod: its address, `conditions` (`ready`, `serving`,
/// `terminating`), node and `targetRef`; `endpoints: null` when no pod is selected, as the real
/// controller writes it.
final class EndpointSliceController: SimController {
    let name = "endpointslice-controller"
    let watches: Set<GroupResource> = [.services, .pods]
    static let managedBy = "endpointslice-controller.k8s.io"

    func handle(_ change: CacheChange, manager: isolated ControllerManager) {
        if change.resource == .services {
            manager.enqueue(self, change.key)
            return
        }
        let pods = [change.object, change.old].compactMap { $0 }
        for key in ServiceBackends.services(selecting: pods, in: manager.cache) { manager.enqueue(self, key) }
    }

    func reconcile(_ key: ObjectKey, manager: isolated ControllerManager) async {
        let slices = manager.cache.list(SimResource.endpointslices, namespace: key.namespace).filter {
            $0.labels["kubernetes.io/service-name"] == key.name && $0.labels["endpointslice.kubernetes.io/managed-by"] == Self.managedBy
        }
        guard let service = manager.cache.get(.services, key), !service.isBeingDeleted,
            ServiceBackends.selector(of: service) != nil
        else { return }
        let backends = ServiceBackends(service: service, pods: manager.cache.list(.pods, namespace: key.namespace))
        let endpoints: JSONValue = backends.backends.isEmpty ? .null : .array(backends.backends.map { backend in
            var endpoint: [String: JSONValue] = [
                "addresses": [.string(backend.ip)],
                "conditions": [
                    "ready": .bool(backend.ready && !backend.terminating), "serving": .bool(backend.ready),
                    "terminating": .bool(backend.terminating),
                ],
                "targetRef": [
                    "kind": "Pod", "namespace": .string(backend.pod.namespace), "name": .string(backend.pod.name),
                    "uid": .string(backend.pod.uid),
                ],
            ]
            if !backend.pod.nodeName.isEmpty { endpoint["nodeName"] = .string(backend.pod.nodeName) }
            return .object(endpoint)
        })
        let ports: JSONValue = .array(backends.ports.map { port in
            var entry: [String: JSONValue] = ["port": .int(port.port), "protocol": .string(port.protocolName)]
            entry["name"] = .string(port.name ?? "")
            return .object(entry)
        })
        var labels = service[path: "metadata", "labels"]?.objectValue ?? [:]
        labels["kubernetes.io/service-name"] = .string(key.name)
        labels["endpointslice.kubernetes.io/managed-by"] = .string(Self.managedBy)
        if let slice = slices.first {
            for extra in slices.dropFirst() {
                await manager.delete(SimResource.endpointslices, namespace: key.namespace, name: extra.name)
            }
            guard slice["endpoints"] != endpoints || slice["ports"] != ports else { return }
            var updated = slice
            updated["endpoints"] = endpoints
            updated["ports"] = ports
            updated.setValue(nil, at: ["metadata", "resourceVersion"])
            _ = try? await manager.store.update(SimResource.endpointslices, namespace: key.namespace, updated)
            return
        }
        let slice: JSONValue = [
            "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
            "metadata": [
                "name": .string(manager.generatedName(prefix: "\(key.name)-")), "generateName": .string("\(key.name)-"),
                "namespace": .string(key.namespace), "labels": .object(labels),
                "ownerReferences": [SimObjects.ownerReference(to: service)],
            ],
            "addressType": "IPv4", "endpoints": endpoints, "ports": ports,
        ]
        _ = await manager.create(SimResource.endpointslices, slice)
    }
}
