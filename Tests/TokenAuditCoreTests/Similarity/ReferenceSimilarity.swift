// A verbatim copy of the similarity code before its ASCII fast paths and word caches, renamed,
// to check that the optimised code gives exactly the same results.

@testable import TokenAuditCore

/// Finds the values that make two similar-looking requests different: numbers and ids, emails, URLs,
/// UUIDs, dates (ISO, numeric, month names, weekdays, `tomorrow`…), times, amounts, percentages,
/// quoted strings, file paths and names.
///
/// Names are capitalised words that are not at the start of a sentence and are not words the lexicon
/// knows, or capitalised words after a trigger (`for`, `to`, `customer`, `für`…). In German, where
/// every noun is capitalised, only the trigger rule applies; in Title Case text, too.
struct ReferenceEntityExtractor {
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
    let chars = Array(text)
    var chunks = split(chars)
    for i in chunks.indices { classify(&chunks[i]) }
    var out = ExtractedText()
    out.characterCount = chars.count
    let wordTokens = chunks.filter { $0.entity == nil && $0.numeric == nil }.map(\.lower)
    out.language = lexicon.language(of: wordTokens)
    mergeRuns(&chunks, language: out.language)
    markNames(&chunks, language: out.language)
    collect(chunks, into: &out)
    return out
  }

  // MARK: - Chunking

  /// Abbreviations whose full stop does not end a sentence.
  private static let abbreviations: Set<String> = [
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
  private func classify(_ c: inout Chunk) {
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

extension ReferenceEntityExtractor {
  // MARK: - Runs of chunks

  /// Multi-word values: relative dates, month-name dates, weekdays, number words, amounts with a
  /// currency word, times with `pm`/`Uhr`; then every remaining bare number.
  func mergeRuns(_ chunks: inout [Chunk], language: TextLanguage) {
    func plain(_ i: Int) -> Bool {
      i >= 0 && i < chunks.count && chunks[i].entity == nil && chunks[i].absorbedInto == nil
    }
    func numeric(_ i: Int) -> String? { plain(i) ? chunks[i].numeric : nil }
    func fits(_ l: TextLanguage) -> Bool { language.isEmpty || l.isEmpty || !l.isDisjoint(with: language) }
    func absorb(_ range: Range<Int>, into i: Int) {
      for j in range where j != i { chunks[j].absorbedInto = i }
    }
    var i = 0
    while i < chunks.count {
      defer { i += 1 }
      guard plain(i), chunks[i].numeric == nil else { continue }
      // Relative dates, longest phrase first.
      var matched = false
      let first =
        chunks[i].lower.contains(where: { $0 == "'" || $0 == "’" })
        ? Self.dropPossessive(chunks[i].lower) : chunks[i].lower
      let longest = lexicon.relativeDateStarts.contains(first) ? min(lexicon.maxPhraseWords, chunks.count - i) : 0
      for n in stride(from: longest, through: 1, by: -1) {
        guard (i..<(i + n)).allSatisfy({ plain($0) && chunks[$0].numeric == nil }) else { continue }
        let key = chunks[i..<(i + n)].map { Self.dropPossessive($0.lower) }.joined(separator: " ")
        if let l = lexicon.relativeDates[key], fits(l) {
          chunks[i].entity = Entity(kind: .date, value: LightStemmer.fold(key))
          absorb(i..<(i + n), into: i)
          matched = true
          break
        }
      }
      if matched { continue }
      let w = first
      let month = lexicon.months[w] ?? lexicon.ambiguousMonths[w]
      if let month {
        var first = i
        var last = i
        var day: String?
        var year: String?
        if let d = numeric(i - 1), (Int(d) ?? 99) <= 31 {
          day = d
          first = i - 1
        } else if plain(i - 1), chunks[i - 1].lower == "de", let d = numeric(i - 2), (Int(d) ?? 99) <= 31 {
          day = d
          first = i - 2
        }
        var j = i + 1
        if plain(j), chunks[j].lower == "de" || chunks[j].lower == "del" { j += 1 }
        if let d = numeric(j) {
          if d.count == 4 {
            year = d
            last = j
          } else if day == nil, (Int(d) ?? 99) <= 31 {
            day = d
            last = j
            var k = j + 1
            if plain(k), chunks[k].lower == "de" { k += 1 }
            if let y = numeric(k), y.count == 4 {
              year = y
              last = k
            }
          }
        }
        if lexicon.months[w] != nil || day != nil || year != nil {
          var value = "m\(month)"
          if let day { value += "-d\(day)" }
          if let year { value += "-y\(year)" }
          chunks[first].entity = Entity(kind: .date, value: value)
          chunks[first].numeric = nil
          absorb(first..<(last + 1), into: first)
          continue
        }
      }
      if lexicon.weekdays.contains(w) || lexicon.weekdays.contains(LightStemmer.fold(w)) {
        chunks[i].entity = Entity(kind: .date, value: LightStemmer.fold(w))
        continue
      }
      if let nw = lexicon.numberWords[w], fits(nw.languages) {
        chunks[i].entity = Entity(kind: .number, value: String(nw.value))
        continue
      }
      // "USD 50", "EUR 20".
      if let code = Self.currencyCode(w), let n = numeric(i + 1), w.count == 3 {
        chunks[i].entity = Entity(kind: .amount, value: code + ":" + n)
        absorb(i..<(i + 2), into: i)
      }
    }
    for i in chunks.indices {
      guard plain(i), let n = chunks[i].numeric else { continue }
      let next = plain(i + 1) ? chunks[i + 1].lower : ""
      if let code = Self.currencyCode(next) {
        chunks[i].entity = Entity(kind: .amount, value: code + ":" + n)
        absorb(i..<(i + 2), into: i)
      } else if lexicon.timeWords.contains(next), let h = Int(n), h <= 24 {
        var hour = h
        if next.hasPrefix("p") && hour < 12 { hour += 12 }
        if next.hasPrefix("a") && hour == 12 { hour = 0 }
        chunks[i].entity = Entity(kind: .time, value: "\(hour):00")
        absorb(i..<(i + 2), into: i)
      } else {
        chunks[i].entity = Entity(kind: .number, value: n)
      }
    }
  }

  static func currencyCode(_ w: String) -> String? { currencyCodesTable[w] }

  private static let currencyCodesTable: [String: String] = [
    "usd": "usd", "dollar": "usd", "dollars": "usd", "bucks": "usd", "dólares": "usd", "dolares": "usd",
    "dólar": "usd", "eur": "eur", "euro": "eur", "euros": "eur", "gbp": "gbp", "pound": "gbp", "pounds": "gbp",
    "jpy": "jpy", "yen": "jpy", "chf": "chf", "franken": "chf", "francs": "chf", "cad": "cad", "aud": "aud",
    "mxn": "mxn", "peso": "mxn", "pesos": "mxn", "cents": "cent", "inr": "inr",
  ]

  // MARK: - Names

  /// Capitalised unknown words not at a sentence start, or after a trigger word; consecutive
  /// names merge ("John Smith").
  func markNames(_ chunks: inout [Chunk], language: TextLanguage) {
    let wordIndices = chunks.indices.filter {
      chunks[$0].entity == nil && chunks[$0].absorbedInto == nil && chunks[$0].core.first?.isLetter == true
    }
    let capitalised = wordIndices.filter { chunks[$0].core.first?.isUppercase == true }.count
    let titleCase = wordIndices.count >= 3 && Double(capitalised) >= 0.6 * Double(wordIndices.count)
    var previousName: Int?
    for i in wordIndices {
      let c = chunks[i]
      let base = Self.dropPossessive(c.core)
      let letters = base.filter(\.isLetter)
      guard let first = base.first, first.isUppercase, !letters.isEmpty else {
        previousName = nil
        continue
      }
      let allCaps = letters.count >= 2 && letters.allSatisfy(\.isUppercase)
      let lower = base.lowercased()
      if lexicon.isKnownWord(lower) || lexicon.isKnownWord(c.lower) {
        previousName = nil
        continue
      }
      var trigger = false
      if i > 0, chunks[i - 1].entity == nil, let l = lexicon.nameTriggers[chunks[i - 1].lower] {
        trigger = language.isEmpty || !l.isDisjoint(with: language)
      }
      let byPosition = !c.sentenceStart && !titleCase && language != .de
      guard trigger || byPosition || (allCaps && !c.sentenceStart) else {
        previousName = nil
        continue
      }
      let value = LightStemmer.fold(lower)
      if let p = previousName, p == i - 1, !chunks[p].endsSentence, let e = chunks[p].entity {
        chunks[p].entity = Entity(kind: .name, value: e.value + " " + value)
        chunks[i].absorbedInto = p
      } else {
        chunks[i].entity = Entity(kind: .name, value: value)
        previousName = i
      }
    }
  }

  static func dropPossessive(_ s: String) -> String {
    for p in ["'s", "’s"] where s.hasSuffix(p) { return String(s.dropLast(2)) }
    return s
  }

  // MARK: - Output

  func collect(_ chunks: [Chunk], into out: inout ExtractedText) {
    var seen = Set<Entity>()
    var masked: [String] = []
    for c in chunks where c.absorbedInto == nil {
      if let e = c.entity {
        if out.firstEntityOffset == nil { out.firstEntityOffset = c.start }
        if seen.insert(e).inserted { out.entities.append(e) }
        masked.append("⟨\(e.kind.rawValue)⟩")
      } else {
        out.words.append(c.lower)
        masked.append(c.raw)
      }
    }
    out.masked = masked.joined(separator: " ")
  }
}

extension ReferenceEntityExtractor {
  // MARK: - Recognising one value

  /// `E_CONN_RESET`, `user_id`, `getUserName`, `HttpClient`: code identifiers, wherever they stand.
  static func isIdentifier(_ c: [Character]) -> Bool {
    guard c.count >= 3, c.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), c.contains(where: \.isLetter) else {
      return false
    }
    if c.contains("_") { return c.first != "_" || c.count > 3 }
    for i in 1..<c.count where c[i].isUppercase && c[i - 1].isLowercase { return i + 1 < c.count }
    return false
  }

  static func isUUID(_ c: [Character]) -> Bool {
    guard c.count == 36 else { return false }
    for (i, ch) in c.enumerated() {
      if i == 8 || i == 13 || i == 18 || i == 23 {
        if ch != "-" { return false }
      } else if !ch.isHexDigit {
        return false
      }
    }
    return true
  }

  /// Digits with optional thousands separators and one decimal part, canonical (`12,345` → `12345`).
  static func number(_ c: ArraySlice<Character>) -> String? {
    guard let f = c.first, f.isASCII, f.isNumber, let l = c.last, l.isASCII, l.isNumber else { return nil }
    var groups: [String] = [""]
    var seps: [Character] = []
    for ch in c {
      if ch.isASCII && ch.isNumber {
        groups[groups.count - 1].append(ch)
      } else if ch == "," || ch == "." || ch == "'" {
        seps.append(ch)
        groups.append("")
      } else {
        return nil
      }
    }
    if groups.contains(where: \.isEmpty) { return nil }
    if seps.isEmpty { return Self.trimZeros(groups[0]) }
    // Thousands: every later group has three digits and (all separators equal or a final decimal).
    let lastSep = seps[seps.count - 1]
    let thousandsAll = groups.dropFirst().allSatisfy { $0.count == 3 } && Set(seps).count == 1 && seps.count > 1
    if thousandsAll { return Self.trimZeros(groups.joined()) }
    if seps.count == 1 {
      if groups[1].count == 3 && lastSep == "," { return Self.trimZeros(groups.joined()) }
      return Self.trimZeros(groups[0]) + "." + groups[1]
    }
    let intPart = groups.dropLast().joined()
    return Self.trimZeros(intPart) + "." + groups[groups.count - 1]
  }

  private static func trimZeros(_ s: String) -> String {
    let t = s.drop { $0 == "0" }
    return t.isEmpty ? "0" : String(t)
  }

  static func canonicalID(_ s: String) -> String {
    String(s.uppercased().filter { $0.isLetter || $0.isNumber })
  }

  static func canonicalURL(_ s: String) -> String {
    var t = Substring(s)
    for p in ["https://", "http://", "www."] where t.hasPrefix(p) { t = t.dropFirst(p.count) }
    if t.hasPrefix("www.") { t = t.dropFirst(4) }
    while t.last == "/" { t = t.dropLast() }
    return String(t)
  }

  /// `2024-05-01`, `2024-05-01T10:00Z`, `05/01/2024`, `1.5.2024`, `5/1`.
  static func numericDate(_ c: [Character]) -> String? {
    var parts: [String] = [""]
    var seps: [Character] = []
    var rest = ""
    for (i, ch) in c.enumerated() {
      if ch.isASCII && ch.isNumber {
        parts[parts.count - 1].append(ch)
      } else if ch == "-" || ch == "/" || ch == "." {
        if parts.count == 3 { return nil }
        seps.append(ch)
        parts.append("")
      } else if (ch == "T" || ch == "t") && parts.count == 3 {
        rest = String(c[i...])
        break
      } else {
        return nil
      }
    }
    guard parts.count >= 2, !parts.contains(where: \.isEmpty), Set(seps).count == 1 else { return nil }
    let n = parts.map { Int($0) ?? -1 }
    if parts.count == 3 && parts[0].count == 4 && n[1] <= 12 && n[2] <= 31 {
      return "\(n[0])-\(n[1])-\(n[2])" + rest.lowercased()
    }
    guard n[0] <= 31 && n[1] <= 31 && (n[0] <= 12 || n[1] <= 12) else { return nil }
    if parts.count == 2 {
      // "1.5" is a number, "5/1" a date.
      return seps[0] == "/" ? "\(n[0])-\(n[1])" : nil
    }
    guard parts[2].count == 2 || parts[2].count == 4 else { return nil }
    return "\(n[0])-\(n[1])-\(n[2])"
  }

  /// `14:30`, `2:30pm`, `3pm`, `14h`, `9h30`.
  static func time(_ s: String) -> String? {
    var t = Substring(s)
    var suffix = ""
    for sfx in ["a.m", "p.m", "am", "pm", "uhr", "h"] where t.hasSuffix(sfx) && t.count > sfx.count {
      suffix = sfx.filter { $0 != "." }
      t = t.dropLast(sfx.count)
      break
    }
    let pieces = t.split(separator: ":", omittingEmptySubsequences: false)
    let hPieces = suffix.isEmpty ? pieces : t.split(separator: "h", omittingEmptySubsequences: false)
    let use = pieces.count > 1 ? pieces : hPieces
    guard use.count <= 3, use.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else {
      return nil
    }
    guard use.count > 1 || !suffix.isEmpty, var h = Int(use[0]), h <= 24 else { return nil }
    let m = use.count > 1 ? (Int(use[1]) ?? 0) : 0
    guard m < 60 else { return nil }
    if suffix == "pm" && h < 12 { h += 12 }
    if suffix == "am" && h == 12 { h = 0 }
    return "\(h):" + (m < 10 ? "0" : "") + "\(m)"
  }

  static func ordinal(_ s: String) -> String? {
    let digits = s.prefix { $0.isASCII && $0.isNumber }
    let tail = s.dropFirst(digits.count)
    guard !digits.isEmpty, ["st", "nd", "rd", "th", "er", "e", "º", "ª", "o", "a", "."].contains(String(tail)) else {
      return nil
    }
    return String(digits)
  }

  static func isPath(_ c: [Character], _ lower: String) -> Bool {
    if (c.contains("/") || c.contains("\\")) && c.contains(where: \.isLetter) && c.count > 2 { return true }
    if let dot = lower.lastIndex(of: "."), dot != lower.startIndex {
      let ext = lower[lower.index(after: dot)...]
      return fileExtensions.contains(String(ext))
    }
    return false
  }

  static func isDomain(_ lower: String) -> Bool {
    let pieces = lower.split(separator: ".", omittingEmptySubsequences: false)
    guard pieces.count >= 2, let tld = pieces.last, (2...6).contains(tld.count), tld.allSatisfy(\.isLetter) else {
      return false
    }
    return pieces.allSatisfy { p in p.count >= 2 && p.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }
  }
}

/// Builds `TextSignature`s: entity extraction, negation, phrase and word lookup in the lexicon
/// (synonyms across English, Spanish, French and German), stop-word removal, light stemming.
struct ReferenceSignatureBuilder {
  /// The lexicon.
  let lexicon: SimilarityLexicon
  private let extractor: ReferenceEntityExtractor
  /// Trigrams kept in the sketch.
  static let sketchSize = 48

  /// Creates a builder.
  init(lexicon: SimilarityLexicon = .bundled) {
    self.lexicon = lexicon
    self.extractor = ReferenceEntityExtractor(lexicon: lexicon)
  }

  /// The signature of `text` and what extraction found.
  ///
  /// - Parameter text: A user message (the first 1,000 characters are enough).
  /// - Returns: The signature and the extraction (masked text, entities).
  func signature(_ text: String) -> (TextSignature, ExtractedText) {
    let ext = extractor.extract(text)
    var sig = TextSignature()
    sig.language = ext.language
    let tokens = normalisedTokens(ext.words, negated: &sig.negated)
    var concepts = Set<ConceptRef>()
    var words: [String] = []
    // Tokens that carry meaning (not stop words or negations), for the trigram sketch.
    var kept: [String] = []
    var i = 0
    while i < tokens.count {
      var matched = false
      let longest =
        lexicon.mayStartPhrase(tokens[i], language: ext.language) ? min(lexicon.maxPhraseWords, tokens.count - i) : 1
      for n in stride(from: longest, through: 2, by: -1) {
        if let e = lexicon.lookupPhrase(tokens[i..<(i + n)], language: ext.language) {
          concepts.formUnion(e.concepts)
          kept += tokens[i..<(i + n)]
          i += n
          matched = true
          break
        }
      }
      if matched { continue }
      let w = tokens[i]
      i += 1
      if lexicon.negations.contains(w) {
        sig.negated = true
        continue
      }
      if let l = lexicon.stopwords[w], ext.language.isEmpty || l.contains(ext.language) { continue }
      kept.append(w)
      if let e = lexicon.lookup(w, language: ext.language) {
        concepts.formUnion(e.concepts)
        continue
      }
      if let flipped = negativePrefixed(w, ext.language) {
        concepts.formUnion(flipped)
        continue
      }
      guard w.count >= 2, w.contains(where: \.isLetter) else { continue }
      words.append(LightStemmer.stem(LightStemmer.fold(w), ext.language.isEmpty ? .en : ext.language))
    }
    sig.concepts = Array(Set(concepts.map(\.feature))).sorted()
    sig.intents = Array(Set(concepts.filter { lexicon.intentConcepts.contains($0.id) }.map(\.feature))).sorted()
    sig.polar = Array(Set(concepts.filter { $0.polarity != 0 }.map { UInt64($0.id) << 1 | ($0.polarity < 0 ? 1 : 0) }))
      .sorted()
    var byID: [(id: UInt32, word: String)] = []
    for w in words {
      let id = Self.wordID(w)
      if !byID.contains(where: { $0.id == id }) { byID.append((id, w)) }
    }
    byID.sort { $0.id < $1.id }
    sig.words = byID.map(\.id)
    sig.wordDeletes = Self.deletes(byID.map(\.word))
    sig.trigrams = Self.sketch(kept)
    sig.entityKey = Self.entityKey(ext.entities)
    sig.slotKinds = ext.entities.map(\.kind).sorted()
    if let o = ext.firstEntityOffset, ext.characterCount > 0 {
      sig.firstEntityShare = Double(o) / Double(ext.characterCount)
    }
    var exact = ContentHasher()
    var skeleton = ContentHasher()
    for c in sig.concepts { exact.combine(UInt64(c)); skeleton.combine(UInt64(c)) }
    exact.combine(0xFFFF)
    skeleton.combine(0xFFFF)
    for w in sig.words { exact.combine(UInt64(w)); skeleton.combine(UInt64(w)) }
    exact.combine(sig.negated ? 1 : 2)
    skeleton.combine(sig.negated ? 1 : 2)
    exact.combine(sig.entityKey)
    exact.combine(UInt64(sig.language.rawValue))
    for k in sig.slotKinds { skeleton.combine(k.rawValue) }
    skeleton.combine(UInt64(sig.language.rawValue))
    sig.exactKey = exact.value
    sig.skeletonKey = skeleton.value
    return (sig, ext)
  }

  /// Lower-case words with elisions, contractions and possessives resolved and hyphenated words
  /// split (unless the whole word is a lexicon term, like `e-mail`).
  private func normalisedTokens(_ raw: [String], negated: inout Bool) -> [String] {
    var out: [String] = []
    out.reserveCapacity(raw.count)
    for var w in raw {
      if w.contains(where: { $0 == "'" || $0 == "’" }) {
        for e in lexicon.elisions where w.hasPrefix(e) && w.count > e.count {
          if e.hasPrefix("n") { negated = true }
          w = String(w.dropFirst(e.count))
          break
        }
        if w.hasSuffix("n't") || w.hasSuffix("n’t") {
          negated = true
          continue
        }
        if let apostrophe = w.firstIndex(where: { $0 == "'" || $0 == "’" }) {
          w = String(w[..<apostrophe])
        }
      }
      if w.isEmpty { continue }
      if lexicon.words[w] != nil || !w.contains(where: { $0 == "-" || $0 == "/" || $0 == "_" }) {
        out.append(w)
      } else {
        out += w.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "_" }).map(String.init)
      }
    }
    return out
  }

  /// `unsubscribe`, `disallow`, `deactivate`: a negative prefix on a polar lexicon word flips it.
  private func negativePrefixed(_ w: String, _ language: TextLanguage) -> [ConceptRef]? {
    for p in lexicon.negativePrefixes where w.hasPrefix(p) && w.count - p.count >= 4 {
      guard let e = lexicon.lookup(String(w.dropFirst(p.count)), language: language) else { continue }
      let polar = e.concepts.filter { $0.polarity != 0 }
      if polar.isEmpty { continue }
      return polar.map { ConceptRef(id: $0.id, polarity: -$0.polarity) }
    }
    return nil
  }

  /// The 32-bit id of a content word.
  static func wordID(_ w: String) -> UInt32 {
    UInt32(truncatingIfNeeded: SimilarityLexicon.polynomialHash(Array(w.utf8)) &* 0x9E37_79B9_7F4A_7C15 >> 32)
  }

  /// One-byte deletions of words of five bytes or more, tagged with the word's index in `words`
  /// (sorted by id, as in the signature).
  static func deletes(_ words: [String]) -> [UInt64] {
    var out: [UInt64] = []
    for (index, w) in words.enumerated() where w.utf8.count >= 5 && index < 256 {
      for h in SimilarityLexicon.deletionHashes(Array(w.utf8)) { out.append(h << 8 | UInt64(index)) }
    }
    return out.sorted()
  }

  /// The smallest `sketchSize` hashes of the byte trigrams of the words joined by spaces.
  static func sketch(_ tokens: [String]) -> [UInt32] {
    var bytes: [UInt8] = [0x20]
    for t in tokens {
      bytes += LightStemmer.fold(t).utf8
      bytes.append(0x20)
    }
    guard bytes.count >= 3 else { return [] }
    var hashes = [UInt32](repeating: 0, count: bytes.count - 2)
    for i in 0..<(bytes.count - 2) {
      let packed = UInt64(bytes[i]) << 16 | UInt64(bytes[i + 1]) << 8 | UInt64(bytes[i + 2])
      hashes[i] = UInt32(truncatingIfNeeded: (packed &+ 0x9E37_79B9) &* 0xBF58_476D_1CE4_E5B9 >> 29)
    }
    hashes.sort()
    var out: [UInt32] = []
    out.reserveCapacity(sketchSize)
    for h in hashes where out.last != h {
      out.append(h)
      if out.count == sketchSize { break }
    }
    return out
  }

  /// Entities grouped by kind, each kind's values in text order.
  static func entityKey(_ entities: [Entity]) -> UInt64 {
    guard !entities.isEmpty else { return 0 }
    var h = ContentHasher()
    for kind in EntityKind.allCases {
      let values = entities.filter { $0.kind == kind }
      guard !values.isEmpty else { continue }
      h.combine(kind.rawValue)
      for v in values { h.combine(v.value) }
    }
    return h.value | 1
  }
}

