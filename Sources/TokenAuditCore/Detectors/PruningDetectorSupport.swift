/// What the four context-pruning detectors share: a per-group accumulator of calls and the
/// prompt tokens a change would remove from each, and the finding they build from it.
struct PruningGroup: Sendable {
  /// Calls observed in the group.
  var calls = 0
  /// Their input tokens.
  var inputTokens = 0
  /// A call the change would touch and the prompt tokens it removes from it (8 bytes: the
  /// pruning detectors keep one per affected call for the whole run).
  struct Affected: Sendable {
    var ref: CallRef
    private var removed: Int32
    /// Tokens removed.
    var tokens: Int { Int(removed) }

    init(_ ref: CallRef, tokens: Int) {
      self.ref = ref
      // A prompt is far below 2^31 tokens; clamped rather than trapped.
      removed = Int32(clamping: tokens)
    }
  }

  /// Calls the change would touch, with the prompt tokens it removes from each.
  var affected: [Affected] = []
  /// Evidence ids of affected calls.
  var evidence = EvidenceSample()

  mutating func observe(_ call: CallFacts) {
    calls += 1
    inputTokens += call.usage.inputTokens
  }

  mutating func affect(_ call: CallFacts, index: Int, removing tokens: Int) {
    guard tokens > 0 else { return }
    affected.append(Affected(CallRef(call, index: index), tokens: tokens))
    evidence.add(call)
  }

  /// Tokens removed over all affected calls.
  var removedTokens: Int { affected.reduce(0) { $0 + $1.tokens } }

  /// Prices the removal.
  func price(
    _ context: DetectorContext, position: RemovalPosition, findingID: String, lever: String = "pruning"
  ) -> PricedChange {
    let changes = affected.map { ($0.ref, context.savingUSD(removing: $0.tokens, from: $0.ref, at: position)) }
    return context.price(changes, tokens: removedTokens, lever: lever, findingID: findingID)
  }
}

/// The text pieces of a pruning finding.
struct PruningText {
  var kind: String
  var title: String
  var detail: String
  var how: String
  var confidence: String
  var effort: String
  var risk: String
}

extension DetectorContext {
  /// Smallest monthly saving a detector reports: the setting `min_monthly_usd` when given, else
  /// 0.25% of the projected monthly spend, capped at $1 and at least one cent. A fixed dollar
  /// floor would hide everything in a small team's logs and flood a large team's report.
  func minimumMonthlyUSD(_ detector: String) -> Double {
    if let v = configuration.detectors[detector]?["min_monthly_usd"], v.isFinite, v >= 0 { return v }
    return max(0.01, min(1, 0.0025 * result.totals.projectedMonthlyCostUSD))
  }

  /// Adds a finding of the pruning lever (week 3) and its effects, unless below the threshold.
  func addPruningFinding(
    id: String, detector: String, group: AgentPhase, text: PruningText, change: PricedChange, evidence: [String],
    to output: inout DetectorOutput
  ) {
    let monthly = change.savingsUSD * monthlyFactor
    guard change.calls > 0, monthly >= minimumMonthlyUSD(detector) else { return }
    output.effects += change.effects
    output.findings.append(
      Finding(
        id: id, detector: detector, lever: "pruning", week: 3, kind: text.kind, agent: group.agent,
        phase: group.findingPhase, title: text.title, detail: text.detail, how: text.how,
        savingsUSD: change.savingsUSD, monthlySavingsUSD: monthly, confidence: text.confidence, effort: text.effort,
        risk: text.risk, calls: change.calls, tokensSaved: change.tokensSaved, requestIds: evidence))
  }
}

/// Risk text shared by the pruning findings.
enum PruningRisk {
  static let instructions =
    "Removing instructions can change behaviour in rare cases. Test first: replay 100 logged requests of this "
    + "group with the trimmed prompt and compare the answers with the logged ones; ship if they agree."
}
