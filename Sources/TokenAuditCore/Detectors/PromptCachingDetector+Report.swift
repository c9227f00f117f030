extension PromptCachingDetector {
  // MARK: - Findings and the plan section

  func finding(_ a: Assessment, kind: String, chosen: Evaluated, _ context: DetectorContext) -> Finding {
    let s = a.state
    let plan = s.plans[chosen.plan]
    let phase = s.phases.count == 1 && s.phases.first != "-" ? s.phases.first : nil
    let prefixIdentity: UInt64
    if kind == "volatile-system-prefix" {
      prefixIdentity = s.stableSystems.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }?.key ?? 0
    } else {
      prefixIdentity = s.depth.first?.top?.key ?? 0
    }
    let id = CachingSupport.findingID(
      detector: Self.id, kind: kind, agent: a.key.agent, phase: phase, prefix: prefixIdentity)
    let systemTokens = s.depth.first?.top?.tokens ?? 0
    let rules = rulesText(s.policy, plan)
    let expected = Format.percent(chosen.hitRate, digits: 0)
    let observed = Format.percent(a.observedHitRate, digits: 0)
    let saving = Format.usd(chosen.savingUSD)
    var title: String
    var detail: String
    var how = "Put " + planText(a, plan) + "."
    switch kind {
    case "volatile-system-prefix":
      let variants = s.stableSystems.values.map(\.count).max() ?? 0
      let offset = s.volatileCalls > 0 ? s.volatileOffsetSum / s.volatileCalls : 0
      title = "A changing value in the system prompt defeats prompt caching"
      detail =
        "\(Format.int(s.volatileCalls)) of \(CachingSupport.plural(s.calls, "call")) have a system prompt with a date, time "
      detail += "or id about \(Format.int(offset)) bytes in: \(variants >= 16 ? "16 or more" : "\(variants)") "
      detail += "versions of it are identical once that value is masked, so the cached prefix ends there. "
      detail += "With the value moved out of the ≈\(Format.tokens(systemTokens))-token prefix, \(rules) gives a "
      detail += "\(expected) cache hit rate (now \(observed)) and saves \(saving) net over the period."
      how =
        "Move the changing value to the end of the system prompt or into the latest user message, then put "
        + planText(a, plan) + "."
    case "low-cache-hit-rate":
      title = "Prompt cache reads only \(observed) of input tokens"
      detail = "Caching is on (\(Format.int(s.cacheControlCalls)) calls with cache_control; "
      detail += "\(Format.tokens(s.actual.cacheReadTokens)) tokens read, \(Format.tokens(s.actual.cacheWriteTokens)) "
      detail += "written) but only \(observed) of input comes from the cache. \(sharedText(a)) "
      detail += "Replaying \(rules) on the call sequence gives \(expected) and saves \(saving) net over the period."
      how += " Check that nothing before the breakpoint changes between calls (timestamps, ids, tool order)."
    default:
      title = "Turn on prompt caching for the shared ≈\(Format.tokens(max(a.sharedTokens, systemTokens)))-token prefix"
      detail = "No cache reads, cache writes or cache_control markers appear for these calls. \(sharedText(a)) "
      detail += "Replaying \(rules) on the call sequence gives a \(expected) hit rate and saves \(saving) net of "
      detail += "cache writes over the period."
    }
    if s.gaps > 0 {
      detail += " \(Format.percent(Double(s.gapsWithin5m) / Double(s.gaps), digits: 0)) of consecutive calls come "
      detail +=
        "within 5 minutes, \(Format.percent(Double(s.gapsWithin1h) / Double(s.gaps), digits: 0)) within an hour."
    }
    let explicit = s.policy?.activation == .explicitBreakpoints
    let logged = Double(s.loggedCalls) >= 0.9 * Double(s.calls)
    let confidence =
      !explicit && kind == "prompt-caching" ? "low" : explicit && logged && a.sharedShare >= 0.8 ? "high" : "medium"
    let premium = s.policy.map { plan.oneHour ? $0.write1hMultiplier : $0.write5mMultiplier } ?? 1
    var risk = "Prompt caching does not change answers. "
    risk +=
      explicit
      ? "Cache writes cost \(Format.trim(Format.fixed(premium, 2)))× input, so a prefix reused less often than its lifetime loses money; the simulation counts every write."
      : "Hits depend on the provider routing requests to the same cache; treat the hit rate as an upper estimate."
    return Finding(
      id: id, detector: Self.id, lever: "caching", week: 4, kind: kind, agent: a.key.agent, phase: phase, title: title,
      detail: detail, how: how, savingsUSD: chosen.savingUSD,
      monthlySavingsUSD: chosen.savingUSD * context.monthlyFactor, confidence: confidence,
      effort: kind == "volatile-system-prefix" ? "medium" : "low", risk: risk,
      calls: plan.reads.filter { $0 > 0 }.count, tokensSaved: 0,
      requestIds: kind == "volatile-system-prefix" ? s.volatileEvidence.ids : s.evidence.ids)
  }

  /// Where the breakpoints go, in words.
  func planText(_ a: Assessment, _ plan: Plan) -> String {
    let tokens = Format.tokens(a.state.depth.first?.top?.tokens ?? 0)
    let prefix = a.state.hasTools ? "the tool definitions and system prompt" : "the system prompt"
    switch plan.mode {
    case .automatic:
      return "\(prefix) first and byte-identical (≈\(tokens) tokens), variable content after it, and send a stable "
        + "prompt_cache_key (e.g. the agent name) so requests reach the same cache"
    case .explicit(let points):
      var parts = ["a cache breakpoint (cache_control) after \(prefix) (≈\(tokens) tokens)"]
      if points.contains(.history) { parts.append("one before the latest user message") }
      if points.contains(.conversation) {
        parts.append("one on the last message, so the next turn reads the conversation from cache")
      }
      let ttl = plan.oneHour ? "with the 1-hour lifetime (ttl \"1h\")" : "with the default 5-minute lifetime"
      return parts.joined(separator: ", ") + ", " + ttl
    }
  }

  func rulesText(_ policy: PromptCachePolicy?, _ plan: Plan) -> String {
    guard let p = policy else { return "the provider's rules" }
    let min = Format.int(p.minimumCacheableTokens)
    switch plan.mode {
    case .automatic:
      let steps = p.incrementTokens > 1 ? " in \(p.incrementTokens)-token steps" : ""
      return
        "automatic caching (prompts of \(min)+ tokens\(steps), reads at \(Format.trim(Format.fixed(p.readMultiplier, 2)))× input, "
        + "\(CachingSupport.duration(seconds: Double(p.defaultTTLSeconds))) lifetime refreshed on each hit)"
    case .explicit:
      let w = plan.oneHour ? p.write1hMultiplier : p.write5mMultiplier
      let ttl = plan.oneHour ? "1 h" : CachingSupport.duration(seconds: Double(p.defaultTTLSeconds))
      return "explicit breakpoints (minimum \(min) tokens, writes at \(Format.trim(Format.fixed(w, 2)))×, reads at "
        + "\(Format.trim(Format.fixed(p.readMultiplier, 2)))× input, \(ttl) lifetime refreshed on each hit)"
    }
  }

  func sharedText(_ a: Assessment) -> String {
    guard let d = a.sharedDepth else {
      return "No prefix is shared by \(Format.percent(minShare, digits: 0)) of the calls."
    }
    return
      "\(Format.percent(a.sharedShare, digits: 0)) of the calls share a ≈\(Format.tokens(a.sharedTokens))-token prefix ("
      + depthText(d, tools: a.state.hasTools) + ")."
  }

  func depthText(_ d: Int, tools: Bool) -> String {
    let base = tools ? "tools + system" : "system"
    return d == 0 ? base : "\(base) + \(d) message\(d == 1 ? "" : "s")"
  }

  func planSection(_ list: [Assessment]) -> ReportSection? {
    func saving(_ a: Assessment) -> Double { max(0, a.chosen?.savingUSD ?? 0) }
    let shown = list.filter { $0.state.policy != nil && $0.state.calls >= 2 }
      .sorted { (saving($0), $1.key) > (saving($1), $0.key) }
    guard !shown.isEmpty else { return nil }
    var rows: [[String]] = []
    var notes: [String] = []
    for a in shown.prefix(30) {
      let s = a.state
      let caching =
        s.cacheControlCalls > 0
        ? "cache_control on \(Format.int(s.cacheControlCalls))"
        : s.actual.cacheReadTokens > 0 ? "reads logged" : "no"
      let plan = a.chosen.map { s.plans[$0.plan] }
      rows.append([
        a.key.agent, a.key.model, Format.int(s.calls),
        a.sharedDepth.map { "≈\(Format.tokens(a.sharedTokens)) (\(depthText($0, tools: s.hasTools)))" } ?? "none",
        Format.percent(a.sharedShare, digits: 0), caching, Format.percent(a.observedHitRate, digits: 0),
        plan.map { shortPlan($0) } ?? "n/a", a.chosen.map { Format.percent($0.hitRate, digits: 0) } ?? "n/a",
        a.chosen.map { $0.savingUSD > 0 ? Format.usd($0.savingUSD) : "none" } ?? "n/a",
      ])
      if a.kind != nil, let c = a.chosen, let p = plan {
        var note = "**\(MarkdownTable.inline(a.key.agent))** (\(a.key.model)): "
        if a.kind == "volatile-system-prefix" {
          note += "move the changing date/time/id out of the system prompt, then put "
        } else {
          note += "put "
        }
        note += planText(a, p) + ". Expected hit rate \(Format.percent(c.hitRate, digits: 0)), net saving "
        note += "\(Format.usd(c.savingUSD)) over the period."
        notes.append(note)
      }
    }
    var intro = "Each agent's calls were replayed in time order through its provider's prompt-cache rules (minimum "
    intro += "cacheable length, OpenAI's 128-token steps, write premiums, read price, cache lifetime refreshed on each "
    intro += "hit). Savings are net of cache writes and compared with what the logs show was billed."
    return ReportSection(
      id: "prompt-caching-plan", title: "Prompt caching plan per agent", paragraphs: [intro] + notes,
      columns: [
        "Agent", "Model", "Calls", "Shared prefix", "Calls sharing it", "Caching now", "Observed hit rate", "Best plan",
        "Expected hit rate", "Net saving (period)",
      ],
      rows: rows)
  }

  func shortPlan(_ p: Plan) -> String {
    switch p.mode {
    case .automatic: return p.stableSystem ? "automatic, value moved out" : "automatic"
    case .explicit(let points):
      var s = "after system"
      if points.contains(.history) { s += " + before last turn" }
      if points.contains(.conversation) { s += " + last message" }
      s += p.oneHour ? ", 1 h" : ", 5 min"
      return p.stableSystem ? s + ", value moved out" : s
    }
  }
}
