// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "kars-sre",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kars-sre", targets: ["kars-sre"]),
        .executable(name: "kars-sre-bench", targets: ["kars-sre-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .target(name: "KubeModels", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(
            name: "KubeAPI",
            dependencies: [
                "KubeModels",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "ClusterState", dependencies: ["KubeModels", "KubeAPI"]),
        .target(name: "Diagnosis", dependencies: ["KubeModels", "KubeAPI", "ClusterState"]),
        .target(name: "Remediation", dependencies: ["KubeModels", "KubeAPI", "ClusterState", "Diagnosis"]),
        .target(
            name: "Notify",
            dependencies: [
                "KubeModels", "KubeAPI", "Remediation",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        .target(
            name: "Watcher",
            dependencies: [
                "KubeModels", "KubeAPI", "ClusterState", "Diagnosis", "Remediation", "Notify",
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        .target(
            name: "Agent",
            dependencies: [
                "KubeModels", "KubeAPI", "ClusterState", "Diagnosis", "Remediation",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "MCP", package: "swift-sdk"),
            ]
        ),
        .target(
            name: "Console",
            dependencies: [
                "KubeModels", "KubeAPI", "ClusterState", "Diagnosis", "Remediation", "Agent",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Operations",
            dependencies: [
                "KubeModels", "KubeAPI", "Remediation", "Notify", "Watcher", "Agent", "Console",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "KubeSim",
            dependencies: [
                "KubeModels", "KubeAPI",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "kars-sre",
            dependencies: [
                "KubeModels", "KubeAPI", "ClusterState", "Diagnosis", "KubeSim", "Remediation", "Agent", "Console", "Notify",
                "Watcher", "Operations",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "kars-sre-bench",
            dependencies: ["KubeModels", "ClusterState", "Diagnosis", "KubeAPI", "KubeSim", "Remediation", "Notify", "Watcher"],
            swiftSettings: [.define("KUBESIM_BENCH")]
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "KubeModelsTests", dependencies: ["KubeModels"]),
        .testTarget(name: "KubeAPITests", dependencies: ["KubeAPI", "TestSupport"]),
        .testTarget(name: "ClusterStateTests", dependencies: ["ClusterState", "KubeAPI", "TestSupport"]),
        .testTarget(name: "DiagnosisTests", dependencies: ["Diagnosis", "ClusterState", "KubeModels"]),
        .testTarget(name: "KubeSimTests", dependencies: ["KubeSim", "KubeAPI", "KubeModels", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
        .testTarget(name: "OperationsTests", dependencies: ["Operations", "KubeSim", "KubeAPI", "KubeModels", "TestSupport"]),
        .testTarget(name: "NotifyTests", dependencies: ["Notify", "Remediation", "TestSupport"]),
        .testTarget(
            name: "WatcherTests",
            dependencies: [
                "Watcher", "Notify", "Remediation", "KubeSim", "KubeAPI", "KubeModels", "Diagnosis", "TestSupport",
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(
            name: "AgentTests",
            dependencies: [
                "Agent", "Remediation", "KubeSim", "KubeAPI", "KubeModels", "Diagnosis", "ClusterState", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "RemediationTests",
            dependencies: ["Remediation", "KubeSim", "KubeAPI", "KubeModels", "Diagnosis", "ClusterState", "TestSupport"]
        ),
        .testTarget(
            name: "ConsoleTests",
            dependencies: [
                "Console", "Agent", "Remediation", "KubeSim", "KubeAPI", "KubeModels", "ClusterState", "TestSupport",
                "Watcher", "Notify", .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ]
)
