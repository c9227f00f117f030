import Foundation

extension ModelPrice {
  /// The list price of a typical token mix, 3 input tokens to 1 output token, per token.
  ///
  /// - Returns: (3 × input + output) / 4, or nil without both prices.
  public var blendedUSDPerToken: Double? {
    guard let input = list.input, let output = list.output else { return nil }
    return (3 * input + output) / 4
  }
}

extension PriceTable {
  // MARK: - Comparing models

  /// The cost of the same usage on two models, each in its own long-context tier.
  ///
  /// Assumes the alternative would see the same cache reads and writes.
  ///
  /// - Parameters:
  ///   - usage: One call's usage (the tier of each model is computed from its prompt size).
  ///   - batch: Whether the call went through a batch API.
  ///   - current: The model that served the call.
  ///   - alternative: The model to compare with.
  /// - Returns: Both costs.
  public func compareCost(
    of usage: TokenUsage, batch: Bool, current: ResolvedModel, alternative: ResolvedModel
  ) -> ModelCostComparison {
    ModelCostComparison(
      currentKey: current.key, alternativeKey: alternative.key,
      current: current.price.cost(ofCall: usage, batch: batch),
      alternative: alternative.price.cost(ofCall: usage, batch: batch))
  }

  /// The cost of the same usage on two models named by id.
  ///
  /// - Parameters:
  ///   - usage: One call's usage.
  ///   - batch: Whether the call went through a batch API.
  ///   - from: The id of the model that served the call.
  ///   - to: The id of the model to compare with.
  ///   - provider: The provider, used to resolve both ids.
  /// - Returns: Both costs, or nil when either id does not resolve.
  public func priceDifference(
    of usage: TokenUsage, batch: Bool = false, from: String, to: String, provider: String? = nil
  ) -> ModelCostComparison? {
    guard let current = resolve(model: from, provider: provider),
      let alternative = resolve(model: to, provider: provider)
    else { return nil }
    return compareCost(of: usage, batch: batch, current: current, alternative: alternative)
  }

  // MARK: - Cheaper models

  // Name parts of models that are not general chat substitutes.
  static let nonChatNameParts = [
    "audio", "realtime", "search", "tts", "transcribe", "image", "computer-use", "embedding", "moderation",
    "preview", "dall-e", "whisper", "-exp", "customtools", "deep-research", "codex", "container",
  ]

  /// Cheaper chat models from the same provider, most expensive first.
  ///
  /// Candidates have the same `litellm_provider` and key path prefix as `model` (so Bedrock stays
  /// on Bedrock, Azure on Azure), mode `chat`, input and output prices, and a lower blended price.
  /// Excluded: entries deprecated before `date`, fine-tuning (`ft:`) and region-prefixed
  /// duplicates, and audio, realtime, search, image, preview and similar special-purpose models.
  /// Dated snapshots of one model count once (the undated alias, else the newest snapshot).
  ///
  /// - Parameters:
  ///   - model: The model that served the calls.
  ///   - date: The audit date; models deprecated before it are left out.
  ///   - sameSeriesOnly: Keep only same-series siblings (`gpt-5` → `gpt-5-mini`, `gpt-5-nano`).
  /// - Returns: Alternatives by blended price, descending (the nearest step down first), then key.
  public func cheaperAlternatives(
    to model: ResolvedModel, asOf date: Date, sameSeriesOnly: Bool = false
  ) -> [ModelAlternative] {
    guard let currentBlend = model.price.blendedUSDPerToken else { return [] }
    let today = Self.dayString(date)
    let currentBase = (normalizedNames[model.key] ?? ModelNameNormalizer.normalize(model.key)).base
    let currentSeries = ModelNameNormalizer.series(ofBase: currentBase)
    let prefix = Self.pathPrefix(model.key)
    var byBase: [String: [String]] = [:]
    for (key, price) in entries {
      guard price.provider == model.price.provider, price.mode == "chat", Self.pathPrefix(key) == prefix,
        let blend = price.blendedUSDPerToken, blend < currentBlend,
        let name = normalizedNames[key], name.region == nil, name.base != currentBase
      else { continue }
      let lower = key.lowercased()
      if lower.hasPrefix("ft:") || Self.nonChatNameParts.contains(where: lower.contains) { continue }
      if let deprecated = price.deprecationDate, Self.isDay(deprecated), deprecated < today { continue }
      byBase[name.base, default: []].append(key)
    }
    var result: [ModelAlternative] = []
    for (base, keys) in byBase {
      let query = NormalizedModelName(base: base, date: nil, region: nil)
      guard let key = best(of: keys, query: query, family: model.price.providerFamily), let price = entries[key],
        let blend = price.blendedUSDPerToken
      else { continue }
      let same = ModelNameNormalizer.series(ofBase: base) == currentSeries
      if sameSeriesOnly && !same { continue }
      result.append(ModelAlternative(key: key, price: price, blendedUSDPerToken: blend, sameSeries: same))
    }
    return result.sorted {
      $0.blendedUSDPerToken != $1.blendedUSDPerToken ? $0.blendedUSDPerToken > $1.blendedUSDPerToken : $0.key < $1.key
    }
  }

  private static func pathPrefix(_ key: String) -> Substring {
    guard let slash = key.lastIndex(of: "/") else { return "" }
    return key[..<slash]
  }

  // `YYYY-MM-DD` in UTC.
  static func dayString(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let c = calendar.dateComponents([.year, .month, .day], from: date)
    let pad: (Int?) -> String = { v in
      let s = String(v ?? 0)
      return s.count < 2 ? "0" + s : s
    }
    return "\(c.year ?? 0)-\(pad(c.month))-\(pad(c.day))"
  }

  private static func isDay(_ s: String) -> Bool {
    let bytes = Array(s.utf8)
    guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
    return bytes.enumerated().allSatisfy { i, b in i == 4 || i == 7 || (b >= 48 && b <= 57) }
  }
}
