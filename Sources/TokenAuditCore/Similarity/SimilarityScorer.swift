/// Scores how likely two requests ask the same thing, from their signatures.
///
/// Hard rules first, never relaxed by any score: texts with different entities (an order id, a
/// name, a date, an amount…), texts of which one is negated, texts on opposite sides of a polar
/// concept (enable/disable), and texts in two different detected languages are never similar.
/// Otherwise the score mixes the Jaccard index and the overlap coefficient of their concepts and
/// content words (up to two pairs of words one typo apart count as shared) with the similarity of their character
/// trigrams, and multiplies in penalties for an intent only one side has (`how do I cancel` vs
/// `cancel`) and for content substituted on both sides (`ocean` vs `forest`).
enum SimilarityScorer {
  /// Most pairs of content words one letter apart that count as shared.
  static let maxTypos = 2

  /// Why two texts can never be similar.
  enum Block: String, Sendable {
    case entities, negation, polarity, language
  }

  /// The block that separates `a` and `b`, if any.
  static func block(_ a: TextSignature, _ b: TextSignature) -> Block? {
    if a.entityKey != b.entityKey { return .entities }
    if a.negated != b.negated { return .negation }
    if !a.language.isEmpty && !b.language.isEmpty && a.language != b.language { return .language }
    if polarConflict(a.polar, b.polar) { return .polarity }
    return nil
  }

  /// The similarity of two signatures in [0, 1], or nil when a hard rule separates them.
  ///
  /// - Parameters:
  ///   - a: One signature.
  ///   - b: The other.
  ///   - minimum: Scores that cannot reach this are returned as 0 early (the exact value is
  ///     then not needed).
  /// - Returns: The score, or nil.
  static func score(_ a: TextSignature, _ b: TextSignature, minimum: Double = 0) -> Double? {
    if block(a, b) != nil { return nil }
    if a.isEmpty || b.isEmpty {
      return a.isEmpty && b.isEmpty ? trigramSimilarity(a.trigrams, b.trigrams) : 0
    }
    let sharedConcepts = intersectionCount(a.concepts, b.concepts)
    let sharedWords = intersectionCount(a.words, b.words)
    let sizeA = a.concepts.count + a.words.count
    let sizeB = b.concepts.count + b.words.count
    // An intent only one side has changes what is asked.
    let intentMismatch = a.intents.count + b.intents.count - 2 * intersectionCount(a.intents, b.intents)
    var penalty = 1.0
    for _ in 0..<intentMismatch { penalty *= 0.7 }
    func combine(_ shared: Int, _ tri: Double) -> Double {
      let union = sizeA + sizeB - shared
      let jaccard = Double(shared) / Double(max(1, union))
      let overlap = Double(shared) / Double(max(1, min(sizeA, sizeB)))
      var score = (0.85 * (0.5 * jaccard + 0.5 * overlap) + 0.15 * tri) * penalty
      // Content on both sides that the other lacks: a different object.
      for _ in 0..<max(0, min(sizeA - shared, sizeB - shared)) { score *= 0.8 }
      return score
    }
    // At most two typos count: more than that is a different text, not a copy with small edits.
    let typoBound = min(Self.maxTypos, min(a.words.count, b.words.count) - sharedWords)
    if minimum > 0 && combine(sharedConcepts + sharedWords + typoBound, 1) < minimum { return 0 }
    let typos = typoBound > 0 ? min(typoBound, typoPairs(a, b)) : 0
    let score = combine(sharedConcepts + sharedWords + typos, trigramSimilarity(a.trigrams, b.trigrams))
    return min(1, max(0, score))
  }

  static func polarConflict(_ a: [UInt64], _ b: [UInt64]) -> Bool {
    guard !a.isEmpty, !b.isEmpty else { return false }
    var sidesA: [UInt64: UInt8] = [:]
    var sidesB: [UInt64: UInt8] = [:]
    for p in a { sidesA[p >> 1, default: 0] |= p & 1 == 1 ? 2 : 1 }
    for p in b { sidesB[p >> 1, default: 0] |= p & 1 == 1 ? 2 : 1 }
    for (id, s) in sidesA {
      if let t = sidesB[id], s != t { return true }
    }
    return false
  }

  /// Elements of two sorted arrays that are equal.
  static func intersectionCount(_ a: [UInt32], _ b: [UInt32]) -> Int {
    var i = 0
    var j = 0
    var n = 0
    while i < a.count && j < b.count {
      if a[i] == b[j] {
        n += 1
        i += 1
        j += 1
      } else if a[i] < b[j] {
        i += 1
      } else {
        j += 1
      }
    }
    return n
  }

  /// Pairs of different content words one letter apart (each word counted once): an upper
  /// estimate of the typos between the two texts.
  static func typoPairs(_ a: TextSignature, _ b: TextSignature) -> Int {
    guard !a.wordDeletes.isEmpty, !b.wordDeletes.isEmpty else { return 0 }
    var usedA = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
    var usedB = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
    func mark(_ set: inout (UInt64, UInt64, UInt64, UInt64), _ i: UInt64) -> Bool {
      let bit = UInt64(1) << (i & 63)
      switch i >> 6 {
      case 0: if set.0 & bit != 0 { return false } else { set.0 |= bit }
      case 1: if set.1 & bit != 0 { return false } else { set.1 |= bit }
      case 2: if set.2 & bit != 0 { return false } else { set.2 |= bit }
      default: if set.3 & bit != 0 { return false } else { set.3 |= bit }
      }
      return true
    }
    var pairs = 0
    var i = 0
    var j = 0
    let da = a.wordDeletes
    let db = b.wordDeletes
    while i < da.count && j < db.count {
      let ha = da[i] >> 8
      let hb = db[j] >> 8
      if ha == hb {
        let wa = da[i] & 0xFF
        let wb = db[j] & 0xFF
        if a.words[Int(wa)] != b.words[Int(wb)] {
          var ca = usedA
          var cb = usedB
          if mark(&ca, wa) && mark(&cb, wb) {
            usedA = ca
            usedB = cb
            pairs += 1
          }
        }
        i += 1
        j += 1
      } else if ha < hb {
        i += 1
      } else {
        j += 1
      }
    }
    return pairs
  }

  /// Binary search in a sorted array.
  static func contains(_ sorted: [UInt32], _ x: UInt32) -> Bool {
    var lo = 0
    var hi = sorted.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if sorted[mid] == x { return true }
      if sorted[mid] < x { lo = mid + 1 } else { hi = mid }
    }
    return false
  }

  /// Jaccard estimate from two bottom-k sketches: the k smallest of the union, and how many of
  /// them both sides have.
  static func trigramSimilarity(_ a: [UInt32], _ b: [UInt32]) -> Double {
    if a.isEmpty && b.isEmpty { return 1 }
    if a.isEmpty || b.isEmpty { return 0 }
    let k = max(a.count, b.count)
    var i = 0
    var j = 0
    var taken = 0
    var both = 0
    while taken < k && (i < a.count || j < b.count) {
      if i < a.count && j < b.count && a[i] == b[j] {
        both += 1
        i += 1
        j += 1
      } else if j >= b.count || (i < a.count && a[i] < b[j]) {
        i += 1
      } else {
        j += 1
      }
      taken += 1
    }
    return Double(both) / Double(max(1, taken))
  }
}
