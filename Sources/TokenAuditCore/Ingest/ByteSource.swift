import CZlib

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Errors raised while reading the bytes of one input file.
public enum ByteSourceError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The file could not be opened (errno text).
  case cannotOpen(String)
  /// A read system call failed (errno text).
  case readFailed(String)
  /// The gzip stream ended before its end marker: the file is truncated.
  case truncatedGzip
  /// zlib reported corrupt data (its message).
  case corruptGzip(String)
  /// The file is compressed with a codec tokenaudit does not decode (its name, and the command
  /// that unpacks it).
  case unsupportedCompression(name: String, tool: String)

  public var description: String {
    switch self {
    case .unsupportedCompression(let name, let tool):
      return "\(name) file: tokenaudit reads gzip and plain JSON lines; unpack it first (\(tool))"
    case .cannotOpen(let why): return "cannot open: \(why)"
    case .readFailed(let why): return "read failed: \(why)"
    case .truncatedGzip: return "gzip stream is truncated (unexpected end of file)"
    case .corruptGzip(let why): return "gzip data is corrupt (\(why))"
    }
  }
}

/// A stream of bytes that fills caller-provided buffers, returning 0 at the end.
public protocol ByteSource: AnyObject {
  /// Reads up to `buffer.count` bytes.
  ///
  /// - Parameter buffer: Where to write.
  /// - Returns: The number of bytes written; 0 means the end of the stream.
  /// - Throws: `ByteSourceError` when the underlying data cannot be read or decoded.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Reads a file through a raw file descriptor, in large chunks.
public final class FileByteSource: ByteSource {
  private let fd: Int32
  /// Bytes of the underlying file consumed so far (for progress).
  public private(set) var bytesRead: Int = 0

  /// Opens `path` for reading.
  ///
  /// - Throws: `ByteSourceError.cannotOpen`.
  public init(path: String) throws {
    let fd = open(path, O_RDONLY)
    if fd < 0 { throw ByteSourceError.cannotOpen(String(cString: strerror(errno))) }
    self.fd = fd
  }

  deinit { close(fd) }

  /// Moves the read position to `offset` bytes from the start (to resume a file that grew).
  ///
  /// - Parameter offset: Byte offset.
  /// - Throws: `ByteSourceError.readFailed` when the file cannot seek.
  public func seek(to offset: Int) throws {
    if lseek(fd, off_t(offset), SEEK_SET) < 0 {
      throw ByteSourceError.readFailed(String(cString: strerror(errno)))
    }
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
    while true {
      let n = Glibc.read(fd, base, buffer.count)
      if n < 0 {
        if errno == EINTR { continue }
        throw ByteSourceError.readFailed(String(cString: strerror(errno)))
      }
      bytesRead += n
      return n
    }
  }
}

/// Reads bytes from memory (tests, embedded resources).
public final class MemoryByteSource: ByteSource {
  private let bytes: [UInt8]
  private var offset = 0

  /// Wraps `bytes`.
  public init(_ bytes: [UInt8]) { self.bytes = bytes }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    let n = min(buffer.count, bytes.count - offset)
    if n <= 0 { return 0 }
    bytes.withUnsafeBytes { src in
      buffer.baseAddress!.copyMemory(from: src.baseAddress! + offset, byteCount: n)
    }
    offset += n
    return n
  }
}

/// Streams the decompressed bytes of a gzip source, including several concatenated gzip members.
///
/// Memory is constant: one input chunk and zlib's 32 KiB window. A stream that ends inside a
/// member throws `truncatedGzip` after every byte before the damage was delivered.
public final class GzipByteSource: ByteSource {
  private let source: ByteSource
  private var stream = z_stream()
  private var input: UnsafeMutableRawBufferPointer
  private var inputEOF = false
  private var finished = false
  private var inMember = false

  /// Wraps a compressed byte source.
  ///
  /// - Parameters:
  ///   - source: The compressed bytes.
  ///   - chunkSize: The size of the compressed input buffer.
  /// - Throws: `ByteSourceError.corruptGzip` when zlib cannot start.
  public init(_ source: ByteSource, chunkSize: Int = 256 * 1024) throws {
    self.source = source
    self.input = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
    let rc = inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
    if rc != Z_OK {
      input.deallocate()
      throw ByteSourceError.corruptGzip("inflateInit failed: \(rc)")
    }
  }

  deinit {
    inflateEnd(&stream)
    input.deallocate()
  }

  private func refill() throws {
    if stream.avail_in > 0 || inputEOF { return }
    let n = try source.read(into: input)
    if n == 0 {
      inputEOF = true
    } else {
      stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
      stream.avail_in = uInt(n)
    }
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    if let err = pendingError {
      pendingError = nil
      throw err
    }
    guard let out = buffer.baseAddress, buffer.count > 0, !finished else { return 0 }
    stream.next_out = out.assumingMemoryBound(to: Bytef.self)
    stream.avail_out = uInt(buffer.count)
    while stream.avail_out > 0 {
      try refill()
      if stream.avail_in == 0 && inputEOF {
        finished = true
        if inMember { pendingError = .truncatedGzip }
        break
      }
      if !inMember {
        // Between members: skip zero padding that some writers append.
        while stream.avail_in > 0 && stream.next_in.pointee == 0 {
          stream.next_in += 1
          stream.avail_in -= 1
        }
        if stream.avail_in == 0 { continue }
        inMember = true
      }
      let rc = inflate(&stream, Z_NO_FLUSH)
      if rc == Z_STREAM_END {
        inMember = false
        inflateReset(&stream)
      } else if rc == Z_BUF_ERROR {
        if stream.avail_in == 0 { continue }
        break
      } else if rc != Z_OK {
        finished = true
        let msg = stream.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
        pendingError = .corruptGzip(msg)
        break
      }
    }
    let produced = buffer.count - Int(stream.avail_out)
    if produced == 0, let err = pendingError {
      pendingError = nil
      throw err
    }
    return produced
  }

  private var pendingError: ByteSourceError?

  /// Decompresses a whole in-memory gzip blob (used for embedded resources).
  ///
  /// - Parameter bytes: gzip data, one or more members.
  /// - Returns: The decompressed bytes.
  /// - Throws: `ByteSourceError` when the data is damaged.
  public static func decompress(_ bytes: [UInt8]) throws -> [UInt8] {
    let gz = try GzipByteSource(MemoryByteSource(bytes))
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count * 4)
    let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
    defer { chunk.deallocate() }
    while true {
      let n = try gz.read(into: chunk)
      if n == 0 { break }
      result.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<n]))
    }
    return result
  }
}
