import Foundation

/// A field of a price entry that has the wrong type or value.
struct PriceFieldError: Error, Equatable {
  /// The LiteLLM field name.
  var field: String
  /// What is wrong, for a message.
  var reason: String
}

extension ModelPrice {
  // MARK: - LiteLLM fields

  /// Builds an entry from one value of LiteLLM's JSON (as `PriceTable.parseRoot` returns it; an
  /// `NSNumber` from `JSONSerialization` is read too).
  ///
  /// - Parameters:
  ///   - key: The table key.
  ///   - fields: The entry's fields.
  ///   - strict: Throw on a mistyped field (user files) instead of skipping it (the bundled table).
  ///   - names: Field names already classified (shared across the entries of one table).
  /// - Throws: `PriceFieldError` in strict mode.
  init(
    key: String, litellmFields fields: [String: Any], strict: Bool, names: PriceFieldNames = PriceFieldNames()
  ) throws(PriceFieldError) {
    self.init(key: key)
    try apply(litellmFields: fields, strict: strict, names: names)
  }

  /// Overwrites the fields that `fields` states.
  ///
  /// A JSON `null` removes a field. Fields this engine does not use (`supports_*`, `*_priority`,
  /// per-image prices, …) are ignored.
  ///
  /// - Parameters:
  ///   - fields: The entry's fields.
  ///   - strict: Throw on a mistyped field instead of skipping it.
  ///   - names: Field names already classified (shared across the entries of one table).
  /// - Throws: `PriceFieldError` in strict mode.
  mutating func apply(
    litellmFields fields: [String: Any], strict: Bool, names: PriceFieldNames = PriceFieldNames()
  ) throws(PriceFieldError) {
    // Sorted so that a strict-mode error always names the same field.
    for name in fields.keys.sorted() {
      guard let value = fields[name] else { continue }
      do {
        try apply(field: name, value: value, names: names)
      } catch {
        if strict { throw error }
      }
    }
  }

  private mutating func apply(field name: String, value: Any, names: PriceFieldNames) throws(PriceFieldError) {
    let isNull = value is NSNull
    switch name {
    case "litellm_provider":
      provider = isNull ? nil : try Self.string(value, field: name)
    case "mode":
      mode = isNull ? nil : try Self.string(value, field: name)
    case "alias_of":
      aliasOf = isNull ? nil : try Self.string(value, field: name)
    case "deprecation_date":
      deprecationDate = isNull ? nil : try Self.string(value, field: name)
    case "max_input_tokens":
      maxInputTokens = isNull ? nil : try Self.count(value, field: name)
    case "max_output_tokens":
      maxOutputTokens = isNull ? nil : try Self.count(value, field: name)
    case "prompt_cache_min_tokens":
      promptCacheMinTokens = isNull ? nil : try Self.count(value, field: name)
    case "search_context_cost_per_query":
      // Per context size (`search_context_size_low`/`medium`/`high`): the medium one, OpenAI's default.
      if isNull {
        webSearchUSDPerQuery = nil
      } else if let sizes = value as? [String: Any] {
        let v = sizes["search_context_size_medium"] ?? sizes["search_context_size_low"] ?? sizes.values.first
        webSearchUSDPerQuery = try v.map { v throws(PriceFieldError) in try Self.price(v, field: name) }
      } else {
        webSearchUSDPerQuery = try Self.price(value, field: name)
      }
    default:
      guard let parsed = names.parse(name) else { return }
      let price = isNull ? nil : try Self.price(value, field: name)
      setPrice(price, component: parsed.component, tier: parsed.tier, batch: parsed.batch, service: parsed.service)
    }
  }

  private mutating func setPrice(
    _ price: Double?, component: TokenPriceComponent, tier: LongContextTier, batch: Bool, service: ServiceTier
  ) {
    if tier.isNone {
      if batch {
        self.batch[component] = price
      } else {
        switch service {
        case .standard: list[component] = price
        case .flex: flex[component] = price
        case .priority: priority[component] = price
        }
      }
      return
    }
    var index = longContext.firstIndex { $0.tier == tier }
    if index == nil {
      guard price != nil else { return }
      longContext.append(LongContextPrices(tier: tier))
      longContext.sort { $0.tier < $1.tier }
      index = longContext.firstIndex { $0.tier == tier }
    }
    guard let i = index else { return }
    if batch {
      longContext[i].batch[component] = price
    } else {
      switch service {
      case .standard: longContext[i].list[component] = price
      case .flex: longContext[i].flex[component] = price
      case .priority: longContext[i].priority[component] = price
      }
    }
    let tierPrices = longContext[i]
    if tierPrices.list.isEmpty && tierPrices.batch.isEmpty && tierPrices.flex.isEmpty && tierPrices.priority.isEmpty {
      longContext.remove(at: i)
    }
  }

