/// How a call is billed apart from its token counts: through the batch API or not, and in which
/// long-context tier.
///
/// Attribution keeps integer token counts per (model, price class) and prices each group once,
/// at the end; cost is linear in the counts within one class.
public struct PriceClass: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
  /// Billed through a batch API.
  public var batch: Bool
  /// The long-context tier of the call.
  public var tier: LongContextTier

  /// Creates a price class.
  public init(batch: Bool = false, tier: LongContextTier = .none) {
    self.batch = batch
    self.tier = tier
  }

  /// The class of one call: its tier follows from its prompt size and the model's tiers.
  ///
  /// - Parameters:
  ///   - usage: One call's usage (not a sum over calls: the tier depends on each prompt's size).
  ///   - price: The model's price entry.
  ///   - batch: Whether the call went through a batch API.
  public init(usage: TokenUsage, price: ModelPrice, batch: Bool) {
    self.init(batch: batch, tier: price.longContextTier(forInputTokens: usage.inputTokens))
  }

  /// Interactive calls with no long-context surcharge.
  public static let standard = PriceClass()

  /// `standard`, `batch`, `above_200k`, `batch+above_200k`.
  public var description: String {
    switch (batch, tier.isNone) {
    case (false, true): return "standard"
    case (true, true): return "batch"
    case (false, false): return tier.description
    case (true, false): return "batch+\(tier.description)"
    }
  }

  /// Orders standard before batch, then by tier.
  public static func < (lhs: PriceClass, rhs: PriceClass) -> Bool {
    if lhs.batch != rhs.batch { return !lhs.batch }
    return lhs.tier < rhs.tier
  }

  private enum CodingKeys: String, CodingKey {
    case batch
    case tier = "long_context_tier"
  }
}
