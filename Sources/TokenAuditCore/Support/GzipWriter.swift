import CZlib

/// Compresses a byte stream to gzip, streaming into another sink, optionally as several members.
///
/// Memory is constant: zlib's state and one output chunk. The gzip header carries no name and a
/// zero modification time, and names Unix as the operating system on every platform, so the same
/// input and level give the same bytes. `finishMember()` ends the current gzip member; the next
/// write starts a new one, producing the concatenated-members files that log shippers write.
public final class GzipWriter: ByteSink {
  private let sink: ByteSink
  private let level: Int32
  private var stream = z_stream()
  private let header: UnsafeMutablePointer<gz_header>
  private var output: UnsafeMutableRawBufferPointer
  private var memberOpen = false
  private var closed = false
  /// Uncompressed bytes accepted so far.
  public private(set) var bytesIn = 0
  /// Compressed bytes handed to the sink so far.
  public private(set) var bytesOut = 0
  /// Gzip members finished so far.
  public private(set) var membersWritten = 0

  /// Creates a compressor writing into `sink`.
  ///
  /// - Parameters:
  ///   - sink: Receives the compressed bytes; closed by `close()`.
  ///   - level: zlib level, 0 (store) to 9 (smallest); 6 is zlib's default.
  ///   - chunkSize: Size of the compressed output buffer.
  /// - Throws: `ByteSinkError.compressionFailed` when zlib cannot start.
  public init(sink: ByteSink, level: Int32 = 6, chunkSize: Int = 256 * 1024) throws {
    self.sink = sink
    self.level = max(0, min(9, level))
    self.output = UnsafeMutableRawBufferPointer.allocate(byteCount: max(4096, chunkSize), alignment: 16)
    self.header = UnsafeMutablePointer<gz_header>.allocate(capacity: 1)
    header.initialize(to: gz_header())
    header.pointee.os = 3  // Unix, whatever the platform's zlib would write
    // windowBits 15 + 16: a 32 KiB window with a gzip wrapper instead of zlib's.
    let rc = deflateInit2_(
      &stream, self.level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
      Int32(MemoryLayout<z_stream>.size))
    if rc != Z_OK {
      output.deallocate()
      header.deallocate()
      throw ByteSinkError.compressionFailed("deflateInit2 returned \(rc)")
    }
  }

  /// Creates a compressor writing a new file at `path`.
  ///
  /// - Parameters:
  ///   - path: The `.gz` file to create or truncate.
  ///   - level: zlib level, 0 to 9.
  /// - Throws: `ByteSinkError`.
  public convenience init(path: String, level: Int32 = 6) throws {
    try self.init(sink: FileByteSink(path: path), level: level)
  }

  deinit {
    deflateEnd(&stream)
    output.deallocate()
    header.deallocate()
  }

  /// Compresses `bytes` into the current member, starting one when none is open.
  ///
  /// - Parameter bytes: Uncompressed bytes.
  /// - Throws: `ByteSinkError`.
  public func write(_ bytes: UnsafeRawBufferPointer) throws {
    guard !closed else { throw ByteSinkError.closed }
    guard let base = bytes.baseAddress, bytes.count > 0 else { return }
    try openMemberIfNeeded()
    bytesIn += bytes.count
    // zlib's avail_in is 32-bit: feed huge buffers in slices.
    var offset = 0
    while offset < bytes.count {
      let n = min(bytes.count - offset, 1 << 30)
      stream.next_in = UnsafeMutablePointer(mutating: (base + offset).assumingMemoryBound(to: Bytef.self))
      stream.avail_in = uInt(n)
      while stream.avail_in > 0 {
        try deflateStep(Z_NO_FLUSH)
      }
      offset += n
    }
  }

  /// Ends the current gzip member (trailer with CRC and length); the next write opens a new one.
  ///
  /// Does nothing when no member is open, so empty members are never written.
  ///
  /// - Throws: `ByteSinkError`.
  public func finishMember() throws {
    guard !closed else { throw ByteSinkError.closed }
    guard memberOpen else { return }
    stream.next_in = nil
    stream.avail_in = 0
    while try deflateStep(Z_FINISH) != Z_STREAM_END {}
    memberOpen = false
    membersWritten += 1
    let rc = deflateReset(&stream)
    if rc != Z_OK { throw ByteSinkError.compressionFailed("deflateReset returned \(rc)") }
  }

  /// Finishes the last member (an empty input still gives one valid member) and closes the sink.
  ///
  /// - Throws: `ByteSinkError`.
  public func close() throws {
    guard !closed else { return }
    if !memberOpen && membersWritten == 0 { try openMemberIfNeeded() }
    try finishMember()
    closed = true
    try sink.close()
  }

  // MARK: - Internals

  private func openMemberIfNeeded() throws {
    if memberOpen { return }
    // The header must be set for every member: deflateReset forgets it.
    let rc = deflateSetHeader(&stream, header)
    if rc != Z_OK { throw ByteSinkError.compressionFailed("deflateSetHeader returned \(rc)") }
    memberOpen = true
  }

  /// Runs deflate once with a full output buffer and hands what it produced to the sink.
  @discardableResult
  private func deflateStep(_ flush: Int32) throws -> Int32 {
    stream.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
    stream.avail_out = uInt(output.count)
    let rc = deflate(&stream, flush)
    if rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR {
      let msg = stream.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
      throw ByteSinkError.compressionFailed(msg)
    }
    let produced = output.count - Int(stream.avail_out)
    if produced > 0 {
      bytesOut += produced
      try sink.write(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(output)[0..<produced]))
    }
    return rc
  }
}
