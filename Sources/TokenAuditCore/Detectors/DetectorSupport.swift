import Foundation

/// An agent and phase, the unit most findings are about.
struct AgentPhase: Hashable, Comparable, Sendable {
  let agent: String
  let phase: String
  /// The two names hashed once, here: detectors look a call's group up twice per call (take it
  /// out, put it back), and those lookups hashed both strings each time.
  private let nameHash: Int

  init(_ call: CallFacts) {
    self.init(agent: call.agent, phase: call.phase)
  }

  init(agent: String, phase: String) {
    self.agent = agent
    self.phase = phase
    var h = Hasher()
    h.combine(agent)
    h.combine(phase)
    nameHash = h.finalize()
  }

  static func == (a: AgentPhase, b: AgentPhase) -> Bool { a.agent == b.agent && a.phase == b.phase }

  // Equal names (String equality) hash alike, so equal keys do too.
  func hash(into hasher: inout Hasher) { hasher.combine(nameHash) }

  static func < (a: AgentPhase, b: AgentPhase) -> Bool { (a.agent, a.phase) < (b.agent, b.phase) }

  /// `agent / phase`, or just the agent when there is no phase.
  var label: String { phase == "-" ? "`\(agent)`" : "`\(agent)` / `\(phase)`" }
  /// The phase for a finding (nil when none was logged).
  var findingPhase: String? { phase == "-" ? nil : phase }
}

/// Stable finding ids: the same waste gets the same id run after run.
///
/// Built only from names (detector, kind, agent, phase and a qualifier such as a model or tool
/// name), never from counts or dollars: `model-routing:simple-work:triage:classify:gpt-4o:1c9e2a`.
/// The readable parts are slugs; the 6-hex suffix is a hash of the exact names, so two names
/// that slug alike still get different ids.
enum FindingID {
  /// Builds an id.
  ///
  /// - Parameters:
  ///   - detector: Detector id.
  ///   - kind: Kind within the detector.
  ///   - agent: Agent.
  ///   - phase: Phase (`-` or nil when none).
  ///   - qualifier: Model, tool or other name that tells findings of one group apart.
  /// - Returns: The id.
  static func make(detector: String, kind: String, agent: String, phase: String?, qualifier: String? = nil) -> String {
    var h = ContentHasher()
    for part in [detector, kind, agent, phase ?? "-", qualifier ?? ""] {
      h.combine(part)
      h.combine(UInt64(0x1F))
    }
    let hex = String(h.value >> 40, radix: 16)
    let suffix = String(repeating: "0", count: max(0, 6 - hex.count)) + hex
    var parts = [detector, kind, slug(agent), slug(phase ?? "-")]
    if let q = qualifier { parts.append(slug(q)) }
    return parts.joined(separator: ":") + ":" + suffix
  }

  /// Lowercase letters, digits, `.` and `-`; anything else becomes `-`; at most 40 characters.
  static func slug(_ s: String) -> String {
    var out = ""
    var dash = false
    for ch in s.lowercased() {
      if (ch.isLetter || ch.isNumber) && ch.isASCII || ch == "." {
        out.append(ch)
        dash = false
      } else if !dash && !out.isEmpty {
        out.append("-")
        dash = true
      }
    }
    while out.hasSuffix("-") { out.removeLast() }
    return out.isEmpty ? "none" : String(out.prefix(40))
  }
}

/// A bounded, deterministic sample of evidence ids: the `limit` ids with the smallest hash.
///
/// Independent of the order calls arrive in, so the same logs give the same evidence, and a
/// uniform random sample of the group (usable as an evaluation sample). State: at most
/// 2 × `limit` ids.
struct EvidenceSample: Sendable {
  let limit: Int
  private var items: [(UInt64, String)] = []
  // The largest kept hash once `limit` ids are kept: nothing at or above it can enter the sample.
  private var cutoff = UInt64.max
  /// Ids offered.
  private(set) var seen = 0

  init(limit: Int = 20) { self.limit = max(1, limit) }

