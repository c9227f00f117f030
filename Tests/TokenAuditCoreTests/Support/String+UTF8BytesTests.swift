import Testing

@testable import TokenAuditCore

/// `characterPrefix` (a byte cut for ASCII heads) against `String(prefix(_:))` on random texts
/// mixing ASCII, CR LF, combining marks, emoji sequences and other scripts.
@Suite struct StringUTF8BytesTests {
  static let pieces = [
    "a", "Z", "7", " ", "  ", "\n", "\r\n", "\r", "\t", "word ", "e\u{301}", "\u{301}", "é", "👍🏽", "🇫🇷",
    "1\u{FE0F}\u{20E3}",
    "数据", "\u{200D}", "Straße", "\u{0}", ".", "\"", "x\u{308}", "ok",
  ]

  @Test(arguments: [1, 2, 3])
  func characterPrefixMatchesPrefix(seed: UInt64) {
    var rng = SplitMix(seed: seed)
    for round in 0..<400 {
      // Mostly ASCII heads (the fast path), with a rarer piece somewhere.
      var text = String(repeating: "abc ", count: rng.int(60))
      for _ in 0..<(round % 40) { text += Self.pieces[rng.int(Self.pieces.count)] }
      let characters = text.count
      for n in [0, 1, 2, characters / 2, characters - 1, characters, characters + 1, rng.int(characters + 3)]
      where n >= 0 {
        #expect(text.characterPrefix(n) == String(text.prefix(n)), "\(n) of \(text.debugDescription)")
        #expect(text.characterPrefix(n).utf8.elementsEqual(String(text.prefix(n)).utf8))
      }
    }
  }

  @Test func cutsBeforeACombiningMarkOrCRLFAreNotSplit() {
    for text in ["abce\u{301}x", "abc\r\nx", "abc\u{301}", "ab\r\n", "abcd👍🏽"] {
      for n in 0...6 {
        #expect(
          text.characterPrefix(n).utf8.elementsEqual(String(text.prefix(n)).utf8), "\(n) \(text.debugDescription)")
      }
    }
  }
}
