/// Flags many tiny calls that send the same long instructions one item at a time.
///
/// A call is *tiny with long instructions* when its system prompt is at least
/// `min_instruction_tokens` (500) tokens and at least 70% of its input, the rest of the prompt is
/// at most `max_item_tokens` (300) tokens, its output at most 300 tokens, and it has no
/// conversation and no tools. It is part of a *burst* when the previous such call of the same agent,
/// phase and system prompt came at most `window_seconds` (60) earlier. Per agent and phase, the
/// finding fires when at least `min_calls` (20) calls are in bursts and they are at least half of
/// the tiny calls. Saving: merging `items_per_call` (10) items into one call sends the instructions
/// once instead of ten times, so each burst call saves 90% of its instruction tokens, priced as
/// prefix tokens (cache reads first: a cached prefix already makes merging worth less).
///
/// State: per agent and phase, up to 256 last-seen times keyed by system prompt hash, one compact
/// entry per burst call, 20 evidence ids.
struct CallMergingDetector: Detector {
  static let id = "call-merging"
  static let summary = "Many tiny calls sharing the same long instructions that could be merged into one call"

  struct Group: Sendable {
    var tiny = 0
    var pruning = PruningGroup()
    var lastSeen: [UInt64: Int64] = [:]
    var instructionTokens = 0
    var itemTokens = 0
  }

  private let minInstructions: Int
  private let maxItem: Int
  private let windowMS: Int64
  private let itemsPerCall: Double
  private var groups: [AgentPhase: Group] = [:]
  private var index = 0

  init(configuration: AuditConfiguration) {
    minInstructions = configuration.count(Self.id, "min_instruction_tokens", default: 500)
    maxItem = configuration.count(Self.id, "max_item_tokens", default: 300)
    windowMS = Int64(configuration.count(Self.id, "window_seconds", default: 60, minimum: 0)) * 1000
    itemsPerCall = Double(configuration.count(Self.id, "items_per_call", default: 10, minimum: 2))
  }

  mutating func observe(_ call: CallFacts) {
    defer { index += 1 }
    let a = call.anatomy
    let system = a.systemTokens
    let item = a.total - system
    guard !call.isBatch, system >= minInstructions, Double(system) >= 0.7 * Double(max(1, a.total)), item <= maxItem,
      call.usage.outputTokens <= 300, call.turnStarts.count <= 1, call.toolNames.isEmpty, let ts = call.timestampMS
    else { return }
    let key = AgentPhase(call)
    var g = groups.removeValue(forKey: key) ?? Group()  // taken out, so the update does not copy its arrays
    g.tiny += 1
    if let last = g.lastSeen[call.systemHash], ts - last <= windowMS {
      g.pruning.observe(call)
      let saved = Int((Double(system) * (1 - 1 / itemsPerCall)).rounded(.down))
      g.pruning.affect(call, index: index, removing: saved)
      g.instructionTokens += system
      g.itemTokens += item
    }
    if g.lastSeen[call.systemHash] != nil || g.lastSeen.count < 256 { g.lastSeen[call.systemHash] = ts }
    groups[key] = g
  }

  func finish(_ context: DetectorContext) -> DetectorOutput {
    let minCalls = context.count(Self.id, "min_calls", 20)
    var out = DetectorOutput()
    for (key, g) in groups.sorted(by: { $0.key < $1.key }) {
      let burst = g.pruning.affected.count
      guard burst >= minCalls, burst * 2 >= g.tiny else { continue }
      let id = FindingID.make(detector: Self.id, kind: "shared-instructions", agent: key.agent, phase: key.phase)
      let priced = g.pruning.price(context, position: .prefix, findingID: id, lever: "batching")
      let monthly = priced.savingsUSD * context.monthlyFactor
      guard priced.calls > 0, monthly >= context.minimumMonthlyUSD(Self.id) else { continue }
      let k = Int(itemsPerCall)
      out.effects += priced.effects
      out.findings.append(
        Finding(
          id: id, detector: Self.id, lever: "batching", week: 5, kind: "shared-instructions", agent: key.agent,
          phase: key.findingPhase, title: "Tiny calls repeat the same long instructions",
          detail: "\(Format.int(burst)) calls of \(key.label) arrive in bursts (within a minute of each other), each "
            + "sending \(Format.tokens(g.instructionTokens / burst)) tokens of identical instructions for an item of "
            + "\(Format.tokens(g.itemTokens / burst)) tokens. Savings assume \(k) items per merged call, so the "
            + "instructions are sent once per \(k) items; the output tokens stay the same.",
          how: "In agent `\(key.agent)`" + (key.findingPhase.map { " (phase `\($0)`)" } ?? "")
            + ", send the instructions once with a numbered list of up to \(k) items and ask for a JSON array "
            + "with one answer per item (keyed by item number).",
          savingsUSD: priced.savingsUSD, monthlySavingsUSD: monthly, confidence: "low", effort: "medium",
          risk: "Items in one call can influence each other and long lists raise the error rate. Test first: "
            + "merge 200 logged items into groups of \(k) and compare the answers with the logged ones; "
            + "lower the group size if agreement drops below 95%.",
          calls: priced.calls, tokensSaved: priced.tokensSaved, requestIds: g.pruning.evidence.ids))
    }
    return out
  }
}
