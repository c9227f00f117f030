/// Integer token counts of one call or of many calls added together, in canonical semantics.
///
/// `inputTokens` is every prompt token processed, including cache reads and cache writes (OpenAI
/// `prompt_tokens`; Anthropic `input_tokens + cache_creation_input_tokens + cache_read_input_tokens`).
/// `outputTokens` includes reasoning tokens. Counts are summed as integers and priced once, at the end.
public struct TokenUsage: Sendable, Hashable, Codable {
  /// All prompt tokens processed (uncached + cache reads + cache writes).
  public var inputTokens: Int
  /// Prompt tokens served from the provider's prompt cache.
  public var cacheReadTokens: Int
  /// Prompt tokens written to a 5-minute (default lifetime) cache.
  public var cacheWrite5mTokens: Int
  /// Prompt tokens written to a 1-hour cache.
  public var cacheWrite1hTokens: Int
  /// Generated tokens, reasoning included.
  public var outputTokens: Int
  /// The reasoning part of `outputTokens` (informational).
  public var reasoningTokens: Int
  /// Web searches the provider ran for the call (Anthropic `server_tool_use.web_search_requests`,
  /// OpenAI `web_search_call` items), billed per search, not per token.
  public var webSearchRequests: Int

  /// Creates a usage value; every count defaults to zero.
  public init(
    inputTokens: Int = 0, cacheReadTokens: Int = 0, cacheWrite5mTokens: Int = 0,
    cacheWrite1hTokens: Int = 0, outputTokens: Int = 0, reasoningTokens: Int = 0, webSearchRequests: Int = 0
  ) {
    self.inputTokens = inputTokens
    self.cacheReadTokens = cacheReadTokens
    self.cacheWrite5mTokens = cacheWrite5mTokens
    self.cacheWrite1hTokens = cacheWrite1hTokens
    self.outputTokens = outputTokens
    self.reasoningTokens = reasoningTokens
    self.webSearchRequests = webSearchRequests
  }

  /// Both cache-write lifetimes together.
  public var cacheWriteTokens: Int { cacheWrite5mTokens + cacheWrite1hTokens }
  /// Prompt tokens billed at the plain input price.
  public var uncachedInputTokens: Int { max(0, inputTokens - cacheReadTokens - cacheWriteTokens) }
  /// Input plus output.
  public var totalTokens: Int { inputTokens + outputTokens }

  /// Adds another usage field by field.
  public static func += (lhs: inout TokenUsage, rhs: TokenUsage) {
    lhs.inputTokens &+= rhs.inputTokens
    lhs.cacheReadTokens &+= rhs.cacheReadTokens
    lhs.cacheWrite5mTokens &+= rhs.cacheWrite5mTokens
    lhs.cacheWrite1hTokens &+= rhs.cacheWrite1hTokens
    lhs.outputTokens &+= rhs.outputTokens
    lhs.reasoningTokens &+= rhs.reasoningTokens
    lhs.webSearchRequests &+= rhs.webSearchRequests
  }

  /// The field-by-field sum.
  public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
    var r = lhs
    r += rhs
    return r
  }
}
