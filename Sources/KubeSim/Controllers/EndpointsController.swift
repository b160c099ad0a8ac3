import Foundation
import KubeModels

/// The endpoints controller: a v1 `Endpoints` object per Service with a selector, listing the IPs of
/// the selected pods (`addresses` when Ready, `notReadyAddresses` otherwise; terminating pods left
/// out) with their node and `targetRef`, and the Service's ports resolved against the pods'
/// container ports. A Service whose pods are all gone has an Endpoints object without subsets.
final class EndpointsController: SimController {
    let name = "endpoint-controller"
    let watches: Set<GroupResource> = [.services, .pods]

    func handle(_ change: CacheChange, manager: isolated ControllerManager) {
        if change.resource == .services {
            manager.enqueue(self, change.key)
            return
        }
        let pods = [change.object, change.old].compactMap { $0 }
        for key in ServiceBackends.services(selecting: pods, in: manager.cache) { manager.enqueue(self, key) }
    }

    func reconcile(_ key: ObjectKey, manager: isolated ControllerManager) async {
        let existing = manager.cache.get(SimResource.endpoints, key)
        guard let service = manager.cache.get(.services, key), !service.isBeingDeleted else {
            if let existing, existing.labels["endpoints.kubernetes.io/managed-by"] == "endpoint-controller" {
                await manager.delete(SimResource.endpoints, namespace: key.namespace, name: key.name)
            }
            return
        }
        guard ServiceBackends.selector(of: service) != nil else { return }
        let backends = ServiceBackends(service: service, pods: manager.cache.list(.pods, namespace: key.namespace))
        func address(_ backend: ServiceBackends.Backend) -> JSONValue {
            var address: [String: JSONValue] = [
                "ip": .string(backend.ip),
                "targetRef": [
                    "kind": "Pod", "namespace": .string(backend.pod.namespace), "name": .string(backend.pod.name),
                    "uid": .string(backend.pod.uid),
                ],
            ]
            if !backend.pod.nodeName.isEmpty { address["nodeName"] = .string(backend.pod.nodeName) }
            return .object(address)
        }
        let live = backends.backends.filter { !$0.terminating }
        let ready = live.filter(\.ready).map(address)
        let notReady = live.filter { !$0.ready }.map(address)
        var subsets: [JSONValue] = []
        if !live.isEmpty, !backends.ports.isEmpty {
            var subset: [String: JSONValue] = [
                "ports": .array(backends.ports.map { port in
                    var entry: [String: JSONValue] = ["port": .int(port.port), "protocol": .string(port.protocolName)]
                    if let name = port.name { entry["name"] = .string(name) }
                    return .object(entry)
                })
            ]
            if !ready.isEmpty { subset["addresses"] = .array(ready) }
            if !notReady.isEmpty { subset["notReadyAddresses"] = .array(notReady) }
            subsets.append(.object(subset))
        }
        var labels = service[path: "metadata", "labels"]?.objectValue ?? [:]
        labels["endpoints.kubernetes.io/managed-by"] = "endpoint-controller"
        var endpoints: JSONValue = [
            "apiVersion": "v1", "kind": "Endpoints",
            "metadata": ["name": .string(key.name), "namespace": .string(key.namespace), "labels": .object(labels)],
        ]
        if !subsets.isEmpty { endpoints["subsets"] = .array(subsets) }
        if let existing {
            guard existing["subsets"] != endpoints["subsets"] || existing[path: "metadata", "labels"] != endpoints[path: "metadata", "labels"]
            else { return }
            var updated = existing
            updated["subsets"] = endpoints["subsets"]
            updated.setValue(.object(labels), at: ["metadata", "labels"])
            updated.setValue(SimObjects.time(manager.now), at: ["metadata", "annotations", "endpoints.kubernetes.io/last-change-trigger-time"])
            updated.setValue(nil, at: ["metadata", "resourceVersion"])
            _ = try? await manager.store.update(SimResource.endpoints, namespace: key.namespace, updated)
        } else {
            _ = await manager.create(SimResource.endpoints, endpoints)
        }
    }
}
