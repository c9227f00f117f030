import Testing

@testable import TokenAuditCore

/// The string scanner's eight-bytes-at-a-time path against a byte-at-a-time reference, on random
/// string bodies (quotes, escapes, control bytes, valid and invalid UTF-8) at every alignment.
@Suite struct JSONStringScanTests {
  static let pieces: [[UInt8]] =
    [
      "a", "abcdefgh", "0123456789abcdef", " ", "\"", "\\", "\\\"", "\\\\", "\\n", "\\u00e9", "é", "数据", "\u{7F}",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0x80], [0x01], [0x1F], [0x00], [0x0A]]

  enum Outcome: Equatable {
    case failure(offset: Int, reason: String)
    case string(start: Int, end: Int, escaped: Bool, invalidUTF8: Bool)
  }

  /// A whole document that is one string, scanned a byte at a time.
  static func reference(_ b: [UInt8]) -> Outcome {
    var p = 0
    while p < b.count && (b[p] == 0x20 || b[p] == 0x0A || b[p] == 0x0D || b[p] == 0x09) { p += 1 }
    guard p < b.count else { return .failure(offset: p, reason: "unexpected end of input") }
    guard b[p] == 0x22 else { return .failure(offset: p, reason: "unexpected character") }
    let open = p
    p += 1
    var escaped = false
    var high = false
    while true {
      guard p < b.count else { return .failure(offset: open, reason: "unterminated string") }
      let c = b[p]
      if c == 0x22 { break }
      if c == 0x5C {
        escaped = true
        p += 2
        continue
      }
      if c < 0x20 { return .failure(offset: p, reason: "control character in string") }
      if c >= 0x80 { high = true }
      p += 1
    }
    let end = p
    let invalid =
      high && !b.withUnsafeBytes { UTF8Check.isValid(UnsafeRawBufferPointer(rebasing: $0[(open + 1)..<end])) }
    p += 1
    while p < b.count && (b[p] == 0x20 || b[p] == 0x0A || b[p] == 0x0D || b[p] == 0x09) { p += 1 }
    if p < b.count { return .failure(offset: p, reason: "trailing characters after the value") }
    return .string(start: open + 1, end: end, escaped: escaped, invalidUTF8: invalid)
  }

  static func parsed(_ b: [UInt8], _ doc: JSONDocument) -> Outcome {
    do {
      try doc.parse(copying: b)
    } catch {
      return .failure(offset: error.offset, reason: error.reason)
    }
    let e = doc.entries[0]
    return .string(start: Int(e.start), end: Int(e.end), escaped: e.escaped, invalidUTF8: doc.hasInvalidUTF8)
  }

  @Test(arguments: [51, 52, 53, 58, 59])
  func stringScanMatchesTheByteAtATimeScan(seed: UInt64) {
    var rng = SplitMix(seed: seed)
    let doc = JSONDocument()
    // Later seeds make longer strings: runs of plain text span several 16-byte blocks.
    let plain = Array("The quick brown fox jumps over the lazy dog; 0123456789.".utf8)
    for _ in 0..<3_000 {
      var b = [UInt8](repeating: 0x20, count: rng.int(9)) + [0x22]
      for _ in 0..<rng.int(24) {
        b += Self.pieces[rng.int(Self.pieces.count)]
        if seed > 55 && rng.int(2) == 0 { b += plain[0..<rng.int(plain.count)] }
      }
      if rng.int(3) != 0 { b.append(0x22) }
      if rng.int(4) == 0 { b += [UInt8](repeating: 0x20, count: rng.int(12)) }
      #expect(Self.parsed(b, doc) == Self.reference(b), "\(b)")
    }
  }

  /// The previous escape decoder (appending to an array), verbatim but for names.
  static func referenceUnescape(_ raw: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var i = 0
    let n = raw.count
    func hex4(_ at: Int) -> UInt32? {
      guard at + 4 <= n else { return nil }
      var v: UInt32 = 0
      for k in 0..<4 {
        let c = raw[at + k]
        let d: UInt32
        switch c {
        case 0x30...0x39: d = UInt32(c - 0x30)
        case 0x41...0x46: d = UInt32(c - 0x41 + 10)
        case 0x61...0x66: d = UInt32(c - 0x61 + 10)
        default: return nil
        }
        v = v << 4 | d
      }
      return v
    }
    func scalar(_ cp: UInt32) {
      out += Array(String(Character(Unicode.Scalar(cp) ?? "\u{FFFD}")).utf8)
    }
    while i < n {
      if raw[i] != 0x5C {
        out.append(raw[i])
        i += 1
        continue
      }
      guard i + 1 < n else { break }
      let e = raw[i + 1]
      i += 2
      switch e {
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "u"):
        guard var cp = hex4(i) else {
          scalar(0xFFFD)
          continue
        }
        i += 4
        if cp >= 0xD800 && cp < 0xDC00 {
          if i + 6 <= n && raw[i] == 0x5C && raw[i + 1] == UInt8(ascii: "u"), let lo = hex4(i + 2), lo >= 0xDC00,
            lo < 0xE000
          {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
            i += 6
          } else {
            cp = 0xFFFD
          }
        } else if cp >= 0xDC00 && cp < 0xE000 {
          cp = 0xFFFD
        }
        scalar(cp)
      default: out.append(e)
      }
    }
    return out
  }

  @Test(arguments: [54, 55])
  func escapesDecodeAsBefore(seed: UInt64) {
    var rng = SplitMix(seed: seed)
    let escapes: [[UInt8]] =
      [
        "\\n", "\\t", "\\r", "\\b", "\\f", "\\/", "\\\\", "\\\"", "\\u00e9", "\\u4e2d", "\\ud83d\\ude00", "\\ud83d",
        "\\ude00", "\\ud83dx", "\\u12", "\\uZZZZ", "\\u", "\\q", "\\", "abc", "é", " ",
      ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x82]]
    for _ in 0..<3_000 {
      var raw: [UInt8] = []
      for _ in 0..<rng.int(20) { raw += escapes[rng.int(escapes.count)] }
      let expected = Self.referenceUnescape(raw)
      raw.withUnsafeBytes { r in
        #expect(JSONEscapes.unescape(r) == expected, "\(raw)")
        #expect(Array(JSONEscapes.unescapedString(r).utf8) == Array(String(decoding: expected, as: UTF8.self).utf8))
      }
    }
  }

  /// The previous UTF-8 check (a byte at a time).
  static func referenceIsValid(_ b: [UInt8]) -> Bool {
    var i = 0
    let n = b.count
    while i < n {
      let c = b[i]
      if c < 0x80 {
        i += 1
        continue
      }
      var need = 0
      var minCP: UInt32 = 0
      var cp: UInt32 = 0
      if c & 0xE0 == 0xC0 {
        need = 1
        minCP = 0x80
        cp = UInt32(c & 0x1F)
      } else if c & 0xF0 == 0xE0 {
        need = 2
        minCP = 0x800
        cp = UInt32(c & 0x0F)
      } else if c & 0xF8 == 0xF0 {
        need = 3
        minCP = 0x10000
        cp = UInt32(c & 0x07)
      } else {
        return false
      }
      guard i + need < n else { return false }
      for k in 1...need {
        let d = b[i + k]
        guard d & 0xC0 == 0x80 else { return false }
        cp = cp << 6 | UInt32(d & 0x3F)
      }
      if cp < minCP || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000) { return false }
      i += need + 1
    }
    return true
  }

  @Test(arguments: [56, 57])
  func utf8CheckMatchesTheByteAtATimeCheck(seed: UInt64) {
    var rng = SplitMix(seed: seed)
    let parts: [[UInt8]] =
      ["abcdefgh", "a", "é", "数", "😀", " "].map { Array($0.utf8) } + [
        [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC3], [0x80], [0xE2, 0x82],
      ]
    for _ in 0..<5_000 {
      var b: [UInt8] = []
      for _ in 0..<rng.int(16) { b += parts[rng.int(parts.count)] }
      b.withUnsafeBytes { #expect(UTF8Check.isValid($0) == Self.referenceIsValid(b), "\(b)") }
    }
  }
}
