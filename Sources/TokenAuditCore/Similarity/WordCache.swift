/// What the lexicon says about one lower-case word, for entity extraction: the result of a dozen
/// table lookups, found with one.
struct WordRoles {
  /// Languages whose stop words or lexicon terms include the word (its vote in `language(of:)`).
  var votes: TextLanguage = []
  /// Whether a relative-date phrase starts with the word.
  var relativeDateStart = false
  /// The month the word names (sure or ambiguous), if any.
  var month: Int?
  /// Whether the word is a month name on its own (not `may`, `march`).
  var sureMonth = false
  /// Whether the word (or its folded form) is a weekday.
  var weekday = false
  /// The number the word spells, with its languages.
  var numberWord: (value: Int, languages: TextLanguage)?
  /// The currency the word names.
  var currency: String?

  /// Looks the word up in every table.
  init(_ w: String, _ lexicon: SimilarityLexicon) {
    votes = lexicon.stopwords[w] ?? []
    if let e = lexicon.words[w] ?? lexicon.words[LightStemmer.fold(w)] { votes.formUnion(e.languages) }
    relativeDateStart = lexicon.relativeDateStarts.contains(w)
    sureMonth = lexicon.months[w] != nil
    month = lexicon.months[w] ?? lexicon.ambiguousMonths[w]
    weekday = lexicon.weekdays.contains(w) || lexicon.weekdays.contains(LightStemmer.fold(w))
    numberWord = lexicon.numberWords[w]
    currency = EntityExtractor.currencyCode(w)
  }
}

/// What a normalised token means in a signature, in a given language.
struct WordMeaning {
  /// What the token contributes.
  enum Role {
    /// A negation word: the text is negated.
    case negation
    /// A stop word of the language: dropped.
    case stop
    /// Lexicon concepts (the word's own, or flipped by a negative prefix).
    case concepts([ConceptRef])
    /// A content word outside the lexicon: its stem, id and one-byte deletion hashes.
    case word(stem: String, id: UInt32, deletions: [UInt64])
    /// A token kept for the trigram sketch but too short or without a letter to be a word.
    case other
  }

  /// What the token contributes.
  var role: Role
  /// Whether a multi-word term may start at the token.
  var mayStartPhrase: Bool
  /// Whether the token may be the second word of a multi-word term.
  var mayContinuePhrase: Bool
}

/// Per-word lexicon results kept across texts: the texts of one run share most of their words,
/// so each word is looked up (folded, stemmed, fuzzily matched) once instead of once per text.
///
/// Every entry is a pure function of the word (and language) and of the immutable lexicon, so a
/// cache never changes a result. A value owned by one thread; it is emptied when it reaches
/// `capacity` words per table.
struct WordCache {
  /// Entries kept per table before it is emptied.
  static let capacity = 32_768

  /// A word compared by its bytes. `String` equality is canonical equivalence (`é` equals `e`
  /// followed by a combining acute), but folding and stemming work on scalars and bytes and tell
  /// such spellings apart, so they must not share an entry.
  private struct Word: Hashable {
    var text: String
    static func == (a: Word, b: Word) -> Bool {
      // Compared in place (the generic `elementsEqual` walks the views a byte at a time).
      a.text.utf8.count == b.text.utf8.count && a.text.withUTF8Bytes { b.text.hasUTF8Bytes(UnsafeRawBufferPointer($0)) }
    }
    // By bytes: byte-equal words hash alike.
    func hash(into hasher: inout Hasher) { text.withUTF8Bytes { hasher.combine(bytes: UnsafeRawBufferPointer($0)) } }
  }

  private struct MeaningKey: Hashable {
    var word: Word
    var language: UInt8
  }

  private var roles: [Word: WordRoles] = [:]
  private var known: [Word: Bool] = [:]
  private var meanings: [MeaningKey: WordMeaning] = [:]

  /// An empty cache.
  init() {}

  /// The roles of lower-case word `w`.
  mutating func roles(_ w: String, _ lexicon: SimilarityLexicon) -> WordRoles {
    if let r = roles[Word(text: w)] { return r }
    let r = WordRoles(w, lexicon)
    if roles.count >= Self.capacity { roles.removeAll(keepingCapacity: true) }
    roles[Word(text: w)] = r
    return r
  }

  /// `lexicon.isKnownWord(w)`.
  mutating func isKnownWord(_ w: String, _ lexicon: SimilarityLexicon) -> Bool {
    if let k = known[Word(text: w)] { return k }
    let k = lexicon.isKnownWord(w)
    if known.count >= Self.capacity { known.removeAll(keepingCapacity: true) }
    known[Word(text: w)] = k
    return k
  }

  /// The meaning of token `w` in `language`, computed by `make` when not cached.
  mutating func meaning(_ w: String, _ language: TextLanguage, make: () -> WordMeaning) -> WordMeaning {
    let key = MeaningKey(word: Word(text: w), language: language.rawValue)
    if let m = meanings[key] { return m }
    let m = make()
    if meanings.count >= Self.capacity { meanings.removeAll(keepingCapacity: true) }
    meanings[key] = m
    return m
  }
}
