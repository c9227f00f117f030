/// Text saved as UTF-16 (what Windows PowerShell's `>` and `Out-File` write), read as UTF-8: the
/// byte-order mark says the byte order and is dropped; surrogate pairs are joined, across reads too;
/// an unpaired surrogate becomes U+FFFD (the line is then reported as repaired, like invalid UTF-8).
final class UTF16ByteSource: ByteSource {
  private let source: ByteSource
  private let bigEndian: Bool
  private var input = [UInt8](repeating: 0, count: 64 * 1024)
  /// Input bytes not yet decoded (an odd byte, or a high surrogate waiting for its pair).
  private var carry: [UInt8] = []
  /// Encoded bytes not yet handed out.
  private var pending: [UInt8] = []
  private var pendingStart = 0
  private var ended = false

  /// Wraps `source`, positioned after the byte-order mark (or where decoding resumes).
  init(_ source: ByteSource, bigEndian: Bool) {
    self.source = source
    self.bigEndian = bigEndian
  }

  /// The byte order a UTF-16 byte-order mark announces (nil: none).
  static func byteOrderMark(_ head: [UInt8]) -> (bigEndian: Bool, length: Int)? {
    guard head.count >= 2 else { return nil }
    if head[0] == 0xFF && head[1] == 0xFE { return (false, 2) }
    if head[0] == 0xFE && head[1] == 0xFF { return (true, 2) }
    return nil
  }

  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    while pendingStart == pending.count {
      if ended { return 0 }
      pending.removeAll(keepingCapacity: true)
      pendingStart = 0
      try decodeMore()
    }
    let n = min(buffer.count, pending.count - pendingStart)
    pending.withUnsafeBytes { p in
      buffer.baseAddress!.copyMemory(from: p.baseAddress! + pendingStart, byteCount: n)
    }
    pendingStart += n
    return n
  }

  private func decodeMore() throws {
    let n = try input.withUnsafeMutableBytes { try source.read(into: $0) }
    if n == 0 {
      ended = true
      // A lone trailing byte or high surrogate: the text was cut.
      if !carry.isEmpty { append(0xFFFD) }
      carry.removeAll()
      return
    }
    var bytes = carry
    bytes.append(contentsOf: input[0..<n])
    carry.removeAll(keepingCapacity: true)
    var i = 0
    while i + 1 < bytes.count {
      let unit = unit(bytes[i], bytes[i + 1])
      if unit >= 0xD800 && unit <= 0xDBFF {
        guard i + 3 < bytes.count else { break }  // wait for the low surrogate
        let low = self.unit(bytes[i + 2], bytes[i + 3])
        if low >= 0xDC00 && low <= 0xDFFF {
          append(0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00))
          i += 4
        } else {
          append(0xFFFD)
          i += 2
        }
      } else if unit >= 0xDC00 && unit <= 0xDFFF {
        append(0xFFFD)
        i += 2
      } else {
        append(UInt32(unit))
        i += 2
      }
    }
    if i < bytes.count { carry.append(contentsOf: bytes[i...]) }
  }

  private func unit(_ a: UInt8, _ b: UInt8) -> UInt16 {
    bigEndian ? UInt16(a) << 8 | UInt16(b) : UInt16(b) << 8 | UInt16(a)
  }

  private func append(_ scalar: UInt32) {
    switch scalar {
    case 0..<0x80:
      pending.append(UInt8(scalar))
    case 0x80..<0x800:
      pending.append(UInt8(0xC0 | (scalar >> 6)))
      pending.append(UInt8(0x80 | (scalar & 0x3F)))
    case 0x800..<0x10000:
      pending.append(UInt8(0xE0 | (scalar >> 12)))
      pending.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
      pending.append(UInt8(0x80 | (scalar & 0x3F)))
    default:
      pending.append(UInt8(0xF0 | (scalar >> 18)))
      pending.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
      pending.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
      pending.append(UInt8(0x80 | (scalar & 0x3F)))
    }
  }
}
