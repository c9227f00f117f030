/// Where to resume reading a plain (uncompressed) file that grew since it was last read.
public struct ResumePoint: Sendable, Hashable, Codable {
  /// Bytes already read (the old size; the old content ended with a newline).
  public var byteOffset: Int
  /// Lines already read: numbering continues after them.
  public var lineNumber: Int

  /// Creates a resume point.
  public init(byteOffset: Int, lineNumber: Int) {
    self.byteOffset = byteOffset
    self.lineNumber = lineNumber
  }
}

extension InputFile {
  /// Opens a plain file positioned at a resume point.
  ///
  /// - Parameters:
  ///   - path: The file (must not be gzip: a compressed stream cannot resume mid-way).
  ///   - resume: Where to start.
  /// - Returns: The stream and the raw source, as `open(path:)`.
  /// - Throws: `ByteSourceError`.
  public static func openPlain(path: String, at resume: ResumePoint) throws -> (ByteSource, FileByteSource) {
    let raw = try FileByteSource(path: path)
    var magic: (UInt8, UInt8) = (0, 0)
    let n = try withUnsafeMutableBytes(of: &magic) { try raw.read(into: $0) }
    let head = n == 2 ? [magic.0, magic.1] : []
    try raw.seek(to: resume.byteOffset)
    if let bom = UTF16ByteSource.byteOrderMark(head) {
      return (UTF16ByteSource(raw, bigEndian: bom.bigEndian), raw)
    }
    return (raw, raw)
  }
}
