import Foundation
import Testing

@testable import TokenAuditCore

/// JSON arrays too large to parse whole are read element by element.
@Suite struct ArrayStreamTests {
  static let text = """
    [
      {"a": "x, ] } \\" [", "n": [1, {"b": 2}]},
      "a string ] with , inside",
      42, -1.5e3,   true , null,
      {"timestamp": "2026-11-20T10:00:00Z", "model": "gpt-4o", "usage": {"prompt_tokens": 10, "completion_tokens": 2}},
      [1, 2]
    ]

    """

  /// Whatever the chunk boundaries, the scanner gives the elements the parser sees, each at the
  /// line where it starts.
  @Test(arguments: [1, 2, 3, 7, 64, 4096])
  func elementsMatchTheParserForAnyChunking(_ chunkSize: Int) throws {
    let bytes = Array(Self.text.utf8)
    let doc = JSONDocument()
    try doc.parse(copying: bytes)
    let expected = doc.root.elements.map(\.rawJSON)
    var scanner = ArrayScanner(maxElementBytes: 1 << 20)
    var got: [(String, Int)] = []
    var i = 0
    while i < bytes.count {
      let end = min(bytes.count, i + chunkSize)
      let outcome = bytes[i..<end].withUnsafeBytes {
        scanner.scan($0) { got.append((String(decoding: $0.bytes!, as: UTF8.self), $0.line)) }
      }
      #expect(outcome == .more)
      i = end
    }
    #expect(scanner.state == .done)
    #expect(got.map(\.0) == expected)
    #expect(got.map(\.1) == [2, 3, 4, 4, 4, 4, 5, 6])
  }

  /// Pretty-printed objects one after the other (`jq .` output of a JSONL log) are one record each.
  @Test func aSequenceOfPrettyObjectsIsRead() {
    let result = FormatFixtures.ingest("ingest/jq-pretty.json")
    #expect(result.issues.isEmpty)
    #expect(result.records.map(\.requestID) == ["jq-0", "jq-1", "jq-2"])
    #expect(result.records.map(\.source.line) == [1, 11, 21])
    #expect(result.stats.lines == 3)
    // A JSONL file whose first line is broken is still read line by line.
    #expect(FormatFixtures.ingest("ingest/bad-first-line.jsonl").records.count == 2)
  }

  @Test func notAnArrayAndBrokenArraysAreTold() {
    var a = ArrayScanner(maxElementBytes: 100)
    #expect(Array("{\"a\": 1}".utf8).withUnsafeBytes { a.scan($0) { _ in } } == .notArray)
    var b = ArrayScanner(maxElementBytes: 100)
    let outcome = Array("[{\"a\": 1} {\"b\": 2}]".utf8).withUnsafeBytes { b.scan($0) { _ in } }
    #expect(outcome == .broken("the JSON array breaks at line 1: unexpected '{' between elements"))
  }

  /// A file past the whole-document limit: elements become records at their lines, an oversized
  /// element and a break at the end are reported, and nothing is lost silently.
  @Test func largeArrayFilesAreStreamed() throws {
    let dir = Fixtures.tempDir("array-stream")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var lines = ["["]
    for i in 0..<50 {
      lines.append(
        #"  {"timestamp": "2026-11-20T10:00:00Z", "request_id": "r\#(i)", "agent": "a", "model": "gpt-4o", "usage": {"prompt_tokens": 100, "completion_tokens": 5}},"#
      )
    }
    lines.append(#"  {"note": "\#(String(repeating: "x", count: 400))"},"#)
    lines.append(
      #"  {"timestamp": "2026-11-20T10:00:00Z", "request_id": "last", "model": "gpt-4o", "usage": {"prompt_tokens": 1"#)
    let path = dir + "/export.json"
    try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    var options = IngestOptions()
    options.maxLineBytes = 300
    let result = FileIngestor(options: options).ingest(path: path)
    #expect(result.records.count == 50)
    #expect(result.records.first?.source.line == 2 && result.records.last?.source.line == 51)
    #expect(result.records.reduce(0) { $0 + ($1.usage?.inputTokens ?? 0) } == 5_000)
    #expect(result.stats.lines == 51)
    #expect(result.issues.map(\.kind) == [.oversizedLine, .invalidJSON])
    #expect(result.issues.map(\.location.line) == [52, 53])
    #expect(result.stats.skippedLines == 2)
  }
}
