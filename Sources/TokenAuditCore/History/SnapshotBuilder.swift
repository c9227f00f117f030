/// Builds the snapshot of a run from its result and its calls.
enum SnapshotBuilder {
  /// The snapshot of this run, before finding statuses are tracked (`findings` are the result's).
  ///
  /// - Parameters:
  ///   - result: The run's result.
  ///   - facts: Its calls (for quality signals when no reliability detector ran).
  ///   - window: The time window (its bounds define the period when given).
  ///   - runID: The run's id.
  ///   - detectors: Ids of the detectors that ran (nil: unknown, treat all as run).
  static func snapshot(
    result r: AuditResult, facts: FactStore, window: TimeWindow, runID: String, detectors: Set<String>?
  ) -> RunSnapshot {
    let t = r.totals
    let totals = SnapshotTotals(
      calls: t.calls, costUSD: t.costUSD, inputTokens: t.inputTokens, outputTokens: t.outputTokens,
      cacheReadTokens: t.cacheReadTokens, cacheHitRate: t.cacheHitRate, failedCalls: t.failedCalls,
      projectedMonthlyCostUSD: t.projectedMonthlyCostUSD)
    let agents = r.byAgent.map {
      SnapshotGroup(
        agent: $0.agent, calls: $0.calls, costUSD: $0.costUSD, inputTokens: $0.inputTokens,
        outputTokens: $0.outputTokens, cacheReadTokens: $0.cacheReadTokens)
    }
    let phases = r.byPhase.map {
      SnapshotGroup(
        agent: $0.agent, phase: $0.phase, calls: $0.calls, costUSD: $0.costUSD, inputTokens: $0.inputTokens,
        outputTokens: $0.outputTokens, cacheReadTokens: $0.cacheReadTokens)
    }
    let models = r.byModel.map {
      SnapshotGroup(
        model: $0.model, calls: $0.calls, costUSD: $0.costUSD, inputTokens: $0.inputTokens,
        outputTokens: $0.outputTokens, cacheReadTokens: $0.cacheReadTokens)
    }
    let w = r.workflows
    let costPerTask =
      w.count > 0
      ? SnapshotCostPerTask(
        basis: "workflow", tasks: w.count, meanUSD: w.meanCostUSD, medianUSD: w.medianCostUSD, p95USD: w.p95CostUSD)
      : SnapshotCostPerTask(
        basis: "call", tasks: t.calls, meanUSD: t.calls > 0 ? t.costUSD / Double(t.calls) : 0, medianUSD: 0, p95USD: 0)
    let (overall, byAgent) = quality(result: r, facts: facts)
    let findings = r.findings.map { f in
      SnapshotFinding(
        id: f.id, detector: f.detector, lever: f.lever, kind: f.kind, agent: f.agent, phase: f.phase, title: f.title,
        savingsUSD: f.savingsUSD, monthlySavingsUSD: f.monthlySavingsUSD, status: f.status ?? FindingStatus.new,
        firstSeen: "", projectedMonthlySavingsUSD: f.monthlySavingsUSD, lastSeen: "")
    }
    return RunSnapshot(
      runID: runID, generatedAt: r.run.generatedAt, toolVersion: r.run.toolVersion,
      period: period(result: r, facts: facts, window: window), detectors: detectors.map { $0.sorted() }, totals: totals,
      agents: agents, phases: phases, models: models, costPerTask: costPerTask, quality: overall,
      qualityByAgent: byAgent,
      findings: findings, resolved: [])
  }

  static func period(result r: AuditResult, facts: FactStore, window: TimeWindow) -> SnapshotPeriod {
    var first: Int64?
    var last: Int64?
    facts.forEachTimestamp { ts in
      guard let ts else { return }
      first = min(first ?? ts, ts)
      last = max(last ?? ts, ts)
    }
    let zone = window.timeZone
    let start = window.sinceMS ?? first
    let endExclusive = window.untilMS ?? last.map { $0 + 1 }
    let endMS = endExclusive ?? Timestamp.parseISO(r.run.generatedAt) ?? 0
    let firstDay = start.map(zone.dayString) ?? "?"
    let lastDay = endExclusive.map { zone.dayString($0 - 1) } ?? Timestamp.dayString(endMS)
    var label = "\(firstDay) to \(lastDay)"
    if let l = window.label, l.contains("-W") { label = l }
    let key =
      window.isBounded
      ? "window:\(window.sinceMS.map(Timestamp.isoString) ?? "")/\(window.untilMS.map(Timestamp.isoString) ?? "")"
      : "calls:\(first.map(Timestamp.isoString) ?? "")/\(last.map(Timestamp.isoString) ?? "")"
    var days = r.period.days
    if let s = window.sinceMS, let u = window.untilMS { days = (Double(u - s) / 86_400_000 * 100).rounded() / 100 }
    return SnapshotPeriod(
      label: label, key: key, sinceMS: window.sinceMS, untilMS: window.untilMS, firstCall: r.period.start,
      lastCall: r.period.end, endMS: endMS, lastDay: lastDay, days: days, timeZone: zone.description)
  }

  /// Overall and per-agent quality: the reliability detector's rows when present (weighted by
  /// calls), else computed from the calls: failures, re-sent failed requests and truncations.
  static func quality(result r: AuditResult, facts: FactStore) -> (QualitySignals, [AgentQuality]) {
    if !r.quality.isEmpty {
      var calls = 0
      var e = 0.0
      var re = 0.0
      var tr = 0.0
      var rows: [AgentQuality] = []
      for q in r.quality {
        calls += q.calls
        e += q.errorRate * Double(q.calls)
        re += q.retryRate * Double(q.calls)
        tr += q.truncationRate * Double(q.calls)
        rows.append(
          AgentQuality(
            agent: q.agent,
            signals: QualitySignals(
              calls: q.calls, errorRate: q.errorRate, retryRate: q.retryRate, truncationRate: q.truncationRate,
              source: "reliability")))
      }
      let n = Double(max(calls, 1))
      return (
        QualitySignals(
          calls: calls, errorRate: e / n, retryRate: re / n, truncationRate: tr / n, source: "reliability"),
        rows.sorted { ($0.signals.calls, $1.agent) > ($1.signals.calls, $0.agent) }
      )
    }
    struct Count {
      var calls = 0
      var failures = 0
      var retries = 0
      var truncations = 0
    }
    var total = Count()
    var perAgent: [String: Count] = [:]
    // Bounded by the number of failed calls.
    var failedRequests = Set<String>()
    for f in facts {
      var c = perAgent[f.agent] ?? Count()
      c.calls += 1
      let key = f.agent + "\u{1}" + String(f.requestHash)
      if f.requestHash != 0 && failedRequests.contains(key) { c.retries += 1 }
      if f.isFailure {
        c.failures += 1
        if f.requestHash != 0 { failedRequests.insert(key) }
      }
      if f.isTruncated { c.truncations += 1 }
      perAgent[f.agent] = c
    }
    for c in perAgent.values {
      total.calls += c.calls
      total.failures += c.failures
      total.retries += c.retries
      total.truncations += c.truncations
    }
    func signals(_ c: Count) -> QualitySignals {
      let n = Double(max(c.calls, 1))
      return QualitySignals(
        calls: c.calls, errorRate: Double(c.failures) / n, retryRate: Double(c.retries) / n,
        truncationRate: Double(c.truncations) / n, source: "facts")
    }
    let rows = perAgent.map { AgentQuality(agent: $0.key, signals: signals($0.value)) }
      .sorted { ($0.signals.calls, $1.agent) > ($1.signals.calls, $0.agent) }
    return (signals(total), rows)
  }
}
