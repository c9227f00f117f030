import Testing

@testable import TokenAuditCore

extension Advisor {
  @Suite struct UnusedToolsDetectorTests {
    @Test func flagsEachToolTheAgentNeverCalls() throws {
      let (r, fs) = try AdvisorFixtures.findings(UnusedToolsDetector.id, "triggering")
      #expect(
        Set(fs.map(\.title)) == [
          "Tool escalate_case sent on every call, never called", "Tool refund_order sent on every call, never called",
        ])
      for f in fs {
        AdvisorFixtures.checkShape(f, r)
        #expect(f.agent == "ops-agent" && f.phase == nil && f.kind == "never-called" && f.lever == "pruning")
        #expect(f.calls == 52)
      }
      #expect(Set(fs.map(\.id)).count == 2)
      #expect(!fs.contains { $0.title.contains("get_order") })
    }

    @Test func toolsThatAreCalledAreKept() throws {
      let (_, fs) = try AdvisorFixtures.findings(UnusedToolsDetector.id, "clean")
      #expect(fs.isEmpty)
    }
  }
}
