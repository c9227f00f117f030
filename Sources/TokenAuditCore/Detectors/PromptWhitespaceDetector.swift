/// Flags prompts that pay for pretty-printed JSON and runs of whitespace.
///
/// `FactExtractor` compacts each prompt part that wastes at least 32 characters and 3% of its
/// length (JSON minified; other text dedented, trailing spaces dropped, runs of spaces and blank
/// lines collapsed) and counts the tokens the compact form saves. Per agent and phase this
/// detector fires when those tokens are at least `min_share` (3%) of the input over at least
/// `min_calls` (5) calls. Kind `pretty-json` when most of the waste is JSON indentation, else
/// `whitespace`. Saving: all of those tokens (minifying is lossless), priced in proportion to
/// the call's token kinds.
///
/// State: per agent and phase, one accumulator with one compact entry per call with waste and at
/// most 20 evidence ids.
struct PromptWhitespaceDetector: Detector {
  static let id = "prompt-whitespace"
  static let summary = "Pretty-printed JSON and runs of whitespace in prompts"

  struct Group: Sendable {
    var pruning = PruningGroup()
    var jsonTokens = 0
  }

  private var groups: [AgentPhase: Group] = [:]
  private var index = 0

  init(configuration: AuditConfiguration) {}

  mutating func observe(_ call: CallFacts) {
    defer { index += 1 }
    let key = AgentPhase(call)
    var g = groups.removeValue(forKey: key) ?? Group()  // taken out, so the update does not copy its arrays
    g.pruning.observe(call)
    g.pruning.affect(call, index: index, removing: call.whitespaceTokens)
    g.jsonTokens += call.jsonWhitespaceTokens
    groups[key] = g
  }

  func finish(_ context: DetectorContext) -> DetectorOutput {
    let minShare = context.setting(Self.id, "min_share", 0.03)
    let minCalls = context.count(Self.id, "min_calls", 5)
    var out = DetectorOutput()
    for (key, g) in groups.sorted(by: { $0.key < $1.key }) {
      let p = g.pruning
      guard p.affected.count >= minCalls, p.inputTokens > 0 else { continue }
      let removed = p.removedTokens
      let share = Double(removed) / Double(p.inputTokens)
      guard share >= minShare else { continue }
      let json = g.jsonTokens * 2 >= removed
      let kind = json ? "pretty-json" : "whitespace"
      let id = FindingID.make(detector: Self.id, kind: kind, agent: key.agent, phase: key.phase)
      let change = p.price(context, position: .proportional, findingID: id)
      let scope = "agent `\(key.agent)`" + (key.findingPhase.map { " (phase `\($0)`)" } ?? "")
      let text = PruningText(
        kind: kind, title: json ? "Pretty-printed JSON in prompts" : "Runs of whitespace in prompts",
        detail: "\(Format.percent(share, digits: 1)) of the input tokens of \(key.label) are indentation, line breaks "
          + "and repeated spaces (\(Format.tokens(removed)) tokens over \(Format.int(p.affected.count)) calls"
          + (g.jsonTokens > 0 ? ", \(Format.tokens(g.jsonTokens)) of them in pretty-printed JSON" : "")
          + "). Measured by tokenizing each prompt part before and after compacting it; savings count all of them.",
        how: json
          ? "In \(scope), serialise JSON compactly before it enters a prompt (`json.dumps(obj, separators=(\",\", \":\"))`, "
            + "`JSON.stringify(obj)` without an indent argument), in tool results and in templates."
          : "In \(scope), strip template indentation (`textwrap.dedent`), trailing spaces and repeated blank "
            + "lines from prompt parts before sending them.",
        confidence: "high", effort: "low",
        risk: "None for JSON, which parses the same. Keep indentation inside code the model must reproduce.")
      context.addPruningFinding(
        id: id, detector: Self.id, group: key, text: text, change: change, evidence: p.evidence.ids, to: &out)
    }
    return out
  }
}
