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

  /// Web servers, gateways and mail-style loggers write month names and slashes.
  @Test func datesWithMonthNamesAndSlashesRead() throws {
    let ms: Int64 = 1_795_183_391_000  // 2026-11-20T14:03:11Z
    #expect(try read(#""Fri, 20 Nov 2026 14:03:11 GMT""#) == ms)
    #expect(try read(#""20 Nov 2026 15:03:11 +0100""#) == ms)
    #expect(try read(#""20/Nov/2026:09:03:11 -0500""#) == ms)
    #expect(try read(#""2026/11/20 14:03:11""#) == ms)
    #expect(try read(#""Friday, 20 november 2026 14:03:11 UTC""#) == ms)
    #expect(try read(#""20 Nov 2026""#) == nil)
    #expect(try read(#""Nov 20 2026 14:03""#) == nil)
    #expect(try read(#""32 Nov 2026 14:03:11 GMT""#) == nil)
    #expect(try read(#""20 Foo 2026 14:03:11 GMT""#) == nil)
  }

  /// Random text made of date pieces never crashes the parsers, and what they read is plausible.
  @Test func randomDateLikeTextNeverCrashes() {
    var g = SplitMix(state: 2026)
    let pieces = [
      "20", "2026", "Nov", "Fri", ",", " ", "/", ":", "-", "+", "0100", "GMT", "T", "14", "03", "11", ".", "Z", "1",
      "99999", "é",
    ]
    for _ in 0..<5_000 {
      let text = (0..<Int.random(in: 0...12, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined()
      for ms in [Timestamp.parseISO(text), Timestamp.parseNamedMonth(text)].compactMap({ $0 }) {
        #expect(ms > -100_000_000_000_000 && ms < 300_000_000_000_000, "\(text)")
      }
    }
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
