import Foundation

/// Generates a realistic `kubectl get -o json` List: Deployments with ReplicaSets and pods spread
/// over namespaces and nodes, a few broken workloads, and many events.
enum SyntheticCluster {
    static func listJSON(pods podCount: Int, events eventCount: Int) -> Data {
        var items: [String] = []
        items.reserveCapacity(podCount + eventCount + podCount / 5)
        let namespaces = max(1, podCount / 200)
        let nodes = max(3, podCount / 50)
        for node in 0..<nodes {
            items.append(#"{"apiVersion":"v1","kind":"Node","metadata":{"name":"node-\#(node)","uid":"n\#(node)","creationTimestamp":"2026-11-01T00:00:00Z"},"status":{"allocatable":{"cpu":"8","memory":"32Gi","pods":"110"},"conditions":[{"type":"Ready","status":"True","reason":"KubeletReady","lastHeartbeatTime":"2026-11-28T09:59:00Z","lastTransitionTime":"2026-11-01T00:00:00Z"}]}}"#)
        }
        for namespace in 0..<namespaces {
            items.append(#"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ns-\#(namespace)","uid":"ns\#(namespace)"}}"#)
        }
        let podsPerDeployment = 5
        let deployments = podCount / podsPerDeployment
        var podIndex = 0
        for deployment in 0..<deployments {
            let namespace = "ns-\(deployment % namespaces)"
            let name = "app-\(deployment)"
            let broken = deployment % 97 == 0
            let image = broken ? "ghcr.io/acme/\(name):1.0.01" : "ghcr.io/acme/\(name):1.0.0"
            let available = broken ? 4 : 5
            items.append(#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"\#(name)","namespace":"\#(namespace)","uid":"d\#(deployment)","annotations":{"deployment.kubernetes.io/revision":"1"}},"spec":{"replicas":5,"selector":{"matchLabels":{"app":"\#(name)"}},"template":{"metadata":{"labels":{"app":"\#(name)"}},"spec":{"containers":[{"name":"main","image":"\#(image)","ports":[{"containerPort":8080}],"resources":{"requests":{"cpu":"100m","memory":"128Mi"},"limits":{"memory":"256Mi"}}}]}}},"status":{"replicas":5,"readyReplicas":\#(available),"availableReplicas":\#(available),"updatedReplicas":5}}"#)
            items.append(#"{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"\#(name)-5d8f7","namespace":"\#(namespace)","uid":"rs\#(deployment)","annotations":{"deployment.kubernetes.io/revision":"1"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"\#(name)","uid":"d\#(deployment)","controller":true}]},"spec":{"replicas":5,"selector":{"matchLabels":{"app":"\#(name)"}}},"status":{"replicas":5,"readyReplicas":\#(available),"availableReplicas":\#(available)}}"#)
            items.append(#"{"apiVersion":"v1","kind":"Service","metadata":{"name":"\#(name)","namespace":"\#(namespace)","uid":"s\#(deployment)"},"spec":{"selector":{"app":"\#(name)"},"ports":[{"port":80,"targetPort":8080}]}}"#)
            for replica in 0..<podsPerDeployment {
                let pod = "\(name)-5d8f7-\(replica)"
                let failing = broken && replica == 0
                let state = failing
                    ? #"{"waiting":{"reason":"ImagePullBackOff","message":"Back-off pulling image \"\#(image)\""}}"#
                    : #"{"running":{"startedAt":"2026-11-28T08:00:00Z"}}"#
                items.append(#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"\#(pod)","namespace":"\#(namespace)","uid":"p\#(podIndex)","creationTimestamp":"2026-11-28T08:00:00Z","labels":{"app":"\#(name)","pod-template-hash":"5d8f7"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"\#(name)-5d8f7","uid":"rs\#(deployment)","controller":true}]},"spec":{"nodeName":"node-\#(podIndex % nodes)","containers":[{"name":"main","image":"\#(image)","ports":[{"containerPort":8080}],"resources":{"requests":{"cpu":"100m","memory":"128Mi"}}}]},"status":{"phase":"\#(failing ? "Pending" : "Running")","conditions":[{"type":"Ready","status":"\#(failing ? "False" : "True")","lastTransitionTime":"2026-11-28T08:01:00Z"}],"containerStatuses":[{"name":"main","image":"\#(image)","ready":\#(!failing),"restartCount":0,"state":\#(state)}]}}"#)
                podIndex += 1
            }
        }
        let reasons = [("Warning", "BackOff", "Back-off restarting failed container"), ("Normal", "Pulled", "Container image already present on machine"),
                       ("Warning", "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503"), ("Normal", "Scheduled", "Successfully assigned")]
        for event in 0..<eventCount {
            let pod = event % max(podIndex, 1)
            let deployment = pod / podsPerDeployment
            let (type, reason, message) = reasons[event % reasons.count]
            let minute = 10 + event % 50
            items.append(#"{"apiVersion":"v1","kind":"Event","metadata":{"name":"e\#(event)","namespace":"ns-\#(deployment % namespaces)","uid":"e\#(event)"},"involvedObject":{"kind":"Pod","namespace":"ns-\#(deployment % namespaces)","name":"app-\#(deployment)-5d8f7-\#(pod % podsPerDeployment)"},"reason":"\#(reason)","message":"\#(message)","type":"\#(type)","count":\#(1 + event % 7),"firstTimestamp":"2026-11-28T09:\#(minute):00Z","lastTimestamp":"2026-11-28T09:\#(minute):30Z","source":{"component":"kubelet"}}"#)
        }
        return Data(("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[" + items.joined(separator: ",") + "]}").utf8)
    }
}

/// Peak resident memory of this process (VmHWM from /proc/self/status).
enum PeakMemory {
    static var megabytes: Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        return kilobytes / 1024
    }
}
