/// Flags waste that is no lever but costs money, and reports the quality guardrails per agent.
///
/// Per agent and phase:
/// - `billed-failures`: failed calls (non-2xx or an error) that still carry billed tokens.
///   Client errors (4xx except 429) count as fully avoidable; rate limits, server errors and
///   others as half avoidable.
/// - `retry-storm`: the third and later attempts of one identical request (same request hash)
///   within `retry_window_seconds` (600) of the previous attempt.
/// - `truncation-reask`: calls cut by the output limit (finish reason `length`) whose prompt was
///   sent again within the window (the same prompt, or a conversation that continues from it);
///   the truncated attempt is counted as waste.
/// Each kind fires with at least `min_calls` (3) affected calls. The quality rows give, per agent,
/// the error rate (failed calls), the retry rate (repeats of an identical request or re-asks of a
/// truncated one within the window) and the truncation rate.
///
/// State: per agent, counters and two maps pruned to the window (recent request hashes, at most
/// 4,096 entries; truncated prompts awaiting a re-ask, at most 1,024); per agent and phase, one
/// compact entry per affected call, up to 16 error kinds and 20 evidence ids per kind.
struct ReliabilityDetector: Detector {
  static let id = "reliability"
  static let summary = "Billed failed calls, retry storms and truncated outputs that were asked again"

  struct Kind: Sendable {
    var changes: [(CallRef, Double)] = []
    var evidence = EvidenceSample()
    mutating func add(_ call: CallFacts, _ ref: CallRef, share: Double) {
      changes.append((ref, share))
      evidence.add(call)
    }
  }

  struct Group: Sendable {
    var failures = Kind()
    var storms = Kind()
    var reasks = Kind()
    var errors: [String: Int] = [:]
    var maxCompletedOutput = 0
    var maxOutputLimit = 0
  }

  struct Agent: Sendable {
    var calls = 0
    var failed = 0
    var retries = 0
    var truncated = 0
    var recent: [UInt64: (ms: Int64, attempts: Int)] = [:]
    var pending: [UInt64: (ms: Int64, ref: CallRef, phase: String, evidence: String)] = [:]
  }

  private let windowMS: Int64
  private var agents: [String: Agent] = [:]
  private var groups: [AgentPhase: Group] = [:]
  private var index = 0

  init(configuration: AuditConfiguration) {
    windowMS = Int64(configuration.count(Self.id, "retry_window_seconds", default: 600, minimum: 0)) * 1000
  }

  mutating func observe(_ call: CallFacts) {
    defer { index += 1 }
    let ref = CallRef(call, index: index)
    let key = AgentPhase(call)
    var a = agents.removeValue(forKey: call.agent) ?? Agent()  // taken out, so the update does not copy its arrays
    var g = groups.removeValue(forKey: key) ?? Group()  // taken out, so the update does not copy its arrays
    a.calls += 1
    if let ts = call.timestampMS {
      var retry = false
      // A re-ask of a truncated prompt: this call's prompt contains it.
      if !a.pending.isEmpty {
        for h in call.prefixHashes.reversed() {
          guard let p = a.pending[h], ts - p.ms <= windowMS else { continue }
          a.pending[h] = nil
          let owner = AgentPhase(agent: call.agent, phase: p.phase)
          if owner == key {
            g.reasks.changes.append((p.ref, 1))
            g.reasks.evidence.add(p.evidence)
          } else {
            var pg = groups.removeValue(forKey: owner) ?? Group()  // taken out, so the update does not copy its arrays
            pg.reasks.changes.append((p.ref, 1))
            pg.reasks.evidence.add(p.evidence)
            groups[owner] = pg
          }
          retry = true
          break
        }
      }
      // A repeat of an identical request.
      if let r = a.recent[call.requestHash], ts - r.ms <= windowMS {
        a.recent[call.requestHash] = (ts, r.attempts + 1)
        retry = true
        if r.attempts + 1 >= 3 { g.storms.add(call, ref, share: 1) }
      } else {
        a.recent[call.requestHash] = (ts, 1)
      }
      if retry { a.retries += 1 }
      if call.isTruncated {
        a.pending[call.prefixHashes.last ?? call.requestHash] = (ts, ref, call.phase, EvidenceSample.id(of: call))
      }
      Self.prune(&a, now: ts, window: windowMS)
    }
    if call.isFailure {
      a.failed += 1
      let kind = call.errorType.map { "\(call.status) \($0)" } ?? "\(call.status)"
      if g.errors[kind] != nil || g.errors.count < 16 { g.errors[kind, default: 0] += 1 }
      if call.usage.totalTokens > 0 {
        let clientError = call.status >= 400 && call.status < 500 && call.status != 429
        g.failures.add(call, ref, share: clientError ? 1 : 0.5)
      }
    }
    if call.isTruncated {
      a.truncated += 1
    } else if !call.isFailure {
      g.maxCompletedOutput = max(g.maxCompletedOutput, call.usage.outputTokens)
    }
    if let limit = call.maxOutputTokens { g.maxOutputLimit = max(g.maxOutputLimit, limit) }
    agents[call.agent] = a
    groups[key] = g
  }

