import Foundation
import Testing

@testable import TokenAuditCore

extension Pricing {
  @Suite struct PriceClassTests {
    @Test func encodesAsSnakeCaseWithTierName() throws {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      let data = try encoder.encode(PriceClass(batch: true, tier: .above200k))
      #expect(String(decoding: data, as: UTF8.self) == #"{"batch":true,"long_context_tier":"above_200k"}"#)
      #expect(try JSONDecoder().decode(PriceClass.self, from: data) == PriceClass(batch: true, tier: .above200k))
    }

    @Test func tierNamesRoundTrip() {
      for tier in [LongContextTier.none, .above128k, .above200k, LongContextTier(thresholdTokens: 272_000)] {
        #expect(LongContextTier(tier.description) == tier)
      }
      #expect(LongContextTier("above_x") == nil)
    }

    @Test func highestExceededTierWins() {
      let price = ModelPrice(
        key: "acme", list: TokenPrices(input: 1e-06),
        longContext: [
          LongContextPrices(tier: .above200k, list: TokenPrices(input: 3e-06)),
          LongContextPrices(tier: LongContextTier(thresholdTokens: 32_000), list: TokenPrices(input: 2e-06)),
        ])
      #expect(price.longContextTier(forInputTokens: 32_000) == .none)
      #expect(price.longContextTier(forInputTokens: 32_001) == LongContextTier(thresholdTokens: 32_000))
      #expect(price.longContextTier(forInputTokens: 500_000) == .above200k)
    }

    @Test func ordersAndDescribes() {
      #expect(PriceClass.standard.description == "standard")
      #expect(PriceClass(batch: true, tier: .above128k).description == "batch+above_128k")
      #expect(
        [PriceClass(batch: true), PriceClass(tier: .above200k), .standard].sorted()
          == [.standard, PriceClass(tier: .above200k), PriceClass(batch: true)])
    }

    @Test func costBreakdownEncodesTotalAndAssumptions() throws {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys]
      let cost = CostBreakdown(
        inputUSD: 1, cacheReadUSD: 0.5, assumptions: [.cacheWrite1hDerived, .batchDiscountAssumed])
      let text = String(decoding: try encoder.encode(cost), as: UTF8.self)
      #expect(
        text
          == #"{"assumptions":["batch_discount_assumed","cache_write_1h_derived"],"cache_read_usd":0.5,"#
          + #""cache_write_usd":0,"input_usd":1,"output_usd":0,"total_usd":1.5}"#)
      #expect(try JSONDecoder().decode(CostBreakdown.self, from: Data(text.utf8)) == cost)
    }
  }
}
