import Testing

@testable import TokenAuditCore

/// The fast paths of `PromptMeasures` (memchr line splitting, table-driven word hashing, SWAR
/// whitespace estimate, hash-table chunk de-duplication) against the byte-at-a-time versions they
/// replaced, kept here verbatim as references, on random texts that include invalid UTF-8.
@Suite struct PromptMeasuresFastPathTests {
  static let pieces: [[UInt8]] =
    [
      "invoice", "Customer", "REFUND", "shipping", "warehouse", "12345", "987", "42", "the", "Über", "señal", "数据库",
      "results", "description", "about", " ", " ", "  ", "    ", "\n", "\n", "\n\n", "\n \n", "\t", "\r\n", ", ", ": ",
      "\": ", "\", ", "}, ", "], ", "1: ", "7, ", "{\"key\": 1}", "Straße", "x", "-", ".", "\u{0}",
    ].map { Array($0.utf8) } + [[0x80], [0xBF, 0x41], [0xC3], [0xFF], [0xE2, 0x82]]

  static func randomBytes(_ rng: inout SplitMix, pieces count: Int) -> [UInt8] {
    var out: [UInt8] = []
    for _ in 0..<count {
      if rng.int(40) == 0 {
        // A long line, so that chunks get cut.
        out += [UInt8](repeating: UInt8(ascii: "a") + UInt8(rng.int(26)), count: 200 + rng.int(1_200))
      } else {
        out += pieces[rng.int(pieces.count)]
      }
    }
    return out
  }

  // MARK: - References (the previous implementations)

