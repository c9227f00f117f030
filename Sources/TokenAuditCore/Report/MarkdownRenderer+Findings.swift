extension MarkdownRenderer {
  static func roadmap(_ r: AuditResult) -> String {
    guard let rm = r.roadmap else { return "" }
    var out = "## The plan, week by week\n\n"
    if let c = rm.caveat { out += "> **Note:** \(c)\n\n" }
    out += "Each step is applied to what the previous ones leave, so the savings add up without double counting.\n\n"
    var t = MarkdownTable([
      ("Week", .left), ("Lever", .left), ("What to do", .left), ("Saves / month", .right), ("Monthly cost after", .right),
    ])
    t.add(["1", "baseline", "Measure: this report", "", Format.usdShort(rm.baselineMonthlyUSD)])
    for s in rm.steps {
      t.add([s.week, s.lever, s.title, Format.usdShort(s.monthlySavingsUSD), Format.usdShort(s.monthlyCostAfterUSD)])
    }
    out += t.render() + "\n"
    if !rm.steps.isEmpty {
      out += "```mermaid\nxychart-beta\n  title \"Monthly cost after each step (USD)\"\n"
      let labels = ["baseline"] + rm.steps.map { "wk \($0.week) \($0.lever)" }
      out += "  x-axis [" + labels.map { "\"\($0)\"" }.joined(separator: ", ") + "]\n"
      out += "  y-axis \"USD / month\" 0 --> \(Format.fixed(niceCeil(rm.baselineMonthlyUSD), 0))\n"
      let values = [rm.baselineMonthlyUSD] + rm.steps.map(\.monthlyCostAfterUSD)
      out += "  bar [" + values.map { Format.fixed($0, 0) }.joined(separator: ", ") + "]\n```\n\n"
    }
    return out
  }

  static func findingsSection(_ r: AuditResult) -> String {
    guard !r.findings.isEmpty else { return "" }
    var out = "## Findings\n\n"
    var t = MarkdownTable([
      ("#", .right), ("Week", .left), ("Lever", .left), ("Agent / phase", .left), ("Finding", .left),
      ("Saves / month", .right), ("Confidence", .left), ("Effort", .left),
    ])
    for (i, f) in r.findings.enumerated() {
      t.add([
        "\(i + 1)", "\(f.week)", f.lever, f.agent + (f.phase.map { " / " + $0 } ?? ""),
        f.title + (f.status.map { " (\($0.replacingUnderscores))" } ?? ""), Format.usdShort(f.monthlySavingsUSD),
        f.confidence, f.effort,
      ])
    }
    out += t.render() + "\n"
    for (i, f) in r.findings.enumerated() {
      out += "### \(i + 1). \(MarkdownTable.inline(f.title))\n\n"
      out += "`\(f.id)` · \(f.lever), week \(f.week) · \(MarkdownTable.inline(f.agent))"
      if let p = f.phase { out += " / \(MarkdownTable.inline(p))" }
      out += " · \(Format.int(f.calls)) calls · saves \(Format.usd(f.savingsUSD)) in the period, "
      out += "**\(Format.usdShort(f.monthlySavingsUSD))/month** · confidence \(f.confidence) · effort \(f.effort)\n\n"
      out += f.detail + "\n\n"
      out += "**How:** " + f.how + "\n\n"
      if !f.risk.isEmpty { out += "**Risk:** " + f.risk + "\n\n" }
      if !f.requestIds.isEmpty {
        let shown = f.requestIds.prefix(8).map { "`\($0)`" }.joined(separator: ", ")
        out += "Evidence: \(shown)" + (f.requestIds.count > 8 ? " and \(f.requestIds.count - 8) more (JSON report)" : "") + "\n\n"
      }
    }
    return out
  }

  static func repeatSection(_ r: AuditResult) -> String {
    guard !r.repeatGroups.isEmpty else { return "" }
    var out = "## Repeated and similar calls\n\n"
    var t = MarkdownTable([
      ("Kind", .left), ("Agent", .left), ("Calls", .right), ("Similarity", .right), ("Answers agree", .left),
      ("Avoidable", .right), ("Example", .left),
    ])
    for g in r.repeatGroups.prefix(15) {
      t.add([
        g.kind, g.agent, Format.int(g.calls), Format.fixed(g.similarity, 2),
        g.answersAgree.map { $0 ? "yes" : "no" } ?? "n/a", Format.usd(g.avoidableCostUSD),
        g.excerpts.prefix(2).map { "“\($0)”" }.joined(separator: " / "),
      ])
    }
    out += t.render() + "\n"
    if r.repeatGroups.count > 15 { out += "\(r.repeatGroups.count - 15) more groups in the JSON report.\n\n" }
    return out
  }

  static func inputQuality(_ r: AuditResult) -> String {
    let i = r.input
    var out = "## Input quality\n\n"
    var t = MarkdownTable([("Input", .left), ("Count", .right)])
    t.add(["Files read", Format.int(i.files)])
    t.add(["Data read (uncompressed)", bytes(i.bytes)])
    t.add(["Lines read", Format.int(i.lines)])
    t.add(["Call records", Format.int(i.records)])
    t.add(["Lines without a billed call (context, blank)", Format.int(i.contextLines)])
    t.add(["Lines skipped", Format.int(i.skipped)])
    t.add(["Duplicate records dropped (same request id)", Format.int(i.duplicatesDropped)])
    if i.outsideWindow > 0 { t.add(["Calls outside the time window", Format.int(i.outsideWindow)]) }
    t.add(["Calls analysed", Format.int(r.totals.calls)])
    t.add(["Calls with estimated usage (no usage logged)", Format.int(i.estimatedUsageCalls)])
    if i.missingUsageCalls > 0 { t.add(["Calls with no usage logged and nothing to count (mostly failed calls)", Format.int(i.missingUsageCalls)]) }
    out += t.render() + "\n"
    if !i.formats.isEmpty {
      out += "Formats detected: " + i.formats.map { "\($0.name) (`\($0.format)`): \(Format.int($0.lines)) lines" }.joined(separator: "; ") + ".\n\n"
    }
    out += issueList("Skipped lines", i.skippedByReason)
    out += issueList("Warnings (lines counted)", i.warnings)
    out += issueList("File problems", i.fileProblems)
    if !r.unpricedModels.isEmpty {
      out += "### Unpriced models\n\n"
      out += "These calls are counted in calls and tokens but excluded from every dollar figure. Add prices with `--prices FILE` (LiteLLM's JSON shape).\n\n"
      var u = MarkdownTable([("Model", .left), ("Calls", .right), ("Input", .right), ("Output", .right)])
      for m in r.unpricedModels { u.add([m.model, Format.int(m.calls), Format.tokens(m.inputTokens), Format.tokens(m.outputTokens)]) }
      out += u.render() + "\n"
    }
    out += "_Generated by tokenaudit \(r.run.toolVersion) at \(r.run.generatedAt)._\n"
    return out
  }

  static func issueList(_ title: String, _ issues: [IssueCount]) -> String {
    guard !issues.isEmpty else { return "" }
    var out = "### \(title)\n\n"
    for c in issues {
      out += "- `\(c.kind)`: \(Format.int(c.count))\n"
      for e in c.examples.prefix(5) { out += "  - `\(e.replacingBackticks)`\n" }
    }
    return out + "\n"
  }

  static func bytes(_ n: Int) -> String {
    let d = Double(n)
    if d >= 1e9 { return Format.fixed(d / 1e9, 2) + " GB" }
    if d >= 1e6 { return Format.fixed(d / 1e6, 1) + " MB" }
    if d >= 1e3 { return Format.fixed(d / 1e3, 1) + " kB" }
    return "\(n) B"
  }
}

extension String {
  var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
  var replacingBackticks: String { String(map { $0 == "`" ? "'" : $0 }) }
}
