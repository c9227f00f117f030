/// The prices and limits of one model, as one entry of LiteLLM's price table states them.
///
/// Only what the entry says is stored; fallbacks (cache price missing, batch discount, derived
/// long-context prices) are applied when costing, in `ModelPrice+Cost.swift`, and reported in
/// `CostBreakdown.assumptions`.
public struct ModelPrice: Sendable, Hashable, Codable, ServiceTierPrices {
  /// The table key this entry was read from (`claude-sonnet-4-5`); empty for a hand-made entry.
  public var key: String
  /// `litellm_provider` (`openai`, `anthropic`, `vertex_ai-anthropic_models`, …).
  public var provider: String?
  /// `mode` (`chat`, `responses`, `embedding`, …).
  public var mode: String?
  /// List prices.
  public var list: TokenPrices
  /// Batch-API prices the entry states (`*_batches`); absent ones are derived when costing.
  public var batch: TokenPrices
  /// Flex-tier prices the entry states (`*_flex`).
  public var flex: TokenPrices = TokenPrices()
  /// Priority-tier prices the entry states (`*_priority`).
  public var priority: TokenPrices = TokenPrices()
  /// Long-context tiers, ascending by threshold.
  public var longContext: [LongContextPrices]
  /// Context window, prompt side.
  public var maxInputTokens: Int?
  /// Longest completion.
  public var maxOutputTokens: Int?
  /// `deprecation_date` as written (`YYYY-MM-DD`).
  public var deprecationDate: String?
  /// `prompt_cache_min_tokens`, where the table states it.
  public var promptCacheMinTokens: Int?
  /// `alias_of`: the key of the entry this one stands for (`claude-sonnet-latest` →
  /// `claude-sonnet-5-5`); followed by resolution when this entry has no prices of its own.
  public var aliasOf: String?
  /// The price of one web search (`search_context_cost_per_query`, its medium context size).
  public var webSearchUSDPerQuery: Double?

  /// Creates an entry; everything defaults to absent.
  public init(
    key: String = "", provider: String? = nil, mode: String? = nil, list: TokenPrices = TokenPrices(),
    batch: TokenPrices = TokenPrices(),
    longContext: [LongContextPrices] = [], maxInputTokens: Int? = nil, maxOutputTokens: Int? = nil,
    deprecationDate: String? = nil, promptCacheMinTokens: Int? = nil, aliasOf: String? = nil
  ) {
    self.key = key
    self.provider = provider
    self.mode = mode
    self.list = list
    self.batch = batch
    self.longContext = longContext.sorted { $0.tier < $1.tier }
    self.maxInputTokens = maxInputTokens
    self.maxOutputTokens = maxOutputTokens
    self.deprecationDate = deprecationDate
    self.promptCacheMinTokens = promptCacheMinTokens
    self.aliasOf = aliasOf
  }

  /// The list price of uncached input, per token.
  public var inputUSDPerToken: Double? { list.input }
  /// The list price of output, per token.
  public var outputUSDPerToken: Double? { list.output }

  /// Whether the entry can price token usage (it states a per-token input price).
  public var hasTokenPrices: Bool { list.input != nil }

  /// The provider family (`vertex_ai-anthropic_models` → `vertex_ai`).
  public var providerFamily: String? { provider.map(ProviderFamily.family(ofLiteLLMProvider:)) }

  /// The prices of the tier at exactly `tier`, if the entry has one.
  public func prices(at tier: LongContextTier) -> LongContextPrices? {
    longContext.first { $0.tier == tier }
  }

  /// The long-context tier a call with this many prompt tokens falls in: the highest tier whose
  /// threshold the prompt exceeds, or `.none`.
  ///
  /// - Parameter inputTokens: All prompt tokens of one call (`TokenUsage.inputTokens`).
  /// - Returns: The tier that prices the whole call.
  public func longContextTier(forInputTokens inputTokens: Int) -> LongContextTier {
    longContext.last { inputTokens > $0.tier.thresholdTokens && !$0.list.isEmpty }?.tier ?? .none
  }

  private enum CodingKeys: String, CodingKey {
    case key
    case provider = "litellm_provider"
    case mode
    case list
    case batch
    case flex
    case priority
    case longContext = "long_context"
    case maxInputTokens = "max_input_tokens"
    case maxOutputTokens = "max_output_tokens"
    case deprecationDate = "deprecation_date"
    case promptCacheMinTokens = "prompt_cache_min_tokens"
    case aliasOf = "alias_of"
    case webSearchUSDPerQuery = "web_search_usd_per_query"
  }
}

/// The prices an entry states for calls whose prompt exceeds a threshold
/// (`*_above_200k_tokens`, `*_above_128k_tokens`, …).
public struct LongContextPrices: Sendable, Hashable, Codable, ServiceTierPrices {
  /// The tier these prices belong to.
  public var tier: LongContextTier
  /// List prices above the threshold.
  public var list: TokenPrices
  /// Batch prices above the threshold (`*_above_<N>k_tokens_batches`).
  public var batch: TokenPrices
  /// Flex-tier prices above the threshold (`*_above_<N>k_tokens_flex`).
  public var flex: TokenPrices = TokenPrices()
  /// Priority-tier prices above the threshold (`*_above_<N>k_tokens_priority`).
  public var priority: TokenPrices = TokenPrices()

  /// Creates a tier's prices.
  public init(tier: LongContextTier, list: TokenPrices = TokenPrices(), batch: TokenPrices = TokenPrices()) {
    self.tier = tier
    self.list = list
    self.batch = batch
  }
}

/// Prices stated per service tier: the list prices and the `*_flex` / `*_priority` ones.
public protocol ServiceTierPrices {
  var list: TokenPrices { get }
  var flex: TokenPrices { get }
  var priority: TokenPrices { get }
}

extension ServiceTierPrices {
  /// The prices stated for a service tier (`list` for the standard tier).
  public func stated(_ tier: ServiceTier) -> TokenPrices {
    switch tier {
    case .standard: return list
    case .flex: return flex
    case .priority: return priority
    }
  }
}
