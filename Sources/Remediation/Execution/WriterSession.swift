import Foundation
import KubeAPI
import KubeModels

/// Runs one piece of work as the writer identity with least privilege: checks the rules against
/// the ceilings, creates the one-shot Role and RoleBinding in the target namespace, mints a
/// 10-minute token, runs the work with a client that carries only that token, and deletes the
/// Role and RoleBinding on every path (what a crash leaves, the sweep removes).
public struct WriterSession: Sendable {
    public var reader: KubeClient
    public var writer: WriterIdentity
    public var factory: any WriterClientFactory
    public var ceilings: WriterCeilings
    public var hook: any ExecutionHook
    public var active: ActiveGrants
    public var log: RemediationLogger

    public init(
        reader: KubeClient, writer: WriterIdentity, factory: any WriterClientFactory,
        ceilings: WriterCeilings = WriterCeilings(), hook: any ExecutionHook = NoExecutionHook(),
        active: ActiveGrants = ActiveGrants(), log: @escaping RemediationLogger = RemediationLog.standardError
    ) {
        self.reader = reader
        self.writer = writer
        self.factory = factory
        self.ceilings = ceilings
        self.hook = hook
        self.active = active
        self.log = log
    }

    /// Runs `body` with a writer client holding exactly `rules` in `namespace`.
    public func run<T: Sendable>(
        action: String, namespace: String, purpose: OneShotGrant.Purpose, rules: [PolicyRule],
        body: @Sendable (KubeClient) async throws -> T
    ) async throws -> T {
        try await ceilings.check(rules, reader: reader)
        let grant = OneShotGrant(actionName: action, namespace: namespace, purpose: purpose, rules: rules, writer: writer)
        await active.insert(grant.key)
        do {
            let result = try await runGranted(grant, action: action, body: body)
            await active.remove(grant.key)
            return result
        } catch {
            await revoke(grant, action: action, reportSteps: false)
            await active.remove(grant.key)
            throw error
        }
    }

    private func runGranted<T: Sendable>(
        _ grant: OneShotGrant, action: String, body: @Sendable (KubeClient) async throws -> T
    ) async throws -> T {
        _ = try await reader.create(.roles, typed: grant.role, namespace: grant.namespace)
        try await hook.reached(.roleCreated, action: action)
        _ = try await reader.create(.roleBindings, typed: grant.binding, namespace: grant.namespace)
        try await hook.reached(.bindingCreated, action: action)
        let token = try await reader.createToken(
            serviceAccount: writer.serviceAccount, namespace: writer.namespace, expirationSeconds: writer.tokenSeconds)
        try await hook.reached(.tokenMinted, action: action)
        let client = try factory.client(token: token.token)
        let result: T
        do {
            result = try await body(client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try? await client.shutdown()
        await revoke(grant, action: action, reportSteps: true)
        return result
    }

    /// Deletes the RoleBinding, then the Role (a few tries each; NotFound is success). Failures are
    /// logged and left to the sweep.
    func revoke(_ grant: OneShotGrant, action: String, reportSteps: Bool) async {
        let bindingGone = await deleteWithRetries(.roleBindings, grant)
        if reportSteps, bindingGone { try? await hook.reached(.bindingDeleted, action: action) }
        let roleGone = await deleteWithRetries(.roles, grant)
        if reportSteps, roleGone { try? await hook.reached(.roleDeleted, action: action) }
    }

    private func deleteWithRetries(_ resource: APIResource, _ grant: OneShotGrant) async -> Bool {
        for attempt in 0..<4 {
            do {
                try await reader.delete(resource, name: grant.name, namespace: grant.namespace)
                return true
            } catch let error as KubeAPIError where error.isNotFound {
                return true
            } catch {
                if attempt == 3 {
                    log("could not delete one-shot \(resource.kind) \(grant.key) (left to the sweep): \(error)")
                    return false
                }
                try? await Task.sleep(for: .milliseconds(100 * (attempt + 1)))
            }
        }
        return false
    }
}
