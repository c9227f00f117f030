import Foundation
import Testing

@testable import TokenAuditCore

/// Two synthetic weeks: in 2026-W46 the researcher re-sends identical requests and the writer
/// repeats a draft per task; in 2026-W47 the researcher's repeats are gone and the writer's halved.
@Suite struct HistoryTrackerTests {
  struct Week {
    var result: AuditResult
    var update: HistoryUpdate
  }

  /// Runs one week over `logs` and records it, as the CLI does.
  static func runWeek(_ label: String, logs: String, state: String, at: String, id: String? = nil) throws -> Week {
    let window = try HistoryTestSupport.week(label)
    let store = HistoryStore(directory: state)
    let lock = try store.lock()
    defer { lock.release() }
    let outcome = try HistoryTestSupport.run(
      [logs], window: window, cache: IngestCache(directory: store.filesDirectory), at: at)
    var result = outcome.result
    let tracker = HistoryTracker(store: store)
    let update = tracker.apply(
      to: &result, facts: outcome.facts, window: window, runID: id ?? label + "-run", detectorsRun: nil)
    try tracker.save(update)
    return Week(result: result, update: update)
  }

  static func twoWeeks() throws -> (Week, Week, String, String) {
    let logs = try HistoryTestSupport.logs(["week46.jsonl", "week47.jsonl"])
    let state = Fixtures.tempDir("state")
    let w46 = try runWeek("2026-W46", logs: logs, state: state, at: "2026-11-16T06:00:00Z")
    let w47 = try runWeek("2026-W47", logs: logs, state: state, at: "2026-11-23T06:00:00Z")
    return (w46, w47, logs, state)
  }

  @Test func firstRunIsTheBaseline() throws {
    let (w46, _, _, _) = try Self.twoWeeks()
    #expect(w46.result.sinceLastRun == nil)
    #expect(w46.result.trends?.runs.count == 1)
    #expect(w46.result.findings.map(\.status) == ["new", "new"])
    #expect(MarkdownRenderer.historySection(w46.result).contains("this run is the baseline"))
  }

