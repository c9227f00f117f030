import Foundation

/// A meaning a word or phrase carries: a concept id and, for polar concepts, its side.
struct ConceptRef: Hashable, Sendable {
  /// Hash of the concept name.
  var id: UInt32
  /// 0 for plain concepts, +1 or -1 for the two sides of a polar one (enable / disable).
  var polarity: Int8

  /// The feature id used in signatures: the two sides of a polar concept are different features.
  var feature: UInt32 { polarity < 0 ? id ^ 0x5555_5555 : id }
}

/// The data behind similar-call detection, loaded from `Resources/similarity-lexicon.json`: stop
/// words, negations, name triggers, date words and a synonym/intent lexicon in English, Spanish,
/// French and German.
///
/// A missing or damaged resource gives an empty lexicon (similarity then falls back to word overlap);
/// it never stops a run.
///
/// A class so that the many tables are shared, not copied, by every extractor and builder; it is
/// filled in `init` and never changed afterwards, which makes the unchecked `Sendable` safe.
final class SimilarityLexicon: @unchecked Sendable {
  /// What a single word or phrase means, and in which languages it is used.
  struct Entry: Sendable {
    var concepts: [ConceptRef] = []
    var languages: TextLanguage = []
  }

  /// Single-word terms by raw, folded and stemmed form.
  var words: [String: Entry] = [:]
  /// Multi-word terms, keyed by their words joined with one space.
  var phrases: [String: Entry] = [:]
  /// Longest phrase in words (terms and date phrases).
  var maxPhraseWords = 1
  /// Stop words and the languages that use them.
  var stopwords: [String: TextLanguage] = [:]
  /// Negation words of every language.
  var negations: Set<String> = []
  /// Words after which a capitalised word is a name (`for`, `customer`, `für`…).
  var nameTriggers: [String: TextLanguage] = [:]
  /// Relative date words and phrases (`tomorrow`, `next week`, `la semana pasada`).
  var relativeDates: [String: TextLanguage] = [:]
  /// Month names that are dates on their own, with their month number.
  var months: [String: Int] = [:]
  /// Month names that are dates only next to a number (`may`, `march`).
  var ambiguousMonths: [String: Int] = [:]
  /// Weekday names.
  var weekdays: Set<String> = []
  /// Number words (`three`, `tres`, `drei`) and their values, with their languages.
  var numberWords: [String: (value: Int, languages: TextLanguage)] = [:]
  /// Currency words and codes, lower-case.
  var currencyWords: Set<String> = []
  /// Words that make a preceding number a time (`pm`, `uhr`, `h`).
  var timeWords: Set<String> = []
  /// French elided articles (`l'`, `d'`, `n'`…), longest first.
  var elisions: [String] = []
  /// Prefixes that flip a polar concept (`un`, `dis`, `de`).
  var negativePrefixes: [String] = []
  /// Concept names by id (for tests and debugging).
  var conceptNames: [UInt32: String] = [:]
  /// Concepts that carry the request's intent (cancel, status, how-to…) and every polar concept:
  /// one text having such a concept and the other not is a difference in meaning.
  var intentConcepts: Set<UInt32> = []
  /// Single-byte deletions of lexicon words of six letters or more (hashed), for one-typo lookups
  /// ("subscripton"); a deletion shared by words of different meaning is dropped.
  var fuzzy: [UInt64: Entry] = [:]
  /// Lexicon words by the hash of their bytes (for typo lookups without building strings).
  var wordsByHash: [UInt64: Entry] = [:]
  /// First words of multi-word terms and relative dates (raw, folded and stemmed forms): a phrase
  /// is only looked up where one starts.
  var phraseStarts: Set<String> = []
  /// First words of relative-date phrases.
  var relativeDateStarts: Set<String> = []
  /// Second words of multi-word terms (raw, folded and stemmed forms): a phrase is only looked up
  /// where one follows its first word.
  var phraseSecondWords: Set<String> = []

  /// The lexicon bundled with the tool (loaded once per process).
  static let bundled: SimilarityLexicon = {
    let name = "similarity-lexicon"
    guard
      let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources")
        ?? Bundle.module.url(forResource: name, withExtension: "json"),
      let data = try? Data(contentsOf: url)
    else { return SimilarityLexicon() }
    return SimilarityLexicon(json: data) ?? SimilarityLexicon()
  }()

