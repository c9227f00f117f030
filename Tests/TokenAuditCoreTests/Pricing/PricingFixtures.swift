import Foundation

@testable import TokenAuditCore

/// The namespace of the pricing suites, so that `swift test --filter Pricing` selects them all.
enum Pricing {}

/// Paths of `fixtures/pricing/` files and the bundled table, for the pricing tests.
enum PricingFixtures {
  /// The absolute path of `fixtures/pricing/<name>`, found from this file's location.
  static func path(_ name: String, filePath: String = #filePath) -> String {
    URL(fileURLWithPath: filePath)
      .deletingLastPathComponent()  // Pricing
      .deletingLastPathComponent()  // TokenAuditCoreTests
      .deletingLastPathComponent()  // Tests
      .deletingLastPathComponent()  // package root
      .appendingPathComponent("fixtures/pricing/\(name)").path
  }

  /// The embedded table (immutable, shared by the process anyway).
  static var table: PriceTable {
    get throws { try PriceTable.bundled() }
  }
}
