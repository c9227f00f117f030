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
  func cost(of usage: TokenUsage, at key: PriceKey) -> CostBreakdown
}