  mutating func add(_ call: CallFacts) { add(Self.id(of: call)) }

  mutating func add(_ id: String) { add(id, hash: ContentHasher.hash(id)) }

  /// Adds `id` whose `ContentHasher.hash` is `h` (one call offered to several samples is hashed once).
  mutating func add(_ id: String, hash h: UInt64) {
    seen += 1
    if h >= cutoff { return }
    items.append((h, id))
    if items.count >= 2 * limit { compact() }
  }

  private mutating func compact() {
    items.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
    var unique: [(UInt64, String)] = []
    for x in items where unique.last?.1 != x.1 { unique.append(x) }
    items = Array(unique.prefix(limit))
    if items.count == limit, let last = items.last { cutoff = last.0 }
  }

  /// The sample, in hash order.
  var ids: [String] {
    var c = self
    c.compact()
    return c.items.map(\.1)
  }

  /// The evidence id of a call: its request id, or `file:line`.
  static func id(of call: CallFacts) -> String {
    if let r = call.requestID, !r.isEmpty { return r }
    return call.source.description
  }
}

/// What a detector keeps of one call it may report on: its index. `finish` prices it through
/// `DetectorContext.calls`, which holds every call's model and usage once for all detectors
/// (a detector that kept them itself would keep about 100 bytes a call).
struct CallRef: Sendable {
  /// Index in observed order (for `CallEffect`).
  private var position: Int32

  /// Index in observed order (for `CallEffect`).
  var index: Int { Int(position) }

  init(_ call: CallFacts, index: Int) {
    // More than 2^31 calls would not fit in memory anyway; clamped rather than trapped.
    position = Int32(clamping: index)
  }
}

/// Every observed call's model, provider, batch flag and usage, in observed order, packed: 28 bytes
/// a call, the (model, provider, batch) triples interned, usage counts as 32-bit integers (a count
/// beyond that range keeps its call's whole usage on the side).
struct CallTable: Sendable {
  /// What pricing needs of a call.
  struct Entry: Sendable {
    var model: String
    var provider: String
    var batch: Bool
    var service: ServiceTier = .standard
    var usage: TokenUsage
  }

  private struct Target: Hashable, Sendable {
    var model: String
    var provider: String
    var batch: Bool
    var service: ServiceTier
  }

  private struct Packed: Sendable {
    var input: Int32
    var cacheRead: Int32
    var write5m: Int32
    var write1h: Int32
    var output: Int32
    var reasoning: Int32
    /// Index in `targets`; negative: `-1 - k` for `wide[k]`, whose usage did not fit.
    var target: Int32
  }

  private var packed: [Packed] = []
  private var targets: [Target] = []
  private var targetIDs: [Target: Int32] = [:]
  private var wide: [(target: Int32, usage: TokenUsage)] = []

  /// An empty table.
  init() {}

  /// Number of calls.
  var count: Int { packed.count }

  /// Adds the next observed call.
  mutating func append(_ call: CallFacts) {
    append(
      model: call.model, provider: call.provider, batch: call.isBatch, service: call.serviceTier, usage: call.usage)
  }

  private mutating func append(
    model: String, provider: String, batch: Bool, service: ServiceTier, usage u: TokenUsage
  ) {
    let t = Target(model: model, provider: provider, batch: batch, service: service)
    let id: Int32
    if let known = targetIDs[t] {
      id = known
    } else {
      id = Int32(targets.count)
      targets.append(t)
      targetIDs[t] = id
    }
    if let p = Self.pack(u, target: id) {
      packed.append(p)
    } else {
      packed.append(
        Packed(input: 0, cacheRead: 0, write5m: 0, write1h: 0, output: 0, reasoning: 0, target: -1 - Int32(wide.count)))
      wide.append((id, u))
    }
  }

