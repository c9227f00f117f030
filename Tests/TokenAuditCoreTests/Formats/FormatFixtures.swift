@testable import TokenAuditCore

/// Paths of the format fixtures, resolved from this file's location.
enum FormatFixtures {
  /// The repository root.
  static let root: String = {
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    parts.removeLast(4)  // Formats/FormatFixtures.swift, TokenAuditCoreTests, Tests
    return parts.joined(separator: "/")
  }()

  /// The path of `fixtures/formats/<relative>`.
  static func path(_ relative: String) -> String { root + "/fixtures/formats/" + relative }
}
