import Foundation
import Testing

@testable import TokenAuditCore

@Suite struct TimestampTests {
  private func read(_ json: String) throws -> Int64? {
    let doc = JSONDocument()
    try doc.parse(copying: Array(#"{"t": \#(json)}"#.utf8))
    return Timestamp.milliseconds(doc.root["t"])
  }

  @Test func everyUnitOfTheSameInstantReadsAlike() throws {
    let ms: Int64 = 1_795_183_391_201  // 2026-11-20T14:03:11.201Z
    #expect(try read(#""2026-11-20T14:03:11.201Z""#) == ms)
    #expect(try read(#""2026-11-20 16:03:11.201+02:00""#) == ms)
    #expect(try read("1795183391.201") == ms)
    #expect(try read("1795183391201") == ms)
    #expect(try read(#""1795183391201""#) == ms)
    #expect(try read("1795183391201000") == ms)
    #expect(try read("1795183391201000000") == ms)
  }

  @Test func timesOutsideTheYears2000To2099AreUnreadable() throws {
    // Epoch nanoseconds of the year 5138 (a corrupt field), the epoch itself, a year-1999 date,
    // and the first instant of 2100 all read as no time, not as a time that stretches the period.
    #expect(try read("99999999999999999999") == nil)
    #expect(try read(#""1970-01-01T00:00:00Z""#) == nil)
    #expect(try read(#""1999-12-31T23:59:59Z""#) == nil)
    #expect(try read(#""2100-01-01T00:00:00Z""#) == nil)
    #expect(try read("1") == nil)
    #expect(try read(#""2000-01-01T00:00:00Z""#) == Timestamp.plausible.lowerBound)
    #expect(try read(#""2099-12-31T23:59:59.999Z""#) == Timestamp.plausible.upperBound - 1)
  }

  @Test func anImplausibleTimestampIsAWarningAndTheCallStillCounts() throws {
    let line =
      #"{"timestamp": 99999999999999999999, "request_id": "r1", "provider": "openai", "model": "gpt-4o", "#
      + #""request": {"messages": [{"role": "user", "content": "hi"}]}, "#
      + #""response": {"usage": {"prompt_tokens": 5, "completion_tokens": 1}}}"#
    let dir = SampleLogTestSupport.temporaryDirectory()
    let path = dir + "/late.jsonl"
    try (line + "\n").write(toFile: path, atomically: false, encoding: .utf8)
    defer { SampleLogTestSupport.remove(dir, files: ["late.jsonl"]) }
    let r = FileIngestor(options: IngestOptions()).ingest(path: path)
    #expect(r.stats.records == 1)
    #expect(r.records.first?.timestampMS == nil)
    let issue = try #require(r.issues.first)
    #expect(issue.kind == .invalidTimestamp)
    #expect(issue.location == SourceLocation(file: path, line: 1))
  }
}
