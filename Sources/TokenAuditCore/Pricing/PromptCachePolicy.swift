/// How a model's prompt cache works and what it costs, for detectors that look for missed caching.
///
/// Minimum lengths come from the table's `prompt_cache_min_tokens` where stated, else from
/// `PromptCachePolicy.rules` (sources cited there). Multipliers come from the model's own prices
/// (cache price ÷ input price), else from the provider's published defaults.
public struct PromptCachePolicy: Hashable, Sendable, Codable {
  /// How a prompt prefix gets cached.
  public enum Activation: String, Hashable, Sendable, Codable {
    /// The caller marks breakpoints (`cache_control`, Anthropic) and pays for writes.
    case explicitBreakpoints = "explicit_breakpoints"
    /// The provider caches repeated prefixes on its own (OpenAI, Gemini implicit, DeepSeek).
    case automatic
  }

  /// The shortest prompt prefix that can be cached.
  public var minimumCacheableTokens: Int
  /// Cache hits come in multiples of this many tokens past the minimum (OpenAI: 128; 1 = any).
  public var incrementTokens: Int
  /// Cache-read price ÷ uncached input price.
  public var readMultiplier: Double
  /// 5-minute cache-write price ÷ input price (1 where writes cost the same as input).
  public var write5mMultiplier: Double
  /// 1-hour cache-write price ÷ input price.
  public var write1hMultiplier: Double
  /// How long an unused cache entry lives by default, in seconds.
  public var defaultTTLSeconds: Int
  /// How caching is switched on.
  public var activation: Activation

  /// Creates a policy.
  public init(
    minimumCacheableTokens: Int, incrementTokens: Int, readMultiplier: Double, write5mMultiplier: Double,
    write1hMultiplier: Double, defaultTTLSeconds: Int, activation: Activation
  ) {
    self.minimumCacheableTokens = minimumCacheableTokens
    self.incrementTokens = incrementTokens
    self.readMultiplier = readMultiplier
    self.write5mMultiplier = write5mMultiplier
    self.write1hMultiplier = write1hMultiplier
    self.defaultTTLSeconds = defaultTTLSeconds
    self.activation = activation
  }

  /// The policy of a model id as it appears in a log.
  ///
  /// - Parameters:
  ///   - model: The model id.
  ///   - provider: The provider from the log, if any.
  ///   - table: The price table to resolve the id in.
  /// - Returns: The policy, or nil when the model is unknown or its provider has no prompt cache
  ///   this engine knows about.
  public static func `for`(model: String, provider: String?, in table: PriceTable) -> PromptCachePolicy? {
    guard let resolved = table.resolve(model: model, provider: provider) else { return nil }
    return self.for(model: resolved)
  }

  /// The policy of a model id, resolved in the embedded price table (no `--prices` overrides).
  ///
  /// - Parameters:
  ///   - model: The model id.
  ///   - provider: The provider from the log, if any.
  /// - Returns: The policy, or nil when the model is unknown, the table cannot be loaded, or the
  ///   provider has no prompt cache this engine knows about.
  public static func `for`(model: String, provider: String?) -> PromptCachePolicy? {
    guard let table = try? PriceTable.bundled() else { return nil }
    return self.for(model: model, provider: provider, in: table)
  }

  /// The policy of a resolved model.
  ///
  /// - Parameter model: A table entry.
  /// - Returns: The policy, or nil when its provider has no prompt cache this engine knows about.
  public static func `for`(model: ResolvedModel) -> PromptCachePolicy? {
    let base = ModelNameNormalizer.normalize(model.key).base
    let price = model.price
    guard let rule = rules.first(where: { $0.matches(base: base, price: price) }) else {
      return nil
    }
    let input = price.list.input ?? 0
    func ratio(_ p: Double?) -> Double? {
      guard let p, input > 0 else { return nil }
      return p / input
    }
    let write5m = ratio(price.list.cacheWrite5m) ?? rule.write5mMultiplier
    return PromptCachePolicy(
      minimumCacheableTokens: price.promptCacheMinTokens ?? rule.minimumTokens,
      incrementTokens: rule.incrementTokens,
      readMultiplier: ratio(price.list.cacheRead) ?? rule.readMultiplier,
      write5mMultiplier: write5m,
      write1hMultiplier: ratio(price.list.cacheWrite1h) ?? rule.write1hMultiplier ?? write5m,
      defaultTTLSeconds: rule.defaultTTLSeconds,
      activation: rule.activation)
  }
}
