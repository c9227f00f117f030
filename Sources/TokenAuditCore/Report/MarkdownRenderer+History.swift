extension MarkdownRenderer {
  /// "Since last run": the comparison, findings' progress, cost changes by group and the trends.
  /// Empty without history tracking; a one-line note on the first recorded run.
  static func historySection(_ r: AuditResult) -> String {
    guard let trends = r.trends else { return "" }
    guard let s = r.sinceLastRun else {
      return
        "## Since last run\n\nNo earlier run is recorded in the state folder: this run is the baseline the next one "
        + "compares against.\n\n"
    }
    var out =
      "## Since last run: \(MarkdownTable.inline(s.currentPeriod.label)) vs \(MarkdownTable.inline(s.previousPeriod.label))\n\n"
    out += "**\(MarkdownTable.inline(s.verdict))**\n\n"
    for n in s.notes { out += "> **Note:** \(n)\n\n" }
    out += comparisonTable(s)
    out += findingProgress(s, resolved: r.resolvedFindings ?? [])
    out += groupChanges("agent", s.agents) { $0.agent ?? "" }
    out += groupChanges("agent and phase", s.phases) { "\($0.agent ?? "") / \($0.phase ?? "")" }
    out += groupChanges("model", s.models) { $0.model ?? "" }
    out += trendSection(trends)
    return out
  }

  static func comparisonTable(_ s: SinceLastRun) -> String {
    var t = MarkdownTable([
      ("", .left), (s.previousPeriod.label, .right), (s.currentPeriod.label, .right), ("Change", .right),
    ])
    func money(_ name: String, _ m: MetricChange) {
      t.add([name, Format.unitUSD(m.previous), Format.unitUSD(m.current), signedPercent(m.changePercent)])
    }
    func rate(_ name: String, _ a: Double, _ b: Double) {
      t.add([name, Format.percent(a), Format.percent(b), signedPoints(b - a)])
    }
    let tot = s.totals
    t.add([
      "Cost", Format.usd(tot.previousCostUSD), Format.usd(tot.costUSD), signedPercent(tot.changePercent),
    ])
    t.add([
      "Calls", Format.int(tot.previousCalls), Format.int(tot.calls),
      signedPercent(
        tot.previousCalls > 0 ? Double(tot.calls - tot.previousCalls) / Double(tot.previousCalls) * 100 : nil),
    ])
    money(
      "Cost per call",
      MetricChange(
        previous: tot.previousCostPerCallUSD, current: tot.costPerCallUSD,
        changePercent: tot.previousCostPerCallUSD > 0
          ? (tot.costPerCallUSD - tot.previousCostPerCallUSD) / tot.previousCostPerCallUSD * 100 : nil))
    if s.costPerTask.basis == "workflow" {
      money("Cost per task (mean)", s.costPerTask)
      if let m = s.costPerTaskMedian { money("Cost per task (median)", m) }
      if let p = s.costPerTaskP95 { money("Cost per task (p95)", p) }
    }
    rate("Cache hit rate", s.cacheHitRate.previous, s.cacheHitRate.current)
    let q = s.quality
    rate("Error rate", q.previous.errorRate, q.current.errorRate)
    rate("Retry rate", q.previous.retryRate, q.current.retryRate)
    rate("Truncation rate", q.previous.truncationRate, q.current.truncationRate)
    return t.render() + "\n"
  }

  static func findingProgress(_ s: SinceLastRun, resolved: [ResolvedFinding]) -> String {
    guard !s.findings.isEmpty || !resolved.isEmpty else { return "" }
    var out = "### Findings of earlier runs\n\n"
    out += "Realised **\(Format.usdShort(s.realisedMonthlySavingsUSD))/month** of the "
    out += "\(Format.usdShort(s.projectedMonthlySavingsUSD))/month projected when these findings were first reported "
    out += "(projected then minus projected now).\n\n"
    var t = MarkdownTable([
      ("Finding", .left), ("Agent", .left), ("Status", .left), ("First seen", .left), ("Projected / month", .right),
      ("Now / month", .right), ("Realised / month", .right),
    ])
    for f in s.findings {
      t.add([
        "\(f.title) (`\(f.id)`)", f.agent, f.status.replacingUnderscores, f.firstSeen,
        Format.usdShort(f.projectedMonthlySavingsUSD), Format.usdShort(f.monthlySavingsUSD),
        Format.usdShort(f.realisedMonthlySavingsUSD),
      ])
    }
    for f in resolved {
      t.add([
        "\(f.title) (`\(f.id)`)" + (f.note.map { " — \($0)" } ?? ""), f.agent,
        "fixed" + (f.fixedSince.isEmpty ? "" : " in \(f.fixedSince)"), f.firstSeen,
        Format.usdShort(f.projectedMonthlySavingsUSD), Format.usdShort(0), Format.usdShort(f.realisedMonthlySavingsUSD),
      ])
    }
    return out + t.render() + "\n"
  }

  static func groupChanges(_ what: String, _ rows: [CostDelta], name: (CostDelta) -> String) -> String {
    let shown = rows.filter { $0.deltaCostUSD != 0 || $0.calls != $0.previousCalls }.prefix(15)
    guard !shown.isEmpty else { return "" }
    var out = "### Cost by \(what) since last run\n\n"
    var t = MarkdownTable([
      (what.prefix(1).uppercased() + what.dropFirst(), .left), ("Calls", .right), ("Cost", .right), ("Change", .right),
      ("Per call", .right),
    ])
    for d in shown {
      t.add([
        name(d), "\(Format.int(d.previousCalls)) → \(Format.int(d.calls))",
        "\(Format.usd(d.previousCostUSD)) → \(Format.usd(d.costUSD))",
        signedUSD(d.deltaCostUSD) + " (\(signedPercent(d.changePercent)))",
        "\(Format.unitUSD(d.previousCostPerCallUSD)) → \(Format.unitUSD(d.costPerCallUSD))",
      ])
    }
    out += t.render()
    if rows.count > shown.count { out += "\n\(rows.count - shown.count) more in the JSON report (`since_last_run`).\n" }
    return out + "\n"
  }

  static func trendSection(_ trends: Trends) -> String {
    let runs = trends.runs
    guard runs.count >= 2 else { return "" }
    var out = "### Trends over the last \(runs.count) runs\n\n"
    let labels = runs.map { "\"\($0.shortLabel.replacingOccurrences(of: "\"", with: "'"))\"" }.joined(separator: ", ")
    func chart(_ title: String, _ axis: String, _ series: [[Double]], digits: Int) -> String {
      let maxV = series.flatMap { $0 }.max() ?? 0
      var c = "```mermaid\nxychart-beta\n  title \"\(title)\"\n  x-axis [\(labels)]\n"
      c += "  y-axis \"\(axis)\" 0 --> \(Format.trim(Format.fixed(niceCeil(maxV), digits)))\n"
      for s in series { c += "  line [" + s.map { Format.fixed($0, digits) }.joined(separator: ", ") + "]\n" }
      return c + "```\n\n"
    }
    // Mixed bases (some runs without workflow ids) fall back to cost per call for every run.
    let basis = runs.allSatisfy { $0.costPerTaskBasis == "workflow" } ? "task" : "call"
    func unitCost(_ p: TrendPoint) -> Double {
      basis == "task" ? p.costPerTaskUSD : (p.calls > 0 ? p.costUSD / Double(p.calls) : 0)
    }
    out += chart("Cost per \(basis) (USD)", "USD", [runs.map(unitCost)], digits: 4)
    out += chart("Cache hit rate (%)", "%", [runs.map { $0.cacheHitRate * 100 }], digits: 1)
    out += chart(
      "Errors, retries, truncations (% of calls)", "%",
      [runs.map { $0.errorRate * 100 }, runs.map { $0.retryRate * 100 }, runs.map { $0.truncationRate * 100 }],
      digits: 2)
    out += "The last chart's lines, in order: errors, retries, truncations (the values are in the table).\n\n"
    var t = MarkdownTable([
      ("Period", .left), ("Calls", .right), ("Cost", .right), ("Cost per \(basis)", .right), ("Cache hit", .right),
      ("Errors", .right), ("Retries", .right), ("Truncations", .right),
    ])
    for p in runs {
      t.add([
        p.label, Format.int(p.calls), Format.usd(p.costUSD), Format.unitUSD(unitCost(p)),
        Format.percent(p.cacheHitRate),
        Format.percent(p.errorRate), Format.percent(p.retryRate), Format.percent(p.truncationRate),
      ])
    }
    return out + t.render() + "\n"
  }

  static func signedPercent(_ p: Double?) -> String {
    guard let p, p.isFinite else { return "new" }
    let s = Format.trim(Format.fixed(p, 1))
    return (p > 0 && s != "0" ? "+" : "") + s + "%"
  }

  /// `+$1.20`, `-$0.0037` (`Format.usd` drops the sign of amounts under half a cent).
  static func signedUSD(_ v: Double) -> String {
    (v < 0 ? "-" : v > 0 ? "+" : "") + Format.usd(abs(v))
  }

  static func signedPoints(_ d: Double) -> String {
    let s = Format.trim(Format.fixed(d * 100, 1))
    return (d > 0 && s != "0" ? "+" : "") + s + " pts"
  }
}
