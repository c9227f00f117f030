/// Byte-level helpers for plain ASCII text.
///
/// In a text of ASCII bytes without a carriage return every byte is one `Character`, and the
/// Unicode properties the extractor asks about reduce to byte ranges: letters are `A-Z a-z`,
/// numbers `0-9`, whitespace `\t \n \v \f \r` and space, newlines `\n \v \f \r`. The fast paths
/// below rely on exactly that and are only taken for such texts.
enum ASCIIBytes {
  /// `A-Z a-z`.
  @inline(__always) static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
  /// `A-Z`.
  @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b &- 0x41 < 26 }
  /// `0-9`.
  @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
  /// Tab, line feed, vertical tab, form feed, carriage return and space.
  @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b &- 0x09 < 5 }
  /// Line feed, vertical tab, form feed and carriage return.
  @inline(__always) static func isNewline(_ b: UInt8) -> Bool { b &- 0x0A < 4 }
  /// The lower-case form of an ASCII byte.
  @inline(__always) static func lower(_ b: UInt8) -> UInt8 { isUpper(b) ? b | 0x20 : b }

  /// A string of the bytes in `r`.
  static func string(_ t: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: t[r]), as: UTF8.self)
  }

  /// A lower-case string of the bytes in `r`.
  static func lowerString(_ t: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
    String(unsafeUninitializedCapacity: r.count) { out in
      var o = 0
      for k in r {
        out[o] = lower(t[k])
        o += 1
      }
      return o
    }
  }

  /// `String(s.prefix(n))`: the first `n` characters (see `String.characterPrefix`).
  static func prefix(_ s: String, _ n: Int) -> String { s.characterPrefix(n) }
}

extension EntityExtractor {
  // MARK: - ASCII fast path

  /// `extract` for texts of ASCII bytes without a carriage return (nil for any other text): the
  /// same chunks, entities and words, found on bytes instead of `Character`s.
  func extractASCII(_ text: String, cache: inout WordCache) -> ExtractedText? {
    var copy = text
    let split: [Chunk]? = copy.withUTF8 { t -> [Chunk]? in
      for b in t where b >= 0x80 || b == 0x0D { return nil }
      return splitASCII(t)
    }
    guard var chunks = split else { return nil }
    for i in chunks.indices where chunks[i].entity == nil && !chunks[i].plainWord { classify(&chunks[i]) }
    var out = ExtractedText()
    out.characterCount = text.utf8.count
    out.ascii = true
    var wordTokens: [String] = []
    wordTokens.reserveCapacity(chunks.count)
    for i in chunks.indices where chunks[i].entity == nil && chunks[i].numeric == nil {
      wordTokens.append(chunks[i].lower)
    }
    out.language = language(of: wordTokens, cache: &cache)
    mergeRuns(&chunks, language: out.language, ascii: true, cache: &cache)
    markNamesASCII(&chunks, language: out.language, cache: &cache)
    collect(chunks, into: &out)
    return out
  }

  /// `split` on bytes.
  private func splitASCII(_ t: UnsafeBufferPointer<UInt8>) -> [Chunk] {
    var chunks: [Chunk] = []
    chunks.reserveCapacity(t.count / 5 + 1)
    var i = 0
    var sentenceStart = true
    let n = t.count
    while i < n {
      let b = t[i]
      if ASCIIBytes.isSpace(b) {
        if ASCIIBytes.isNewline(b) {
          sentenceStart = true
          if !chunks.isEmpty { chunks[chunks.count - 1].endsSentence = true }
        }
        i += 1
        continue
      }
      // Opening quotes that are ASCII: `"`, `` ` `` and `'` (each closes itself).
      if b == 0x22 || b == 0x60 || b == 0x27, let j = quoteEndASCII(t, i, b) {
        let content = Self.collapsedWhitespace(t, (i + 1)..<j)
        let lower = content.lowercased()
        var c = Chunk(
          raw: ASCIIBytes.string(t, i..<(j + 1)), core: content, lower: lower, start: i,
          sentenceStart: sentenceStart, endsSentence: false)
        c.entity = Entity(kind: .quote, value: lower)
        chunks.append(c)
        sentenceStart = false
        i = j + 1
        continue
      }
      var k = i
      while k < n && !ASCIIBytes.isSpace(t[k]) { k += 1 }
      var s = i
      var e = k
      while s < e && Self.leadingStripASCII(t[s]) { s += 1 }
      var firstTrailing: UInt8 = 0
      var terminator = false
      while e > s && Self.trailingStripASCII(t[e - 1]) {
        let l = t[e - 1]
        if firstTrailing == 0 { firstTrailing = l }
        if l == 0x2E || l == 0x21 || l == 0x3F || l == 0x3A || l == 0x3B { terminator = true }
        e -= 1
      }
      let lowerCore = ASCIIBytes.lowerString(t, s..<e)
      let abbreviation = firstTrailing == 0x2E && Self.abbreviations.contains(lowerCore)
      let ends = !abbreviation && terminator
      if e == s || (e - s == 1 && t[s] == 0x2D) {
        if ends || (k - i == 1 && (t[i] == 0x2D || t[i] == 0x2A)) { sentenceStart = true }
        if !chunks.isEmpty && ends { chunks[chunks.count - 1].endsSentence = true }
        i = k
        continue
      }
      var c = Chunk(
        raw: ASCIIBytes.string(t, i..<k), core: ASCIIBytes.string(t, s..<e), lower: lowerCore, start: i,
        sentenceStart: sentenceStart, endsSentence: ends)
      var plain = true
      for p in s..<e where !ASCIIBytes.isLetter(t[p]) && t[p] != 0x27 {
        plain = false
        break
      }
      c.plainWord = plain
      chunks.append(c)
      sentenceStart = ends
      i = k
    }
    return chunks
  }

