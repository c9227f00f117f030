/// A compact fingerprint of what a short text asks, for near-duplicate detection: its concepts and
/// content words as 32-bit hashes, its entities as one key, its negation and language, and a
/// bottom-k sketch of its character trigrams. About 100-400 bytes; never the text itself.
struct TextSignature: Sendable, Hashable {
  /// Lexicon concepts (sorted, unique); polar concepts carry their side.
  var concepts: [UInt32] = []
  /// The subset of `concepts` that are intents (sorted).
  var intents: [UInt32] = []
  /// Polar concept ids with their sides, as `id << 1 | negativeBit` (sorted).
  var polar: [UInt64] = []
  /// Content words outside the lexicon, stemmed (sorted, unique).
  var words: [UInt32] = []
  /// One-letter deletions of content words of five letters or more, as `hash << 8 | word index`
  /// (sorted), to pair words one typo apart.
  var wordDeletes: [UInt64] = []
  /// Whether the text is negated (`not`, `don't`, `nunca`, `ne … pas`, `nicht`, `without`…).
  var negated = false
  /// Detected language (empty when unclear).
  var language: TextLanguage = []
  /// Hash of the entities by kind in text order (0 when none).
  var entityKey: UInt64 = 0
  /// Sorted kinds of the entities (with repeats), the template's slots.
  var slotKinds: [EntityKind] = []
  /// Bottom-k sketch of character trigrams (sorted).
  var trigrams: [UInt32] = []
  /// Same key: same normalised meaning and same entities.
  var exactKey: UInt64 = 0
  /// Same key: same wording once entities are replaced by slots (a template).
  var skeletonKey: UInt64 = 0
  /// Where the first entity starts, as a share of the text (nil when none).
  var firstEntityShare: Double?

  /// Whether nothing but stop words and entities is left.
  var isEmpty: Bool { concepts.isEmpty && words.isEmpty }
  /// Concepts and words together (for MinHash).
  var features: [UInt32] { concepts + words }
}

/// Builds `TextSignature`s: entity extraction, negation, phrase and word lookup in the lexicon
/// (synonyms across English, Spanish, French and German), stop-word removal, light stemming.
struct SignatureBuilder {
  /// The lexicon.
  let lexicon: SimilarityLexicon
  private let extractor: EntityExtractor
  /// Trigrams kept in the sketch.
  static let sketchSize = 48

  /// Creates a builder.
  init(lexicon: SimilarityLexicon = .bundled) {
    self.lexicon = lexicon
    self.extractor = EntityExtractor(lexicon: lexicon)
  }

  /// The signature of `text` and what extraction found.
  ///
  /// - Parameter text: A user message (the first 1,000 characters are enough).
  /// - Returns: The signature and the extraction (masked text, entities).
  func signature(_ text: String) -> (TextSignature, ExtractedText) {
    var cache = WordCache()
    return signature(text, cache: &cache)
  }

