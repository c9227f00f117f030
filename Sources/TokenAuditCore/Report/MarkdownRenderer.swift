/// Renders the markdown report, a pure function of `AuditResult`.
///
/// Layout: one-screen summary, the roadmap, the week-1 baseline tables, where input tokens go,
/// findings with evidence, repeat groups, extra sections, and "Input quality" last.
public enum MarkdownRenderer {
  /// Renders `r`.
  ///
  /// - Parameter r: The analysis.
  /// - Returns: Markdown text.
  public static func render(_ r: AuditResult) -> String {
    var out = ""
    out += summary(r)
    out += historySection(r)
    out += roadmap(r)
    out += baseline(r)
    out += anatomySection(r)
    out += findingsSection(r)
    out += repeatSection(r)
    for s in r.sections { out += generic(s) }
    out += inputQuality(r)
    return out
  }

  static func periodText(_ r: AuditResult) -> String {
    guard let s = r.period.start, let e = r.period.end else { return "no timestamps" }
    let d = Format.trim(Format.fixed(r.period.days, 1))
    return "\(s.prefix(10)) to \(e.prefix(10)) (\(d) \(d == "1" ? "day" : "days"))"
  }

  static func summary(_ r: AuditResult) -> String {
    let t = r.totals
    var out = "# Token spend audit: \(periodText(r))\n\n"
    out += "| | |\n|:---|---:|\n"
    out += "| Period | \(MarkdownTable.escape(periodText(r))) |\n"
    out += "| Calls | \(Format.int(t.calls)) (\(Format.int(t.failedCalls)) failed) |\n"
    out += "| Input tokens | \(Format.tokens(t.inputTokens)) (\(Format.percent(t.cacheHitRate)) from cache) |\n"
    out += "| Output tokens | \(Format.tokens(t.outputTokens)) |\n"
    out += "| Cost | **\(Format.usd(t.costUSD))** |\n"
    out += "| Projected monthly cost | **\(Format.usdShort(t.projectedMonthlyCostUSD))** / 30 days |\n"
    if let rm = r.roadmap, rm.totalMonthlySavingsUSD > 0 {
      out +=
        "| Savings found | **\(Format.usdShort(rm.totalMonthlySavingsUSD))/month** (\(Format.percent(rm.baselineMonthlyUSD > 0 ? rm.totalMonthlySavingsUSD / rm.baselineMonthlyUSD : 0, digits: 0)) of spend) |\n"
    }
    if let logged = t.loggedCostUSD { out += "| Cost stated by the logs | \(loggedCost(t, logged)) |\n" }
    out += "\n"
    out += skippedLinesNote(r.input)
    if t.unpricedCalls > 0 {
      out += "> **Note:** \(Format.int(t.unpricedCalls)) calls use models without a known price and are excluded from "
      out += "the dollar figures (see [Unpriced models](#unpriced-models)); add them with `--prices FILE`.\n\n"
    }
    if r.period.days < 7 && t.calls > 0 {
      out +=
        "> **Note:** less than 7 days of data: monthly figures are projections from \(Format.days(r.period.days)).\n\n"
    }
    if !r.byAgent.isEmpty {
      out += "**Top agents by cost:** "
      out += r.byAgent.prefix(5).map {
        "\(MarkdownTable.inline($0.agent)) \(Format.usd($0.costUSD)) (\(Format.percent($0.shareOfCost, digits: 0)))"
      }
      .joined(separator: " · ")
      out += "\n\n"
    }
    return out
  }

