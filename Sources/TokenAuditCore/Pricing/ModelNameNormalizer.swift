/// A model name reduced to the parts that identify its price: the base name, plus the snapshot
/// date and cloud region that were stripped from it.
///
/// `anthropic/claude-3.5-sonnet`, `us.anthropic.claude-3-5-sonnet-20240620-v1:0` and
/// `vertex_ai/claude-3-5-sonnet@20240620` all have the base `claude-sonnet-3-5`.
struct NormalizedModelName: Hashable, Sendable {
  /// Lowercased name without provider path, region, vendor, version or date (`claude-sonnet-3-5`).
  var base: String
  /// The snapshot that was stripped: `yyyymmdd`, `mmdd` (old OpenAI ids), `nnn` (Gemini's
  /// `-001`) or `latest`.
  var date: String?
  /// A Bedrock cross-region prefix that was stripped (`us`, `eu`, `global`, …).
  var region: String?
}

/// Turns model ids spelled by SDKs, gateways and clouds into comparable forms.
///
/// Pure string code, no regular expressions (Swift `Regex` is slow; see PERFORMANCE-NOTES).
enum ModelNameNormalizer {
  // Bedrock cross-region inference prefixes (`us.anthropic.…`).
  private static let regionPrefixes: Set<String> = [
    "us", "eu", "apac", "global", "jp", "au", "us-gov", "ca", "sa", "ap", "in", "me",
  ]
  // Bedrock model-vendor prefixes (`anthropic.claude-…`, `amazon.nova-…`).
  private static let vendorPrefixes: Set<String> = [
    "anthropic", "amazon", "meta", "cohere", "mistral", "ai21", "deepseek", "writer", "qwen", "openai",
    "twelvelabs", "stability", "google", "moonshot", "moonshotai", "minimax", "nvidia", "luma", "zai", "xai",
  ]
  // OpenRouter variant suffixes that do not change the price (`:free` does, so it stays).
  private static let priceNeutralVariants = [":thinking", ":beta", ":extended"]
  // Claude model-line words, for reordering `claude-3-5-sonnet` ↔ `claude-sonnet-3-5`.
  private static let claudeLines: Set<String> = ["opus", "sonnet", "haiku", "instant"]

  // MARK: - Entry points

