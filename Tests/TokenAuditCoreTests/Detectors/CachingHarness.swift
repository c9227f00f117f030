import Foundation

@testable import TokenAuditCore

/// Runs fixture logs through the real pipeline (ingest, facts, attribution) and one detector.
enum CachingHarness {
  struct Run {
    var result: AuditResult
    var facts: [CallFacts]
    var output: DetectorOutput
  }

  static let costModel: TableCostModel = {
    // The bundled table ships with the package; tests may force-unwrap.
    TableCostModel(table: try! PriceTable.bundled())
  }()

  /// Analyses `files` (relative to `fixtures/`) with only detector `D`, and runs `D` again
  /// directly to get its effects.
  static func run<D: Detector>(
    _ type: D.Type, _ files: [String], configuration: AuditConfiguration = AuditConfiguration()
  ) throws -> Run {
    var options = AuditOptions()
    options.workers = 1
    options.onlyDetectors = [D.id]
    options.configuration = configuration
    let pipeline = AuditPipeline(options: options, costModel: costModel, makeCounter: { RoughTokenCounter() })
    let outcome = try pipeline.run(
      paths: files.map { Fixtures.path($0) },
      run: RunInfo(toolVersion: "test", generatedAt: "2026-03-03T00:00:00Z", inputs: files))
    var before = outcome.result
    before.findings = []
    before.repeatGroups = []
    before.sections = []
    let context = DetectorContext(result: before, costModel: costModel, configuration: configuration)
    let output = DetectorRunner.runOne(D.self, outcome.facts, configuration, context)
    return Run(result: outcome.result, facts: outcome.facts.all, output: output)
  }

  /// Facts of fixture files, in time order.
  static func facts(_ files: [String]) throws -> [CallFacts] {
    try run(ExactRepeatsDetector.self, files).facts
  }

  /// The index of the call with `requestID` in `facts`.
  static func index(_ facts: [CallFacts], _ requestID: String) -> Int? {
    facts.firstIndex { $0.requestID == requestID }
  }
}