  /// The signature of `text` and what extraction found, with lexicon results kept in `cache`.
  ///
  /// - Parameters:
  ///   - text: A user message (the first 1,000 characters are enough).
  ///   - cache: Per-word lexicon results shared by the texts of a run (never changes a result).
  ///   - fastPath: Whether extraction and the sketch take their fast paths (`false` only to check
  ///     them against the general ones).
  /// - Returns: The signature and the extraction (masked text, entities).
  func signature(_ text: String, cache: inout WordCache, fastPath: Bool = true) -> (TextSignature, ExtractedText) {
    let ext = extractor.extract(text, cache: &cache, fastPath: fastPath)
    var sig = TextSignature()
    sig.language = ext.language
    let tokens = normalisedTokens(ext.words, negated: &sig.negated, ascii: ext.ascii)
    var concepts = Set<ConceptRef>()
    var words: [(id: UInt32, word: String, deletions: [UInt64])] = []
    // Tokens that carry meaning (not stop words or negations), for the trigram sketch.
    var kept: [String] = []
    kept.reserveCapacity(tokens.count)
    var meanings: [WordMeaning] = []
    meanings.reserveCapacity(tokens.count)
    for w in tokens { meanings.append(cache.meaning(w, ext.language) { self.meaning(w, ext.language) }) }
    var i = 0
    while i < tokens.count {
      var matched = false
      let w = tokens[i]
      let meaning = meanings[i]
      // Every term of two or more words starts with a phrase start and goes on with a second word.
      let longest =
        meaning.mayStartPhrase && i + 1 < tokens.count && meanings[i + 1].mayContinuePhrase
        ? min(lexicon.maxPhraseWords, tokens.count - i) : 1
      for n in stride(from: longest, through: 2, by: -1) {
        if let e = lexicon.lookupPhrase(tokens[i..<(i + n)], language: ext.language) {
          concepts.formUnion(e.concepts)
          kept += tokens[i..<(i + n)]
          i += n
          matched = true
          break
        }
      }
      if matched { continue }
      i += 1
      switch meaning.role {
      case .negation:
        sig.negated = true
      case .stop:
        break
      case .concepts(let c):
        kept.append(w)
        concepts.formUnion(c)
      case .word(let stem, let id, let deletions):
        kept.append(w)
        words.append((id, stem, deletions))
      case .other:
        kept.append(w)
      }
    }
    sig.concepts = Array(Set(concepts.map(\.feature))).sorted()
    sig.intents = Array(Set(concepts.filter { lexicon.intentConcepts.contains($0.id) }.map(\.feature))).sorted()
    sig.polar = Array(Set(concepts.filter { $0.polarity != 0 }.map { UInt64($0.id) << 1 | ($0.polarity < 0 ? 1 : 0) }))
      .sorted()
    var byID: [(id: UInt32, word: String, deletions: [UInt64])] = []
    for w in words where !byID.contains(where: { $0.id == w.id }) { byID.append(w) }
    byID.sort { $0.id < $1.id }
    sig.words = byID.map(\.id)
    var deletes: [UInt64] = []
    for (index, w) in byID.enumerated() where w.word.utf8.count >= 5 && index < 256 {
      for h in w.deletions { deletes.append(h << 8 | UInt64(index)) }
    }
    sig.wordDeletes = deletes.sorted()
    sig.trigrams = Self.sketch(kept, fastPath: fastPath)
    sig.entityKey = Self.entityKey(ext.entities)
    sig.slotKinds = ext.entities.map(\.kind).sorted()
    if let o = ext.firstEntityOffset, ext.characterCount > 0 {
      sig.firstEntityShare = Double(o) / Double(ext.characterCount)
    }
    var exact = ContentHasher()
    var skeleton = ContentHasher()
    for c in sig.concepts { exact.combine(UInt64(c)); skeleton.combine(UInt64(c)) }
    exact.combine(0xFFFF)
    skeleton.combine(0xFFFF)
    for w in sig.words { exact.combine(UInt64(w)); skeleton.combine(UInt64(w)) }
    exact.combine(sig.negated ? 1 : 2)
    skeleton.combine(sig.negated ? 1 : 2)
    exact.combine(sig.entityKey)
    exact.combine(UInt64(sig.language.rawValue))
    for k in sig.slotKinds { skeleton.combine(k.rawValue) }
    skeleton.combine(UInt64(sig.language.rawValue))
    sig.exactKey = exact.value
    sig.skeletonKey = skeleton.value
    return (sig, ext)
  }

  /// What token `w` means in `language`: negation, stop word, lexicon concepts (directly or
  /// through a negative prefix) or a content word with its stem.
  private func meaning(_ w: String, _ language: TextLanguage) -> WordMeaning {
    let folded = LightStemmer.fold(w)
    let second = lexicon.phraseSecondWords
    return WordMeaning(
      role: role(w, language),
      mayStartPhrase: lexicon.mayStartPhrase(w, language: language),
      mayContinuePhrase: second.contains(w) || second.contains(folded)
        || second.contains(LightStemmer.stem(folded, language)))
  }

  private func role(_ w: String, _ language: TextLanguage) -> WordMeaning.Role {
    if lexicon.negations.contains(w) { return .negation }
    if let l = lexicon.stopwords[w], language.isEmpty || l.contains(language) { return .stop }
    if let e = lexicon.lookup(w, language: language) { return .concepts(e.concepts) }
    if let flipped = negativePrefixed(w, language) { return .concepts(flipped) }
    guard w.count >= 2, w.contains(where: \.isLetter) else { return .other }
    let stem = LightStemmer.stem(LightStemmer.fold(w), language.isEmpty ? .en : language)
    let deletions = stem.utf8.count >= 5 ? SimilarityLexicon.deletionHashes(Array(stem.utf8)) : []
    return .word(stem: stem, id: Self.wordID(stem), deletions: deletions)
  }

