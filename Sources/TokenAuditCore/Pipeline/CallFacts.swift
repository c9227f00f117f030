/// Input tokens of one call split by where they went.
public struct PromptAnatomy: Sendable, Codable, Hashable {
  /// System and developer instructions.
  public var systemTokens = 0
  /// Tool definitions.
  public var toolTokens = 0
  /// Earlier turns (user and assistant messages before the latest user message).
  public var historyTokens = 0
  /// Tool results and retrieved context.
  public var toolResultTokens = 0
  /// The latest user message.
  public var latestUserTokens = 0

  /// Creates a zero anatomy.
  public init() {}

  /// Sum of the parts.
  public var total: Int { systemTokens + toolTokens + historyTokens + toolResultTokens + latestUserTokens }

  /// Adds another anatomy part by part.
  public static func += (a: inout PromptAnatomy, b: PromptAnatomy) {
    a.systemTokens += b.systemTokens
    a.toolTokens += b.toolTokens
    a.historyTokens += b.historyTokens
    a.toolResultTokens += b.toolResultTokens
    a.latestUserTokens += b.latestUserTokens
  }
}

/// What the later stages keep of one call once its record is read: labels, usage and compact
/// fingerprints of its content (hashes and short excerpts, never whole prompts).
public struct CallFacts: Sendable, Codable {
  /// Where it came from.
  public var source: SourceLocation
  /// Log format id.
  public var format: String
  /// Milliseconds since the epoch.
  public var timestampMS: Int64?
  /// Provider request id.
  public var requestID: String?
  /// Second de-duplication key.
  public var dedupKey: String?
  /// Workflow id.
  public var traceID: String?
  /// Agent label (logged or inferred).
  public var agent: String
  /// Whether `agent` was inferred from the system prompt.
  public var agentInferred: Bool
  /// Phase label (`-` when none).
  public var phase: String
  /// Provider family.
  public var provider: String
  /// Model as logged.
  public var model: String
  /// HTTP status.
  public var status: Int
  /// Error type for failed calls.
  public var errorType: String?
  /// Latency in milliseconds.
  public var latencyMS: Double?
  /// Batch API call.
  public var isBatch: Bool
  /// The service tier it was served at (OpenAI `flex`, `priority`), which prices it.
  public var serviceTier: ServiceTier = .standard
  /// Streamed response.
  public var streamed: Bool
  /// Normalised finish reason.
  public var finishReason: String?
  /// Requested output limit.
  public var maxOutputTokens: Int?
  /// Token usage (logged or estimated).
  public var usage: TokenUsage
  /// How usage is known.
  public var usageSource: UsageSource
  /// Cost stated by the log itself.
  public var loggedCostUSD: Double?

  // MARK: Content fingerprints

  /// Hash of the effective request (model, system, messages, tools, parameters).
  public var requestHash: UInt64 = 0
  /// Hash of the system prompt (0 when none).
  public var systemHash: UInt64 = 0
  /// Hash of the tool definitions (0 when none).
  public var toolsHash: UInt64 = 0
  /// Cumulative prefix hashes: [tools+system, +message 1, +message 2, …].
  public var prefixHashes: [UInt64] = []
  /// Estimated tokens at each prefix boundary (same indices as `prefixHashes`).
  public var prefixTokens: [Int] = []
  /// Number of conversation messages.
  public var messageCount = 0
  /// Number of user turns.
  public var userTurns = 0
  /// Names of tools offered.
  public var toolNames: [String] = []
  /// Estimated tokens of each tool definition (same order as `toolNames`).
  public var toolDefinitionTokens: [Int] = []
  /// Tools the model called in this response or earlier in the conversation.
  public var calledTools: [String] = []
  /// Whether any `cache_control` marker is present.
  public var usesCacheControl = false
  /// Input tokens by part (estimated, scaled to billed input when usage is logged).
  public var anatomy = PromptAnatomy()
  /// The latest user message, at most 1,000 characters (not redacted: redact when rendering).
  public var latestUserText = ""
  /// The response text, at most 500 characters.
  public var responseExcerpt = ""
  /// Hash of the whole response text (0 when none).
  public var responseHash: UInt64 = 0
  /// Response characters.
  public var responseChars = 0
  /// Characters of the system prompt.
  public var systemChars = 0
  /// UTF-8 bytes of the whole latest user message (`latestUserText` may be an excerpt of it).
  public var latestUserBytes = 0
  /// Prompt tokens counted from the logged text (framing included), before any calibration.
  public var promptTokenEstimate = 0

  // MARK: Context and output measures (advisor)

  /// Message indices where each turn starts: 0, then the message after each assistant message.
  public var turnStarts: [Int] = []
  /// Input tokens that minifying JSON and collapsing whitespace would remove (scaled to billed input).
  public var whitespaceTokens = 0
  /// The part of `whitespaceTokens` in pretty-printed JSON.
  public var jsonWhitespaceTokens = 0
  /// Tokens of system-prompt paragraphs and long lines that repeat an earlier one (scaled).
  public var systemRepeatedTokens = 0
  /// The first repeated system-prompt paragraph, at most 80 characters (not redacted: redact when rendering).
  public var systemRepeatedExcerpt = ""
  /// Chunks of this turn's tool results and retrieved context compared with the response (0: not measured).
  public var contextChunks = 0
  /// Of those, chunks whose distinctive words appear in the response.
  public var contextChunksUsed = 0
  /// Tokens of the chunks the response did not use (scaled).
  public var unusedContextTokens = 0
  /// The shape of the response (label, JSON, free text…).
  public var outputShape: OutputShape = .none
  /// Whether the request asked for structured output (JSON schema or object, forced tool).
  public var requestsStructuredOutput = false

  // MARK: Caching measures

  /// Hash of the system prompt with dates, times, UUIDs and long ids masked (`systemHash` when it
  /// has none): equal across calls whose system prompts differ only in such a value.
  public var systemStableHash: UInt64 = 0
  /// UTF-8 bytes of the system prompt before its first date, time, UUID or long id (nil when none).
  public var systemVolatileOffset: Int?
  /// Hash of everything the answer depends on except the first 1,000 characters of the latest
  /// user message (model, tools, system, other messages, the rest of that message, parameters):
  /// calls with equal `contextHash` differ at most in `latestUserText`.
  public var contextHash: UInt64 = 0
  /// Whether the latest user message is the last message (a question awaiting its answer, not a
  /// tool-loop step whose answer depends on tool results sent after it).
  public var latestUserIsLast = false

  /// Whether the call failed.
  public var isFailure: Bool { status < 200 || status >= 300 || errorType != nil }
  /// Whether the output was cut by the token limit.
  public var isTruncated: Bool { finishReason == "length" }
  /// The UTC day, or `unknown`.
  public var day: String { timestampMS.map { Timestamp.dayString($0) } ?? "unknown" }
}
