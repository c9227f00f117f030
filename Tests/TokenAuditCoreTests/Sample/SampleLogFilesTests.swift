import Testing

@testable import TokenAuditCore

@Suite struct SampleLogFilesTests {
  typealias G = SampleLogGenerator

  @Test func gzipFilesDecodeToThePlainBytes() throws {
    let config = SampleLogTestSupport.small(days: 2, callsPerDay: 100)
    let plain = G(config).generateInMemory(files: 2)
    let dir = SampleLogTestSupport.temporaryDirectory()
    let truth = try G(config).write(to: dir, files: 2, gzip: true)
    defer { SampleLogTestSupport.remove(dir, files: truth.files) }
    #expect(truth.files == ["requests-001.jsonl.gz", "requests-002.jsonl.gz"])
    for (i, name) in truth.files.enumerated() {
      #expect(try InputFile.isGzip(path: dir + "/" + name))
      #expect(try SampleLogTestSupport.readAll(dir + "/" + name) == plain.files[i])
    }
  }

  @Test func multiMemberGzipDecodesThroughGzipByteSource() throws {
    var config = SampleLogTestSupport.small(days: 2, callsPerDay: 100)
    config.gzipMemberBytes = 256 * 1024
    let plain = G(config).generateInMemory()
    let dir = SampleLogTestSupport.temporaryDirectory()
    let truth = try G(config).write(to: dir, gzip: true)
    defer { SampleLogTestSupport.remove(dir, files: truth.files) }
    let path = dir + "/" + truth.files[0]
    let compressed = try SampleLogTestSupport.readAllRaw(path)
    #expect(Self.memberCount(compressed) > 3)
    // Streamed line by line, as the ingestor reads it.
    let reader = LineReader(source: try GzipByteSource(FileByteSource(path: path)), chunkSize: 4096)
    var lines = 0
    try reader.forEachLine { _, line in
      if case .text = line { lines += 1 }
    }
    #expect(lines == truth.lines)
    #expect(try GzipByteSource.decompress(compressed) == plain.files[0])
  }

  @Test func plainFilesSplitTheSpanInOrder() throws {
    let dir = SampleLogTestSupport.temporaryDirectory()
    let truth = try G(SampleLogTestSupport.small(days: 3, callsPerDay: 60)).write(to: dir + "/nested/out", files: 3)
    defer {
      SampleLogTestSupport.remove(dir + "/nested/out", files: truth.files)
      SampleLogTestSupport.remove(dir + "/nested", files: [])
      SampleLogTestSupport.remove(dir, files: [])
    }
    var total = 0
    for name in truth.files {
      let bytes = try SampleLogTestSupport.readAll(dir + "/nested/out/" + name)
      #expect(!bytes.isEmpty)
      total += bytes.count
    }
    #expect(total == truth.uncompressedBytes)
  }

  /// Counts gzip member headers by walking members with zlib (each decode ends at a member end).
  static func memberCount(_ bytes: [UInt8]) -> Int {
    var count = 0
    var i = 0
    while i + 10 <= bytes.count {
      if bytes[i] == 0x1F && bytes[i + 1] == 0x8B && bytes[i + 2] == 8 && bytes[i + 3] == 0 && bytes[i + 9] == 3 {
        count += 1
      }
      i += 1
    }
    return count
  }
}
