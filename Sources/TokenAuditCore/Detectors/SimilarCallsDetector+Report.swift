extension SimilarCallsDetector {
  // MARK: - Output

  public func finish(_ context: DetectorContext) -> DetectorOutput {
    var out = DetectorOutput()
    var priced: [(group: Group, usd: Double)] = []
    for g in groups where !g.avoidable.isEmpty {
      let c = g.call
      let usd =
        CachingSupport.cost(
          g.avoidableUsage, model: c.model, provider: c.provider, batch: c.batch, service: c.service, perCall: c.usage,
          context) ?? 0
      priced.append((g, usd))
    }
    priced.sort { ($0.usd, $1.group.members.first ?? "") > ($1.usd, $0.group.members.first ?? "") }
    for p in priced.prefix(maxGroups) {
      let g = p.group
      out.repeatGroups.append(
        RepeatGroup(
          kind: "similar", agent: g.call.agent, phase: g.call.phase, calls: g.memberCount, requestIds: g.members,
          avoidableCostUSD: p.usd, excerpts: g.excerpts, similarity: g.minScore,
          answersAgree: g.compared > 0 ? g.agreeing == g.compared : nil))
    }
    var byPhase: [PhaseKey: [(group: Group, usd: Double)]] = [:]
    for p in priced {
      byPhase[PhaseKey(agent: p.group.call.agent, phase: p.group.call.phase, prefix: p.group.call.prefix), default: []]
        .append(p)
    }
    let keys = byPhase.keys.sorted { ($0.agent, $0.phase, $0.prefix) < ($1.agent, $1.phase, $1.prefix) }
    for key in keys {
      let list = byPhase[key] ?? []
      let f = finding(key, list, calls: callsByPhase[key] ?? 0, context)
      out.findings.append(f)
      for p in list {
        out.effects += p.group.avoidable.map {
          CallEffect(callIndex: Int($0), lever: "caching", findingID: f.id, costFactor: 0)
        }
      }
    }
    if eligible > 0 { out.sections.append(safetySection()) }
    if let t = templateSection() { out.sections.append(t) }
    return out
  }

  private func finding(_ key: PhaseKey, _ list: [(group: Group, usd: Double)], calls: Int, _ context: DetectorContext)
    -> Finding
  {
    let served = list.reduce(0) { $0 + $1.group.avoidable.count }
    let usd = list.reduce(0) { $0 + $1.usd }
    var usage = TokenUsage()
    for p in list { usage += p.group.avoidableUsage }
    let compared = list.reduce(0) { $0 + $1.group.compared }
    let agreeing = list.reduce(0) { $0 + $1.group.agreeing }
    let precision = compared > 0 ? Double(agreeing) / Double(compared) : nil
    let minScore = list.map(\.group.minScore).min() ?? 1
    let window = CachingSupport.duration(seconds: Double(windowMS) / 1000)
    var detail =
      "\(Format.int(served)) of \(CachingSupport.plural(calls, "call")) asked the same thing as an earlier call "
    detail +=
      "in other words (\(CachingSupport.plural(list.count, "group")), similarity ≥ \(Format.fixed(minScore, 2))), with the "
    detail += "same context and the same ids, names, dates and amounts, within \(window)."
    if let precision {
      detail +=
        " Where both answers are logged (\(CachingSupport.plural(compared, "call"))), \(Format.percent(precision, digits: 0)) agree."
    } else {
      detail += " No answers are logged to check that the cached answer would fit."
    }
    let confidence = precision.map { compared >= 5 && $0 >= 0.9 ? "medium" : "low" } ?? "low"
    var risk = "A semantic cache can return an answer to a question that only looks the same. "
    risk += "Shadow-test it first: log what it would serve next to the real answer, compare, then serve hits "
    risk += "at threshold \(Format.fixed(threshold, 2)) or higher."
    return Finding(
      id: CachingSupport.findingID(
        detector: Self.id, kind: "semantic-repeats", agent: key.agent, phase: key.phase, prefix: key.prefix),
      detector: Self.id, lever: "caching", week: 4, kind: "semantic-repeats", agent: key.agent,
      phase: key.phase == "-" ? nil : key.phase,
      title: "Answer paraphrased repeat requests from a semantic cache", detail: detail,
      how: "Add a semantic cache for this step after the exact-match cache: embed the latest user message, look up "
        + "earlier requests with the same context and the same extracted values (ids, names, dates, amounts), and "
        + "serve the stored answer above the similarity threshold.",
      savingsUSD: usd, monthlySavingsUSD: usd * context.monthlyFactor, confidence: confidence, effort: "medium",
      risk: risk, calls: served, tokensSaved: usage.inputTokens,
      requestIds: CachingSupport.sample(list.flatMap(\.group.members)))
  }

  func safetySection() -> ReportSection {
    var rows: [[String]] = []
    for (k, t) in Self.thresholds.enumerated() {
      let share = eligible > 0 ? Double(served[k]) / Double(eligible) : 0
      let precision =
        servedWithAnswers[k] > 0 ? Format.percent(Double(servedAgreeing[k]) / Double(servedWithAnswers[k])) : "n/a"
      rows.append([
        Format.fixed(t, 2) + (abs(t - threshold) < 1e-9 ? " (used)" : ""), Format.int(served[k]),
        Format.percent(share), Format.int(servedWithAnswers[k]), Format.int(servedAgreeing[k]), precision,
      ])
    }
    var p1 =
      "\(Format.int(eligible)) successful calls ending with a short user question (at most \(maxTextChars) characters) were checked"
    p1 +=
      exactRepeats > 0
      ? "; \(Format.int(exactRepeats)) of them repeat an identical request (see exact repeats) and are left out." : "."
    var p2 = "A call counts as served at a threshold when an earlier call of the same agent, with the same context "
    p2 +=
      "(model, tools, system prompt, earlier messages, parameters) and the same ids, names, dates and amounts, scores "
    p2 += "at least that similar within the cache window. Answers agree when both are logged and identical, or mention "
    p2 += "the same numbers in mostly the same words; the agreement rate estimates the cache's precision (a lower "
    p2 += "bound: equivalent answers can be worded differently)."
    return ReportSection(
      id: "cache-safety", title: "Semantic cache: calls served and answer agreement by threshold",
      paragraphs: [p1, p2],
      columns: [
        "Threshold", "Calls served", "Share of checked calls", "Both answers logged", "Answers agree",
        "Estimated precision",
      ],
      rows: rows)
  }

  func templateSection() -> ReportSection? {
    let list = templates.values.filter { $0.calls >= 3 && $0.values.count >= 2 }
      .sorted {
        ($0.calls, $1.call.agent, $1.call.phase, $1.masked, $1.evidence.first ?? "")
          > ($1.calls, $0.call.agent, $0.call.phase, $0.masked, $0.evidence.first ?? "")
      }
    guard !list.isEmpty else { return nil }
    var p = "These requests repeat the same wording with different values (ids, names, dates, amounts). They are never "
    p += "served from a response cache, since the values change the answer. They are a prompt-caching signal: keep "
    p += "the fixed wording (instructions, examples) before the values so it stays in the cached prefix."
    let rows = list.prefix(20).map { t -> [String] in
      let slots = Array(Set(t.slots)).sorted().map(\.rawValue).joined(separator: ", ")
      let share = t.calls > 0 ? t.firstSlotShareSum / Double(t.calls) : 0
      return [
        t.call.agent, t.call.phase, Format.int(t.calls), t.values.count >= 8 ? "8+" : "\(t.values.count)", slots,
        Format.percent(share, digits: 0), t.masked, t.evidence.prefix(3).joined(separator: ", "),
      ]
    }
    return ReportSection(
      id: "templated-prompts", title: "Templated prompts (same wording, different values)", paragraphs: [p],
      columns: ["Agent", "Phase", "Calls", "Distinct values", "Slots", "Values start at", "Template", "Evidence"],
      rows: Array(rows))
  }
}
