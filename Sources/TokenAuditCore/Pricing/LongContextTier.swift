/// The long-context price tier of a call: none, or "prompt above N tokens".
///
/// LiteLLM states tiers as `*_above_<N>k_tokens` fields; when a call's prompt (all of
/// `TokenUsage.inputTokens`) exceeds N×1000 tokens, the tier's prices apply to every token of the
/// call. Most tiers are 128k or 200k; the table also has 32k, 100k, 256k, 272k and 512k, so the
/// threshold is stored rather than enumerated. Encoded as a string: `"none"`, `"above_200k"`.
public struct LongContextTier: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
  /// The prompt size the call must exceed; 0 for `.none`.
  public let thresholdTokens: Int

  /// Creates a tier for prompts above `thresholdTokens`.
  public init(thresholdTokens: Int) {
    self.thresholdTokens = max(0, thresholdTokens)
  }

  /// No long-context surcharge.
  public static let none = LongContextTier(thresholdTokens: 0)
  /// Prompts above 128,000 tokens.
  public static let above128k = LongContextTier(thresholdTokens: 128_000)
  /// Prompts above 200,000 tokens.
  public static let above200k = LongContextTier(thresholdTokens: 200_000)

  /// Whether this is `.none`.
  public var isNone: Bool { thresholdTokens == 0 }

  /// `none`, `above_200k`, or `above_<N>_tokens` for a threshold that is not a multiple of 1000.
  public var description: String {
    if thresholdTokens == 0 { return "none" }
    if thresholdTokens % 1000 == 0 { return "above_\(thresholdTokens / 1000)k" }
    return "above_\(thresholdTokens)_tokens"
  }

  /// Parses `description`.
  ///
  /// - Parameter text: `none`, `above_200k` or `above_<N>_tokens`.
  public init?(_ text: String) {
    if text == "none" {
      self = .none
      return
    }
    guard text.hasPrefix("above_") else { return nil }
    let rest = text.dropFirst("above_".count)
    if rest.hasSuffix("k"), let k = Int(rest.dropLast()), k > 0 {
      self.init(thresholdTokens: k * 1000)
    } else if rest.hasSuffix("_tokens"), let n = Int(rest.dropLast("_tokens".count)), n > 0 {
      self.init(thresholdTokens: n)
    } else {
      return nil
    }
  }

  /// Orders tiers by threshold, `.none` first.
  public static func < (lhs: LongContextTier, rhs: LongContextTier) -> Bool {
    lhs.thresholdTokens < rhs.thresholdTokens
  }

  /// Decodes a tier from its name (`"above_200k"`).
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let tier = LongContextTier(text) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "expected \"none\" or \"above_<N>k\", got \"\(text)\"")
    }
    self = tier
  }

  /// Encodes the tier as its name.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
