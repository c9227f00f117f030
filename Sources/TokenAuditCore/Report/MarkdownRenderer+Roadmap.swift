extension MarkdownRenderer {
  /// The plan: the week-by-week table with the money at each step, a mermaid chart of the monthly
  /// cost from the baseline through each lever, the actions of each week with their pitfall, and
  /// the quality guardrails per agent.
  static func roadmap(_ r: AuditResult) -> String {
    guard let rm = r.roadmap else { return "" }
    var out = "## The plan, week by week\n\n"
    if let c = rm.caveat { out += "> **Note:** \(c)\n\n" }
    if rm.steps.isEmpty {
      out += "No finding crossed its threshold: the baseline, \(Format.usdShort(rm.baselineMonthlyUSD)) a month, "
      out += "is the plan. Keep the guardrails below in view.\n\n"
      return out + guardrails(r)
    }
    let share = rm.baselineMonthlyUSD > 0 ? rm.totalMonthlySavingsUSD / rm.baselineMonthlyUSD : 0
    out += "Baseline **\(Format.usdShort(rm.baselineMonthlyUSD))/month**; after every step "
    out += "**\(Format.usdShort(rm.finalMonthlyUSD))/month**, \(Format.percent(share, digits: 0)) less. "
    out += "Each step applies to what the earlier steps leave of every call, so the savings add up without double "
    out += "counting"
    if rm.sumOfFindingsMonthlyUSD > rm.totalMonthlySavingsUSD + 0.005 {
      out +=
        " (the findings' separate savings sum to \(Format.usdShort(rm.sumOfFindingsMonthlyUSD))/month because some "
      out += "touch the same calls)"
    }
    out += ".\n\n"
    var t = MarkdownTable([
      ("Week", .left), ("Lever", .left), ("What to do", .left), ("Saves / month", .right),
      ("Monthly cost after", .right),
    ])
    t.add(["1", "baseline", "Measure: this report", "", Format.usdShort(rm.baselineMonthlyUSD)])
    for s in rm.steps {
      t.add([s.week, s.lever, s.title, Format.usdShort(s.monthlySavingsUSD), Format.usdShort(s.monthlyCostAfterUSD)])
    }
    out += t.render() + "\n"
    out += costChart(rm)
    let numbers = Dictionary(r.findings.enumerated().map { ($1.id, $0 + 1) }, uniquingKeysWith: { a, _ in a })
    for s in rm.steps {
      out += "### Week \(s.week): \(s.lever), \(Format.usdShort(s.monthlySavingsUSD))/month\n\n"
      for item in s.items {
        let scope = MarkdownTable.inline(item.agent) + (item.phase.map { " / " + MarkdownTable.inline($0) } ?? "")
        out += "- **\(Format.usdShort(item.monthlySavingsUSD))/month**: \(MarkdownTable.inline(item.title)) (\(scope))"
        if item.separateMonthlySavingsUSD > item.monthlySavingsUSD + 0.005 {
          out += ", \(Format.usdShort(item.separateMonthlySavingsUSD)) alone"
        }
        out += " · confidence \(item.confidence) · effort \(item.effort)"
        if let n = numbers[item.findingId] { out += " · finding \(n)" }
        out += "\n"
      }
      out += "\n*Pitfall:* \(s.pitfall)\n\n"
    }
    return out + guardrails(r)
  }

  /// A bar chart of the monthly cost at the baseline and after each step (mermaid `xychart-beta`).
  static func costChart(_ rm: Roadmap) -> String {
    var out = "```mermaid\nxychart-beta\n  title \"Monthly cost after each step (USD)\"\n"
    let labels = ["baseline"] + rm.steps.map { "wk \($0.week) \($0.lever)" }
    out += "  x-axis [" + labels.map { "\"\($0)\"" }.joined(separator: ", ") + "]\n"
    let top = niceCeil(rm.baselineMonthlyUSD)
    let digits = top < 10 ? 2 : 0
    out += "  y-axis \"USD / month\" 0 --> \(Format.fixed(top, digits))\n"
    let values = [rm.baselineMonthlyUSD] + rm.steps.map(\.monthlyCostAfterUSD)
    out += "  bar [" + values.map { Format.fixed($0, digits) }.joined(separator: ", ") + "]\n```\n\n"
    return out
  }

  /// The quality guardrails per agent and the pitfalls of the plan.
  static func guardrails(_ r: AuditResult) -> String {
    guard !r.quality.isEmpty else { return "" }
    var out = "### Quality guardrails\n\n"
    out += "Check these rates per agent before and after every step: a cut that raises them is not a saving.\n\n"
    var t = MarkdownTable([
      ("Agent", .left), ("Calls", .right), ("Error rate", .right), ("Retry rate", .right), ("Truncation rate", .right),
    ])
    for q in r.quality {
      t.add([
        q.agent, Format.int(q.calls), Format.percent(q.errorRate), Format.percent(q.retryRate),
        Format.percent(q.truncationRate),
      ])
    }
    out += t.render() + "\n"
    let levers = Set(r.findings.map(\.lever))
    var pitfalls: [String] = []
    if levers.contains("routing") {
      pitfalls.append("Route only after testing on a sample of logged calls; roll out gradually.")
    }
    if levers.contains("caching") {
      pitfalls.append("Watch cache hit rates weekly: a changed prefix silently stops caching.")
    }
    if levers.contains("batching") {
      pitfalls.append("Batch only latency-tolerant work: results can take up to 24 hours.")
    }
    if levers.contains("pruning") {
      pitfalls.append("Replay logged requests with trimmed prompts before shipping and compare the answers.")
    }
    pitfalls.append("Never trade a large quality loss for a small cut.")
    out += "Pitfalls:\n\n" + pitfalls.map { "- \($0)\n" }.joined() + "\n"
    return out
  }
}
