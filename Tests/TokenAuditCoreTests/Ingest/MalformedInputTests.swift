import Foundation
import Testing

@testable import TokenAuditCore

@Suite struct MalformedInputTests {
  struct Case: Sendable, CustomStringConvertible {
    var file: String
    var kind: IngestIssueKind
    var line: Int
    var records: Int
    var skipped: Int
    var description: String { file }
  }

  static let cases: [Case] = [
    Case(file: "invalid_json.jsonl", kind: .invalidJSON, line: 2, records: 3, skipped: 1),
    Case(file: "not_an_object.jsonl", kind: .notAnObject, line: 2, records: 3, skipped: 1),
    Case(file: "unknown_format.jsonl", kind: .unknownFormat, line: 2, records: 3, skipped: 1),
    Case(file: "missing_model.jsonl", kind: .missingField, line: 2, records: 3, skipped: 1),
    // Warnings: the line is still counted as a call.
    Case(file: "invalid_utf8.jsonl", kind: .invalidUTF8, line: 2, records: 4, skipped: 0),
    Case(file: "mistyped_usage.jsonl", kind: .invalidUsage, line: 2, records: 4, skipped: 0),
    Case(file: "negative_tokens.jsonl", kind: .invalidUsage, line: 2, records: 4, skipped: 0),
    Case(file: "absurd_tokens.jsonl", kind: .invalidUsage, line: 2, records: 4, skipped: 0),
    Case(file: "bad_timestamp.jsonl", kind: .invalidTimestamp, line: 2, records: 4, skipped: 0),
  ]

  @Test(arguments: cases)
  func eachKindIsReportedAtItsLineAndLaterLinesCount(_ c: Case) throws {
    let path = Fixtures.path("malformed/" + c.file)
    let r = FileIngestor(options: IngestOptions()).ingest(path: path)
    let issue = try #require(r.issues.first { $0.kind == c.kind }, "no \(c.kind) issue in \(r.issues)")
    #expect(issue.location == SourceLocation(file: path, line: c.line))
    #expect(issue.message.count <= 200)
    #expect(r.stats.records == c.records)
    #expect(r.stats.skippedLines == c.skipped)
    #expect(r.stats.lines == 4)
    // The good lines after the bad one are read.
    #expect(r.records.contains { $0.requestID == "req_m3" })
  }

  @Test func invalidUsageFallsBackToEstimatedTokens() {
    let r = FileIngestor(options: IngestOptions()).ingest(path: Fixtures.path("malformed/mistyped_usage.jsonl"))
    let bad = r.records.first { $0.requestID == "req_m8" }
    #expect(bad?.usage == nil)
    let facts = FactExtractor(countTokens: FactExtractor.roughCount).facts(of: bad!)
    #expect(facts.usageSource == .estimated)
    #expect(facts.usage.inputTokens > 0)
  }

  /// A file of many bad lines keeps a few of each kind one by one and counts the rest, so its
  /// memory does not grow with it; the report still counts every line.
  @Test func manyBadLinesAreCountedNotListed() throws {
    let dir = SampleLogTestSupport.temporaryDirectory()
    defer { SampleLogTestSupport.remove(dir, files: ["app.log"]) }
    var text = ""
    for i in 0..<5_000 { text += "2026-11-20 10:00:00 INFO request \(i) done\n" }
    text += "[1, 2]\n"
    try text.write(toFile: dir + "/app.log", atomically: false, encoding: .utf8)
    let r = FileIngestor(options: IngestOptions()).ingest(path: dir + "/app.log")
    #expect(r.stats.lines == 5_001)
    #expect(r.stats.skippedLines == 5_001)
    #expect(r.issues.count == IssueLog.keptPerKind + 2)  // 20 kept, 1 summary, 1 not_an_object
    let summary = try #require(r.issues.first { $0.count > 1 })
    #expect(summary.kind == .invalidJSON)
    #expect(summary.count == 5_000 - IssueLog.keptPerKind)
    #expect(summary.location.line == IssueLog.keptPerKind + 1)
    let p = AuditPipeline(
      options: AuditOptions(), costModel: TableCostModel(table: try PriceTable.bundled()),
      makeCounter: { RoughTokenCounter() })
    let input = try p.run(paths: [dir], run: FixtureReportGoldenTests.run).result.input
    #expect(input.skipped == 5_001)
    let invalid = try #require(input.skippedByReason.first { $0.kind == "invalid_json" })
    #expect(invalid.count == 5_000)
    #expect(invalid.examples.count == 20)
    #expect(invalid.examples.allSatisfy { !$0.contains("more lines like these") })
  }

  @Test func issueLogKeepsTheFirstOfEachKind() {
    var log = IssueLog()
    var built = 0
    for line in 1...100 {
      log.add(
        SourceLocation(file: "f", line: line), .invalidJSON,
        {
          built += 1; return "bad \(line)"
        }())
    }
    log.add(SourceLocation(file: "f", line: 101), .notAnObject, "array")
    #expect(built == IssueLog.keptPerKind)  // messages past the first few are never made
    #expect(log.issues.map(\.count) == Array(repeating: 1, count: IssueLog.keptPerKind) + [1, 80])
    #expect(log.issues.last?.message == "80 more lines like these, the first at line 21")
  }

  @Test func crlfAndBlankLines() {
    let r = FileIngestor(options: IngestOptions()).ingest(path: Fixtures.path("malformed/crlf_and_blank.jsonl"))
    #expect(r.stats.records == 3)
    #expect(r.stats.skippedLines == 0)
    #expect(r.stats.lines == 5)
  }

  @Test func truncatedGzipKeepsEarlierRecordsAndReportsTheFile() {
    let path = Fixtures.path("malformed/truncated.jsonl.gz")
    let r = FileIngestor(options: IngestOptions()).ingest(path: path)
    #expect(r.records.count > 50)
    #expect(r.issues.contains { $0.kind == .truncatedFile && $0.location.file == path })
  }

  @Test func corruptGzipIsReported() {
    let r = FileIngestor(options: IngestOptions()).ingest(path: Fixtures.path("malformed/corrupt.jsonl.gz"))
    #expect(r.issues.contains { $0.kind == .corruptFile })
  }

  @Test func oversizedLineIsSkipped() {
    var o = IngestOptions()
    o.maxLineBytes = 600
    let path = Fixtures.path("malformed/invalid_json.jsonl")
    let r = FileIngestor(options: o).ingest(path: path)
    #expect(r.issues.filter { $0.kind == .oversizedLine }.count == 3)
    #expect(r.stats.lines == 4)
  }

  @Test func unreadableFileIsReported() {
    let r = FileIngestor(options: IngestOptions()).ingest(path: "/nonexistent/file.jsonl")
    #expect(r.issues.first?.kind == .unreadableFile)
  }

  @Test func emptyFileGivesNothing() {
    let r = FileIngestor(options: IngestOptions()).ingest(path: Fixtures.path("malformed/empty.jsonl"))
    #expect(r.stats.lines == 0)
    #expect(r.issues.isEmpty)
  }
}