  /// Adds a chunk of observed calls.
  mutating func append(contentsOf chunk: [CallFacts]) {
    chunk.withUnsafeBufferPointer { calls in
      guard let base = calls.baseAddress else { return }
      // Field by field from the chunk's storage: passing a whole call to a mutating method
      // copies it first (a retain and release of each of its strings and arrays).
      for i in 0..<calls.count {
        append(
          model: base[i].model, provider: base[i].provider, batch: base[i].isBatch, service: base[i].serviceTier,
          usage: base[i].usage)
      }
    }
  }

  private static func pack(_ u: TokenUsage, target: Int32) -> Packed? {
    // A call with web searches keeps its whole usage (few calls have any).
    guard u.webSearchRequests == 0, let a = Int32(exactly: u.inputTokens), let b = Int32(exactly: u.cacheReadTokens),
      let c = Int32(exactly: u.cacheWrite5mTokens), let d = Int32(exactly: u.cacheWrite1hTokens),
      let e = Int32(exactly: u.outputTokens), let f = Int32(exactly: u.reasoningTokens)
    else { return nil }
    return Packed(input: a, cacheRead: b, write5m: c, write1h: d, output: e, reasoning: f, target: target)
  }

  /// The call at `index` (observed order).
  subscript(index: Int) -> Entry {
    let p = packed[index]
    if p.target < 0 {
      let w = wide[Int(-1 - p.target)]
      let t = targets[Int(w.target)]
      return Entry(model: t.model, provider: t.provider, batch: t.batch, service: t.service, usage: w.usage)
    }
    let t = targets[Int(p.target)]
    let u = TokenUsage(
      inputTokens: Int(p.input), cacheReadTokens: Int(p.cacheRead), cacheWrite5mTokens: Int(p.write5m),
      cacheWrite1hTokens: Int(p.write1h), outputTokens: Int(p.output), reasoningTokens: Int(p.reasoning))
    return Entry(model: t.model, provider: t.provider, batch: t.batch, service: t.service, usage: u)
  }

  /// The call `ref` stands for.
  subscript(ref: CallRef) -> Entry { self[ref.index] }
}

/// Where removed prompt tokens sit, which decides the price they are removed at.
enum RemovalPosition {
  /// At the start of the prompt (system, tools, old history): removed from cache reads first,
  /// then uncached input, then cache writes (the cheapest first, a lower bound).
  case prefix
  /// At the end (this turn's context): uncached input first, then cache writes, then reads.
  case tail
  /// Spread over the prompt: removed from every kind in proportion.
  case proportional
}

/// Running mean and variance (Welford).
struct RunningStats: Sendable {
  private(set) var count = 0
  private(set) var mean = 0.0
  private var m2 = 0.0

  mutating func add(_ x: Double) {
    count += 1
    let d = x - mean
    mean += d / Double(count)
    m2 += d * (x - mean)
  }

  var standardDeviation: Double { count > 1 ? (m2 / Double(count - 1)).squareRoot() : 0 }
  /// Coefficient of variation (0 when the mean is 0).
  var variation: Double { mean > 0 ? standardDeviation / mean : 0 }
}

/// The priced result of a group of per-call changes: the dollars and the effects.
struct PricedChange {
  var savingsUSD = 0.0
  var calls = 0
  var tokensSaved = 0
  var effects: [CallEffect] = []
}

extension AuditConfiguration {
  /// A finite, non-negative numeric setting, or its default.
  func number(_ detector: String, _ key: String, default def: Double) -> Double {
    let v = value(detector, key, default: def)
    return v.isFinite && v >= 0 ? v : def
  }

  /// A whole-number setting clamped to [`minimum`, 1,000,000,000], or its default.
  func count(_ detector: String, _ key: String, default def: Int, minimum: Int = 1) -> Int {
    let v = value(detector, key, default: Double(def))
    guard v.isFinite else { return max(minimum, def) }
    return Int(min(1e9, max(Double(minimum), v.rounded(.down))))
  }

  /// A share setting clamped to [0, 1], or its default.
  func share(_ detector: String, _ key: String, default def: Double) -> Double {
    let v = value(detector, key, default: def)
    return v.isFinite ? min(1, max(0, v)) : def
  }
}

