import Foundation
import Testing

@testable import TokenAuditCore

/// The window flags select exactly the expected calls from `fixtures/history/boundaries.jsonl`
/// (calls on the edges of 2026-W47; b11 has no timestamp and is always kept).
@Suite struct WindowSelectionTests {
  static func kept(_ window: TimeWindow) throws -> (ids: [String], outside: Int) {
    let outcome = try HistoryTestSupport.pipeline(window: window)
      .run(paths: [Fixtures.path("history/boundaries.jsonl")], run: HistoryTestSupport.runInfo())
    return (outcome.facts.compactMap(\.requestID).sorted(), outcome.result.input.outsideWindow)
  }

  @Test(arguments: [
    ("UTC", ["b05", "b06", "b07", "b08", "b09", "b11"]),
    ("+02:00", ["b02", "b03", "b04", "b05", "b06", "b11"]),
    ("Europe/Berlin", ["b03", "b04", "b05", "b06", "b07", "b11"]),
  ])
  func isoWeekInZone(_ zone: String, _ expected: [String]) throws {
    let w = try HistoryTestSupport.week("2026-W47", try #require(ReportTimeZone.parse(zone)))
    let r = try Self.kept(w)
    #expect(r.ids == expected)
    #expect(r.outside == 11 - expected.count)
  }

  @Test func rfc3339BoundsAreExact() throws {
    let w = try TimeWindow.parse(
      since: "2026-11-15T23:59:59.999Z", until: "2026-11-22T22:00:00Z", last: nil, week: nil, timeZone: .utc, nowMS: 0)
    #expect(try Self.kept(w).ids == ["b04", "b05", "b06", "b11"])
  }

  @Test func noWindowKeepsEverything() throws {
    let r = try Self.kept(TimeWindow())
    #expect(r.ids.count == 11)
    #expect(r.outside == 0)
  }

  @Test func windowIsAppliedPerFileBeforeFacts() throws {
    // The per-file stage drops the records; the merged input only sums its counts.
    let w = try HistoryTestSupport.week("2026-W47")
    let files = HistoryTestSupport.pipeline(window: w).ingestAll(
      [Fixtures.path("history/boundaries.jsonl")], spill: FactSpill(), progress: nil)
    let f = try #require(files.first)
    #expect(f.facts.count == 6)
    #expect(f.stats.records == 11)
    #expect(f.stats.outsideWindow == 5)
    #expect(f.firstTimestampMS == Timestamp.parseISO("2026-11-15T21:59:59.999Z"))
    #expect(f.lastTimestampMS == Timestamp.parseISO("2026-11-23T00:00:00Z"))
  }

  @Test func perDayTableUsesTheZoneAndItsDaylightSavingTime() throws {
    func day(_ iso: String, _ zone: String) throws -> String {
      var f = CallFacts(
        source: SourceLocation(file: "x", line: 1), format: "native", timestampMS: Timestamp.parseISO(iso),
        requestID: "r", dedupKey: nil, traceID: nil, agent: "a", agentInferred: false, phase: "-", provider: "openai",
        model: "gpt-4o", status: 200, errorType: nil, latencyMS: nil, isBatch: false, streamed: false,
        finishReason: "stop", maxOutputTokens: nil, usage: TokenUsage(inputTokens: 10, outputTokens: 1),
        usageSource: .logged, loggedCostUSD: nil)
      f.requestHash = 1
      var merged = MergedInput()
      merged.facts = FactStore([f])
      let r = Attributor(costModel: FlatCostModel(), timeZone: try #require(ReportTimeZone.parse(zone)))
        .attribute(merged, files: 1, run: HistoryTestSupport.runInfo())
      return try #require(r.byDay.first?.day)
    }
    #expect(try day("2026-11-15T22:30:00Z", "UTC") == "2026-11-15")
    #expect(try day("2026-11-15T22:30:00Z", "+02:00") == "2026-11-16")
    #expect(try day("2026-11-15T22:30:00Z", "-05:00") == "2026-11-15")
    // Berlin is +01:00 in winter and +02:00 from 2026-03-29 01:00 UTC.
    #expect(try day("2026-03-28T23:30:00Z", "Europe/Berlin") == "2026-03-29")
    #expect(try day("2026-03-29T22:30:00Z", "Europe/Berlin") == "2026-03-30")
    #expect(try day("2026-03-29T22:30:00Z", "+01:00") == "2026-03-29")
  }
}
