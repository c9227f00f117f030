/// The log formats tokenaudit reads, in detection order.
public enum FormatRegistry {
  /// Every reader, most specific first: a line goes to the first whose `matches` accepts it.
  /// The native envelope is last among the envelope-style formats because other formats may also
  /// carry `request`/`response` members (e.g. OpenAI Batch output lines).
  public static let all: [any LogFormatReader.Type] = [
    NativeEnvelopeReader.self
  ]

  /// The display name of a format id.
  public static func displayName(_ id: String) -> String {
    all.first { $0.id == id }?.displayName ?? id
  }
}
