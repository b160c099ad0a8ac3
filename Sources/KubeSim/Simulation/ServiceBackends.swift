import Foundation
import KubeModels

/// The pods behind a Service and the ports they serve, shared by the endpoints and endpointslice
/// controllers.
struct ServiceBackends {
    /// One selected pod with an IP.
    struct Backend {
        var pod: JSONValue
        var ip: String
        var ready: Bool
        var terminating: Bool
    }

    /// One resolved service port (`targetPort` looked up in the pods' container ports by name).
    struct Port: Equatable {
        var name: String?
        var port: Int64
        var protocolName: String
    }

    var backends: [Backend] = []
    var ports: [Port] = []

    /// The Service's selector, nil when it has none (endpoints are then managed by hand).
    static func selector(of service: JSONValue) -> [String: String]? {
        guard let fields = service[path: "spec", "selector"]?.objectValue, !fields.isEmpty else { return nil }
        var selector: [String: String] = [:]
        for (key, value) in fields { selector[key] = value.stringValue ?? value.scalarText }
        return selector
    }

    static func selects(_ service: JSONValue, _ pod: JSONValue) -> Bool {
        guard let selector = selector(of: service), service.namespace == pod.namespace else { return false }
        let labels = pod.labels
        return selector.allSatisfy { labels[$0.key] == $0.value }
    }

    init(service: JSONValue, pods: [JSONValue]) {
        let publishNotReady = service[path: "spec", "publishNotReadyAddresses"]?.boolValue == true
        for pod in pods where Self.selects(service, pod) {
            guard let ip = pod[path: "status", "podIP"]?.stringValue, !ip.isEmpty else { continue }
            guard pod.podPhase != "Succeeded", pod.podPhase != "Failed" else { continue }
            backends.append(Backend(pod: pod, ip: ip, ready: pod.isReadyPod || publishNotReady, terminating: pod.isBeingDeleted))
        }
        backends.sort { $0.pod.name < $1.pod.name }
        let sample = backends.first?.pod
        for port in service[path: "spec", "ports"]?.arrayValue ?? [] {
            let protocolName = port["protocol"]?.stringValue ?? "TCP"
            var number: Int64?
            if let target = port["targetPort"] {
                if let value = target.intValue {
                    number = value
                } else if let name = target.stringValue {
                    number = Int64(name) ?? sample.flatMap { Self.containerPort(named: name, in: $0) }
                }
            } else {
                number = port["port"]?.intValue
            }
            guard let number else { continue }
            ports.append(Port(name: port["name"]?.stringValue, port: number, protocolName: protocolName))
        }
    }

    static func containerPort(named name: String, in pod: JSONValue) -> Int64? {
        for container in pod[path: "spec", "containers"]?.arrayValue ?? [] {
            for port in container["ports"]?.arrayValue ?? [] where port["name"]?.stringValue == name {
                return port["containerPort"]?.intValue
            }
        }
        return nil
    }

    /// The services of a namespace that select a pod (before or after a change).
    static func services(selecting pods: [JSONValue], in cache: ObjectCache) -> [ObjectKey] {
        guard let namespace = pods.first?.namespace else { return [] }
        return cache.list(.services, namespace: namespace).filter { service in
            pods.contains { selects(service, $0) }
        }.map { ObjectKey(namespace: $0.namespace, name: $0.name) }
    }
}
