/// `v1 Service`.
public struct Service: KubeResourceModel, Hashable {
    public static let apiVersion = "v1"
    public static let kind = "Service"
    public var apiVersion: String? = Service.apiVersion
    public var kind: String? = Service.kind
    public var metadata: ObjectMeta
    public var spec: Spec?

    public init(metadata: ObjectMeta, spec: Spec? = nil) {
        self.metadata = metadata
        self.spec = spec
    }

    /// `ServiceSpec`.
    public struct Spec: Codable, Sendable, Hashable {
        public var type: String?
        public var selector: [String: String]?
        public var ports: [Port]?
        public var clusterIP: String?
        public var externalName: String?

        public init(type: String? = nil, selector: [String: String]? = nil, ports: [Port]? = nil) {
            self.type = type
            self.selector = selector
            self.ports = ports
        }
    }

    /// `ServicePort`.
    public struct Port: Codable, Sendable, Hashable {
        public var name: String?
        public var port: Int
        public var targetPort: IntOrString?
        public var `protocol`: String?
        public var nodePort: Int?

        public init(name: String? = nil, port: Int, targetPort: IntOrString? = nil) {
            self.name = name
            self.port = port
            self.targetPort = targetPort
        }
    }
}

/// `discovery.k8s.io/v1 EndpointSlice`.
public struct EndpointSlice: KubeResourceModel, Hashable {
    public static let apiVersion = "discovery.k8s.io/v1"
    public static let kind = "EndpointSlice"
    public var apiVersion: String? = EndpointSlice.apiVersion
    public var kind: String? = EndpointSlice.kind
    public var metadata: ObjectMeta
    public var addressType: String?
    public var endpoints: [Endpoint]?
    public var ports: [Port]?

    public init(metadata: ObjectMeta, addressType: String? = "IPv4", endpoints: [Endpoint]? = nil, ports: [Port]? = nil) {
        self.metadata = metadata
        self.addressType = addressType
        self.endpoints = endpoints
        self.ports = ports
    }

    /// The Service this slice belongs to (`kubernetes.io/service-name` label).
    public var serviceName: String? { labels["kubernetes.io/service-name"] }

    /// One endpoint of a slice.
    public struct Endpoint: Codable, Sendable, Hashable {
        public var addresses: [String]
        public var conditions: Conditions?
        public var targetRef: ObjectReference?
        public var nodeName: String?

        public init(addresses: [String], conditions: Conditions? = nil, targetRef: ObjectReference? = nil, nodeName: String? = nil) {
            self.addresses = addresses
            self.conditions = conditions
            self.targetRef = targetRef
            self.nodeName = nodeName
        }
    }

    /// `EndpointConditions`.
    public struct Conditions: Codable, Sendable, Hashable {
        public var ready: Bool?
        public var serving: Bool?
        public var terminating: Bool?
        public init(ready: Bool? = nil, serving: Bool? = nil, terminating: Bool? = nil) {
            self.ready = ready
            self.serving = serving
            self.terminating = terminating
        }
    }

    /// `EndpointPort`.
    public struct Port: Codable, Sendable, Hashable {
        public var name: String?
        public var port: Int?
        public var `protocol`: String?
        public init(name: String? = nil, port: Int? = nil, protocol: String? = nil) {
            self.name = name
            self.port = port
            self.protocol = `protocol`
        }
    }
}

/// `v1 Endpoints` (the legacy form, still served and still read by older tools).
public struct Endpoints: KubeResourceModel, Hashable {
    public static let apiVersion = "v1"
    public static let kind = "Endpoints"
    public var apiVersion: String? = Endpoints.apiVersion
    public var kind: String? = Endpoints.kind
    public var metadata: ObjectMeta
    public var subsets: [Subset]?

    public init(metadata: ObjectMeta, subsets: [Subset]? = nil) {
        self.metadata = metadata
        self.subsets = subsets
    }

    /// `EndpointSubset`.
    public struct Subset: Codable, Sendable, Hashable {
        public var addresses: [Address]?
        public var notReadyAddresses: [Address]?
        public var ports: [EndpointSlice.Port]?
        public init(addresses: [Address]? = nil, notReadyAddresses: [Address]? = nil, ports: [EndpointSlice.Port]? = nil) {
            self.addresses = addresses
            self.notReadyAddresses = notReadyAddresses
            self.ports = ports
        }
    }

    /// `EndpointAddress`.
    public struct Address: Codable, Sendable, Hashable {
        public var ip: String
        public var nodeName: String?
        public var targetRef: ObjectReference?
        public init(ip: String, nodeName: String? = nil, targetRef: ObjectReference? = nil) {
            self.ip = ip
            self.nodeName = nodeName
            self.targetRef = targetRef
        }
    }
}
