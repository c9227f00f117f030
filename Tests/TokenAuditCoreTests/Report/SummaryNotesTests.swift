import Foundation
import Testing

@testable import TokenAuditCore

/// Notes at the top of the report that keep a partial picture from passing for the whole one.
@Suite struct SummaryNotesTests {
  static func result(lines: [String]) throws -> AuditResult {
    let dir = SampleLogTestSupport.temporaryDirectory()
    defer { SampleLogTestSupport.remove(dir, files: ["a.jsonl"]) }
    try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/a.jsonl", atomically: false, encoding: .utf8)
    let p = AuditPipeline(
      options: AuditOptions(), costModel: TableCostModel(table: try PriceTable.bundled()),
      makeCounter: { RoughTokenCounter() })
    return try p.run(paths: [dir], run: FixtureReportGoldenTests.run).result
  }

  static func call(_ id: String) -> String {
    #"{"timestamp": "2026-11-20T10:00:00Z", "request_id": "\#(id)", "agent": "a", "provider": "openai", "#
      + #""model": "gpt-4o", "request": {"messages": [{"role": "user", "content": "hi"}]}, "#
      + #""response": {"usage": {"prompt_tokens": 100, "completion_tokens": 10}}}"#
  }

  @Test func aFolderMostlyInAnUnknownFormatSaysSoAtTheTop() throws {
    let unknown = (0..<9).map { #"{"id": "run\#($0)", "run_type": "llm", "prompt_tokens": 100}"# }
    let r = try Self.result(lines: [Self.call("c1")] + unknown)
    let md = MarkdownRenderer.render(r)
    let note =
      "> **Note:** 9 of 10 lines (90%) could not be read (`unknown_format` 9) and are not in these figures; "
      + "see [Input quality](#input-quality)"
    #expect(md.contains(note))
    // Before the plan: the note sits with the summary figures it qualifies.
    let noteAt = try #require(md.range(of: note)).lowerBound
    let planAt = try #require(md.range(of: "## The plan")).lowerBound
    #expect(noteAt < planAt)
    #expect(md.contains("monthly figures are projections from 1 day."))
    #expect(!md.contains("1 days"))
  }

  @Test func aFewBadLinesInALargeLogAreLeftToInputQuality() throws {
    let calls = (0..<150).map { Self.call("c\($0)") }
    let r = try Self.result(lines: calls + ["{\"broken"])
    #expect(r.input.skipped == 1)
    #expect(!MarkdownRenderer.render(r).contains("could not be read"))
  }

  @Test func periodLengths() {
    #expect(Format.days(1) == "1 day")
    #expect(Format.days(2) == "2 days")
    #expect(Format.days(0.5) == "0.5 days")
    #expect(Format.days(1.04) == "1 day")
  }
}
