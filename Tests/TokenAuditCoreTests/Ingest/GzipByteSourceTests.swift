import Testing

@testable import TokenAuditCore

@Suite struct GzipByteSourceTests {
  func readAll(_ path: String) throws -> (String, Error?) {
    let (src, _) = try InputFile.open(path: path)
    var out: [UInt8] = []
    let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: 1000, alignment: 8)
    defer { buf.deallocate() }
    do {
      while true {
        let n = try src.read(into: buf)
        if n == 0 { break }
        out += buf[0..<n]
      }
    } catch {
      return (String(decoding: out, as: UTF8.self), error)
    }
    return (String(decoding: out, as: UTF8.self), nil)
  }

  @Test func readsMultiMemberGzip() throws {
    let (text, err) = try readAll(Fixtures.path("malformed/multimember.jsonl.gz"))
    #expect(err == nil)
    #expect(text.split(separator: "\n").count == 3)
  }

  @Test func recognisesGzipByMagicNotName() throws {
    #expect(try InputFile.isGzip(path: Fixtures.path("malformed/compressed_but_named.jsonl")))
    let (text, err) = try readAll(Fixtures.path("malformed/compressed_but_named.jsonl"))
    #expect(err == nil)
    #expect(text.hasPrefix("{"))
  }

  @Test func truncatedGzipKeepsWhatCameBefore() throws {
    let (text, err) = try readAll(Fixtures.path("malformed/truncated.jsonl.gz"))
    #expect(err as? ByteSourceError == .truncatedGzip)
    #expect(text.count > 1000)
  }

  @Test func corruptGzipIsReported() throws {
    let (_, err) = try readAll(Fixtures.path("malformed/corrupt.jsonl.gz"))
    if case .corruptGzip = err as? ByteSourceError {
    } else {
      Issue.record("expected corruptGzip, got \(String(describing: err))")
    }
  }

  @Test func prefetchingGivesTheSameBytes() throws {
    let path = Fixtures.path("malformed/multimember.jsonl.gz")
    let (plain, _) = try readAll(path)
    let (src, _) = try InputFile.open(path: path)
    let pre = PrefetchingByteSource(src, chunkSize: 64, depth: 2)
    var out: [UInt8] = []
    let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: 50, alignment: 8)
    defer { buf.deallocate() }
    while true {
      let n = try pre.read(into: buf)
      if n == 0 { break }
      out += buf[0..<n]
    }
    #expect(String(decoding: out, as: UTF8.self) == plain)
  }
}
