/// Builds pseudo-English prose from the vocabulary: plausible word and token statistics, no meaning.
struct SampleProse {
  typealias V = SampleVocabulary

  /// One sentence from a handful of shapes with random slots.
  static func sentence(_ rng: inout SampleRandom) -> String {
    let n1 = rng.pick(V.nouns)
    let n2 = rng.pick(V.nouns)
    let n3 = rng.pick(V.nouns)
    let a1 = rng.pick(V.adjectives)
    let a2 = rng.pick(V.adjectives)
    let v1 = rng.pick(V.verbs)
    let v2 = rng.pick(V.verbs)
    switch rng.below(7) {
    case 0: return "The \(a1) \(n1) \(v1) the \(n2) \(rng.pick(V.connectives)) the \(n3) is \(a2)."
    case 1: return "\(capitalized(rng.pick(V.adverbs))), the system \(v1) each \(a1) \(n1)."
    case 2: return "If \(article(n1)) \(n1) is \(a1), the agent \(v1) the \(n2) and \(v2) the \(a2) \(n3)."
    case 3: return "Each \(n1) \(v1) \(article(a1)) \(a1) \(n2) \(rng.pick(V.adverbs))."
    case 4: return "Support \(v1) the \(n1) \(rng.pick(V.connectives)) the customer \(v2) the \(a1) \(n2)."
    case 5:
      return "\(capitalized(article(a1))) \(a1) \(n1) \(rng.pick(V.adverbs)) \(v1) the \(n2) for the \(a2) \(n3)."
    default:
      return "Finance \(v1) every \(n1) \(rng.pick(V.connectives)) the \(a1) \(n2) \(v2) its \(n3)."
    }
  }

  /// A paragraph of `count` sentences.
  static func paragraph(_ rng: inout SampleRandom, sentences count: Int) -> String {
    var s = ""
    for i in 0..<count {
      if i > 0 { s += " " }
      s += sentence(&rng)
    }
    return s
  }

  /// A sectioned document of at least `targetTokens` estimated tokens, after `header`.
  static func document(_ rng: inout SampleRandom, header: String, sections: [String], targetTokens: Int) -> String {
    var s = header
    var i = 0
    while SampleText.tokens(forBytes: s.utf8.count) < targetTokens {
      s += "\n\n## " + sections[i % sections.count] + "\n"
      for _ in 0..<rng.int(2...4) {
        s += "- " + sentence(&rng) + "\n"
      }
      s += paragraph(&rng, sentences: rng.int(3...6))
      i += 1
    }
    return s
  }

  /// "a" or "an" before `word`.
  static func article(_ word: String) -> String {
    guard let f = word.first else { return "a" }
    return "aeiou".contains(f) ? "an" : "a"
  }

  /// The plural of a vocabulary noun.
  static func plural(_ noun: String) -> String {
    if noun.hasSuffix("y"), !noun.hasSuffix("ay"), !noun.hasSuffix("ey") { return noun.dropLast() + "ies" }
    if noun.hasSuffix("s") || noun.hasSuffix("x") || noun.hasSuffix("ch") { return noun + "es" }
    return noun + "s"
  }

  static func capitalized(_ s: String) -> String {
    guard let f = s.first else { return s }
    return f.uppercased() + s.dropFirst()
  }

  /// Replaces `{key}` placeholders.
  static func fill(_ template: String, _ values: [(String, String)]) -> String {
    var s = template
    for (k, v) in values where s.contains("{" + k + "}") {
      s = replacing("{" + k + "}", with: v, in: s)
    }
    return s
  }

  /// Every occurrence of `target` in `text` replaced (no Foundation).
  static func replacing(_ target: String, with replacement: String, in text: String) -> String {
    let t = Array(target.utf8)
    let src = Array(text.utf8)
    guard !t.isEmpty, src.count >= t.count else { return text }
    var out: [UInt8] = []
    out.reserveCapacity(src.count + replacement.utf8.count)
    var i = 0
    while i < src.count {
      if i + t.count <= src.count && src[i] == t[0] && src[i..<(i + t.count)].elementsEqual(t) {
        out.append(contentsOf: replacement.utf8)
        i += t.count
      } else {
        out.append(src[i])
        i += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