  /// `(`, `[`, `{`, `"`, `'`, `*`, `<`: the ASCII members of `leadingStrip`.
  private static func leadingStripASCII(_ b: UInt8) -> Bool {
    b == 0x28 || b == 0x5B || b == 0x7B || b == 0x22 || b == 0x27 || b == 0x2A || b == 0x3C
  }

  /// `)`, `]`, `}`, `.`, `,`, `!`, `?`, `;`, `:`, `"`, `'`, `>`, `*`: the ASCII members of `trailingStrip`.
  private static func trailingStripASCII(_ b: UInt8) -> Bool {
    switch b {
    case 0x29, 0x5D, 0x7D, 0x2E, 0x2C, 0x21, 0x3F, 0x3B, 0x3A, 0x22, 0x27, 0x3E, 0x2A: return true
    default: return false
    }
  }

  /// The words of `r` joined by single spaces.
  private static func collapsedWhitespace(_ t: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(r.count)
    var pendingSpace = false
    for k in r {
      let b = t[k]
      if ASCIIBytes.isSpace(b) {
        pendingSpace = !bytes.isEmpty
        continue
      }
      if pendingSpace {
        bytes.append(0x20)
        pendingSpace = false
      }
      bytes.append(b)
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// `quoteEnd` on bytes.
  private func quoteEndASCII(_ t: UnsafeBufferPointer<UInt8>, _ i: Int, _ close: UInt8) -> Int? {
    if i > 0 {
      let p = t[i - 1]
      if !(ASCIIBytes.isSpace(p) || p == 0x28 || p == 0x5B || p == 0x3A || p == 0x7B) { return nil }
    }
    guard i + 1 < t.count, !ASCIIBytes.isSpace(t[i + 1]) else { return nil }
    var j = i + 1
    let limit = min(t.count, i + 300)
    while j < limit {
      let c = t[j]
      if ASCIIBytes.isNewline(c) { return nil }
      if c == close {
        let after = j + 1 < t.count ? t[j + 1] : 0x20
        if !ASCIIBytes.isLetter(after) && !ASCIIBytes.isDigit(after) && j > i + 1 { return j }
      }
      j += 1
    }
    return nil
  }

  /// `markNames` for chunks of an ASCII text.
  func markNamesASCII(_ chunks: inout [Chunk], language: TextLanguage, cache: inout WordCache) {
    var wordIndices: [Int] = []
    wordIndices.reserveCapacity(chunks.count)
    var capitalised = 0
    for i in chunks.indices where chunks[i].entity == nil && chunks[i].absorbedInto == nil {
      guard let f = chunks[i].core.utf8.first, ASCIIBytes.isLetter(f) else { continue }
      wordIndices.append(i)
      if ASCIIBytes.isUpper(f) { capitalised += 1 }
    }
    let titleCase = wordIndices.count >= 3 && Double(capitalised) >= 0.6 * Double(wordIndices.count)
    var previousName: Int?
    for i in wordIndices {
      let core = chunks[i].core.utf8
      // Every word index starts with a letter, so the base (without `'s`) is never empty.
      guard let first = core.first, ASCIIBytes.isUpper(first) else {
        previousName = nil
        continue
      }
      var count = core.count
      if count >= 2, core[core.index(core.endIndex, offsetBy: -2)] == 0x27, core.last == 0x73 { count -= 2 }
      var letters = 0
      var allCaps = true
      for b in core.prefix(count) where ASCIIBytes.isLetter(b) {
        letters += 1
        if !ASCIIBytes.isUpper(b) { allCaps = false }
      }
      allCaps = allCaps && letters >= 2
      let lower = count == core.count ? chunks[i].lower : String(chunks[i].lower.utf8.prefix(count))!
      if cache.isKnownWord(lower, lexicon) || (count != core.count && cache.isKnownWord(chunks[i].lower, lexicon)) {
        previousName = nil
        continue
      }
      var trigger = false
      if i > 0, chunks[i - 1].entity == nil, let l = lexicon.nameTriggers[chunks[i - 1].lower] {
        trigger = language.isEmpty || !l.isDisjoint(with: language)
      }
      let sentenceStart = chunks[i].sentenceStart
      let byPosition = !sentenceStart && !titleCase && language != .de
      guard trigger || byPosition || (allCaps && !sentenceStart) else {
        previousName = nil
        continue
      }
      let value = lower
      Self.markName(&chunks, at: i, value: value, previous: &previousName)
    }
  }
}
