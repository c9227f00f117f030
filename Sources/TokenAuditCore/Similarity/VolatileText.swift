/// Finds values that change from call to call in otherwise fixed text (a system prompt): dates
/// (`2024-05-01`, `05/01/2024`, `May 1, 2024`), times (`14:30:05`), ISO timestamps, UUIDs, epoch
/// numbers and long hexadecimal or mixed ids. Masking them gives a hash that stays the same when
/// only such a value changes, which is how the prompt-caching detector tells "the prompt starts
/// with today's date" from "the prompt really differs".
///
/// Only the first `scanLimit` bytes are scanned: a value near the top breaks every cached prefix,
/// one near the end of a long prompt costs little (the prefix before it still caches). Works on
/// UTF-8 bytes in one pass.
enum VolatileText {
  /// Bytes scanned from the start of the text.
  static let scanLimit = 4_096

  /// The result of a scan.
  struct Scan: Sendable, Hashable {
    /// Hash of the text with every volatile value replaced by one placeholder byte.
    var stableHash: UInt64
    /// UTF-8 bytes before the first volatile value (nil when there is none).
    var firstOffset: Int?
  }

  private static let monthNames: Set<String> = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "enero",
    "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre",
    "diciembre", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
    "novembre", "décembre", "januar", "februar", "märz", "juni", "juli", "oktober", "dezember",
  ]

  /// Scans `text`.
  ///
  /// - Parameter text: A system prompt or any fixed text.
  /// - Returns: The stable hash and where the first volatile value starts.
  static func scan(_ text: String) -> Scan {
    var copy = text
    return copy.withUTF8 { buf -> Scan in
      let all = UnsafeRawBufferPointer(buf)
      let bytes = UnsafeRawBufferPointer(rebasing: all[0..<min(all.count, scanLimit)])
      guard bytes.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else {
        return Scan(stableHash: ContentHasher.hash(bytes: all), firstOffset: nil)
      }
      var spans: [Range<Int>] = []
      var i = 0
      let n = bytes.count
      var previousWord: Range<Int>?
      let table = classes
      while i < n {
        guard table[Int(bytes[i])] & 1 != 0 else {
          i += 1
          continue
        }
        var j = i
        var digits = 0
        while j < n && table[Int(bytes[j])] & 1 != 0 {
          digits += Int(table[Int(bytes[j])] >> 1 & 1)
          j += 1
        }
        // Words without digits are only remembered (a month name before a day).
        if digits == 0 {
          var e = j
          while e > i, bytes[e - 1] == UInt8(ascii: ".") || bytes[e - 1] == UInt8(ascii: "-") { e -= 1 }
          if bytes[i] >= 0x41 { previousWord = i..<e }
          i = j
          continue
        }
        var end = j
        while end > i,
          bytes[end - 1] == UInt8(ascii: ".") || bytes[end - 1] == UInt8(ascii: "-")
            || bytes[end - 1] == UInt8(ascii: ":")
        {
          end -= 1
        }
        let token = i..<end
        if !token.isEmpty {
          if isVolatile(bytes, token) || isDayNextToMonth(bytes, token, previousWord: previousWord) {
            spans.append(token)
          }
          if bytes[token.lowerBound] >= 0x41 { previousWord = token }
        }
        i = j
      }
      guard let first = spans.first else { return Scan(stableHash: ContentHasher.hash(bytes: all), firstOffset: nil) }
      var h = ContentHasher()
      var last = 0
      for s in spans {
        h.combine(bytes: UnsafeRawBufferPointer(rebasing: bytes[last..<s.lowerBound]))
        h.combine(0x1)
        last = s.upperBound
      }
      h.combine(bytes: UnsafeRawBufferPointer(rebasing: all[last..<all.count]))
      return Scan(stableHash: h.value, firstOffset: first.lowerBound)
    }
  }

  /// Byte classes: bit 1 token byte (letters, digits, `:-/.+_`, non-ASCII), bit 2 digit, bit 4 hex letter.
  private static let classes: [UInt8] = (0..<256).map { (v: Int) -> UInt8 in
    let b = UInt8(v)
    var c: UInt8 = 0
    let digit = b >= 0x30 && b <= 0x39
    let letter = (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    if digit || letter || b == 0x3A || b == 0x2D || b == 0x2F || b == 0x2E || b == 0x2B || b == 0x5F || b >= 0x80 {
      c |= 1
    }
    if digit { c |= 2 }
    if (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46) { c |= 4 }
    return c
  }

  private static func isTokenByte(_ b: UInt8) -> Bool { classes[Int(b)] & 1 != 0 }

  private static func isDigit(_ b: UInt8) -> Bool { classes[Int(b)] & 2 != 0 }
  private static func isHex(_ b: UInt8) -> Bool { classes[Int(b)] & 6 != 0 }

  static func isVolatile(_ bytes: UnsafeRawBufferPointer, _ r: Range<Int>) -> Bool {
    var digits = 0
    var letters = 0
    var hex = true
    var seps = 0
    var colons = 0
    for k in r {
      let b = bytes[k]
      if isDigit(b) {
        digits += 1
      } else if b == 0x2D || b == 0x2F || b == 0x2E {
        seps += 1
      } else if b == 0x3A {
        colons += 1
      } else {
        letters += 1
        if !isHex(b) { hex = false }
      }
    }
    guard digits >= 2 else { return false }
    let length = r.count
    // Time: 14:30, 14:30:05, or an ISO timestamp with a colon.
    if colons >= 1 && digits >= 3 { return true }
    // Dates: three digit groups joined by - / . (2024-05-01, 05/01/2024, 1.5.2024).
    if seps == 2 && letters == 0 && isDate(bytes, r) { return true }
    // UUID and long hexadecimal ids (request ids, hashes).
    if length == 36 && seps == 4 && hex { return true }
    if hex && letters >= 2 && digits >= 4 && length - seps >= 16 { return true }
    // Mixed ids (sess_a8f9…) and epoch seconds or milliseconds.
    if length >= 20 && digits >= 4 && letters >= 4 { return true }
    if letters == 0 && seps == 0 && colons == 0 && (digits == 10 || digits == 13) { return true }
    return false
  }

  private static func isDate(_ bytes: UnsafeRawBufferPointer, _ r: Range<Int>) -> Bool {
    var groups: [Int] = [0]
    var values: [Int] = [0]
    var sep: UInt8 = 0
    for k in r {
      let b = bytes[k]
      if isDigit(b) {
        groups[groups.count - 1] += 1
        values[values.count - 1] = values[values.count - 1] * 10 + Int(b - 0x30)
      } else {
        if sep != 0 && sep != b { return false }
        sep = b
        groups.append(0)
        values.append(0)
      }
    }
    guard groups.count == 3, !groups.contains(0) else { return false }
    if groups[0] == 4 { return groups[1] <= 2 && groups[2] <= 2 && values[1] <= 12 && values[2] <= 31 }
    return groups[0] <= 2 && groups[1] <= 2 && (groups[2] == 2 || groups[2] == 4) && values[0] <= 31 && values[1] <= 31
  }

  /// `May 1`, `1 May`, `March 3rd, 2025`: a day or year next to a month name.
  private static func isDayNextToMonth(_ bytes: UnsafeRawBufferPointer, _ r: Range<Int>, previousWord: Range<Int>?)
    -> Bool
  {
    var digits = 0
    for k in r where isDigit(bytes[k]) { digits += 1 }
    guard digits >= 1, digits <= 4, r.count <= digits + 2 else { return false }
    if let p = previousWord, r.lowerBound - p.upperBound <= 6, isMonth(bytes, p) { return true }
    // Look ahead for a month name after the number.
    var k = r.upperBound
    while k < bytes.count && k < r.upperBound + 3 && !isTokenByte(bytes[k]) { k += 1 }
    var e = k
    while e < bytes.count && isTokenByte(bytes[e]) && bytes[e] >= 0x41 { e += 1 }
    return e > k && isMonth(bytes, k..<e)
  }

  private static func isMonth(_ bytes: UnsafeRawBufferPointer, _ r: Range<Int>) -> Bool {
    guard r.count >= 3 else { return false }
    let word = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[r]), as: UTF8.self).lowercased()
    return monthNames.contains(word)
  }
}
