/// Languages the similarity lexicon knows, as a small bit set.
struct TextLanguage: OptionSet, Hashable, Sendable {
  let rawValue: UInt8

  static let en = TextLanguage(rawValue: 1)
  static let es = TextLanguage(rawValue: 2)
  static let fr = TextLanguage(rawValue: 4)
  static let de = TextLanguage(rawValue: 8)
  /// Every known language.
  static let known: [(code: String, language: TextLanguage)] = [("en", .en), ("es", .es), ("fr", .fr), ("de", .de)]

  /// The language of an ISO 639-1 code, or an empty set.
  init(code: String) {
    self = Self.known.first { $0.code == code }?.language ?? []
  }

  init(rawValue: UInt8) { self.rawValue = rawValue }

  /// The code of a single language (`und` when empty or several).
  var code: String { Self.known.first { $0.language == self }?.code ?? "und" }
}

/// Suffix stripping and diacritic folding, enough to make inflected forms of the same word meet
/// ("cancelled" / "cancelling", "pedidos" / "pedido", "Bestellungen" / "Bestellung").
///
/// Deliberately light: it strips one suffix from a short per-language list and never leaves a stem
/// shorter than four letters, so distinct words rarely collapse.
enum LightStemmer {
  private static let spanish = bytes([
    "amente", "aciones", "ación", "acion", "iendo", "ando", "ados", "adas", "idos", "idas", "ado", "ada", "ido",
    "ida", "ar", "er", "ir", "en", "an", "es", "os", "as", "s", "a", "o", "e",
  ])
  private static let french = bytes([
    "ements", "ement", "ations", "ation", "ées", "ée", "és", "é", "er", "ez", "es", "e", "s", "x",
  ])
  private static let german = bytes(["ungen", "ung", "ern", "en", "er", "es", "e", "n", "s"])

  private static func bytes(_ list: [String]) -> [[UInt8]] { list.map { Array($0.utf8) } }

  /// The stem of a lower-case, folded word.
  ///
  /// Works on UTF-8 bytes; a stem keeps at least four bytes.
  ///
  /// - Parameters:
  ///   - word: A lower-case word without diacritics.
  ///   - language: One language (English rules when empty).
  /// - Returns: The stem (the word itself when no rule applies).
  static func stem(_ word: String, _ language: TextLanguage) -> String {
    guard word.utf8.count > 4 else { return word }
    let w = Array(word.utf8)
    var out: [UInt8]?
    switch language {
    case .es: out = strip(w, spanish)
    case .fr: out = strip(w, french)
    case .de: out = strip(w, german)
    default: out = english(w)
    }
    guard let out else { return word }
    return String(decoding: out, as: UTF8.self)
  }

  private static func strip(_ w: [UInt8], _ suffixes: [[UInt8]]) -> [UInt8]? {
    for s in suffixes where w.count - s.count >= 4 && ends(w, s) { return Array(w.dropLast(s.count)) }
    return nil
  }

  private static func ends(_ w: [UInt8], _ s: [UInt8]) -> Bool {
    guard w.count >= s.count else { return false }
    var i = w.count - s.count
    for b in s {
      if w[i] != b { return false }
      i += 1
    }
    return true
  }

  private static func ends(_ w: [UInt8], _ a: UInt8, _ b: UInt8) -> Bool {
    w.count >= 2 && w[w.count - 2] == a && w[w.count - 1] == b
  }

  private static func ends(_ w: [UInt8], _ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
    w.count >= 3 && w[w.count - 3] == a && w[w.count - 2] == b && w[w.count - 1] == c
  }

  /// Plural, then -ing/-ed/-ly/-ation, then a final e: "changes", "changed", "changing" → "chang".
  private static func english(_ input: [UInt8]) -> [UInt8]? {
    let (a, c, d, e, g, h, i, l, n, o, s, t, u, x, y, z) = (
      UInt8(ascii: "a"), UInt8(ascii: "c"), UInt8(ascii: "d"), UInt8(ascii: "e"), UInt8(ascii: "g"),
      UInt8(ascii: "h"), UInt8(ascii: "i"), UInt8(ascii: "l"), UInt8(ascii: "n"), UInt8(ascii: "o"),
      UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "u"), UInt8(ascii: "x"), UInt8(ascii: "y"),
      UInt8(ascii: "z")
    )
    var w = input
    func drop(_ k: Int) -> Bool {
      guard w.count - k >= 4 else { return false }
      w.removeLast(k)
      return true
    }
    if ends(w, i, e, s) || ends(w, i, e, d) {
      if drop(3) { w.append(y) }
    } else if w.count >= 4 && ends(w, s, e, s) && w[w.count - 4] == s {
      _ = drop(2)
    } else if ends(w, e, s), w.count >= 4,
      [s, x, z].contains(w[w.count - 3]) || (w[w.count - 3] == h && [c, s].contains(w[w.count - 4]))
    {
      _ = drop(2)
    } else if w.last == s, !ends(w, s, s), !ends(w, u, s), !ends(w, i, s) {
      _ = drop(1)
    }
    if ends(w, [a, t, i, o, n, s]) {
      _ = drop(6)
    } else if ends(w, [a, t, i, o, n]) {
      _ = drop(5)
    } else if ends(w, i, n, g) || ends(w, e, d) {
      if drop(ends(w, i, n, g) ? 3 : 2), w.count >= 5, w[w.count - 1] == w[w.count - 2],
        ![a, e, i, o, u, s].contains(w[w.count - 1])
      {
        w.removeLast()
      }
    } else if ends(w, l, y) {
      _ = drop(2)
    }
    if w.last == e { _ = drop(1) }
    return w == input ? nil : w
  }

  /// Lower-cases and removes diacritics from Latin letters (`é` → `e`, `ß` → `ss`, `œ` → `oe`).
  ///
  /// - Parameter word: Any word.
  /// - Returns: The folded word.
  static func fold(_ word: String) -> String {
    if word.utf8.allSatisfy({ $0 < 0x80 }) { return word }
    var out = String.UnicodeScalarView()
    var changed = false
    for s in word.unicodeScalars {
      if s.value < 0x80 {
        out.append(s)
        continue
      }
      if let f = foldTable[s] {
        out.append(contentsOf: f.unicodeScalars)
        changed = true
      } else {
        out.append(s)
      }
    }
    return changed ? String(out) : word
  }

  private static let foldTable: [Unicode.Scalar: String] = {
    let groups: [(String, String)] = [
      ("àáâãäåā", "a"), ("èéêëē", "e"), ("ìíîïī", "i"), ("òóôõöøō", "o"), ("ùúûüū", "u"), ("ýÿ", "y"), ("ñ", "n"),
      ("ç", "c"), ("ß", "ss"), ("œ", "oe"), ("æ", "ae"),
    ]
    var t: [Unicode.Scalar: String] = [:]
    for (letters, base) in groups {
      for s in letters.unicodeScalars { t[s] = base }
    }
    return t
  }()
}
