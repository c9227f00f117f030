/// Per-token USD prices of one model in one price class, after every fallback.
public struct EffectiveTokenPrices: Hashable, Sendable {
  /// Uncached prompt tokens.
  public var input: Double
  /// Output tokens (and reasoning tokens when `reasoning` is nil).
  public var output: Double
  /// Prompt-cache hits.
  public var cacheRead: Double
  /// 5-minute cache writes.
  public var cacheWrite5m: Double
  /// 1-hour cache writes.
  public var cacheWrite1h: Double
  /// Reasoning tokens where the entry prices them apart; nil means "as output".
  public var reasoning: Double?
  /// The fallbacks behind each component's price.
  public var assumptions: [TokenPriceComponent: PricingAssumptions]
  /// One web search (the same in every price class).
  public var webSearch: Double = ModelPrice.assumedWebSearchUSD
  /// Whether `webSearch` is assumed (the entry states none).
  public var webSearchAssumed = true

  /// The cost of `usage` at these prices (see `ModelPrice.cost(of:batch:tier:)`).
  ///
  /// Computing `ModelPrice.effectivePrices(batch:tier:)` once and calling this per call avoids
  /// redoing the fallbacks for every call.
  ///
  /// - Parameter usage: Token counts priced in the class these prices were made for.
  /// - Returns: The cost, by token kind.
  public func cost(of usage: TokenUsage) -> CostBreakdown {
    let output = max(0, usage.outputTokens)
    let reasoningTokens = reasoning == nil ? 0 : min(max(0, usage.reasoningTokens), output)
    let outputUSD =
      Double(output - reasoningTokens) * self.output + Double(reasoningTokens) * (reasoning ?? self.output)
    return CostBreakdown(
      inputUSD: Double(usage.uncachedInputTokens) * input,
      cacheReadUSD: Double(max(0, usage.cacheReadTokens)) * cacheRead,
      cacheWriteUSD: Double(max(0, usage.cacheWrite5mTokens)) * cacheWrite5m
        + Double(max(0, usage.cacheWrite1hTokens)) * cacheWrite1h,
      outputUSD: outputUSD, webSearchUSD: Double(max(0, usage.webSearchRequests)) * webSearch,
      assumptions: assumptions(for: usage))
  }

  /// The fallbacks that matter for `usage`: those of components with a non-zero count.
  public func assumptions(for usage: TokenUsage) -> PricingAssumptions {
    // Called for every priced call: the few components with fallbacks are visited (most
    // entries have none), rather than one look-up per component with a count.
    var result = PricingAssumptions()
    for (component, notes) in assumptions where count(of: component, in: usage) > 0 {
      result.formUnion(notes)
    }
    if webSearchAssumed && usage.webSearchRequests > 0 { result.insert(.webSearchPriceAssumed) }
    return result
  }

  /// The tokens of `usage` that `component` prices.
  private func count(of component: TokenPriceComponent, in usage: TokenUsage) -> Int {
    switch component {
    case .input: return usage.uncachedInputTokens
    case .cacheRead: return usage.cacheReadTokens
    case .cacheWrite5m: return usage.cacheWrite5mTokens
    case .cacheWrite1h: return usage.cacheWrite1hTokens
    case .output: return usage.outputTokens
    case .reasoning: return reasoning == nil ? 0 : usage.reasoningTokens
    }
  }
}

extension ModelPrice {
  // MARK: - Cost

  /// The cost of `usage` on this model.
  ///
  /// Uncached input at the input price; cache reads at the cache-read price; 5-minute and 1-hour
  /// cache writes at their prices; output at the output price (reasoning tokens at
  /// `output_cost_per_reasoning_token` where stated). Fallbacks are listed in
  /// `CostBreakdown.assumptions`; see `effectivePrices(batch:tier:)` for the rules.
  ///
  /// - Parameters:
  ///   - usage: Token counts of one call, or of calls that share this price class.
  ///   - batch: Whether the calls went through a batch API.
  ///   - tier: The long-context tier of the calls (`PriceClass(usage:price:batch:)` computes it).
  /// - Returns: The cost, by token kind.
  public func cost(of usage: TokenUsage, batch: Bool, tier: LongContextTier) -> CostBreakdown {
    effectivePrices(batch: batch, tier: tier).cost(of: usage)
  }

