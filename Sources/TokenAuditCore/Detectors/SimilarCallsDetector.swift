import Foundation

/// Flags near-duplicate requests a semantic cache could answer, and measures from the logged
/// answers how safe that cache would be.
///
/// Candidates are found with MinHash + LSH banding (`SimilarityIndex`), never all pairs, within the
/// same agent and the same context (`contextHash`: model, tools, system prompt, earlier messages,
/// parameters); each candidate is verified with `SimilarityScorer`. Calls whose entities differ (an
/// order id, a name, a date, an amount, a URL, a quoted string), negated calls and calls on
/// opposite sides of a meaning flip (enable/disable) are never grouped: same wording with other
/// values is reported as a template (a prompt-caching signal). A call joins the group of the best
/// earlier leader scoring at least `threshold` (default 0.8) within `window_hours` (default 24)
/// and is then avoidable (cost factor 0); leaders are the calls that matched none. Identical
/// requests and failed calls are left to `exact-repeats`.
///
/// Only calls whose latest user message is their last message are considered (a question awaiting
/// its answer); steps of tool loops, whose answers depend on the tool results sent after it, are not.
///
/// For thresholds 0.6, 0.7, 0.8 and 0.9 it reports the share of calls a semantic cache would serve
/// and, where both answers are logged, the share whose answers agree (`cache-safety` section).
///
/// Bounded state: one item per distinct normalised text per context (signature, answer sketch and,
/// for leaders, the first 120 characters of the text, redacted when shown: under 1 kB) among the
/// calls of the last `window_hours` (older items can match nothing more and are dropped, so memory
/// follows the traffic of one window, not the length of the log), at most `max_items` (default
/// 100,000) at a time (further texts are compared but not added); LSH buckets yield their 32 newest
/// ids (8 bytes per item and band, dropped with their items); a
/// set of seen request hashes (at most `max_items` × 4); at most `max_templates` (default 10,000)
/// templates with 8 distinct values and 5 evidence ids each; group member lists capped at
/// `max_members` (default 10,000); a memo of recent user texts' and answers' signatures, two
/// generations of at most `preparedCapacity` (8,192) each (agent loops re-send the same task many
/// times); a cache of per-word lexicon results (at most
/// `WordCache.capacity` words per table).
public struct SimilarCallsDetector: Detector {
  public static let id = "similar-calls"
  public static let summary = "Near-duplicate requests (paraphrases) a semantic cache could answer, with its safety."
  /// Default similarity threshold for grouping.
  public static let defaultThreshold = 0.8
  /// Thresholds of the cache-safety table.
  public static let thresholds = [0.6, 0.7, 0.8, 0.9]

  struct Item {
    var signature: TextSignature
    var timestampMS: Int64?
    var response: ResponseSignature?
    var leader: Bool
    var group: Int32 = -1
    var excerpt: String
    var evidence: String
    var call: CallInfo
  }

  /// What a group needs of its leader call.
  struct CallInfo {
    var agent: String
    var phase: String
    var model: String
    var provider: String
    var batch: Bool
    var service: ServiceTier
    var prefix: UInt64
    var usage: TokenUsage
  }

  struct Group {
    var leader: Int32
    var call: CallInfo
    var members: [String]
    var memberCount = 1
    var avoidable: [Int32] = []
    var avoidableUsage = TokenUsage()
    var minScore = 1.0
    var compared = 0
    var agreeing = 0
    var excerpts: [String] = []
  }

  struct Template {
    var call: CallInfo
    var calls = 0
    var values: [UInt64] = []
    var slots: [EntityKind]
    var masked: String
    var firstSlotShareSum = 0.0
    var evidence: [String] = []
  }

  struct PhaseKey: Hashable {
    var agent: String
    var phase: String
    var prefix: UInt64
  }

