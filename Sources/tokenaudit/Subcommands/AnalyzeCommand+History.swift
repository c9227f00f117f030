import ArgumentParser
import Foundation
import TokenAuditCore

/// Time windows, the state folder and regression checks of `analyze` (docs/weekly.md).
extension AnalyzeCommand {
  /// Another run holds the state folder (EX_TEMPFAIL: cron may simply try again later).
  static let exitLocked: Int32 = 75
  /// `--fail-on-regression` and something regressed.
  static let exitRegression: Int32 = 3
  /// `--fail-on-regression` without a value.
  static let defaultRegressionPercent = 10.0

  func validateHistoryFlags() throws {
    if ReportTimeZone.parse(timezone) == nil {
      throw ValidationError(
        "--timezone \(timezone): unknown time zone; use UTC, an offset like +02:00, or an IANA name like Europe/Berlin")
    }
    _ = try makeWindow(now: Date())
    if trendRuns < 2 { throw ValidationError("--trend-runs must be at least 2") }
    if let p = failOnRegression, !(p >= 0 && p.isFinite) {
      throw ValidationError("--fail-on-regression must be a percentage of 0 or more")
    }
    if noState && state != nil { throw ValidationError("--no-state and --state cannot be used together") }
    if noState && failOnRegression != nil {
      throw ValidationError("--fail-on-regression needs the history that --no-state turns off")
    }
  }

  /// The window of `--since/--until`, `--last` or `--week`, in `--timezone`.
  func makeWindow(now: Date) throws -> TimeWindow {
    guard let zone = ReportTimeZone.parse(timezone) else {
      throw ValidationError("--timezone \(timezone): unknown time zone")
    }
    do {
      return try TimeWindow.parse(
        since: since, until: until, last: last, week: week, timeZone: zone,
        nowMS: Int64(now.timeIntervalSince1970 * 1000))
    } catch let e as TimeWindow.ParseError {
      throw ValidationError(e.description)
    }
  }

  /// `2026-W47` for a week window, else today's date.
  static func reportName(_ window: TimeWindow, _ now: Date) -> String {
    if let l = window.label, l.contains("-W") { return l }
    return day(now)
  }

  /// Opens the state folder and takes its lock; `nil` with `--no-state`, with stdout output and
  /// no `--state`, or when no input exists (that error comes from the pipeline, without touching
  /// any state).
  func openHistory(reportPath: String) throws -> HistorySession? {
    if noState { return nil }
    let dir: String
    if let state {
      dir = state
    } else if reportPath != "-" {
      dir = (URL(fileURLWithPath: reportPath).deletingLastPathComponent().path) + "/.tokenaudit-state"
    } else {
      return nil
    }
    if InputDiscovery.files(in: paths).files.isEmpty { return nil }
    let store = HistoryStore(directory: dir)
    let lock = try store.lock()
    return HistorySession(store: store, lock: lock, tracker: HistoryTracker(store: store, trendRuns: trendRuns))
  }

  /// Exit 3 when `--fail-on-regression` is set and cost per task or a finding regressed.
  func checkRegression(_ result: AuditResult, _ diagnostics: Diagnostics) throws {
    guard let pct = failOnRegression, let since = result.sinceLastRun else { return }
    let reasons = since.regressions(thresholdPercent: pct)
    guard !reasons.isEmpty else { return }
    // Printed even with --quiet: this is what the cron mail should say.
    for r in reasons { diagnostics.error("regression since \(since.previousPeriod.label): \(r)") }
    throw ExitCode(Self.exitRegression)
  }

  static func noteCache(_ c: IngestCacheReport, _ diagnostics: Diagnostics, verbose: Bool) {
    for e in c.writeErrors.prefix(5) { diagnostics.note("warning: [state] cache entry not written: \(e)") }
    guard verbose || c.reused + c.resumed > 0 else { return }
    var text = "incremental: \(c.reused) files reused"
    if c.renamed > 0 { text += " (\(c.renamed) renamed)" }
    text += ", \(c.resumed) resumed after an append, \(c.read) read (--full reads all)"
    diagnostics.note(text)
  }
}

/// The state folder of one run, locked for the run's whole life.
final class HistorySession {
  let store: HistoryStore
  let lock: StateLock
  let tracker: HistoryTracker

  init(store: HistoryStore, lock: StateLock, tracker: HistoryTracker) {
    self.store = store
    self.lock = lock
    self.tracker = tracker
  }

  /// The incremental cache in the state folder.
  func cache(full: Bool) -> IngestCache {
    // The salt names the token counter the CLI wires; change it with the counter.
    IngestCache(directory: store.filesDirectory, reuse: !full, salt: "facts-v3-bpe-o200k-cl100k")
  }

  func apply(to result: inout AuditResult, outcome: AuditOutcome, window: TimeWindow, options: AuditOptions, now: Date)
    -> HistoryUpdate
  {
    tracker.apply(
      to: &result, facts: outcome.facts, window: window, runID: Self.runID(now),
      detectorsRun: HistoryTracker.detectorIDs(options))
  }

  func save(_ update: HistoryUpdate, diagnostics: Diagnostics, verbose: Bool) throws {
    if !diagnostics.quiet {
      for w in update.warnings.prefix(Diagnostics.perKind) { diagnostics.note("warning: [state] \(w)") }
    }
    let path = try tracker.save(update)
    if verbose { diagnostics.note("history: recorded \(path)") }
  }

  /// `20261124T060012Z-1a2b`: the run time and the process id.
  static func runID(_ now: Date) -> String {
    let iso = Timestamp.isoString(Int64(now.timeIntervalSince1970 * 1000))
    return iso.filter { $0 != "-" && $0 != ":" } + "-" + String(getpid(), radix: 16)
  }
}
