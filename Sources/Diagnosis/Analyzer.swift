/// One analyzer per finding class: reads the context, returns findings for current trouble only.
public protocol Analyzer: Sendable {
    var findingClass: FindingClass { get }
    func analyze(_ context: AnalysisContext) -> [Finding]
}