  let threshold: Double
  let windowMS: Int64
  let maxItems: Int
  let maxTemplates: Int
  let maxMembers: Int
  let maxGroups: Int
  let maxTextChars: Int
  let builder = SignatureBuilder()
  /// The live items (ids `itemBase` and up); older ones were dropped once out of the window.
  var items: [Item] = []
  /// Id of `items[0]`.
  var itemBase = 0
  /// Id of the oldest item still within the window of the latest call seen (ids below it are
  /// expired: never matched, and dropped in bulk by `compact`).
  var firstLive = 0
  /// The latest timestamp observed: the time of the call being observed, or of the last timed
  /// call before it for a call without one (calls arrive in time order, untimed ones last).
  var latestMS: Int64?
  /// Expired items dropped at once, at least (tests lower it to compact often).
  var compactAfter = 4_096
  var index = SimilarityIndex()
  var exactItems: [UInt64: Int32] = [:]
  var seenRequests = Set<UInt64>()
  var groups: [Group] = []
  var templates: [UInt64: Template] = [:]
  var callsByPhase: [PhaseKey: Int] = [:]
  var eligible = 0
  var exactRepeats = 0
  var served = [0, 0, 0, 0]
  var servedWithAnswers = [0, 0, 0, 0]
  var servedAgreeing = [0, 0, 0, 0]
  var next: Int32 = 0
  var memo: [UInt64: (signature: TextSignature, masked: String)] = [:]
  /// The memo's previous generation: `prepare` retires a full memo here (dropping the one before),
  /// so texts re-sent across the turnover are still found.
  var olderMemo: [UInt64: (signature: TextSignature, masked: String)] = [:]
  /// Whether `prepare` filled `memo` with every eligible text of the chunk being observed (then
  /// `observe` never empties it).
  var prepared = false
  /// Per-word lexicon results for signatures built in `observe` (bounded by `WordCache.capacity`).
  var wordCache = WordCache()
  /// Per-word lexicon results for `prepare`'s threads, kept across chunks.
  let prepareCaches = WordCachePool()
  /// Answer signatures built by `prepare`, by `ResponseSignature.key`.
  var answers: [UInt64: ResponseSignature] = [:]
  /// The previous generation of `answers`.
  var olderAnswers: [UInt64: ResponseSignature] = [:]

  /// Signatures per memo generation (texts and answers each): `prepare` keeps at most two
  /// generations between chunks. Signatures of long texts take kilobytes, and items hold theirs
  /// only while in the window: a larger memo would keep expired ones alive.
  static let preparedCapacity = 8_192

