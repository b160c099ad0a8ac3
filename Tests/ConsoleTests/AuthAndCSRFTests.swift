import Console
import Foundation
import KubeModels
import Remediation
import Testing

@testable import KubeSim

/// In-cluster mode: TokenReview + SubjectAccessReview decide who may look and who may decide;
/// every POST needs a CSRF token (or a bearer header and no cookies) and a same-origin Origin.
@Suite("Console: authentication, authorization and CSRF")
struct AuthAndCSRFTests {
    static func start() async throws -> ConsoleHarness {
        let harness = try await ConsoleHarness.start(auth: .tokenReview)
        try await harness.sim.store.seed(ActionFixtures.action(name: "deleteresourcequota-auth"))
        _ = try await eventually { await harness.server.service.cachedActions().count == 1 }
        return harness
    }

    @Test func withoutATokenPagesRedirectToSignInAndTheAPIAnswers401() async throws {
        let harness = try await Self.start()
        let page = try await harness.get("/")
        #expect(page.status == 303)
        #expect(page.header("location") == ["/login"])
        #expect(try await harness.get("/api/actions").status == 401)
        #expect(try await harness.get("/events").status == 401)
        #expect(try await harness.get("/api/actions", headers: [("Authorization", "Bearer not-a-token")]).status == 401)
        // Probes need no token.
        #expect(try await harness.get("/healthz").status == 200)
        #expect(try await harness.get("/readyz").status == 200)
        await harness.stop()
    }

    @Test func anAuthenticatedUserWithoutRightsIsForbidden() async throws {
        let harness = try await Self.start()
        let token = try await harness.token(for: "mallory")
        let reply = try await harness.get("/api/actions", headers: [("Authorization", "Bearer \(token)")])
        #expect(reply.status == 403)
        #expect(reply.body.contains("mallory may not list karssreactions"), "\(reply.body)")
        await harness.stop()
    }

    @Test func aViewerCanLookButApprovingIsRefusedAndChangesNothing() async throws {
        let harness = try await Self.start()
        let token = try await harness.token(for: "victor", clusterRole: "console-viewer")
        let browser = BrowserSession(harness)
        _ = try await browser.get("/login")
        let login = try await browser.post("/login", form: ["csrf": browser.csrf ?? "", "token": token])
        #expect(login.status == 303, "\(login.body)")
        #expect(browser.cookies["kars_token"] == token)
        let page = try await browser.get("/")
        #expect(page.status == 200)
        #expect(page.body.contains("deleteresourcequota-auth"))
        #expect(page.body.contains("disabled title=\"Your identity may not approve or reject actions\""))
        let refused = try await browser.decide("deleteresourcequota-auth", "approve")
        #expect(refused.status == 403)
        #expect(refused.json["message"]?.stringValue?.contains("victor may not approve") == true, "\(refused.body)")
        let action = try await ActionClient(client: harness.admin).get("deleteresourcequota-auth")
        #expect(action.spec.approvalState == .pending)
        await harness.stop()
    }

    @Test func anApproverDecidesAndTheReviewedUserIsRecorded() async throws {
        let harness = try await Self.start()
        let token = try await harness.token(for: "alice", clusterRole: "kars:sre-approver")
        // A bearer header without cookies (a script, not a browser) needs no CSRF token.
        let reply = try await harness.request(
            "/api/actions/deleteresourcequota-auth/reject", method: "POST",
            headers: [("Authorization", "Bearer \(token)")], body: "reason=not+now")
        #expect(reply.status == 200, "\(reply.body)")
        let action = try await ActionClient(client: harness.admin).get("deleteresourcequota-auth")
        #expect(action.spec.approval?.state == "Rejected")
        #expect(action.spec.approval?.by == "alice")
        #expect(action.spec.approval?.verified == true)
        #expect(action.spec.approval?.reason == "not now")
        await harness.stop()
    }

    @Test func postsWithoutAGenuineSameOriginCSRFTokenAreRefused() async throws {
        let harness = try await Self.start()
        let token = try await harness.token(for: "alice", clusterRole: "kars:sre-approver")
        let browser = BrowserSession(harness)
        _ = try await browser.get("/login")
        _ = try await browser.post("/login", form: ["csrf": browser.csrf ?? "", "token": token])
        _ = try await browser.get("/")
        let genuine = try #require(browser.csrf)

        // Cookie credentials but no token, a token that is not the cookie's, a forged one.
        let noToken = try await browser.post("/actions/deleteresourcequota-auth/approve", form: [:], extra: [("Accept", "application/json")])
        #expect(noToken.status == 403)
        let other = CSRFGuard(secret: Array(repeating: 7, count: 32)).issue()
        let forged = try await browser.post(
            "/actions/deleteresourcequota-auth/approve", form: ["csrf": other], extra: [("Accept", "application/json")])
        #expect(forged.status == 403)
        #expect(forged.json["message"]?.stringValue?.contains("CSRF") == true)
        // The right token from another site's page.
        let crossSite = try await browser.post(
            "/actions/deleteresourcequota-auth/approve", form: ["csrf": genuine],
            extra: [("Accept", "application/json"), ("Origin", "https://evil.example")])
        #expect(crossSite.status == 403)
        #expect(crossSite.json["message"]?.stringValue?.contains("cross-origin") == true)
        let fetchSite = try await browser.post(
            "/actions/deleteresourcequota-auth/approve", form: ["csrf": genuine],
            extra: [("Accept", "application/json"), ("Sec-Fetch-Site", "cross-site")])
        #expect(fetchSite.status == 403)
        // A bearer header does not exempt a request that also carries cookies.
        let mixed = try await harness.request(
            "/api/actions/deleteresourcequota-auth/approve", method: "POST",
            headers: browser.cookieHeader + [("Authorization", "Bearer \(token)")], body: "")
        #expect(mixed.status == 403)
        #expect(try await ActionClient(client: harness.admin).get("deleteresourcequota-auth").spec.approvalState == .pending)

        // Without JavaScript: the form posts, and the answer redirects back to the console.
        let plain = try await browser.post("/actions/deleteresourcequota-auth/approve", form: ["csrf": genuine])
        #expect(plain.status == 303)
        #expect(plain.header("location") == ["/?done=approved"])
        let approved = try await ActionClient(client: harness.admin).get("deleteresourcequota-auth")
        #expect(approved.spec.approval?.by == "alice")
        // Approving twice is a conflict, not a silent success.
        let again = try await browser.decide("deleteresourcequota-auth", "approve")
        #expect(again.status == 409)
        #expect(again.json["message"]?.stringValue?.contains("cannot be approved") == true, "\(again.body)")
        await harness.stop()
    }

    @Test func signingInWithAnUnknownTokenFails() async throws {
        let harness = try await Self.start()
        let browser = BrowserSession(harness)
        _ = try await browser.get("/login")
        let reply = try await browser.post("/login", form: ["csrf": browser.csrf ?? "", "token": "nope"])
        #expect(reply.status == 401)
        #expect(browser.cookies["kars_token"] == nil)
        await harness.stop()
    }
}
