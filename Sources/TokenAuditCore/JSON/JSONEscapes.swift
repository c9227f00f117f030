#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Decoding of JSON string escapes and UTF-8 validation.
enum JSONEscapes {
  /// Decodes the escapes of a JSON string body (without quotes); lone surrogates become U+FFFD.
  static func unescape(_ raw: UnsafeRawBufferPointer) -> [UInt8] {
    [UInt8](unsafeUninitializedCapacity: maximumUnescapedCount(raw.count)) { out, count in
      count = unescape(raw, into: out.baseAddress!)
    }
  }

  /// The decoded text of a JSON string body, written straight into the string's storage
  /// (invalid UTF-8 repaired with U+FFFD, as `String(decoding:as:)` does).
  static func unescapedString(_ raw: UnsafeRawBufferPointer) -> String {
    String(unsafeUninitializedCapacity: maximumUnescapedCount(raw.count)) { out in
      unescape(raw, into: out.baseAddress!)
    }
  }

  /// The most bytes `unescape` writes for `count` escaped bytes: a bad `\u` (2 bytes) becomes
  /// U+FFFD (3 bytes); every other escape shrinks.
  static func maximumUnescapedCount(_ count: Int) -> Int { count + count / 2 + 4 }

  /// Writes the decoded bytes of a JSON string body at `out` (room for
  /// `maximumUnescapedCount(raw.count)` bytes) and returns their number.
  static func unescape(_ raw: UnsafeRawBufferPointer, into out: UnsafeMutablePointer<UInt8>) -> Int {
    var written = 0
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
    @inline(__always) func put(_ b: UInt8) {
      out[written] = b
      written += 1
    }
    guard let base = raw.baseAddress else { return 0 }
    while i < n {
      // Copy the run up to the next backslash in one go.
      if raw[i] != 0x5C {
        let next = memchr(base + i, 0x5C, n - i).map { UnsafeRawPointer($0) - base } ?? n
        (out + written).update(from: (base + i).assumingMemoryBound(to: UInt8.self), count: next - i)
        written += next - i
        i = next
        continue
      }
      guard i + 1 < n else { break }
      let e = raw[i + 1]
      i += 2
      switch e {
      case UInt8(ascii: "n"): put(0x0A)
      case UInt8(ascii: "t"): put(0x09)
      case UInt8(ascii: "r"): put(0x0D)
      case UInt8(ascii: "b"): put(0x08)
      case UInt8(ascii: "f"): put(0x0C)
      case UInt8(ascii: "u"):
        guard var cp = hex4(i) else {
          written += encodeScalar(0xFFFD, out + written)
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
        written += encodeScalar(cp, out + written)
      default: put(e)  // \" \\ \/ and unknown escapes keep the character
      }
    }
    return written
  }

  /// Writes the UTF-8 bytes of a scalar at `out` and returns their number.
  static func encodeScalar(_ cp: UInt32, _ out: UnsafeMutablePointer<UInt8>) -> Int {
    switch cp {
    case 0..<0x80:
      out[0] = UInt8(cp)
      return 1
    case 0x80..<0x800:
      out[0] = UInt8(0xC0 | (cp >> 6))
      out[1] = UInt8(0x80 | (cp & 0x3F))
      return 2
    case 0x800..<0x10000:
      out[0] = UInt8(0xE0 | (cp >> 12))
      out[1] = UInt8(0x80 | ((cp >> 6) & 0x3F))
      out[2] = UInt8(0x80 | (cp & 0x3F))
      return 3
    default:
      out[0] = UInt8(0xF0 | (cp >> 18))
      out[1] = UInt8(0x80 | ((cp >> 12) & 0x3F))
      out[2] = UInt8(0x80 | ((cp >> 6) & 0x3F))
      out[3] = UInt8(0x80 | (cp & 0x3F))
      return 4
    }
  }

}

/// Strict UTF-8 validation (no overlongs, no surrogates, at most U+10FFFF).
enum UTF8Check {
  static func isValid(_ b: UnsafeRawBufferPointer) -> Bool {
    var i = 0
    let n = b.count
    guard let base = b.baseAddress else { return true }
    while i < n {
      // Eight ASCII bytes at a time.
      while i + 8 <= n && base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
        i += 8
      }
      guard i < n else { break }
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
