/// A model id from a log matched to a price-table entry.
public struct ResolvedModel: Hashable, Sendable {
  /// The table key that prices the model (`claude-sonnet-4-5-20250929`).
  public var key: String
  /// The entry's prices.
  public var price: ModelPrice
  /// How the id was matched, from most to least certain.
  public var match: ModelMatch

  /// Creates a resolution.
  public init(key: String, price: ModelPrice, match: ModelMatch) {
    self.key = key
    self.price = price
    self.match = match
  }
}

/// How a model id was matched to a table key.
public enum ModelMatch: String, Hashable, Sendable, Codable, Comparable {
  /// The id is a key.
  case exact
  /// The id is a key up to letter case.
  case caseInsensitive = "case_insensitive"
  /// The id matched after removing a provider path (`openai/gpt-4o` → `gpt-4o`) or adding the
  /// provider's (`gemini-2.5-pro` from provider `gemini` → `gemini/gemini-2.5-pro`).
  case providerPrefix = "provider_prefix"
  /// A fine-tuned id (`ft:gpt-4o-mini-2024-07-18:org::id`) matched the table's fine-tuning entry
  /// (`ft:gpt-4o-mini-2024-07-18`), which carries the fine-tuned prices.
  case fineTuned = "fine_tuned"
  /// A fine-tuned id whose base model has no fine-tuning entry: priced as the base model.
  case fineTunedBase = "fine_tuned_base"
  /// Matched after normalizing dates, versions, regions and spellings
  /// (`claude-3.5-sonnet`, `anthropic.claude-…-v1:0`, `…@20240620`, `…-latest`).
  case normalized

  private var rank: Int {
    switch self {
    case .exact: return 0
    case .caseInsensitive: return 1
    case .providerPrefix: return 2
    case .fineTuned: return 3
    case .fineTunedBase: return 4
    case .normalized: return 5
    }
  }

  /// Orders more certain matches first.
  public static func < (lhs: ModelMatch, rhs: ModelMatch) -> Bool { lhs.rank < rhs.rank }
}
