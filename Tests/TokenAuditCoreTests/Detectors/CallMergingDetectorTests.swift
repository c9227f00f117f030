import Testing

@testable import TokenAuditCore

extension Advisor {
  @Suite struct CallMergingDetectorTests {
    @Test func flagsBurstsOfTinyCallsWithTheSameLongInstructions() throws {
      let (r, fs) = try AdvisorFixtures.findings(CallMergingDetector.id, "triggering")
      let f = try #require(fs.first)
      #expect(fs.count == 1)
      AdvisorFixtures.checkShape(f, r)
      #expect(f.lever == "batching" && f.kind == "shared-instructions" && f.agent == "tagger")
      // The first call of the burst has no predecessor in the window.
      #expect(f.calls == 24)
      #expect(f.how.contains("up to 10 items"))
    }

    @Test func callsWithShortInstructionsAreNotMerged() throws {
      let (_, fs) = try AdvisorFixtures.findings(CallMergingDetector.id, "clean")
      #expect(fs.isEmpty)
    }
  }
}
