/// Opens an input file and picks a decoder from its first bytes, not its name.
public enum InputFile {
  /// Whether a file's first bytes are the gzip magic number.
  ///
  /// - Parameter path: File to look at.
  /// - Returns: `true` for gzip.
  /// - Throws: `ByteSourceError.cannotOpen`.
  public static func isGzip(path: String) throws -> Bool {
    let raw = try FileByteSource(path: path)
    var magic: (UInt8, UInt8) = (0, 0)
    let n = try withUnsafeMutableBytes(of: &magic) { try raw.read(into: $0) }
    return n == 2 && magic.0 == 0x1F && magic.1 == 0x8B
  }

  /// Opens `path` as a stream of decompressed bytes.
  ///
  /// - Parameter path: The file.
  /// - Returns: The decoded stream and the raw file source (for progress in compressed bytes).
  /// - Throws: `ByteSourceError`.
  public static func open(path: String) throws -> (ByteSource, FileByteSource) {
    let gzip = try isGzip(path: path)
    let raw = try FileByteSource(path: path)
    if gzip { return (try GzipByteSource(raw), raw) }
    return (raw, raw)
  }
}
