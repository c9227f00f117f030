/// Short excerpts of where two texts differ, for the report: the words they share at the start
/// and at the end are cut and replaced by `…`, then each side is redacted and shortened.
enum ExcerptDiff {
  /// The differing parts of `a` and `b`.
  ///
  /// - Parameters:
  ///   - a: One text.
  ///   - b: The other.
  ///   - limit: Longest excerpt.
  /// - Returns: Two redacted excerpts (the whole texts, shortened, when they differ everywhere).
  static func differing(_ a: String, _ b: String, limit: Int = 60) -> (String, String) {
    let wa = a.split(whereSeparator: \.isWhitespace)
    let wb = b.split(whereSeparator: \.isWhitespace)
    var head = 0
    while head < wa.count && head < wb.count && wa[head] == wb[head] { head += 1 }
    var tail = 0
    while tail < wa.count - head && tail < wb.count - head && wa[wa.count - 1 - tail] == wb[wb.count - 1 - tail] {
      tail += 1
    }
    // Keep one word of context on each side so the excerpt reads.
    let start = max(0, head - 1)
    func part(_ w: [Substring]) -> String {
      let end = min(w.count, w.count - tail + 1)
      guard start < end else { return Redactor.excerpt(w.joined(separator: " "), limit: limit) }
      let body = w[start..<end].joined(separator: " ")
      let text = (start > 0 ? "…" : "") + body + (end < w.count ? "…" : "")
      return Redactor.excerpt(text, limit: limit)
    }
    return (part(wa), part(wb))
  }
}

/// A compact fingerprint of a logged answer, to tell whether two answers agree: its hash, the
/// numbers it mentions (in order), and a sketch of its character trigrams.
struct ResponseSignature: Sendable, Hashable {
  /// Hash of the whole response (`CallFacts.responseHash`).
  var hash: UInt64
  /// Hash of the digit runs of the excerpt, in order (an order number, a date, an amount).
  var numbersKey: UInt64
  /// Bottom-k trigram sketch of the excerpt's words.
  var trigrams: [UInt32]

  /// Trigrams kept.
  static let sketchSize = 32

  /// The signature of a call's logged answer, or nil when none is logged.
  static func of(_ call: CallFacts) -> ResponseSignature? {
    of(hash: call.responseHash, excerpt: call.responseExcerpt)
  }

  /// The signature of an answer with hash `hash` (0: none logged) and excerpt `excerpt`.
  static func of(hash: UInt64, excerpt: String) -> ResponseSignature? {
    guard hash != 0 else { return nil }
    let (numbers, words) = parts(excerpt)
    let sketch = Array(SignatureBuilder.sketch(words).prefix(sketchSize))
    return ResponseSignature(hash: hash, numbersKey: numbers, trigrams: sketch)
  }

  /// A key for memoising `of(call)`: the answer's hash and excerpt.
  static func key(_ call: CallFacts) -> UInt64 {
    var h = ContentHasher()
    h.combine(call.responseHash)
    h.combine(call.responseExcerpt)
    return h.value
  }

  /// The hash of the ASCII digit runs of `text` (in order) and its lower-case words (runs of
  /// letters and numbers). Without `fastPath`, ASCII texts too are read as `Character`s (to check
  /// the byte-level path against the general one).
  static func parts(_ text: String, fastPath: Bool = true) -> (numbers: UInt64, words: [String]) {
    var numbers = ContentHasher()
    let fast = fastPath ? asciiParts(text, numbers: &numbers) : nil
    let words = fast ?? unicodeParts(text, numbers: &numbers)
    return (numbers.value, words)
  }

  /// The lower-case words of an ASCII `text`, its digit runs added to `numbers` (nil, and
  /// `numbers` untouched, for any other text).
  private static func asciiParts(_ text: String, numbers: inout ContentHasher) -> [String]? {
    var copy = text
    return copy.withUTF8 { t -> [String]? in
      for b in t where b >= 0x80 { return nil }
      var words: [String] = []
      var i = 0
      let n = t.count
      while i < n {
        guard ASCIIBytes.isLetter(t[i]) || ASCIIBytes.isDigit(t[i]) else {
          i += 1
          continue
        }
        var j = i
        while j < n && (ASCIIBytes.isLetter(t[j]) || ASCIIBytes.isDigit(t[j])) {
          // Digit runs end at any other byte, letters included.
          if ASCIIBytes.isDigit(t[j]) {
            var k = j
            while k < n && ASCIIBytes.isDigit(t[k]) { k += 1 }
            numbers.combine(ASCIIBytes.string(t, j..<k))
            j = k
          } else {
            j += 1
          }
        }
        words.append(ASCIIBytes.lowerString(t, i..<j))
        i = j
      }
      return words
    }
  }

  /// The lower-case words of `text`, its ASCII digit runs added to `numbers`.
  private static func unicodeParts(_ text: String, numbers: inout ContentHasher) -> [String] {
    var run = ""
    var words: [String] = []
    var word = ""
    for ch in text {
      if ch.isASCII && ch.isNumber {
        run.append(ch)
      } else if !run.isEmpty {
        numbers.combine(run)
        run = ""
      }
      if ch.isLetter || ch.isNumber {
        word.append(ch)
      } else if !word.isEmpty {
        words.append(word.lowercased())
        word = ""
      }
    }
    if !run.isEmpty { numbers.combine(run) }
    if !word.isEmpty { words.append(word.lowercased()) }
    return words
  }

  /// Whether two answers agree: identical, or the same numbers and mostly the same wording.
  func agrees(with o: ResponseSignature) -> Bool {
    if hash == o.hash { return true }
    return numbersKey == o.numbersKey && SimilarityScorer.trigramSimilarity(trigrams, o.trigrams) >= 0.5
  }
}
