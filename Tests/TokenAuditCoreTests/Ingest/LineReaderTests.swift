import Testing

@testable import TokenAuditCore

@Suite struct LineReaderTests {
  func lines(_ text: [UInt8], max: Int = 1 << 20, chunk: Int = 4096) throws -> [String] {
    var out: [String] = []
    let r = LineReader(source: MemoryByteSource(text), maxLineBytes: max, chunkSize: chunk)
    try r.forEachLine { n, line in
      switch line {
      case .text(let b): out.append("\(n):" + String(decoding: b, as: UTF8.self))
      case .oversized(let len): out.append("\(n):oversized(\(len))")
      }
    }
    return out
  }

  @Test func splitsLFAndCRLFAndLastLine() throws {
    #expect(try lines(Array("a\r\nb\n\nc".utf8)) == ["1:a", "2:b", "3:", "4:c"])
  }

  @Test func skipsOversizedLinesAndKeepsNumbering() throws {
    let long = String(repeating: "x", count: 20_000)
    let got = try lines(Array("short\n\(long)\nafter\n".utf8), max: 5000, chunk: 4096)
    #expect(got == ["1:short", "2:oversized(20000)", "3:after"])
  }

  @Test func longLinesUnderTheLimitGrowTheBuffer() throws {
    let long = String(repeating: "y", count: 100_000)
    let got = try lines(Array("\(long)\nz".utf8), max: 1 << 20, chunk: 4096)
    #expect(got.count == 2)
    #expect(got[0].count == 100_002)
  }

  /// Property: for random texts and chunk sizes, lines equal a simple split.
  @Test func matchesSplitOnRandomInput() throws {
    var rng = SplitMix(seed: 3)
    for _ in 0..<200 {
      let n = Int(rng.next() % 3000)
      let bytes: [UInt8] = (0..<n).map { _ in
        let r = rng.next() % 10
        return r == 0 ? 0x0A : (r == 1 ? 0x0D : UInt8(0x61 + rng.next() % 26))
      }
      let got = try lines(bytes, chunk: 4096 + Int(rng.next() % 100))
      var expected = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
      if bytes.last == 0x0A || bytes.isEmpty { expected.removeLast() }
      let exp = expected.enumerated().map { i, l -> String in
        var l = l
        if l.last == 0x0D { l.removeLast() }
        return "\(i + 1):" + String(decoding: l, as: UTF8.self)
      }
      #expect(got == exp)
    }
  }
}
