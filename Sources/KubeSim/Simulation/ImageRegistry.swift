import Foundation
import KubeModels

/// How a simulated container behaves once started.
public enum ContainerBehavior: String, Sendable, CaseIterable {
    /// Runs and becomes ready (after its readiness probe's initial delay, if any).
    case normal
    /// Exits with code 1 shortly after starting: CrashLoopBackOff.
    case crash
    /// Is killed for exceeding its memory limit (exit 137, `OOMKilled`): CrashLoopBackOff.
    case oom
    /// Runs but its readiness probe fails (`HTTP probe failed with statuscode: 503`).
    case readinessFail = "readiness-fail"
    /// Becomes ready only after a long start (`kubesim.kars.azure.com/start-seconds`, default 60).
    case slowStart = "slow-start"
    /// Runs to completion (exit 0), as a batch container does.
    case complete
}

/// The simulator's container registry: which image references resolve, and how containers of an
/// image behave.
///
/// An image resolves when it is listed in `images`, or when its repository is listed in `tags` and
/// its tag is one of the repository's known tags. Anything else fails to pull with the real
/// `NotFound` message of containerd. Digests resolve when the repository is known.
public struct ImageRegistry: Sendable {
    /// What the registry knows about one image.
    public struct Image: Sendable {
        public var behavior: ContainerBehavior
        /// Memory the container needs: a memory limit below it gets the container OOM-killed.
        public var workingSetBytes: Int64?
        /// The termination message of a crashing container.
        public var exitMessage: String?
        /// What the container logs (served by `pods/log`).
        public var log: String?
        public var sizeBytes: Int64

        public init(
            behavior: ContainerBehavior = .normal, workingSetBytes: Int64? = nil, exitMessage: String? = nil,
            log: String? = nil, sizeBytes: Int64 = 48_211_417
        ) {
            self.behavior = behavior
            self.workingSetBytes = workingSetBytes
            self.exitMessage = exitMessage
            self.log = log
            self.sizeBytes = sizeBytes
        }
    }

    /// The outcome of resolving a reference.
    public enum Resolution: Sendable {
        case found(Image)
        case notFound(message: String)
        case invalid(message: String)
    }

    /// Fully qualified reference (`docker.io/library/nginx:1.25.3`) → image.
    public var images: [String: Image]
    /// Fully qualified repository (`docker.io/library/nginx`) → known tags.
    public var tags: [String: Set<String>]

    public init(images: [String: Image] = ImageRegistry.defaultImages, tags: [String: Set<String>] = ImageRegistry.defaultTags) {
        self.images = [:]
        self.tags = [:]
        for (reference, image) in images { self.images[Self.normalize(reference)] = image }
        for (repository, known) in tags { self.tags[Self.normalize(repository + ":x").dropLastTag, default: []].formUnion(known) }
    }

    /// Adds (or replaces) an image.
    public mutating func add(_ reference: String, _ image: Image = Image()) {
        images[Self.normalize(reference)] = image
    }

    public func resolve(_ reference: String) -> Resolution {
        let repository = Self.repositoryPart(reference)
        if reference.isEmpty || reference.contains(where: \.isWhitespace) || repository != repository.lowercased()
            || reference.hasSuffix(":")
        {
            return .invalid(
                message: "Failed to apply default image tag \"\(reference)\": couldn't parse image name \"\(reference)\": invalid reference format: repository name (\(Self.shortRepository(repository))) must be lowercase")
        }
        let full = Self.normalize(reference)
        if let image = images[full] { return .found(image) }
        let fullRepository = full.dropLastTag
        if full.contains("@sha256:"),
            tags[fullRepository] != nil || images.keys.contains(where: { $0.dropLastTag == fullRepository })
        {
            return .found(Image())
        }
        if let tag = full.tagPart, tags[fullRepository]?.contains(tag) == true { return .found(Image()) }
        return .notFound(
            message: "rpc error: code = NotFound desc = failed to pull and unpack image \"\(full)\": failed to resolve reference \"\(full)\": \(full): not found")
    }

    /// `docker.io/library/nginx:latest` for `nginx`, as containerd normalizes a reference.
    public static func normalize(_ reference: String) -> String {
        var name = reference
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        let first = parts.first.map(String.init) ?? ""
        let hasRegistry = parts.count > 1 && (first.contains(".") || first.contains(":") || first == "localhost")
        if !hasRegistry {
            name = parts.count == 1 ? "docker.io/library/\(name)" : "docker.io/\(name)"
        }
        let lastComponent = name.split(separator: "/").last.map(String.init) ?? name
        if !lastComponent.contains(":"), !name.contains("@") { name += ":latest" }
        return name
    }

