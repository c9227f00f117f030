/// Sets the status of every finding from the previous run's snapshot, and tracks savings realised.
///
/// With M the monthly savings projected now, P the previous run's, and B the savings projected
/// when the finding was first reported:
/// - `new`: no earlier run saw it.
/// - `regressed`: it was fixed (absent from the previous run) and is back, or it was partly fixed
///   and M grew by more than 10% over P (the tolerance absorbs week-to-week noise).
/// - `partly_fixed`: M ≤ 70% of B (savings fell by more than 30% but are not gone).
/// - `open`: otherwise.
/// - `fixed`: present in the previous run and absent now, when its detector ran. Listed in
///   `resolved_findings` with realised savings B; kept there for `keepResolvedRuns` runs.
/// Realised savings are B − M (B for fixed findings).
enum FindingStatusTracker {
  /// Savings falling by more than this share of B make a finding partly fixed.
  static let partlyFixedDrop = 0.30
  /// Growth of a partly fixed finding's savings over the previous run that counts as regressed.
  static let regressionGrowth = 0.10

  struct Outcome {
    /// Findings of the snapshot (present now, plus unchecked carry-overs).
    var snapshotFindings: [SnapshotFinding] = []
    /// Resolved findings of the snapshot.
    var snapshotResolved: [SnapshotFinding] = []
    /// Savings history of current findings seen before.
    var changes: [FindingChange] = []
    /// Resolved findings for the report.
    var resolved: [ResolvedFinding] = []
  }

  /// Tracks `findings` (their `status` is set) against the previous snapshot.
  ///
  /// - Parameters:
  ///   - findings: This run's findings.
  ///   - previous: The previous run's snapshot, if any.
  ///   - label: This period's label.
  ///   - detectorsRun: Detectors that ran (nil: all).
  ///   - activeAgents: Agents with calls in this period.
  ///   - keepResolvedRuns: How many runs a fixed finding is remembered.
  static func track(
    _ findings: inout [Finding], previous: RunSnapshot?, label: String, detectorsRun: Set<String>?,
    activeAgents: Set<String>, keepResolvedRuns: Int
  ) -> Outcome {
    var out = Outcome()
    var present: [String: SnapshotFinding] = [:]
    var fixed: [String: SnapshotFinding] = [:]
    for f in previous?.findings ?? [] { present[f.id] = f }
    for f in previous?.resolved ?? [] where present[f.id] == nil { fixed[f.id] = f }
    var seenNow = Set<String>()

    for i in findings.indices {
      let f = findings[i]
      seenNow.insert(f.id)
      let m = f.monthlySavingsUSD
      var status = FindingStatus.new
      var baseline = m
      var firstSeen = label
      var previousMonthly: Double?
      if let k = present[f.id] {
        baseline = k.projectedMonthlySavingsUSD
        firstSeen = k.firstSeen
        previousMonthly = k.monthlySavingsUSD
        if k.status == FindingStatus.partlyFixed && m > k.monthlySavingsUSD * (1 + regressionGrowth) {
          status = FindingStatus.regressed
        } else if m <= baseline * (1 - partlyFixedDrop) {
          status = FindingStatus.partlyFixed
        } else {
          status = FindingStatus.open
        }
      } else if let k = fixed[f.id] {
        baseline = k.projectedMonthlySavingsUSD
        firstSeen = k.firstSeen
        previousMonthly = 0
        status = FindingStatus.regressed
      }
      findings[i].status = status
      out.snapshotFindings.append(
        SnapshotFinding(
          id: f.id, detector: f.detector, lever: f.lever, kind: f.kind, agent: f.agent, phase: f.phase, title: f.title,
          savingsUSD: f.savingsUSD, monthlySavingsUSD: m, status: status, firstSeen: firstSeen,
          projectedMonthlySavingsUSD: baseline, lastSeen: label))
      if status != FindingStatus.new {
        out.changes.append(
          FindingChange(
            id: f.id, title: f.title, agent: f.agent, status: status, firstSeen: firstSeen,
            projectedMonthlySavingsUSD: baseline, previousMonthlySavingsUSD: previousMonthly, monthlySavingsUSD: m,
            realisedMonthlySavingsUSD: baseline - m))
      }
    }

    // Earlier findings absent now.
    for k in (previous?.findings ?? []) where !seenNow.contains(k.id) {
      if let ran = detectorsRun, !ran.contains(k.detector) {
        var carried = k
        carried.unchecked = true
        out.snapshotFindings.append(carried)
        continue
      }
      var r = k
      r.status = FindingStatus.fixed
      r.fixedSince = label
      r.runsSinceFixed = 0
      r.unchecked = nil
      out.snapshotResolved.append(r)
      out.resolved.append(resolvedFinding(r, agentActive: activeAgents.contains(k.agent)))
    }
    for k in fixed.values where !seenNow.contains(k.id) {
      var r = k
      r.runsSinceFixed = (k.runsSinceFixed ?? 0) + 1
      guard (r.runsSinceFixed ?? 0) < keepResolvedRuns else { continue }
      out.snapshotResolved.append(r)
      out.resolved.append(resolvedFinding(r, agentActive: activeAgents.contains(k.agent)))
    }
    out.snapshotFindings.sort { ($0.monthlySavingsUSD, $1.id) > ($1.monthlySavingsUSD, $0.id) }
    out.snapshotResolved.sort { ($0.projectedMonthlySavingsUSD, $1.id) > ($1.projectedMonthlySavingsUSD, $0.id) }
    out.changes.sort { ($0.realisedMonthlySavingsUSD, $1.id) > ($1.realisedMonthlySavingsUSD, $0.id) }
    out.resolved.sort { ($0.realisedMonthlySavingsUSD, $1.id) > ($1.realisedMonthlySavingsUSD, $0.id) }
    return out
  }

  static func resolvedFinding(_ k: SnapshotFinding, agentActive: Bool) -> ResolvedFinding {
    ResolvedFinding(
      id: k.id, detector: k.detector, lever: k.lever, kind: k.kind, agent: k.agent, phase: k.phase, title: k.title,
      status: FindingStatus.fixed, firstSeen: k.firstSeen, fixedSince: k.fixedSince ?? "",
      projectedMonthlySavingsUSD: k.projectedMonthlySavingsUSD, lastMonthlySavingsUSD: k.monthlySavingsUSD,
      realisedMonthlySavingsUSD: k.projectedMonthlySavingsUSD,
      note: agentActive ? nil : "\(k.agent) made no calls in this period: the saving may not come from a fix")
  }
}