  /// An empty lexicon.
  init() {}

  /// Parses the lexicon's JSON.
  ///
  /// - Parameter json: The file's bytes.
  /// - Returns: nil when the text is not a JSON object.
  init?(json: Data) {
    guard let root = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] else { return nil }
    negativePrefixes = (root["negative_prefixes"] as? [String]) ?? []
    let languages = (root["languages"] as? [String: Any]) ?? [:]
    for (code, value) in languages {
      guard let l = value as? [String: Any] else { continue }
      loadLanguage(l, TextLanguage(code: code))
    }
    for (name, value) in (root["concepts"] as? [String: Any]) ?? [:] {
      let ref = ConceptRef(id: Self.conceptID(name), polarity: 0)
      conceptNames[ref.id] = name
      addTerms(value, ref)
    }
    for (name, value) in (root["polar_concepts"] as? [String: Any]) ?? [:] {
      guard let sides = value as? [String: Any] else { continue }
      let id = Self.conceptID("polar:" + name)
      conceptNames[id] = name
      intentConcepts.insert(id)
      addTerms(sides["positive"] ?? [:], ConceptRef(id: id, polarity: 1))
      addTerms(sides["negative"] ?? [:], ConceptRef(id: id, polarity: -1))
    }
    for name in (root["intent_concepts"] as? [String]) ?? [] { intentConcepts.insert(Self.conceptID(name)) }
    buildFuzzy()
  }

  private func buildFuzzy() {
    for (word, entry) in words where !word.contains(":") { wordsByHash[Self.polynomialHash(Array(word.utf8))] = entry }
    var ambiguous = Set<UInt64>()
    for (word, entry) in words where word.utf8.count >= 6 && !word.contains(":") {
      for key in Self.deletionHashes(Array(word.utf8)) {
        if wordsByHash[key] != nil { continue }
        if let old = fuzzy[key], old.concepts != entry.concepts {
          ambiguous.insert(key)
        } else {
          fuzzy[key] = entry
        }
      }
    }
    for key in ambiguous { fuzzy[key] = nil }
  }

  /// Base of the polynomial byte hash (odd, so multiplication is invertible modulo 2⁶⁴).
  static let hashBase: UInt64 = 0x100_0000_01B3

  /// A polynomial hash of bytes, `Σ (b_i + 1) · base^(n-1-i)` modulo 2⁶⁴.
  static func polynomialHash(_ bytes: [UInt8]) -> UInt64 {
    var h: UInt64 = 0
    for b in bytes { h = h &* hashBase &+ UInt64(b) &+ 1 }
    return h
  }

  /// The polynomial hashes of `bytes` with one byte left out, for each position, in O(n).
  static func deletionHashes(_ bytes: [UInt8]) -> [UInt64] {
    let n = bytes.count
    guard n > 1 else { return n == 1 ? [0] : [] }
    var prefix = [UInt64](repeating: 0, count: n + 1)
    for i in 0..<n { prefix[i + 1] = prefix[i] &* hashBase &+ UInt64(bytes[i]) &+ 1 }
    var power = [UInt64](repeating: 1, count: n + 1)
    for i in 0..<n { power[i + 1] = power[i] &* hashBase }
    var out = [UInt64](repeating: 0, count: n)
    for i in 0..<n {
      // Bytes after i: prefix[n] - prefix[i+1]·base^(n-1-i); then shift the bytes before i past them.
      let tail = prefix[n] &- prefix[i + 1] &* power[n - 1 - i]
      out[i] = prefix[i] &* power[n - 1 - i] &+ tail
    }
    return out
  }

  /// The 32-bit id of a concept name.
  static func conceptID(_ name: String) -> UInt32 { UInt32(truncatingIfNeeded: ContentHasher.hash("c:" + name)) }

  private func loadLanguage(_ l: [String: Any], _ lang: TextLanguage) {
    for w in (l["stopwords"] as? [String]) ?? [] { stopwords[w, default: []].insert(lang) }
    for w in (l["negations"] as? [String]) ?? [] { negations.insert(w) }
    for w in (l["name_triggers"] as? [String]) ?? [] { nameTriggers[w, default: []].insert(lang) }
    for w in (l["relative_dates"] as? [String]) ?? [] {
      relativeDates[w, default: []].insert(lang)
      maxPhraseWords = max(maxPhraseWords, w.split(separator: " ").count)
    }
    for (i, w) in ((l["months"] as? [String]) ?? []).enumerated() { months[w] = Self.monthNumber(w, index: i) }
    for w in (l["ambiguous_months"] as? [String]) ?? [] { ambiguousMonths[w] = Self.monthNumber(w, index: -1) }
    for w in (l["weekdays"] as? [String]) ?? [] { weekdays.insert(w) }
    for w in (l["relative_dates"] as? [String]) ?? [] {
      if let first = w.split(separator: " ").first { relativeDateStarts.insert(String(first)) }
    }
    for (w, v) in (l["number_words"] as? [String: Any]) ?? [:] {
      let value = (v as? Int) ?? (v as? NSNumber)?.intValue ?? 0
      var entry = numberWords[w] ?? (value, [])
      entry.languages.insert(lang)
      numberWords[w] = entry
    }
    for w in (l["currency_words"] as? [String]) ?? [] { currencyWords.insert(w) }
    for w in (l["time_words"] as? [String]) ?? [] { timeWords.insert(w) }
    elisions = Array(Set(elisions + ((l["elisions"] as? [String]) ?? []))).sorted { ($0.count, $0) > ($1.count, $1) }
  }

  /// Month numbers from the first three letters, so abbreviations and every language agree.
  private static func monthNumber(_ word: String, index: Int) -> Int {
    let key = String(LightStemmer.fold(word).prefix(3))
    let table: [String: Int] = [
      "jan": 1, "ene": 1, "jän": 1, "jae": 1, "feb": 2, "fev": 2, "mar": 3, "mae": 3, "apr": 4, "abr": 4, "avr": 4,
      "may": 5, "mai": 5, "jun": 6, "jui": 6, "jul": 7, "aug": 8, "ago": 8, "aou": 8, "sep": 9, "set": 9, "oct": 10,
      "okt": 10, "nov": 11, "dec": 12, "dic": 12, "dez": 12,
    ]
    if word.hasPrefix("juil") { return 7 }
    if word.hasPrefix("juin") { return 6 }
    if word.hasPrefix("märz") || word.hasPrefix("maerz") { return 3 }
    return table[key] ?? max(0, index + 1)
  }

  private func addTerms(_ value: Any, _ ref: ConceptRef) {
    guard let byLanguage = value as? [String: Any] else { return }
    for (code, terms) in byLanguage {
      let lang = TextLanguage(code: code)
      for term in (terms as? [String]) ?? [] { add(term.lowercased(), ref, lang) }
    }
  }

  private func add(_ term: String, _ ref: ConceptRef, _ lang: TextLanguage) {
    let parts = term.split(separator: " ").map(String.init)
    guard !parts.isEmpty else { return }
    if parts.count > 1 {
      maxPhraseWords = max(maxPhraseWords, parts.count)
      insert(&phrases, parts.joined(separator: " "), ref, lang)
      let folded = parts.map(LightStemmer.fold)
      insert(&phrases, folded.joined(separator: " "), ref, lang)
      insert(&phrases, folded.map { LightStemmer.stem($0, lang) }.joined(separator: " "), ref, lang)
      phraseStarts.formUnion([parts[0], folded[0], LightStemmer.stem(folded[0], lang)])
      phraseSecondWords.formUnion([parts[1], folded[1], LightStemmer.stem(folded[1], lang)])
      return
    }
    let folded = LightStemmer.fold(term)
    insert(&words, term, ref, lang)
    insert(&words, folded, ref, lang)
    insert(&words, Self.stemKey(LightStemmer.stem(folded, lang), lang), ref, lang)
  }

  private func insert(_ map: inout [String: Entry], _ key: String, _ ref: ConceptRef, _ lang: TextLanguage) {
    var e = map[key] ?? Entry()
    if !e.concepts.contains(ref) { e.concepts.append(ref) }
    e.languages.formUnion(lang)
    map[key] = e
  }
}
