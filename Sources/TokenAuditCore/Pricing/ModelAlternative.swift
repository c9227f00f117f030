/// A cheaper model a call could be routed to.
public struct ModelAlternative: Hashable, Sendable {
  /// The alternative's table key (`claude-haiku-4-5`).
  public var key: String
  /// Its prices.
  public var price: ModelPrice
  /// Its blended list price per token (see `ModelPrice.blendedUSDPerToken`).
  public var blendedUSDPerToken: Double
  /// Whether it belongs to the same series as the current model (`gpt-4.1` → `gpt-4.1-mini`;
  /// `claude-opus-4-5` → `claude-haiku-4-5`), a closer substitute than any cheaper model.
  public var sameSeries: Bool

  /// Creates an alternative.
  public init(key: String, price: ModelPrice, blendedUSDPerToken: Double, sameSeries: Bool) {
    self.key = key
    self.price = price
    self.blendedUSDPerToken = blendedUSDPerToken
    self.sameSeries = sameSeries
  }
}

/// The cost of the same usage on the model that served it and on another model.
public struct ModelCostComparison: Hashable, Sendable {
  /// The model that served the calls.
  public var currentKey: String
  /// The model compared with.
  public var alternativeKey: String
  /// Cost on the current model.
  public var current: CostBreakdown
  /// Cost on the alternative.
  public var alternative: CostBreakdown

  /// Creates a comparison.
  public init(currentKey: String, alternativeKey: String, current: CostBreakdown, alternative: CostBreakdown) {
    self.currentKey = currentKey
    self.alternativeKey = alternativeKey
    self.current = current
    self.alternative = alternative
  }

  /// What the alternative would have saved (negative when it costs more).
  public var savingsUSD: Double { current.totalUSD - alternative.totalUSD }
}
