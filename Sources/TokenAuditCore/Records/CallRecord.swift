/// Where a record came from: the input file and 1-based line.
public struct SourceLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
  /// Path of the input file as given or found.
  public var file: String
  /// 1-based line number.
  public var line: Int

  /// Creates a location.
  public init(file: String, line: Int) {
    self.file = file
    self.line = line
  }

  public var description: String { "\(file):\(line)" }

  public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
    a.file != b.file ? a.file < b.file : a.line < b.line
  }
}

/// The role of a chat message.
public enum MessageRole: String, Sendable, Codable, Hashable {
  case system, developer, user, assistant, tool, other
}

/// A tool call made by the model.
public struct ToolCall: Sendable, Hashable {
  /// Provider id of the call (to pair with its result).
  public var id: String?
  /// Tool name.
  public var name: String
  /// Arguments as JSON text.
  public var arguments: String

  /// Creates a tool call.
  public init(id: String? = nil, name: String, arguments: String) {
    self.id = id
    self.name = name
    self.arguments = arguments
  }
}

/// The output of a tool, sent back to the model.
public struct ToolResult: Sendable, Hashable {
  /// The id of the call it answers.
  public var toolCallID: String?
  /// The result text.
  public var text: String
  /// Whether the tool reported an error.
  public var isError: Bool

  /// Creates a tool result.
  public init(toolCallID: String? = nil, text: String, isError: Bool = false) {
    self.toolCallID = toolCallID
    self.text = text
    self.isError = isError
  }
}

/// One message of a conversation, normalised across providers.
public struct ChatMessage: Sendable, Hashable {
  /// Who speaks.
  public var role: MessageRole
  /// The text parts joined with newlines.
  public var text: String
  /// Tool calls in an assistant message.
  public var toolCalls: [ToolCall]
  /// Tool results (OpenAI `tool` messages, Anthropic `tool_result` blocks).
  public var toolResults: [ToolResult]
  /// The optional participant name.
  public var name: String?
  /// Whether a `cache_control` marker is set on this message or one of its blocks.
  public var cacheControl: Bool
  /// Count of non-text parts (images, audio, files) that also cost tokens.
  public var mediaParts: Int

  /// Creates a message.
  public init(
    role: MessageRole, text: String = "", toolCalls: [ToolCall] = [], toolResults: [ToolResult] = [],
    name: String? = nil, cacheControl: Bool = false, mediaParts: Int = 0
  ) {
    self.role = role
    self.text = text
    self.toolCalls = toolCalls
    self.toolResults = toolResults
    self.name = name
    self.cacheControl = cacheControl
    self.mediaParts = mediaParts
  }
}

/// A tool the model is offered.
public struct ToolDefinition: Sendable, Hashable {
  /// Tool name.
  public var name: String
  /// The definition as sent, as JSON text (what it costs in tokens).
  public var json: String

  /// Creates a tool definition.
  public init(name: String, json: String) {
    self.name = name
    self.json = json
  }
}

/// How the usage of a record is known.
public enum UsageSource: String, Sendable, Codable, Hashable {
  /// From the provider's billed usage in the log.
  case logged
  /// Computed by the tokenizer from the logged text.
  case estimated
  /// Neither logged nor computable.
  case missing
}

/// One billed model call, normalised from any supported log format.
///
/// This is the canonical record every format maps to and every later stage reads.
public struct CallRecord: Sendable {
  /// Where it came from.
  public var source: SourceLocation
  /// The id of the log format that produced it (`native`, `claude-code`, …).
  public var format: String
  /// Milliseconds since 1970-01-01T00:00:00Z.
  public var timestampMS: Int64?
  /// Provider request or response id.
  public var requestID: String?
  /// A second key used together with `requestID` for global de-duplication (e.g. message id).
  public var dedupKey: String?
  /// Workflow (trace, session) id.
  public var traceID: String?
  /// The agent, logged or inferred.
  public var agent: String?
  /// `true` when `agent` was inferred from the system prompt.
  public var agentInferred: Bool = false
  /// The phase within the agent.
  public var phase: String?
  /// Provider family (`openai`, `anthropic`, `gemini`, …).
  public var provider: String?
  /// Model name as logged (response model preferred).
  public var model: String?
  /// HTTP status (200 when a successful response is logged without one).
  public var status: Int?
  /// Error type or message for failed calls.
  public var errorType: String?
  /// End-to-end latency in milliseconds.
  public var latencyMS: Double?
  /// Whether the call went through a batch API (priced at batch rates).
  public var isBatch: Bool = false
  /// Whether the response was streamed.
  public var streamed: Bool = false
  /// Service tier when logged (`priority`, `flex`, …).
  public var serviceTier: String?
  /// System (and developer) instructions.
  public var system: String?
  /// Whether the system prompt carries a `cache_control` marker.
  public var systemCacheControl: Bool = false
  /// Conversation messages, in order (system prompt excluded).
  public var messages: [ChatMessage] = []
  /// Tools offered.
  public var tools: [ToolDefinition] = []
  /// Sampling and output parameters as canonical JSON text (temperature, max_tokens, …).
  public var parameters: String?
  /// Output token limit requested.
  public var maxOutputTokens: Int?
  /// The response text.
  public var responseText: String?
  /// Tool calls in the response.
  public var responseToolCalls: [ToolCall] = []
  /// Why generation stopped, normalised: `stop`, `length`, `tool_calls`, `content_filter`, or as logged.
  public var finishReason: String?
  /// Billed token usage (nil when the log has none).
  public var usage: TokenUsage?
  /// How `usage` is known.
  public var usageSource: UsageSource = .missing
  /// A cost the log itself states (LiteLLM `response_cost`, Claude Code `costUSD`), kept for comparison.
  public var loggedCostUSD: Double?
  /// Free-form labels (tags, user, team) that flags can map to agent or phase.
  public var labels: [String: String] = [:]

  /// Creates a record with a location and format; everything else starts empty.
  public init(source: SourceLocation, format: String) {
    self.source = source
    self.format = format
  }

  /// Whether the call failed (non-2xx status or an error).
  public var isFailure: Bool {
    if let s = status { return s < 200 || s >= 300 }
    return errorType != nil
  }

  /// Whether the output was cut by the token limit.
  public var isTruncated: Bool { finishReason == "length" }
}

extension CallRecord {
  /// UTF-8 bytes of the record's texts (system, messages, tool results, response): what a batch
  /// of records holds in memory, roughly.
  var textBytes: Int {
    var n = (system?.utf8.count ?? 0) + (responseText?.utf8.count ?? 0)
    for m in messages {
      n += m.text.utf8.count
      for r in m.toolResults { n += r.text.utf8.count }
    }
    return n
  }
}
