/// Flags conversations that re-send their whole history on every turn as they grow.
///
/// A turn starts after each assistant message (a chat exchange or an agent-loop step). For each
/// call past turn `keep_turns` + 1 (default 6 + 1), the policy "first turn and last N turns
/// verbatim, older turns replaced by a running summary" removes the older turns' tokens minus a
/// summary of `summary_share` (15%) of their size, minus the cost of reading the newly dropped
/// turn once to refresh the summary (priced at this model, a pessimistic choice). Fires per
/// agent and phase when at least `min_calls` (5) calls are affected and the removed tokens are
/// at least `min_share` (5%) of the group's input. Removed tokens are priced as prefix tokens
/// (cache reads first), since long conversations are often cached.
///
/// State: per agent and phase, mean input by turn bucket (7 buckets), and one compact entry per
/// affected call; at most 20 evidence ids per group.
struct HistoryGrowthDetector: Detector {
  static let id = "history-growth"
  static let summary = "Conversation history re-sent in full as conversations grow"

  /// Turn buckets of the input-by-turn table: 1, 2–3, 4–6, 7–10, 11–20, 21–40, 41+.
  static let bucketBounds = [1, 3, 6, 10, 20, 40, Int.max]
  static let bucketLabels = ["1", "2–3", "4–6", "7–10", "11–20", "21–40", "41+"]

  struct Group: Sendable {
    var pruning = PruningGroup()
    var bucketCalls = [Int](repeating: 0, count: HistoryGrowthDetector.bucketBounds.count)
    var bucketInput = [Int](repeating: 0, count: HistoryGrowthDetector.bucketBounds.count)
    var maxTurn = 0
  }

  private let keepTurns: Int
  private let summaryShare: Double
  private var groups: [AgentPhase: Group] = [:]
  private var index = 0

  init(configuration: AuditConfiguration) {
    keepTurns = max(1, configuration.count(Self.id, "keep_turns", default: 6))
    summaryShare = configuration.share(Self.id, "summary_share", default: 0.15)
  }

  /// Prompt tokens the policy removes from one call (estimated, scaled to billed input).
  ///
  /// - Parameters:
  ///   - call: The call.
  ///   - keepTurns: Turns kept verbatim at the end.
  ///   - summaryShare: Size of the summary relative to what it replaces.
  /// - Returns: Tokens removed (0 when the conversation is short).
  static func removedTokens(_ call: CallFacts, keepTurns: Int, summaryShare: Double) -> Int {
    let turns = call.turnStarts.count
    guard turns > keepTurns + 1, let last = call.prefixTokens.last, last > 0 else { return 0 }
    let cutoff = call.turnStarts[turns - keepTurns]
    let firstKept = call.turnStarts[1]
    guard cutoff < call.prefixTokens.count, firstKept < cutoff else { return 0 }
    let old = call.prefixTokens[cutoff] - call.prefixTokens[firstKept]
    let dropped = turns - keepTurns - 1
    let refresh = Double(old) / Double(dropped)
    let removed = Double(old) * (1 - summaryShare) - refresh
    let scale = Double(call.usage.inputTokens) / Double(last)
    return max(0, Int((removed * scale).rounded(.down)))
  }

  mutating func observe(_ call: CallFacts) {
    defer { index += 1 }
    guard !call.turnStarts.isEmpty else { return }
    let key = AgentPhase(call)
    var g = groups.removeValue(forKey: key) ?? Group()  // taken out, so the update does not copy its arrays
    g.pruning.observe(call)
    let turn = call.turnStarts.count
    g.maxTurn = max(g.maxTurn, turn)
    let b = Self.bucketBounds.firstIndex { turn <= $0 } ?? (Self.bucketBounds.count - 1)
    g.bucketCalls[b] += 1
    g.bucketInput[b] += call.usage.inputTokens
    g.pruning.affect(
      call, index: index, removing: Self.removedTokens(call, keepTurns: keepTurns, summaryShare: summaryShare))
    groups[key] = g
  }

  func finish(_ context: DetectorContext) -> DetectorOutput {
    let minCalls = context.count(Self.id, "min_calls", 5)
    let minShare = context.setting(Self.id, "min_share", 0.05)
    var out = DetectorOutput()
    var rows: [[String]] = []
    for (key, g) in groups.sorted(by: { $0.key < $1.key }) {
      let p = g.pruning
      guard p.affected.count >= minCalls, p.inputTokens > 0,
        Double(p.removedTokens) >= minShare * Double(p.inputTokens)
      else { continue }
      let id = FindingID.make(detector: Self.id, kind: "full-history", agent: key.agent, phase: key.phase)
      let change = p.price(context, position: .prefix, findingID: id)
      let means = zip(g.bucketCalls, g.bucketInput).map { $0.0 > 0 ? $0.1 / $0.0 : -1 }
      let series = zip(Self.bucketLabels, means).filter { $0.1 >= 0 }.map { "turn \($0.0): \(Format.tokens($0.1))" }
      let text = PruningText(
        kind: "full-history", title: "Full conversation history re-sent every turn",
        detail: "Input of \(key.label) grows with the conversation (mean input tokens by turn: "
          + series.joined(separator: " · ") + "; up to \(g.maxTurn) turns). \(Format.int(p.affected.count)) of "
          + "\(Format.int(p.calls)) calls are past turn \(keepTurns + 1). Savings assume the first turn and the last "
          + "\(keepTurns) turns stay verbatim and older turns become a summary of \(Format.percent(summaryShare, digits: 0)) "
          + "of their size, minus the cost of reading each dropped turn once to update the summary.",
        how: "In agent `\(key.agent)`" + (key.findingPhase.map { " (phase `\($0)`)" } ?? "")
          + ", send the first turn and the last \(keepTurns) turns verbatim plus a running summary of the older ones; "
          + "update the summary with a small model each time a turn leaves the window, and keep tool results "
          + "only as long as the next step needs them.",
        confidence: p.affected.count >= 50 ? "medium" : "low", effort: "medium",
        risk: "The agent can lose a detail it needs from an old turn. Test first: replay 50 long logged "
          + "conversations with the windowed history and check the final answers still agree.")
      let before = out.findings.count
      context.addPruningFinding(
        id: id, detector: Self.id, group: key, text: text, change: change, evidence: p.evidence.ids, to: &out)
      if out.findings.count > before {
        rows.append([key.agent, key.phase] + means.map { $0 >= 0 ? Format.tokens($0) : "" })
      }
    }
    if !rows.isEmpty {
      out.sections.append(
        ReportSection(
          id: Self.id, title: "History growth: mean input tokens by turn",
          paragraphs: [
            "Groups flagged by `\(Self.id)`: the input of each call grows with the turns re-sent before it."
          ],
          columns: ["Agent", "Phase"] + Self.bucketLabels.map { "Turn " + $0 }, rows: rows))
    }
    return out
  }
}
