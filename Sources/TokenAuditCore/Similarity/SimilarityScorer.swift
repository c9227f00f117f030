/// Scores how likely two requests ask the same thing, from their signatures.
///
/// Hard rules first, never relaxed by any score: texts with different entities (an order id, a
/// name, a date, an amount…), texts of which one is negated, texts on opposite sides of a polar
/// concept (enable/disable), and texts in two different detected languages are never similar.
/// Otherwise the score mixes the Jaccard index and the overlap coefficient of their concepts and
/// content words (words one typo apart count as shared) with the similarity of their character
/// trigrams, and multiplies in penalties for an intent only one side has (`how do I cancel` vs
/// `cancel`) and for content substituted on both sides (`ocean` vs `forest`).
enum SimilarityScorer {
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
  /// - Returns: The score, or nil.
  static func score(_ a: TextSignature, _ b: TextSignature) -> Double? {
    if block(a, b) != nil { return nil }
    let tri = trigramSimilarity(a.trigrams, b.trigrams)
    if a.isEmpty || b.isEmpty { return a.isEmpty && b.isEmpty ? tri : 0 }
    let sharedConcepts = intersectionCount(a.concepts, b.concepts)
    let sharedWords = intersectionCount(a.words, b.words)
    let typos = typoPairs(a, b)
    let shared = sharedConcepts + sharedWords + typos
    let sizeA = a.concepts.count + a.words.count
    let sizeB = b.concepts.count + b.words.count
    let union = sizeA + sizeB - shared
    let jaccard = Double(shared) / Double(max(1, union))
    let overlap = Double(shared) / Double(max(1, min(sizeA, sizeB)))
    var score = 0.85 * (0.5 * jaccard + 0.5 * overlap) + 0.15 * tri
    // An intent only one side has changes what is asked.
    let intentMismatch = a.intents.count + b.intents.count - 2 * intersectionCount(a.intents, b.intents)
    for _ in 0..<intentMismatch { score *= 0.7 }
    // Content on both sides that the other lacks: a different object.
    let substituted = min(sizeA - shared, sizeB - shared)
    for _ in 0..<max(0, substituted) { score *= 0.8 }
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

  /// Pairs of unshared content words one letter apart, each word used once.
  static func typoPairs(_ a: TextSignature, _ b: TextSignature) -> Int {
    guard !a.wordDeletes.isEmpty, !b.wordDeletes.isEmpty else { return 0 }
    let sharedA = Set(a.words).intersection(b.words)
    var usedA = Set<UInt64>()
    var usedB = Set<UInt64>()
    var i = 0
    var j = 0
    var pairs = 0
    while i < a.wordDeletes.count && j < b.wordDeletes.count {
      let ha = a.wordDeletes[i] >> 8
      let hb = b.wordDeletes[j] >> 8
      if ha == hb {
        let wa = a.wordDeletes[i] & 0xFF
        let wb = b.wordDeletes[j] & 0xFF
        let ida = a.words[Int(wa)]
        let idb = b.words[Int(wb)]
        if !sharedA.contains(ida) && !sharedA.contains(idb) && !usedA.contains(wa) && !usedB.contains(wb) {
          usedA.insert(wa)
          usedB.insert(wb)
          pairs += 1
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
