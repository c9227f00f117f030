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
    if let bom = UTF16ByteSource.byteOrderMark(head) {
      try reopened.seek(to: bom.length)
      return (UTF16ByteSource(reopened, bigEndian: bom.bigEndian), reopened)
    }
    return (reopened, reopened)
  }

  /// What a file's first bytes say it is.
  enum Sniffed: Equatable {
    /// gzip, JSON (an object or array, possibly behind a text prefix per line), or UTF-16 text.
    case log
    /// A compression or archive tokenaudit does not decode (reading it reports how to unpack it).
    case undecoded
    /// Anything else (documents, images, CSV…).
    case other
  }

  /// Looks at the first 4 KiB of `path`: gzip, a known archive, JSON after optional blank space
  /// and a UTF-8 byte-order mark, a UTF-16 byte-order mark, or a line with `{"` in it (a logger's
  /// text prefix before a JSON object). A file that cannot be opened is `.log`, so that reading it
  /// reports why.
  static func sniff(path: String) -> Sniffed {
    guard let raw = try? FileByteSource(path: path) else { return .log }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let n = (try? buffer.withUnsafeMutableBytes { try raw.read(into: $0) }) ?? 0
    let head = Array(buffer.prefix(n))
    if head.isEmpty { return .log }  // an empty file is read (and reported as empty) like any log
    if head.count >= 2 && head[0] == 0x1F && head[1] == 0x8B { return .log }
    if unsupportedCompression(Array(head.prefix(6))) != nil { return .undecoded }
    if UTF16ByteSource.byteOrderMark(head) != nil { return .log }
    var i = head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    while i < head.count, head[i] == 0x20 || head[i] == 0x0A || head[i] == 0x0D || head[i] == 0x09 { i += 1 }
    if i < head.count && (head[i] == UInt8(ascii: "{") || head[i] == UInt8(ascii: "[")) { return .log }
    // A captured server-sent-event stream.
    if head[i...].starts(with: Array("event:".utf8)) || head[i...].starts(with: Array("data:".utf8)) { return .log }
    // A text prefix before a JSON object on the first line.
    var k = i
    while k + 1 < head.count && head[k] != 0x0A {
      if head[k] == UInt8(ascii: "{") && head[k + 1] == UInt8(ascii: "\"") { return .log }
      k += 1
    }
    return .other
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
    if starts([0x50, 0x4B, 0x03, 0x04]) { return ("zip", "unzip") }
    if starts([0x50, 0x41, 0x52, 0x31]) { return ("Parquet", "an export to JSON lines") }
    return nil
  }
}