extension DetectorContext {
  /// Detector configuration: a finite, non-negative numeric setting or its default.
  func setting(_ detector: String, _ key: String, _ def: Double) -> Double {
    configuration.number(detector, key, default: def)
  }

  /// A whole-number setting, at least `minimum` (see `AuditConfiguration.count`).
  func count(_ detector: String, _ key: String, _ def: Int, minimum: Int = 1) -> Int {
    configuration.count(detector, key, default: def, minimum: minimum)
  }

  /// A share setting in [0, 1].
  func share(_ detector: String, _ key: String, _ def: Double) -> Double {
    configuration.share(detector, key, default: def)
  }

  /// The dollars of a call (0 when unpriced).
  func costUSD(_ ref: CallRef) -> Double {
    let c = calls[ref]
    return costUSD(c.usage, model: c.model, provider: c.provider, batch: c.batch, service: c.service) ?? 0
  }

  /// The day the audit speaks for: the last call, else the run date.
  var auditDate: Date {
    let ms = result.period.end.flatMap(Timestamp.parseISO) ?? Timestamp.parseISO(result.run.generatedAt) ?? 0
    return Date(timeIntervalSince1970: Double(ms) / 1000)
  }

  /// The saving of removing `tokens` prompt tokens from a call, at its own prices.
  ///
  /// - Parameters:
  ///   - tokens: Prompt tokens removed (clamped to the call's input).
  ///   - ref: The call.
  ///   - position: Where the tokens sit (see `RemovalPosition`).
  /// - Returns: Dollars saved (0 when unpriced).
  func savingUSD(removing tokens: Int, from ref: CallRef, at position: RemovalPosition) -> Double {
    let c = calls[ref]
    let u = c.usage
    let n = min(max(0, tokens), u.inputTokens)
    guard n > 0,
      let key = costModel.priceKey(model: c.model, provider: c.provider, usage: u, batch: c.batch, service: c.service)
    else { return 0 }
    let before = costModel.cost(of: u, at: key)
    if position == .proportional {
      let inputSide = before.inputUSD + before.cacheReadUSD + before.cacheWriteUSD
      return inputSide * Double(n) / Double(u.inputTokens)
    }
    var r = u
    var left = n
    func take(_ available: Int) -> Int {
      let t = min(left, max(0, available))
      left -= t
      return t
    }
    let order: [Int] = position == .prefix ? [0, 1, 2, 3] : [1, 2, 3, 0]
    for part in order {
      switch part {
      case 0: r.cacheReadTokens -= take(r.cacheReadTokens)
      case 1: _ = take(u.uncachedInputTokens)
      case 2: r.cacheWrite5mTokens -= take(r.cacheWrite5mTokens)
      default: r.cacheWrite1hTokens -= take(r.cacheWrite1hTokens)
      }
    }
    r.inputTokens -= n
    return max(0, before.totalUSD - costModel.cost(of: r, at: key).totalUSD)
  }

  /// Prices a set of per-call savings for one finding.
  ///
  /// - Parameters:
  ///   - changes: Each call with the dollars the change saves on it (clamped to its cost).
  ///   - tokens: Tokens saved, for the finding.
  ///   - lever: The lever.
  ///   - findingID: The finding.
  /// - Returns: Savings and effects whose factors give back exactly those savings.
  func price(_ changes: [(CallRef, Double)], tokens: Int, lever: String, findingID: String) -> PricedChange {
    var p = PricedChange()
    p.tokensSaved = tokens
    for (ref, saving) in changes {
      let cost = costUSD(ref)
      guard cost > 0, saving > 0 else { continue }
      let s = min(saving, cost)
      let effect = CallEffect(callIndex: ref.index, lever: lever, findingID: findingID, costFactor: 1 - s / cost)
      p.savingsUSD += cost * (1 - effect.costFactor)
      p.calls += 1
      p.effects.append(effect)
    }
    return p
  }
}
