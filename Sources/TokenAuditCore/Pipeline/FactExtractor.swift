/// Turns a full `CallRecord` into the compact `CallFacts` the later stages keep.
///
/// Runs on the ingest threads (one extractor per thread): it hashes content, counts tokens of
/// the prompt's parts with the supplied counter, and estimates usage when the log has none.
public struct FactExtractor {
  /// Counts tokens of a text for a model (memoised by the caller).
  public typealias TokenCount = (_ text: String, _ model: String) -> Int
  /// Counts tokens of a text whose `ContentHash.hash` is given (so memo keys cost no extra pass).
  public typealias HashedTokenCount = (_ text: String, _ hash: UInt64, _ model: String) -> Int
  let countHashed: HashedTokenCount
  /// Memo of text measures (one extractor per ingest thread, so never shared).
  let memo = MeasureMemo()

  /// Creates an extractor.
  ///
  /// - Parameter countTokens: The token counter to use for anatomy and usage estimates.
  public init(countTokens: @escaping TokenCount) { self.countHashed = { text, _, model in countTokens(text, model) } }

  /// Creates an extractor around a counter that takes each text's `ContentHash.hash`.
  ///
  /// - Parameter countHashed: The token counter to use for anatomy and usage estimates.
  public init(countHashed: @escaping HashedTokenCount) { self.countHashed = countHashed }

  /// Tokens of `text` (0 when empty).
  func countTokens(_ text: String, _ model: String) -> Int {
    text.isEmpty ? 0 : countHashed(text, ContentHash.hash(text), model)
  }

  /// Tokens of `text` whose `ContentHash.hash` is `hash` (0 when empty).
  func countTokens(_ text: String, _ hash: UInt64, _ model: String) -> Int {
    text.isEmpty ? 0 : countHashed(text, hash, model)
  }

  /// A rough counter (4 characters a token) for tests that need no tokenizer.
  public static func roughCount(_ text: String, _ model: String) -> Int { (text.utf8.count + 3) / 4 }

  /// Per-message framing overhead in tokens (OpenAI chat format: 3 per message, 3 for the reply primer).
  static let perMessageTokens = 3

