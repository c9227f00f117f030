import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What identifies the content of an input file between runs without reading all of it: size,
/// modification time, and hashes of the first and last 64 KiB.
struct FileFingerprint: Sendable, Hashable, Codable {
  /// Bytes hashed at each end.
  static let edgeBytes = 64 * 1024

  /// Size in bytes.
  var size: Int
  /// Modification time, nanoseconds since the epoch.
  var modifiedNS: Int64
  /// Hash of the first `min(size, 64 KiB)` bytes.
  var headHash: UInt64
  /// Hash of the last `min(size, 64 KiB)` bytes.
  var tailHash: UInt64
  /// Whether the file starts with the gzip magic number.
  var gzip: Bool
  /// Whether the last byte is a newline (a plain file that can be resumed after it).
  var endsWithNewline: Bool

  /// Same content by every measure but the path (a renamed or copied file).
  func sameContent(_ o: FileFingerprint) -> Bool {
    size == o.size && headHash == o.headHash && tailHash == o.tailHash && gzip == o.gzip
  }

  /// Reads the fingerprint of `path`.
  ///
  /// - Returns: `nil` when the file cannot be opened or read.
  static func of(path: String) -> FileFingerprint? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { return nil }
    let size = Int(st.st_size)
    let modified = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
    guard let head = readRange(fd, 0, min(size, edgeBytes)) else { return nil }
    guard let tail = readRange(fd, max(0, size - edgeBytes), min(size, edgeBytes)) else { return nil }
    return FileFingerprint(
      size: size, modifiedNS: modified, headHash: hashBytes(head), tailHash: hashBytes(tail),
      gzip: head.count >= 2 && head[0] == 0x1F && head[1] == 0x8B, endsWithNewline: tail.last == 0x0A)
  }

  /// Hash of `count` bytes of `path` from `offset` (to check that an old prefix is unchanged).
  static func hash(path: String, offset: Int, count: Int) -> UInt64? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    return readRange(fd, offset, count).map(hashBytes)
  }

  private static func hashBytes(_ b: [UInt8]) -> UInt64 { b.withUnsafeBytes { ContentHasher.hash(bytes: $0) } }

  private static func readRange(_ fd: Int32, _ offset: Int, _ count: Int) -> [UInt8]? {
    var out = [UInt8](repeating: 0, count: count)
    var done = 0
    while done < count {
      let n = out.withUnsafeMutableBytes { buf in
        pread(fd, buf.baseAddress! + done, count - done, off_t(offset + done))
      }
      if n < 0 && errno == EINTR { continue }
      if n < 0 { return nil }
      if n == 0 { break }
      done += n
    }
    return done == count ? out : nil
  }
}
