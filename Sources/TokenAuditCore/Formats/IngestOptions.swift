/// Options that control reading.
public struct IngestOptions: Sendable {
  /// Longest line kept, in bytes.
  public var maxLineBytes: Int = 64 << 20
  /// Dotted path to the agent label, tried before the format's own field.
  public var agentField: String?
  /// Dotted path to the phase label.
  public var phaseField: String?
  /// Dotted path to the workflow (trace) id.
  public var traceField: String?
  /// Only calls at or after this time (ms since epoch) are kept.
  public var sinceMS: Int64?
  /// Only calls before this time (ms since epoch) are kept.
  public var untilMS: Int64?

  /// Default options.
  public init() {}
}
