import Foundation
import Testing

@testable import TokenAuditCore

extension Advisor {
  /// The plan and the findings over every advisor fixture, compared with goldens.
  @Suite struct AdvisorGoldenTests {
    /// The findings and the roadmap as the JSON report encodes them.
    struct Plan: Encodable {
      var findings: [Finding]
      var roadmap: Roadmap?
      var quality: [QualityRow]
    }

    static func outcome() throws -> AuditOutcome {
      try AdvisorFixtures.run(AdvisorFixtures.all("triggering") + AdvisorFixtures.all("clean"))
    }

    @Test func roadmapAndFindingsMarkdownMatchGolden() throws {
      let r = try Self.outcome().result
      let md = MarkdownRenderer.roadmap(r) + MarkdownRenderer.findingsSection(r)
      let (ok, message) = Fixtures.matchesGolden(md, "advisor-plan.md")
      #expect(ok, "\(message)")
    }

    @Test func findingsJSONMatchesGolden() throws {
      let r = try Self.outcome().result
      let encoder = JSONEncoder()
      encoder.keyEncodingStrategy = .convertToSnakeCase
      encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
      let data = try encoder.encode(Plan(findings: r.findings, roadmap: r.roadmap, quality: r.quality))
      let (ok, message) = Fixtures.matchesGolden(String(decoding: data, as: UTF8.self) + "\n", "advisor-findings.json")
      #expect(ok, "\(message)")
    }
  }
}
