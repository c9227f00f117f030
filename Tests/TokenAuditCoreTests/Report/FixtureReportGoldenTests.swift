import Foundation
import Testing

@testable import TokenAuditCore

/// The whole report on the committed fixture logs, as goldens, and its independence from the
/// order of lines and files.
@Suite struct FixtureReportGoldenTests {
  static let run = RunInfo(toolVersion: "test", generatedAt: "2026-11-27T00:00:00Z", inputs: ["fixtures/logs"])

  static func analyze(_ paths: [String], workers: Int = 2) throws -> AuditResult {
    var o = AuditOptions()
    o.workers = workers
    let p = AuditPipeline(
      options: o, costModel: TableCostModel(table: try PriceTable.bundled()), makeCounter: { BPETokenCounter() })
    return try p.run(paths: paths, run: Self.run).result
  }

  @Test func markdownAndJSONMatchGoldens() throws {
    var r = try Self.analyze([Fixtures.path("logs")])
    r.input.fileProblems = []
    let md = MarkdownRenderer.render(r).replacingOccurrences(of: Fixtures.root + "/", with: "")
    let json = JSONRenderer.render(r).replacingOccurrences(of: Fixtures.root + "/", with: "")
    let (okMD, whyMD) = Fixtures.matchesGolden(md, "fixture-report.md")
    #expect(okMD, "\(whyMD)")
    let (okJSON, whyJSON) = Fixtures.matchesGolden(json, "fixture-report.json")
    #expect(okJSON, "\(whyJSON)")
  }

  @Test func shuffledLinesAndFilesGiveTheSameAnalysis() throws {
    let committed = try FixtureTotalsTests.readAll(Fixtures.path("logs/requests-001.jsonl.gz"))
    var lines = committed.split(separator: "\n").map(String.init)
    var rng = SplitMix(seed: 11)
    for i in stride(from: lines.count - 1, to: 0, by: -1) { lines.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
    let dir = Fixtures.tempDir("shuffle")
    let thirds = [lines[0..<50], lines[50..<100], lines[100...]]
    for (k, part) in thirds.enumerated() {
      try (part.joined(separator: "\n") + "\n").write(
        toFile: dir + "/part-\(k).jsonl", atomically: true, encoding: .utf8)
    }
    var a = try Self.analyze([Fixtures.path("logs")], workers: 1)
    var b = try Self.analyze([dir], workers: 2)
    // Only what was read differs (file names, counts per file); every figure must be equal.
    b.input = a.input
    b.run = a.run
    a.tokenizer = nil
    b.tokenizer = nil
    #expect(JSONRenderer.render(a) == JSONRenderer.render(b))
  }
}
