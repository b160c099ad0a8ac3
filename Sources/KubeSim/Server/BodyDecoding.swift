import KubeModels
import Yams

/// Request bodies in JSON or YAML (server-side apply and some clients send YAML).
enum BodyDecoding {
    static func decode(_ bytes: [UInt8], contentType: String?) throws(APIError) -> JSONValue {
        if ProtobufDecoding.isProtobuf(contentType) || bytes.starts(with: [0x6B, 0x38, 0x73, 0x00]) {
            return try ProtobufDecoding.decode(bytes)
        }
        let trimmed = bytes.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if let first = trimmed.first, first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            do { return try JSONReader.parse(bytes) } catch {
                throw APIError.badRequest("the body of the request could not be decoded as JSON: \(error)")
            }
        }
        if trimmed.isEmpty { return .null }
        do {
            guard let node = try Yams.compose(yaml: String(decoding: bytes, as: UTF8.self)) else { return .null }
            return fromYAML(node)
        } catch {
            throw APIError.badRequest("error converting YAML to JSON: \(error)")
        }
    }

    static func fromYAML(_ node: Yams.Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style != .plain { return .string(scalar.string) }
            if node.null != nil { return .null }
            if let number = node.int { return .int(Int64(number)) }
            if let flag = node.bool { return .bool(flag) }
            if let number = node.float { return .double(number) }
            return .string(scalar.string)
        case .mapping(let mapping):
            var fields: [String: JSONValue] = [:]
            for (key, value) in mapping {
                fields[key.string ?? ""] = fromYAML(value)
            }
            return .object(fields)
        case .sequence(let sequence):
            return .array(sequence.map(fromYAML))
        case .alias:
            return .null
        }
    }
}
