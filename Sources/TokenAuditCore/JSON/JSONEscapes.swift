#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Decoding of JSON string escapes and UTF-8 validation.
enum JSONEscapes {
  /// Decodes the escapes of a JSON string body (without quotes); lone surrogates become U+FFFD.
  static func unescape(_ raw: UnsafeRawBufferPointer) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(raw.count)
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
    guard let base = raw.baseAddress else { return out }
    while i < n {
      // Copy the run up to the next backslash in one go.
      if raw[i] != 0x5C {
        let next = memchr(base + i, 0x5C, n - i).map { UnsafeRawPointer($0) - base } ?? n
        out.append(contentsOf: UnsafeRawBufferPointer(start: base + i, count: next - i))
        i = next
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
          appendScalar(0xFFFD, &out)
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
        appendScalar(cp, &out)
      default: out.append(e)  // \" \\ \/ and unknown escapes keep the character
      }
    }
    return out
  }

  static func appendScalar(_ cp: UInt32, _ out: inout [UInt8]) {
    switch cp {
    case 0..<0x80: out.append(UInt8(cp))
    case 0x80..<0x800:
      out.append(UInt8(0xC0 | (cp >> 6)))
      out.append(UInt8(0x80 | (cp & 0x3F)))
    case 0x800..<0x10000:
      out.append(UInt8(0xE0 | (cp >> 12)))
      out.append(UInt8(0x80 | ((cp >> 6) & 0x3F)))
      out.append(UInt8(0x80 | (cp & 0x3F)))
    default:
      out.append(UInt8(0xF0 | (cp >> 18)))
      out.append(UInt8(0x80 | ((cp >> 12) & 0x3F)))
      out.append(UInt8(0x80 | ((cp >> 6) & 0x3F)))
      out.append(UInt8(0x80 | (cp & 0x3F)))
    }
  }
}

/// Strict UTF-8 validation (no overlongs, no surrogates, at most U+10FFFF).
enum UTF8Check {
  static func isValid(_ b: UnsafeRawBufferPointer) -> Bool {
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
}
