/// The short summary printed on stdout after a run (plain text, fixed-width columns).
public enum TerminalSummary {
  /// Renders the summary.
  ///
  /// - Parameters:
  ///   - r: The analysis.
  ///   - reportPath: Where the report was written.
  ///   - jsonPath: Where the JSON report was written, if anywhere.
  public static func render(_ r: AuditResult, reportPath: String, jsonPath: String?) -> String {
    let t = r.totals
    var lines: [String] = []
    lines.append("tokenaudit: \(MarkdownRenderer.periodText(r))")
    lines.append(
      "  \(Format.int(t.calls)) calls · \(Format.tokens(t.inputTokens)) input + \(Format.tokens(t.outputTokens)) output tokens · \(Format.usd(t.costUSD)) (\(Format.usdShort(t.projectedMonthlyCostUSD))/month projected)"
    )
    if t.unpricedCalls > 0 {
      lines.append("  \(Format.int(t.unpricedCalls)) calls on unpriced models are excluded from dollars")
    }
    if !r.byAgent.isEmpty {
      lines.append("")
      let width = min(36, max(5, r.byAgent.prefix(8).map { $0.agent.count }.max() ?? 5))
      lines.append(
        "  " + pad("agent", width) + "  " + lpad("calls", 8) + "  " + lpad("cost", 12) + "  " + lpad("share", 6))
      for a in r.byAgent.prefix(8) {
        lines.append(
          "  " + pad(String(a.agent.prefix(width)), width) + "  " + lpad(Format.int(a.calls), 8) + "  "
            + lpad(Format.usd(a.costUSD), 12) + "  " + lpad(Format.percent(a.shareOfCost, digits: 0), 6))
      }
    }
    if let rm = r.roadmap, rm.totalMonthlySavingsUSD > 0 {
      lines.append("")
      lines.append(
        "  savings found: \(Format.usdShort(rm.totalMonthlySavingsUSD))/month in \(r.findings.count) findings")
    }
    if r.input.skipped > 0 {
      let share = Format.percent(Double(r.input.skipped) / Double(max(1, r.input.lines)), digits: 0)
      lines.append(
        "  \(Format.int(r.input.skipped)) of \(Format.int(r.input.lines)) lines skipped (\(share); see Input quality)")
    }
    lines.append("")
    lines.append("  report: \(reportPath)" + (jsonPath.map { "  json: \($0)" } ?? ""))
    return lines.joined(separator: "\n")
  }

  static func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
  static func lpad(_ s: String, _ w: Int) -> String {
    s.count >= w ? s : String(repeating: " ", count: w - s.count) + s
  }
}