  @Test func theFixedWasteIsMarkedFixedWithRealisedSavings() throws {
    let (w46, w47, _, _) = try Self.twoWeeks()
    let researcherThen = try #require(w46.result.findings.first { $0.id == "test-repeats:researcher" })
    let r = w47.result
    #expect(!r.findings.contains { $0.id == "test-repeats:researcher" })
    let fixed = try #require(r.resolvedFindings?.first { $0.id == "test-repeats:researcher" })
    #expect(fixed.status == "fixed")
    #expect(fixed.fixedSince == "2026-W47")
    #expect(fixed.firstSeen == "2026-W46")
    #expect(abs(fixed.realisedMonthlySavingsUSD - researcherThen.monthlySavingsUSD) < 1e-9)
    #expect(fixed.note == nil)
    // The writer's repeats halved: more than 30% down, not gone.
    let writer = try #require(r.findings.first { $0.id == "test-repeats:writer" })
    #expect(writer.status == "partly_fixed")
    let since = try #require(r.sinceLastRun)
    let change = try #require(since.findings.first { $0.id == "test-repeats:writer" })
    #expect(change.realisedMonthlySavingsUSD > 0)
    #expect(
      abs(since.realisedMonthlySavingsUSD - (fixed.realisedMonthlySavingsUSD + change.realisedMonthlySavingsUSD)) < 1e-9
    )
    #expect(since.regressions(thresholdPercent: 10).isEmpty)
  }

  @Test func sinceLastRunComparesCostAndQuality() throws {
    let (_, w47, _, _) = try Self.twoWeeks()
    let s = try #require(w47.result.sinceLastRun)
    #expect(s.previousPeriod.label == "2026-W46")
    #expect(s.currentPeriod.label == "2026-W47")
    #expect(s.totals.previousCalls == 72 && s.totals.calls == 52)
    let researcher = try #require(s.agents.first { $0.agent == "researcher" })
    #expect(researcher.previousCalls == 40 && researcher.calls == 24)
    #expect(abs((researcher.changePercent ?? 0) + 40) < 1e-9)
    #expect(s.agents.first?.agent == "researcher")  // largest change first
    #expect(s.phases.contains { $0.agent == "writer" && $0.phase == "review" })
    #expect(s.models.map(\.model) == ["gpt-4o", "gpt-4o-mini"])
    #expect(s.costPerTask.basis == "workflow")
    #expect((s.costPerTask.changePercent ?? 0) < -30)
    #expect(s.quality.held)
    #expect(s.verdict.hasPrefix("Cost per task fell"))
    #expect(s.verdict.contains("quality held"))
    #expect(w47.result.trends?.runs.map(\.shortLabel) == ["W46", "W47"])
  }

  @Test func reportsMatchGoldens() throws {
    let (_, w47, _, _) = try Self.twoWeeks()
    let md = MarkdownRenderer.historySection(w47.result)
    let (ok, why) = Fixtures.matchesGolden(md, "history-since-last-run.md")
    #expect(ok, "\(why)")
    // The JSON report's history keys.
    let json = JSONRenderer.render(w47.result)
    #expect(json.contains("\"since_last_run\" : {"))
    #expect(json.contains("\"resolved_findings\" : ["))
    #expect(json.contains("\"status\" : \"partly_fixed\""))
    #expect(json.contains("\"realised_monthly_savings_usd\""))
    #expect(json.contains("\"trends\" : {"))
  }

  @Test func aFixedFindingThatComesBackRegresses() throws {
    let (_, _, logs, state) = try Self.twoWeeks()
    try HistoryTestSupport.shiftedWeek46(by: 2, prefix: "w48").write(
      toFile: logs + "/week48.jsonl", atomically: true, encoding: .utf8)
    let w48 = try Self.runWeek("2026-W48", logs: logs, state: state, at: "2026-11-30T06:00:00Z")
    let back = try #require(w48.result.findings.first { $0.id == "test-repeats:researcher" })
    #expect(back.status == "regressed")
    let s = try #require(w48.result.sinceLastRun)
    #expect(s.previousPeriod.label == "2026-W47")
    let reasons = s.regressions(thresholdPercent: 10)
    #expect(reasons.contains { $0.contains("cost per task rose") })
    #expect(reasons.contains { $0.contains("test-repeats:researcher") })
    #expect(w48.result.trends?.runs.count == 3)
    #expect(MarkdownRenderer.historySection(w48.result).contains("xychart-beta"))
  }

  @Test func rerunningAPeriodReplacesItAndComparesWithThePeriodBefore() throws {
    let (_, _, logs, state) = try Self.twoWeeks()
    let again = try Self.runWeek("2026-W47", logs: logs, state: state, at: "2026-11-23T07:00:00Z", id: "2026-W47-rerun")
    #expect(again.result.sinceLastRun?.previousPeriod.label == "2026-W46")
    #expect(again.result.trends?.runs.map(\.label) == ["2026-W46", "2026-W47"])
    let index = try String(contentsOfFile: state + "/index.json", encoding: .utf8)
    #expect(index.contains("\"superseded_by\""))
  }

  @Test func unreadableSnapshotsAreSkippedWithAWarning() throws {
    let (_, _, logs, state) = try Self.twoWeeks()
    try "{\"schema_version\": 1".write(
      toFile: state + "/snapshots/2026-11-01-broken.json", atomically: true, encoding: .utf8)
    let w = try Self.runWeek("2026-W47", logs: logs, state: state, at: "2026-11-23T08:00:00Z")
    #expect(w.update.warnings.contains { $0.contains("2026-11-01-broken.json") })
    #expect(w.result.sinceLastRun?.previousPeriod.label == "2026-W46")
  }

  @Test func snapshotsRoundTrip() throws {
    let (_, _, _, state) = try Self.twoWeeks()
    let (snaps, warnings) = HistoryStore(directory: state).loadSnapshots()
    #expect(warnings.isEmpty)
    #expect(snaps.map(\.period.label) == ["2026-W46", "2026-W47"])
    let s = try #require(snaps.last)
    #expect(s.costPerTask.tasks == 8)
    #expect(s.totals.calls == 52)
    #expect(s.resolved.map(\.id) == ["test-repeats:researcher"])
    #expect(s.quality.source == "facts")
    #expect(abs(s.quality.errorRate - 1.0 / 52) < 1e-12)
    #expect(abs(s.quality.truncationRate - 1.0 / 52) < 1e-12)
    let names = try FileManager.default.contentsOfDirectory(atPath: state + "/snapshots").sorted()
    #expect(names == ["2026-11-15-2026-W46-run.json", "2026-11-22-2026-W47-run.json"])
  }
}
