/// Compares a run's snapshot with the previous one, and lays out the trends.
enum HistoryComparator {
  /// A quality signal worsened when it rose by more than 1 percentage point and by more than 20%.
  static let worsenedPoints = 0.01
  static let worsenedRelative = 0.20
  /// Periods whose lengths differ by more than this share get a note.
  static let lengthTolerance = 0.10

  /// Deltas, cost per task and quality; findings are filled in by the tracker.
  static func compare(current c: RunSnapshot, previous p: RunSnapshot) -> SinceLastRun {
    let totals = delta(
      SnapshotGroup(
        calls: p.totals.calls, costUSD: p.totals.costUSD, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0),
      SnapshotGroup(
        calls: c.totals.calls, costUSD: c.totals.costUSD, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0))
    let sameBasis = c.costPerTask.basis == p.costPerTask.basis
    let perTask =
      sameBasis
      ? change(p.costPerTask.meanUSD, c.costPerTask.meanUSD, basis: c.costPerTask.basis)
      : change(perCall(p.totals), perCall(c.totals), basis: "call")
    let workflowBasis = sameBasis && c.costPerTask.basis == "workflow"
    let quality = compareQuality(p.quality, c.quality)
    var notes: [String] = []
    if c.costPerTask.basis != p.costPerTask.basis {
      notes.append("Cost per task is compared per call: one of the periods has no workflow ids.")
    }
    if p.period.days > 0, abs(c.period.days - p.period.days) / p.period.days > lengthTolerance {
      notes.append(
        "The periods differ in length (\(Format.trim(Format.fixed(p.period.days, 1))) and "
          + "\(Format.trim(Format.fixed(c.period.days, 1))) days): compare per-call and per-task figures, not totals.")
    }
    if p.quality.source != c.quality.source {
      notes.append(
        "Quality signals were measured differently in the two runs (\(p.quality.source) and \(c.quality.source)).")
    }
    return SinceLastRun(
      previousPeriod: ref(p), currentPeriod: ref(c), totals: totals, agents: deltas(p.agents, c.agents),
      phases: deltas(p.phases, c.phases), models: deltas(p.models, c.models), costPerTask: perTask,
      costPerTaskMedian: workflowBasis
        ? change(p.costPerTask.medianUSD, c.costPerTask.medianUSD, basis: "workflow") : nil,
      costPerTaskP95: workflowBasis ? change(p.costPerTask.p95USD, c.costPerTask.p95USD, basis: "workflow") : nil,
      cacheHitRate: change(p.totals.cacheHitRate, c.totals.cacheHitRate, basis: nil), quality: quality, findings: [],
      realisedMonthlySavingsUSD: 0, projectedMonthlySavingsUSD: 0, verdict: verdict(perTask, quality), notes: notes)
  }

  static func ref(_ s: RunSnapshot) -> PeriodRef {
    PeriodRef(
      label: s.period.label, start: s.period.sinceMS.map(Timestamp.isoString) ?? s.period.firstCall,
      end: s.period.untilMS.map(Timestamp.isoString) ?? s.period.lastCall, runID: s.runID, generatedAt: s.generatedAt,
      days: s.period.days)
  }

  static func perCall(_ t: SnapshotTotals) -> Double { t.calls > 0 ? t.costUSD / Double(t.calls) : 0 }

  static func change(_ previous: Double, _ current: Double, basis: String?) -> MetricChange {
    MetricChange(
      previous: previous, current: current, changePercent: previous != 0 ? (current - previous) / previous * 100 : nil,
      basis: basis)
  }

  static func delta(_ p: SnapshotGroup?, _ c: SnapshotGroup?) -> CostDelta {
    let g = c ?? p
    let pc = p?.calls ?? 0
    let cc = c?.calls ?? 0
    let pcost = p?.costUSD ?? 0
    let ccost = c?.costUSD ?? 0
    return CostDelta(
      agent: g?.agent, phase: g?.phase, model: g?.model, previousCalls: pc, calls: cc, previousCostUSD: pcost,
      costUSD: ccost, deltaCostUSD: ccost - pcost, changePercent: pcost != 0 ? (ccost - pcost) / pcost * 100 : nil,
      previousCostPerCallUSD: pc > 0 ? pcost / Double(pc) : 0, costPerCallUSD: cc > 0 ? ccost / Double(cc) : 0)
  }

