/// The kind of a value found in a text.
enum EntityKind: String, CaseIterable, Sendable, Comparable, Codable {
  case url, email, uuid, date, time, amount, percent, number, name, quote, path

  static func < (a: EntityKind, b: EntityKind) -> Bool { a.rawValue < b.rawValue }
}

/// One value in a text, in canonical form (`#12345` and `12345` are both number `12345`; `$50` and
/// `50 dollars` are both amount `usd:50`).
struct Entity: Hashable, Sendable {
  var kind: EntityKind
  var value: String
}

/// What `EntityExtractor` finds in a text.
struct ExtractedText: Sendable {
  /// Values in text order, each (kind, value) once.
  var entities: [Entity] = []
  /// Lower-case words outside the entities, in text order.
  var words: [String] = []
  /// The text with every entity replaced by `⟨kind⟩`.
  var masked = ""
  /// Characters before the first entity (nil when there is none).
  var firstEntityOffset: Int?
  /// Characters in the text.
  var characterCount = 0
  /// The detected language (empty when unclear).
  var language: TextLanguage = []
  /// Whether the text was plain ASCII without carriage returns (then so is every word).
  var ascii = false
}

/// Finds the values that make two similar-looking requests different: numbers and ids, emails, URLs,
/// UUIDs, dates (ISO, numeric, month names, weekdays, `tomorrow`…), times, amounts, percentages,
/// quoted strings, file paths and names.
///
/// Names are capitalised words that are not at the start of a sentence and are not words the lexicon
/// knows, or capitalised words after a trigger (`for`, `to`, `customer`, `für`…). In German, where
/// every noun is capitalised, only the trigger rule applies; in Title Case text, too.
struct EntityExtractor {
  let lexicon: SimilarityLexicon

  /// Creates an extractor.
  init(lexicon: SimilarityLexicon = .bundled) { self.lexicon = lexicon }

  /// One whitespace-separated piece of the text.
  struct Chunk {
    var raw: String
    var core: String
    var lower: String
    var start: Int
    var sentenceStart: Bool
    var endsSentence: Bool
    var entity: Entity?
    var ordinal = false
    var numeric: String?
    /// Index of the chunk that carries the merged entity (others in the run are absorbed).
    var absorbedInto: Int?
    /// Letters (and inner apostrophes or hyphens) only: never a value by itself.
    var plainWord = false
  }

  /// Extracts the entities and the remaining words of `text`.
  ///
  /// - Parameter text: Any text (a user message).
  /// - Returns: Entities, words, masked text and language.
  func extract(_ text: String) -> ExtractedText {
    var cache = WordCache()
    return extract(text, cache: &cache)
  }

  /// Extracts the entities and the remaining words of `text`, with lexicon results kept in `cache`.
  ///
  /// - Parameters:
  ///   - text: Any text (a user message).
  ///   - cache: Per-word lexicon results shared by the texts of a run (never changes a result).
  ///   - fastPath: Whether plain ASCII texts take the byte-level path (`false` only to check that
  ///     path against the general one).
  /// - Returns: Entities, words, masked text and language.
  func extract(_ text: String, cache: inout WordCache, fastPath: Bool = true) -> ExtractedText {
    if fastPath, let fast = extractASCII(text, cache: &cache) { return fast }
    let chars = Array(text)
    var chunks = split(chars)
    for i in chunks.indices { classify(&chunks[i]) }
    var out = ExtractedText()
    out.characterCount = chars.count
    let wordTokens = chunks.filter { $0.entity == nil && $0.numeric == nil }.map(\.lower)
    out.language = language(of: wordTokens, cache: &cache)
    mergeRuns(&chunks, language: out.language, ascii: false, cache: &cache)
    markNames(&chunks, language: out.language, cache: &cache)
    collect(chunks, into: &out)
    return out
  }