  /// Builds the signatures of every distinct eligible text and answer of a chunk on all cores: the
  /// ordered pass then only looks them up. Memory: at most `preparedCapacity` signatures kept from
  /// earlier chunks plus one per distinct latest-user text and logged answer of the chunk.
  public mutating func prepare(_ facts: [CallFacts], workers: Int) {
    if memo.count >= Self.preparedCapacity {
      olderMemo = memo
      memo = [:]
    }
    if answers.count >= Self.preparedCapacity {
      olderAnswers = answers
      answers = [:]
    }
    var seen = Set<UInt64>()
    var texts: [(UInt64, String)] = []
    var seenAnswers = Set<UInt64>()
    var answerTexts: [(key: UInt64, hash: UInt64, excerpt: String)] = []
    // By index: iterating the calls would copy each one.
    for i in facts.indices where eligible(facts[i]) {
      let key = ContentHasher.hash(facts[i].latestUserText)
      if memo[key] == nil, seen.insert(key).inserted {
        if let old = olderMemo[key] { memo[key] = old } else { texts.append((key, facts[i].latestUserText)) }
      }
      if facts[i].responseHash != 0 {
        let answerKey = ResponseSignature.key(facts[i])
        if answers[answerKey] == nil, seenAnswers.insert(answerKey).inserted {
          if let old = olderAnswers[answerKey] {
            answers[answerKey] = old
          } else {
            answerTexts.append((answerKey, facts[i].responseHash, facts[i].responseExcerpt))
          }
        }
      }
    }
    prepared = true
    guard !texts.isEmpty || !answerTexts.isEmpty else { return }
    let all = texts
    let allAnswers = answerTexts
    let chunks = max(1, min(workers * 4, all.count))
    let box = SignatureBox(count: chunks)
    let lexicon = builder.lexicon
    let pool = prepareCaches
    DispatchQueue.concurrentPerform(iterations: chunks) { c in
      let local = SignatureBuilder(lexicon: lexicon)
      var cache = pool.take()
      defer { pool.put(cache) }
      var out: [(UInt64, (signature: TextSignature, masked: String))] = []
      var i = c
      while i < all.count {
        let (sig, ext) = local.signature(all[i].1, cache: &cache)
        out.append((all[i].0, (sig, sig.slotKinds.isEmpty ? "" : Redactor.excerpt(ext.masked, limit: 90))))
        i += chunks
      }
      var answersOut: [(UInt64, ResponseSignature)] = []
      i = c
      while i < allAnswers.count {
        let a = allAnswers[i]
        if let r = ResponseSignature.of(hash: a.hash, excerpt: a.excerpt) { answersOut.append((a.key, r)) }
        i += chunks
      }
      box.put(c, out, answersOut)
    }
    memo.reserveCapacity(all.count)
    answers.reserveCapacity(allAnswers.count)
    // About one bucket per band of each distinct text: growing the table call by call costs more.
    let bands = SimilarityIndex.featureBands + SimilarityIndex.trigramBands + 1
    index.reserveCapacity(min(all.count, maxItems) * bands)
    for part in box.parts { for (k, v) in part { memo[k] = v } }
    for part in box.answerParts { for (k, v) in part { answers[k] = v } }
  }

  public init(configuration: AuditConfiguration) {
    let c = configuration
    threshold = max(0.5, c.share(Self.id, "threshold", default: Self.defaultThreshold))
    windowMS = Int64(c.number(Self.id, "window_hours", default: 24) * 3_600_000)
    maxItems = c.count(Self.id, "max_items", default: 100_000)
    maxTemplates = c.count(Self.id, "max_templates", default: 10_000)
    maxMembers = c.count(Self.id, "max_members", default: 10_000, minimum: 2)
    maxGroups = c.count(Self.id, "max_groups", default: 500)
    maxTextChars = c.count(Self.id, "max_text_chars", default: 600)
  }

