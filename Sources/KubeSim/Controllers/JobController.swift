import Foundation
import KubeModels

/// The job controller: runs pods until `completions` succeeded, at most `parallelism` at a time.
///
/// Pods get the `job-name`/`controller-uid` labels (and their `batch.kubernetes.io/` forms). When
/// enough pods succeeded the Job gets `Complete=True` and a `Completed` event; when more than
/// `backoffLimit` pods failed, `Failed=True/BackoffLimitExceeded` (`Job has reached the specified
/// backoff limit`), its active pods are deleted. A simulated job container runs for
/// `kubesim.kars.azure.com/run-seconds` (default 5) and exits 0, unless it is staged to crash.
final class JobController: SimController {
    let name = "job-controller"
    let watches: Set<GroupResource> = [SimResource.jobs, .pods]
    static let source = EventSource(component: "job-controller")

    func handle(_ change: CacheChange, manager: isolated ControllerManager) {
        if change.resource == SimResource.jobs {
            manager.enqueue(self, change.key)
            return
        }
        for pod in [change.object, change.old].compactMap({ $0 }) {
            guard let owner = pod.controllerReference, owner["kind"]?.stringValue == "Job", let name = owner["name"]?.stringValue
            else { continue }
            manager.enqueue(self, ObjectKey(namespace: pod.namespace, name: name))
        }
    }

    static func isFinished(_ job: JSONValue) -> Bool {
        ["Complete", "Failed"].contains { job.conditionStatus($0) == "True" }
    }

    func reconcile(_ key: ObjectKey, manager: isolated ControllerManager) async {
        guard let job = manager.cache.get(SimResource.jobs, key), !job.isBeingDeleted, !Self.isFinished(job) else { return }
        if job[path: "spec", "suspend"]?.boolValue == true { return }
        let now = manager.now
        let pods = manager.cache.controlled(by: job.uid, .pods)
        let succeeded = pods.filter { $0.podPhase == "Succeeded" }.count
        let failed = pods.filter { $0.podPhase == "Failed" }.count
        var active = pods.filter(\.isActivePod)
        let completions = Int(job[path: "spec", "completions"]?.intValue ?? 1)
        let parallelism = Int(job[path: "spec", "parallelism"]?.intValue ?? 1)
        let backoffLimit = Int(job[path: "spec", "backoffLimit"]?.intValue ?? 6)
        var status = job["status"]?.objectValue ?? [:]
        if status["startTime"] == nil { status["startTime"] = SimObjects.time(now) }
        var conditions = status["conditions"]?.arrayValue ?? []

        if succeeded >= completions {
            SimObjects.setCondition(&conditions, type: "SuccessCriteriaMet", status: "True", reason: "CompletionsReached", message: "Reached expected number of succeeded pods", now: now, probeTimes: true)
            SimObjects.setCondition(&conditions, type: "Complete", status: "True", reason: "CompletionsReached", message: "Reached expected number of succeeded pods", now: now, probeTimes: true)
            status["completionTime"] = SimObjects.time(now)
            await manager.event(job, reason: "Completed", message: "Job completed", source: Self.source)
        } else if failed > backoffLimit {
            for pod in active { await manager.delete(.pods, namespace: pod.namespace, name: pod.name, uid: pod.uid) }
            active = []
            SimObjects.setCondition(&conditions, type: "FailureTarget", status: "True", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit", now: now, probeTimes: true)
            SimObjects.setCondition(&conditions, type: "Failed", status: "True", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit", now: now, probeTimes: true)
            await manager.event(
                job, type: "Warning", reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit",
                source: Self.source)
        } else {
            let wanted = min(parallelism, completions - succeeded)
            for _ in active.count..<max(wanted, active.count) {
                let template = job[path: "spec", "template"] ?? .object([:])
                let podName = manager.generatedName(prefix: "\(job.name)-")
                var pod = SimObjects.pod(
                    from: template, name: podName, generateName: "\(job.name)-", namespace: job.namespace, owner: job,
                    extraLabels: [
                        "job-name": job.name, "controller-uid": job.uid, "batch.kubernetes.io/job-name": job.name,
                        "batch.kubernetes.io/controller-uid": job.uid,
                    ])
                if pod[path: "spec", "restartPolicy"] == nil { pod.setValue("Never", at: ["spec", "restartPolicy"]) }
                switch await manager.create(.pods, pod) {
                case .success(let created):
                    active.append(created)
                    await manager.event(job, reason: "SuccessfulCreate", message: "Created pod: \(created.name)", source: Self.source)
                case .failure(let error):
                    await manager.event(
                        job, type: "Warning", reason: "FailedCreate", message: "Error creating: \(error.message)", source: Self.source)
                    manager.enqueue(self, key, after: 10)
                }
            }
        }
        status["active"] = active.isEmpty ? nil : .int(Int64(active.count))
        status["succeeded"] = succeeded == 0 ? nil : .int(Int64(succeeded))
        status["failed"] = failed == 0 ? nil : .int(Int64(failed))
        status["ready"] = .int(Int64(active.filter(\.isReadyPod).count))
        status["terminating"] = .int(Int64(pods.filter(\.isBeingDeleted).count))
        status["uncountedTerminatedPods"] = .object([:])
        if !conditions.isEmpty { status["conditions"] = .array(conditions) }
        let newStatus = JSONValue.object(status)
        if job["status"] != newStatus { await manager.writeStatus(SimResource.jobs, job, status: newStatus) }
    }
}
