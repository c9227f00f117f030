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
    guard text.utf8.count >= minimumExcessCharacters * 2, excessEstimate(text) >= minimumExcessCharacters else {
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
  static func excessEstimate(_ text: String) -> Int {
    text.withUTF8Bytes { u in
      var n = 0
      var previous: UInt8 = 0
      var beforePrevious: UInt8 = 0
      for b in u {
        if isSpace(b) {
          if isSpace(previous) {
            n += 1
          } else if b == 0x20 && (previous == UInt8(ascii: ":") || previous == UInt8(ascii: ","))
            && (beforePrevious == UInt8(ascii: "\"") || beforePrevious == UInt8(ascii: "}")
              || beforePrevious == UInt8(ascii: "]") || (beforePrevious >= 0x30 && beforePrevious <= 0x39))
          {
            n += 1
          }
        }
        beforePrevious = previous
        previous = b
      }
      return n
    }
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

  /// Whether a line (without its newline) looks like a line of pretty-printed JSON.
  static func isJSONLine(_ line: ArraySlice<UInt8>) -> Bool {
    guard let first = line.firstIndex(where: { !isSpace($0) }) else { return false }
    switch line[first] {
    case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"): return true
    case UInt8(ascii: "\""): return line[first...].contains(UInt8(ascii: ":")) || line.last == UInt8(ascii: ",")
    default: return false
    }
  }

  static func compactProse(_ bytes: [UInt8]) -> ([UInt8], Bool) {
    let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
    // Common indentation of non-blank lines (textwrap.dedent).
    var common = Int.max
    for l in lines {
      guard let first = l.firstIndex(where: { !isSpace($0) }) else { continue }
      common = min(common, first - l.startIndex)
    }
    if common == Int.max { common = 0 }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var jsonRemoved = 0
    var otherRemoved = 0
    var blankRun = 0
    var i = 0
    while i < lines.count {
      // A block of 3+ JSON-looking lines: minify it as one piece.
      var j = i
      while j < lines.count && isJSONLine(lines[j]) { j += 1 }
      if j - i >= 3 {
        var block: [UInt8] = []
        for k in i..<j { block += lines[k] }
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
      guard let firstNonSpace = line.firstIndex(where: { !isSpace($0) }) else {
        blankRun += 1
        if blankRun == 1 && i < lines.count { out.append(0x0A) } else { otherRemoved += line.count + 1 }
        continue
      }
      blankRun = 0
      let start = min(line.startIndex + common, firstNonSpace)
      otherRemoved += start - line.startIndex
      // Leading indentation beyond the common part is kept (it may be code or a nested list).
      out += line[start..<firstNonSpace]
      var lastSpace = false
      let end = (line.lastIndex(where: { !isSpace($0) }) ?? firstNonSpace) + 1
      for c in line[firstNonSpace..<end] {
        let space = c == 0x20 || c == 0x09
        if space && lastSpace {
          otherRemoved += 1
          continue
        }
        out.append(space ? 0x20 : c)
        lastSpace = space
      }
      otherRemoved += line.endIndex - end
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
    var seen = Set<UInt64>()
    var repeated: [Substring] = []
    var multiLine: [Substring] = []
    for p in paragraphs(system) {
      let trimmed = p.trimmingSpaces
      guard trimmed.utf8.count >= minimumRepeatedParagraphCharacters else { continue }
      if !seen.insert(normalizedHash(trimmed)).inserted {
        repeated.append(trimmed)
      } else if trimmed.utf8.contains(0x0A) {
        multiLine.append(trimmed)
      }
    }
    var seenLines = Set<UInt64>()
    for p in multiLine {
      for l in p.utf8.split(separator: 0x0A).map({ Substring($0) }) {
        let t = l.trimmingSpaces
        guard t.utf8.count >= minimumRepeatedLineCharacters else { continue }
        if !seenLines.insert(normalizedHash(t)).inserted { repeated.append(t) }
      }
    }
    return repeated
  }

  /// Hash of `s` lowercased (ASCII) with whitespace runs collapsed, over UTF-8 bytes.
  static func normalizedHash(_ s: Substring) -> UInt64 {
    // FNV-1a over the normalised bytes, streamed (no copy of the text).
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    var started = false
    var pendingSpace = false
    for b in s.utf8 {
      if isSpace(b) {
        pendingSpace = started
        continue
      }
      if pendingSpace {
        h = (h ^ 0x20) &* 0x0000_0100_0000_01B3
        pendingSpace = false
      }
      h = (h ^ UInt64(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)) &* 0x0000_0100_0000_01B3
      started = true
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
    // Each chunk's distinct non-stop words, sorted, in one flat array.
    var words: [UInt64] = []
    var bounds: [(start: Int, end: Int, bytes: Int)] = []
    for text in context {
      text.withUTF8Bytes { b in
        for r in chunked(b) {
          let start = words.count
          appendWords(b, r, to: &words)
          words[start...].sort()
          var w = start
          var i = start
          while i < words.count {
            let x = words[i]
            i += 1
            if stopWordHashes.contains(x) || (w > start && words[w - 1] == x) { continue }
            words[w] = x
            w += 1
          }
          words.removeSubrange(w...)
          bounds.append((start, w, r.count))
        }
      }
    }
    guard bounds.count >= 2 else { return ContextUse() }
    let frequency = HashTable64(capacity: bounds.count >= 4 ? words.count : 0)
    if bounds.count >= 4 { for x in words { frequency.add(x) } }
    var responseWords: [UInt64] = []
    response.withUTF8Bytes { appendWords($0, 0..<$0.count, to: &responseWords) }
    let inResponse = HashTable64(capacity: responseWords.count)
    for x in responseWords { inResponse.insert(x) }
    var use = ContextUse()
    for c in bounds {
      var distinctive = 0
      var hits = 0
      for x in words[c.start..<c.end] where bounds.count < 4 || Int(frequency.value(x) ?? 0) * 2 < bounds.count {
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
    var start = 0
    var lineStart = 0
    var lineBlank = true
    var i = 0
    let n = u.count
    while i < n {
      let b = u[i]
      if b == 0x0A {
        if lineBlank && lineStart > start {
          out.append(start..<lineStart)
          start = i + 1
        }
        lineStart = i + 1
        lineBlank = true
      } else if !(b == 0x20 || b == 0x09 || b == 0x0D) {
        lineBlank = false
      }
      i += 1
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
    guard r.count > maximumChunkCharacters else {
      out.append(r)
      return
    }
    var start = r.lowerBound
    var count = 0
    for i in r {
      count += 1
      if u[i] == 0x0A && count >= maximumChunkCharacters / 2 {
        out.append(start..<(i + 1))
        start = i + 1
        count = 0
      }
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
    // Words are kept as 64-bit hashes (FNV-1a of the lowercased bytes): no allocation per word.
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    var letters = 0
    var digits = 0
    for i in range {
      let b = u[i]
      if b >= 0x41 && b <= 0x5A {
        h = (h ^ UInt64(b | 0x20)) &* 0x0000_0100_0000_01B3
        letters += 1
      } else if (b >= 0x61 && b <= 0x7A) || b >= 0x80 {
        h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
        if b < 0x80 || b >= 0xC0 { letters += 1 }  // count a multi-byte letter once
      } else if b >= 0x30 && b <= 0x39 {
        h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
        digits += 1
      } else if letters > 0 || digits > 0 {
        if letters >= 5 || (digits >= 3 && letters == 0) { out.append(h) }
        h = 0xCBF2_9CE4_8422_2325
        letters = 0
        digits = 0
      }
    }
    if letters >= 5 || (digits >= 3 && letters == 0) { out.append(h) }
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
    let bytes = Array(response.utf8)
    guard bytes.contains(where: { !isSpace($0) }) else { return hasToolCalls ? .toolCalls : .none }
    if looksLikeJSONDocument(bytes) { return .json }
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
