import Testing

@testable import TokenAuditCore

@Suite struct ContentHashTests {
  @Test func stringAndBytesAgree() {
    for text in ["", "a", "abc", "hello world", "héllo wörld ✓", String(repeating: "0123456789", count: 20)] {
      let bytes = Array(text.utf8)
      #expect(ContentHash.hash(text) == bytes.withUnsafeBytes { ContentHash.hash($0) })
    }
  }

  @Test func distinguishesLengthsAndSeeds() {
    var seen = Set<UInt64>()
    var text = ""
    for _ in 0..<200 {
      #expect(seen.insert(ContentHash.hash(text)).inserted)
      text += "a"
    }
    #expect(ContentHash.hash("x", seed: 1) != ContentHash.hash("x"))
    #expect(ContentHash.hash("ab") != ContentHash.hash("ba"))
  }

  @Test func isStableAcrossRuns() {
    // Fixed values: memo keys must not change between runs or builds.
    #expect(ContentHash.hash("") == ContentHash.hash(""))
    let values = ["", "a", "hello world", String(repeating: "x", count: 100)].map { ContentHash.hash($0) }
    #expect(values == Self.recorded)
  }

  static let recorded: [UInt64] = [
    17_781_447_532_039_588_897, 2_941_419_223_392_617_777, 7_389_666_205_914_310_003, 18_162_748_338_316_724_677,
  ]
}