  /// Lower-case words with elisions, contractions and possessives resolved and hyphenated words
  /// split (unless the whole word is a lexicon term, like `e-mail`).
  ///
  /// With `ascii`, every word is ASCII and apostrophes and separators are found on bytes.
  private func normalisedTokens(_ raw: [String], negated: inout Bool, ascii: Bool) -> [String] {
    var out: [String] = []
    out.reserveCapacity(raw.count)
    for var w in raw {
      if ascii ? w.utf8.contains(0x27) : w.contains(where: { $0 == "'" || $0 == "’" }) {
        for e in lexicon.elisions where w.hasPrefix(e) && w.count > e.count {
          if e.hasPrefix("n") { negated = true }
          w = String(w.dropFirst(e.count))
          break
        }
        if w.hasSuffix("n't") || w.hasSuffix("n’t") {
          negated = true
          continue
        }
        if let apostrophe = w.firstIndex(where: { $0 == "'" || $0 == "’" }) {
          w = String(w[..<apostrophe])
        }
      }
      if w.isEmpty { continue }
      let separated =
        ascii
        ? w.utf8.contains { $0 == 0x2D || $0 == 0x2F || $0 == 0x5F }
        : w.contains(where: { $0 == "-" || $0 == "/" || $0 == "_" })
      if !separated || lexicon.words[w] != nil {
        out.append(w)
      } else {
        out += w.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "_" }).map(String.init)
      }
    }
    return out
  }

  /// `unsubscribe`, `disallow`, `deactivate`: a negative prefix on a polar lexicon word flips it.
  private func negativePrefixed(_ w: String, _ language: TextLanguage) -> [ConceptRef]? {
    for p in lexicon.negativePrefixes where w.hasPrefix(p) && w.count - p.count >= 4 {
      guard let e = lexicon.lookup(String(w.dropFirst(p.count)), language: language) else { continue }
      let polar = e.concepts.filter { $0.polarity != 0 }
      if polar.isEmpty { continue }
      return polar.map { ConceptRef(id: $0.id, polarity: -$0.polarity) }
    }
    return nil
  }

  /// The 32-bit id of a content word.
  static func wordID(_ w: String) -> UInt32 {
    UInt32(truncatingIfNeeded: SimilarityLexicon.polynomialHash(Array(w.utf8)) &* 0x9E37_79B9_7F4A_7C15 >> 32)
  }

  /// One-byte deletions of words of five bytes or more, tagged with the word's index in `words`
  /// (sorted by id, as in the signature).
  static func deletes(_ words: [String]) -> [UInt64] {
    var out: [UInt64] = []
    for (index, w) in words.enumerated() where w.utf8.count >= 5 && index < 256 {
      for h in SimilarityLexicon.deletionHashes(Array(w.utf8)) { out.append(h << 8 | UInt64(index)) }
    }
    return out.sorted()
  }

  /// The smallest `sketchSize` hashes of the byte trigrams of the words joined by spaces.
  ///
  /// Without `fastPath`, every hash is computed and sorted (to check the bounded scan against).
  static func sketch(_ tokens: [String], fastPath: Bool = true) -> [UInt32] {
    var bytes: [UInt8] = [0x20]
    bytes.reserveCapacity(tokens.reduce(1) { $0 + $1.utf8.count + 1 })
    for t in tokens {
      bytes += LightStemmer.fold(t).utf8
      bytes.append(0x20)
    }
    guard bytes.count >= 3 else { return [] }
    guard fastPath else {
      return Array(Set((0..<(bytes.count - 2)).map { trigramHash(bytes, $0) }).sorted().prefix(sketchSize))
    }
    // The smallest distinct hashes, kept sorted while scanning (most hashes are larger than the
    // largest kept one once the sketch is full).
    var out: [UInt32] = []
    out.reserveCapacity(sketchSize + 1)
    for i in 0..<(bytes.count - 2) {
      let h = trigramHash(bytes, i)
      if out.count == sketchSize && h >= out[sketchSize - 1] { continue }
      var lo = 0
      var hi = out.count
      while lo < hi {
        let mid = (lo + hi) / 2
        if out[mid] < h { lo = mid + 1 } else { hi = mid }
      }
      if lo < out.count && out[lo] == h { continue }
      out.insert(h, at: lo)
      if out.count > sketchSize { out.removeLast() }
    }
    return out
  }

  /// The hash of the trigram at `bytes[i...]`.
  @inline(__always) private static func trigramHash(_ bytes: [UInt8], _ i: Int) -> UInt32 {
    let packed = UInt64(bytes[i]) << 16 | UInt64(bytes[i + 1]) << 8 | UInt64(bytes[i + 2])
    return UInt32(truncatingIfNeeded: (packed &+ 0x9E37_79B9) &* 0xBF58_476D_1CE4_E5B9 >> 29)
  }

  /// Entities grouped by kind, each kind's values in text order.
  static func entityKey(_ entities: [Entity]) -> UInt64 {
    guard !entities.isEmpty else { return 0 }
    var h = ContentHasher()
    for kind in EntityKind.allCases {
      let values = entities.filter { $0.kind == kind }
      guard !values.isEmpty else { continue }
      h.combine(kind.rawValue)
      for v in values { h.combine(v.value) }
    }
    return h.value | 1
  }
}