  static func baseline(_ r: AuditResult) -> String {
    var out = "## Week 1: the baseline\n\n"
    out += "### Cost by agent\n\n"
    var t = MarkdownTable([
      ("Agent", .left), ("Calls", .right), ("Input", .right), ("Output", .right), ("Cache hit", .right),
      ("Failed", .right), ("Cost", .right), ("Share", .right),
    ])
    for a in r.byAgent {
      t.add([
        a.agent + (a.inferred ? " (inferred)" : ""), Format.int(a.calls), Format.tokens(a.inputTokens),
        Format.tokens(a.outputTokens), Format.percent(a.cacheHitRate),
        a.failedCalls > 0 ? "\(Format.int(a.failedCalls)) (\(Format.usd(a.failedCostUSD)))" : "0",
        Format.usd(a.costUSD),
        Format.percent(a.shareOfCost),
      ])
    }
    out += t.render() + "\n"
    if r.byAgent.contains(where: \.inferred) {
      out +=
        "Agents marked *inferred* had no agent label; they are named by a fingerprint of their system prompt and its first words.\n\n"
    }
    out += "### Cost by agent and phase\n\n"
    var p = MarkdownTable([
      ("Agent", .left), ("Phase", .left), ("Calls", .right), ("Input", .right), ("Output", .right),
      ("Cost", .right), ("Per call", .right),
    ])
    for row in r.byPhase.prefix(40) {
      p.add([
        row.agent, row.phase, Format.int(row.calls), Format.tokens(row.inputTokens), Format.tokens(row.outputTokens),
        Format.usd(row.costUSD), Format.usd(row.costPerCallUSD),
      ])
    }
    out += p.render()
    if r.byPhase.count > 40 { out += "\n\(r.byPhase.count - 40) more phases in the JSON report.\n" }
    out += "\n### Cost by model\n\n"
    var m = MarkdownTable([
      ("Model", .left), ("Priced as", .left), ("Calls", .right), ("Input", .right), ("Cache read", .right),
      ("Cache write", .right), ("Output", .right), ("Cost", .right),
    ])
    for row in r.byModel {
      var priced = row.pricedAs.isEmpty ? "no price" : row.pricedAs
      if row.batchCalls > 0 { priced += ", \(row.batchCalls) batch" }
      if row.longContextCalls > 0 { priced += ", \(row.longContextCalls) long-context" }
      if let n = row.flexCalls, n > 0 { priced += ", \(n) flex" }
      if let n = row.priorityCalls, n > 0 { priced += ", \(n) priority" }
      m.add([
        row.model, priced, Format.int(row.calls), Format.tokens(row.inputTokens), Format.tokens(row.cacheReadTokens),
        Format.tokens(row.cacheWriteTokens), Format.tokens(row.outputTokens),
        row.pricedAs.isEmpty ? "n/a" : Format.usd(row.costUSD),
      ])
    }
    out += m.render() + "\n"
    out += pricingAssumptions(r)
    out += costBreakdown(r)
    out += daily(r)
    out += workflows(r)
    return out
  }

  /// What the price table did not state and was filled in, per model, under the model table.
  static func pricingAssumptions(_ r: AuditResult) -> String {
    let rows = r.byModel.filter { !($0.pricingAssumptions ?? []).isEmpty }
    guard !rows.isEmpty else { return "" }
    var out = "Prices the table does not state, filled in (these costs are estimates):\n\n"
    for row in rows {
      let why = (row.pricingAssumptions ?? []).map { Self.assumptionText[$0] ?? $0 }.joined(separator: "; ")
      out += "- `\(row.model)`: \(why).\n"
    }
    return out + "\n"
  }

  static let assumptionText: [String: String] = [
    "batch_discount_assumed": "no batch price: the provider's 50% batch discount was applied",
    "batch_price_unknown": "no batch price and no known discount: batch calls at list price",
    "cache_read_at_input_price": "no cache-read price: cache reads at the uncached input price",
    "cache_write_at_input_price": "no cache-write price: cache writes at the uncached input price",
    "cache_write_1h_derived": "no 1-hour cache-write price: 2× input (Claude) or the 5-minute price",
    "long_context_price_derived": "a long-context price missing: scaled from the base price",
    "output_price_missing": "no output price: output at $0",
    "service_tier_price_unknown": "no flex or priority price: those calls at list price",
  ]

  /// A note in the summary when 1% or more of the lines could not be read: a folder in a format
  /// tokenaudit does not know must not pass for a small bill.
  static func skippedLinesNote(_ i: InputSummary) -> String {
    guard i.skipped > 0, i.lines > 0, Double(i.skipped) >= 0.01 * Double(i.lines) else { return "" }
    let reasons = i.skippedByReason.prefix(3).map { "`\($0.kind)` \(Format.int($0.count))" }.joined(separator: ", ")
    return "> **Note:** \(Format.int(i.skipped)) of \(Format.int(i.lines)) lines "
      + "(\(Format.percent(Double(i.skipped) / Double(i.lines), digits: 0))) could not be read (\(reasons)) and are "
      + "not in these figures; see [Input quality](#input-quality) for examples with their file and line.\n\n"
  }

