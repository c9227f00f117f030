import Foundation
import Testing

@testable import TokenAuditCore

/// The caching parts of the report (findings, repeat groups, cache-safety table, templates,
/// prompt-caching plan) for every caching fixture, compared with goldens.
@Suite struct CachingReportGoldenTests {
  static let files = [
    "detectors/exact-repeats/triggering.jsonl", "detectors/similar-calls/triggering.jsonl",
    "detectors/prompt-caching/triggering.jsonl", "detectors/prompt-caching/triggering-volatile.jsonl",
  ]

  static func result() throws -> AuditResult {
    var options = AuditOptions()
    options.workers = 1
    options.onlyDetectors = [ExactRepeatsDetector.id, SimilarCallsDetector.id, PromptCachingDetector.id]
    let pipeline = AuditPipeline(
      options: options, costModel: CachingHarness.costModel, makeCounter: { RoughTokenCounter() })
    return try pipeline.run(
      paths: files.map { Fixtures.path($0) },
      run: RunInfo(toolVersion: "test", generatedAt: "2026-03-03T00:00:00Z", inputs: files)
    ).result
  }

  /// The JSON fields the caching detectors fill.
  struct CachingJSON: Encodable {
    var findings: [Finding]
    var repeatGroups: [RepeatGroup]
    var sections: [ReportSection]
  }

  @Test func markdownSections() throws {
    let r = try Self.result()
    let md =
      MarkdownRenderer.findingsSection(r) + MarkdownRenderer.repeatSection(r)
      + r.sections.map(MarkdownRenderer.generic).joined()
    let (ok, message) = Fixtures.matchesGolden(md, "caching-sections.md")
    #expect(ok, Comment(rawValue: message))
    #expect(md.contains("## Semantic cache: calls served and answer agreement by threshold"))
    #expect(md.contains("## Prompt caching plan per agent"))
  }

  @Test func jsonFields() throws {
    let r = try Self.result()
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    let data = try encoder.encode(CachingJSON(findings: r.findings, repeatGroups: r.repeatGroups, sections: r.sections))
    let (ok, message) = Fixtures.matchesGolden(String(decoding: data, as: UTF8.self) + "\n", "caching-sections.json")
    #expect(ok, Comment(rawValue: message))
  }

  @Test func outputDoesNotDependOnInputOrder() throws {
    let a = try Self.result()
    var options = AuditOptions()
    options.workers = 1
    let pipeline = AuditPipeline(
      options: options, costModel: CachingHarness.costModel, makeCounter: { RoughTokenCounter() })
    let b = try pipeline.run(
      paths: Self.files.reversed().map { Fixtures.path($0) },
      run: RunInfo(toolVersion: "test", generatedAt: "2026-03-03T00:00:00Z", inputs: Self.files)
    ).result
    #expect(a.findings.map(\.id) == b.findings.map(\.id))
    #expect(a.findings.map(\.savingsUSD) == b.findings.map(\.savingsUSD))
    #expect(MarkdownRenderer.repeatSection(a) == MarkdownRenderer.repeatSection(b))
  }
}
