/// Finds stable prompt prefixes that provider prompt caching would bill at the cache-read price,
/// by replaying the provider's rules on the real call sequence, per agent and model.
///
/// For each agent and model it finds the deepest prefix boundary (`prefixHashes`) shared by at
/// least `min_share` (default 0.5) of the calls, measures how caching is used today (cache reads ÷
/// input tokens, cache writes, `cache_control` markers), and simulates `PromptCacheSimulator` plans:
/// automatic caching (OpenAI, Gemini, DeepSeek: minimum length, OpenAI's 128-token steps, the
/// table's read price, no write premium) or explicit breakpoints (Anthropic: after tools + system,
/// before the latest message, at the last message; 5-minute writes at 1.25×, 1-hour writes at 2×,
/// reads at 0.1×), each against the observed gaps between calls (an entry expires after its
/// lifetime, hits refresh it). The best plan's saving, net of write premiums and priced with the
/// run's cost model, becomes a finding when positive:
/// - `prompt-caching`: no caching seen in the logs;
/// - `low-cache-hit-rate`: caching is used but reads are under `low_hit_rate` (default 0.3) of input;
/// - `volatile-system-prefix`: the system prompt starts with (or contains) a date, time or id that
///   changes from call to call (`systemStableHash` stable while `systemHash` varies), so nothing
///   after it can be cached; the plan moves the value out of the prefix.
///
/// Ignores models whose provider has no known prompt cache, and agents whose best plan saves
/// under `min_savings_usd` (default 0.01) over the period.
///
/// Bounded state per agent and model: 16 heavy-hitter counters per prefix depth (up to
/// `max_depth`, default 32), up to 64 stable system prompts with 16 variants each, the simulators'
/// live cache entries (purged by lifetime, at most 200,000 each, up to 12 plans), two evidence
/// samples of 20 ids, and 4 bytes plus 8 per plan for each call: the per-call cost factors the
/// advisor needs are computed from them and the run's packed call table (`DetectorContext.calls`).
public struct PromptCachingDetector: Detector {
  public static let id = "prompt-caching"
  public static let summary = "Stable prompt prefixes that provider prompt caching would bill at the cache-read price."

  struct Key: Hashable, Comparable {
    var agent: String
    var model: String
    var provider: String

    static func < (a: Key, b: Key) -> Bool { (a.agent, a.model, a.provider) < (b.agent, b.model, b.provider) }
  }

  /// One simulated plan and what it did to each call.
  struct Plan {
    var mode: PromptCacheSimulator.Mode
    var oneHour: Bool
    var stableSystem: Bool
    var simulator: PromptCacheSimulator
    var reads: [Int32] = []
    var writes: [Int32] = []
    var readSum = 0
    var writeSum = 0
  }

  /// Misra–Gries counters: the frequent prefix hashes at one depth (counts are lower bounds).
  struct HeavyHitters {
    var keys: [UInt64] = []
    var counts: [Int] = []
    var tokens: [Int] = []
    static let capacity = 16

    mutating func add(_ key: UInt64, tokens t: Int) {
      if let i = keys.firstIndex(of: key) {
        counts[i] += 1
        tokens[i] = max(tokens[i], t)
      } else if keys.count < Self.capacity {
        keys.append(key)
        counts.append(1)
        tokens.append(t)
      } else {
        for i in counts.indices { counts[i] -= 1 }
        for i in counts.indices.reversed() where counts[i] <= 0 {
          keys.remove(at: i)
          counts.remove(at: i)
          tokens.remove(at: i)
        }
      }
    }

    /// The most frequent key, its count and its tokens.
    var top: (key: UInt64, count: Int, tokens: Int)? {
      guard let i = counts.indices.max(by: { (counts[$0], keys[$1]) < (counts[$1], keys[$0]) }) else { return nil }
      return (keys[i], counts[i], tokens[i])
    }
  }

  struct State {
    var policy: PromptCachePolicy?
    var phases: [String] = []
    var calls = 0
    var batchCalls = 0
    var loggedCalls = 0
    var cacheControlCalls = 0
    var actual = TokenUsage()
    var hasTools = false
    var depth: [HeavyHitters] = []
    var stableSystems: [UInt64: [UInt64]] = [:]
    var volatileCalls = 0
    var volatileOffsetSum = 0
    var plans: [Plan] = []
    var stablePlansStarted = false
    var indices: [Int32] = []
    var evidence = EvidenceSample()
    var volatileEvidence = EvidenceSample()
    var lastMS: Int64?
    var gaps = 0
    var gapsWithin5m = 0
    var gapsWithin1h = 0
  }

  let minShare: Double
  let lowHitRate: Double
  let minSavingsUSD: Double
  let maxDepth: Int
  var states: [Key: State] = [:]
  var policies: [String: PromptCachePolicy?] = [:]
  var next: Int32 = 0

  public init(configuration: AuditConfiguration) {
    let c = configuration
    minShare = max(0.05, c.share(Self.id, "min_share", default: 0.5))
    lowHitRate = c.share(Self.id, "low_hit_rate", default: 0.3)
    minSavingsUSD = c.number(Self.id, "min_savings_usd", default: 0.01)
    maxDepth = min(256, c.count(Self.id, "max_depth", default: 32))
  }

  public mutating func observe(_ call: CallFacts) {
    let i = next
    next += 1
    let key = Key(agent: call.agent, model: call.model, provider: call.provider)
    if states[key] == nil { states[key] = newState(call) }
    // Mutate in place: a copy of the state would copy every simulator's cache on each call.
    Self.update(&states[key, default: State()], call, index: i, maxDepth: maxDepth)
  }

