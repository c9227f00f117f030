/// Which price applies to a call: the canonical model key, batch or not, and the long-context tier.
public struct PriceKey: Hashable, Sendable, Codable, Comparable {
  /// The canonical price-table key.
  public var model: String
  /// Priced at batch rates.
  public var batch: Bool
  /// Long-context threshold crossed (0 when none).
  public var tierTokens: Int

  /// Creates a key.
  public init(model: String, batch: Bool, tierTokens: Int) {
    self.model = model
    self.batch = batch
    self.tierTokens = tierTokens
  }

  public static func < (a: PriceKey, b: PriceKey) -> Bool {
    (a.model, a.batch ? 1 : 0, a.tierTokens) < (b.model, b.batch ? 1 : 0, b.tierTokens)
  }
}

/// Dollars of a usage, by token kind.
public struct CostParts: Sendable, Codable, Hashable {
  /// Uncached input.
  public var inputUSD = 0.0
  /// Cache reads.
  public var cacheReadUSD = 0.0
  /// Cache writes (both lifetimes).
  public var cacheWriteUSD = 0.0
  /// Output (reasoning included).
  public var outputUSD = 0.0

  /// Creates zero cost.
  public init() {}

  /// Creates a cost from its parts.
  public init(inputUSD: Double, cacheReadUSD: Double, cacheWriteUSD: Double, outputUSD: Double) {
    self.inputUSD = inputUSD
    self.cacheReadUSD = cacheReadUSD
    self.cacheWriteUSD = cacheWriteUSD
    self.outputUSD = outputUSD
  }

  /// The sum.
  public var totalUSD: Double { inputUSD + cacheReadUSD + cacheWriteUSD + outputUSD }

  /// Adds part by part.
  public static func += (a: inout CostParts, b: CostParts) {
    a.inputUSD += b.inputUSD
    a.cacheReadUSD += b.cacheReadUSD
    a.cacheWriteUSD += b.cacheWriteUSD
    a.outputUSD += b.outputUSD
  }
}

/// Prices token usage. Implemented over LiteLLM's price table; tests may supply their own.
public protocol CostModel: Sendable {
  /// The price that applies to a call, or `nil` when the model has no known price.
  ///
  /// - Parameters:
  ///   - model: Model name as logged.
  ///   - provider: Provider family.
  ///   - usage: The call's usage (the long-context tier depends on it).
  ///   - batch: Whether the call used a batch API.
  func priceKey(model: String, provider: String, usage: TokenUsage, batch: Bool) -> PriceKey?
  /// The dollars of `usage` at the price `key`.
  ///
  /// - Parameters:
  ///   - usage: Integer tokens, possibly of many calls.
  ///   - key: The price.
  func cost(of usage: TokenUsage, at key: PriceKey) -> CostParts
}
