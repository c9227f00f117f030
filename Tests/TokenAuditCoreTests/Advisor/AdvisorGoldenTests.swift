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

    @Test func leanControlAgentsTriggerNoAdvisorDetector() throws {
      let r = try AdvisorFixtures.run(AdvisorFixtures.all("clean")).result
      #expect(r.findings.map(\.id) == [])
      let rm = try #require(r.roadmap)
      #expect(rm.steps.isEmpty && rm.totalMonthlySavingsUSD == 0)
      #expect(MarkdownRenderer.roadmap(r).contains("No finding crossed its threshold"))
    }

    @Test func shuffledInputGivesTheSamePlan() throws {
      let dir = Fixtures.tempDir("advisor-shuffle")
      defer { try? FileManager.default.removeItem(atPath: dir) }
      var rng = RoadmapBuilderTests.Random(state: 42)
      var paths: [String] = []
      for name in ["triggering", "clean"] {
        for id in AdvisorFixtures.detectorIDs.sorted() {
          let text = try String(contentsOfFile: AdvisorFixtures.path(id, name), encoding: .utf8)
          var lines = text.split(separator: "\n").map(String.init)
          for i in stride(from: lines.count - 1, to: 0, by: -1) { lines.swapAt(i, rng.int(i + 1)) }
          let path = dir + "/\(name)-\(id).jsonl"
          try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
          paths.append(path)
        }
      }
      let shuffled = try AdvisorFixtures.run(paths.reversed()).result
      let original = try Self.outcome().result
      #expect(
        MarkdownRenderer.roadmap(shuffled) + MarkdownRenderer.findingsSection(shuffled)
          == MarkdownRenderer.roadmap(original) + MarkdownRenderer.findingsSection(original))
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