    static func repositoryPart(_ reference: String) -> String {
        var name = reference
        if let at = name.firstIndex(of: "@") { name = String(name[..<at]) }
        if let slash = name.lastIndex(of: "/"), let colon = name.lastIndex(of: ":"), colon > slash {
            name = String(name[..<colon])
        } else if !name.contains("/"), let colon = name.lastIndex(of: ":") {
            name = String(name[..<colon])
        }
        return name
    }

    static func shortRepository(_ repository: String) -> String {
        repository.contains("/") ? repository : "library/\(repository)"
    }

    /// A stable image digest for a reference (`imageID` of container statuses).
    static func digest(of reference: String) -> String {
        var hasher = Hasher64()
        hasher.combine(reference)
        var digest = ""
        var seed = hasher.value
        while digest.count < 64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            digest += String(seed >> 16, radix: 16)
        }
        return String(digest.prefix(64))
    }

    /// Parses the `data.images` of the `kube-system/kubesim-images` ConfigMap: one image a line,
    /// optionally followed by a behaviour and `memory=QUANTITY`
    /// (`ghcr.io/acme/api:2.0.0 crash`, `ghcr.io/acme/worker:7.3.0 memory=300Mi`).
    public mutating func merge(configMapLines text: String) {
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init).filter { !$0.isEmpty }
            guard let reference = words.first, !reference.hasPrefix("#") else { continue }
            var image = Image()
            for word in words.dropFirst() {
                if let behavior = ContainerBehavior(rawValue: word) {
                    image.behavior = behavior
                } else if word.hasPrefix("memory=") {
                    image.workingSetBytes = ResourceAmounts.bytes(.string(String(word.dropFirst("memory=".count))))
                }
            }
            add(reference, image)
        }
    }

    /// The images the simulator knows out of the box: common public images, the KARS platform's
    /// images, and the images of the staged incidents.
    public static let defaultImages: [String: Image] = [
        "karsacr.azurecr.io/hermes-sandbox:0.16.0": Image(sizeBytes: 512_331_912),
        "karsacr.azurecr.io/hermes-sandbox:0.15.2": Image(sizeBytes: 509_112_004),
        "karsacr.azurecr.io/inference-router:0.9.2": Image(sizeBytes: 61_223_118),
        "karsacr.azurecr.io/kars-controller:0.9.2": Image(sizeBytes: 45_120_334),
        "ghcr.io/acme/payments-api:1.9.4": Image(log: "listening on :8080\n"),
        "ghcr.io/acme/payments-api:2.0.0": Image(
            behavior: .crash, exitMessage: "panic: failed to load config: missing field listen_addr",
            log: "loading config from /etc/payments/config.yaml\npanic: failed to load config: missing field listen_addr\n"),
        "ghcr.io/acme/checkout:3.3.0": Image(),
        "ghcr.io/acme/worker:7.3.0": Image(workingSetBytes: 300 * 1024 * 1024, log: "processing batch 1\n"),
        "ghcr.io/acme/trainer:4.2.0": Image(),
        "ghcr.io/acme/billing:3.1.0": Image(),
        "ghcr.io/acme/catalog:2.4.1": Image(),
        "registry.k8s.io/coredns/coredns:v1.11.3": Image(log: ".:53\nCoreDNS-1.11.3\n"),
        "registry.k8s.io/pause:3.10": Image(sizeBytes: 320_368),
    ]

    /// Known tags per repository.
    public static let defaultTags: [String: Set<String>] = [
        "nginx": ["1.25.3", "1.25.4", "1.25.5", "1.26.2", "1.27.0", "1.27.3", "stable", "latest", "alpine", "1.25.3-alpine"],
        "postgres": ["16.4", "16.6", "17.2", "latest"],
        "redis": ["7.2.5", "7.4.1", "7.4.2", "latest"],
        "busybox": ["1.36", "1.37", "latest"],
        "python": ["3.12-slim", "3.13-slim", "latest"],
        "curlimages/curl": ["8.11.1", "latest"],
        "registry.k8s.io/e2e-test-images/agnhost": ["2.52"],
    ]
}

extension String {
    /// The reference without its tag or digest.
    fileprivate var dropLastTag: String {
        var name = self
        if let at = name.firstIndex(of: "@") { return String(name[..<at]) }
        if let slash = name.lastIndex(of: "/"), let colon = name.lastIndex(of: ":"), colon > slash {
            name = String(name[..<colon])
        }
        return name
    }

    fileprivate var tagPart: String? {
        guard !contains("@"), let slash = lastIndex(of: "/"), let colon = lastIndex(of: ":"), colon > slash else { return nil }
        return String(self[index(after: colon)...])
    }
}

/// FNV-1a over UTF-8, for stable ids derived from names.
struct Hasher64 {
    private(set) var value: UInt64 = 14_695_981_039_346_656_037

    mutating func combine(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 1_099_511_628_211
        }
    }
}
