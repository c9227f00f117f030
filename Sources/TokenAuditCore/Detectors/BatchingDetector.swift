/// Flags work nobody waits for that could go through a provider's batch API.
///
/// Per agent and phase (calls already batched are left out), a group is latency-tolerant when it
/// has at least `min_calls` (20) calls, at most `max_streamed_share` (20%) streamed, and either
/// - a background name: the agent or phase contains nightly, digest, batch, report, summar,
///   index, embed, backfill, cron, scheduled, offline, etl, eval or export; or
/// - a schedule: on at least 2 days, at least `min_window_share` (70%) of its calls fall in one
///   two-hour window of the day (UTC), on at least 60% of the days it runs, with at least 10 calls
///   per day in that window (a burst, not a trickle).
/// Requests that share one system prompt and carry no conversation (independent items) raise the
/// confidence. Saving: each call priced at the provider's batch rate from the price table
/// (cached-token discounts apply on top, as the providers compose them); groups whose provider
/// has no batch price are skipped.
///
/// State: per agent and phase, 24 hour counters, the set of (day, hour) pairs seen (at most 24 per
/// day of logs), up to 64 system-prompt counters, one compact entry per call, 20 evidence ids.
struct BatchingDetector: Detector {
  static let id = "batching"
  static let summary =
    "Latency-tolerant work (scheduled bursts, background phases) that a batch API would price at half"

  static let backgroundWords = [
    "nightly", "digest", "batch", "report", "summar", "index", "embed", "backfill", "cron", "scheduled", "offline",
    "etl", "eval", "export",
  ]

  struct Group: Sendable {
    var calls: [CallRef] = []
    var streamed = 0
    var singleTurn = 0
    var hours = [Int](repeating: 0, count: 24)
    var dayHours = Set<Int>()
    var systems: [UInt64: Int] = [:]
    var evidence = EvidenceSample()
  }

  private var groups: [AgentPhase: Group] = [:]
  private var index = 0

  init(configuration: AuditConfiguration) {}

  mutating func observe(_ call: CallFacts) {
    defer { index += 1 }
    guard !call.isBatch else { return }
    let key = AgentPhase(call)
    var g = groups.removeValue(forKey: key) ?? Group()  // taken out, so the update does not copy its arrays
    g.calls.append(CallRef(call, index: index))
    if call.streamed { g.streamed += 1 }
    if call.messageCount <= 2 && call.toolNames.isEmpty && call.turnStarts.count <= 1 { g.singleTurn += 1 }
    if let ts = call.timestampMS {
      let hour = Int(Timestamp.floorDiv(ts, 3_600_000))
      g.hours[((hour % 24) + 24) % 24] += 1
      g.dayHours.insert(hour)
    }
    if g.systems[call.systemHash] != nil || g.systems.count < 64 { g.systems[call.systemHash, default: 0] += 1 }
    g.evidence.add(call)
    groups[key] = g
  }

  /// The schedule of a group: the best two-hour window, its share of calls, the share of run days
  /// that have calls in it, the run days, and calls per day in the window.
  struct Schedule {
    var startHour = 0
    var share = 0.0
    var dayShare = 0.0
    var days = 0
    var callsPerDay = 0.0
  }

  static func schedule(_ g: Group) -> Schedule {
    var s = Schedule()
    let timed = g.hours.reduce(0, +)
    guard timed > 0 else { return s }
    var best = 0
    // The window with the most calls; on a tie, the one that starts at the busier hour.
    func rank(_ h: Int) -> (Int, Int) { (g.hours[h] + g.hours[(h + 1) % 24], g.hours[h]) }
    for h in 0..<24 where rank(h) > rank(best) { best = h }
    let inWindow = g.hours[best] + g.hours[(best + 1) % 24]
    var days = Set<Int>()
    var windowDays = Set<Int>()
    for hour in g.dayHours {
      let day = hour >= 0 ? hour / 24 : (hour - 23) / 24
      days.insert(day)
      let h = hour - day * 24
      if h == best || h == (best + 1) % 24 { windowDays.insert(h == 0 && best == 23 ? day - 1 : day) }
    }
    s.startHour = best
    s.share = Double(inWindow) / Double(timed)
    s.days = days.count
    s.dayShare = days.isEmpty ? 0 : Double(windowDays.count) / Double(days.count)
    s.callsPerDay = windowDays.isEmpty ? 0 : Double(inWindow) / Double(windowDays.count)
    return s
  }