  private static func update(_ s: inout State, _ call: CallFacts, index i: Int32, maxDepth: Int) {
    s.calls += 1
    if call.isBatch { s.batchCalls += 1 }
    if call.usageSource == .logged { s.loggedCalls += 1 }
    if call.usesCacheControl { s.cacheControlCalls += 1 }
    if call.toolsHash != 0 { s.hasTools = true }
    if s.phases.count < 4 && !s.phases.contains(call.phase) { s.phases.append(call.phase) }
    s.actual += call.usage
    s.evidence.add(call)
    if let t = call.timestampMS {
      if let last = s.lastMS {
        s.gaps += 1
        if t - last <= 300_000 { s.gapsWithin5m += 1 }
        if t - last <= 3_600_000 { s.gapsWithin1h += 1 }
      }
      s.lastMS = t
    }
    for d in 0..<min(maxDepth, call.prefixHashes.count) {
      if s.depth.count <= d { s.depth.append(HeavyHitters()) }
      s.depth[d].add(call.prefixHashes[d], tokens: call.prefixTokens[d])
    }
    if call.systemVolatileOffset != nil { noteVolatile(&s, call) }
    simulate(&s, call, index: i)
  }

  private mutating func newState(_ call: CallFacts) -> State {
    let pk = call.model + "\u{0}" + call.provider
    if policies[pk] == nil {
      policies[pk] = .some(
        PromptCachePolicy.for(model: call.model, provider: call.provider == "unknown" ? nil : call.provider))
    }
    var s = State()
    s.policy = policies[pk] ?? nil
    guard let p = s.policy else { return s }
    func plan(_ mode: PromptCacheSimulator.Mode, oneHour: Bool) -> Plan {
      let ttl = oneHour ? 3_600 : p.defaultTTLSeconds
      let sim = PromptCacheSimulator(
        mode: mode, minimumTokens: p.minimumCacheableTokens, incrementTokens: p.incrementTokens, ttlSeconds: ttl)
      return Plan(mode: mode, oneHour: oneHour, stableSystem: false, simulator: sim)
    }
    switch p.activation {
    case .automatic:
      s.plans = [plan(.automatic, oneHour: false)]
    case .explicitBreakpoints:
      for points: PromptCacheSimulator.Breakpoints in [
        [.system], [.system, .history], [.system, .history, .conversation],
      ] {
        s.plans.append(plan(.explicit(points), oneHour: false))
        s.plans.append(plan(.explicit(points), oneHour: true))
      }
    }
    return s
  }

  private static func noteVolatile(_ s: inout State, _ call: CallFacts) {
    s.volatileCalls += 1
    s.volatileOffsetSum += call.systemVolatileOffset ?? 0
    s.volatileEvidence.add(call)
    if var variants = s.stableSystems[call.systemStableHash] {
      if variants.count < 16 && !variants.contains(call.systemHash) { variants.append(call.systemHash) }
      s.stableSystems[call.systemStableHash] = variants
    } else if s.stableSystems.count < 64 {
      s.stableSystems[call.systemStableHash] = [call.systemHash]
    }
    // From the first volatile call on, also simulate the fixed prompt: until now both were equal.
    if !s.stablePlansStarted {
      s.stablePlansStarted = true
      s.plans += s.plans.map {
        var p = $0
        p.stableSystem = true
        return p
      }
    }
  }

  /// The call's prefix chain in billed tokens, and its chain once a volatile value is moved out.
  private static func simulate(_ s: inout State, _ call: CallFacts, index: Int32) {
    guard !s.plans.isEmpty else { return }
    let input = call.usage.inputTokens
    let estimated = (call.prefixTokens.last ?? 0) + FactExtractor.perMessageTokens
    let scale = input > 0 && estimated > 0 ? Double(input) / Double(estimated) : 1
    var tokens = call.prefixTokens.map { input > 0 ? min(input, Int(Double($0) * scale)) : $0 }
    var chain = call.prefixHashes
    var systemIndex = 0
    var stableChain = chain
    var stableTokens = tokens
    if let offset = call.systemVolatileOffset, !chain.isEmpty {
      var fixed = ContentHasher()
      fixed.combine(call.toolsHash)
      fixed.combine(call.systemStableHash)
      stableChain = [fixed.value]
      stableTokens = [tokens[0]]
      // The part before the changing value still matches under automatic caching.
      fixed.combine(UInt64(offset))
      let share = call.systemChars > 0 ? Double(offset) / Double(call.systemChars) : 0
      let partial = call.anatomy.toolTokens + Int(Double(call.anatomy.systemTokens) * share)
      chain.insert(fixed.value, at: 0)
      tokens.insert(min(tokens[0], partial), at: 0)
      systemIndex = 1
    }
    s.indices.append(index)
    for p in s.plans.indices {
      let o =
        s.plans[p].stableSystem && call.systemVolatileOffset != nil
        ? s.plans[p].simulator.step(chain: stableChain, tokens: stableTokens, systemIndex: 0, timeMS: call.timestampMS)
        : s.plans[p].simulator.step(chain: chain, tokens: tokens, systemIndex: systemIndex, timeMS: call.timestampMS)
      let read = min(o.readTokens, input)
      let write = min(o.writeTokens, input - read)
      s.plans[p].reads.append(Int32(clamping: read))
      s.plans[p].writes.append(Int32(clamping: write))
      s.plans[p].readSum += read
      s.plans[p].writeSum += write
    }
  }
}
