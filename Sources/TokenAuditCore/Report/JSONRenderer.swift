import Foundation

/// Renders the JSON report: snake_case keys, sorted, pretty-printed (schema in docs/json-schema.md).
public enum JSONRenderer {
  /// Renders `result`.
  ///
  /// - Parameter result: The analysis.
  /// - Returns: JSON text ending with a newline.
  public static func render(_ result: AuditResult) -> String {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    guard let data = try? encoder.encode(result) else { return "{}\n" }
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// Decodes a JSON report written by `render` (for history and tests).
  ///
  /// - Parameter text: The JSON.
  /// - Returns: The result.
  /// - Throws: `DecodingError`.
  public static func decode(_ text: String) throws -> AuditResult {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .custom { path in Self.camelKey(path.last?.stringValue ?? "") }
    return try decoder.decode(AuditResult.self, from: Data(text.utf8))
  }

  /// The Swift property name of a snake_case key: `cost_usd` → `costUSD` (the one acronym we use).
  static func camelKey(_ snake: String) -> CodingKey {
    let parts = snake.split(separator: "_")
    var name = parts.first.map(String.init) ?? ""
    for p in parts.dropFirst() { name += p.prefix(1).uppercased() + p.dropFirst() }
    if name.hasSuffix("Usd") { name = String(name.dropLast(3)) + "USD" }
    return AnyKey(name)
  }

  struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }
}
