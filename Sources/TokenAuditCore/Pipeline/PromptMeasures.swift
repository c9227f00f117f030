/// Text measures the context-pruning and routing detectors need, computed once per call by
/// `FactExtractor` so that no detector has to keep prompt text.
///
/// Every function is a pure, single pass over UTF-8 bytes (or paragraphs) of one text.
enum PromptMeasures {
  // MARK: - Whitespace

  /// A text with its removable whitespace taken out.
  struct Compacted {
    /// The compact text.
    var text: String
    /// Whether the removed whitespace was pretty-printed JSON.
    var isJSON: Bool
  }

  /// Smallest whitespace excess worth a second token count: 32 characters and 3% of the text.
  static let minimumExcessCharacters = 32
  static let minimumExcessShare = 0.03

  /// The compact form of `text` when it wastes enough characters on whitespace, else nil.
  ///
  /// A text that is one JSON document is minified (whitespace outside strings removed). Any other
  /// text is dedented (common leading indentation removed), loses trailing spaces, has runs of
  /// spaces inside lines collapsed to one and runs of blank lines collapsed to one; runs of three
  /// or more indented JSON-looking lines (`{`, `}`, `[`, `]`, `"key":`) inside it are minified.
  ///
  /// - Parameter text: A prompt part.
  /// - Returns: The compact text, or nil when the excess is below the thresholds.
  static func compacted(_ text: String) -> Compacted? {
    guard text.utf8.count >= minimumExcessCharacters * 2,
      excessEstimate(text, stoppingAt: minimumExcessCharacters) >= minimumExcessCharacters
    else {
      return nil
    }
    let bytes = Array(text.utf8)
    var out: [UInt8]
    var isJSON: Bool
    if looksLikeJSONDocument(bytes) {
      out = minifyJSON(bytes[...])
      isJSON = true
    } else {
      (out, isJSON) = compactProse(bytes)
    }
    let removed = bytes.count - out.count
    guard removed >= minimumExcessCharacters, Double(removed) >= Double(bytes.count) * minimumExcessShare else {
      return nil
    }
    return Compacted(text: String(decoding: out, as: UTF8.self), isJSON: isJSON)
  }

  static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

  /// An allocation-free upper-bound guess of the removable whitespace, to skip tidy texts fast:
  /// whitespace bytes that follow whitespace, and spaces after a JSON-looking `":` or `,`.
  ///
  /// The scan stops once the count reaches `limit` (the gate in `compacted` only asks whether it
  /// does): the result is then at least `limit`, and exact whenever it is below it.
  static func excessEstimate(_ text: String, stoppingAt limit: Int = .max) -> Int {
    text.withUTF8Bytes { u in excessEstimate(u, stoppingAt: limit) }
  }

