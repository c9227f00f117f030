import Testing

@testable import TokenAuditCore

extension Advisor {
  @Suite struct ReliabilityDetectorTests {
    @Test func flagsBilledFailuresRetryStormsAndTruncationReasks() throws {
      let (r, fs) = try AdvisorFixtures.findings(ReliabilityDetector.id, "triggering")
      #expect(Set(fs.map(\.kind)) == ["billed-failures", "retry-storm", "truncation-reask"])
      for f in fs {
        AdvisorFixtures.checkShape(f, r)
        #expect(f.lever == "reliability" && f.week == 1 && f.agent == "support-bot")
      }
      let storm = try #require(fs.first { $0.kind == "retry-storm" })
      #expect(Set(storm.requestIds) == ["rel-storm-2", "rel-storm-3", "rel-storm-4"])
      let reask = try #require(fs.first { $0.kind == "truncation-reask" })
      #expect(Set(reask.requestIds) == Set((0..<4).map { "rel-trunc-\($0)" }))
      #expect(reask.phase == "policy")
      let failures = try #require(fs.first { $0.kind == "billed-failures" })
      #expect(failures.calls == 5)
      #expect(failures.detail.contains("context_length_exceeded"))
    }

    @Test func reportsGuardrailRatesPerAgent() throws {
      let (r, _) = try AdvisorFixtures.findings(ReliabilityDetector.id, "triggering")
      let q = try #require(r.quality.first { $0.agent == "support-bot" })
      #expect(q.calls == 24)
      #expect(abs(q.errorRate - 5.0 / 24) < 1e-12)
      #expect(abs(q.truncationRate - 4.0 / 24) < 1e-12)
      // Attempts 2–5 of the storm and the four re-asks.
      #expect(abs(q.retryRate - 8.0 / 24) < 1e-12)
    }

    @Test func leanAgentHasNoFindingsAndZeroRates() throws {
      let (r, fs) = try AdvisorFixtures.findings(ReliabilityDetector.id, "clean")
      #expect(fs.isEmpty)
      let q = try #require(r.quality.first { $0.agent == "lean-bot" })
      #expect(q.errorRate == 0 && q.retryRate == 0 && q.truncationRate == 0)
    }
  }
}
