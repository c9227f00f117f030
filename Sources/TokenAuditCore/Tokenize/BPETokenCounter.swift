/// The pipeline's token counter: exact BPE (o200k_base or cl100k_base, chosen from the model
/// name) with a per-thread memo keyed by content hash, so a system prompt or a re-sent history
/// message is tokenized once per run. Models without a public tokenizer (Anthropic, Gemini, …)
/// are counted with o200k_base; `Calibrator` later scales their estimates.
public final class BPETokenCounter: TokenCounting {
  private var counters: [BPEEncoding.Name: TokenCounter] = [:]
  private var encodingByModel: [String: BPEEncoding.Name] = [:]
  private var unavailable = false
  private var rough = TokenizerStats()
  /// The counter of the last model asked for (calls of one record share a model).
  private var lastModel = ""
  private var lastCounter: TokenCounter?

  /// Creates a counter (the vocabularies load lazily, once per process).
  public init() {}

  public func count(_ text: String, model: String) -> Int {
    if text.isEmpty { return 0 }
    if let c = lastCounter, model == lastModel { return c.count(text) }
    return slowCount(text, model: model)
  }

  public func count(_ text: String, hash: UInt64, model: String) -> Int {
    if text.isEmpty { return 0 }
    // The caller's hash is used on the slow path too (another model than the last one).
    guard let c = (model == lastModel ? lastCounter : nil) ?? counter(for: model) else {
      rough.lookups += 1
      return FactExtractor.roughCount(text, model)
    }
    return text.withUTF8Bytes { c.count(UnsafeRawBufferPointer($0), hash: hash) }
  }

  private func slowCount(_ text: String, model: String) -> Int {
    guard let c = counter(for: model) else {
      rough.lookups += 1
      return FactExtractor.roughCount(text, model)
    }
    return c.count(text)
  }

  /// The counter of `model`'s encoding, made on first use, now the last one used; nil when the
  /// bundled vocabulary cannot be read (then every count falls back to 4 characters a token).
  private func counter(for model: String) -> TokenCounter? {
    let name: BPEEncoding.Name
    if let known = encodingByModel[model] {
      name = known
    } else {
      name = BPEEncoding.Name.forModel(model)
      encodingByModel[model] = name
    }
    if let c = counters[name] {
      lastModel = model
      lastCounter = c
      return c
    }
    guard !unavailable, let encoding = try? BPEEncoding.shared(name) else {
      unavailable = true
      return nil
    }
    let c = TokenCounter(encoding: encoding, capacity: 1 << 18)
    c.recordsMisses = true
    counters[name] = c
    lastModel = model
    lastCounter = c
    return c
  }

  public func warmUp() { _ = try? BPEEncoding.shared(.o200kBase) }

  public var distinctTexts: Set<UInt64> {
    var all = Set<UInt64>()
    for (name, c) in counters { all.formUnion(c.missedTexts.map { $0 ^ UInt64(name == .o200kBase ? 1 : 2) }) }
    return all
  }

  public var stats: TokenizerStats {
    var s = rough
    for c in counters.values {
      s.lookups += c.statistics.lookups
      s.memoHits += c.statistics.hits
    }
    return s
  }
}