  /// The cost of `usage` in a price class.
  ///
  /// - Parameters:
  ///   - usage: Token counts of calls that share `priceClass`.
  ///   - priceClass: Batch flag and long-context tier.
  /// - Returns: The cost, by token kind.
  public func cost(of usage: TokenUsage, in priceClass: PriceClass) -> CostBreakdown {
    cost(of: usage, batch: priceClass.batch, tier: priceClass.tier)
  }

  /// The cost of one call, its long-context tier computed from its prompt size.
  ///
  /// - Parameters:
  ///   - usage: One call's token counts.
  ///   - batch: Whether the call went through a batch API.
  /// - Returns: The cost, by token kind.
  public func cost(ofCall usage: TokenUsage, batch: Bool) -> CostBreakdown {
    cost(of: usage, in: PriceClass(usage: usage, price: self, batch: batch))
  }

  // MARK: - Effective prices

  /// Per-token prices in one price class, after fallbacks.
  ///
  /// 1. Long-context tier (when the entry has one at `tier`): the tier's price of each component.
  ///    A component the tier omits is scaled from the base price by the tier's input ratio (cache
  ///    reads and writes), or kept at the base price (output) — flagged `longContextPriceDerived`.
  /// 2. Missing cache prices: reads and 5-minute writes at the input price; 1-hour writes at
  ///    2× input for Claude models (Anthropic's multiplier) or at the 5-minute price otherwise.
  /// 3. Batch: the entry's `*_batches` price where stated; else the list price (after 1 and 2)
  ///    times the entry's batch-input ÷ list-input ratio, so that batch and cache discounts
  ///    compose (a batch cache read = cache-read price × batch input ÷ list input); else 50% for
  ///    providers with a published half-price batch API; else the list price (`batchPriceUnknown`).
  ///
  /// - Parameters:
  ///   - batch: Batch API or not.
  ///   - tier: The long-context tier; a tier the entry does not have means `.none`.
  /// - Returns: The prices and the assumptions behind them.
  public func effectivePrices(
    batch: Bool, tier: LongContextTier, service: ServiceTier = .standard
  ) -> EffectiveTokenPrices {
    let tierPrices = tier.isNone ? nil : prices(at: tier)
    var notes: [TokenPriceComponent: PricingAssumptions] = [:]
    func listPrice(_ c: TokenPriceComponent) -> Double? {
      guard let tp = tierPrices else { return list[c] }
      if let v = tp.list[c] { return v }
      guard let base = list[c] else { return nil }
      notes[c, default: []].insert(.longContextPriceDerived)
      switch c {
      case .output, .reasoning, .input:
        return base
      case .cacheRead, .cacheWrite5m, .cacheWrite1h:
        guard let tierInput = tp.list.input, let baseInput = list.input, baseInput > 0 else { return base }
        return base * tierInput / baseInput
      }
    }
    let input = listPrice(.input) ?? 0
    var prices: [TokenPriceComponent: Double] = [.input: input]
    if let v = listPrice(.output) {
      prices[.output] = v
    } else {
      prices[.output] = 0
      notes[.output, default: []].insert(.outputPriceMissing)
    }
    if let v = listPrice(.cacheRead) {
      prices[.cacheRead] = v
    } else {
      prices[.cacheRead] = input
      notes[.cacheRead, default: []].insert(.cacheReadAtInputPrice)
    }
    let write5m = listPrice(.cacheWrite5m)
    prices[.cacheWrite5m] = write5m ?? input
    if write5m == nil { notes[.cacheWrite5m, default: []].insert(.cacheWriteAtInputPrice) }
    if let v = listPrice(.cacheWrite1h) {
      prices[.cacheWrite1h] = v
    } else {
      let isClaude = ProviderFamily.isAnthropicModel(key: key, litellmProvider: provider)
      prices[.cacheWrite1h] = isClaude ? 2 * input : (write5m ?? input)
      notes[.cacheWrite1h, default: []].insert(.cacheWrite1hDerived)
    }
    let reasoning = listPrice(.reasoning)
    if let reasoning { prices[.reasoning] = reasoning }

    if batch {
      applyBatch(to: &prices, notes: &notes, tierPrices: tierPrices)
    } else if service != .standard {
      applyServiceTier(service, to: &prices, notes: &notes, tierPrices: tierPrices)
    }
    var effective = EffectiveTokenPrices(
      input: prices[.input] ?? 0, output: prices[.output] ?? 0, cacheRead: prices[.cacheRead] ?? 0,
      cacheWrite5m: prices[.cacheWrite5m] ?? 0, cacheWrite1h: prices[.cacheWrite1h] ?? 0,
      reasoning: reasoning == nil ? nil : prices[.reasoning], assumptions: notes)
    if let stated = webSearchUSDPerQuery {
      effective.webSearch = stated
      effective.webSearchAssumed = false
    }
    return effective
  }

