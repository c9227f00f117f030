extension EntityExtractor {
  // MARK: - Runs of chunks

  /// Multi-word values: relative dates, month-name dates, weekdays, number words, amounts with a
  /// currency word, times with `pm`/`Uhr`; then every remaining bare number.
  ///
  /// - Parameters:
  ///   - chunks: The text's chunks.
  ///   - language: The text's language.
  ///   - ascii: Whether every chunk is ASCII (apostrophes are then found on bytes).
  ///   - cache: Per-word lexicon results.
  func mergeRuns(_ chunks: inout [Chunk], language: TextLanguage, ascii: Bool, cache: inout WordCache) {
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
      let hasApostrophe =
        ascii
        ? chunks[i].lower.utf8.contains(0x27) : chunks[i].lower.contains(where: { $0 == "'" || $0 == "’" })
      let first = hasApostrophe ? Self.dropPossessive(chunks[i].lower) : chunks[i].lower
      let firstRoles = cache.roles(first, lexicon)
      let longest = firstRoles.relativeDateStart ? min(lexicon.maxPhraseWords, chunks.count - i) : 0
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
      let roles = firstRoles
      if let month = roles.month {
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
        if roles.sureMonth || day != nil || year != nil {
          var value = "m\(month)"
          if let day { value += "-d\(day)" }
          if let year { value += "-y\(year)" }
          chunks[first].entity = Entity(kind: .date, value: value)
          chunks[first].numeric = nil
          absorb(first..<(last + 1), into: first)
          continue
        }
      }
      if roles.weekday {
        chunks[i].entity = Entity(kind: .date, value: LightStemmer.fold(w))
        continue
      }
      if let nw = roles.numberWord, fits(nw.languages) {
        chunks[i].entity = Entity(kind: .number, value: String(nw.value))
        continue
      }
      // "USD 50", "EUR 20".
      if let code = roles.currency, let n = numeric(i + 1), w.count == 3 {
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
  func markNames(_ chunks: inout [Chunk], language: TextLanguage, cache: inout WordCache) {
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
      if cache.isKnownWord(lower, lexicon) || cache.isKnownWord(c.lower, lexicon) {
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
      Self.markName(&chunks, at: i, value: value, previous: &previousName)
    }
  }

  static func dropPossessive(_ s: String) -> String {
    for p in ["'s", "’s"] where s.hasSuffix(p) { return String(s.dropLast(2)) }
    return s
  }

  // MARK: - Output

  func collect(_ chunks: [Chunk], into out: inout ExtractedText) {
    var seen = Set<Entity>()
    var masked = ""
    masked.reserveCapacity(chunks.reduce(0) { $0 + $1.raw.utf8.count + 1 })
    out.words.reserveCapacity(chunks.count)
    for i in chunks.indices where chunks[i].absorbedInto == nil {
      if !masked.isEmpty { masked.append(" ") }
      if let e = chunks[i].entity {
        if out.firstEntityOffset == nil { out.firstEntityOffset = chunks[i].start }
        if seen.insert(e).inserted { out.entities.append(e) }
        masked.append(Self.placeholder(e.kind))
      } else {
        out.words.append(chunks[i].lower)
        masked.append(chunks[i].raw)
      }
    }
    out.masked = masked
  }

  /// `⟨kind⟩`, the stand-in for an entity in the masked text.
  static func placeholder(_ kind: EntityKind) -> String {
    switch kind {
    case .url: "⟨url⟩"
    case .email: "⟨email⟩"
    case .uuid: "⟨uuid⟩"
    case .date: "⟨date⟩"
    case .time: "⟨time⟩"
    case .amount: "⟨amount⟩"
    case .percent: "⟨percent⟩"
    case .number: "⟨number⟩"
    case .name: "⟨name⟩"
    case .quote: "⟨quote⟩"
    case .path: "⟨path⟩"
    }
  }
}

extension EntityExtractor {
  /// Marks chunk `i` as a name, joining it to the name just before it (`previous`) when the two
  /// are adjacent in one sentence ("Ada" "Lovelace" → "ada lovelace").
  static func markName(_ chunks: inout [Chunk], at i: Int, value: String, previous: inout Int?) {
    if let p = previous, p == i - 1, !chunks[p].endsSentence, let e = chunks[p].entity {
      chunks[p].entity = Entity(kind: .name, value: e.value + " " + value)
      chunks[i].absorbedInto = p
    } else {
      chunks[i].entity = Entity(kind: .name, value: value)
      previous = i
    }
  }
}
