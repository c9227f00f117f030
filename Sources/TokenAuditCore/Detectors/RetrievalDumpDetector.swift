/// Flags retrieved context and tool results that dominate the prompt.
///
/// Per agent and phase, when tool results and retrieved context are at least `min_share` (50%)
/// of the input and average at least `min_context_tokens` (1,000) tokens a call:
/// - `unused-context`: with logged responses, `FactExtractor` splits this turn's context into
///   chunks and checks which ones the response used (its distinctive words appear in the
///   answer). Fires when at least `min_unused_share` (30%) of the chunks went unused over at least
///   `min_measured_calls` (5) measured calls. Saving: `drop_share` (50%) of the unused chunks'
///   tokens, since a smaller top-k or a relevance cutoff will not drop exactly the unused ones.
/// - `oversized-context`: without enough logged responses, a flat `assumed_cut` (25%) of the
///   context tokens, at low confidence.
/// Removed tokens are priced as tail tokens (uncached first).
///
/// State: per agent and phase, counters and one compact entry per call with context; at most
/// 20 evidence ids per group.
struct RetrievalDumpDetector: Detector {
  static let id = "retrieval-dump"
  static let summary = "Retrieved context and tool results that dominate the prompt, and chunks the answer never uses"

  struct Group: Sendable {
    var measured = PruningGroup()
    var flat = PruningGroup()
    var contextTokens = 0
    var chunks = 0
    var chunksUsed = 0
    var measuredCalls = 0
  }

  private var groups: [AgentPhase: Group] = [:]
  private var index = 0

  init(configuration: AuditConfiguration) {}

  mutating func observe(_ call: CallFacts) {
    defer { index += 1 }
    let key = AgentPhase(call)
    var g = groups.removeValue(forKey: key) ?? Group()  // taken out, so the update does not copy its arrays
    g.measured.observe(call)
    g.flat.observe(call)
    let context = call.anatomy.toolResultTokens
    g.contextTokens += context
    if call.contextChunks > 0 {
      g.measuredCalls += 1
      g.chunks += call.contextChunks
      g.chunksUsed += call.contextChunksUsed
      g.measured.affect(call, index: index, removing: call.unusedContextTokens)
    }
    g.flat.affect(call, index: index, removing: context)
    groups[key] = g
  }

  func finish(_ context: DetectorContext) -> DetectorOutput {
    let minShare = context.setting(Self.id, "min_share", 0.5)
    let minContext = context.setting(Self.id, "min_context_tokens", 1_000)
    let minUnused = context.setting(Self.id, "min_unused_share", 0.3)
    let minMeasured = context.count(Self.id, "min_measured_calls", 5)
    let dropShare = context.share(Self.id, "drop_share", 0.5)
    let assumedCut = context.share(Self.id, "assumed_cut", 0.25)
    let minCalls = context.count(Self.id, "min_calls", 5)
    var out = DetectorOutput()
    for (key, g) in groups.sorted(by: { $0.key < $1.key }) where g.flat.calls >= minCalls && g.flat.inputTokens > 0 {
      let share = Double(g.contextTokens) / Double(g.flat.inputTokens)
      let mean = Double(g.contextTokens) / Double(g.flat.calls)
      guard share >= minShare, mean >= minContext else { continue }
      let scope = "agent `\(key.agent)`" + (key.findingPhase.map { " (phase `\($0)`)" } ?? "")
      let sizeText =
        "Tool results and retrieved context are \(Format.percent(share, digits: 0)) of the input of "
        + "\(key.label) (\(Format.tokens(Int(mean))) tokens a call)."
      if g.measuredCalls >= minMeasured {
        let unusedShare = g.chunks > 0 ? 1 - Double(g.chunksUsed) / Double(g.chunks) : 0
        guard unusedShare >= minUnused else { continue }
        let id = FindingID.make(detector: Self.id, kind: "unused-context", agent: key.agent, phase: key.phase)
        var p = g.measured
        p.affected = p.affected.map { .init($0.ref, tokens: Int((Double($0.tokens) * dropShare).rounded(.down))) }
        let change = p.price(context, position: .tail, findingID: id)
        let text = PruningText(
          kind: "unused-context", title: "Retrieved context the answers do not use",
          detail: sizeText + " In \(Format.int(g.measuredCalls)) calls with logged responses, "
            + "\(Format.percent(unusedShare, digits: 0)) of \(Format.int(g.chunks)) context chunks left no trace in the "
            + "answer (none of their distinctive words appear in it). Savings assume half of the unused chunks' "
            + "tokens can be dropped (\(Format.percent(dropShare, digits: 0)) drop share).",
          how: "In \(scope), retrieve fewer chunks (halve top-k) or rerank and keep only chunks above a relevance "
            + "cutoff; trim tool results to the fields the agent uses (project JSON to the needed keys).",
          confidence: g.measuredCalls >= 50 ? "medium" : "low", effort: "medium",
          risk: "A smaller top-k can miss the chunk a rare question needs. Test first: replay 100 logged requests "
            + "with the smaller context and compare the answers; watch the answer quality of this agent weekly.")
        context.addPruningFinding(
          id: id, detector: Self.id, group: key, text: text, change: change, evidence: p.evidence.ids, to: &out)
      } else {
        let id = FindingID.make(detector: Self.id, kind: "oversized-context", agent: key.agent, phase: key.phase)
        var p = g.flat
        p.affected = p.affected.map { .init($0.ref, tokens: Int((Double($0.tokens) * assumedCut).rounded(.down))) }
        let change = p.price(context, position: .tail, findingID: id)
        let text = PruningText(
          kind: "oversized-context", title: "Tool results and retrieved context dominate the prompt",
          detail: sizeText + " The logs carry too few responses to tell which chunks are used; savings assume "
            + "a smaller top-k and trimmed tool results cut the context by \(Format.percent(assumedCut, digits: 0)).",
          how: "In \(scope), cap retrieved context (smaller top-k, relevance cutoff), and trim tool results to "
            + "the fields the agent uses. Log responses to measure which chunks the answers use.",
          confidence: "low", effort: "medium",
          risk: "Less context can lower answer quality. Test first on 100 logged requests before rolling out.")
        context.addPruningFinding(
          id: id, detector: Self.id, group: key, text: text, change: change, evidence: p.evidence.ids, to: &out)
      }
    }
    return out
  }
}
