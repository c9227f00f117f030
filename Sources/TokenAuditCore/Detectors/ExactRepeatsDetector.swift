/// Flags identical effective requests sent again by the same agent: the response-cache lever.
///
/// Two calls are identical when their `requestHash` is equal: same model, system prompt, messages,
/// tools and parameters (request ids, timestamps and metadata are not part of it). Per agent, a
/// successful, untruncated call opens a cache window (`window_hours`, default 24); every identical
/// call inside it is an avoidable repeat (cost factor 0), and a call after it opens a new window.
/// A call re-sent within `retry_window_seconds` (default 120) of a failed or truncated attempt is
/// a retry, not a repeat: there was no answer to cache. Retries never count as repeats; their
/// waste (the failed attempts) is a reliability matter, reported by the `reliability` detector
/// (billed failures, truncation re-asks); with `report_retries` = 1 this detector also reports
/// it (kind `retries`, week 1). Findings are per agent, phase and stable prompt prefix (tools +
/// system prompt).
///
/// Ignores: calls that differ in anything but ids and timing (see `similar-calls` for near
/// duplicates), repeats across agents, and repeats outside the window.
///
/// A request seen again only after both windows passed since its last call starts afresh, as if
/// new (no response cache would still hold it); a call without a timestamp is taken to be at the
/// time of the latest call before it (calls arrive in time order, untimed ones last).
///
/// Bounded state: one entry (about 100 bytes and an evidence id) per distinct (agent, request)
/// still within a window, or part of a group (entries that can no longer repeat are dropped, so
/// memory follows the traffic of one window, not the length of the log), up to `max_tracked`
/// (default 1,000,000 at a time; further distinct requests are not tracked); member lists
/// only for requests seen twice or more, each capped at `max_members` (default 10,000) ids; at
/// most `max_groups` (default 500) groups are reported, by avoidable cost.
public struct ExactRepeatsDetector: Detector {
  public static let id = "exact-repeats"
  public static let summary =
    "Identical requests re-sent within a day (response cache) and blind retries after failures."

  struct Key: Hashable {
    var agent: String
    var request: UInt64
  }

  struct Entry {
    var firstEvidence: String
    var cachedAtMS: Int64?
    var cached = false
    var cachedResponse: UInt64 = 0
    var lastMS: Int64?
    var lastIndex: Int32
    var lastUnusable: Bool
    var lastTruncated = false
    var lastUsage: TokenUsage
    var group: Int32 = -1
  }

  struct Group {
    var agent: String
    var phase: String
    var model: String
    var provider: String
    var batch: Bool
    var service: ServiceTier
    var prefix: UInt64
    var excerpt: String
    var members: [String] = []
    var memberCount = 0
    var avoidable: [Int32] = []
    var avoidableUsage = TokenUsage()
    var retried: [Int32] = []
    var retriedUsage = TokenUsage()
    var truncatedRetries = 0
    var compared = 0
    var differing = 0
    var perCall: TokenUsage
  }

  typealias Priced = (group: Group, avoidableUSD: Double, retriedUSD: Double)

  struct PhaseKey: Hashable {
    var agent: String
    var phase: String
    var prefix: UInt64
  }

  let windowMS: Int64
  let retryWindowMS: Int64
  let maxTracked: Int
  let maxMembers: Int
  let maxGroups: Int
  let reportRetries: Bool
  var entries: [Key: Entry] = [:]
  var groups: [Group] = []
  var callsByPhase: [PhaseKey: Int] = [:]
  var index: Int32 = 0
  /// The latest timestamp observed (see the type's comment).
  var latestMS: Int64?
  /// Each timed touch of an entry, oldest first from `expiryHead`: entries whose last touch falls
  /// out of both windows are dropped in time order (an entry touched again since, or grouped, stays).
  var expiry: [(key: Key, lastMS: Int64)] = []
  var expiryHead = 0

  public init(configuration: AuditConfiguration) {
    let c = configuration
    windowMS = Int64(c.number(Self.id, "window_hours", default: 24) * 3_600_000)
    retryWindowMS = Int64(c.number(Self.id, "retry_window_seconds", default: 120) * 1000)
    maxTracked = c.count(Self.id, "max_tracked", default: 1_000_000)
    maxMembers = c.count(Self.id, "max_members", default: 10_000, minimum: 2)
    maxGroups = c.count(Self.id, "max_groups", default: 500)
    reportRetries = c.number(Self.id, "report_retries", default: 0) >= 1
  }

