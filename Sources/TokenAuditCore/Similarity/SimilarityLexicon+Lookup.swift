extension SimilarityLexicon {
  // MARK: - Lookups

  /// Whether `word` (lower-case) is a word the lexicon knows in any role: then a capitalised
  /// form of it is not a name.
  func isKnownWord(_ word: String) -> Bool {
    if word == "i" || stopwords[word] != nil || negations.contains(word) || words[word] != nil { return true }
    if months[word] != nil || ambiguousMonths[word] != nil || weekdays.contains(word) { return true }
    if numberWords[word] != nil || relativeDates[word] != nil || currencyWords.contains(word) { return true }
    if nameTriggers[word] != nil { return true }
    let folded = LightStemmer.fold(word)
    if words[folded] != nil { return true }
    return TextLanguage.known.contains {
      words[Self.stemKey(LightStemmer.stem(folded, $0.language), $0.language)] != nil
    }
  }

  /// Stems are keyed by language: the French stem of `connecter` must not give English `connect`
  /// the meaning "log in".
  static func stemKey(_ stem: String, _ language: TextLanguage) -> String { "\(language.code):" + stem }

  /// The meaning of a single word, trying its raw, folded and stemmed forms.
  ///
  /// - Parameters:
  ///   - word: A lower-case word.
  ///   - language: The text's language (every stemmer is tried when empty).
  func lookup(_ word: String, language: TextLanguage) -> Entry? {
    if let e = words[word] { return e }
    let folded = LightStemmer.fold(word)
    if folded != word, let e = words[folded] { return e }
    if !language.isEmpty, let e = words[Self.stemKey(LightStemmer.stem(folded, language), language)] { return e }
    if language.isEmpty {
      for (_, l) in TextLanguage.known {
        if let e = words[Self.stemKey(LightStemmer.stem(folded, l), l)] { return e }
      }
    }
    return fuzzyLookup(folded)
  }

  /// One-typo lookup for words of six letters or more: a missing or extra letter (a changed one
  /// from eight letters). Words with digits are never typos of lexicon words.
  func fuzzyLookup(_ folded: String) -> Entry? {
    let bytes = Array(folded.utf8)
    let n = bytes.count
    guard n >= 6, !bytes.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
    if let e = fuzzy[Self.polynomialHash(bytes)] { return e }
    for key in Self.deletionHashes(bytes) {
      // A changed letter (both sides lose one) only for long words: "cancer" is not "cancel".
      if let e = wordsByHash[key] ?? (n >= 8 ? fuzzy[key] : nil) { return e }
    }
    return nil
  }

  /// Whether a multi-word term may start at `word`.
  func mayStartPhrase(_ word: String, language: TextLanguage) -> Bool {
    if phraseStarts.contains(word) { return true }
    let folded = LightStemmer.fold(word)
    return phraseStarts.contains(folded) || phraseStarts.contains(LightStemmer.stem(folded, language))
  }

  /// The meaning of a multi-word phrase, trying its raw, folded and stemmed forms.
  func lookupPhrase(_ words: ArraySlice<String>, language: TextLanguage) -> Entry? {
    let raw = words.joined(separator: " ")
    if let e = phrases[raw] { return e }
    let folded = words.map(LightStemmer.fold)
    if let e = phrases[folded.joined(separator: " ")] { return e }
    let stems = folded.map { LightStemmer.stem($0, language) }
    return phrases[stems.joined(separator: " ")]
  }

  /// The language a bag of lower-case words is most likely in: stop words and lexicon terms vote.
  ///
  /// - Parameter tokens: Lower-case words.
  /// - Returns: One language, or an empty set when there is no clear winner.
  func language(of tokens: [String]) -> TextLanguage {
    var votes = [0, 0, 0, 0]
    for t in tokens {
      var langs = stopwords[t] ?? []
      if let e = words[t] ?? words[LightStemmer.fold(t)] { langs.formUnion(e.languages) }
      for (i, (_, l)) in TextLanguage.known.enumerated() where langs.contains(l) { votes[i] += 1 }
    }
    let best = votes.max() ?? 0
    guard best > 0, votes.filter({ $0 == best }).count == 1, let i = votes.firstIndex(of: best) else { return [] }
    return TextLanguage.known[i].language
  }
}
