import Testing

@testable import TokenAuditCore

/// The byte-level prompt measures against plain models written from their definitions, on random
/// texts made of words, numbers, blank lines, long lines and non-ASCII letters.
@Suite struct PromptMeasuresPropertyTests {
  static let pieces = [
    "invoice", "customer", "refund", "shipping", "warehouse", "12345", "987", "the", "and", "Über", "señal",
    "数据库", "results", "description", "about", " ", " ", "  ", "\n", "\n", "\n\n", "\n \n", "\t", ", ", ": ",
    "{\"key\": 1}", "Straße", "ÉCOLE", "x",
  ]

  static func randomText(_ rng: inout SplitMix, words: Int) -> String {
    var s = ""
    for _ in 0..<words { s += pieces[Int(rng.next() % UInt64(pieces.count))] }
    return s
  }

  @Test(arguments: [1, 2, 3, 4])
  func paragraphsSplitAtBlankLines(seed: UInt64) {
    var rng = SplitMix(seed: seed)
    for _ in 0..<300 {
      let text = Self.randomText(&rng, words: Int(rng.next() % 80))
      let got = PromptMeasures.paragraphs(text).map(String.init)
      // Every paragraph ends a line or the text, and no paragraph holds a blank line after text.
      for p in got {
        let lines = p.split(separator: "\n", omittingEmptySubsequences: false)
        var sawText = false
        for l in lines.dropLast() {
          let blank = l.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
          #expect(!(blank && sawText), "\(p.debugDescription)")
          if !blank { sawText = true }
        }
      }
      // Nothing is lost but the blank lines between paragraphs.
      let joinedNonSpace = got.joined().filter { !$0.isWhitespace }
      #expect(joinedNonSpace == text.filter { !$0.isWhitespace })
    }
  }

  /// `contextUse` as its documentation defines it, on `Set`s of words.
  static func modelUse(context: [String], response: String) -> PromptMeasures.ContextUse {
    guard response.utf8.count >= 20 else { return .init() }
    var chunks: [(words: Set<UInt64>, bytes: Int)] = []
    for text in context {
      text.withUTF8Bytes { b in
        for r in PromptMeasures.chunked(b) {
          let s = String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self)
          chunks.append(
            (Set(PromptMeasures.wordsOf(Substring(s)).filter { !PromptMeasures.stopWordHashes.contains($0) }), r.count))
        }
      }
    }
    guard chunks.count >= 2 else { return .init() }
    var df: [UInt64: Int] = [:]
    for c in chunks { for w in c.words { df[w, default: 0] += 1 } }
    let answer = Set(PromptMeasures.wordsOf(Substring(response)))
    var use = PromptMeasures.ContextUse()
    for c in chunks {
      let distinctive = chunks.count >= 4 ? c.words.filter { df[$0]! * 2 < chunks.count } : c.words
      guard !distinctive.isEmpty else { continue }
      use.chunks += 1
      use.chunkCharacters += c.bytes
      let hits = distinctive.filter { answer.contains($0) }.count
      if hits >= 2 || (distinctive.count < 8 && hits * 4 >= distinctive.count && hits > 0) {
        use.used += 1
      } else {
        use.unusedCharacters += c.bytes
      }
    }
    return use
  }

  @Test(arguments: [5, 6, 7])
  func contextUseMatchesItsDefinition(seed: UInt64) {
    var rng = SplitMix(seed: seed)
    for _ in 0..<150 {
      let context = (0..<Int(1 + rng.next() % 3)).map { _ in Self.randomText(&rng, words: Int(rng.next() % 900)) }
      let response = Self.randomText(&rng, words: Int(rng.next() % 60))
      #expect(
        PromptMeasures.contextUse(context: context, response: response)
          == Self.modelUse(context: context, response: response))
    }
  }

  @Test(arguments: [8, 9])
  func byteSearchMatchesStringSearch(seed: UInt64) {
    var rng = SplitMix(seed: seed)
    let needles: [StaticString] = ["\"response_format\"", "json_schema", "\"tool_choice\":{", "a", "x\""]
    let parts = ["\"response_format\"", "json_", "schema", "\"tool_choice\":", "{", "a", "x", "\"", "é", " "]
    for _ in 0..<500 {
      var s = ""
      for _ in 0..<Int(rng.next() % 12) { s += parts[Int(rng.next() % UInt64(parts.count))] }
      for n in needles {
        let expected = s.utf8.count >= n.utf8CodeUnitCount && s.contains(n.description)
        #expect(s.withUTF8Bytes { PromptMeasures.contains($0, n) } == expected, "\(s) \(n)")
      }
    }
  }

  @Test func normalizedHashIgnoresCaseAndSpacing() {
    let a = PromptMeasures.normalizedHash("Always  answer in\tEnglish.\n")
    let b = PromptMeasures.normalizedHash("always answer in english.")
    let c = PromptMeasures.normalizedHash("always answer in french.")
    #expect(a == b)
    #expect(a != c)
  }
}
