import Testing

@testable import TokenAuditCore

extension Pricing {
  /// Dollar figures computed by hand from the table's per-token prices (quoted in the comments in
  /// $ per million tokens), and again in the test from the raw prices read from the table.
  @Suite struct ModelPriceCostTests {
    // Doubles are compared to a tenth of a micro-dollar; the exact checks use the same arithmetic.
    private func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-7 }

    private func model(_ key: String) throws -> ModelPrice {
      try #require(try PricingFixtures.table[key])
    }

    // MARK: - Standard calls

    @Test func openAIWithCachedTokens() throws {
      let gpt4o = try model("gpt-4o")
      // prompt_tokens 10,000 of which cached_tokens 4,000; completion_tokens 1,000.
      let usage = TokenUsage(inputTokens: 10_000, cacheReadTokens: 4_000, outputTokens: 1_000)
      let cost = gpt4o.cost(ofCall: usage, batch: false)
      // $2.50 input, $1.25 cached, $10 output per million:
      // 6,000 × 2.50 = $0.015; 4,000 × 1.25 = $0.005; 1,000 × 10 = $0.01; total $0.03.
      #expect(close(cost.inputUSD, 0.015))
      #expect(close(cost.cacheReadUSD, 0.005))
      #expect(cost.cacheWriteUSD == 0)
      #expect(close(cost.outputUSD, 0.01))
      #expect(close(cost.totalUSD, 0.03))
      let input = try #require(gpt4o.list.input)
      let cached = try #require(gpt4o.list.cacheRead)
      let output = try #require(gpt4o.list.output)
      #expect(cost.totalUSD == 6_000 * input + 4_000 * cached + 1_000 * output)
      #expect(cost.assumptions.isEmpty)
    }

    @Test func anthropicWithFiveMinuteAndOneHourWritesAndReads() throws {
      let sonnet = try model("claude-sonnet-4-5")
      // input_tokens 15,000 + cache_read 20,000 + cache_creation 5m 10,000 + 1h 5,000; output 2,000.
      let usage = TokenUsage(
        inputTokens: 50_000, cacheReadTokens: 20_000, cacheWrite5mTokens: 10_000, cacheWrite1hTokens: 5_000,
        outputTokens: 2_000)
      let cost = sonnet.cost(ofCall: usage, batch: false)
      // $3 input, $0.30 read, $3.75 5m write, $6 1h write, $15 output per million:
      // 15,000 × 3 = $0.045; 20,000 × 0.30 = $0.006; 10,000 × 3.75 + 5,000 × 6 = $0.0675;
      // 2,000 × 15 = $0.03; total $0.1485.
      #expect(close(cost.inputUSD, 0.045))
      #expect(close(cost.cacheReadUSD, 0.006))
      #expect(close(cost.cacheWriteUSD, 0.0675))
      #expect(close(cost.outputUSD, 0.03))
      #expect(close(cost.totalUSD, 0.1485))
      let p = sonnet.list
      let expected =
        15_000 * p.input! + 20_000 * p.cacheRead! + (10_000 * p.cacheWrite5m! + 5_000 * p.cacheWrite1h!)
        + 2_000 * p.output!
      #expect(cost.totalUSD == expected)
      #expect(cost.assumptions.isEmpty)
    }

    // MARK: - Batch

    @Test func openAIBatchComposesWithTheCacheDiscount() throws {
      let gpt4o = try model("gpt-4o")
      let usage = TokenUsage(inputTokens: 10_000, cacheReadTokens: 4_000, outputTokens: 1_000)
      let cost = gpt4o.cost(ofCall: usage, batch: true)
      // Batch $1.25 input, $5 output per million; no batch cache price, so cached tokens cost
      // 1.25 × (1.25 / 2.50) = $0.625 per million:
      // 6,000 × 1.25 = $0.0075; 4,000 × 0.625 = $0.0025; 1,000 × 5 = $0.005; total $0.015.
      #expect(close(cost.inputUSD, 0.0075))
      #expect(close(cost.cacheReadUSD, 0.0025))
      #expect(close(cost.outputUSD, 0.005))
      #expect(close(cost.totalUSD, 0.015))
      let ratio = gpt4o.batch.input! / gpt4o.list.input!
      #expect(cost.cacheReadUSD == 4_000 * (gpt4o.list.cacheRead! * ratio))
      #expect(cost.assumptions.isEmpty)
      #expect(PriceClass(usage: usage, price: gpt4o, batch: true) == PriceClass(batch: true, tier: .none))
    }

