/// The USD cost of some token usage on one model, split by token kind.
public struct CostBreakdown: Hashable, Sendable, Codable {
  /// Uncached prompt tokens.
  public var inputUSD: Double
  /// Prompt-cache hits.
  public var cacheReadUSD: Double
  /// Cache writes, 5-minute and 1-hour.
  public var cacheWriteUSD: Double
  /// Output tokens, reasoning included.
  public var outputUSD: Double
  /// Web searches (billed per search).
  public var webSearchUSD: Double
  /// Fallbacks used to arrive at these figures (only those that affected a non-zero count).
  public var assumptions: PricingAssumptions

  /// Creates a breakdown.
  public init(
    inputUSD: Double = 0, cacheReadUSD: Double = 0, cacheWriteUSD: Double = 0, outputUSD: Double = 0,
    webSearchUSD: Double = 0, assumptions: PricingAssumptions = []
  ) {
    self.inputUSD = inputUSD
    self.cacheReadUSD = cacheReadUSD
    self.cacheWriteUSD = cacheWriteUSD
    self.outputUSD = outputUSD
    self.webSearchUSD = webSearchUSD
    self.assumptions = assumptions
  }

  /// A zero cost.
  public static let zero = CostBreakdown()

  /// The sum of all parts.
  public var totalUSD: Double { inputUSD + cacheReadUSD + cacheWriteUSD + outputUSD + webSearchUSD }

  /// Adds another breakdown part by part (for a few groups, not per call: see STYLE §3).
  public static func += (lhs: inout CostBreakdown, rhs: CostBreakdown) {
    lhs.inputUSD += rhs.inputUSD
    lhs.cacheReadUSD += rhs.cacheReadUSD
    lhs.cacheWriteUSD += rhs.cacheWriteUSD
    lhs.outputUSD += rhs.outputUSD
    lhs.webSearchUSD += rhs.webSearchUSD
    lhs.assumptions.formUnion(rhs.assumptions)
  }

  /// The part-by-part sum.
  public static func + (lhs: CostBreakdown, rhs: CostBreakdown) -> CostBreakdown {
    var r = lhs
    r += rhs
    return r
  }

  private enum CodingKeys: String, CodingKey {
    case inputUSD = "input_usd"
    case cacheReadUSD = "cache_read_usd"
    case cacheWriteUSD = "cache_write_usd"
    case outputUSD = "output_usd"
    case webSearchUSD = "web_search_usd"
    case totalUSD = "total_usd"
    case assumptions
  }

  /// Decodes a breakdown; `total_usd` is ignored (recomputed from the parts).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      inputUSD: try c.decode(Double.self, forKey: .inputUSD),
      cacheReadUSD: try c.decode(Double.self, forKey: .cacheReadUSD),
      cacheWriteUSD: try c.decode(Double.self, forKey: .cacheWriteUSD),
      outputUSD: try c.decode(Double.self, forKey: .outputUSD),
      webSearchUSD: try c.decodeIfPresent(Double.self, forKey: .webSearchUSD) ?? 0,
      assumptions: try c.decodeIfPresent(PricingAssumptions.self, forKey: .assumptions) ?? [])
  }

  /// Encodes the parts, `total_usd` and the assumptions, with snake_case keys.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(inputUSD, forKey: .inputUSD)
    try c.encode(cacheReadUSD, forKey: .cacheReadUSD)
    try c.encode(cacheWriteUSD, forKey: .cacheWriteUSD)
    try c.encode(outputUSD, forKey: .outputUSD)
    // Only when there is one, so reports of calls without web searches keep their shape.
    if webSearchUSD != 0 { try c.encode(webSearchUSD, forKey: .webSearchUSD) }
    try c.encode(totalUSD, forKey: .totalUSD)
    try c.encode(assumptions, forKey: .assumptions)
  }
}
