import Foundation
import Testing

@testable import TokenAuditCore

@Suite struct JSONDocumentTests {
  @Test func parsesNestedValues() throws {
    let d = JSONDocument()
    try d.parse(string: #"{"a": {"b": [1, 2.5, "x\ny", true, null]}, "c": "\u00e9\ud83d\ude00", "e": -12}"#)
    let b = try #require(d.root["a"]?["b"])
    #expect(b.count == 5)
    #expect(b.element(at: 0)?.int == 1)
    #expect(b.element(at: 1)?.double == 2.5)
    #expect(b.element(at: 2)?.string == "x\ny")
    #expect(b.element(at: 3)?.bool == true)
    #expect(b.element(at: 4)?.isNull == true)
    #expect(d.root["c"]?.string == "é😀")
    #expect(d.root["e"]?.int == -12)
    #expect(d.root.value(atPath: "a.b.2")?.string == "x\ny")
    #expect(d.root["missing"] == nil)
  }

  @Test(arguments: [
    "", "{", "{\"a\":}", "[1,2", "{\"a\" 1}", "nul", "{\"a\":1}x", "\"abc", "{\"a\":\"\u{01}\"}", "[-]", "{1:2}",
  ])
  func rejectsMalformed(_ text: String) {
    let d = JSONDocument()
    #expect(throws: JSONParseError.self) { try d.parse(string: text) }
  }

  @Test func rejectsDeepNestingWithoutCrashing() {
    let d = JSONDocument(maxDepth: 64)
    let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    #expect(throws: JSONParseError.self) { try d.parse(string: text) }
  }

  @Test func flagsInvalidUTF8() throws {
    let d = JSONDocument()
    try d.parse(copying: Array(#"{"a":"ok \#u{00}"#.utf8.prefix(8)) + [0xFF, 0x22, 0x7D])
    #expect(d.hasInvalidUTF8)
    #expect(d.root["a"]?.string?.contains("\u{FFFD}") == true)
  }

  /// Property: any random byte string either parses or throws; it never crashes, and valid JSON
  /// produced by Foundation round-trips the same values.
  @Test func fuzzRandomBytesNeverCrash() {
    var rng = SplitMix(seed: 42)
    let d = JSONDocument()
    let alphabet = Array(#"{}[]":,0123456789-+.eE truefalsnul\abc"#.utf8) + [0xC3, 0xA9, 0xFF, 0x0A]
    for _ in 0..<3000 {
      let n = Int(rng.next() % 40)
      let bytes = (0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
      _ = try? d.parse(copying: bytes)
    }
  }

  @Test func roundTripsFoundationOutput() throws {
    var rng = SplitMix(seed: 7)
    let d = JSONDocument()
    for _ in 0..<200 {
      let obj: [String: Any] = [
        "n": Int(rng.next() % 100_000), "s": String(repeating: "é\"\\\t", count: Int(rng.next() % 4)),
        "arr": [1, 2, 3], "f": Double(rng.next() % 1000) / 8,
      ]
      let data = try JSONSerialization.data(withJSONObject: obj)
      try d.parse(copying: Array(data))
      #expect(d.root["n"]?.int == obj["n"] as? Int)
      #expect(d.root["s"]?.string == obj["s"] as? String)
      #expect(d.root["f"]?.double == obj["f"] as? Double)
      #expect(d.root["arr"]?.count == 3)
    }
  }
}