  static func prune(_ a: inout Agent, now: Int64, window: Int64) {
    if a.recent.count > 4_096 {
      a.recent = a.recent.filter { now - $0.value.ms <= window }
      if a.recent.count > 4_096 {
        let keep = a.recent.sorted { $0.value.ms > $1.value.ms }.prefix(2_048)
        a.recent = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
      }
    }
    if a.pending.count > 1_024 {
      a.pending = a.pending.filter { now - $0.value.ms <= window }
      if a.pending.count > 1_024 {
        let keep = a.pending.sorted { $0.value.ms > $1.value.ms }.prefix(512)
        a.pending = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
      }
    }
  }

  func finish(_ context: DetectorContext) -> DetectorOutput {
    var out = DetectorOutput()
    let minCalls = context.count(Self.id, "min_calls", 3)
    for (key, g) in groups.sorted(by: { $0.key < $1.key }) {
      for kind in ["billed-failures", "retry-storm", "truncation-reask"] {
        let k = kind == "billed-failures" ? g.failures : (kind == "retry-storm" ? g.storms : g.reasks)
        guard k.changes.count >= minCalls else { continue }
        let id = FindingID.make(detector: Self.id, kind: kind, agent: key.agent, phase: key.phase)
        let changes = k.changes.map { ($0.0, context.costUSD($0.0) * $0.1) }
        let change = context.price(changes, tokens: 0, lever: "reliability", findingID: id)
        let monthly = change.savingsUSD * context.monthlyFactor
        guard change.calls > 0, monthly >= context.minimumMonthlyUSD(Self.id) else { continue }
        out.effects += change.effects
        out.findings.append(finding(kind, key, g, k, id: id, change: change, monthly: monthly))
      }
    }
    for (agent, a) in agents {
      let n = Double(max(1, a.calls))
      out.quality.append(
        QualityRow(
          agent: agent, calls: a.calls, errorRate: Double(a.failed) / n, retryRate: Double(a.retries) / n,
          truncationRate: Double(a.truncated) / n))
    }
    out.quality.sort { ($0.calls, $1.agent) > ($1.calls, $0.agent) }
    return out
  }

  private func finding(
    _ kind: String, _ key: AgentPhase, _ g: Group, _ k: Kind, id: String, change: PricedChange, monthly: Double
  ) -> Finding {
    let scope = "agent `\(key.agent)`" + (key.findingPhase.map { " (phase `\($0)`)" } ?? "")
    let title: String
    let detail: String
    let how: String
    let risk: String
    switch kind {
    case "billed-failures":
      let top = g.errors.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(3)
        .map { "\(Redactor.excerpt($0.key, limit: 40)) (\($0.value)×)" }
      title = "Failed calls that were still billed"
      detail =
        "\(Format.int(change.calls)) failed calls of \(key.label) were billed "
        + "(top errors: \(top.joined(separator: ", "))). Savings count client errors (4xx other than 429) in full "
        + "and other failures at half, since some outages cannot be avoided."
      how =
        "In \(scope), fix the cause of the top errors: check the prompt size against the model's context window "
        + "before sending, validate tool schemas and parameters, and never retry a 4xx error other than 429."
      risk = "None: failed calls produce nothing. Watch the error rate in the guardrails table."
    case "retry-storm":
      title = "Retry storms: the same request sent three or more times"
      detail =
        "\(Format.int(change.calls)) calls of \(key.label) were the third or later attempt of an identical "
        + "request within \(windowMS / 60_000) minutes. Savings count those attempts."
      how =
        "In \(scope), retry at most twice with exponential backoff and jitter, honour `retry-after`, and put "
        + "a circuit breaker in front of the provider so an outage does not multiply the bill."
      risk = "Fewer retries can surface transient errors to callers; keep one retry with backoff."
    default:
      let limit = max(g.maxCompletedOutput, g.maxOutputLimit)
      title = "Truncated outputs that were asked again"
      detail =
        "\(Format.int(change.calls)) calls of \(key.label) stopped at the output limit and their prompt was "
        + "sent again within \(windowMS / 60_000) minutes; the truncated attempt was paid for nothing. "
        + "The longest completed output in this group was \(Format.int(g.maxCompletedOutput)) tokens."
      how =
        "In \(scope), raise `max_tokens` above the longest output you need (at least \(Format.int(limit)) "
        + "tokens here) or ask for a shorter answer; when a reply is cut, continue from the partial output "
        + "instead of asking again from scratch."
      risk = "A higher limit lets a runaway answer cost more; keep a limit, just above the real need."
    }
    return Finding(
      id: id, detector: Self.id, lever: "reliability", week: 1, kind: kind, agent: key.agent,
      phase: key.findingPhase, title: title, detail: detail, how: how, savingsUSD: change.savingsUSD,
      monthlySavingsUSD: monthly, confidence: kind == "truncation-reask" ? "medium" : "high", effort: "low",
      risk: risk, calls: change.calls, tokensSaved: 0, requestIds: k.evidence.ids)
  }
}