  /// The logs' own cost figure, with tokenaudit's price of the same calls when they are not all
  /// the calls or the two differ: a reconciliation, not two totals of different call sets.
  static func loggedCost(_ t: Totals, _ logged: Double) -> String {
    var text = Format.usd(logged)
    guard let calls = t.loggedCostCalls, let ours = t.pricedCostOfLoggedCallsUSD else { return text }
    var parts: [String] = []
    if calls < t.calls { parts.append("\(Format.int(calls)) of \(Format.int(t.calls)) calls state one") }
    if calls < t.calls || abs(ours - logged) > max(0.005, 0.005 * logged) {
      parts.append("tokenaudit prices the same calls at \(Format.usd(ours))")
    }
    if let n = t.unpricedLoggedCalls { parts.append("\(Format.int(n)) of them unpriced here") }
    if !parts.isEmpty { text += " (" + parts.joined(separator: "; ") + ")" }
    return text
  }

  static func costBreakdown(_ r: AuditResult) -> String {
    let t = r.totals
    var out = "### Where the dollars go\n\n"
    var b = MarkdownTable([("Token kind", .left), ("Tokens", .right), ("Cost", .right)])
    b.add([
      "Uncached input", Format.tokens(t.inputTokens - t.cacheReadTokens - t.cacheWriteTokens),
      Format.usd(t.inputCostUSD),
    ])
    b.add(["Cache reads", Format.tokens(t.cacheReadTokens), Format.usd(t.cacheReadCostUSD)])
    b.add([
      "Cache writes" + (t.cacheWriteOneHourTokens > 0 ? " (\(Format.tokens(t.cacheWriteOneHourTokens)) 1-hour)" : ""),
      Format.tokens(t.cacheWriteTokens), Format.usd(t.cacheWriteCostUSD),
    ])
    b.add([
      "Output" + (t.reasoningTokens > 0 ? " (\(Format.tokens(t.reasoningTokens)) reasoning)" : ""),
      Format.tokens(t.outputTokens), Format.usd(t.outputCostUSD),
    ])
    if let searches = t.webSearchRequests {
      b.add([
        "Web searches (billed per search)", Format.int(searches) + (searches == 1 ? " search" : " searches"),
        Format.usd(t.webSearchCostUSD ?? 0),
      ])
    }
    out += b.render() + "\n"
    if t.failedCalls > 0 {
      out += "Failed calls (non-2xx): \(Format.int(t.failedCalls)), billed \(Format.usd(t.failedCostUSD)).\n\n"
    }
    return out
  }

  static func daily(_ r: AuditResult) -> String {
    let days = r.byDay.filter { $0.day != "unknown" }
    guard !days.isEmpty else { return "" }
    var out = "### Cost per day\n\n"
    if days.count >= 2 {
      out += "```mermaid\nxychart-beta\n  title \"Cost per day (USD)\"\n"
      out += "  x-axis [" + days.map { "\"\($0.day.dropFirst(5))\"" }.joined(separator: ", ") + "]\n"
      let maxV = days.map(\.costUSD).max() ?? 0
      out += "  y-axis \"USD\" 0 --> \(Format.fixed(niceCeil(maxV), 2))\n"
      out += "  bar [" + days.map { Format.fixed($0.costUSD, 2) }.joined(separator: ", ") + "]\n```\n\n"
    }
    var t = MarkdownTable([("Day", .left), ("Calls", .right), ("Input", .right), ("Output", .right), ("Cost", .right)])
    for d in r.byDay {
      t.add([
        d.day, Format.int(d.calls), Format.tokens(d.inputTokens), Format.tokens(d.outputTokens), Format.usd(d.costUSD),
      ])
    }
    return out + t.render() + "\n"
  }