/// Removes secrets and personal data from text shown in reports and diagnostics.
///
/// Replaces emails with `[email]`, API keys and bearer-like tokens (known prefixes such as `sk-`,
/// `sk-ant-`, `ghp_`, `AKIA`, `AIza`, `xox`, JWTs) with `[secret]`, and any other run of 32+
/// letters and digits mixed with `[token]`.
enum ReferenceRedactor {
  static let secretPrefixes = [
    "sk-", "sk_", "pk_", "rk_", "ghp_", "gho_", "ghs_", "ghu_", "github_pat_", "xoxb-", "xoxp-", "xoxa-", "akia",
    "asia", "aiza", "eyj", "hf_", "glpat-", "sess-", "key-", "bearer",
  ]

  /// Redacts `text`.
  ///
  /// - Parameter text: Any text.
  /// - Returns: The text with secrets replaced.
  static func redact(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    var run = ""
    func flush() {
      if !run.isEmpty {
        out += classify(run)
        run = ""
      }
    }
    for ch in text {
      if ch.isLetter || ch.isNumber || ch == "_" || ch == "-" || ch == "." || ch == "@" || ch == "+" || ch == "=" {
        run.append(ch)
      } else {
        flush()
        out.append(ch)
      }
    }
    flush()
    return out
  }