  public mutating func observe(_ call: CallFacts) {
    let i = next
    next += 1
    if let t = call.timestampMS, latestMS.map({ t > $0 }) ?? true {
      latestMS = t
      expire()
    }
    guard eligible(call) else { return }
    eligible += 1
    let info = CallInfo(
      agent: call.agent, phase: call.phase, model: call.model, provider: call.provider, batch: call.isBatch,
      service: call.serviceTier, prefix: CachingSupport.prefixKey(call), usage: call.usage)
    callsByPhase[PhaseKey(agent: info.agent, phase: info.phase, prefix: info.prefix), default: 0] += 1
    var rk = ContentHasher()
    rk.combine(call.agent)
    rk.combine(call.requestHash)
    if seenRequests.contains(rk.value) {
      exactRepeats += 1
      return
    }
    if seenRequests.count < maxItems * 4 { seenRequests.insert(rk.value) }

    let textKey = ContentHasher.hash(call.latestUserText)
    let memoised: (signature: TextSignature, masked: String)
    if let m = memo[textKey] {
      memoised = m
    } else {
      let (sig, ext) = builder.signature(call.latestUserText, cache: &wordCache)
      memoised = (sig, sig.slotKinds.isEmpty ? "" : Redactor.excerpt(ext.masked, limit: 90))
      if memo.count >= 4_096 && !prepared { memo.removeAll(keepingCapacity: true) }
      memo[textKey] = memoised
    }
    let sig = memoised.signature
    var ctx = ContentHasher()
    ctx.combine(call.agent)
    ctx.combine(call.contextHash)
    let block = SimilarityIndex.block(context: ctx.value, sig)
    if !sig.slotKinds.isEmpty { noteTemplate(ctx.value, sig, memoised.masked, info, call) }
    let response =
      call.responseHash == 0 ? nil : answers[ResponseSignature.key(call)] ?? ResponseSignature.of(call)

    let keys = SimilarityIndex.bandKeys(sig, block: block)
    var best: (score: Double, item: Int32)?
    var bestLeader: (score: Double, item: Int32)?
    for c in index.candidates(keys: keys) where c >= firstLive {
      let k = Int(c) - itemBase
      guard within(items[k].timestampMS, call.timestampMS ?? latestMS),
        let s = SimilarityScorer.score(items[k].signature, sig, minimum: Self.thresholds[0]), s >= Self.thresholds[0]
      else { continue }
      if best.map({ s > $0.score }) ?? true { best = (s, c) }
      if items[k].leader, bestLeader.map({ s > $0.score }) ?? true { bestLeader = (s, c) }
    }
    if let best { tally(best.score, items[Int(best.item) - itemBase].response, response) }

    let exactKey = block ^ sig.exactKey
    if let leader = bestLeader, leader.score >= threshold {
      join(leader.item, score: leader.score, index: i, call: call, response: response)
    } else {
      // A new leader; an expired or weaker item with the same text steps down.
      if let old = exactItems[exactKey], old >= firstLive { items[Int(old) - itemBase].leader = false }
      addItem(sig, keys: keys, key: exactKey, leader: true, call: call, info: info, response: response)
      return
    }
    if exactItems[exactKey].map({ $0 < firstLive }) ?? true {
      addItem(sig, keys: keys, key: exactKey, leader: false, call: call, info: info, response: response)
    }
  }

  /// Questions a semantic cache could answer: the latest user message ends the conversation, the
  /// call succeeded, and the message is short enough to be a question rather than a document
  /// (`max_text_chars`, default 600; longer texts are left to the exact-repeat detector).
  private func eligible(_ call: CallFacts) -> Bool {
    !call.latestUserText.isEmpty && call.latestUserIsLast && !call.isFailure
      && max(call.latestUserBytes, call.latestUserText.utf8.count) <= maxTextChars
  }

  private func within(_ start: Int64?, _ t: Int64?) -> Bool {
    guard let start, let t else { return true }
    return t - start <= windowMS
  }

  /// Moves `firstLive` past the items that fell out of the window of `latestMS`, and drops them
  /// (items, index nodes, exact-text entries) once they are half of what is stored: memory follows
  /// the calls of one window, not the length of the log. Items without a timestamp never expire.
  private mutating func expire() {
    guard let latestMS else { return }
    while firstLive - itemBase < items.count, let t = items[firstLive - itemBase].timestampMS,
      latestMS - t > windowMS
    {
      firstLive += 1
    }
    let dead = firstLive - itemBase
    guard dead >= compactAfter, dead * 2 >= items.count else { return }
    items.removeFirst(dead)
    itemBase = firstLive
    index.removeItems(below: Int32(firstLive))
    let cut = Int32(firstLive)
    exactItems = exactItems.filter { $0.value >= cut }
  }

  private mutating func tally(_ score: Double, _ earlier: ResponseSignature?, _ now: ResponseSignature?) {
    for (k, t) in Self.thresholds.enumerated() where score >= t {
      served[k] += 1
      if let earlier, let now {
        servedWithAnswers[k] += 1
        if earlier.agrees(with: now) { servedAgreeing[k] += 1 }
      }
    }
  }

