import Foundation

/// Flags calls on expensive models whose work looks simple enough for a cheaper one.
///
/// A call is *simple* when it succeeded, its output is short (at most `max_output_tokens`, 300)
/// and either label-like (one line of at most six words), JSON, requested as structured output, or
/// at most `tiny_output_tokens` (50) tokens; its input is modest (at most `max_input_tokens`,
/// 8,000); and it uses no tools (none offered or called, except one forced tool for structured
/// output). Per agent, phase and model, the group qualifies when at least `min_calls` (10) calls
/// and `min_share` (60%) of its calls are simple, and the price table has a cheaper chat model
/// from the same provider at most `max_price_ratio` (40%) of the blended price (same series
/// preferred: `gpt-4.1` → `gpt-4.1-mini`, `claude-opus-4-5` → `claude-haiku-4-5`). Saving: the
/// price difference on the simple calls' own token counts (same cache reads and writes).
/// Confidence comes from how uniform the group is: the share of simple calls and the variation of
/// their output lengths.
///
/// State: per agent, phase and model, counters, running output-length statistics, one compact
/// entry per simple call, and an evaluation sample of up to 200 request ids.
struct ModelRoutingDetector: Detector {
  static let id = "model-routing"
  static let summary = "Expensive models doing simple work (labels, yes/no, extraction) that a cheaper model can do"

  struct Key: Hashable, Comparable, Sendable {
    var group: AgentPhase
    var model: String
    var provider: String
    static func < (a: Key, b: Key) -> Bool { (a.group, a.model, a.provider) < (b.group, b.model, b.provider) }
  }

  struct Group: Sendable {
    var calls = 0
    var simple: [CallRef] = []
    var output = RunningStats()
    var input = RunningStats()
    var labels = 0
    var json = 0
    var structured = 0
    var sample = EvidenceSample(limit: 200)
    var examples: [String] = []
  }

  private let maxOutput: Int
  private let tinyOutput: Int
  private let maxInput: Int
  private var groups: [Key: Group] = [:]
  private var index = 0

  init(configuration: AuditConfiguration) {
    maxOutput = configuration.count(Self.id, "max_output_tokens", default: 300)
    tinyOutput = configuration.count(Self.id, "tiny_output_tokens", default: 50)
    maxInput = configuration.count(Self.id, "max_input_tokens", default: 8_000)
  }

  /// Whether a call's work looks simple (see the type's doc comment).
  func isSimple(_ c: CallFacts) -> Bool {
    guard !c.isFailure, !c.isTruncated, c.usage.outputTokens <= maxOutput, c.usage.inputTokens <= maxInput else {
      return false
    }
    let forcedTool = c.requestsStructuredOutput && c.toolNames.count == 1
    guard (c.toolNames.isEmpty && c.calledTools.isEmpty) || forcedTool else { return false }
    return c.outputShape == .label || c.outputShape == .json || c.requestsStructuredOutput
      || c.usage.outputTokens <= tinyOutput
  }

  mutating func observe(_ call: CallFacts) {
    defer { index += 1 }
    let key = Key(group: AgentPhase(call), model: call.model, provider: call.provider)
    var g = groups.removeValue(forKey: key) ?? Group()  // taken out, so the update does not copy its arrays
    g.calls += 1
    if isSimple(call) {
      g.simple.append(CallRef(call, index: index))
      g.output.add(Double(call.usage.outputTokens))
      g.input.add(Double(call.usage.inputTokens))
      if call.outputShape == .label { g.labels += 1 }
      if call.outputShape == .json { g.json += 1 }
      if call.requestsStructuredOutput { g.structured += 1 }
      g.sample.add(call)
      if g.examples.count < 3 && call.outputShape == .label {
        let e = Redactor.excerpt(call.responseExcerpt, limit: 24)
        if !g.examples.contains(e) { g.examples.append(e) }
      }
    }
    groups[key] = g
  }

  /// The model to suggest: the nearest same-series step down at most `maxRatio` of the price,
  /// else the nearest such model of any series.
  static func suggestion(for current: ResolvedModel, in table: PriceTable, asOf date: Date, maxRatio: Double)
    -> ModelAlternative?
  {
    guard let blend = current.price.blendedUSDPerToken, blend > 0 else { return nil }
    let cheap = table.cheaperAlternatives(to: current, asOf: date).filter { $0.blendedUSDPerToken <= blend * maxRatio }
    return cheap.first(where: \.sameSeries) ?? cheap.first
  }