  // MARK: - Field names

  // Longest first: `…_above_1hr` must win over its prefix `cache_creation_input_token_cost`.
  private static let componentsByFieldLength = TokenPriceComponent.allCases.sorted {
    $0.litellmField.count > $1.litellmField.count
  }

  /// What `parsePriceField` returns.
  typealias PriceField = (component: TokenPriceComponent, tier: LongContextTier, batch: Bool, service: ServiceTier)

  /// Splits a price field name into component, long-context tier, batch flag and service tier.
  ///
  /// - Parameter name: `input_cost_per_token_above_200k_tokens_batches`, `output_cost_per_token_flex`, …
  /// - Returns: nil for fields that are not token prices, or other cache lifetimes (`_above_12hr`).
  static func parsePriceField(_ name: String) -> PriceField? {
    guard let component = componentsByFieldLength.first(where: { name.hasPrefix($0.litellmField) }) else {
      return nil
    }
    var rest = Substring(name.dropFirst(component.litellmField.count))
    var batch = false
    var service = ServiceTier.standard
    if rest.hasSuffix("_batches") {
      batch = true
      rest = rest.dropLast("_batches".count)
    } else {
      for tier in [ServiceTier.flex, .priority] {
        guard let suffix = tier.fieldSuffix, rest.hasSuffix(suffix) else { continue }
        service = tier
        rest = rest.dropLast(suffix.count)
      }
    }
    if rest.isEmpty { return (component, .none, batch, service) }
    guard rest.hasPrefix("_above_"), rest.hasSuffix("k_tokens") else { return nil }
    let digits = rest.dropFirst("_above_".count).dropLast("k_tokens".count)
    guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let k = Int(digits), k > 0 else {
      return nil
    }
    return (component, LongContextTier(thresholdTokens: k * 1000), batch, service)
  }

  // MARK: - Values

  private static func number(_ value: Any) -> Double? {
    if value is Bool { return nil }
    if let d = value as? Double { return d }
    if let i = value as? Int { return Double(i) }
    // JSONSerialization gives NSNumber for both numbers and booleans; a boolean has objCType "c".
    guard let n = value as? NSNumber, String(cString: n.objCType) != "c" else { return nil }
    return n.doubleValue
  }

  private static func price(_ value: Any, field: String) throws(PriceFieldError) -> Double {
    guard let d = number(value) else {
      throw PriceFieldError(field: field, reason: "must be a number (USD per token), got \(describe(value))")
    }
    guard d.isFinite, d >= 0 else {
      throw PriceFieldError(field: field, reason: "must be a finite, non-negative number, got \(d)")
    }
    return d
  }

  private static func count(_ value: Any, field: String) throws(PriceFieldError) -> Int {
    guard let d = number(value), d.isFinite, d >= 0, d <= 1e12, d == d.rounded() else {
      throw PriceFieldError(field: field, reason: "must be a whole number of tokens, got \(describe(value))")
    }
    return Int(d)
  }

  private static func string(_ value: Any, field: String) throws(PriceFieldError) -> String {
    guard let s = value as? String else {
      throw PriceFieldError(field: field, reason: "must be a string, got \(describe(value))")
    }
    return s
  }

  private static func describe(_ value: Any) -> String {
    if let s = value as? String { return "the string \"\(s.prefix(40))\"" }
    if value is Bool { return "a boolean" }
    if let i = value as? Int { return "\(i)" }
    if let d = value as? Double { return "\(d)" }
    if let n = value as? NSNumber { return String(cString: n.objCType) == "c" ? "a boolean" : "\(n)" }
    if value is [Any] { return "an array" }
    if value is [String: Any] { return "an object" }
    return "\(type(of: value))"
  }
}

/// `ModelPrice.parsePriceField` of each field name seen, worked out once per name: LiteLLM's table
/// repeats a few hundred names (most of them not prices) about 100,000 times. One per table load.
final class PriceFieldNames {
  private var known: [String: ModelPrice.PriceField?] = [:]

  /// An empty memo.
  init() {}

  /// `ModelPrice.parsePriceField(name)`.
  func parse(_ name: String) -> ModelPrice.PriceField? {
    if let k = known[name] { return k }
    let parsed = ModelPrice.parsePriceField(name)
    known[name] = .some(parsed)
    return parsed
  }
}
