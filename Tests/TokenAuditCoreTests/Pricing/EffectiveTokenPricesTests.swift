import Testing

@testable import TokenAuditCore

/// `EffectiveTokenPrices.assumptions(for:)` (a walk over the components that have fallbacks)
/// against the previous version (one look-up per component with a non-zero count).
@Suite struct EffectiveTokenPricesTests {
  static func reference(_ p: EffectiveTokenPrices, _ usage: TokenUsage) -> PricingAssumptions {
    var result = PricingAssumptions()
    let counts: [(TokenPriceComponent, Int)] = [
      (.input, usage.uncachedInputTokens), (.cacheRead, usage.cacheReadTokens),
      (.cacheWrite5m, usage.cacheWrite5mTokens), (.cacheWrite1h, usage.cacheWrite1hTokens),
      (.output, usage.outputTokens), (.reasoning, p.reasoning == nil ? 0 : usage.reasoningTokens),
    ]
    for (component, count) in counts where count > 0 {
      result.formUnion(p.assumptions[component] ?? [])
    }
    return result
  }

  @Test(arguments: [1, 2, 3])
  func assumptionsMatchThePerComponentLookUps(seed: UInt64) {
    var rng = SplitMix(seed: seed)
    for _ in 0..<2_000 {
      var notes: [TokenPriceComponent: PricingAssumptions] = [:]
      for c in TokenPriceComponent.allCases where rng.int(3) == 0 {
        notes[c] = PricingAssumptions(rawValue: 1 + rng.int(31))
      }
      let prices = EffectiveTokenPrices(
        input: 1e-6, output: 2e-6, cacheRead: 1e-7, cacheWrite5m: 2e-6, cacheWrite1h: 3e-6,
        reasoning: rng.int(2) == 0 ? nil : 4e-6, assumptions: notes)
      // Counts of 0 or below leave a component out; negative counts come from odd logs.
      func count() -> Int { [0, 0, 1, 5, -3, 1_000][rng.int(6)] }
      let usage = TokenUsage(
        inputTokens: count(), cacheReadTokens: count(), cacheWrite5mTokens: count(), cacheWrite1hTokens: count(),
        outputTokens: count(), reasoningTokens: count())
      #expect(prices.assumptions(for: usage) == Self.reference(prices, usage))
    }
  }
}