  func finish(_ context: DetectorContext) -> DetectorOutput {
    var out = DetectorOutput()
    guard let table = (context.costModel as? TableCostModel)?.table else { return out }
    let minCalls = context.count(Self.id, "min_calls", 10)
    let minShare = context.setting(Self.id, "min_share", 0.6)
    let maxRatio = context.setting(Self.id, "max_price_ratio", 0.4)
    let date = context.auditDate
    for (key, g) in groups.sorted(by: { $0.key < $1.key }) {
      let share = Double(g.simple.count) / Double(max(1, g.calls))
      guard g.simple.count >= minCalls, share >= minShare,
        let current = table.resolve(model: key.model, provider: key.provider == "unknown" ? nil : key.provider),
        let alt = Self.suggestion(for: current, in: table, asOf: date, maxRatio: maxRatio),
        let target = table.resolve(model: alt.key)
      else { continue }
      let id = FindingID.make(
        detector: Self.id, kind: "simple-work", agent: key.group.agent, phase: key.group.phase, qualifier: key.model)
      var changes: [(CallRef, Double)] = []
      for ref in g.simple {
        let call = context.calls[ref]
        let cmp = table.compareCost(of: call.usage, batch: call.batch, current: current, alternative: target)
        guard cmp.current.totalUSD > 0 else { continue }
        let factor = cmp.alternative.totalUSD / cmp.current.totalUSD
        changes.append((ref, context.costUSD(ref) * (1 - factor)))
      }
      let change = context.price(changes, tokens: 0, lever: "routing", findingID: id)
      let monthly = change.savingsUSD * context.monthlyFactor
      guard change.calls > 0, monthly >= context.minimumMonthlyUSD(Self.id) else { continue }
      out.effects += change.effects
      let ratio = alt.blendedUSDPerToken / (current.price.blendedUSDPerToken ?? alt.blendedUSDPerToken)
      out.findings.append(
        finding(key, g, id: id, alt: alt, ratio: ratio, change: change, monthly: monthly, share: share))
    }
    return out
  }

  /// high: 90%+ simple, uniform outputs (variation ≤ 0.5), 100+ calls; medium: 75%+ and 30+ calls.
  static func confidence(share: Double, variation: Double, calls: Int) -> String {
    if share >= 0.9 && variation <= 0.5 && calls >= 100 { return "high" }
    if share >= 0.75 && variation <= 1 && calls >= 30 { return "medium" }
    return "low"
  }

  private func finding(
    _ key: Key, _ g: Group, id: String, alt: ModelAlternative, ratio: Double, change: PricedChange, monthly: Double,
    share: Double
  ) -> Finding {
    let n = g.simple.count
    let sampleSize = min(200, n)
    let shape: String
    if g.labels * 2 >= n {
      shape =
        "short labels"
        + (g.examples.isEmpty ? "" : " (e.g. " + g.examples.map { "“\($0)”" }.joined(separator: ", ") + ")")
    } else if (g.json + g.structured) * 2 >= n {
      shape = "small JSON / structured extractions"
    } else {
      shape = "short answers"
    }
    let compare = g.labels * 2 >= n ? "compare the labels" : "compare the outputs field by field"
    let scope = "agent `\(key.group.agent)`" + (key.group.findingPhase.map { " (phase `\($0)`)" } ?? "")
    return Finding(
      id: id, detector: Self.id, lever: "routing", week: 2, kind: "simple-work", agent: key.group.agent,
      phase: key.group.findingPhase, title: "Route simple \(key.model) calls to \(alt.key)",
      detail:
        "\(Format.int(n)) of \(Format.int(g.calls)) calls (\(Format.percent(share, digits: 0))) of \(key.group.label) "
        + "on `\(key.model)` do simple work: \(shape), \(Format.tokens(Int(g.output.mean))) output tokens on average "
        + "(variation \(Format.fixed(g.output.variation, 2))), \(Format.tokens(Int(g.input.mean))) input tokens, no tools. "
        + "`\(alt.key)` costs \(Format.percent(ratio, digits: 0)) of the price per token (3:1 input:output blend); "
        + "the saving is the price difference on these calls' own token counts.",
      how: "Route \(scope) from `\(key.model)` to `\(alt.key)`. Test first: replay \(sampleSize) random request ids "
        + "from this group (the evaluation sample in `request_ids`) on `\(alt.key)` with the same prompts, "
        + "\(compare) with the logged ones, and route if agreement ≥ 95%; otherwise try the next model up.",
      savingsUSD: change.savingsUSD, monthlySavingsUSD: monthly,
      confidence: Self.confidence(share: share, variation: g.output.variation, calls: n), effort: "low",
      risk: "A smaller model can get edge cases wrong. Route only after testing on the sample; after rollout, "
        + "watch this agent's error and retry rates and spot-check outputs weekly. Never trade a large quality "
        + "loss for a small cut.",
      calls: change.calls, tokensSaved: 0, requestIds: g.sample.ids)
  }
}
