/// Which price applies to a call: the canonical model key, batch or not, and the long-context tier.
public struct PriceKey: Hashable, Sendable, Codable, Comparable {
  /// The canonical price-table key.
  public var model: String
  /// Priced at batch rates.
  public var batch: Bool
  /// Long-context threshold crossed (0 when none).
  public var tierTokens: Int
  /// The service tier priced (flex, priority; standard for most calls).
  public var service: ServiceTier

  /// Creates a key.
  public init(model: String, batch: Bool, tierTokens: Int, service: ServiceTier = .standard) {
    self.model = model
    self.batch = batch
    self.tierTokens = tierTokens
    self.service = service
  }

  public static func < (a: PriceKey, b: PriceKey) -> Bool {
    (a.model, a.batch ? 1 : 0, a.tierTokens, Int(a.service.rawValue))
      < (b.model, b.batch ? 1 : 0, b.tierTokens, Int(b.service.rawValue))
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
  /// The price that applies to a call served at a service tier (OpenAI `flex`, `priority`).
  func priceKey(model: String, provider: String, usage: TokenUsage, batch: Bool, service: ServiceTier) -> PriceKey?
  /// The dollars of `usage` at the price `key`.
  ///
  /// - Parameters:
  ///   - usage: Integer tokens, possibly of many calls.
  ///   - key: The price.
  func cost(of usage: TokenUsage, at key: PriceKey) -> CostBreakdown
}

extension CostModel {
  /// A model without service-tier prices prices every tier as the standard one.
  public func priceKey(
    model: String, provider: String, usage: TokenUsage, batch: Bool, service: ServiceTier
  ) -> PriceKey? {
    priceKey(model: model, provider: provider, usage: usage, batch: batch)
  }
}