  /// `excessEstimate` of UTF-8 bytes, eight at a time: per word, masks (the high bit of each
  /// byte) of whitespace, spaces, `:`/`,` and `"`/`}`/`]`/digits, shifted by one and two bytes
  /// (with the previous word's last bytes carried in) to pair each byte with the ones before it.
  /// Stops at the first word that brings the count to `limit` or more.
  static func excessEstimate(_ u: UnsafeBufferPointer<UInt8>, stoppingAt limit: Int = .max) -> Int {
    guard let base = u.baseAddress else { return 0 }
    let n = u.count
    var count = 0
    var lastSpace: UInt64 = 0  // whitespace mask of the previous word
    var lastPunct: UInt64 = 0
    var lastWord: UInt64 = 0  // the previous word itself (0 before the first: in no class)
    var i = 0
    @inline(__always) func quoteLike(_ w: UInt64) -> UInt64 {
      SWAR.equal(w, UInt8(ascii: "\"")) | SWAR.equal(w, UInt8(ascii: "}")) | SWAR.equal(w, UInt8(ascii: "]"))
        | SWAR.digits(w)
    }
    @inline(__always) func step(_ w: UInt64) {
      let space = SWAR.equal(w, 0x20)
      let white = space | SWAR.equal(w, 0x0A) | SWAR.equal(w, 0x09) | SWAR.equal(w, 0x0D)
      let punct = SWAR.equal(w, UInt8(ascii: ":")) | SWAR.equal(w, UInt8(ascii: ","))
      let whiteBefore = white << 8 | lastSpace >> 56
      let punctBefore = punct << 8 | lastPunct >> 56
      count += SWAR.highBitCount(white & whiteBefore)
      // A space after `:` or `,` is rare in a word: only then are the quote-like classes of this
      // word and the one before it needed.
      let spaceAfterPunct = space & punctBefore
      if spaceAfterPunct != 0 {
        count += SWAR.highBitCount(spaceAfterPunct & (quoteLike(w) << 16 | quoteLike(lastWord) >> 48))
      }
      lastSpace = white
      lastPunct = punct
      lastWord = w
    }
    let raw = UnsafeRawPointer(base)
    while i + 8 <= n {
      step(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
      i += 8
      if count >= limit { return count }
    }
    if i < n {
      // The tail, zero-padded (a zero byte is in none of the classes).
      var w: UInt64 = 0
      for k in 0..<(n - i) { w |= UInt64(base[i + k]) << (8 * UInt64(k)) }
      step(w)
    }
    return count
  }

  static func looksLikeJSONDocument(_ b: [UInt8]) -> Bool {
    guard let first = b.firstIndex(where: { !isSpace($0) }), let last = b.lastIndex(where: { !isSpace($0) }) else {
      return false
    }
    return (b[first] == UInt8(ascii: "{") && b[last] == UInt8(ascii: "}"))
      || (b[first] == UInt8(ascii: "[") && b[last] == UInt8(ascii: "]"))
  }

  /// Removes whitespace outside JSON string literals.
  static func minifyJSON(_ b: ArraySlice<UInt8>) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(b.count)
    var inString = false
    var escaped = false
    for c in b {
      if inString {
        out.append(c)
        if escaped {
          escaped = false
        } else if c == UInt8(ascii: "\\") {
          escaped = true
        } else if c == UInt8(ascii: "\"") {
          inString = false
        }
      } else if c == UInt8(ascii: "\"") {
        inString = true
        out.append(c)
      } else if !isSpace(c) {
        out.append(c)
      }
    }
    return out
  }

  /// Whether `u[line]` (a line without its newline) looks like a line of pretty-printed JSON.
  static func isJSONLine(_ u: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
    guard let first = firstNonSpace(u, line) else { return false }
    switch u[first] {
    case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"): return true
    case UInt8(ascii: "\""):
      return memchr(u.baseAddress! + first, Int32(UInt8(ascii: ":")), line.upperBound - first) != nil
        || u[line.upperBound - 1] == UInt8(ascii: ",")
    default: return false
    }
  }

