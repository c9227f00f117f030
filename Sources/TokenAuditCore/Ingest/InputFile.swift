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
    let raw = try FileByteSource(path: path)
    var magic: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0)
    let n = try withUnsafeMutableBytes(of: &magic) { try raw.read(into: $0) }
    let head = withUnsafeBytes(of: &magic) { Array($0.prefix(n)) }
    if let (name, tool) = unsupportedCompression(head) {
      throw ByteSourceError.unsupportedCompression(name: name, tool: tool)
    }
    let reopened = try FileByteSource(path: path)
    if head.count >= 2 && head[0] == 0x1F && head[1] == 0x8B { return (try GzipByteSource(reopened), reopened) }
    return (reopened, reopened)
  }

  /// The compression or archive a file's first bytes announce, when it is one tokenaudit does not
  /// decode, with the command that unpacks it.
  ///
  /// - Parameter head: Up to the first six bytes.
  /// - Returns: Its name and the unpacking command, or `nil` for gzip, text and anything else.
  static func unsupportedCompression(_ head: [UInt8]) -> (name: String, tool: String)? {
    func starts(_ magic: [UInt8]) -> Bool { head.count >= magic.count && Array(head.prefix(magic.count)) == magic }
    if starts([0x28, 0xB5, 0x2F, 0xFD]) { return ("zstd", "zstd -d") }
    if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return ("xz", "xz -d") }
    if starts([0x42, 0x5A, 0x68]) { return ("bzip2", "bzip2 -d") }
    if starts([0x04, 0x22, 0x4D, 0x18]) { return ("lz4", "lz4 -d") }
    if starts([0x50, 0x4B, 0x03, 0x04]) { return ("a zip archive", "unzip") }
    if starts([0x50, 0x41, 0x52, 0x31]) { return ("Parquet", "an export to JSON lines") }
    return nil
  }
}
