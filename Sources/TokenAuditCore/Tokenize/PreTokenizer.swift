/// The hand-written pre-tokenizer: splits UTF-8 bytes into the pieces that tiktoken's split regex
/// (cl100k_base or o200k_base) would match, without a regex engine.
///
/// It walks Unicode scalars and reproduces the leftmost-first, backtracking semantics of the
/// patterns (see `SplitPattern`): possessive quantifiers in cl100k, `\s+(?!\S)` leaving the last
/// space of a run for the next word, `\s*[\r\n]` ending after the run's last line break, case-
/// insensitive contractions (`(?i)` also lets `s` match U+017F `ſ`, as Rust `regex` does), and
/// o200k's two case-class word rules.
///
/// Invalid UTF-8 (which tiktoken cannot receive: it works on `str`) is handled by one rule: each
/// byte that is not part of a well-formed sequence is a piece by itself, and for the surrounding
/// text it behaves like a character outside every class of the patterns (not a letter, number or
/// space, so `\S` for lookahead, and not punctuation either, so it never joins a run). Valid text
/// around it splits exactly as tiktoken splits it.
struct PreTokenizer {
  let base: UnsafePointer<UInt8>
  let count: Int
  let classes: ClassLookup
  let pattern: SplitPattern

  init(_ base: UnsafePointer<UInt8>, count: Int, pattern: SplitPattern, classes: ClassLookup) {
    self.base = base
    self.count = count
    self.pattern = pattern
    self.classes = classes
  }

  /// The exclusive end offset of the piece that starts at `start` (< `count`).
  @inline(__always)
  func pieceEnd(from start: Int) -> Int {
    switch pattern {
    case .cl100k: return asciiWordEnd(start, caseAware: false) ?? cl100kPieceEnd(start)
    case .o200k: return asciiWordEnd(start, caseAware: true) ?? o200kPieceEnd(start)
    }
  }

  // MARK: - Patterns

  private func cl100kPieceEnd(_ start: Int) -> Int {
    let first = scalar(at: start)
    if first.bit == ScalarClass.Bit.invalid { return start + 1 }
    let next = start + first.length
    // '(?i:[sdmt]|ll|ve|re)
    if first.value == 0x27, let end = contractionEnd(letterAt: next, singles: Self.cl100kSingles) { return end }
    // [^\r\n\p{L}\p{N}]?+\p{L}++
    if first.bit & ScalarClass.Mask.letter != 0 { return skip(ScalarClass.Mask.letter, from: next) }
    if first.bit & ScalarClass.Mask.wordPrefix != 0 && next < count {
      let second = scalar(at: next)
      if second.bit & ScalarClass.Mask.letter != 0 {
        return skip(ScalarClass.Mask.letter, from: next + second.length)
      }
    }
    // \p{N}{1,3}+
    if first.bit == ScalarClass.Bit.number { return numbersEnd(from: next) }
    //  ?[^\s\p{L}\p{N}]++[\r\n]*+
    if let end = punctuationEnd(first, next, slashInTail: false) { return end }
    // \s++$|\s*[\r\n]|\s+(?!\S)|\s
    return whitespaceEnd(start, endOfTextFirst: true)
  }

  private func o200kPieceEnd(_ start: Int) -> Int {
    let first = scalar(at: start)
    if first.bit == ScalarClass.Bit.invalid { return start + 1 }
    let next = start + first.length
    if let end = o200kWordEnd(first, start, next) { return end }
    // \p{N}{1,3}
    if first.bit == ScalarClass.Bit.number { return numbersEnd(from: next) }
    //  ?[^\s\p{L}\p{N}]+[\r\n/]*
    if let end = punctuationEnd(first, next, slashInTail: true) { return end }
    // \s*[\r\n]+|\s+(?!\S)|\s+
    return whitespaceEnd(start, endOfTextFirst: false)
  }

  /// o200k's two word rules, in pattern order: the lowercase-ending rule with the optional prefix
  /// taken, then not taken, then the uppercase rule with and without the prefix.
  ///
  /// Only a mark can both be the prefix and start a word; the rules that cannot match are skipped
  /// (a lone mark always matches the first rule without the prefix, as one lowercase-class char).
  @inline(__always)
  private func o200kWordEnd(_ first: DecodedScalar, _ start: Int, _ next: Int) -> Int? {
    let wordBits = ScalarClass.Mask.upperish | ScalarClass.Mask.lowerish
    if first.bit & ScalarClass.Mask.wordPrefix != 0 {
      if next < count && scalar(at: next).bit & wordBits != 0 {
        if let end = lowerWordEnd(from: next) { return end }
        if first.bit == ScalarClass.Bit.mark { return lowerWordEnd(from: start) }
        return upperWordEnd(from: next)
      }
      return first.bit == ScalarClass.Bit.mark ? lowerWordEnd(from: start) : nil
    }
    if first.bit & wordBits != 0 {
      return lowerWordEnd(from: start) ?? upperWordEnd(from: start)
    }
    return nil
  }

