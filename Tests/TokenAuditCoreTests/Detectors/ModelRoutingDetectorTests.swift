import Foundation
import Testing

@testable import TokenAuditCore

extension Advisor {
  @Suite struct ModelRoutingDetectorTests {
    @Test func routesSimpleGroupsToACheaperModelOfTheSameFamily() throws {
      let (r, fs) = try AdvisorFixtures.findings(ModelRoutingDetector.id, "triggering")
      #expect(fs.count == 2)
      for f in fs {
        AdvisorFixtures.checkShape(f, r)
        #expect(f.lever == "routing" && f.week == 2 && f.kind == "simple-work")
        #expect(f.how.contains("agreement ≥ 95%"))
        #expect(f.risk.contains("Route only after testing"))
      }
      let triage = try #require(fs.first { $0.agent == "triage" })
      #expect(triage.title == "Route simple gpt-4o calls to gpt-4o-mini")
      #expect(triage.how.contains("replay 30 random request ids"))
      #expect(triage.requestIds.count == 30)
      #expect(triage.detail.contains("short labels"))
      let extractor = try #require(fs.first { $0.agent == "extractor" })
      #expect(extractor.title == "Route simple claude-sonnet-4-5 calls to claude-haiku-4-5")
      #expect(extractor.detail.contains("JSON"))
    }

    @Test func savingIsThePriceDifferenceOnTheSameTokens() throws {
      let (r, fs) = try AdvisorFixtures.findings(ModelRoutingDetector.id, "triggering")
      let triage = try #require(fs.first { $0.agent == "triage" })
      let table = try PriceTable.bundled()
      let one = try #require(
        table.priceDifference(of: TokenUsage(inputTokens: 3000, outputTokens: 2), from: "gpt-4o", to: "gpt-4o-mini"))
      #expect(abs(triage.savingsUSD - 30 * one.savingsUSD) < 1e-9)
      #expect(r.findings.allSatisfy { $0.savingsUSD > 0 })
    }

    @Test func freeTextWritersAreNotRouted() throws {
      let (_, fs) = try AdvisorFixtures.findings(ModelRoutingDetector.id, "clean")
      #expect(fs.isEmpty)
    }

    @Test(arguments: [
      (0.95, 0.2, 150, "high"), (0.95, 0.8, 150, "medium"), (0.8, 0.2, 40, "medium"), (0.7, 0.2, 500, "low"),
      (1.0, 0.0, 25, "low"),
    ])
    func confidenceFollowsUniformity(share: Double, variation: Double, calls: Int, expected: String) {
      #expect(ModelRoutingDetector.confidence(share: share, variation: variation, calls: calls) == expected)
    }

    @Test func suggestsTheNearestSameSeriesStepThatIsCheapEnough() throws {
      let table = try PriceTable.bundled()
      let date = Date(timeIntervalSince1970: 1_767_225_600)
      let opus = try #require(table.resolve(model: "claude-opus-4-5"))
      // Sonnet is 60% of Opus's price, above the 40% cap; Haiku is 20%.
      #expect(
        ModelRoutingDetector.suggestion(for: opus, in: table, asOf: date, maxRatio: 0.4)?.key == "claude-haiku-4-5")
      let gpt41 = try #require(table.resolve(model: "gpt-4.1"))
      #expect(ModelRoutingDetector.suggestion(for: gpt41, in: table, asOf: date, maxRatio: 0.4)?.key == "gpt-4.1-mini")
    }
  }
}
