import Foundation
import Testing

@testable import TokenAuditCore

extension Pricing {
  @Suite struct PriceTableAlternativesTests {
    // 2026-01-01T00:00:00Z, a date before every deprecation the tests rely on.
    private let auditDate = Date(timeIntervalSince1970: 1_767_225_600)

    private func alternatives(_ model: String, sameSeriesOnly: Bool = false) throws -> [String] {
      let table = try PricingFixtures.table
      let resolved = try #require(table.resolve(model: model))
      return table.cheaperAlternatives(to: resolved, asOf: auditDate, sameSeriesOnly: sameSeriesOnly).map(\.key)
    }

    @Test func claudeOpusStepsDownToSonnetThenHaiku() throws {
      let keys = try alternatives("claude-opus-4-5", sameSeriesOnly: true)
      #expect(keys == ["claude-sonnet-4-5", "claude-haiku-4-5"])
    }

    @Test(arguments: [
      ("gpt-4o", ["gpt-4o-mini"]),
      ("gpt-4.1", ["gpt-4.1-mini", "gpt-4.1-nano"]),
      ("gpt-5", ["gpt-5-mini", "gpt-5-nano"]),
    ])
    func openAISeriesSteps(model: String, expected: [String]) throws {
      #expect(try alternatives(model, sameSeriesOnly: true) == expected)
    }

    @Test func allCheaperModelsAreSortedAndFiltered() throws {
      let table = try PricingFixtures.table
      let opus = try #require(table.resolve(model: "claude-opus-4-5"))
      let all = table.cheaperAlternatives(to: opus, asOf: auditDate)
      let blends = all.map(\.blendedUSDPerToken)
      #expect(blends == blends.sorted(by: >))
      #expect(all.allSatisfy { $0.price.provider == "anthropic" && $0.price.mode == "chat" })
      #expect(all.allSatisfy { $0.blendedUSDPerToken < opus.price.blendedUSDPerToken! })
      // One entry per model: the undated alias stands for its dated snapshot.
      #expect(all.contains { $0.key == "claude-sonnet-4-5" })
      #expect(!all.contains { $0.key == "claude-sonnet-4-5-20250929" })
      #expect(!all.contains { $0.key.contains("preview") })
    }

    @Test func deprecatedModelsAreLeftOut() throws {
      let table = try PricingFixtures.table
      let opus = try #require(table.resolve(model: "claude-opus-4-5"))
      // claude-sonnet-4-5 is deprecated on 2026-11-30.
      let later = Date(timeIntervalSince1970: 1_798_761_600)  // 2027-01-01
      #expect(!table.cheaperAlternatives(to: opus, asOf: later).contains { $0.key == "claude-sonnet-4-5" })
    }

    @Test func bedrockStaysOnBedrockWithoutRegionDuplicates() throws {
      let table = try PricingFixtures.table
      let opus = try #require(table.resolve(model: "anthropic.claude-opus-4-5-20251101-v1:0"))
      let all = table.cheaperAlternatives(to: opus, asOf: auditDate)
      #expect(!all.isEmpty)
      #expect(all.allSatisfy { $0.price.provider == opus.price.provider && !$0.key.contains("/") })
      #expect(!all.contains { $0.key.hasPrefix("us.") || $0.key.hasPrefix("eu.") || $0.key.hasPrefix("global.") })
    }

    @Test func priceDifferenceCostsTheSameUsageOnBothModels() throws {
      let table = try PricingFixtures.table
      let usage = TokenUsage(inputTokens: 10_000, cacheReadTokens: 4_000, outputTokens: 1_000)
      let diff = try #require(table.priceDifference(of: usage, from: "gpt-4o", to: "gpt-4o-mini", provider: "openai"))
      #expect(diff.currentKey == "gpt-4o")
      #expect(diff.alternativeKey == "gpt-4o-mini")
      // gpt-4o: $0.03 (see ModelPriceCostTests). gpt-4o-mini ($0.15 input, $0.075 cached, $0.60 output
      // per million): 6,000 × 0.15 + 4,000 × 0.075 + 1,000 × 0.6 = $0.0018. Savings $0.0282.
      #expect(abs(diff.current.totalUSD - 0.03) < 1e-9)
      #expect(abs(diff.alternative.totalUSD - 0.0018) < 1e-9)
      #expect(abs(diff.savingsUSD - 0.0282) < 1e-9)
      #expect(table.priceDifference(of: usage, from: "gpt-4o", to: "no-such-model") == nil)
    }
  }
}
