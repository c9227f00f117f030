extension ExactRepeatsDetector {
  // MARK: - Findings

  /// The caching finding of one agent, phase and prompt prefix: every avoidable repeat.
  func repeatFinding(_ key: PhaseKey, _ list: [Priced], calls: Int, _ context: DetectorContext) -> Finding? {
    let groups = list.filter { !$0.group.avoidable.isEmpty }
    guard !groups.isEmpty else { return nil }
    let repeats = groups.reduce(0) { $0 + $1.group.avoidable.count }
    let usd = groups.reduce(0) { $0 + $1.avoidableUSD }
    var usage = TokenUsage()
    for g in groups { usage += g.group.avoidableUsage }
    let largest = groups.map(\.group.memberCount).max() ?? 0
    let compared = groups.reduce(0) { $0 + $1.group.compared }
    let differingGroups = groups.filter { $0.group.differing > 0 }.count
    let window = CachingSupport.duration(seconds: Double(windowMS) / 1000)
    let id = CachingSupport.findingID(
      detector: Self.id, kind: "exact-repeats", agent: key.agent, phase: key.phase, prefix: key.prefix)
    var detail =
      "\(Format.int(repeats)) of \(CachingSupport.plural(calls, "call")) repeated an identical earlier request "
    detail += "(same model, system prompt, messages, tools and parameters) within \(window), in "
    detail += "\(CachingSupport.plural(groups.count, "distinct request")); the most repeated one was sent "
    detail += "\(Format.int(largest)) times."
    if compared > 0 {
      detail +=
        differingGroups == 0
        ? " The logged answers to the repeats were identical."
        : " \(differingGroups) of the requests got different answers on repeats (sampling), so a cache changes what users see."
    }
    var risk = "Stale answers when what the step reads changes within \(window): key the cache on the full request and "
    risk += "invalidate it when the underlying data changes."
    if differingGroups > 0 { risk += " Answers varied between repeats: cache only steps meant to be deterministic." }
    let sample = CachingSupport.sample(groups.flatMap(\.group.members))
    return Finding(
      id: id, detector: Self.id, lever: "caching", week: 4, kind: "exact-repeats", agent: key.agent,
      phase: key.phase == "-" ? nil : key.phase, title: "Serve repeated identical requests from a response cache",
      detail: detail,
      how: "Put a response cache in front of this step, keyed on a hash of the effective request (model, system, "
        + "messages, tools, parameters; not request ids or timestamps), with a \(window) TTL, and return the stored "
        + "answer on a hit instead of calling the model.",
      savingsUSD: usd, monthlySavingsUSD: usd * context.monthlyFactor,
      confidence: differingGroups == 0 ? "high" : "medium", effort: "low", risk: risk, calls: repeats,
      tokensSaved: usage.inputTokens, requestIds: sample)
  }

  /// The reliability finding of one agent, phase and prompt prefix: attempts that failed or were
  /// truncated and were re-sent unchanged.
  func retryFinding(_ key: PhaseKey, _ list: [Priced], calls: Int, _ context: DetectorContext) -> Finding? {
    let groups = list.filter { !$0.group.retried.isEmpty }
    guard !groups.isEmpty else { return nil }
    let attempts = groups.reduce(0) { $0 + $1.group.retried.count }
    let truncated = groups.reduce(0) { $0 + $1.group.truncatedRetries }
    let usd = groups.reduce(0) { $0 + $1.retriedUSD }
    var usage = TokenUsage()
    for g in groups { usage += g.group.retriedUsage }
    let window = CachingSupport.duration(seconds: Double(retryWindowMS) / 1000)
    let id = CachingSupport.findingID(
      detector: Self.id, kind: "retries", agent: key.agent, phase: key.phase, prefix: key.prefix)
    var detail =
      "\(CachingSupport.plural(attempts, "attempt")) \(attempts == 1 ? "was" : "were") re-sent unchanged within \(window) after "
    detail += attempts == 1 ? "it " : "they "
    detail += truncated == attempts ? "were truncated" : truncated > 0 ? "failed (\(truncated) truncated)" : "failed"
    detail += "; the wasted attempts cost \(Format.usd(usd)) of this step's \(CachingSupport.plural(calls, "call"))."
    var how =
      "Find why first attempts fail before retrying blindly: retry only retryable errors (429, 5xx) with backoff"
    how += truncated > 0 ? ", and raise max_tokens (or shorten the requested output) where answers were cut off." : "."
    return Finding(
      id: id, detector: Self.id, lever: "reliability", week: 1, kind: "retries", agent: key.agent,
      phase: key.phase == "-" ? nil : key.phase,
      title: truncated == attempts ? "Truncated answers retried unchanged" : "Failed calls retried unchanged",
      detail: detail, how: how, savingsUSD: usd, monthlySavingsUSD: usd * context.monthlyFactor, confidence: "medium",
      effort: "medium", risk: "Some failures are transient; keep one retry with backoff for 429 and 5xx errors.",
      calls: attempts, tokensSaved: usage.inputTokens,
      requestIds: CachingSupport.sample(groups.flatMap(\.group.members)))
  }
}
