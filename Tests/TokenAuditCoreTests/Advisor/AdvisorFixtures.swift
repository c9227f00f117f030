import Foundation
import Testing

@testable import TokenAuditCore

/// The namespace of the advisor suites, so that `swift test --filter Advisor` selects them all.
enum Advisor {}

/// Runs the pipeline on detector fixtures, for the advisor suites.
enum AdvisorFixtures {
  /// The advisor's detectors (issue 6).
  static let detectorIDs: Set<String> = [
    ReliabilityDetector.id, ModelRoutingDetector.id, SystemPromptBloatDetector.id, HistoryGrowthDetector.id,
    RetrievalDumpDetector.id, UnusedToolsDetector.id, PromptWhitespaceDetector.id, BatchingDetector.id,
    CallMergingDetector.id,
  ]

  /// `fixtures/detectors/<id>/<name>.jsonl`.
  static func path(_ id: String, _ name: String) -> String { Fixtures.path("detectors/\(id)/\(name).jsonl") }

  /// Every triggering or clean fixture of the advisor's detectors, sorted.
  static func all(_ name: String) -> [String] { detectorIDs.sorted().map { path($0, name) } }

  /// Runs the pipeline on `paths` with only `detectors` enabled.
  ///
  /// - Parameters:
  ///   - paths: Input files.
  ///   - detectors: Detector ids to run (default: the advisor's).
  ///   - configuration: Detector settings.
  /// - Returns: The outcome.
  static func run(
    _ paths: [String], detectors: Set<String> = detectorIDs, configuration: AuditConfiguration = AuditConfiguration()
  ) throws -> AuditOutcome {
    var options = AuditOptions()
    options.workers = 1
    options.onlyDetectors = detectors
    options.configuration = configuration
    let pipeline = AuditPipeline(
      options: options, costModel: TableCostModel(table: try PriceTable.bundled()), makeCounter: { RoughTokenCounter() }
    )
    return try pipeline.run(
      paths: paths, run: RunInfo(toolVersion: "test", generatedAt: "2026-03-10T00:00:00Z", inputs: ["fixtures"]))
  }

  /// Runs one detector on its triggering or clean fixture and returns its findings.
  static func findings(_ id: String, _ name: String) throws -> (AuditResult, [Finding]) {
    let r = try run([path(id, name)], detectors: [id]).result
    return (r, r.findings.filter { $0.detector == id })
  }

  /// Checks what every finding must carry.
  static func checkShape(_ f: Finding, _ r: AuditResult, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(
      ["routing", "pruning", "caching", "batching", "reliability"].contains(f.lever), sourceLocation: sourceLocation)
    #expect(["high", "medium", "low"].contains(f.confidence), sourceLocation: sourceLocation)
    #expect(["high", "medium", "low"].contains(f.effort), sourceLocation: sourceLocation)
    #expect(f.savingsUSD > 0, sourceLocation: sourceLocation)
    #expect(abs(f.monthlySavingsUSD - f.savingsUSD * r.period.monthlyFactor) < 1e-9, sourceLocation: sourceLocation)
    #expect(!f.requestIds.isEmpty, sourceLocation: sourceLocation)
    #expect(!f.how.isEmpty && !f.risk.isEmpty && !f.detail.isEmpty, sourceLocation: sourceLocation)
    #expect(f.id.hasPrefix(f.detector + ":" + f.kind + ":"), sourceLocation: sourceLocation)
    #expect(f.calls > 0, sourceLocation: sourceLocation)
  }
}