  static func referenceParagraphs(_ u: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
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

  static func referenceSplitLong(_ u: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> [Range<Int>] {
    var out: [Range<Int>] = []
    guard r.count > PromptMeasures.maximumChunkCharacters else { return [r] }
    var start = r.lowerBound
    var count = 0
    for i in r {
      count += 1
      if u[i] == 0x0A && count >= PromptMeasures.maximumChunkCharacters / 2 {
        out.append(start..<(i + 1))
        start = i + 1
        count = 0
      }
    }
    if start < r.upperBound { out.append(start..<r.upperBound) }
    return out
  }

  static func referenceWords(_ u: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [UInt64] {
    var out: [UInt64] = []
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
        if b < 0x80 || b >= 0xC0 { letters += 1 }
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
    return out
  }

  static func referenceExcess(_ u: UnsafeBufferPointer<UInt8>) -> Int {
    var n = 0
    var previous: UInt8 = 0
    var beforePrevious: UInt8 = 0
    for b in u {
      if PromptMeasures.isSpace(b) {
        if PromptMeasures.isSpace(previous) {
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

  /// The previous `contextUse`: words sorted and de-duplicated per chunk, stop words by bisection.
  static func referenceContextUse(context: [String], response: String) -> PromptMeasures.ContextUse {
    guard response.utf8.count >= 20 else { return .init() }
    var words: [UInt64] = []
    var bounds: [(start: Int, end: Int, bytes: Int)] = []
    for text in context {
      text.withUTF8Bytes { b in
        for r in PromptMeasures.chunked(b) {
          let start = words.count
          words += referenceWords(b, r)
          words[start...].sort()
          var w = start
          var i = start
          while i < words.count {
            let x = words[i]
            i += 1
            if PromptMeasures.stopWordHashes.contains(x) || (w > start && words[w - 1] == x) { continue }
            words[w] = x
            w += 1
          }
          words.removeSubrange(w...)
          bounds.append((start, w, r.count))
        }
      }
    }
    guard bounds.count >= 2 else { return .init() }
    var frequency: [UInt64: Int] = [:]
    if bounds.count >= 4 { for x in words { frequency[x, default: 0] += 1 } }
    let inResponse = Set(response.withUTF8Bytes { referenceWords($0, 0..<$0.count) })
    var use = PromptMeasures.ContextUse()
    for c in bounds {
      var distinctive = 0
      var hits = 0
      for x in words[c.start..<c.end] where bounds.count < 4 || frequency[x, default: 0] * 2 < bounds.count {
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

  /// The previous `isJSONLine`, on array slices.
  static func referenceIsJSONLine(_ line: ArraySlice<UInt8>) -> Bool {
    guard let first = line.firstIndex(where: { !PromptMeasures.isSpace($0) }) else { return false }
    switch line[first] {
    case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"): return true
    case UInt8(ascii: "\""): return line[first...].contains(UInt8(ascii: ":")) || line.last == UInt8(ascii: ",")
    default: return false
    }
  }

  /// The previous `compactProse`, on line slices.
  static func referenceCompactProse(_ bytes: [UInt8]) -> ([UInt8], Bool) {
    let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
    // Common indentation of non-blank lines (textwrap.dedent).
    var common = Int.max
    for l in lines {
      guard let first = l.firstIndex(where: { !PromptMeasures.isSpace($0) }) else { continue }
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
      while j < lines.count && referenceIsJSONLine(lines[j]) { j += 1 }
      if j - i >= 3 {
        var block: [UInt8] = []
        for k in i..<j { block += lines[k] }
        let before = block.count + (j - i)
        let mini = PromptMeasures.minifyJSON(block[...])
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
      guard let firstNonSpace = line.firstIndex(where: { !PromptMeasures.isSpace($0) }) else {
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
      let end = (line.lastIndex(where: { !PromptMeasures.isSpace($0) }) ?? firstNonSpace) + 1
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

  // MARK: - Equivalence

  @Test(arguments: [11, 12, 13])
  func byteScannersMatchTheirReferences(seed: UInt64) {
    var rng = SplitMix(seed: seed)
    for round in 0..<600 {
      let bytes = Self.randomBytes(&rng, pieces: round < 50 ? round : rng.int(400))
      bytes.withUnsafeBufferPointer { u in
        #expect(PromptMeasures.paragraphs(u) == Self.referenceParagraphs(u))
        #expect(PromptMeasures.excessEstimate(u) == Self.referenceExcess(u))
        let lo = u.count == 0 ? 0 : rng.int(u.count)
        let hi = lo + (u.count == lo ? 0 : rng.int(u.count - lo + 1))
        var words: [UInt64] = []
        PromptMeasures.appendWords(u, lo..<hi, to: &words)
        #expect(words == Self.referenceWords(u, lo..<hi))
        var split: [Range<Int>] = []
        PromptMeasures.splitLong(u, lo..<hi, into: &split)
        #expect(split == Self.referenceSplitLong(u, lo..<hi))
      }
    }
  }

  @Test func excessEstimateAtEveryAlignment() {
    // Each pattern at every offset across an eight-byte boundary, alone and in runs.
    let patterns: [[UInt8]] = ["\": ", "}, ", "], ", "9: ", "a: ", "  ", "\n\t", " \r\n ", ": ", ","].map {
      Array($0.utf8)
    }
    for p in patterns {
      for offset in 0..<20 {
        for tail in 0..<10 {
          let bytes =
            [UInt8](repeating: UInt8(ascii: "x"), count: offset) + p
            + [UInt8](repeating: UInt8(ascii: " "), count: tail % 3) + [UInt8](repeating: 0x41, count: tail)
          bytes.withUnsafeBufferPointer { u in
            #expect(PromptMeasures.excessEstimate(u) == Self.referenceExcess(u), "\(bytes)")
          }
        }
      }
    }
  }

  @Test(arguments: [21, 22, 23])
  func compactProseMatchesTheSliceVersion(seed: UInt64) {
    var rng = SplitMix(seed: seed)
    // Prose, indentation, blank lines, trailing spaces and pretty-printed JSON lines.
    let lines = [
      "", " ", "\t", "  \t ", "plain text", "    indented  twice", "\tTabbed\t\tline  ", "{", "}", "  [", "  ],",
      "    \"key\": 1,", "    \"key\": \"a  b\"", "  \"no colon\",", "\"quoted\"", "- item", "x\r", "  Grüße  数据",
    ]
    for round in 0..<1_500 {
      var text: [UInt8] = []
      for k in 0..<(round < 20 ? round : rng.int(40)) {
        if k > 0 || rng.int(5) == 0 { text.append(0x0A) }
        text += Array(lines[rng.int(lines.count)].utf8)
      }
      if rng.int(4) == 0 { text.append(0x0A) }
      let got = PromptMeasures.compactProse(text)
      let expected = Self.referenceCompactProse(text)
      #expect(got.0 == expected.0 && got.1 == expected.1, "\(String(decoding: text, as: UTF8.self).debugDescription)")
    }
  }

  @Test(arguments: [18, 19])
  func excessEstimateStopsOnlyPastItsLimit(seed: UInt64) {
    var rng = SplitMix(seed: seed)
    for round in 0..<600 {
      let bytes = Self.randomBytes(&rng, pieces: round < 50 ? round : rng.int(400))
      bytes.withUnsafeBufferPointer { u in
        let full = Self.referenceExcess(u)
        for limit in [0, 1, 7, 8, 9, PromptMeasures.minimumExcessCharacters, 33, 100, full, full + 1] {
          let stopped = PromptMeasures.excessEstimate(u, stoppingAt: limit)
          // Exact below the limit; at or past it, whenever the full count is.
          #expect((stopped >= limit) == (full >= limit), "limit \(limit)")
          if full < limit { #expect(stopped == full) }
          #expect(stopped <= full)
        }
      }
    }
  }

  /// The previous `normalizedHash` (whitespace and case tested per byte).
  static func referenceNormalizedHash(_ u: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    var started = false
    var pendingSpace = false
    for i in r {
      let b = u[i]
      if PromptMeasures.isSpace(b) {
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

  @Test(arguments: [25, 26])
  func normalizedHashMatchesThePerByteTests(seed: UInt64) {
    var rng = SplitMix(seed: seed)
    for round in 0..<1_000 {
      let bytes = Self.randomBytes(&rng, pieces: round < 50 ? round : rng.int(200))
      bytes.withUnsafeBufferPointer { u in
        let lo = u.count == 0 ? 0 : rng.int(u.count)
        let hi = lo + (u.count == lo ? 0 : rng.int(u.count - lo + 1))
        #expect(PromptMeasures.normalizedHash(u, lo..<hi) == Self.referenceNormalizedHash(u, lo..<hi))
      }
    }
  }

  @Test func highBitCountMatchesNonzeroBitCount() {
    var rng = SplitMix(seed: 20)
    for _ in 0..<2_000 {
      let mask = rng.next() & SWAR.highs
      #expect(SWAR.highBitCount(mask) == mask.nonzeroBitCount)
    }
    #expect(SWAR.highBitCount(SWAR.highs) == 8)
    #expect(SWAR.highBitCount(0) == 0)
  }

  @Test(arguments: [14, 15, 16, 17])
  func contextUseMatchesTheSortingVersion(seed: UInt64) {
    var rng = SplitMix(seed: seed)
    let stop = ["about", "because", "values", "description", "results", "Please"]
    for _ in 0..<200 {
      let context = (0..<(1 + rng.int(4))).map { _ in
        var text = String(decoding: Self.randomBytes(&rng, pieces: rng.int(700)), as: UTF8.self)
        for _ in 0..<rng.int(5) { text += " " + stop[rng.int(stop.count)] + "\n\n" }
        return text
      }
      // Responses quote some context words so that chunks get used.
      var response = String(decoding: Self.randomBytes(&rng, pieces: rng.int(80)), as: UTF8.self)
      for _ in 0..<rng.int(6) { response += " warehouse Customer 12345 shipping" }
      #expect(
        PromptMeasures.contextUse(context: context, response: response)
          == Self.referenceContextUse(context: context, response: response))
    }
  }

  /// The previous `repeatedUnits`, on substrings.
  static func referenceRepeatedUnits(in system: String) -> [Substring] {
    guard system.utf8.count >= PromptMeasures.minimumRepeatedParagraphCharacters * 2 else { return [] }
    var seen = Set<UInt64>()
    var repeated: [Substring] = []
    var multiLine: [Substring] = []
    for p in PromptMeasures.paragraphs(system) {
      let trimmed = p.trimmingSpaces
      guard trimmed.utf8.count >= PromptMeasures.minimumRepeatedParagraphCharacters else { continue }
      if !seen.insert(PromptMeasures.normalizedHash(trimmed)).inserted {
        repeated.append(trimmed)
      } else if trimmed.utf8.contains(0x0A) {
        multiLine.append(trimmed)
      }
    }
    var seenLines = Set<UInt64>()
    for p in multiLine {
      for l in p.utf8.split(separator: 0x0A).map({ Substring($0) }) {
        let t = l.trimmingSpaces
        guard t.utf8.count >= PromptMeasures.minimumRepeatedLineCharacters else { continue }
        if !seenLines.insert(PromptMeasures.normalizedHash(t)).inserted { repeated.append(t) }
      }
    }
    return repeated
  }

  /// The previous `outputShape`, on characters.
  static func referenceOutputShape(_ response: String, hasToolCalls: Bool) -> OutputShape {
    let bytes = Array(response.utf8)
    guard bytes.contains(where: { !PromptMeasures.isSpace($0) }) else { return hasToolCalls ? .toolCalls : .none }
    if PromptMeasures.looksLikeJSONDocument(bytes) { return .json }
    let trimmed = response[...].trimmingSpaces
    if trimmed.count <= 60 && !trimmed.contains("\n") && trimmed.split(separator: " ").count <= 6 { return .label }
    return .text
  }

  @Test(arguments: [18, 19, 20])
  func repeatedUnitsMatchTheSubstringVersion(seed: UInt64) {
    var rng = SplitMix(seed: seed)
    let lines = [
      "Always answer in English and keep the reply under two hundred words.",
      "ALWAYS answer in  English and keep the reply under two hundred words.",
      "Refunds are processed within five business days of the request.",
      "  Escalate billing disputes to a human agent immediately, with the invoice.  ",
      "short line", "", " ", "\t", "Über die Straße gehen wir jeden Tag gemeinsam, ohne Ausnahme.",
    ]
    for _ in 0..<300 {
      var system = ""
      for _ in 0..<rng.int(30) {
        system += lines[rng.int(lines.count)]
        system += ["\n", "\n\n", "\n \n", "\r\n", " "][rng.int(5)]
      }
      let got = PromptMeasures.repeatedUnits(in: system).map(String.init)
      #expect(got == Self.referenceRepeatedUnits(in: system).map(String.init))
    }
  }

  @Test(arguments: [21, 22])
  func outputShapeMatchesTheCharacterVersion(seed: UInt64) {
    var rng = SplitMix(seed: seed)
    let parts = [
      "billing", "yes", " ", "  ", "\n", "\r\n", "\t", "{", "}", "[", "]", "\"a\": 1", "é", "e\u{301}", "数",
      "word", "12", ",", "\r",
    ]
    for _ in 0..<2_000 {
      var s = ""
      for _ in 0..<rng.int(rng.int(4) == 0 ? 70 : 12) { s += parts[rng.int(parts.count)] }
      let tools = rng.int(2) == 0
      #expect(
        PromptMeasures.outputShape(s, hasToolCalls: tools) == Self.referenceOutputShape(s, hasToolCalls: tools),
        "\(s.debugDescription)")
    }
  }
}
