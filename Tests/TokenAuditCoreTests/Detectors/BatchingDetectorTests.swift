import Testing

@testable import TokenAuditCore

extension Advisor {
  @Suite struct BatchingDetectorTests {
    @Test func flagsANightlyBurstAtHalfPrice() throws {
      let (r, fs) = try AdvisorFixtures.findings(BatchingDetector.id, "triggering")
      let f = try #require(fs.first)
      #expect(fs.count == 1)
      AdvisorFixtures.checkShape(f, r)
      #expect(f.lever == "batching" && f.week == 5 && f.agent == "nightly-digest" && f.confidence == "high")
      #expect(f.how.contains("POST /v1/batches"))
      #expect(f.risk.contains("24 hours"))
      #expect(f.detail.contains("between 02:00 and 04:00 UTC"))
      // gpt-4o's batch price is half its list price.
      #expect(abs(f.savingsUSD - r.totals.costUSD / 2) < 1e-9)
    }

    @Test func streamedDaytimeChatIsNotBatched() throws {
      let (_, fs) = try AdvisorFixtures.findings(BatchingDetector.id, "clean")
      #expect(fs.isEmpty)
    }
  }
}