  /// The price of a web search where the entry states none: $0.01, the list price of Anthropic's
  /// web search tool and of OpenAI's for most models.
  public static let assumedWebSearchUSD = 0.01

  // Flex and priority prices: each component's stated price, else the list price scaled by the
  // tier's stated input ratio; with no stated input price at all, the list price, noted.
  private func applyServiceTier(
    _ service: ServiceTier, to prices: inout [TokenPriceComponent: Double],
    notes: inout [TokenPriceComponent: PricingAssumptions], tierPrices: LongContextPrices?
  ) {
    let stated = tierPrices?.stated(service) ?? self.stated(service)
    let listInput = prices[.input] ?? 0
    var ratio: Double?
    if let t = stated.input, listInput > 0 {
      ratio = t / listInput
    } else if let t = self.stated(service).input, let l = list.input, l > 0 {
      ratio = t / l
    }
    for component in TokenPriceComponent.allCases {
      guard let listPrice = prices[component] else { continue }
      if let explicit = stated[component] {
        prices[component] = explicit
        notes[component] = nil
      } else if let ratio {
        prices[component] = listPrice * ratio
      } else {
        notes[component, default: []].insert(.serviceTierPriceUnknown)
      }
    }
  }

  private func applyBatch(
    to prices: inout [TokenPriceComponent: Double], notes: inout [TokenPriceComponent: PricingAssumptions],
    tierPrices: LongContextPrices?
  ) {
    let stated = tierPrices?.batch ?? batch
    let listInput = prices[.input] ?? 0
    // The ratio that turns a list price into a batch price, from the entry's own input prices.
    var ratio: Double?
    if let b = stated.input, listInput > 0 {
      ratio = b / listInput
    } else if let b = batch.input, let l = list.input, l > 0 {
      ratio = b / l
    }
    var fallbackNote = PricingAssumptions()
    if ratio == nil {
      let half = ProviderFamily.offersHalfPriceBatch(providerFamily)
      fallbackNote = half ? .batchDiscountAssumed : .batchPriceUnknown
    }
    let fallbackRatio = ratio ?? (fallbackNote == .batchDiscountAssumed ? 0.5 : 1.0)
    for component in TokenPriceComponent.allCases {
      guard let listPrice = prices[component] else { continue }
      if let explicit = stated[component] {
        prices[component] = explicit
        notes[component] = nil
        continue
      }
      prices[component] = listPrice * fallbackRatio
      if !fallbackNote.isEmpty { notes[component, default: []].formUnion(fallbackNote) }
    }
  }
}
