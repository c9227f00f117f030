import Foundation
import Testing

@testable import TokenAuditCore

/// How the runner shares the detectors out among cores, and that the sharing never shows.
@Suite struct DetectorRunnerTests {
  @Test func groupsPutTheHeavyDetectorAloneAndDealOutTheRest() {
    typealias S = DetectorRunner.Session
    #expect(S.groups(order: [5, 0, 1, 2, 3], heavy: true, workers: 2) == [[5], [0, 1, 2, 3]])
    #expect(S.groups(order: [5, 0, 1, 2, 3], heavy: true, workers: 3) == [[5], [0, 2], [1, 3]])
    #expect(S.groups(order: [0, 1, 2], heavy: false, workers: 2) == [[0, 2], [1]])
    #expect(S.groups(order: [5, 0], heavy: true, workers: 8) == [[5], [0]])
    #expect(S.groups(order: [5, 0, 1], heavy: true, workers: 1) == [[5, 0, 1]])
    #expect(S.groups(order: [5], heavy: true, workers: 4) == [[5]])
    #expect(S.groups(order: [], heavy: false, workers: 4).isEmpty)
    // Every detector is in exactly one group, whatever the core count.
    for workers in 1...14 {
      let groups = S.groups(order: Array(0..<12), heavy: true, workers: workers)
      #expect(groups.flatMap { $0 }.sorted() == Array(0..<12))
      #expect(groups.count <= max(1, workers))
    }
  }

  @Test func theReportDoesNotDependOnTheNumberOfCores() throws {
    func render(workers: Int) throws -> String {
      var r = try FixtureReportGoldenTests.analyze([Fixtures.path("logs")], workers: workers)
      r.tokenizer = nil
      return JSONRenderer.render(r)
    }
    let one = try render(workers: 1)
    for workers in [2, 3, 5] { #expect(try render(workers: workers) == one, "workers: \(workers)") }
  }
}