  static func classify(_ run: String) -> String {
    if let at = run.firstIndex(of: "@"), at != run.startIndex {
      let domain = run[run.index(after: at)...]
      if domain.contains("."), domain.first?.isLetter == true || domain.first?.isNumber == true { return "[email]" }
    }
    let lower = run.lowercased()
    if run.count >= 16, secretPrefixes.contains(where: { lower.hasPrefix($0) }) { return "[secret]" }
    if run.count >= 32 {
      var letters = 0
      var digits = 0
      for c in run {
        if c.isLetter { letters += 1 } else if c.isNumber { digits += 1 }
      }
      if letters > 0 && digits > 0 && !run.contains(".") { return "[token]" }
    }
    return run
  }

  /// Redacts and shortens to at most `limit` characters, marking the cut with `…`.
  ///
  /// - Parameters:
  ///   - text: Any text.
  ///   - limit: Longest result.
  static func excerpt(_ text: String, limit: Int = 80) -> String {
    let flat = text.split(whereSeparator: { $0.isNewline || $0 == "\t" }).joined(separator: " ")
    let r = redact(String(flat.prefix(limit * 2)))
    return r.count > limit ? String(r.prefix(limit - 1)) + "…" : r
  }
}

/// The words and digit-run hash of a response excerpt, as `ResponseSignature.of` computed them.
func referenceResponseParts(_ text: String) -> (numbers: UInt64, words: [String]) {
  var numbers = ContentHasher()
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
  return (numbers.value, words)
}
