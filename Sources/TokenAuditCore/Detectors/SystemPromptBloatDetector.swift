/// Flags system prompts that repeat themselves or are far larger than the work they steer.
///
/// Per agent and phase:
/// - `repeated-paragraphs`: paragraphs (40+ characters) or long lines (60+) that repeat an earlier
///   one in the same system prompt (measured by `FactExtractor`). Saving: every repeated copy.
/// - `oversized`: the system prompt averages at least `min_system_tokens` (2,000) tokens, is at
///   least `min_share` (50%) of the input, and is at least `min_ratio` (10) times the variable
///   part of the call (latest user message plus output). Saving: `trim_share` (20%) of the
///   system prompt beyond the repeats, a conservative result of an editing pass.
/// Ignores groups with fewer than `min_calls` (5) calls. Removed tokens are priced as prefix
/// tokens (cache reads first).
///
/// State: one accumulator per agent and phase, each with one compact entry per call that has
/// a system prompt (for the advisor's effects) and at most 20 evidence ids.
struct SystemPromptBloatDetector: Detector {
  static let id = "system-prompt-bloat"
  static let summary = "System prompts with repeated paragraphs or far larger than the work they steer"

  struct Group: Sendable {
    var repeated = PruningGroup()
    var oversized = PruningGroup()
    var systemTokens = 0
    var variableTokens = 0
    var excerpt = ""
  }

  private var groups: [AgentPhase: Group] = [:]
  private var index = 0

  init(configuration: AuditConfiguration) {}

  mutating func observe(_ call: CallFacts) {
    defer { index += 1 }
    let system = call.anatomy.systemTokens
    guard system > 0 else { return }
    let key = AgentPhase(call)
    var g = groups.removeValue(forKey: key) ?? Group()  // taken out, so the update does not copy its arrays
    g.repeated.observe(call)
    g.oversized.observe(call)
    g.systemTokens += system
    g.variableTokens += call.anatomy.latestUserTokens + call.usage.outputTokens
    let repeated = min(call.systemRepeatedTokens, system)
    g.repeated.affect(call, index: index, removing: repeated)
    if g.excerpt.isEmpty && !call.systemRepeatedExcerpt.isEmpty { g.excerpt = call.systemRepeatedExcerpt }
    // Tokens beyond the repeats; the trim share is applied at `finish`.
    g.oversized.affect(call, index: index, removing: system - repeated)
    groups[key] = g
  }

  func finish(_ context: DetectorContext) -> DetectorOutput {
    let minCalls = context.count(Self.id, "min_calls", 5)
    let minSystem = context.setting(Self.id, "min_system_tokens", 2_000)
    let minShare = context.setting(Self.id, "min_share", 0.5)
    let minRatio = context.setting(Self.id, "min_ratio", 10)
    let trimShare = context.share(Self.id, "trim_share", 0.2)
    var out = DetectorOutput()
    for (key, g) in groups.sorted(by: { $0.key < $1.key }) where g.repeated.calls >= minCalls {
      let calls = Double(g.repeated.calls)
      let meanSystem = Double(g.systemTokens) / calls
      if g.repeated.affected.count >= minCalls {
        let id = FindingID.make(detector: Self.id, kind: "repeated-paragraphs", agent: key.agent, phase: key.phase)
        let change = g.repeated.price(context, position: .prefix, findingID: id)
        let perCall = Double(g.repeated.removedTokens) / Double(g.repeated.affected.count)
        let excerpt = Redactor.excerpt(g.excerpt)
        let text = PruningText(
          kind: "repeated-paragraphs", title: "System prompt repeats itself",
          detail: "The system prompt of \(key.label) repeats paragraphs: about \(Format.tokens(Int(perCall))) of its "
            + "\(Format.tokens(Int(meanSystem))) tokens are copies of earlier text, sent on \(Format.int(g.repeated.affected.count)) "
            + "calls. First repeat: “\(excerpt)”. Savings assume every copy is removed and nothing else changes.",
          how: "Keep one copy of each repeated paragraph in the system prompt of agent `\(key.agent)`"
            + (key.findingPhase.map { " (phase `\($0)`)" } ?? "") + "; if the repetition is for emphasis, "
            + "keep one sentence of it.",
          confidence: "high", effort: "low", risk: PruningRisk.instructions)
        context.addPruningFinding(
          id: id, detector: Self.id, group: key, text: text, change: change, evidence: g.repeated.evidence.ids,
          to: &out)
      }
      let share = g.repeated.inputTokens > 0 ? Double(g.systemTokens) / Double(g.repeated.inputTokens) : 0
      let ratio = Double(g.systemTokens) / Double(max(1, g.variableTokens))
      if meanSystem >= minSystem && share >= minShare && ratio >= minRatio {
        let id = FindingID.make(detector: Self.id, kind: "oversized", agent: key.agent, phase: key.phase)
        var trimmed = g.oversized
        trimmed.affected = trimmed.affected.map {
          .init($0.ref, tokens: Int((Double($0.tokens) * trimShare).rounded(.down)))
        }
        let change = trimmed.price(context, position: .prefix, findingID: id)
        let target = Int(meanSystem * (1 - trimShare))
        let text = PruningText(
          kind: "oversized", title: "System prompt far larger than the work it steers",
          detail: "The system prompt of \(key.label) averages \(Format.tokens(Int(meanSystem))) tokens, "
            + "\(Format.percent(share, digits: 0)) of the input, \(Format.trim(Format.fixed(ratio, 0)))× the variable "
            + "part of each call (latest user message and output). Savings assume an editing pass removes "
            + "\(Format.percent(trimShare, digits: 0)) of it (a conservative share for prompts this size).",
          how: "Trim the system prompt of agent `\(key.agent)`" + (key.findingPhase.map { " (phase `\($0)`)" } ?? "")
            + " to about \(Format.tokens(target)) tokens: drop restated rules and stale examples, move rarely "
            + "needed instructions into a tool or a retrieval step, and keep the output format spec short.",
          confidence: "low", effort: "medium", risk: PruningRisk.instructions)
        context.addPruningFinding(
          id: id, detector: Self.id, group: key, text: text, change: change, evidence: g.oversized.evidence.ids,
          to: &out)
      }
    }
    return out
  }
}