  /// Every group of either run, by absolute cost change descending, then key.
  static func deltas(_ previous: [SnapshotGroup], _ current: [SnapshotGroup]) -> [CostDelta] {
    var p: [String: SnapshotGroup] = [:]
    var c: [String: SnapshotGroup] = [:]
    for g in previous { p[g.key] = g }
    for g in current { c[g.key] = g }
    let keys = Set(p.keys).union(c.keys)
    return keys.map { (key: $0, delta: delta(p[$0], c[$0])) }
      .sorted { (abs($0.delta.deltaCostUSD), $1.key) > (abs($1.delta.deltaCostUSD), $0.key) }
      .map(\.delta)
  }

  static func compareQuality(_ p: QualitySignals, _ c: QualitySignals) -> QualityComparison {
    var worse: [String] = []
    func check(_ name: String, _ a: Double, _ b: Double) {
      if b - a > worsenedPoints && b > a * (1 + worsenedRelative) { worse.append(name) }
    }
    check("errors", p.errorRate, c.errorRate)
    check("retries", p.retryRate, c.retryRate)
    check("truncations", p.truncationRate, c.truncationRate)
    return QualityComparison(previous: p, current: c, held: worse.isEmpty, worsened: worse)
  }

  /// "Cost per task fell 18.2% ($0.42 → $0.34) and quality held (errors 1% → 1.1%, …)."
  static func verdict(_ cost: MetricChange, _ q: QualityComparison) -> String {
    let what = cost.basis == "workflow" ? "Cost per task" : "Cost per call"
    let values = "(\(Format.unitUSD(cost.previous)) → \(Format.unitUSD(cost.current)))"
    let direction: Int
    let costText: String
    if let pct = cost.changePercent, abs(pct) >= 1 {
      direction = pct < 0 ? -1 : 1
      costText = "\(what) \(pct < 0 ? "fell" : "rose") \(Format.trim(Format.fixed(abs(pct), 1)))% \(values)"
    } else {
      direction = 0
      costText = "\(what) held \(values)"
    }
    func signal(_ name: String, _ a: Double, _ b: Double) -> String {
      "\(name) \(Format.percent(a)) → \(Format.percent(b))"
    }
    let all = [
      signal("errors", q.previous.errorRate, q.current.errorRate),
      signal("retries", q.previous.retryRate, q.current.retryRate),
      signal("truncations", q.previous.truncationRate, q.current.truncationRate),
    ]
    if q.held {
      return "\(costText) \(direction > 0 ? "while" : "and") quality held (\(all.joined(separator: ", ")))."
    }
    let worse = zip(["errors", "retries", "truncations"], all).filter { q.worsened.contains($0.0) }.map(\.1)
    return "\(costText) \(direction < 0 ? "but" : "and") quality slipped (\(worse.joined(separator: ", ")))."
  }

  /// The last `limit` periods, oldest first: one run per period (the latest), this run last.
  static func trends(_ earlier: [RunSnapshot], current: RunSnapshot, limit: Int) -> Trends {
    let runs = Array(earlier.suffix(max(0, limit - 1))) + [current]
    return Trends(
      runs: runs.map { s in
        TrendPoint(
          label: s.period.label, shortLabel: shortLabel(s.period), calls: s.totals.calls, costUSD: s.totals.costUSD,
          costPerTaskUSD: s.costPerTask.meanUSD, costPerTaskBasis: s.costPerTask.basis,
          cacheHitRate: s.totals.cacheHitRate, errorRate: s.quality.errorRate, retryRate: s.quality.retryRate,
          truncationRate: s.quality.truncationRate)
      })
  }

  /// `W47` for ISO weeks, else the last day as `MM-DD`.
  static func shortLabel(_ p: SnapshotPeriod) -> String {
    if let r = p.label.range(of: "-W") { return "W" + p.label[r.upperBound...] }
    return String(p.lastDay.dropFirst(5))
  }
}
