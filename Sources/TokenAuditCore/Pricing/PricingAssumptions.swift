/// Fallbacks the cost engine had to use because the price entry did not state a price.
///
/// Reports show them next to the cost so that a reader knows which figures are estimates.
/// Encoded as a sorted array of snake_case names.
public struct PricingAssumptions: OptionSet, Hashable, Sendable, Codable, CustomStringConvertible {
  /// The member bits.
  public let rawValue: Int

  /// Creates a set from its bits.
  public init(rawValue: Int) { self.rawValue = rawValue }

  /// No `cache_read_input_token_cost`: cache reads were priced as uncached input.
  public static let cacheReadAtInputPrice = PricingAssumptions(rawValue: 1 << 0)
  /// No `cache_creation_input_token_cost`: 5-minute cache writes were priced as uncached input.
  public static let cacheWriteAtInputPrice = PricingAssumptions(rawValue: 1 << 1)
  /// No `cache_creation_input_token_cost_above_1hr`: 1-hour writes were priced at 2× input
  /// (Claude models, Anthropic's published multiplier) or at the 5-minute write price (others).
  public static let cacheWrite1hDerived = PricingAssumptions(rawValue: 1 << 2)
  /// No `*_batches` price: a 50% batch discount was assumed (the provider publishes one).
  public static let batchDiscountAssumed = PricingAssumptions(rawValue: 1 << 3)
  /// No `*_batches` price and no known batch discount: batch tokens were priced at list price.
  public static let batchPriceUnknown = PricingAssumptions(rawValue: 1 << 4)
  /// The long-context tier did not state this component's price: it was scaled from the base
  /// price by the tier's input-price ratio (output: left at the base price).
  public static let longContextPriceDerived = PricingAssumptions(rawValue: 1 << 5)
  /// No `output_cost_per_token`: output was priced at $0.
  public static let outputPriceMissing = PricingAssumptions(rawValue: 1 << 6)
  /// A flex or priority call whose entry states no price for its tier: priced at list price.
  public static let serviceTierPriceUnknown = PricingAssumptions(rawValue: 1 << 7)
  /// No `search_context_cost_per_query`: web searches were priced at $0.01 each (Anthropic's and
  /// OpenAI's list price for a search).
  public static let webSearchPriceAssumed = PricingAssumptions(rawValue: 1 << 8)

  private static let names: [(PricingAssumptions, String)] = [
    (.batchDiscountAssumed, "batch_discount_assumed"),
    (.batchPriceUnknown, "batch_price_unknown"),
    (.cacheReadAtInputPrice, "cache_read_at_input_price"),
    (.cacheWrite1hDerived, "cache_write_1h_derived"),
    (.cacheWriteAtInputPrice, "cache_write_at_input_price"),
    (.longContextPriceDerived, "long_context_price_derived"),
    (.outputPriceMissing, "output_price_missing"),
    (.serviceTierPriceUnknown, "service_tier_price_unknown"),
    (.webSearchPriceAssumed, "web_search_price_assumed"),
  ]

  /// The names of the members, sorted.
  public var names: [String] { Self.names.filter { contains($0.0) }.map(\.1) }

  /// The names joined with ", ", or "none".
  public var description: String { isEmpty ? "none" : names.joined(separator: ", ") }

  /// Decodes a set from an array of names.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let decoded = try container.decode([String].self)
    var set = PricingAssumptions()
    for name in decoded {
      guard let member = Self.names.first(where: { $0.1 == name })?.0 else {
        throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown assumption \"\(name)\"")
      }
      set.insert(member)
    }
    self = set
  }

  /// Encodes the set as its sorted names.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(names)
  }
}
