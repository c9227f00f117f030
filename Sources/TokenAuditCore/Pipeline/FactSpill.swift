import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where every call's encoded facts wait between reading and the later passes: an unlinked
/// temporary file (nothing is left behind, even after a crash), so memory does not grow with the
/// number of calls. When no file can be made or written (a full or read-only disk), the bytes
/// from then on are kept in memory: slower to grow, never lost.
///
/// Appends are serialised; reads of the file part are `pread`s and need no lock.
final class FactSpill: @unchecked Sendable {
  private let lock = NSLock()
  private var fd: Int32 = -1
  /// Bytes written to the file; offsets at or past it are in `memory`.
  private var fileEnd: Int64 = 0
  private var memory: [UInt8] = []
  private var appended: Int64 = 0
  /// Bytes appended so far (file and memory).
  var size: Int64 {
    lock.lock()
    defer { lock.unlock() }
    return appended
  }
  /// Why the file is not used, when it is not.
  private(set) var fallbackReason: String?

  /// Creates the spill in `directory` (default: `$TMPDIR`, else `/tmp`).
  init(directory: String? = nil) {
    let dir = directory ?? ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    var template =
      Array((dir.hasSuffix("/") ? dir : dir + "/").utf8CString.dropLast())
      + Array("tokenaudit-facts-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
      guard let base = buffer.baseAddress else { return -1 }
      let fd = mkstemp(base)
      if fd >= 0 { unlink(base) }
      return fd
    }
    if made >= 0 {
      fd = made
    } else {
      fallbackReason = "cannot create a temporary file in \(dir): \(String(cString: strerror(errno)))"
    }
  }

  deinit {
    if fd >= 0 { close(fd) }
  }

  /// Appends `bytes` and returns the offset of their first byte.
  func append(_ bytes: UnsafeRawBufferPointer) -> Int64 {
    lock.lock()
    defer { lock.unlock() }
    let offset = appended
    if fd >= 0 && appended == fileEnd {
      var done = 0
      while done < bytes.count {
        let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(fileEnd + Int64(done)))
        if n < 0 && errno == EINTR { continue }
        if n <= 0 {
          fallbackReason = "cannot write the temporary file: \(String(cString: strerror(errno)))"
          break
        }
        done += n
      }
      if done == bytes.count {
        fileEnd += Int64(done)
        appended = fileEnd
        return offset
      }
      // A partial write is abandoned: these bytes and all later ones are kept in memory.
    }
    memory.append(contentsOf: bytes)
    appended += Int64(bytes.count)
    return offset
  }

  /// Appends `bytes` and returns the offset of their first byte.
  func append(_ bytes: [UInt8]) -> Int64 { bytes.withUnsafeBytes { append($0) } }

  /// Reads `buffer.count` bytes at `offset` (which must have been appended); false on a read error.
  func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) -> Bool {
    guard buffer.count > 0 else { return true }
    let end = offset + Int64(buffer.count)
    lock.lock()
    let written = fileEnd
    lock.unlock()
    if end <= written {
      var done = 0
      while done < buffer.count {
        let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + Int64(done)))
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return false }
        done += n
      }
      return true
    }
    lock.lock()
    defer { lock.unlock() }
    guard offset >= fileEnd, end <= appended else { return false }
    let start = Int(offset - fileEnd)
    memory.withUnsafeBytes {
      buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[start..<(start + buffer.count)]))
    }
    return true
  }

}
