import Foundation
import Testing

@testable import TokenAuditCore

/// Files are told by their first bytes: rotated logs and names without an extension are read, other
/// files are named as passed over, and UTF-16 text (PowerShell's redirection) reads as UTF-8.
@Suite struct InputSniffingTests {
  /// The four lines of a fixture.
  static let line = try! String(contentsOfFile: Fixtures.path("formats/native/other-chat-apis.jsonl"), encoding: .utf8)

  @Test func rotatedAndExtensionlessLogsAreReadAndOtherFilesAreNamed() throws {
    let dir = Fixtures.tempDir("sniff")
    let fm = FileManager.default
    func write(_ name: String, _ bytes: [UInt8]) { fm.createFile(atPath: dir + "/" + name, contents: Data(bytes)) }
    write("app.log.1", Array(Self.line.utf8))
    write("llm-2026-11-20", Array(Self.line.utf8))
    write("calls.out", Array(("2026-11-20 10:00:00 INFO llm: " + Self.line).utf8))
    write("README.md", Array("# Logs\n".utf8))
    write("export.sha256", Array("abc  export.jsonl\n".utf8))
    write("old.zip", [0x50, 0x4B, 0x03, 0x04, 0, 0])
    let (files, problems) = InputDiscovery.files(in: [dir])
    #expect(
      files.map { ($0 as NSString).lastPathComponent } == ["app.log.1", "calls.out", "llm-2026-11-20", "old.zip"])
    #expect(problems.map(\.kind) == [.ignoredFile])
    #expect(problems.first?.location.file.hasSuffix("README.md") == true)

    let p = AuditPipeline(
      options: AuditOptions(), costModel: TableCostModel(table: try PriceTable.bundled()),
      makeCounter: { BPETokenCounter() })
    let out = try p.run(paths: [dir], run: FixtureReportGoldenTests.run)
    #expect(out.result.input.records == 12)
    #expect(out.result.input.ignoredFiles.map(\.count) == [1])
    #expect(out.result.input.fileProblems.first?.examples.first?.contains("zip file") == true)
    // Passed-over files are shown, but are not problems of the input.
    let md = MarkdownRenderer.render(out.result)
    #expect(md.contains("### Files passed over (not logs)"))
  }

  @Test func utf16FilesReadAsTheirUTF8Text() throws {
    let dir = Fixtures.tempDir("utf16")
    let text = Self.line.replacingOccurrences(of: "Be brief.", with: "Be brief 😀 ✓ 𝄞.")
    FileManager.default.createFile(
      atPath: dir + "/le.jsonl",
      contents: text.data(using: .utf16LittleEndian).map {
        Data([0xFF, 0xFE]) + $0
      })
    FileManager.default.createFile(
      atPath: dir + "/be.jsonl",
      contents: text.data(using: .utf16BigEndian).map {
        Data([0xFE, 0xFF]) + $0
      })
    FileManager.default.createFile(atPath: dir + "/utf8.jsonl", contents: Data(text.utf8))
    let ingest = { (name: String) in FileIngestor(options: IngestOptions()).ingest(path: dir + "/" + name) }
    let reference = ingest("utf8.jsonl")
    for name in ["le.jsonl", "be.jsonl"] {
      let r = ingest(name)
      #expect(r.issues.isEmpty)
      #expect(r.records.map(\.usage) == reference.records.map(\.usage))
      #expect(r.records.first?.system == "Be brief 😀 ✓ 𝄞.")
    }
  }

  /// A source that hands out one to three bytes at a time, so that code units and surrogate pairs
  /// are split across reads.
  final class Trickle: ByteSource {
    let bytes: [UInt8]
    var offset = 0
    var rng: SplitMix
    init(_ bytes: [UInt8], seed: UInt64) {
      self.bytes = bytes
      rng = SplitMix(seed: seed)
    }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
      let n = min(buffer.count, bytes.count - offset, 1 + Int(rng.next() % 3))
      for i in 0..<n { buffer[i] = bytes[offset + i] }
      offset += n
      return n
    }
  }

  @Test(arguments: 0..<40)
  func randomTextDecodesExactlyWhateverTheReadSizes(_ seed: Int) throws {
    var rng = SplitMix(seed: UInt64(seed))
    let alphabet: [Unicode.Scalar] = ["a", "{", "\"", "\n", "é", "€", "中", "😀", "𝄞", "\u{FFFD}", "\u{0}"]
    var text = ""
    for _ in 0..<Int(rng.next() % 300) {
      text.unicodeScalars.append(alphabet[Int(rng.next() % UInt64(alphabet.count))])
    }
    for bigEndian in [false, true] {
      let encoded = Array(text.data(using: bigEndian ? .utf16BigEndian : .utf16LittleEndian)!)
      let source = UTF16ByteSource(Trickle(encoded, seed: UInt64(seed)), bigEndian: bigEndian)
      var out: [UInt8] = []
      var buffer = [UInt8](repeating: 0, count: 1 + Int(rng.next() % 7))
      while true {
        let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
        if n == 0 { break }
        out += buffer[0..<n]
      }
      #expect(out == Array(text.utf8))
    }
  }

  @Test func unpairedSurrogatesAndACutFileBecomeReplacementCharacters() throws {
    // "a", a lone low surrogate, "b", then a high surrogate cut off by the end of the file.
    let bytes: [UInt8] = [0x61, 0x00, 0x00, 0xDC, 0x62, 0x00, 0x3D, 0xD8]
    let source = UTF16ByteSource(MemoryByteSource(bytes), bigEndian: false)
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 64)
    while true {
      let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
      if n == 0 { break }
      out += buffer[0..<n]
    }
    #expect(String(decoding: out, as: UTF8.self) == "a\u{FFFD}b\u{FFFD}")
  }
}
