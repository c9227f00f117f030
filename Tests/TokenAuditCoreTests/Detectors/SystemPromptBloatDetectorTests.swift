import Testing

@testable import TokenAuditCore

extension Advisor {
  @Suite struct SystemPromptBloatDetectorTests {
    @Test func flagsRepeatedParagraphsAndAnOversizedPrompt() throws {
      let (r, fs) = try AdvisorFixtures.findings(SystemPromptBloatDetector.id, "triggering")
      #expect(Set(fs.map(\.kind)) == ["repeated-paragraphs", "oversized"])
      for f in fs {
        AdvisorFixtures.checkShape(f, r)
        #expect(f.lever == "pruning" && f.week == 3 && f.agent == "policy-bot" && f.phase == "answer")
      }
      let repeated = try #require(fs.first { $0.kind == "repeated-paragraphs" })
      #expect(repeated.detail.contains("“Always greet the customer by name"))
      #expect(repeated.confidence == "high")
      let oversized = try #require(fs.first { $0.kind == "oversized" })
      #expect(oversized.confidence == "low")
      #expect(oversized.detail.contains("removes 20%"))
    }

    @Test func leanPromptsAreNotFlagged() throws {
      let (_, fs) = try AdvisorFixtures.findings(SystemPromptBloatDetector.id, "clean")
      #expect(fs.isEmpty)
    }

    @Test func trimShareIsConfigurable() throws {
      var config = AuditConfiguration()
      config.detectors[SystemPromptBloatDetector.id] = ["trim_share": 0.4]
      let path = AdvisorFixtures.path(SystemPromptBloatDetector.id, "triggering")
      let base = try AdvisorFixtures.findings(SystemPromptBloatDetector.id, "triggering").1
      let more = try AdvisorFixtures.run([path], detectors: [SystemPromptBloatDetector.id], configuration: config)
        .result.findings
      let a = try #require(base.first { $0.kind == "oversized" })
      let b = try #require(more.first { $0.kind == "oversized" })
      #expect(abs(b.savingsUSD - 2 * a.savingsUSD) < a.savingsUSD * 0.01)
      #expect(a.id == b.id)
    }
  }
}