  /// `lexicon.language(of:)` with each word's votes from `cache`.
  func language(of tokens: [String], cache: inout WordCache) -> TextLanguage {
    var votes = (0, 0, 0, 0)
    for t in tokens {
      let langs = cache.roles(t, lexicon).votes
      if langs.contains(.en) { votes.0 += 1 }
      if langs.contains(.es) { votes.1 += 1 }
      if langs.contains(.fr) { votes.2 += 1 }
      if langs.contains(.de) { votes.3 += 1 }
    }
    let counts = [votes.0, votes.1, votes.2, votes.3]
    let best = counts.max() ?? 0
    guard best > 0, counts.filter({ $0 == best }).count == 1, let i = counts.firstIndex(of: best) else { return [] }
    return TextLanguage.known[i].language
  }

  // MARK: - Chunking

  /// Abbreviations whose full stop does not end a sentence.
  static let abbreviations: Set<String> = [
    "mr", "mrs", "ms", "dr", "prof", "st", "vs", "etc", "e.g", "i.e", "no", "nr", "sr", "sra", "mme", "m", "hr", "fr",
    "approx", "dept", "inc", "ltd", "co", "jr",
  ]
  private static let openQuotes: [Character: Character] = [
    "\"": "\"", "“": "”", "«": "»", "„": "“", "`": "`", "'": "'", "‘": "’",
  ]
  private static let leadingStrip: Set<Character> = [
    "(", "[", "{", "¿", "¡", "\"", "'", "“", "”", "«", "»", "„", "‘", "’", "*", "•", "<",
  ]
  private static let trailingStrip: Set<Character> = [
    ")", "]", "}", ".", ",", "!", "?", ";", ":", "\"", "'", "”", "“", "»", "’", "…", ">", "*",
  ]