  static func niceCeil(_ v: Double) -> Double {
    guard v > 0 else { return 1 }
    var step = 1.0
    while step * 10 <= v { step *= 10 }
    while step > v { step /= 10 }
    return (v / step).rounded(.up) * step
  }

  static func workflows(_ r: AuditResult) -> String {
    let w = r.workflows
    guard w.count > 0 else { return "" }
    var out = "### Workflows (cost per task)\n\n"
    out += "\(Format.int(w.count)) workflows, \(Format.trim(Format.fixed(w.meanCalls, 1))) calls each on average. "
    out +=
      "Cost per task: mean \(Format.usd(w.meanCostUSD)), median \(Format.usd(w.medianCostUSD)), p95 \(Format.usd(w.p95CostUSD)).\n"
    if w.callsWithoutWorkflow > 0 { out += "\(Format.int(w.callsWithoutWorkflow)) calls carry no workflow id.\n" }
    out += "\nThe most expensive workflows:\n\n"
    var t = MarkdownTable([
      ("Workflow", .left), ("Agents", .left), ("Started", .left), ("Calls", .right), ("Input", .right),
      ("Cost", .right),
    ])
    for row in w.top {
      t.add([
        row.traceId, row.agents.joined(separator: ", "),
        row.start.map { String($0.prefix(16).map { $0 == "T" ? " " : $0 }) } ?? "",
        Format.int(row.calls), Format.tokens(row.inputTokens), Format.usd(row.costUSD),
      ])
    }
    return out + t.render() + "\n"
  }

  static func anatomySection(_ r: AuditResult) -> String {
    guard !r.anatomy.isEmpty else { return "" }
    var out = "## Where each agent's input tokens go\n\n"
    let rows = r.anatomy.prefix(25)
    // A column for calls logged without their prompt text, only when there are any.
    let unlogged = rows.contains { ($0.unloggedTokens ?? 0) > 0 }
    var columns: [(String, MarkdownTable.Align)] = [
      ("Agent", .left), ("Phase", .left), ("Input", .right), ("System", .right), ("Tools", .right),
      ("History", .right), ("Tool results / context", .right), ("Latest user", .right),
    ]
    if unlogged { columns.append(("Text not logged", .right)) }
    var t = MarkdownTable(columns)
    for a in rows {
      func share(_ n: Int) -> String {
        a.inputTokens > 0 ? Format.percent(Double(n) / Double(a.inputTokens), digits: 0) : "0%"
      }
      var cells = [
        a.agent, a.phase, Format.tokens(a.inputTokens), share(a.systemTokens), share(a.toolTokens),
        share(a.historyTokens), share(a.toolResultTokens), share(a.latestUserTokens),
      ]
      if unlogged { cells.append(share(a.unloggedTokens ?? 0)) }
      t.add(cells)
    }
    out += t.render() + "\n"
    out += "Shares are measured with the tokenizer on the logged prompt text and scaled to the billed input tokens"
    out += unlogged ? "; calls logged without their prompt text count as *text not logged*.\n\n" : ".\n\n"
    if let tk = r.tokenizer, tk.textsCounted > 0 {
      out += "Tokenizer: \(Format.int(tk.textsCounted)) texts, \(Format.percent(tk.memoHitRate)) answered from the memo"
      out +=
        tk.estimatedCalls > 0
        ? "; \(Format.int(tk.estimatedCalls)) calls without logged usage were counted with it (*estimated*).\n" : ".\n"
      for c in tk.calibrations {
        out += "- \(c.family): \(c.fitted ? "fitted" : "default") factor \(Format.fixed(c.factor, 3)) × o200k_base"
        out += c.fitted ? " from \(c.samples) calls (mean error \(Format.fixed(c.meanAbsErrorPercent, 1))%)\n" : "\n"
      }
      out += "\n"
    }
    return out
  }

  static func generic(_ s: ReportSection) -> String {
    var out = "## \(s.title)\n\n"
    for p in s.paragraphs { out += p + "\n\n" }
    if !s.columns.isEmpty {
      var t = MarkdownTable(s.columns.map { ($0, .left) })
      for r in s.rows { t.add(r) }
      out += t.render() + "\n"
    }
    return out
  }
}
