import Testing

@testable import TokenAuditCore

@Suite struct GzipWriterTests {
  static func sampleBytes(_ n: Int) -> [UInt8] {
    var rng = SampleRandom(seed: 3)
    return (0..<n).map { _ in UInt8(ascii: "a") + UInt8(rng.below(6)) }
  }

  @Test(arguments: [0, 1, 70_000, 1_500_000])
  func roundTrips(size: Int) throws {
    let input = Self.sampleBytes(size)
    let sink = MemoryByteSink()
    let gz = try GzipWriter(sink: sink)
    try gz.write(input)
    try gz.close()
    #expect(sink.bytes.prefix(2) == [0x1F, 0x8B])
    #expect(sink.bytes[9] == 3)  // OS: Unix
    #expect(try GzipByteSource.decompress(sink.bytes) == input)
    #expect(gz.membersWritten == 1)
  }

  @Test func multiMemberRoundTrips() throws {
    let input = Self.sampleBytes(300_000)
    let sink = MemoryByteSink()
    let gz = try GzipWriter(sink: sink, level: 1)
    for start in stride(from: 0, to: input.count, by: 100_000) {
      try gz.write(Array(input[start..<start + 100_000]))
      try gz.finishMember()
    }
    try gz.finishMember()  // no empty member
    try gz.close()
    #expect(gz.membersWritten == 3)
    #expect(try GzipByteSource.decompress(sink.bytes) == input)
  }

  @Test func sameInputSameBytes() throws {
    var outputs: [[UInt8]] = []
    for _ in 0..<2 {
      let sink = MemoryByteSink()
      let gz = try GzipWriter(sink: sink)
      try gz.write(Self.sampleBytes(50_000))
      try gz.close()
      outputs.append(sink.bytes)
    }
    #expect(outputs[0] == outputs[1])
  }
}
