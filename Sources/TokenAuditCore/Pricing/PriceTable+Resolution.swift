extension PriceTable {
  // MARK: - Resolution

  /// Finds the table entry that prices a model id as it appears in a log.
  ///
  /// Tried in order, the first hit winning:
  /// 1. Fine-tuned OpenAI ids (`ft:<base>:org::id`): the table's `ft:<base>` entry, else `<base>`.
  /// 2. The id with the provider's prefix added (`azure` + `gpt-4o` → `azure/gpt-4o`), the id
  ///    itself, then the id with leading path segments removed (`openai/gpt-4o` → `gpt-4o`), each
  ///    with and without the provider prefix; each form exactly, then up to letter case.
  /// 3. Normalized names: dates (`-2024-08-06`, `-20250929`, `@20240620`, `-0613`, `-latest`),
  ///    Bedrock region/vendor/version (`us.anthropic.…-v1:0`), dotted versions (`claude-3.5`) and
  ///    Claude word order (`claude-3-5-sonnet` = `claude-sonnet-3-5`) are ignored.
  ///
  /// When several keys match, the best is: the requested provider's own entry; then the model
  /// maker's (`anthropic` for Claude, `openai` for GPT); then a big cloud's; then resellers; chat
  /// mode before others; no region prefix; the same snapshot date, else the undated alias, else
  /// the newest date; the shortest key. Entries without a per-token input price are never returned,
  /// so an unknown model gives nil rather than a $0 cost. Answers are cached (thread-safe).
  ///
  /// - Parameters:
  ///   - model: The model id from the log.
  ///   - provider: The provider from the log, in any common spelling (`openai`, `google`, `aws`).
  /// - Returns: The matched key and prices, or nil when no entry fits.
  public func resolve(model: String, provider: String? = nil) -> ResolvedModel? {
    let cacheKey = (provider ?? "") + "\u{1F}" + model
    if let known = resolutionCache.lookup(cacheKey) { return known }
    let answer = resolveUncached(model: model, provider: provider)
    resolutionCache.store(cacheKey, answer)
    return answer
  }

  private func resolveUncached(model: String, provider: String?) -> ResolvedModel? {
    let id = ModelNameNormalizer.trim(model)
    guard !id.isEmpty else { return nil }
    let family = ProviderFamily.canonical(provider) ?? inferredFamily(of: id)
    if let base = ModelNameNormalizer.fineTunedBase(id) {
      if let hit = lookupForms(["ft:" + base], original: "", family: family) {
        return ResolvedModel(key: hit.key, price: hit.price, match: .fineTuned)
      }
      guard let hit = resolveUncached(model: base, provider: provider) else { return nil }
      return ResolvedModel(key: hit.key, price: hit.price, match: .fineTunedBase)
    }
    var forms: [String] = []
    if let family, !id.lowercased().hasPrefix(family + "/") { forms.append(family + "/" + id) }
    forms.append(id)
    for suffix in ModelNameNormalizer.pathSuffixes(id) {
      if let family { forms.append(family + "/" + suffix) }
      forms.append(suffix)
    }
    if let hit = lookupForms(forms, original: id, family: family) { return hit }
    let name = ModelNameNormalizer.normalize(id)
    guard let candidates = normalizedIndex[name.base],
      let key = best(of: candidates, query: name, family: family)
    else { return nil }
    return resolved(key, match: .normalized)
  }

  private func lookupForms(_ forms: [String], original: String, family: String?) -> ResolvedModel? {
    var seen = Set<String>()
    for form in forms where seen.insert(form).inserted {
      if let hit = resolved(form, match: form == original ? .exact : .providerPrefix) {
        return hit
      }
      if let keys = lowercasedIndex[form.lowercased()],
        let key = best(of: keys, query: ModelNameNormalizer.normalize(form), family: family),
        let hit = resolved(key, match: form == original ? .caseInsensitive : .providerPrefix)
      {
        return hit
      }
    }
    return nil
  }

  // The answer for a table key, following `alias_of` to the entry that has the prices.
  private func resolved(_ key: String, match: ModelMatch) -> ResolvedModel? {
    guard let priced = pricedKey(for: key), let price = entries[priced] else { return nil }
    return ResolvedModel(key: priced, price: price, match: match)
  }

  // A provider named by the id's first path segment (`vertex_ai/…`, `anthropic/…`).
  private func inferredFamily(of id: String) -> String? {
    guard let slash = id.firstIndex(of: "/") else { return nil }
    return ProviderFamily.canonical(String(id[..<slash]))
  }

  // MARK: - Ranking

  func best(of keys: [String], query: NormalizedModelName, family: String?) -> String? {
    keys.min { isBetter($0, than: $1, query: query, family: family) }
  }

  private func isBetter(_ a: String, than b: String, query: NormalizedModelName, family: String?) -> Bool {
    let ra = rankKey(a, query: query, family: family)
    let rb = rankKey(b, query: query, family: family)
    if ra.numbers != rb.numbers { return ra.numbers.lexicographicallyPrecedes(rb.numbers) }
    // Newer snapshot first.
    if ra.date != rb.date { return ra.date > rb.date }
    if ra.depth != rb.depth { return ra.depth < rb.depth }
    if a.count != b.count { return a.count < b.count }
    return a < b
  }

  private func rankKey(
    _ key: String, query: NormalizedModelName, family: String?
  ) -> (numbers: [Int], date: String, depth: Int) {
    let price = pricedKey(for: key).flatMap { entries[$0] }
    let name = normalizedNames[key] ?? ModelNameNormalizer.normalize(key)
    let keyFamily = price?.providerFamily ?? ""
    let providerRank: Int
    if let family, keyFamily == family {
      providerRank = 0
    } else if ProviderFamily.owners(ofBase: name.base).contains(keyFamily) {
      providerRank = 1
    } else if ProviderFamily.hyperscalers.contains(keyFamily) {
      providerRank = 2
    } else {
      providerRank = 3
    }
    let modeRank: Int
    switch price?.mode {
    case "chat": modeRank = 0
    case nil: modeRank = 1
    case "responses": modeRank = 2
    case "completion": modeRank = 3
    default: modeRank = 4
    }
    let regionRank = name.region == query.region ? 0 : (name.region == nil ? 1 : 2)
    let dateRank: Int
    if let date = query.date, date != "latest", name.date == date {
      dateRank = 0
    } else if name.date == nil {
      dateRank = 1
    } else if name.date == "latest" {
      dateRank = 2
    } else {
      dateRank = 3
    }
    let depth = key.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "/") ? 1 : 0) }
    let sortableDate = (name.date ?? "").count == 4 ? "0000" + (name.date ?? "") : (name.date ?? "")
    return ([providerRank, modeRank, regionRank, dateRank], sortableDate, depth)
  }
}
