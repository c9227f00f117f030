/// Replays a provider's prompt-cache rules on a real sequence of calls: which prefix tokens each
/// call would have read from the cache and which it would have written.
///
/// A call is given as its prefix chain: cumulative hashes and billed-token counts at each boundary
/// (`[…, tools + system, + message 1, …, + last message]`), with `systemIndex` pointing at the
/// tools + system boundary (earlier entries are partial prefixes, e.g. the system prompt up to a
/// changing date). Rules:
/// - A prefix shorter than `minimumTokens` is never cached.
/// - Automatic caching (OpenAI, Gemini, DeepSeek): every boundary of every call is cached; a call
///   reads its deepest cached boundary, rounded down to `minimumTokens + k × incrementTokens`
///   (OpenAI's 128-token steps). Writes cost nothing extra (they are billed as input).
/// - Explicit breakpoints (Anthropic): only prefixes at the plan's breakpoints are written — after
///   tools + system, before the latest message (`history`), at the last message (`conversation`).
///   A call reads the deepest boundary that an earlier call wrote; it writes the tokens from there
///   to its deepest cacheable breakpoint (billed at the write premium by the caller).
/// - An entry lives `ttlMS` after its last write or hit (hits refresh it).
///
/// Bounded: entries older than the lifetime are purged every 4,096 calls, and at most
/// `maxEntries` (default 200,000) live entries are kept.
struct PromptCacheSimulator: Sendable {
  /// Where explicit breakpoints go.
  struct Breakpoints: OptionSet, Hashable, Sendable {
    let rawValue: UInt8
    /// After the tool definitions and the system prompt.
    static let system = Breakpoints(rawValue: 1)
    /// Before the last message (the conversation so far, without the new turn).
    static let history = Breakpoints(rawValue: 2)
    /// At the last message (the whole prompt, read by the next turn).
    static let conversation = Breakpoints(rawValue: 4)
  }

  /// How the provider caches.
  enum Mode: Hashable, Sendable {
    case automatic
    case explicit(Breakpoints)
  }

  /// What one call reads and writes.
  struct Outcome: Hashable, Sendable {
    var readTokens = 0
    var writeTokens = 0
  }

  let mode: Mode
  let minimumTokens: Int
  let incrementTokens: Int
  let ttlMS: Int64
  let maxEntries: Int
  private(set) var entries: [UInt64: Int64] = [:]
  private var steps = 0
  private var lastMS: Int64 = 0

  /// Creates a simulator.
  init(mode: Mode, minimumTokens: Int, incrementTokens: Int, ttlSeconds: Int, maxEntries: Int = 200_000) {
    self.mode = mode
    self.minimumTokens = max(1, minimumTokens)
    self.incrementTokens = max(1, incrementTokens)
    self.ttlMS = Int64(max(1, ttlSeconds)) * 1000
    self.maxEntries = maxEntries
  }

  /// Replays one call.
  ///
  /// - Parameters:
  ///   - chain: Cumulative prefix hashes.
  ///   - tokens: Billed tokens at each boundary (non-decreasing).
  ///   - systemIndex: Index of the tools + system boundary in `chain`.
  ///   - timeMS: When the call was made (nil: no time passes).
  /// - Returns: Tokens read from and written to the cache.
  mutating func step(chain: [UInt64], tokens: [Int], systemIndex: Int, timeMS: Int64?) -> Outcome {
    let now = max(lastMS, timeMS ?? lastMS)
    lastMS = now
    steps += 1
    if steps % 4096 == 0 { purge(now) }
    guard !chain.isEmpty, chain.count == tokens.count else { return Outcome() }
    func live(_ d: Int) -> Bool {
      guard let t = entries[chain[d]] else { return false }
      return now - t <= ttlMS
    }
    var out = Outcome()
    switch mode {
    case .automatic:
      var hit: Int?
      for d in chain.indices.reversed() where tokens[d] >= minimumTokens && live(d) {
        hit = d
        break
      }
      if let h = hit { out.readTokens = rounded(tokens[h]) }
      for d in chain.indices where tokens[d] >= minimumTokens { store(chain[d], now) }
    case .explicit(let plan):
      let last = chain.count - 1
      var points: [Int] = []
      if plan.contains(.system) && systemIndex >= 0 && systemIndex <= last { points.append(systemIndex) }
      if plan.contains(.history) && last - 1 > systemIndex { points.append(last - 1) }
      if plan.contains(.conversation) && last > systemIndex { points.append(last) }
      points = points.filter { tokens[$0] >= minimumTokens }
      guard let deepest = points.max() else { return out }
      var hit: Int?
      for d in (0...deepest).reversed() where live(d) {
        hit = d
        break
      }
      if let h = hit {
        out.readTokens = tokens[h]
        store(chain[h], now)
      }
      let from = hit.map { tokens[$0] } ?? 0
      if tokens[deepest] > from { out.writeTokens = tokens[deepest] - from }
      for p in points { store(chain[p], now) }
    }
    return out
  }

  /// OpenAI-style rounding: the minimum plus whole increments.
  func rounded(_ n: Int) -> Int {
    guard n >= minimumTokens else { return 0 }
    return minimumTokens + (n - minimumTokens) / incrementTokens * incrementTokens
  }

  private mutating func store(_ key: UInt64, _ now: Int64) {
    if entries[key] == nil && entries.count >= maxEntries {
      purge(now)
      if entries.count >= maxEntries { return }
    }
    entries[key] = now
  }

  private mutating func purge(_ now: Int64) {
    entries = entries.filter { now - $0.value <= ttlMS }
  }
}
