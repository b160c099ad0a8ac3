/// Content safety: with `requirePromptShields` on, a model answer without Azure content-filtering
/// annotations (`prompt_filter_results`) is refused, because it means the deployment's filters did
/// not run on the prompt.
public struct PromptShields: Sendable, Equatable {
    public var required: Bool

    public init(required: Bool = false) { self.required = required }

    public func check(_ response: ChatResponse) throws(LLMError) {
        guard required, !response.hasPromptFilterResults else { return }
        throw .contentSafety(
            "refused: requirePromptShields is on, but the model's answer carries no prompt_filter_results "
                + "annotations (Azure content filtering with Prompt Shields did not run on this request). Use an Azure "
                + "OpenAI deployment with a content filter, or turn requirePromptShields off.")
    }
}
