import Foundation
import Testing

@testable import TokenAuditCore

@Suite struct DetectorRegistryTests {
  @Test func idsAreUniqueStableKebabCase() {
    let ids = DetectorRegistry.all.map { $0.id }
    #expect(Set(ids).count == ids.count, "duplicate detector id in \(ids)")
    for id in ids {
      let kebab =
        !id.isEmpty && id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }
        && !id.hasPrefix("-") && !id.hasSuffix("-") && !id.contains("--")
      #expect(kebab, "\(id) is not kebab-case")
      #expect(!id.hasSuffix("-detector"))
    }
  }

  @Test func everyDetectorHasASummaryAndBothFixtures() {
    for type in DetectorRegistry.all {
      #expect(!type.summary.isEmpty)
      for name in ["triggering.jsonl", "clean.jsonl"] {
        let path = Fixtures.path("detectors/\(type.id)/\(name)")
        #expect(FileManager.default.fileExists(atPath: path), "missing fixture \(path)")
      }
    }
  }
}
