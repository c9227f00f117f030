/// Flags tool definitions sent with every call of an agent but never called by it.
///
/// Per agent and tool, over all the agent's calls: a tool offered in at least `min_calls` (50)
/// calls that the agent never called (in any response or conversation) costs its definition's
/// tokens on every call. Saving: those tokens, priced as prefix tokens (cache reads first), since
/// tool definitions lead the prompt. Definition tokens are the tokenizer's count of the logged
/// JSON, scaled like the rest of the prompt to the billed input.
///
/// State: per agent, the tools seen with their counters and the set of tools called; the
/// distinct tool lists (interned by hash); and one compact entry per call that offers tools.
struct UnusedToolsDetector: Detector {
  static let id = "unused-tools"
  static let summary = "Tool definitions sent on every call but never called"

  struct ToolStats: Sendable {
    var offered = 0
    var tokens = 0
    var evidence = EvidenceSample()

    mutating func add(tokens t: Int, _ id: String, _ hash: UInt64) {
      offered += 1
      tokens += t
      evidence.add(id, hash: hash)
    }
  }

  struct Agent: Sendable {
    var calls = 0
    var tools: [String: ToolStats] = [:]
    var called = Set<String>()
    /// Calls that offer tools: the call, its tool list id, and the scale from estimated to billed tokens.
    var entries: [Entry] = []
  }

  /// One call that offers tools (16 bytes: one is kept per such call for the whole run).
  struct Entry: Sendable {
    var ref: CallRef
    var list: Int32
    var scale: Double
  }

  /// A distinct tool list: names and estimated tokens.
  struct ToolList: Sendable {
    var names: [String]
    var tokens: [Int]
  }

  private var agents: [String: Agent] = [:]
  private var listIDs: [UInt64: Int] = [:]
  private var lists: [ToolList] = []
  private var index = 0

  init(configuration: AuditConfiguration) {}

  mutating func observe(_ call: CallFacts) {
    defer { index += 1 }
    var a = agents.removeValue(forKey: call.agent) ?? Agent()  // taken out, so the update does not copy its arrays
    a.calls += 1
    for t in call.calledTools { a.called.insert(t) }
    let estimated = call.toolDefinitionTokens.reduce(0, +)
    if !call.toolNames.isEmpty && estimated > 0 {
      let listID: Int
      if let id = listIDs[call.toolsHash] {
        listID = id
      } else {
        listID = lists.count
        listIDs[call.toolsHash] = listID
        lists.append(ToolList(names: call.toolNames, tokens: call.toolDefinitionTokens))
      }
      let scale = Double(call.anatomy.toolTokens) / Double(estimated)
      a.entries.append(Entry(ref: CallRef(call, index: index), list: Int32(clamping: listID), scale: scale))
      // The call's evidence id is hashed once for all its tools; each tool is updated in place.
      let evidence = EvidenceSample.id(of: call)
      let evidenceHash = ContentHasher.hash(evidence)
      for (name, t) in zip(call.toolNames, call.toolDefinitionTokens) {
        a.tools[name, default: ToolStats()].add(tokens: Int((Double(t) * scale).rounded()), evidence, evidenceHash)
      }
    }
    agents[call.agent] = a
  }

  func finish(_ context: DetectorContext) -> DetectorOutput {
    let minCalls = context.count(Self.id, "min_calls", 50)
    var out = DetectorOutput()
    for (agent, a) in agents.sorted(by: { $0.key < $1.key }) {
      for (tool, s) in a.tools.sorted(by: { $0.key < $1.key }) where s.offered >= minCalls && !a.called.contains(tool) {
        let id = FindingID.make(detector: Self.id, kind: "never-called", agent: agent, phase: nil, qualifier: tool)
        var changes: [(CallRef, Double)] = []
        for e in a.entries {
          let (ref, listID, scale) = (e.ref, Int(e.list), e.scale)
          let list = lists[listID]
          guard let i = list.names.firstIndex(of: tool) else { continue }
          let tokens = Int((Double(list.tokens[i]) * scale).rounded())
          changes.append((ref, context.savingUSD(removing: tokens, from: ref, at: .prefix)))
        }
        let change = context.price(changes, tokens: s.tokens, lever: "pruning", findingID: id)
        let monthly = change.savingsUSD * context.monthlyFactor
        guard change.calls > 0, monthly >= context.minimumMonthlyUSD(Self.id) else { continue }
        let perCall = s.tokens / max(1, s.offered)
        let offeredShare = Double(s.offered) / Double(max(1, a.calls))
        out.effects += change.effects
        out.findings.append(
          Finding(
            id: id, detector: Self.id, lever: "pruning", week: 3, kind: "never-called", agent: agent, phase: nil,
            title: "Tool \(tool) sent on every call, never called",
            detail:
              "Agent `\(agent)` offers tool `\(tool)` (\(Format.tokens(perCall)) tokens) in \(Format.int(s.offered)) "
              + "calls (\(Format.percent(offeredShare, digits: 0)) of its calls) and never called it in the logs. "
              + "Savings assume the definition is simply left out.",
            how: "Remove `\(tool)` from the tool list of agent `\(agent)`, or load it only in the step that "
              + "needs it (a router tool or a smaller per-phase tool set).",
            savingsUSD: change.savingsUSD, monthlySavingsUSD: monthly,
            confidence: s.offered >= 200 ? "high" : "medium", effort: "low",
            risk: "A tool for rare cases may simply not have been needed in this period. Check that no "
              + "workflow depends on it; if one does, offer it only in that workflow.",
            calls: change.calls, tokensSaved: s.tokens, requestIds: s.evidence.ids))
      }
    }
    return out
  }
}
