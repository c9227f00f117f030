import Testing

@testable import TokenAuditCore

/// `LabelTable` (labels by their bytes) against decoding each label anew, and `BinaryReader.int`
/// (one-byte values read in place) against `BinaryWriter.int`, including cut-off buffers.
@Suite struct LabelTableTests {
  static let pieces: [[UInt8]] =
    ["a", "agent", "planner", "claude-sonnet-4-5-20250929", "/logs/requests-001.jsonl", "-", "Grüße", "数据", "🇩🇪"]
    .map { Array($0.utf8) } + [[0xFF], [0xC3], [0x80, 0x41], []]

  @Test(arguments: [1, 2, 3])
  func labelsAreTheDecodedBytes(seed: UInt64) {
    var rng = SplitMix(seed: seed)
    let table = LabelTable()
    var first: [[UInt8]: String] = [:]
    for round in 0..<5_000 {
      // Few distinct labels at first (shared), then more than the table keeps.
      var bytes: [UInt8] = []
      for _ in 0..<(1 + rng.int(3)) { bytes += Self.pieces[rng.int(Self.pieces.count)] }
      if round > 2_000 { bytes += Array(String(rng.int(8_000)).utf8) }
      let got = bytes.withUnsafeBytes { table.label($0) }
      let decoded = String(decoding: bytes, as: UTF8.self)
      #expect(Array(got.utf8) == Array(decoded.utf8))
      if let known = first[bytes] { #expect(Array(known.utf8) == Array(got.utf8)) } else { first[bytes] = got }
    }
  }

  @Test func varintsReadBackWhateverTheirLength() throws {
    var rng = SplitMix(seed: 9)
    var values = [0, 1, -1, 63, -64, 64, -65, 127, 128, 8_191, 8_192, Int.max, Int.min, Int.max - 1, Int.min + 1]
    for _ in 0..<2_000 { values.append(Int(truncatingIfNeeded: rng.next()) >> rng.int(64)) }
    var w = BinaryWriter()
    for v in values { w.int(v) }
    try w.bytes.withUnsafeBytes { buf in
      var r = BinaryReader(buf)
      for v in values { #expect(try r.int() == v) }
      #expect(r.atEnd)
      // Every cut-off prefix of a multi-byte value throws instead of reading past the end.
      var big = BinaryWriter()
      big.int(Int.min)
      try big.bytes.withUnsafeBytes { b in
        for n in 0..<b.count {
          var cut = BinaryReader(UnsafeRawBufferPointer(rebasing: b[0..<n]))
          #expect(throws: BinaryReader.Malformed.self) { try cut.int() }
        }
      }
    }
  }
}