  /// Extracts the facts of one record.
  ///
  /// - Parameter r: The record.
  /// - Returns: Its facts.
  public func facts(of r: CallRecord) -> CallFacts {
    // Labels repeat on every call: each distinct one is stored once (facts of every call stay in memory).
    let model = memo.label(r.model ?? "unknown")
    var f = CallFacts(
      source: r.source, format: memo.label(r.format), timestampMS: r.timestampMS, requestID: r.requestID,
      dedupKey: r.dedupKey, traceID: r.traceID, agent: memo.label(r.agent ?? ""), agentInferred: r.agentInferred,
      phase: memo.label(r.phase ?? "-"),
      provider: memo.label(r.provider ?? ProviderGuess.fromModel(model) ?? "unknown"),
      model: model, status: r.status ?? (r.errorType == nil ? 200 : 500), errorType: r.errorType.map(memo.label),
      // Anthropic's usage says `service_tier: "batch"` for a call answered through the batch API.
      latencyMS: r.latencyMS, isBatch: r.isBatch || r.serviceTier == "batch", streamed: r.streamed,
      finishReason: r.finishReason.map(memo.label),
      maxOutputTokens: r.maxOutputTokens,
      usage: r.usage ?? TokenUsage(), usageSource: r.usage == nil ? .missing : r.usageSource,
      loggedCostUSD: r.loggedCostUSD)
    f.serviceTier = ServiceTier(logged: r.serviceTier)
    let modelKey = ContentHasher.hash(model)
    let system = r.system ?? ""
    let systemContentHash = system.isEmpty ? 0 : ContentHash.hash(system)
    // Agents resend the same system prompt and tools on every call: their `ContentHasher` hashes
    // are memoised by the faster `ContentHash` (and length) the token memo needs anyway.
    f.systemHash =
      system.isEmpty
      ? 0
      : memo.hasherHashes.value(MeasureMemo.key(systemContentHash, system.utf8.count, MeasureMemo.systemTag)) {
        ContentHasher.hash(system)
      }
    if f.agent.isEmpty {
      f.agent = memo.inferredAgents.value(f.systemHash) { Self.inferAgent(system: r.system) }
      f.agentInferred = true
    }
    var whitespace = WhitespaceTally()
    f.systemChars = system.utf8.count
    if !system.isEmpty {
      let scan = memo.volatileSystem.value(f.systemHash) { VolatileText.scan(system) }
      f.systemStableHash = scan.firstOffset == nil ? f.systemHash : scan.stableHash
      f.systemVolatileOffset = scan.firstOffset
    }
    f.usesCacheControl = r.systemCacheControl || r.messages.contains { $0.cacheControl }

    // Tools.
    if !r.tools.isEmpty {
      var key = ContentHasher()
      for t in r.tools {
        key.combine(ContentHash.hash(t.json))
        key.combine(UInt64(t.json.utf8.count))
      }
      f.toolsHash = memo.hasherHashes.value(MeasureMemo.key(key.value, r.tools.count, MeasureMemo.toolsTag)) {
        var toolsHasher = ContentHasher()
        for t in r.tools { toolsHasher.combine(t.json) }
        return toolsHasher.value
      }
    }
    var toolTokens = 0
    if !r.tools.isEmpty {
      // Agents send the same tool list with every call: its names and counts are memoised, and
      // the calls share one copy of the arrays.
      let key = f.toolsHash ^ modelKey
      if let known = memo.tools[key] {
        (f.toolNames, f.toolDefinitionTokens) = known
        memo.answeredLookups += known.names.count
      } else {
        for t in r.tools {
          f.toolNames.append(t.name)
          f.toolDefinitionTokens.append(countTokens(t.json, model))
        }
        memo.tools.store(key, (f.toolNames, f.toolDefinitionTokens))
      }
      toolTokens = f.toolDefinitionTokens.reduce(0, +)
    }

    // Prefix chain: tools + system, then each message.
    var prefix = ContentHasher()
    prefix.combine(f.toolsHash)
    prefix.combine(f.systemHash)
    let systemTokens = system.isEmpty ? 0 : countTokens(system, systemContentHash, model) + Self.perMessageTokens
    if !system.isEmpty {
      measureWhitespace(system, hash: systemContentHash, modelKey: modelKey, model, into: &whitespace)
    }
    var running = toolTokens + systemTokens
    f.prefixHashes.append(prefix.value)
    f.prefixTokens.append(running)

    let lastUserIndex = r.messages.lastIndex { $0.role == .user && !$0.text.isEmpty }
    // Context: the request with the latest user message's first 1,000 characters left out.
    var context = ContentHasher()
    context.combine(model)
    context.combine(f.toolsHash)
    context.combine(f.systemHash)
    var anatomy = PromptAnatomy()
    anatomy.systemTokens = systemTokens
    anatomy.toolTokens = toolTokens
    var called = Set<String>()
    for (i, m) in r.messages.enumerated() {
      // Each text is hashed once (`ContentHash`); the chains, the token memo and the whitespace
      // memo all take that hash.
      let textHash = m.text.isEmpty ? 0 : ContentHash.hash(m.text)
      prefix.combine(UInt64(i))
      prefix.combine(m.role.rawValue)
      prefix.combine(textHash)
      context.combine(UInt64(i))
      context.combine(m.role.rawValue)
      if i == lastUserIndex {
        // All but the first 1,000 bytes (cut at a character boundary): the rest is in `latestUserText`.
        context.combine(0x6C61_7465_7374_3A00)
        m.text.withUTF8Bytes { u in
          var cut = min(1_000, u.count)
          while cut < u.count && u[cut] & 0xC0 == 0x80 { cut += 1 }
          context.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: u[cut...])))
        }
      } else {
        context.combine(textHash)
      }
      var resultTokens = 0
      for tr in m.toolResults {
        let h = tr.text.isEmpty ? 0 : ContentHash.hash(tr.text)
        prefix.combine(h)
        context.combine(h)
        guard !tr.text.isEmpty else { continue }
        resultTokens += countTokens(tr.text, h, model)
        measureWhitespace(tr.text, hash: h, modelKey: modelKey, model, into: &whitespace)
      }
      var callTokens = 0
      for c in m.toolCalls {
        prefix.combine(c.name)
        prefix.combine(c.arguments)
        context.combine(c.name)
        context.combine(c.arguments)
        callTokens += countTokens(c.arguments, model) + 3
        called.insert(c.name)
      }
      var textTokens = 0
      if !m.text.isEmpty {
        textTokens = countTokens(m.text, textHash, model)
        measureWhitespace(m.text, hash: textHash, modelKey: modelKey, model, into: &whitespace)
      }
      let total = textTokens + resultTokens + callTokens + Self.perMessageTokens + m.mediaParts * 85
      if i == lastUserIndex {
        anatomy.latestUserTokens += textTokens + Self.perMessageTokens
        anatomy.toolResultTokens += resultTokens
        anatomy.historyTokens += callTokens + m.mediaParts * 85
      } else {
        anatomy.toolResultTokens += resultTokens
        anatomy.historyTokens += total - resultTokens
      }
      running += total
      f.prefixHashes.append(prefix.value)
      f.prefixTokens.append(running)
      if m.role == .user && !m.text.isEmpty { f.userTurns += 1 }
    }
    f.messageCount = r.messages.count
    if let li = lastUserIndex {
      // Questions (what a semantic cache serves) are kept whole up to 600 bytes; longer messages
      // are documents, of which an excerpt is enough (facts of every call stay in memory).
      let text = r.messages[li].text
      f.latestUserBytes = text.utf8.count
      f.latestUserText = text.utf8.count <= 600 ? text : Redactor.wordPrefix(text, 160)
    }
    f.latestUserIsLast = lastUserIndex != nil && lastUserIndex == r.messages.count - 1
    for c in r.responseToolCalls { called.insert(c.name) }
    f.calledTools = called.sorted()

    // The effective request: what a response cache would key on.
    var req = ContentHasher()
    req.combine(model)
    req.combine(prefix.value)
    req.combine(r.parameters ?? "")
    f.requestHash = req.value
    context.combine(r.parameters ?? "")
    f.contextHash = context.value

    let response = r.responseText ?? ""
    f.responseChars = response.utf8.count
    f.responseExcerpt = response.utf8.count <= 240 ? response : response.characterPrefix(240)
    if !response.isEmpty || !r.responseToolCalls.isEmpty {
      var rh = ContentHasher()
      rh.combine(response)
      for c in r.responseToolCalls {
        rh.combine(c.name)
        rh.combine(c.arguments)
      }
      f.responseHash = rh.value
    }

    // Usage: estimate when missing, then scale the anatomy to the billed input.
    let estimatedInput = anatomy.total + Self.perMessageTokens
    f.promptTokenEstimate = estimatedInput
    if r.usage == nil && (estimatedInput > Self.perMessageTokens || !response.isEmpty) && !f.isFailure {
      var out = response.isEmpty ? 0 : countTokens(response, model)
      for c in r.responseToolCalls { out += countTokens(c.arguments, model) + 3 }
      f.usage = TokenUsage(inputTokens: estimatedInput, outputTokens: out)
      f.usageSource = .estimated
    }
    f.anatomy = Self.scale(anatomy, to: f.usage.inputTokens)
    addMeasures(of: r, to: &f, estimatedInput: anatomy.total, whitespace: whitespace, modelKey: modelKey)
    return f
  }

  /// Scales the parts so they sum exactly to `target` (largest remainder goes to the largest part).
  /// A call whose prompt text was not logged has no parts: its input is counted as not logged,
  /// never guessed into one of them.
  static func scale(_ a: PromptAnatomy, to target: Int) -> PromptAnatomy {
    let total = a.total
    guard target > 0, total > 0 else { return PromptAnatomy() }
    let ratio = Double(target) / Double(total)
    var r = PromptAnatomy()
    r.systemTokens = Int(Double(a.systemTokens) * ratio)
    r.toolTokens = Int(Double(a.toolTokens) * ratio)
    r.historyTokens = Int(Double(a.historyTokens) * ratio)
    r.toolResultTokens = Int(Double(a.toolResultTokens) * ratio)
    r.latestUserTokens = Int(Double(a.latestUserTokens) * ratio)
    let rest = target - r.total
    let parts = [a.systemTokens, a.toolTokens, a.historyTokens, a.toolResultTokens, a.latestUserTokens]
    switch parts.indices.max(by: { parts[$0] < parts[$1] }) ?? 4 {
    case 0: r.systemTokens += rest
    case 1: r.toolTokens += rest
    case 2: r.historyTokens += rest
    case 3: r.toolResultTokens += rest
    default: r.latestUserTokens += rest
    }
    return r
  }

  /// A stable label for a call without an agent: a short fingerprint of its system prompt and
  /// its first words, e.g. `sys-3fa2 "You are a support…"`.
  ///
  /// - Parameter system: The system prompt.
  /// - Returns: The inferred label.
  public static func inferAgent(system: String?) -> String {
    guard let system, !system.isEmpty else { return "unlabelled" }
    let h = ContentHasher.hash(system)
    let hex = String(h >> 48, radix: 16)
    let padded = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    let words = system.split(whereSeparator: { $0.isWhitespace }).prefix(4).joined(separator: " ")
    let short = Redactor.redact(String(words.prefix(32)))
    return "sys-\(padded) \"\(short)…\""
  }
}
