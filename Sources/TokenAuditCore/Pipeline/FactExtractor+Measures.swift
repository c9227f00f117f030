/// Per-extractor (so per-thread) memo of measures that depend only on a repeated text.
final class MeasureMemo {
  /// Entries kept before the memo is cleared.
  static let capacity = 1_024
  /// System prompt (and model) hash → repeated-paragraph tokens (unscaled) and excerpt.
  var repeatedSystem = BoundedMemo<(tokens: Int, excerpt: String)>(capacity: capacity)
  /// Text hash → (whitespace tokens saved, of which in pretty-printed JSON): history is re-sent.
  var whitespace = BoundedMemo<(saved: Int, json: Int, lookups: Int)>(capacity: capacity * 16)
  /// System prompt hash → its scan for dates, times and ids (caching measures).
  var volatileSystem = BoundedMemo<VolatileText.Scan>(capacity: capacity)
  /// Token counts this memo answered without asking the counter (tool lists, whitespace): added to
  /// the counter's lookups and hits, so the statistics do not depend on which thread saw a text first.
  var answeredLookups = 0
  /// Labels (models, agents, phases…) by content hash, so that calls share one copy of each.
  var labels = BoundedMemo<String>(capacity: capacity)
  /// System prompt hash → the agent label inferred from it.
  var inferredAgents = BoundedMemo<String>(capacity: capacity)
  /// Tool list (and model) hash → tool names and their definitions' tokens.
  var tools = BoundedMemo<(names: [String], tokens: [Int])>(capacity: capacity)
  /// `ContentHasher` hashes of system prompts and tool lists, by `key` of their `ContentHash`.
  var hasherHashes = BoundedMemo<UInt64>(capacity: capacity * 4)

  /// Tags that keep the kinds of `hasherHashes` keys apart.
  static let systemTag: UInt64 = 0x7379_7374_656D_0001
  static let toolsTag: UInt64 = 0x746F_6F6C_7300_0002

  /// A memo key from a 64-bit content hash, the length (bytes or items) it covers and a tag.
  static func key(_ hash: UInt64, _ length: Int, _ tag: UInt64) -> UInt64 {
    var h = ContentHasher()
    h.combine(hash)
    h.combine(UInt64(length))
    h.combine(tag)
    return h.value
  }

  /// The stored copy of `text` (a label: short, repeated); small strings are inline and kept as they are.
  func label(_ text: String) -> String {
    guard text.utf8.count > 15 else { return text }
    let key = ContentHasher.hash(text)
    if let known = labels[key], known == text { return known }
    labels.store(key, text)
    return text
  }
}

/// Values by 64-bit key, emptied when `capacity` entries are reached, so a memo stays bounded
/// whatever the input (the values are recomputed after a reset, never wrong).
///
/// Keys are content hashes already, so they index a `HashTable64` (no `Hasher` rounds per
/// look-up) that points into an array of the values.
struct BoundedMemo<Value> {
  /// Entries kept before the memo is emptied.
  let capacity: Int
  private let index = HashTable64()
  private var values: [Value] = []

  /// Creates an empty memo.
  init(capacity: Int) { self.capacity = max(1, capacity) }

  /// The stored value of `key`, or nil.
  subscript(key: UInt64) -> Value? { index.value(key).map { values[Int($0)] } }

  /// Stores `value` for `key`, emptying the memo first when it is full.
  mutating func store(_ key: UInt64, _ value: Value) {
    if values.count >= capacity {
      index.removeAll()
      values.removeAll(keepingCapacity: true)
    }
    if let slot = index.value(key) {
      values[Int(slot)] = value
    } else {
      index.set(key, UInt64(values.count))
      values.append(value)
    }
  }

  /// The stored value of `key`, else `make()`, stored.
  mutating func value(_ key: UInt64, orMake make: () -> Value) -> Value {
    if let known = self[key] { return known }
    let v = make()
    store(key, v)
    return v
  }
}

/// Tokens that minifying JSON and collapsing whitespace would remove from a prompt's texts.
struct WhitespaceTally {
  /// All removable whitespace tokens.
  var saved = 0
  /// Of those, the ones in pretty-printed JSON.
  var json = 0
}

