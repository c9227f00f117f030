/// One kind of token a call is billed for.
public enum TokenPriceComponent: String, CaseIterable, Sendable, Codable {
  /// Prompt tokens neither read from nor written to a cache (`input_cost_per_token`).
  case input
  /// Generated tokens (`output_cost_per_token`).
  case output
  /// Prompt-cache hits (`cache_read_input_token_cost`).
  case cacheRead = "cache_read"
  /// 5-minute cache writes (`cache_creation_input_token_cost`).
  case cacheWrite5m = "cache_write_5m"
  /// 1-hour cache writes (`cache_creation_input_token_cost_above_1hr`).
  case cacheWrite1h = "cache_write_1h"
  /// Reasoning tokens where priced apart from output (`output_cost_per_reasoning_token`).
  case reasoning

  /// The LiteLLM field that holds the list price; tier and batch variants add
  /// `_above_<N>k_tokens` and `_batches` to it.
  public var litellmField: String {
    switch self {
    case .input: return "input_cost_per_token"
    case .output: return "output_cost_per_token"
    case .cacheRead: return "cache_read_input_token_cost"
    case .cacheWrite5m: return "cache_creation_input_token_cost"
    case .cacheWrite1h: return "cache_creation_input_token_cost_above_1hr"
    case .reasoning: return "output_cost_per_reasoning_token"
    }
  }
}

/// USD-per-token prices of each token kind as one table entry states them; nil when the entry
/// does not give that price.
public struct TokenPrices: Sendable, Hashable, Codable {
  /// Uncached prompt tokens.
  public var input: Double?
  /// Generated tokens, reasoning included unless `reasoning` is set.
  public var output: Double?
  /// Prompt-cache hits.
  public var cacheRead: Double?
  /// 5-minute cache writes.
  public var cacheWrite5m: Double?
  /// 1-hour cache writes.
  public var cacheWrite1h: Double?
  /// Reasoning tokens, where priced apart from output.
  public var reasoning: Double?

  /// Creates a price set; every price defaults to absent.
  public init(
    input: Double? = nil, output: Double? = nil, cacheRead: Double? = nil, cacheWrite5m: Double? = nil,
    cacheWrite1h: Double? = nil, reasoning: Double? = nil
  ) {
    self.input = input
    self.output = output
    self.cacheRead = cacheRead
    self.cacheWrite5m = cacheWrite5m
    self.cacheWrite1h = cacheWrite1h
    self.reasoning = reasoning
  }

  /// Whether no price is set.
  public var isEmpty: Bool { TokenPriceComponent.allCases.allSatisfy { self[$0] == nil } }

  /// The price of one component.
  public subscript(component: TokenPriceComponent) -> Double? {
    get {
      switch component {
      case .input: return input
      case .output: return output
      case .cacheRead: return cacheRead
      case .cacheWrite5m: return cacheWrite5m
      case .cacheWrite1h: return cacheWrite1h
      case .reasoning: return reasoning
      }
    }
    set {
      switch component {
      case .input: input = newValue
      case .output: output = newValue
      case .cacheRead: cacheRead = newValue
      case .cacheWrite5m: cacheWrite5m = newValue
      case .cacheWrite1h: cacheWrite1h = newValue
      case .reasoning: reasoning = newValue
      }
    }
  }

  private enum CodingKeys: String, CodingKey {
    case input = "input_usd_per_token"
    case output = "output_usd_per_token"
    case cacheRead = "cache_read_usd_per_token"
    case cacheWrite5m = "cache_write_5m_usd_per_token"
    case cacheWrite1h = "cache_write_1h_usd_per_token"
    case reasoning = "reasoning_usd_per_token"
  }
}