  private mutating func addItem(
    _ sig: TextSignature, keys: [UInt64], key: UInt64, leader: Bool, call: CallFacts, info: CallInfo,
    response: ResponseSignature?
  ) {
    guard items.count - (firstLive - itemBase) < maxItems, itemBase + items.count < Int32.max else { return }
    let id = Int32(itemBase + items.count)
    items.append(
      Item(
        signature: sig, timestampMS: call.timestampMS, response: response, leader: leader,
        excerpt: leader ? Redactor.wordPrefix(call.latestUserText, 120) : "",
        evidence: CachingSupport.evidence(call), call: info))
    exactItems[key] = id
    index.insert(id, keys: keys)
  }

  private mutating func join(
    _ leader: Int32, score: Double, index i: Int32, call: CallFacts, response: ResponseSignature?
  ) {
    let li = Int(leader) - itemBase
    if items[li].group < 0 {
      items[li].group = Int32(groups.count)
      groups.append(Group(leader: leader, call: items[li].call, members: [items[li].evidence]))
    }
    // Mutate the group in place: a copy would copy its member lists on every join.
    let gi = Int(items[li].group)
    groups[gi].memberCount += 1
    if groups[gi].members.count < maxMembers { groups[gi].members.append(CachingSupport.evidence(call)) }
    groups[gi].avoidable.append(i)
    groups[gi].avoidableUsage += call.usage
    groups[gi].minScore = min(groups[gi].minScore, score)
    if let a = items[li].response, let b = response {
      groups[gi].compared += 1
      if a.agrees(with: b) { groups[gi].agreeing += 1 }
    }
    if groups[gi].excerpts.count < 3 {
      let (a, b) = ExcerptDiff.differing(items[li].excerpt, Redactor.wordPrefix(call.latestUserText, 120))
      if groups[gi].excerpts.isEmpty { groups[gi].excerpts.append(a) }
      if !groups[gi].excerpts.contains(b) { groups[gi].excerpts.append(b) }
    }
  }

  private mutating func noteTemplate(
    _ context: UInt64, _ sig: TextSignature, _ masked: String, _ info: CallInfo, _ call: CallFacts
  ) {
    let key = context ^ sig.skeletonKey
    if templates[key] == nil {
      guard templates.count < maxTemplates else { return }
      templates[key] = Template(call: info, slots: sig.slotKinds, masked: masked)
    }
    let evidence = CachingSupport.evidence(call)
    Self.count(&templates[key, default: Template(call: info, slots: [], masked: "")], sig, evidence)
  }

  private static func count(_ t: inout Template, _ sig: TextSignature, _ evidence: String) {
    t.calls += 1
    if t.values.count < 8 && !t.values.contains(sig.entityKey) { t.values.append(sig.entityKey) }
    t.firstSlotShareSum += sig.firstEntityShare ?? 0
    if t.evidence.count < 5 { t.evidence.append(evidence) }
  }
}

/// Word caches lent to `prepare`'s threads (one per thread at a time), so each keeps its words
/// from one chunk of calls to the next.
final class WordCachePool: @unchecked Sendable {
  private let lock = NSLock()
  private var caches: [WordCache] = []

  /// A cache no other thread holds.
  func take() -> WordCache {
    lock.lock()
    defer { lock.unlock() }
    return caches.popLast() ?? WordCache()
  }

  /// Gives a cache back.
  func put(_ cache: WordCache) {
    lock.lock()
    caches.append(cache)
    lock.unlock()
  }
}

/// Per-chunk results of `prepare`, filled from several threads (each chunk by one thread).
final class SignatureBox: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var parts: [[(UInt64, (signature: TextSignature, masked: String))]]
  private(set) var answerParts: [[(UInt64, ResponseSignature)]]
  init(count: Int) {
    parts = Array(repeating: [], count: count)
    answerParts = Array(repeating: [], count: count)
  }
  func put(
    _ i: Int, _ part: [(UInt64, (signature: TextSignature, masked: String))], _ answers: [(UInt64, ResponseSignature)]
  ) {
    lock.lock()
    parts[i] = part
    answerParts[i] = answers
    lock.unlock()
  }
}
