/// Adds "Since last run", trends and finding statuses to a result from the state folder, and
/// prepares this run's snapshot.
///
/// Use: take the store's lock, run the pipeline, `apply`, write the reports, then `save` the
/// update (the snapshot is written last, so a run killed before it leaves no trace in history).
public struct HistoryTracker {
  /// The state folder.
  public var store: HistoryStore
  /// Runs shown in the trend charts, this one included.
  public var trendRuns: Int
  /// Runs a fixed finding stays listed (and is recognised if it comes back).
  public var keepResolvedRuns: Int

  /// Creates a tracker.
  ///
  /// - Parameters:
  ///   - store: The state folder.
  ///   - trendRuns: Runs in the trend charts (default 8).
  ///   - keepResolvedRuns: Runs a fixed finding is remembered (default 8).
  public init(store: HistoryStore, trendRuns: Int = 8, keepResolvedRuns: Int = 8) {
    self.store = store
    self.trendRuns = max(2, trendRuns)
    self.keepResolvedRuns = max(1, keepResolvedRuns)
  }

  /// Compares `result` with the recorded runs and sets `sinceLastRun`, `trends`,
  /// `resolvedFindings` and the `status` of every finding.
  ///
  /// - Parameters:
  ///   - result: This run's result (changed in place).
  ///   - facts: This run's calls.
  ///   - window: The time window of the run.
  ///   - runID: A unique id for this run (e.g. its time stamp).
  ///   - detectorsRun: Detector ids that ran (nil: all; findings of others are never marked fixed).
  /// - Returns: The snapshot to save once the reports are written, and warnings about the state.
  public func apply(
    to result: inout AuditResult, facts: FactStore, window: TimeWindow, runID: String, detectorsRun: Set<String>?
  ) -> HistoryUpdate {
    let (all, warnings) = store.loadSnapshots()
    var snapshot = SnapshotBuilder.snapshot(
      result: result, facts: facts, window: window, runID: runID, detectors: detectorsRun)
    let earlier = HistoryStore.earlierPeriods(all.filter { $0.runID != runID }, current: snapshot)
    let previous = earlier.last
    let agents = Set(result.byAgent.filter { $0.calls > 0 }.map(\.agent))
    let tracked = FindingStatusTracker.track(
      &result.findings, previous: previous, label: snapshot.period.label, detectorsRun: detectorsRun,
      activeAgents: agents, keepResolvedRuns: keepResolvedRuns)
    snapshot.findings = tracked.snapshotFindings
    snapshot.resolved = tracked.snapshotResolved
    if let previous {
      var since = HistoryComparator.compare(current: snapshot, previous: previous)
      since.findings = tracked.changes
      since.realisedMonthlySavingsUSD =
        tracked.changes.reduce(0) { $0 + $1.realisedMonthlySavingsUSD }
        + tracked.resolved.reduce(0) { $0 + $1.realisedMonthlySavingsUSD }
      since.projectedMonthlySavingsUSD =
        tracked.changes.reduce(0) { $0 + $1.projectedMonthlySavingsUSD }
        + tracked.resolved.reduce(0) { $0 + $1.projectedMonthlySavingsUSD }
      result.sinceLastRun = since
      result.resolvedFindings = tracked.resolved
    }
    result.trends = HistoryComparator.trends(earlier, current: snapshot, limit: trendRuns)
    return HistoryUpdate(snapshot: snapshot, warnings: warnings, previousRunID: previous?.runID)
  }

  /// Records the run: writes its snapshot and the index.
  ///
  /// - Parameter update: What `apply` returned.
  /// - Returns: The snapshot's path.
  /// - Throws: `TokenAuditError.cannotWrite`.
  @discardableResult
  public func save(_ update: HistoryUpdate) throws -> String { try store.save(update.snapshot) }

  /// The ids of the detectors a run with these options runs.
  ///
  /// - Parameter options: The run's options (`--only`, `--skip`).
  public static func detectorIDs(_ options: AuditOptions) -> Set<String> {
    Set(
      DetectorRegistry.all.map { $0.id }.filter { id in
        (options.onlyDetectors?.contains(id) ?? true) && !options.skipDetectors.contains(id)
      })
  }
}

/// This run's snapshot, ready to be saved.
public struct HistoryUpdate: Sendable {
  let snapshot: RunSnapshot
  /// Problems with the state folder (unreadable snapshots…), for stderr.
  public var warnings: [String]
  /// The run compared against, if any.
  public var previousRunID: String?
}
