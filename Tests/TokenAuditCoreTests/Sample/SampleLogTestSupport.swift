@testable import TokenAuditCore

#if canImport(Glibc)
  import Glibc
#endif

/// Helpers shared by the sample-generator tests.
enum SampleLogTestSupport {
  /// A small, quick configuration that still contains every agent and every planted pattern.
  static func small(seed: UInt64 = 7, days: Int = 3, callsPerDay: Int = 150) -> SampleLogGenerator.Configuration {
    var c = SampleLogGenerator.Configuration(seed: seed, days: days, volume: .callsPerDay(callsPerDay))
    // A long-context call in the first few coder traces keeps the planted set complete.
    c.longContextEvery = 4
    return c
  }

  /// Splits bytes on LF; the CR of a CRLF stays on the line.
  static func rawLines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
    if lines.last?.isEmpty == true { lines.removeLast() }
    return lines
  }

  /// A fresh temporary directory.
  static func temporaryDirectory() -> String {
    var template = Array("/tmp/tokenaudit-sample-XXXXXX".utf8CString)
    let path = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    return String(cString: path!)
  }

  /// Removes a directory made by `temporaryDirectory()` and its files.
  static func remove(_ directory: String, files: [String]) {
    for f in files { unlink(directory + "/" + f) }
    rmdir(directory)
  }

  /// Every byte of a file, decompressed when it is gzip.
  static func readAll(_ path: String) throws -> [UInt8] {
    let (source, _) = try InputFile.open(path: path)
    var out: [UInt8] = []
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
    defer { chunk.deallocate() }
    while true {
      let n = try source.read(into: chunk)
      if n == 0 { break }
      out.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
    }
    return out
  }
}

extension SampleLogTestSupport {
  /// Every byte of a file as stored.
  static func readAllRaw(_ path: String) throws -> [UInt8] {
    let source = try FileByteSource(path: path)
    var out: [UInt8] = []
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
    defer { chunk.deallocate() }
    while true {
      let n = try source.read(into: chunk)
      if n == 0 { break }
      out.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
    }
    return out
  }
}