  public mutating func observe(_ call: CallFacts) {
    let i = index
    index += 1
    let prefix = CachingSupport.prefixKey(call)
    callsByPhase[PhaseKey(agent: call.agent, phase: call.phase, prefix: prefix), default: 0] += 1
    if let t = call.timestampMS, latestMS.map({ t > $0 }) ?? true {
      latestMS = t
      expire(now: t)
    }
    let key = Key(agent: call.agent, request: call.requestHash)
    let unusable = call.isFailure || call.isTruncated
    guard var e = entries[key] else {
      guard entries.count < maxTracked else { return }
      var e = Entry(
        firstEvidence: CachingSupport.evidence(call), lastMS: call.timestampMS, lastIndex: i, lastUnusable: unusable,
        lastTruncated: call.isTruncated && !call.isFailure, lastUsage: call.usage)
      if !unusable { open(&e, call) }
      entries[key] = e
      if let t = call.timestampMS { expiry.append((key, t)) }
      return
    }
    if e.group < 0 {
      e.group = Int32(groups.count)
      var g = Group(
        agent: call.agent, phase: call.phase, model: call.model, provider: call.provider, batch: call.isBatch,
        service: call.serviceTier, prefix: prefix, excerpt: Redactor.excerpt(call.latestUserText, limit: 60),
        perCall: call.usage)
      g.members.append(e.firstEvidence)
      g.memberCount = 1
      groups.append(g)
    }
    // Mutate the group in place: a copy would copy its member lists on every repeat.
    let gi = Int(e.group)
    groups[gi].memberCount += 1
    if groups[gi].members.count < maxMembers { groups[gi].members.append(CachingSupport.evidence(call)) }
    let t = call.timestampMS ?? latestMS
    if e.cached && within(e.cachedAtMS, t, windowMS) {
      groups[gi].avoidable.append(i)
      groups[gi].avoidableUsage += call.usage
      if e.cachedResponse != 0 && call.responseHash != 0 {
        groups[gi].compared += 1
        if call.responseHash != e.cachedResponse { groups[gi].differing += 1 }
      }
    } else {
      if e.lastUnusable && within(e.lastMS, t, retryWindowMS) {
        groups[gi].retried.append(e.lastIndex)
        groups[gi].retriedUsage += e.lastUsage
        if e.lastTruncated { groups[gi].truncatedRetries += 1 }
      }
      e.cached = false
      if !unusable { open(&e, call) }
    }
    e.lastMS = call.timestampMS
    e.lastIndex = i
    e.lastUnusable = unusable
    e.lastTruncated = call.isTruncated && !call.isFailure
    e.lastUsage = call.usage
    entries[key] = e
    if let t = call.timestampMS { expiry.append((key, t)) }
  }

  /// Drops the entries that can no longer matter: no group, and last called further back than
  /// both windows from `now` (later calls are later still).
  private mutating func expire(now: Int64) {
    let horizon = max(windowMS, retryWindowMS)
    while expiryHead < expiry.count, now - expiry[expiryHead].lastMS > horizon {
      let (key, last) = expiry[expiryHead]
      expiryHead += 1
      if let e = entries[key], e.group < 0, e.lastMS == last { entries[key] = nil }
    }
    if expiryHead >= 4_096 && expiryHead * 2 >= expiry.count {
      expiry.removeFirst(expiryHead)
      expiryHead = 0
    }
  }

  private func open(_ e: inout Entry, _ call: CallFacts) {
    e.cached = true
    e.cachedAtMS = call.timestampMS
    e.cachedResponse = call.responseHash
  }

  /// Whether `t` falls within `limit` after `start` (true when either time is unknown).
  private func within(_ start: Int64?, _ t: Int64?, _ limit: Int64) -> Bool {
    guard let start, let t else { return true }
    return t - start <= limit
  }

  public func finish(_ context: DetectorContext) -> DetectorOutput {
    var out = DetectorOutput()
    var priced: [Priced] = []
    for g in groups where !g.avoidable.isEmpty || !g.retried.isEmpty {
      func usd(_ u: TokenUsage) -> Double {
        CachingSupport.cost(
          u, model: g.model, provider: g.provider, batch: g.batch, service: g.service, perCall: g.perCall, context) ?? 0
      }
      priced.append((g, usd(g.avoidableUsage), usd(g.retriedUsage)))
    }
    priced.sort { ($0.avoidableUSD, $1.group.members.first ?? "") > ($1.avoidableUSD, $0.group.members.first ?? "") }
    for p in priced.prefix(maxGroups) where !p.group.avoidable.isEmpty {
      let g = p.group
      out.repeatGroups.append(
        RepeatGroup(
          kind: "exact", agent: g.agent, phase: g.phase, calls: g.memberCount, requestIds: g.members,
          avoidableCostUSD: p.avoidableUSD, excerpts: g.excerpt.isEmpty ? [] : [g.excerpt], similarity: 1,
          answersAgree: g.compared > 0 ? g.differing == 0 : nil))
    }
    var byPhase: [PhaseKey: [Priced]] = [:]
    for p in priced {
      byPhase[PhaseKey(agent: p.group.agent, phase: p.group.phase, prefix: p.group.prefix), default: []].append(p)
    }
    let keys = byPhase.keys.sorted { ($0.agent, $0.phase, $0.prefix) < ($1.agent, $1.phase, $1.prefix) }
    for key in keys {
      let list = byPhase[key] ?? []
      let calls = callsByPhase[key] ?? 0
      if let f = repeatFinding(key, list, calls: calls, context) {
        out.findings.append(f)
        for p in list {
          out.effects += p.group.avoidable.map {
            CallEffect(callIndex: Int($0), lever: "caching", findingID: f.id, costFactor: 0)
          }
        }
      }
      if reportRetries, let f = retryFinding(key, list, calls: calls, context) {
        out.findings.append(f)
        for p in list {
          out.effects += p.group.retried.map {
            CallEffect(callIndex: Int($0), lever: "reliability", findingID: f.id, costFactor: 0)
          }
        }
      }
    }
    return out
  }
}