  /// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?` from `k`.
  ///
  /// The greedy first run backtracks to the last character that the second class also accepts.
  private func lowerWordEnd(from k: Int) -> Int? {
    var p = k
    var lastLowerishEnd = -1
    while p < count {
      let s = scalar(at: p)
      if s.bit & ScalarClass.Mask.upperish != 0 {
        p += s.length
        if s.bit & ScalarClass.Mask.lowerish != 0 { lastLowerishEnd = p }
        continue
      }
      if s.bit & ScalarClass.Mask.lowerish != 0 {
        return o200kContractionEnd(skip(ScalarClass.Mask.lowerish, from: p + s.length))
      }
      break
    }
    return lastLowerishEnd < 0 ? nil : o200kContractionEnd(lastLowerishEnd)
  }

  /// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?` from `k`.
  private func upperWordEnd(from k: Int) -> Int? {
    let p = skip(ScalarClass.Mask.upperish, from: k)
    if p == k { return nil }
    return o200kContractionEnd(skip(ScalarClass.Mask.lowerish, from: p))
  }

  // MARK: - Shared rules

  /// `\p{N}{1,3}` after the first number, which ends at `p`.
  @inline(__always)
  private func numbersEnd(from p: Int) -> Int {
    var p = p
    for _ in 0..<2 where p < count {
      let s = scalar(at: p)
      guard s.bit == ScalarClass.Bit.number else { break }
      p += s.length
    }
    return p
  }

  /// ` ?[^\s\p{L}\p{N}]+` then a run of `\r`, `\n` (and `/` for o200k); nil when it does not match.
  private func punctuationEnd(_ first: DecodedScalar, _ next: Int, slashInTail: Bool) -> Int? {
    var p: Int
    if first.value == 0x20 && next < count {
      let second = scalar(at: next)
      guard second.bit & ScalarClass.Mask.punctuation != 0 else { return nil }
      p = next + second.length
    } else if first.bit & ScalarClass.Mask.punctuation != 0 {
      p = next
    } else {
      return nil
    }
    p = skip(ScalarClass.Mask.punctuation, from: p)
    while p < count {
      let byte = base[p]
      guard byte == 0x0A || byte == 0x0D || (slashInTail && byte == 0x2F) else { break }
      p += 1
    }
    return p
  }

  /// The whitespace rules, for a piece starting with whitespace at `start`.
  ///
  /// cl100k: `\s++$`, then `\s*[\r\n]`, `\s+(?!\S)`, `\s`. o200k: `\s*[\r\n]+`, then `\s+(?!\S)`
  /// (which takes the whole run at the end of the text), `\s+`.
  private func whitespaceEnd(_ start: Int, endOfTextFirst: Bool) -> Int {
    var p = start
    var lastStart = start
    var afterLastNewline = -1
    var scalars = 0
    while p < count {
      let s = scalar(at: p)
      guard s.bit & ScalarClass.Mask.whitespace != 0 else { break }
      lastStart = p
      p += s.length
      scalars += 1
      if s.bit == ScalarClass.Bit.newline { afterLastNewline = p }
    }
    if endOfTextFirst && p == count { return p }
    if afterLastNewline >= 0 { return afterLastNewline }
    if p == count { return p }
    // \s+(?!\S): give back the last whitespace character so it can start the next piece.
    return scalars >= 2 ? lastStart : p
  }

  /// Letters after `'` that form a contraction alone: s, S, U+017F, d, D, m, M, t, T (cl100k).
  private static let cl100kSingles: UInt32 = 1 << 3 | 1 << 12 | 1 << 18 | 1 << 19  // d m s t
  /// o200k: 's 't 'm 'd.
  private static let o200kSingles: UInt32 = cl100kSingles

  /// The end of a contraction whose letters start at `p` (just after `'`), or nil.
  ///
  /// Single letters come from `singles` (bit `letter - a`); two-letter forms are ll, ve, re.
  private func contractionEnd(letterAt p: Int, singles: UInt32) -> Int? {
    guard p < count else { return nil }
    let first = scalar(at: p)
    if first.value == 0x17F && singles & (1 << 18) != 0 { return p + first.length }
    guard first.value < 0x80 else { return nil }
    let lower = first.value | 0x20
    guard lower >= 0x61 && lower <= 0x7A else { return nil }
    if singles & (1 << (lower - 0x61)) != 0 { return p + 1 }
    guard p + 1 < count else { return nil }
    let second = base[p + 1] | 0x20
    switch (lower, second) {
    case (0x6C, 0x6C), (0x76, 0x65), (0x72, 0x65): return p + 2  // ll ve re
    default: return nil
    }
  }

  /// The optional o200k contraction suffix at `p`.
  @inline(__always)
  private func o200kContractionEnd(_ p: Int) -> Int {
    guard p < count && base[p] == 0x27 else { return p }
    return contractionEnd(letterAt: p + 1, singles: Self.o200kSingles) ?? p
  }

  // MARK: - Scanning

  @inline(__always)
  private func scalar(at i: Int) -> DecodedScalar {
    DecodedScalar.decode(base, i, count, classes)
  }

  /// Skips scalars whose class is in `mask`, from `p`.
  @inline(__always)
  private func skip(_ mask: UInt16, from p: Int) -> Int {
    var p = p
    while p < count {
      let byte = base[p]
      if byte < 0x80 {
        guard classes.ascii[Int(byte)] & mask != 0 else { break }
        p &+= 1
        continue
      }
      let s = DecodedScalar.decodeMultibyte(base, p, count, byte, classes)
      guard s.bit & mask != 0 else { break }
      p &+= s.length
    }
    return p
  }
}