    @Test func anthropicBatchUsesStatedBatchCachePrices() throws {
      let sonnet = try model("claude-sonnet-4-5")
      let usage = TokenUsage(
        inputTokens: 50_000, cacheReadTokens: 20_000, cacheWrite5mTokens: 10_000, cacheWrite1hTokens: 5_000,
        outputTokens: 2_000)
      let cost = sonnet.cost(ofCall: usage, batch: true)
      // Stated batch prices: $1.50 input, $0.15 read, $1.875 5m write, $7.50 output per million;
      // the 1h write has no batch price: $6 × (1.50 / 3) = $3 per million.
      // 15,000 × 1.5 = $0.0225; 20,000 × 0.15 = $0.003; 10,000 × 1.875 + 5,000 × 3 = $0.03375;
      // 2,000 × 7.5 = $0.015; total $0.07425 (half of $0.1485).
      #expect(close(cost.inputUSD, 0.0225))
      #expect(close(cost.cacheReadUSD, 0.003))
      #expect(close(cost.cacheWriteUSD, 0.03375))
      #expect(close(cost.outputUSD, 0.015))
      #expect(close(cost.totalUSD, 0.07425))
      #expect(cost.assumptions.isEmpty)
    }

    @Test func batchWithoutStatedPricesAssumesHalfForKnownProviders() {
      let anthropic = ModelPrice(key: "claude-x", provider: "anthropic", list: TokenPrices(input: 4e-06, output: 2e-05))
      let usage = TokenUsage(inputTokens: 1_000, outputTokens: 100)
      let cost = anthropic.cost(ofCall: usage, batch: true)
      #expect(cost.totalUSD == 1_000 * 2e-06 + 100 * 1e-05)
      #expect(cost.assumptions == [.batchDiscountAssumed])

      let other = ModelPrice(key: "acme-1", provider: "acme", list: TokenPrices(input: 4e-06, output: 2e-05))
      let listCost = other.cost(ofCall: usage, batch: true)
      #expect(listCost.totalUSD == 1_000 * 4e-06 + 100 * 2e-05)
      #expect(listCost.assumptions == [.batchPriceUnknown])
    }

    // MARK: - Long context

    @Test func geminiAbove200kPricesTheWholeCallAtTheTier() throws {
      let pro = try model("gemini-2.5-pro")
      let usage = TokenUsage(inputTokens: 250_000, cacheReadTokens: 100_000, outputTokens: 4_000)
      let priceClass = PriceClass(usage: usage, price: pro, batch: false)
      #expect(priceClass == PriceClass(batch: false, tier: .above200k))
      let cost = pro.cost(of: usage, in: priceClass)
      // Above 200k: $2.50 input, $0.25 read, $15 output per million, for all tokens:
      // 150,000 × 2.5 = $0.375; 100,000 × 0.25 = $0.025; 4,000 × 15 = $0.06; total $0.46.
      #expect(close(cost.inputUSD, 0.375))
      #expect(close(cost.cacheReadUSD, 0.025))
      #expect(close(cost.outputUSD, 0.06))
      #expect(close(cost.totalUSD, 0.46))
      let tier = try #require(pro.prices(at: .above200k)).list
      #expect(cost.totalUSD == 150_000 * tier.input! + 100_000 * tier.cacheRead! + 4_000 * tier.output!)

      // Exactly 200,000 prompt tokens does not exceed the threshold: base prices
      // ($1.25 input, $0.125 read, $10 output): 100,000 × 1.25 + 100,000 × 0.125 + 4,000 × 10 = $0.1775.
      let atThreshold = TokenUsage(inputTokens: 200_000, cacheReadTokens: 100_000, outputTokens: 4_000)
      #expect(PriceClass(usage: atThreshold, price: pro, batch: false).tier == .none)
      #expect(close(pro.cost(ofCall: atThreshold, batch: false).totalUSD, 0.1775))
    }

    @Test func claudeAbove200kWithCacheWritesAndBatch() throws {
      let sonnet = try model("vertex_ai/claude-sonnet-4-5")
      let usage = TokenUsage(
        inputTokens: 300_000, cacheReadTokens: 200_000, cacheWrite5mTokens: 50_000, cacheWrite1hTokens: 10_000,
        outputTokens: 1_000)
      let cost = sonnet.cost(ofCall: usage, batch: false)
      // Above 200k: $6 input, $0.60 read, $7.50 5m write, $12 1h write, $22.50 output per million:
      // 40,000 × 6 = $0.24; 200,000 × 0.6 = $0.12; 50,000 × 7.5 + 10,000 × 12 = $0.495;
      // 1,000 × 22.5 = $0.0225; total $0.8775.
      #expect(close(cost.inputUSD, 0.24))
      #expect(close(cost.cacheReadUSD, 0.12))
      #expect(close(cost.cacheWriteUSD, 0.495))
      #expect(close(cost.outputUSD, 0.0225))
      #expect(close(cost.totalUSD, 0.8775))
      #expect(cost.assumptions.isEmpty)

      // Batch above 200k: no tier batch prices, so every tier price × (1.50 / 3) = half: $0.43875.
      let batch = sonnet.cost(ofCall: usage, batch: true)
      #expect(close(batch.totalUSD, 0.43875))
      #expect(batch.assumptions.isEmpty)
    }

