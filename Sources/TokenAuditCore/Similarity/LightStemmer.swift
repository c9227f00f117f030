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
  private static let spanish = [
    "amente", "aciones", "ación", "acion", "iendo", "ando", "ados", "adas", "idos", "idas", "ado", "ada", "ido",
    "ida", "ar", "er", "ir", "es", "os", "as", "s", "a", "o", "e",
  ]
  private static let french = [
    "ements", "ement", "ations", "ation", "ées", "ée", "és", "é", "er", "ez", "es", "e", "s", "x",
  ]
  private static let german = ["ungen", "ung", "ern", "en", "er", "es", "e", "n", "s"]

  /// The stem of a lower-case, folded word.
  ///
  /// - Parameters:
  ///   - word: A lower-case word without diacritics.
  ///   - language: One language (English rules when empty).
  /// - Returns: The stem (the word itself when no rule applies).
  static func stem(_ word: String, _ language: TextLanguage) -> String {
    let scalars = Array(word.unicodeScalars)
    guard scalars.count > 4 else { return word }
    switch language {
    case .es: return strip(scalars, spanish) ?? word
    case .fr: return strip(scalars, french) ?? word
    case .de: return strip(scalars, german) ?? word
    default: return english(scalars)
    }
  }

  private static func strip(_ scalars: [Unicode.Scalar], _ suffixes: [String]) -> String? {
    for suffix in suffixes {
      let s = Array(suffix.unicodeScalars)
      guard scalars.count - s.count >= 4, scalars.suffix(s.count).elementsEqual(s) else { continue }
      return string(scalars.dropLast(s.count))
    }
    return nil
  }

  /// Plural, then -ing/-ed/-ly/-ation, then a final e: "changes", "changed", "changing" → "chang".
  private static func english(_ input: [Unicode.Scalar]) -> String {
    var w = input
    func ends(_ suffix: String) -> Bool {
      let s = Array(suffix.unicodeScalars)
      return w.count >= s.count && w.suffix(s.count).elementsEqual(s)
    }
    func drop(_ n: Int) -> Bool {
      guard w.count - n >= 4 else { return false }
      w.removeLast(n)
      return true
    }
    if ends("ies") || ends("ied") {
      if drop(3) { w.append("y") }
    } else if ends("sses") {
      _ = drop(2)
    } else if ends("es"), w.count >= 4, "sxz".unicodeScalars.contains(w[w.count - 3]) || ends("ches") || ends("shes") {
      _ = drop(2)
    } else if ends("s"), !ends("ss"), !ends("us"), !ends("is") {
      _ = drop(1)
    }
    if ends("ations") {
      _ = drop(6)
    } else if ends("ation") {
      _ = drop(5)
    } else if ends("ing") || ends("ed") {
      if drop(ends("ing") ? 3 : 2), w.count >= 5, w[w.count - 1] == w[w.count - 2],
        !"aeious".unicodeScalars.contains(w[w.count - 1])
      {
        w.removeLast()
      }
    } else if ends("ly") {
      _ = drop(2)
    }
    if ends("e") { _ = drop(1) }
    return string(w[...])
  }

  private static func string(_ s: ArraySlice<Unicode.Scalar>) -> String {
    var out = String.UnicodeScalarView()
    out.append(contentsOf: s)
    return String(out)
  }

  /// Lower-cases and removes diacritics from Latin letters (`é` → `e`, `ß` → `ss`, `œ` → `oe`).
  ///
  /// - Parameter word: Any word.
  /// - Returns: The folded word.
  static func fold(_ word: String) -> String {
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