extension FactExtractor {
  /// Adds the whitespace tokens of one text whose `ContentHash.hash` is `hash` (memoised by that
  /// hash mixed with the model's, `modelKey`; the token count of the text reuses it too).
  func measureWhitespace(
    _ text: String, hash: UInt64, modelKey: UInt64, _ model: String, into tally: inout WhitespaceTally
  ) {
    guard text.utf8.count >= PromptMeasures.minimumExcessCharacters * 2 else { return }
    let key = hash ^ modelKey
    if let known = memo.whitespace[key] {
      tally.saved += known.saved
      tally.json += known.json
      memo.answeredLookups += known.lookups
      return
    }
    var entry = (saved: 0, json: 0, lookups: 0)
    if let c = PromptMeasures.compacted(text) {
      entry.saved = max(0, countTokens(text, hash, model) - countTokens(c.text, model))
      entry.json = c.isJSON ? entry.saved : 0
      entry.lookups = 2
    }
    memo.whitespace.store(key, entry)
    tally.saved += entry.saved
    tally.json += entry.json
  }

  /// Latest user messages at least this long are treated as retrieved context (RAG stuffed into the turn).
  static let contextUserMessageCharacters = 2_000

  /// Fills the context and output measures of `f` (turns, whitespace, repeated system paragraphs,
  /// context use, output shape), scaling token measures like the anatomy.
  ///
  /// - Parameters:
  ///   - r: The record.
  ///   - f: Its facts, with usage and anatomy already set.
  ///   - estimatedInput: The estimated input tokens the anatomy was scaled from.
  ///   - whitespace: The whitespace tokens of the prompt's texts (unscaled).
  ///   - modelKey: `ContentHasher.hash` of the model (memo keys are per model).
  func addMeasures(
    of r: CallRecord, to f: inout CallFacts, estimatedInput: Int, whitespace: WhitespaceTally, modelKey: UInt64
  ) {
    let model = f.model
    let scale = estimatedInput > 0 && f.usage.inputTokens > 0 ? Double(f.usage.inputTokens) / Double(estimatedInput) : 0
    func scaled(_ n: Int) -> Int { Int((Double(n) * scale).rounded()) }

    // Turns: a new one starts after each assistant message.
    if !r.messages.isEmpty {
      f.turnStarts = [0]
      for (i, m) in r.messages.enumerated() where m.role == .assistant && i + 1 < r.messages.count {
        f.turnStarts.append(i + 1)
      }
    }

    f.whitespaceTokens = scaled(whitespace.saved)
    f.jsonWhitespaceTokens = scaled(whitespace.json)

    // Repeated system-prompt paragraphs (memoised by system prompt: agents resend the same one).
    if let s = r.system, !s.isEmpty {
      let repeated = memo.repeatedSystem.value(f.systemHash ^ modelKey) {
        let units = PromptMeasures.repeatedUnits(in: s)
        return (
          units.reduce(0) { $0 + countTokens(String($1), model) },
          units.first.map { Redactor.clipped(String($0), 80) } ?? ""
        )
      }
      f.systemRepeatedTokens = scaled(repeated.tokens)
      f.systemRepeatedExcerpt = repeated.excerpt
    }

    // Context use: this turn's tool results (and a long latest user message) against the response.
    let response = r.responseText ?? ""
    if !response.isEmpty {
      let lastAssistant = r.messages.lastIndex { $0.role == .assistant } ?? -1
      var texts: [String] = []
      var tokens = 0
      for m in r.messages[(lastAssistant + 1)...] {
        for tr in m.toolResults where !tr.text.isEmpty {
          texts.append(tr.text)
          tokens += countTokens(tr.text, model)
        }
        if m.role == .user && m.text.utf8.count >= Self.contextUserMessageCharacters {
          texts.append(m.text)
          tokens += countTokens(m.text, model)
        }
      }
      if !texts.isEmpty {
        var answer = response
        for c in r.responseToolCalls { answer += "\n" + c.arguments }
        let use = PromptMeasures.contextUse(context: texts, response: answer)
        if use.chunks > 0 {
          let characters = texts.reduce(0) { $0 + $1.utf8.count }
          f.contextChunks = use.chunks
          f.contextChunksUsed = use.used
          f.unusedContextTokens = characters > 0 ? scaled(tokens * use.unusedCharacters / characters) : 0
        }
      }
    }

    f.outputShape = PromptMeasures.outputShape(response, hasToolCalls: !r.responseToolCalls.isEmpty)
    f.requestsStructuredOutput = PromptMeasures.requestsStructuredOutput(parameters: r.parameters)
  }
}