  /// The first byte of `u[r]` that is not whitespace.
  @inline(__always)
  static func firstNonSpace(_ u: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int? {
    var i = r.lowerBound
    while i < r.upperBound {
      if !isSpace(u[i]) { return i }
      i += 1
    }
    return nil
  }

  /// The lines of `u` (split at newlines, which they exclude; empty lines kept) as byte ranges.
  static func lineRanges(_ u: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
    var lines: [Range<Int>] = []
    let n = u.count
    var start = 0
    while start < n, let base = u.baseAddress, let found = memchr(base + start, 0x0A, n - start) {
      let i = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
      lines.append(start..<i)
      start = i + 1
    }
    lines.append(start..<n)
    return lines
  }

  static func compactProse(_ bytes: [UInt8]) -> ([UInt8], Bool) {
    bytes.withUnsafeBufferPointer { compactProse($0) }
  }

  /// Dedents, trims and collapses the prose lines of `u`, minifies its blocks of JSON lines; also
  /// tells whether most removed bytes were JSON whitespace. On byte ranges of the text (no line
  /// copies).
  static func compactProse(_ u: UnsafeBufferPointer<UInt8>) -> ([UInt8], Bool) {
    let lines = lineRanges(u)
    // Common indentation of non-blank lines (textwrap.dedent).
    var common = Int.max
    for l in lines {
      guard let first = firstNonSpace(u, l) else { continue }
      common = min(common, first - l.lowerBound)
    }
    if common == Int.max { common = 0 }
    var out: [UInt8] = []
    out.reserveCapacity(u.count)
    var jsonRemoved = 0
    var otherRemoved = 0
    var blankRun = 0
    var i = 0
    while i < lines.count {
      // A block of 3+ JSON-looking lines: minify it as one piece.
      var j = i
      while j < lines.count && isJSONLine(u, lines[j]) { j += 1 }
      if j - i >= 3 {
        var block: [UInt8] = []
        for k in i..<j { block.append(contentsOf: UnsafeBufferPointer(rebasing: u[lines[k]])) }
        let before = block.count + (j - i)
        let mini = minifyJSON(block[...])
        if !out.isEmpty && out.last != 0x0A { out.append(0x0A) }
        out += mini
        out.append(0x0A)
        jsonRemoved += before - mini.count - 1
        blankRun = 0
        i = j
        continue
      }
      let line = lines[i]
      i += 1
      guard let firstNonSpace = firstNonSpace(u, line) else {
        blankRun += 1
        if blankRun == 1 && i < lines.count { out.append(0x0A) } else { otherRemoved += line.count + 1 }
        continue
      }
      blankRun = 0
      let start = min(line.lowerBound + common, firstNonSpace)
      otherRemoved += start - line.lowerBound
      // Leading indentation beyond the common part is kept (it may be code or a nested list).
      out.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<firstNonSpace]))
      var end = line.upperBound
      while end > firstNonSpace && isSpace(u[end - 1]) { end -= 1 }
      // Runs without a tab or a second space are copied whole; a tab becomes a space, and a space
      // or tab after a space or tab is dropped.
      var lastSpace = false
      var k = firstNonSpace
      var run = k
      while k < end {
        let c = u[k]
        if c == 0x09 || (c == 0x20 && lastSpace) {
          out.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<k]))
          if lastSpace { otherRemoved += 1 } else { out.append(0x20) }
          lastSpace = true
          k += 1
          run = k
          continue
        }
        lastSpace = c == 0x20
        k += 1
      }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<end]))
      otherRemoved += line.upperBound - end
      if i < lines.count { out.append(0x0A) }
    }
    return (out, jsonRemoved > otherRemoved)
  }

  // MARK: - Repeated paragraphs

  /// Paragraphs (split at blank lines) of at least this many characters count when repeated.
  static let minimumRepeatedParagraphCharacters = 40
  /// Lines of at least this many characters count when repeated inside other paragraphs.
  static let minimumRepeatedLineCharacters = 60

  /// The paragraphs and long lines of `system` that repeat an earlier one (compared lowercased,
  /// whitespace collapsed).
  ///
  /// - Parameter system: The system prompt.
  /// - Returns: The repeated units, in order.
  static func repeatedUnits(in system: String) -> [Substring] {
    guard system.utf8.count >= minimumRepeatedParagraphCharacters * 2 else { return [] }
    // On byte ranges of the text; only the repeated units become substrings.
    let ranges: [Range<Int>] = system.withUTF8Bytes { u in
      var seen = Set<UInt64>()
      var repeated: [Range<Int>] = []
      var multiLine: [Range<Int>] = []
      for p in paragraphs(u) {
        let trimmed = trimmingSpaces(u, p)
        guard trimmed.count >= minimumRepeatedParagraphCharacters else { continue }
        if !seen.insert(normalizedHash(u, trimmed)).inserted {
          repeated.append(trimmed)
        } else if memchr(u.baseAddress! + trimmed.lowerBound, 0x0A, trimmed.count) != nil {
          multiLine.append(trimmed)
        }
      }
      var seenLines = Set<UInt64>()
      for p in multiLine {
        var lineStart = p.lowerBound
        while lineStart <= p.upperBound {
          var lineEnd = p.upperBound
          if lineStart < p.upperBound, let found = memchr(u.baseAddress! + lineStart, 0x0A, p.upperBound - lineStart) {
            lineEnd = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - u.baseAddress!
          }
          let t = trimmingSpaces(u, lineStart..<lineEnd)
          if t.count >= minimumRepeatedLineCharacters && !seenLines.insert(normalizedHash(u, t)).inserted {
            repeated.append(t)
          }
          lineStart = lineEnd + 1
        }
      }
      return repeated
    }
    let u = system.utf8
    return ranges.map { r in
      system[u.index(u.startIndex, offsetBy: r.lowerBound)..<u.index(u.startIndex, offsetBy: r.upperBound)]
    }
  }

  /// `r` without leading and trailing ASCII whitespace.
  static func trimmingSpaces(_ u: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Range<Int> {
    var start = r.lowerBound
    var end = r.upperBound
    while start < end && isSpace(u[start]) { start += 1 }
    while end > start && isSpace(u[end - 1]) { end -= 1 }
    return start..<end
  }

  /// Per byte: the byte lowercased (ASCII), or 0x100 for whitespace (`normalizedHash`'s classes).
  static let normalizedByteTable: [UInt16] = (0..<256).map { b -> UInt16 in
    if isSpace(UInt8(b)) { return 0x100 }
    return UInt16(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
  }

  /// Hash of `s` lowercased (ASCII) with whitespace runs collapsed, over UTF-8 bytes.
  static func normalizedHash(_ s: Substring) -> UInt64 {
    var copy = s
    return copy.withUTF8 { normalizedHash($0, 0..<$0.count) }
  }

  /// `normalizedHash` of `u[r]`.
  static func normalizedHash(_ u: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> UInt64 {
    // FNV-1a over the normalised bytes, streamed (no copy of the text).
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    var started = false
    var pendingSpace = false
    normalizedByteTable.withUnsafeBufferPointer { t in
      let table = t.baseAddress!
      for i in r {
        let c = table[Int(u[i])]
        if c > 0xFF {
          pendingSpace = started
          continue
        }
        if pendingSpace {
          h = (h ^ 0x20) &* 0x0000_0100_0000_01B3
          pendingSpace = false
        }
        h = (h ^ UInt64(c)) &* 0x0000_0100_0000_01B3
        started = true
      }
    }
    var z = h
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  // MARK: - Context use

  /// How many context chunks the response used.
  struct ContextUse: Equatable {
    /// Chunks with distinctive words.
    var chunks = 0
    /// Chunks whose distinctive words appear in the response.
    var used = 0
    /// Characters of all chunks with distinctive words.
    var chunkCharacters = 0
    /// Characters of the unused chunks.
    var unusedCharacters = 0
  }

  /// Chunks shorter than this merge with the next one.
  static let minimumChunkCharacters = 200
  /// Chunks longer than this are cut at line breaks.
  static let maximumChunkCharacters = 1_500

  /// Which chunks of `context` the response used: a chunk is used when at least two of its
  /// distinctive words (5+ letters or 3+ digits, not stop words, not in half or more of the
  /// chunks) appear in the response, or a quarter of them when it has fewer than eight.
  ///
  /// Works on UTF-8 bytes: chunks are byte ranges, words are 64-bit hashes kept sorted per chunk,
  /// and the frequency and response tables are flat open-addressing tables.
  ///
  /// - Parameters:
  ///   - context: This turn's tool results and retrieved context.
  ///   - response: The response text and tool-call arguments.
  /// - Returns: The counts (zero chunks when there is too little to compare).
  static func contextUse(context: [String], response: String) -> ContextUse {
    guard response.utf8.count >= 20 else { return ContextUse() }
    // One table for the whole call: word → (1 + index of the last chunk that had it) << 32 |
    // number of chunks that had it; stop words are stored with `stopWordMark` and never counted.
    // Each chunk's distinct non-stop words go to one flat array, in first-seen order.
    let table = HashTable64(capacity: 1_024)
    for x in stopWordHashes.values { table.set(x, stopWordMark) }
    var words: [UInt64] = []
    var bounds: [(start: Int, end: Int, bytes: Int)] = []
    for text in context {
      text.withUTF8Bytes { b in
        for r in chunked(b) {
          let start = words.count
          let tag = UInt64(bounds.count + 1) << 32
          forEachWord(b, r) { x in
            let v = table.valuePointer(x)
            let old = v.pointee
            guard old & stopWordMark == 0, old & 0x7FFF_FFFF_0000_0000 != tag else { return }
            v.pointee = tag | ((old & 0xFFFF_FFFF) + 1)
            words.append(x)
          }
          bounds.append((start, words.count, r.count))
        }
      }
    }
    guard bounds.count >= 2 else { return ContextUse() }
    let inResponse = HashTable64(capacity: 256)
    response.withUTF8Bytes { u in forEachWord(u, 0..<u.count) { inResponse.insert($0) } }
    var use = ContextUse()
    for c in bounds {
      var distinctive = 0
      var hits = 0
      for x in words[c.start..<c.end]
      where bounds.count < 4 || Int((table.value(x) ?? 0) & 0xFFFF_FFFF) * 2 < bounds.count {
        distinctive += 1
        if inResponse.contains(x) { hits += 1 }
      }
      guard distinctive > 0 else { continue }
      use.chunks += 1
      use.chunkCharacters += c.bytes
      if hits >= 2 || (distinctive < 8 && hits * 4 >= distinctive && hits > 0) {
        use.used += 1
      } else {
        use.unusedCharacters += c.bytes
      }
    }
    return use
  }

  /// The value `contextUse` stores for a stop word in its word table.
  static let stopWordMark: UInt64 = 1 << 63

  /// Paragraphs of `text` (split at blank lines) merged up to `minimumChunkCharacters` and cut at
  /// line breaks past `maximumChunkCharacters`, as byte ranges.
  static func chunked(_ text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
    var out: [Range<Int>] = []
    var pending: Range<Int>?
    for p in paragraphs(text) {
      let piece: Range<Int>
      if let q = pending {
        piece = q.lowerBound..<p.upperBound
        pending = nil
      } else {
        piece = p
      }
      if piece.count < minimumChunkCharacters {
        pending = piece
        continue
      }
      splitLong(text, piece, into: &out)
    }
    if let q = pending {
      if let last = out.popLast(), last.upperBound <= q.lowerBound {
        out.append(last.lowerBound..<q.upperBound)
      } else {
        out.append(q)
      }
    }
    return out
  }

  /// Splits at blank lines: byte ranges of the paragraphs (a blank line ends the one before it).
  static func paragraphs(_ u: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
    var out: [Range<Int>] = []
    let n = u.count
    guard let base = u.baseAddress, n > 0 else { return out }
    var start = 0
    var lineStart = 0
    // Line by line (`memchr` finds each end); a line is blank when only spaces, tabs and CRs
    // come before its newline, which the first non-blank byte settles.
    while lineStart < n, let found = memchr(base + lineStart, 0x0A, n - lineStart) {
      let i = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
      var j = lineStart
      while j < i {
        let b = base[j]
        if !(b == 0x20 || b == 0x09 || b == 0x0D) { break }
        j += 1
      }
      if j == i && lineStart > start {
        out.append(start..<lineStart)
        start = i + 1
      }
      lineStart = i + 1
    }
    if start < n { out.append(start..<n) }
    return out
  }

  /// Splits at blank lines (the pieces are substrings of `text`).
  static func paragraphs(_ text: String) -> [Substring] {
    let ranges = text.withUTF8Bytes { paragraphs($0) }
    let u = text.utf8
    return ranges.map { r in
      text[u.index(u.startIndex, offsetBy: r.lowerBound)..<u.index(u.startIndex, offsetBy: r.upperBound)]
    }
  }

  /// Cuts a chunk longer than `maximumChunkCharacters` after a line break once half of that is reached.
  static func splitLong(_ u: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, into out: inout [Range<Int>]) {
    guard r.count > maximumChunkCharacters, let base = u.baseAddress else {
      out.append(r)
      return
    }
    // A piece ends at the first newline that makes it at least half the maximum long.
    let half = maximumChunkCharacters / 2
    var start = r.lowerBound
    while start + half - 1 < r.upperBound {
      let from = start + half - 1
      guard let found = memchr(base + from, 0x0A, r.upperBound - from) else { break }
      let i = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
      out.append(start..<(i + 1))
      start = i + 1
    }
    if start < r.upperBound { out.append(start..<r.upperBound) }
  }

  static let stopWords: Set<String> = [
    "about", "above", "after", "again", "against", "among", "because", "before", "being", "below", "between",
    "could", "doing", "during", "every", "first", "found", "their", "there", "these", "thing", "things", "those",
    "through", "under", "until", "where", "which", "while", "would", "should", "other", "value", "values", "string",
    "number", "false", "items", "title", "result", "results", "content", "description", "please", "answer",
  ]

  /// Hashes of the stop words, sorted (a binary search beats `Set` hashing for 48 entries).
  static let stopWordHashes: SortedHashes = SortedHashes(stopWords.flatMap { wordsOf(Substring($0)) })

  /// Lowercased words of 5+ letters or 3+ digits (ASCII letters lowercased; any non-ASCII
  /// byte counts as a letter, so words of other scripts are kept whole), as 64-bit hashes.
  static func wordsOf(_ s: Substring) -> [UInt64] {
    var out: [UInt64] = []
    var copy = s
    copy.withUTF8 { appendWords($0, 0..<$0.count, to: &out) }
    return out
  }

  /// Appends the word hashes of `u[range]` (see `wordsOf`) to `out`.
  static func appendWords(_ u: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to out: inout [UInt64]) {
    forEachWord(u, range) { out.append($0) }
  }

  /// Per byte: bits 0-7 = the byte lowercased (ASCII), never 0 for a byte that is part of a word;
  /// bit 8 = counts as a letter (ASCII letters and the first byte of a multi-byte character); bit
  /// 40 = digit; 0 for a byte outside words. Shifted right by 8, the flags of a word's bytes sum
  /// to its letters (low 32 bits) and digits (high 32 bits) in one addition per byte.
  static let wordByteTable: [UInt64] = (0..<256).map { b -> UInt64 in
    let lowered = UInt64(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
    if (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b >= 0xC0 { return lowered | 1 << 8 }
    if b >= 0x80 { return lowered }
    if b >= 0x30 && b <= 0x39 { return lowered | 1 << 40 }
    return 0
  }

  /// Calls `body` with the hash of each word of `u[range]` (see `wordsOf`), in order.
  @inline(__always)
  static func forEachWord(_ u: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ body: (UInt64) -> Void) {
    // Words are kept as 64-bit hashes (FNV-1a of the lowercased bytes): no allocation per word.
    guard let base = u.baseAddress else { return }
    wordByteTable.withUnsafeBufferPointer { t in
      let table = t.baseAddress!
      var i = range.lowerBound
      let end = range.upperBound
      // A run of bytes that is neither letter nor digit (only continuation bytes: invalid UTF-8)
      // does not end a word: its bytes stay in the hash of the next run.
      var h: UInt64 = 0xCBF2_9CE4_8422_2325
      while i < end {
        var c = table[Int(base[i])]
        if c == 0 {
          i += 1
          continue
        }
        // Letters in the low 32 bits, digits in the high 32 (a text is shorter than 4 GB).
        var counts: UInt64 = 0
        repeat {
          h = (h ^ (c & 0xFF)) &* 0x0000_0100_0000_01B3
          counts &+= c >> 8
          i += 1
          if i == end { break }
          c = table[Int(base[i])]
        } while c != 0
        let letters = counts & 0xFFFF_FFFF
        let digits = counts >> 32
        if letters >= 5 || (digits >= 3 && letters == 0) { body(h) }
        if counts != 0 { h = 0xCBF2_9CE4_8422_2325 }
      }
    }
  }

  // MARK: - Output shape

  /// The shape of a response text.
  ///
  /// - Parameters:
  ///   - response: The response text.
  ///   - hasToolCalls: Whether the response called tools.
  /// - Returns: `.label` for one short line (6 words, 60 characters at most), `.json` for a JSON
  ///   object or array, `.toolCalls` for tool calls without text, `.text` otherwise.
  static func outputShape(_ response: String, hasToolCalls: Bool) -> OutputShape {
    let byBytes: OutputShape? = response.withUTF8Bytes { u in
      guard let first = u.firstIndex(where: { !isSpace($0) }), let last = u.lastIndex(where: { !isSpace($0) }) else {
        return hasToolCalls ? .toolCalls : OutputShape.none
      }
      if (u[first] == UInt8(ascii: "{") && u[last] == UInt8(ascii: "}"))
        || (u[first] == UInt8(ascii: "[") && u[last] == UInt8(ascii: "]"))
      {
        return .json
      }
      // ASCII without CR: each byte is one character, so the label test can run on bytes.
      let trimmed = UnsafeBufferPointer(rebasing: u[first...last])
      guard !trimmed.contains(where: { $0 >= 0x80 || $0 == 0x0D }) else { return nil }
      if trimmed.count > 60 || trimmed.contains(0x0A) { return .text }
      var words = 0
      var previous: UInt8 = 0x20
      for b in trimmed {
        if b != 0x20 && previous == 0x20 { words += 1 }
        previous = b
      }
      return words <= 6 ? .label : .text
    }
    if let byBytes { return byBytes }
    let trimmed = response[...].trimmingSpaces
    if trimmed.count <= 60 && !trimmed.contains("\n") && trimmed.split(separator: " ").count <= 6 { return .label }
    return .text
  }

  /// Whether request parameters ask for structured output (a JSON schema or object, or a forced tool).
  static func requestsStructuredOutput(parameters: String?) -> Bool {
    guard let p = parameters else { return false }
    return p.withUTF8Bytes { u in
      if contains(u, "\"response_format\"") && (contains(u, "json_schema") || contains(u, "json_object")) {
        return true
      }
      return contains(u, "\"output_format\"") || contains(u, "\"tool_choice\":{")
    }
  }

  /// Whether `haystack` contains the UTF-8 bytes of `needle` (a byte search, no Foundation).
  static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
    let n = needle.utf8CodeUnitCount
    guard n > 0, haystack.count >= n else { return n == 0 }
    let p = needle.utf8Start
    let first = p[0]
    var i = 0
    let last = haystack.count - n
    while i <= last {
      if haystack[i] == first {
        var k = 1
        while k < n && haystack[i + k] == p[k] { k += 1 }
        if k == n { return true }
      }
      i += 1
    }
    return false
  }
}

/// Exact byte-class masks over eight bytes in a `UInt64` (the high bit of each matching byte).
enum SWAR {
  static let ones: UInt64 = 0x0101_0101_0101_0101
  static let highs: UInt64 = 0x8080_8080_8080_8080
  static let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

  /// Bytes equal to `b` (no false positives: no carry crosses a byte).
  @inline(__always)
  static func equal(_ w: UInt64, _ b: UInt8) -> UInt64 {
    let x = w ^ (ones &* UInt64(b))
    return ~(((x & lows) &+ lows) | x) & highs
  }

  /// How many bytes of a mask with only high bits set (as `equal` returns) are flagged: a
  /// multiply sums them into the top byte (the baseline x86-64 target has no `popcnt`, so
  /// `nonzeroBitCount` is a dozen instructions).
  @inline(__always)
  static func highBitCount(_ mask: UInt64) -> Int {
    Int(truncatingIfNeeded: ((mask >> 7) &* ones) >> 56)
  }

  /// ASCII digits `0`-`9`.
  @inline(__always)
  static func digits(_ w: UInt64) -> UInt64 {
    let highNibble3 = equal(w & 0xF0F0_F0F0_F0F0_F0F0, 0x30)
    // Low nibble + 0x76 sets the high bit exactly when the nibble is 10 or more.
    let belowTen = ~((w & 0x0F0F_0F0F_0F0F_0F0F) &+ 0x7676_7676_7676_7676) & highs
    return highNibble3 & belowTen
  }
}

/// The shape of a response.
public enum OutputShape: String, Sendable, Codable, Hashable {
  /// No response text.
  case none
  /// Tool calls only.
  case toolCalls = "tool_calls"
  /// One short line: a label, yes/no, a number, a name.
  case label
  /// A JSON object or array.
  case json
  /// Free text.
  case text
}

/// A small immutable set of 64-bit hashes, searched by bisection.
struct SortedHashes: Sendable {
  private let sorted: [UInt64]
  /// The hashes, ascending.
  var values: [UInt64] { sorted }

  /// Creates the set.
  init(_ values: [UInt64]) { sorted = Array(Set(values)).sorted() }

  /// Whether `x` is in the set.
  func contains(_ x: UInt64) -> Bool {
    var lo = 0
    var hi = sorted.count
    while lo < hi {
      let mid = (lo + hi) >> 1
      if sorted[mid] < x { lo = mid + 1 } else { hi = mid }
    }
    return lo < sorted.count && sorted[lo] == x
  }
}

extension Substring {
  /// Without leading and trailing ASCII whitespace (a byte scan, no Unicode property look-ups).
  var trimmingSpaces: Substring {
    let u = utf8
    var start = u.startIndex
    var end = u.endIndex
    while start < end, PromptMeasures.isSpace(u[start]) { start = u.index(after: start) }
    while end > start, PromptMeasures.isSpace(u[u.index(before: end)]) { end = u.index(before: end) }
    return self[start..<end]
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
