/// The processing tier a call was served at, where the provider prices tiers differently:
/// OpenAI's `service_tier` `flex` (cheaper, slower) and `priority` (dearer, faster). Anything else
/// (`default`, `auto`, `standard`, absent) is the standard tier. LiteLLM's table states tier
/// prices as `*_flex` and `*_priority` fields.
public enum ServiceTier: UInt8, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
  case standard = 0
  case flex = 1
  case priority = 2

  /// The tier a logged `service_tier` value names.
  ///
  /// - Parameter logged: The value as logged (`flex`, `priority`, `default`, …).
  public init(logged: String?) {
    switch logged?.lowercased() {
    case "flex": self = .flex
    case "priority": self = .priority
    default: self = .standard
    }
  }

  /// `standard`, `flex` or `priority`.
  public var description: String {
    switch self {
    case .standard: return "standard"
    case .flex: return "flex"
    case .priority: return "priority"
    }
  }

  /// The suffix of the tier's price fields (`_flex`, `_priority`); nil for the standard tier.
  var fieldSuffix: String? {
    switch self {
    case .standard: return nil
    case .flex: return "_flex"
    case .priority: return "_priority"
    }
  }

  public static func < (a: ServiceTier, b: ServiceTier) -> Bool { a.rawValue < b.rawValue }
}
