import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An exclusive `flock` on `<state>/lock`, held until the object is released or the process ends
/// (the kernel drops it even when the process is killed), so two runs never share a state folder.
public final class StateLock: @unchecked Sendable {
  private var fd: Int32
  /// The lock file.
  public let path: String

  private init(fd: Int32, path: String) {
    self.fd = fd
    self.path = path
  }

  deinit { release() }

  /// Takes the lock without waiting.
  ///
  /// - Parameter directory: The state folder (created when missing).
  /// - Returns: The held lock.
  /// - Throws: `TokenAuditError.locked` when another process holds it; `cannotWrite` when the
  ///   folder or lock file cannot be created.
  public static func acquire(in directory: String) throws -> StateLock {
    let path = directory + "/lock"
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw TokenAuditError.cannotWrite(path: directory, reason: error.localizedDescription)
    }
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw TokenAuditError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
    while flock(fd, LOCK_EX | LOCK_NB) != 0 {
      if errno == EINTR { continue }
      let busy = errno == EWOULDBLOCK
      let reason = String(cString: strerror(errno))
      let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
      close(fd)
      if busy { throw TokenAuditError.locked(path: path, holder: holder ?? "") }
      throw TokenAuditError.cannotWrite(path: path, reason: reason)
    }
    // Who holds it, for the message a second run prints.
    let note = "pid \(getpid()) since \(Timestamp.isoString(Int64(Date().timeIntervalSince1970 * 1000)))\n"
    _ = ftruncate(fd, 0)
    _ = note.withCString { pwrite(fd, $0, strlen($0), 0) }
    return StateLock(fd: fd, path: path)
  }

  /// Releases the lock (also done on deinit).
  public func release() {
    guard fd >= 0 else { return }
    flock(fd, LOCK_UN)
    close(fd)
    fd = -1
  }
}
