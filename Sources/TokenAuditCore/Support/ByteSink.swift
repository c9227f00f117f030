#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A destination for bytes written in order (a file, memory, a compressor).
public protocol ByteSink: AnyObject {
  /// Writes all of `bytes`.
  ///
  /// - Parameter bytes: The bytes to append.
  /// - Throws: `ByteSinkError` when the destination cannot take them.
  func write(_ bytes: UnsafeRawBufferPointer) throws

  /// Flushes buffered bytes and releases the destination; later writes are errors.
  ///
  /// - Throws: `ByteSinkError` when the last bytes cannot be written.
  func close() throws
}

extension ByteSink {
  /// Writes all of `bytes`.
  ///
  /// - Parameter bytes: The bytes to append.
  /// - Throws: `ByteSinkError`.
  public func write(_ bytes: [UInt8]) throws {
    try bytes.withUnsafeBytes { try write($0) }
  }
}

/// Errors raised while writing bytes.
public enum ByteSinkError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file could not be created (path, errno text).
  case cannotCreate(String, String)
  /// A write system call failed (errno text).
  case writeFailed(String)
  /// zlib refused to compress (its code or message).
  case compressionFailed(String)
  /// The sink was already closed.
  case closed

  public var description: String {
    switch self {
    case .cannotCreate(let path, let why): return "cannot create \(path): \(why)"
    case .writeFailed(let why): return "write failed: \(why)"
    case .compressionFailed(let why): return "gzip compression failed (\(why))"
    case .closed: return "write after close"
    }
  }
}

/// Writes to a new file through a raw descriptor, buffering into large chunks.
public final class FileByteSink: ByteSink {
  private var fd: Int32
  private var buffer: [UInt8] = []
  private let bufferSize: Int

  /// Creates (or truncates) the file at `path`.
  ///
  /// - Parameters:
  ///   - path: The file to write.
  ///   - bufferSize: Bytes gathered before each write system call.
  /// - Throws: `ByteSinkError.cannotCreate`.
  public init(path: String, bufferSize: Int = 1 << 20) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if fd < 0 { throw ByteSinkError.cannotCreate(path, String(cString: strerror(errno))) }
    self.fd = fd
    self.bufferSize = max(4096, bufferSize)
    buffer.reserveCapacity(self.bufferSize)
  }

  deinit {
    if fd >= 0 { Glibc.close(fd) }
  }

  public func write(_ bytes: UnsafeRawBufferPointer) throws {
    guard fd >= 0 else { throw ByteSinkError.closed }
    if buffer.count + bytes.count > bufferSize { try flush() }
    if bytes.count >= bufferSize {
      try writeAll(bytes)
    } else {
      buffer.append(contentsOf: bytes)
    }
  }

  public func close() throws {
    guard fd >= 0 else { return }
    defer {
      Glibc.close(fd)
      fd = -1
    }
    try flush()
  }

  private func flush() throws {
    if buffer.isEmpty { return }
    try buffer.withUnsafeBytes { try writeAll($0) }
    buffer.removeAll(keepingCapacity: true)
  }

  private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
    guard var p = bytes.baseAddress else { return }
    var left = bytes.count
    while left > 0 {
      let n = Glibc.write(fd, p, left)
      if n < 0 {
        if errno == EINTR { continue }
        throw ByteSinkError.writeFailed(String(cString: strerror(errno)))
      }
      p += n
      left -= n
    }
  }
}

/// Collects written bytes in memory (tests, small outputs).
public final class MemoryByteSink: ByteSink {
  /// Everything written so far.
  public private(set) var bytes: [UInt8] = []

  /// Creates an empty sink.
  public init() {}

  public func write(_ bytes: UnsafeRawBufferPointer) throws {
    self.bytes.append(contentsOf: bytes)
  }

  public func close() throws {}
}
