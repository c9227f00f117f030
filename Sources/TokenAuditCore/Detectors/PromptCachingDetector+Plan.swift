extension PromptCachingDetector {
  // MARK: - Evaluation

  /// Per-token dollars of one price key, from the run's cost model.
  struct Prices {
    var input = 0.0
    var read = 0.0
    var write5m = 0.0
    var write1h = 0.0
    var output = 0.0

    init?(_ key: PriceKey?, _ context: DetectorContext) {
      guard let key else { return nil }
      let unit = 1_000_000
      let m = context.costModel
      input = m.cost(of: TokenUsage(inputTokens: unit), at: key).inputUSD / Double(unit)
      read = m.cost(of: TokenUsage(inputTokens: unit, cacheReadTokens: unit), at: key).cacheReadUSD / Double(unit)
      write5m =
        m.cost(of: TokenUsage(inputTokens: unit, cacheWrite5mTokens: unit), at: key).cacheWriteUSD / Double(unit)
      write1h =
        m.cost(of: TokenUsage(inputTokens: unit, cacheWrite1hTokens: unit), at: key).cacheWriteUSD / Double(unit)
      output = m.cost(of: TokenUsage(outputTokens: unit), at: key).outputUSD / Double(unit)
    }
  }

  /// A plan with its dollars.
  struct Evaluated {
    var plan: Int
    var usage: TokenUsage
    var costUSD: Double
    var savingUSD: Double
    var hitRate: Double
  }

  /// What the report says about one agent and model.
  struct Assessment {
    var key: Key
    var state: State
    var kind: String?
    var chosen: Evaluated?
    var actualUSD: Double
    var observedHitRate: Double
    var sharedDepth: Int?
    var sharedShare: Double
    var sharedTokens: Int
    var prices: Prices?
  }

  public func finish(_ context: DetectorContext) -> DetectorOutput {
    var out = DetectorOutput()
    var assessments: [Assessment] = []
    for key in states.keys.sorted() {
      guard let s = states[key] else { continue }
      assessments.append(assess(key, s, context))
    }
    for a in assessments {
      guard let kind = a.kind, let chosen = a.chosen, let prices = a.prices else { continue }
      let f = finding(a, kind: kind, chosen: chosen, context)
      out.findings.append(f)
      out.effects += effects(a.state, plan: chosen.plan, prices: prices, findingID: f.id, calls: context.calls)
    }
    if let section = planSection(assessments) { out.sections.append(section) }
    return out
  }

  func assess(_ key: Key, _ s: State, _ context: DetectorContext) -> Assessment {
    let observed = s.actual.inputTokens > 0 ? Double(s.actual.cacheReadTokens) / Double(s.actual.inputTokens) : 0
    var shared: (depth: Int, count: Int, tokens: Int)?
    for (d, hh) in s.depth.enumerated() {
      if let top = hh.top, Double(top.count) >= minShare * Double(s.calls) { shared = (d, top.count, top.tokens) }
    }
    var a = Assessment(
      key: key, state: s, kind: nil, chosen: nil, actualUSD: 0, observedHitRate: observed, sharedDepth: shared?.depth,
      sharedShare: shared.map { Double($0.count) / Double(max(1, s.calls)) } ?? 0, sharedTokens: shared?.tokens ?? 0,
      prices: nil)
    guard let policy = s.policy, !s.plans.isEmpty, s.calls > 0 else { return a }
    let perCall = TokenUsage(
      inputTokens: s.actual.inputTokens / s.calls, outputTokens: s.actual.outputTokens / s.calls)
    let priceKey = context.costModel.priceKey(
      model: key.model, provider: key.provider, usage: perCall, batch: s.batchCalls * 2 > s.calls)
    guard let priceKey, let prices = Prices(priceKey, context) else { return a }
    a.prices = prices
    a.actualUSD = context.costModel.cost(of: s.actual, at: priceKey).totalUSD
    var best: Evaluated?
    var bestStable: Evaluated?
    for (i, p) in s.plans.enumerated() {
      var u = s.actual
      u.cacheReadTokens = p.readSum
      u.cacheWrite5mTokens = 0
      u.cacheWrite1hTokens = 0
      if case .explicit = p.mode {
        if p.oneHour { u.cacheWrite1hTokens = p.writeSum } else { u.cacheWrite5mTokens = p.writeSum }
      }
      let cost = context.costModel.cost(of: u, at: priceKey).totalUSD
      let e = Evaluated(
        plan: i, usage: u, costUSD: cost, savingUSD: a.actualUSD - cost,
        hitRate: s.actual.inputTokens > 0 ? Double(p.readSum) / Double(s.actual.inputTokens) : 0)
      if p.stableSystem {
        if bestStable.map({ e.savingUSD > $0.savingUSD }) ?? true { bestStable = e }
      } else if best.map({ e.savingUSD > $0.savingUSD }) ?? true {
        best = e
      }
    }
    a.chosen = best
    let variants = s.stableSystems.values.map(\.count).max() ?? 0
    let volatile = variants >= 3 && Double(s.volatileCalls) >= 0.3 * Double(s.calls)
    let baseline = max(0, best?.savingUSD ?? 0)
    if volatile, let st = bestStable, st.savingUSD > minSavingsUSD, st.savingUSD > baseline * 1.1 + minSavingsUSD {
      a.kind = "volatile-system-prefix"
      a.chosen = st
      return a
    }
    guard let best, best.savingUSD > minSavingsUSD else { return a }
    let caching = s.actual.cacheReadTokens + s.actual.cacheWriteTokens > 0 || s.cacheControlCalls > 0
    if caching {
      if observed < lowHitRate { a.kind = "low-cache-hit-rate" }
    } else if policy.activation == .explicitBreakpoints || s.loggedCalls * 2 > s.calls {
      // Automatic caching already happens: only logged usage showing no cache reads is a finding.
      a.kind = "prompt-caching"
    }
    return a
  }

  /// One cost factor per call that the chosen plan makes cheaper (the calls' billed usage is read
  /// from the run's packed call table, not kept per call here).
  func effects(_ s: State, plan: Int, prices: Prices, findingID: String, calls: CallTable) -> [CallEffect] {
    let p = s.plans[plan]
    let writePrice = p.oneHour ? prices.write1h : p.mode == .automatic ? prices.input : prices.write5m
    var out: [CallEffect] = []
    for k in s.indices.indices where Int(s.indices[k]) < calls.count {
      let usage = calls[Int(s.indices[k])].usage
      let input = Double(usage.inputTokens)
      let r = Double(usage.cacheReadTokens)
      let w5 = Double(usage.cacheWrite5mTokens)
      let w1 = Double(usage.cacheWrite1hTokens)
      let output = Double(usage.outputTokens) * prices.output
      let before =
        max(0, input - r - w5 - w1) * prices.input + r * prices.read + w5 * prices.write5m
        + w1 * prices.write1h + output
      let pr = Double(p.reads[k])
      let pw = Double(p.writes[k])
      let after = max(0, input - pr - pw) * prices.input + pr * prices.read + pw * writePrice + output
      guard before > 0, after < before else { continue }
      out.append(
        CallEffect(callIndex: Int(s.indices[k]), lever: "caching", findingID: findingID, costFactor: after / before))
    }
    return out
  }
}
