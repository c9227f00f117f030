/// A tool invocation: `input` is a JSON object text (Anthropic `input`, OpenAI `arguments`).
struct SampleToolUse {
  let id: String
  let name: String
  let input: SampleText
}

/// One content block of a message, in provider-neutral form.
enum SampleBlock {
  case text(SampleText)
  case toolUse(SampleToolUse)
  case toolResult(id: String, content: SampleText, isError: Bool)

  /// Estimated tokens (⌈bytes/4⌉ plus a small per-block overhead for structured blocks).
  var tokens: Int {
    switch self {
    case .text(let t): return t.tokens
    case .toolUse(let u): return SampleText.tokens(forBytes: u.name.utf8.count + u.input.length) + 8
    case .toolResult(_, let c, _): return c.tokens + 6
    }
  }
}

/// A conversation message (`user` carries tool results; `assistant` carries tool uses).
struct SampleMessage {
  let isUser: Bool
  let blocks: [SampleBlock]
  /// Estimated tokens, with 4 tokens of per-message framing.
  let tokens: Int

  init(user: Bool, _ blocks: [SampleBlock]) {
    isUser = user
    self.blocks = blocks
    tokens = blocks.reduce(4) { $0 + $1.tokens }
  }

  static func user(_ text: String) -> SampleMessage { SampleMessage(user: true, [.text(SampleText(text))]) }
}

/// Prompt-cache lifetime requested with Anthropic `cache_control`.
enum SampleCacheMode {
  case none, ephemeral5m, ephemeral1h
}

/// The system prompt: static blocks (a stable cache prefix) and an optional per-call header
/// (a timestamp) that makes every prefix unique.
struct SampleSystem {
  /// Identity of the static content, for cache keys.
  let id: Int
  let header: SampleText?
  let blocks: [SampleText]
  /// `cache_control` on the last block (Anthropic only).
  let cache: SampleCacheMode
  /// Anthropic: send as an array of text blocks rather than one string.
  let asBlocks: Bool

  var tokens: Int { blocks.reduce(header?.tokens ?? 0) { $0 + $1.tokens } + 4 }
}

/// Why generation stopped.
enum SampleFinish {
  case stop, toolUse, length
}

/// One logical LLM call as an agent makes it, before usage accounting and rendering.
struct SampleCall {
  var agent: SampleAgent
  var phase: String
  var traceID: String
  var model: SampleModel
  var system: SampleSystem?
  var messages: [SampleMessage]
  var tools: SampleToolSet? = nil
  var maxTokens: Int
  /// JSON number text, e.g. `0.2`; `nil` omits the field.
  var temperature: String? = nil
  var jsonMode = false
  var stream = false
  var reasoningEffort: String? = nil
  /// Anthropic: `cache_control` on the last block of the last message (incremental caching).
  var cacheLastMessage = false
  /// OpenAI: this prompt starts with the previous prompt of the same trace and model.
  var extendsTracePrefix = false
  var response: [SampleBlock]
  var finish: SampleFinish
  var reasoningTokens = 0
  var batch = false
  var metadata: [(String, String)] = []
  /// Anthropic beta flag logged in metadata (long context).
  var longContext = false

  init(
    agent: SampleAgent, phase: String, traceID: String, model: SampleModel, system: SampleSystem?,
    messages: [SampleMessage], maxTokens: Int, response: [SampleBlock], finish: SampleFinish
  ) {
    self.agent = agent
    self.phase = phase
    self.traceID = traceID
    self.model = model
    self.system = system
    self.messages = messages
    self.maxTokens = maxTokens
    self.response = response
    self.finish = finish
  }

  var provider: SampleProvider { model.provider }

  /// Tokens of the part every call with this system prompt and tool set shares.
  var stablePrefixTokens: Int {
    var t = 3 + (system.map { $0.tokens - ($0.header?.tokens ?? 0) } ?? 0)
    if let tools { t += tools.tokens + (provider == .anthropic ? 346 : 0) }
    return t
  }

  /// Estimated prompt tokens, as the provider would bill them.
  var promptTokens: Int {
    var t = stablePrefixTokens + (system?.header?.tokens ?? 0)
    for m in messages { t += m.tokens }
    if jsonMode { t += 6 }
    return t
  }

  /// Generated tokens, reasoning included.
  var outputTokens: Int {
    max(1, response.reduce(reasoningTokens) { $0 + $1.tokens })
  }

  /// Cache-key identity of the stable prefix.
  var prefixKey: String { "\(model.name)|\(system?.id ?? 0)|\(tools?.id ?? 0)" }
}