  /// The string without leading and trailing spaces, tabs and newlines.
  static func trim(_ s: String) -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = s.firstIndex(where: { !isSpace($0) }), let last = s.lastIndex(where: { !isSpace($0) }) else {
      return ""
    }
    return String(s[first...last])
  }

  /// Normalizes a model id or table key.
  ///
  /// - Parameter name: Any spelling of a model id.
  /// - Returns: Base name, date and region.
  static func normalize(_ name: String) -> NormalizedModelName {
    var s = trim(name).lowercased()
    if let slash = s.lastIndex(of: "/") { s = String(s[s.index(after: slash)...]) }
    for suffix in priceNeutralVariants where s.hasSuffix(suffix) {
      s.removeLast(suffix.count)
    }
    var region: String?
    var dotted = s.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    // A region needs a `vendor.model` after it; the vendor need not be one this list knows.
    if dotted.count >= 3, regionPrefixes.contains(dotted[0]), dotted[1].utf8.allSatisfy(Self.isNameByte) {
      region = dotted.removeFirst()
    }
    if dotted.count >= 2, vendorPrefixes.contains(dotted[0]) { dotted.removeFirst() }
    s = dotted.joined(separator: ".").replacingAll("@", with: "-")

    var tokens = s.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
    // Bedrock version suffix after a snapshot date: `…-20240620-v1:0`.
    if tokens.count >= 3, isBedrockVersion(tokens[tokens.count - 1]), isEightDigitDate(tokens[tokens.count - 2]) {
      tokens.removeLast()
    }
    let date = removeDate(from: &tokens)
    // Claude on Vertex names its October 2024 Sonnet snapshot `claude-3-5-sonnet-v2@20241022`;
    // the `v2` is a release, priced as the model line.
    if tokens.count >= 3, tokens[0] == "claude", let last = tokens.last, last.count >= 2, last.hasPrefix("v"),
      isDigits(String(last.dropFirst()))
    {
      tokens.removeLast()
    }
    let base = reorderClaude(digitDotsToDashes(tokens.joined(separator: "-")))
    return NormalizedModelName(base: base, date: date, region: region)
  }

  /// The base model of an OpenAI fine-tuned id.
  ///
  /// - Parameter name: A model id such as `ft:gpt-4o-mini-2024-07-18:org::abc123`.
  /// - Returns: `gpt-4o-mini-2024-07-18`, or nil when `name` is not a fine-tuned id.
  static func fineTunedBase(_ name: String) -> String? {
    let s = trim(name)
    guard s.lowercased().hasPrefix("ft:") else { return nil }
    let parts = s.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count >= 2, !parts[1].isEmpty else { return nil }
    return String(parts[1])
  }

  /// The names left after removing one, two, … leading path segments.
  ///
  /// - Parameter name: `openrouter/anthropic/claude-3.5-sonnet`.
  /// - Returns: `["anthropic/claude-3.5-sonnet", "claude-3.5-sonnet"]`.
  static func pathSuffixes(_ name: String) -> [String] {
    var result: [String] = []
    var rest = Substring(name)
    while let slash = rest.firstIndex(of: "/") {
      rest = rest[rest.index(after: slash)...]
      if rest.isEmpty { break }
      result.append(String(rest))
    }
    return result
  }

  /// The model series of a normalized base, used to tell a same-generation sibling
  /// (`gpt-4.1` → `gpt-4.1-mini`) from any cheaper model.
  ///
  /// Claude: `claude-<version>` (`claude-opus-4-5` → `claude-4-5`). Others: the name through its
  /// last token that contains a digit (`gpt-4o-mini` → `gpt-4o`, `gemini-2-5-flash-lite` → `gemini-2-5`).
  static func series(ofBase base: String) -> String {
    let tokens = base.split(separator: "-").map(String.init)
    if tokens.first == "claude", tokens.count >= 3, claudeLines.contains(tokens[1]),
      tokens.dropFirst(2).allSatisfy(isDigits)
    {
      return (["claude"] + tokens.dropFirst(2)).joined(separator: "-")
    }
    guard let last = tokens.lastIndex(where: { $0.contains(where: \.isNumber) }) else { return base }
    return tokens[...last].joined(separator: "-")
  }

  // MARK: - Pieces

  private static func removeDate(from tokens: inout [String]) -> String? {
    guard tokens.count >= 2, let last = tokens.last else { return nil }
    if last == "latest" {
      tokens.removeLast()
      return "latest"
    }
    if isEightDigitDate(last) {
      tokens.removeLast()
      return last
    }
    // Google's stable version suffix (`gemini-2.0-flash-001`, `gemini-1.5-pro-002`).
    if tokens[0].hasPrefix("gemini"), last.count == 3, isDigits(last) {
      tokens.removeLast()
      return last
    }
    let n = tokens.count
    if n >= 4, tokens[n - 3].count == 4, tokens[n - 3].hasPrefix("20"), isDigits(tokens[n - 3]),
      tokens[n - 2].count == 2, isDigits(tokens[n - 2]), last.count == 2, isDigits(last)
    {
      let date = tokens[n - 3] + tokens[n - 2] + last
      tokens.removeLast(3)
      return date
    }
    if last.count == 4, isDigits(last), let mmdd = Int(last), (1...12).contains(mmdd / 100),
      (1...31).contains(mmdd % 100)
    {
      tokens.removeLast()
      return last
    }
    return nil
  }

  private static func isDigits(_ s: String) -> Bool {
    !s.isEmpty && s.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
  }

  private static func isEightDigitDate(_ s: String) -> Bool {
    s.count == 8 && isDigits(s) && (s.hasPrefix("19") || s.hasPrefix("20"))
  }

  // `v1`, `v2:0`.
  private static func isBedrockVersion(_ s: String) -> Bool {
    guard s.hasPrefix("v") else { return false }
    let rest = s.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
    return (1...2).contains(rest.count) && rest.allSatisfy { isDigits(String($0)) }
  }

  // `claude-3.5-sonnet` → `claude-3-5-sonnet`; `gpt-4.1` → `gpt-4-1`.
  private static func digitDotsToDashes(_ s: String) -> String {
    var out: [UInt8] = Array(s.utf8)
    for i in out.indices where out[i] == UInt8(ascii: ".") && i > 0 && i + 1 < out.count {
      if isDigitByte(out[i - 1]) && isDigitByte(out[i + 1]) { out[i] = UInt8(ascii: "-") }
    }
    return String(decoding: out, as: UTF8.self)
  }

  private static func isDigitByte(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

  // Lowercase letters, digits and `-`: a vendor name such as `ai21`.
  private static func isNameByte(_ b: UInt8) -> Bool {
    (b >= 97 && b <= 122) || isDigitByte(b) || b == UInt8(ascii: "-")
  }

  // `claude-3-5-sonnet` → `claude-sonnet-3-5`; `claude-4-opus` → `claude-opus-4`.
  private static func reorderClaude(_ s: String) -> String {
    guard s.hasPrefix("claude-") else { return s }
    let tokens = s.split(separator: "-").map(String.init).dropFirst()
    let lines = tokens.filter { claudeLines.contains($0) }
    let digits = tokens.filter(isDigits)
    guard lines.count == 1, !digits.isEmpty, lines.count + digits.count == tokens.count else { return s }
    return (["claude"] + lines + digits).joined(separator: "-")
  }
}

extension String {
  // Plain replacement without Foundation, used for `@` → `-` in Vertex ids.
  fileprivate func replacingAll(_ target: Character, with replacement: Character) -> String {
    String(map { $0 == target ? replacement : $0 })
  }
}