    @Test func geminiBatchAbove200kUsesTierBatchPrices() throws {
      let pro = try model("gemini-2.5-pro")
      let usage = TokenUsage(inputTokens: 250_000, outputTokens: 4_000)
      let cost = pro.cost(ofCall: usage, batch: true)
      // Tier batch prices $1.25 input, $7.50 output per million: 250,000 × 1.25 + 4,000 × 7.5 = $0.3425.
      #expect(close(cost.totalUSD, 0.3425))
    }

    @Test func tierMissingACachePriceScalesItFromTheBase() {
      let price = ModelPrice(
        key: "acme-long", provider: "acme",
        list: TokenPrices(input: 1e-06, output: 4e-06, cacheRead: 1e-07),
        longContext: [LongContextPrices(tier: .above128k, list: TokenPrices(input: 2e-06, output: 6e-06))])
      let usage = TokenUsage(inputTokens: 150_000, cacheReadTokens: 100_000, outputTokens: 1_000)
      let cost = price.cost(ofCall: usage, batch: false)
      #expect(close(cost.cacheReadUSD, 100_000 * 2e-07))
      #expect(close(cost.inputUSD, 50_000 * 2e-06))
      #expect(close(cost.outputUSD, 1_000 * 6e-06))
      #expect(cost.assumptions == [.longContextPriceDerived])
    }

    // MARK: - Fallbacks

    @Test func missingCachePricesFallBackAndSaySo() {
      let claude = ModelPrice(key: "claude-x", provider: "anthropic", list: TokenPrices(input: 3e-06, output: 1.5e-05))
      let usage = TokenUsage(
        inputTokens: 4_000, cacheReadTokens: 1_000, cacheWrite5mTokens: 1_000, cacheWrite1hTokens: 1_000,
        outputTokens: 10)
      let cost = claude.cost(ofCall: usage, batch: false)
      #expect(cost.cacheReadUSD == 1_000 * 3e-06)
      #expect(cost.cacheWriteUSD == 1_000 * 3e-06 + 1_000 * 6e-06)  // 1h: 2 × input for Claude
      #expect(cost.assumptions == [.cacheReadAtInputPrice, .cacheWriteAtInputPrice, .cacheWrite1hDerived])

      let other = ModelPrice(
        key: "acme-1", provider: "acme", list: TokenPrices(input: 1e-06, output: 2e-06, cacheWrite5m: 1.5e-06))
      #expect(other.cost(ofCall: usage, batch: false).cacheWriteUSD == 1_000 * 1.5e-06 + 1_000 * 1.5e-06)

      // Assumptions are reported only for token kinds the usage has.
      #expect(claude.cost(ofCall: TokenUsage(inputTokens: 10, outputTokens: 10), batch: false).assumptions.isEmpty)
    }

    @Test func reasoningTokensUseTheirOwnPriceWhereStated() {
      let price = ModelPrice(
        key: "acme-think", provider: "acme", list: TokenPrices(input: 1e-06, output: 2e-06, reasoning: 5e-06))
      let usage = TokenUsage(inputTokens: 100, outputTokens: 1_000, reasoningTokens: 600)
      #expect(price.cost(ofCall: usage, batch: false).outputUSD == 400 * 2e-06 + 600 * 5e-06)
      let plain = ModelPrice(key: "acme-plain", provider: "acme", list: TokenPrices(input: 1e-06, output: 2e-06))
      #expect(plain.cost(ofCall: usage, batch: false).outputUSD == 1_000 * 2e-06)
    }

    @Test func costOfSummedUsageEqualsSumOfCosts() throws {
      let sonnet = try model("claude-sonnet-4-5")
      let a = TokenUsage(inputTokens: 5_000, cacheReadTokens: 3_000, cacheWrite5mTokens: 1_000, outputTokens: 300)
      let b = TokenUsage(inputTokens: 7_000, cacheReadTokens: 6_000, cacheWrite1hTokens: 500, outputTokens: 900)
      let together = sonnet.cost(of: a + b, in: .standard).totalUSD
      let apart = sonnet.cost(of: a, in: .standard).totalUSD + sonnet.cost(of: b, in: .standard).totalUSD
      #expect(close(together, apart))
    }
  }
}
