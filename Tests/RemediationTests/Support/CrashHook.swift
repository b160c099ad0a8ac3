import Foundation
import KubeModels
import Synchronization

@testable import Remediation

/// A hook that "kills the process" at one step boundary: the process's connection dies (nothing
/// more reaches the API server, not even clean-up) and the step's caller gets an error. Steps of
/// the execution session count only after the intent was recorded (the preview uses the same
/// session steps).
final class CrashHook: ExecutionHook {
    struct SimulatedCrash: Error {}

    let step: ExecutionStep
    let life: ProcessLife
    private let state = Mutex<(sawIntent: Bool, fired: Bool)>((false, false))

    init(step: ExecutionStep, life: ProcessLife) {
        self.step = step
        self.life = life
    }

    var fired: Bool { state.withLock { $0.fired } }

    func reached(_ reached: ExecutionStep, action: String) async throws {
        let fire = state.withLock { state -> Bool in
            if reached == .intentRecorded { state.sawIntent = true }
            guard !state.fired, reached == step else { return false }
            let sessionStep = ![.previewRecorded, .intentRecorded].contains(reached)
            guard !sessionStep || state.sawIntent else { return false }
            state.fired = true
            return true
        }
        if fire {
            life.kill()
            throw SimulatedCrash()
        }
    }
}

/// Counts what reached the target, from the store's change feed: how many times an action took
/// effect (a quota or pod deleted, an image, replica count or restart stamp changed).
actor ApplicationCounter {
    private var counts: [String: Int] = [:]
    private var task: Task<Void, Never>?

    func start(_ changes: AsyncStream<KubeSimChange>) {
        task = Task {
            for await change in changes { self.record(change) }
        }
    }

    func stop() { task?.cancel() }

    private func record(_ change: KubeSimChange) {
        let key = "\(change.resource)/\(change.namespace)/\(change.name)"
        switch change.type {
        case "DELETED":
            counts[key + "#deleted", default: 0] += 1
        case "MODIFIED":
            guard let old = change.oldObject else { return }
            let new = change.object
            let image = { (object: JSONValueAlias) in object[path: "spec", "template", "spec", "containers"]?[0]?["image"] }
            if image(old) != image(new) { counts[key + "#image", default: 0] += 1 }
            if old[path: "spec", "replicas"] != new[path: "spec", "replicas"] { counts[key + "#replicas", default: 0] += 1 }
            let stamp = { (object: JSONValueAlias) in
                object[path: "spec", "template", "metadata", "annotations", RolloutRestartAction.restartedAtAnnotation]
            }
            if stamp(old) != stamp(new) { counts[key + "#restart", default: 0] += 1 }
        default:
            return
        }
    }

    func count(_ key: String) -> Int { counts[key] ?? 0 }
}
