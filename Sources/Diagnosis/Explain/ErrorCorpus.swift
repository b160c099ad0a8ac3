/// The known-error corpus `explain` matches text against: kubelet, scheduler, controller,
/// admission, container runtime, storage and API server messages, one `ErrorPattern` each.
public enum ErrorCorpus {
    /// Every pattern, grouped by area (images, containers, configuration and volumes,
    /// scheduling, probes, controllers and admission, nodes, storage, API).
    public static let all: [ErrorPattern] =
        images + containers + configAndVolumes + scheduling + probes + controllers + nodes + storage + api

    /// The pattern with the given id.
    public static func pattern(id: String) -> ErrorPattern? { all.first { $0.id == id } }
}

/// Repetition-bounded fragments shared by the corpus regexes (no unbounded `.*`: a match costs at
/// most a few hundred steps per position, whatever the input).
enum CorpusRegex {
    /// Text showing that a message is about an image pull or a registry.
    static let pullContext = #"(pull|pulling|resolve reference|registry|/v2/|manifests?)[^\n]{0,600}"#
}