  private func split(_ chars: [Character]) -> [Chunk] {
    var chunks: [Chunk] = []
    var i = 0
    var sentenceStart = true
    let n = chars.count
    while i < n {
      if chars[i].isWhitespace {
        if chars[i].isNewline {
          sentenceStart = true
          if !chunks.isEmpty { chunks[chunks.count - 1].endsSentence = true }
        }
        i += 1
        continue
      }
      if let close = Self.openQuotes[chars[i]], let j = quoteEnd(chars, i, close) {
        let content = String(chars[(i + 1)..<j]).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var c = Chunk(
          raw: String(chars[i...j]), core: content, lower: content.lowercased(), start: i,
          sentenceStart: sentenceStart, endsSentence: false)
        c.entity = Entity(kind: .quote, value: c.lower)
        chunks.append(c)
        sentenceStart = false
        i = j + 1
        continue
      }
      var k = i
      while k < n && !chars[k].isWhitespace { k += 1 }
      let raw = String(chars[i..<k])
      var core = Substring(raw)
      while let f = core.first, Self.leadingStrip.contains(f) { core = core.dropFirst() }
      var trailing = ""
      while let l = core.last, Self.trailingStrip.contains(l) {
        trailing.append(l)
        core = core.dropLast()
      }
      let lowerCore = core.lowercased()
      let abbreviation = trailing.first == "." && Self.abbreviations.contains(lowerCore)
      let ends = !abbreviation && trailing.contains { ".!?:;".contains($0) }
      if core.isEmpty || core == "-" || core == "–" {
        if ends || raw == "-" || raw == "*" || raw == "•" { sentenceStart = true }
        if !chunks.isEmpty && ends { chunks[chunks.count - 1].endsSentence = true }
        i = k
        continue
      }
      var c = Chunk(
        raw: raw, core: String(core), lower: lowerCore, start: i, sentenceStart: sentenceStart,
        endsSentence: ends)
      c.plainWord = core.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0 == "'" || $0 == "’" }
      chunks.append(c)
      sentenceStart = ends
      i = k
    }
    return chunks
  }

  /// The index of the quote that closes the one at `i`, when the pair encloses a short phrase.
  private func quoteEnd(_ chars: [Character], _ i: Int, _ close: Character) -> Int? {
    if i > 0, !(chars[i - 1].isWhitespace || "([:{".contains(chars[i - 1])) { return nil }
    guard i + 1 < chars.count, !chars[i + 1].isWhitespace else { return nil }
    var j = i + 1
    let limit = min(chars.count, i + 300)
    while j < limit {
      let c = chars[j]
      if c.isNewline { return nil }
      if c == close || (close == "“" && c == "”") {
        let after = j + 1 < chars.count ? chars[j + 1] : " "
        if !after.isLetter && !after.isNumber && j > i + 1 { return j }
      }
      j += 1
    }
    return nil
  }

  // MARK: - Single chunks

  static let fileExtensions: Set<String> = [
    "pdf", "csv", "txt", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "png", "jpg", "jpeg", "gif", "json", "xml",
    "yaml", "yml", "md", "py", "js", "ts", "swift", "java", "go", "rs", "rb", "c", "h", "cpp", "html", "css", "zip",
    "log", "sql", "sh", "mp3", "mp4", "wav",
  ]
  private static let currencySymbols: [Character: String] = [
    "$": "usd", "€": "eur", "£": "gbp", "¥": "jpy", "₹": "inr",
  ]
  func classify(_ c: inout Chunk) {
    guard c.entity == nil, !c.plainWord else { return }
    let s = c.core
    let lower = c.lower
    let chars = Array(s)
    var digits = 0
    var letters = 0
    var marks = Set<Character>()
    for ch in chars {
      if ch.isASCII && ch.isNumber {
        digits += 1
      } else if ch.isLetter {
        letters += 1
      } else {
        marks.insert(ch)
      }
    }
    if marks.contains("."), lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("www.") {
      c.entity = Entity(kind: .url, value: Self.canonicalURL(lower))
      return
    }
    if marks.contains("@"), let at = chars.firstIndex(of: "@") {
      if at == 0, chars.count > 1 {
        c.entity = Entity(kind: .name, value: String(lower.dropFirst()))
        return
      }
      if chars[(at + 1)...].contains(".") {
        c.entity = Entity(kind: .email, value: lower)
        return
      }
    }
    if chars.count == 36, Self.isUUID(chars) {
      c.entity = Entity(kind: .uuid, value: lower)
      return
    }
    if chars.first == "#", chars.count > 1 {
      c.entity = Entity(kind: .number, value: Self.canonicalID(String(chars.dropFirst())))
      return
    }
    if digits > 0, let f = chars.first, let l = chars.last {
      if let sym = Self.currencySymbols[f], chars.count > 1, let n = Self.number(chars.dropFirst()) {
        c.entity = Entity(kind: .amount, value: sym + ":" + n)
        return
      }
      if let sym = Self.currencySymbols[l], chars.count > 1, let n = Self.number(chars.dropLast()) {
        c.entity = Entity(kind: .amount, value: sym + ":" + n)
        return
      }
      if l == "%", let n = Self.number(chars.dropLast()) {
        c.entity = Entity(kind: .percent, value: n)
        return
      }
    }
    if digits == 0 {
      if Self.isIdentifier(chars) {
        c.entity = Entity(kind: .number, value: Self.canonicalID(s))
      } else if marks.contains("/") || marks.contains("\\") || marks.contains(".") {
        if Self.isPath(chars, lower) {
          c.entity = Entity(kind: .path, value: lower)
        } else if Self.isDomain(lower) {
          c.entity = Entity(kind: .url, value: Self.canonicalURL(lower))
        }
      }
      return
    }
    if letters <= 1, !marks.isEmpty, let d = Self.numericDate(chars) {
      c.entity = Entity(kind: .date, value: d)
      return
    }
    if letters <= 3 || marks.contains(":"), let t = Self.time(lower) {
      c.entity = Entity(kind: .time, value: t)
      return
    }
    if letters == 0, let n = Self.number(chars[...]) {
      c.numeric = n
      return
    }
    if letters <= 2, let o = Self.ordinal(lower) {
      c.numeric = o
      c.ordinal = true
      return
    }
    if marks.contains("/") || marks.contains("\\") || marks.contains("."), Self.isPath(chars, lower) {
      c.entity = Entity(kind: .path, value: lower)
      return
    }
    if letters > 0 || marks.contains("-") || Self.isIdentifier(chars) {
      c.entity = Entity(kind: .number, value: Self.canonicalID(s))
    }
  }
}
