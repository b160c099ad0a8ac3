import KubeModels
import Testing

@Suite("Glob")
struct GlobTests {
    @Test("* matches any run, ? one character unless turned off")
    func wildcards() {
        #expect(Glob.matches("kars-research", pattern: "kars-*"))
        #expect(Glob.matches("kars-", pattern: "kars-*"))
        #expect(!Glob.matches("kube-system", pattern: "kars-*"))
        #expect(Glob.matches("tool:describe:deployment/web", pattern: "tool:*:*"))
        #expect(Glob.matches("team-a", pattern: "team-?"))
        #expect(!Glob.matches("team-ab", pattern: "team-?"))
        #expect(!Glob.matches("team-a", pattern: "team-?", questionMark: false))
        #expect(Glob.matches("team-?", pattern: "team-?", questionMark: false))
        #expect(Glob.matches("a*b*c", pattern: "a*c"))
        #expect(!Glob.matches("abc", pattern: ""))
    }
}
