import KubeModels
import Testing

@Suite("Label selectors")
struct SelectorTests {
    let labels = ["app": "web", "tier": "frontend", "env": "prod"]

    @Test("matchLabels and matchExpressions")
    func labelSelector() {
        #expect(LabelSelector(matchLabels: ["app": "web"]).matches(labels))
        #expect(!LabelSelector(matchLabels: ["app": "api"]).matches(labels))
        #expect(LabelSelector().matches(labels), "an empty selector matches everything")
        let expressions = LabelSelector(matchExpressions: [
            LabelSelectorRequirement(key: "env", operator: .in, values: ["prod", "staging"]),
            LabelSelectorRequirement(key: "tier", operator: .notIn, values: ["backend"]),
            LabelSelectorRequirement(key: "app", operator: .exists),
            LabelSelectorRequirement(key: "canary", operator: .doesNotExist),
        ])
        #expect(expressions.matches(labels))
        #expect(!LabelSelector(matchExpressions: [LabelSelectorRequirement(key: "canary", operator: .exists)]).matches(labels))
        #expect(LabelSelector(matchExpressions: [LabelSelectorRequirement(key: "canary", operator: .notIn, values: ["x"])]).matches(labels))
        #expect(!LabelSelector(matchLabels: ["app": "web"]).matches(nil))
    }

    @Test("selector strings as in ?labelSelector=")
    func parsedSelector() throws {
        #expect(try SelectorExpression(parsing: "app=web,tier!=backend").matches(labels: labels))
        #expect(try SelectorExpression(parsing: "app==web").matches(labels: labels))
        #expect(try SelectorExpression(parsing: "env in (prod, staging),app").matches(labels: labels))
        #expect(try !SelectorExpression(parsing: "env notin (prod)").matches(labels: labels))
        #expect(try SelectorExpression(parsing: "!canary").matches(labels: labels))
        #expect(try !SelectorExpression(parsing: "app=api").matches(labels: labels))
        #expect(try SelectorExpression(parsing: "").matches(labels: labels))
        let fields = ["metadata.name": "web-1", "status.phase": "Running"]
        #expect(try SelectorExpression(parsing: "status.phase!=Succeeded,metadata.name=web-1").matches { fields[$0] })
    }

    @Test("round trip to query string")
    func queryString() throws {
        let selector = LabelSelector(
            matchLabels: ["app": "web"],
            matchExpressions: [LabelSelectorRequirement(key: "env", operator: .in, values: ["prod", "dev"])])
        #expect(selector.queryString == "app=web,env in (dev,prod)")
        #expect(try SelectorExpression(parsing: selector.queryString).matches(labels: labels))
    }

    @Test("malformed selectors are rejected")
    func malformed() {
        #expect(throws: KubeModelError.self) { try SelectorExpression(parsing: "env in prod") }
        #expect(throws: KubeModelError.self) { try SelectorExpression(parsing: "=web") }
    }
}