  /// The batch endpoint of a provider family.
  static func endpoint(_ provider: String) -> String {
    switch provider {
    case "openai":
      return
        "the OpenAI Batch API (`POST /v1/batches` with a JSONL file of `/v1/chat/completions` requests, `completion_window: 24h`)"
    case "anthropic": return "the Anthropic Message Batches API (`POST /v1/messages/batches`)"
    case "gemini": return "Gemini Batch Mode (`batches.create` / `models/*:batchGenerateContent`)"
    case "vertex_ai": return "Vertex AI batch prediction (`batchPredictionJobs`)"
    case "azure": return "Azure OpenAI Global Batch (`/openai/batches` with a `globalbatch` deployment)"
    case "bedrock": return "Bedrock batch inference (`CreateModelInvocationJob`)"
    default: return "the provider's batch endpoint"
    }
  }

  func finish(_ context: DetectorContext) -> DetectorOutput {
    let minCalls = context.count(Self.id, "min_calls", 20)
    let maxStreamed = context.setting(Self.id, "max_streamed_share", 0.2)
    let minWindow = context.setting(Self.id, "min_window_share", 0.7)
    var out = DetectorOutput()
    for (key, g) in groups.sorted(by: { $0.key < $1.key }) where g.calls.count >= minCalls {
      let n = Double(g.calls.count)
      guard Double(g.streamed) / n <= maxStreamed else { continue }
      let name = (key.agent + " " + key.phase).lowercased()
      let word = Self.backgroundWords.first { name.contains($0) }
      let s = Self.schedule(g)
      let scheduled = s.days >= 2 && s.share >= minWindow && s.dayShare >= 0.6 && s.callsPerDay >= 10
      guard word != nil || scheduled else { continue }
      let topSystem = g.systems.values.max() ?? 0
      let independent = Double(topSystem) / n >= 0.8 && Double(g.singleTurn) / n >= 0.8
      let id = FindingID.make(detector: Self.id, kind: "latency-tolerant", agent: key.agent, phase: key.phase)
      var changes: [(CallRef, Double)] = []
      var provider = ""
      for ref in g.calls {
        let cost = context.costUSD(ref)
        let call = context.calls[ref]
        guard cost > 0,
          let batch = context.costUSD(call.usage, model: call.model, provider: call.provider, batch: true), batch < cost
        else { continue }
        changes.append((ref, cost - batch))
        if provider.isEmpty { provider = call.provider }
      }
      let change = context.price(changes, tokens: 0, lever: "batching", findingID: id)
      let monthly = change.savingsUSD * context.monthlyFactor
      guard change.calls > 0, monthly >= context.minimumMonthlyUSD(Self.id) else { continue }
      var signals: [String] = []
      if let word { signals.append("its name suggests background work (“\(word)”)") }
      if scheduled {
        let h = s.startHour
        signals.append(
          "\(Format.percent(s.share, digits: 0)) of its calls run between \(Timestamp.pad2(h)):00 and "
            + "\(Timestamp.pad2((h + 2) % 24)):00 UTC on \(Format.percent(s.dayShare, digits: 0)) of the "
            + "\(s.days) days it runs, about \(Format.int(Int(s.callsPerDay))) calls a day in that window")
      }
      if independent { signals.append("its requests are independent (one system prompt, no conversation)") }
      signals.append("\(Format.percent(Double(g.streamed) / n, digits: 0)) of its calls are streamed")
      let confidence = word != nil && scheduled ? "high" : (independent ? "medium" : "low")
      out.effects += change.effects
      out.findings.append(
        Finding(
          id: id, detector: Self.id, lever: "batching", week: 5, kind: "latency-tolerant", agent: key.agent,
          phase: key.findingPhase, title: "Latency-tolerant work at full price",
          detail: "Nobody seems to wait for \(key.label): " + signals.joined(separator: "; ") + ". Priced at the "
            + "provider's batch rate from the price table, \(Format.int(change.calls)) calls would cost "
            + "\(Format.usd(change.savingsUSD)) less over the period (batch and prompt-cache discounts compose).",
          how: "Submit the requests of agent `\(key.agent)`" + (key.findingPhase.map { " (phase `\($0)`)" } ?? "")
            + " through " + Self.endpoint(provider) + "; collect results when the job ends.",
          savingsUSD: change.savingsUSD, monthlySavingsUSD: monthly, confidence: confidence, effort: "medium",
          risk: "Batch results arrive within 24 hours (often minutes), not seconds. Batch only latency-tolerant "
            + "work: check that no user or downstream step waits on these calls.",
          calls: change.calls, tokensSaved: 0, requestIds: g.evidence.ids))
    }
    return out
  }
}
