/// Parsing and formatting of timestamps without Foundation date formatters (a hot path).
public enum Timestamp {
  /// Reads a timestamp value: RFC 3339 / ISO 8601 text, or epoch seconds, milliseconds,
  /// microseconds or nanoseconds (as a number or numeric string; the unit is told by magnitude).
  ///
  /// A time outside ``plausible`` (years 2000 to 2099) is treated as unreadable: one record
  /// stamped in the year 5138, or at the epoch, would otherwise stretch the period to millennia
  /// and turn the projected monthly cost into zero.
  ///
  /// - Parameter v: The JSON value.
  /// - Returns: Milliseconds since the epoch, or `nil` when unreadable or implausible.
  public static func milliseconds(_ v: JSONValue?) -> Int64? {
    guard let v else { return nil }
    let ms: Int64?
    switch v.kind {
    case .number: ms = v.double.flatMap(fromEpoch)
    case .string:
      guard let s = v.string else { return nil }
      if let d = Double(s) { ms = fromEpoch(d) } else { ms = parseISO(s) ?? parseNamedMonth(s) }
    default: return nil
    }
    guard let ms, plausible.contains(ms) else { return nil }
    return ms
  }

  /// Times a request log can hold: 2000-01-01 up to, not including, 2100-01-01 (UTC).
  public static let plausible: Range<Int64> = 946_684_800_000..<4_102_444_800_000

  /// Converts an epoch number whose unit is told by magnitude.
  ///
  /// - Parameter d: Seconds, milliseconds, microseconds or nanoseconds since the epoch.
  /// - Returns: Milliseconds, or `nil` for non-finite or negative values.
  public static func fromEpoch(_ d: Double) -> Int64? {
    guard d.isFinite, d > 0, d < 9.2e24 else { return nil }  // beyond Int64 milliseconds even as ns
    if d < 1e11 { return Int64((d * 1000).rounded()) }  // seconds (until year 5138)
    if d < 1e14 { return Int64(d.rounded()) }  // milliseconds
    if d < 1e17 { return Int64((d / 1000).rounded()) }  // microseconds
    return Int64((d / 1_000_000).rounded())  // nanoseconds
  }

  /// Parses `YYYY-MM-DD[T ]HH:MM[:SS[.fff…]][Z|±HH[:]MM]` or a bare date.
  ///
  /// - Parameter s: The text.
  /// - Returns: Milliseconds since the epoch, or `nil`.
  public static func parseISO(_ s: String) -> Int64? {
    var u = Array(s.utf8)
    while let l = u.last, l == 0x20 { u.removeLast() }
    var i = 0
    func num(_ len: Int) -> Int? {
      guard i + len <= u.count else { return nil }
      var v = 0
      for k in 0..<len {
        let c = u[i + k]
        guard c >= 0x30 && c <= 0x39 else { return nil }
        v = v * 10 + Int(c - 0x30)
      }
      i += len
      return v
    }
    func expect(_ c: UInt8) -> Bool {
      if i < u.count && u[i] == c {
        i += 1
        return true
      }
      return false
    }
    guard let y = num(4), expect(UInt8(ascii: "-")), let mo = num(2), expect(UInt8(ascii: "-")), let d = num(2),
      (1...12).contains(mo), (1...31).contains(d)
    else { return nil }
    var h = 0
    var mi = 0
    var sec = 0
    var fracMS = 0
    var offsetMin = 0
    if i < u.count && (u[i] == UInt8(ascii: "T") || u[i] == UInt8(ascii: "t") || u[i] == 0x20) {
      i += 1
      guard let hh = num(2), expect(UInt8(ascii: ":")), let mm = num(2), hh < 24, mm < 60 else { return nil }
      h = hh
      mi = mm
      if expect(UInt8(ascii: ":")) {
        guard let ss = num(2), ss <= 60 else { return nil }
        sec = ss
        if i < u.count && (u[i] == UInt8(ascii: ".") || u[i] == UInt8(ascii: ",")) {
          i += 1
          var scale = 100
          var digits = 0
          while i < u.count, u[i] >= 0x30 && u[i] <= 0x39 {
            fracMS += Int(u[i] - 0x30) * scale
            scale /= 10
            digits += 1
            i += 1
          }
          if digits == 0 { return nil }
        }
      }
      if i < u.count {
        let c = u[i]
        if c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") {
          i += 1
        } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
          i += 1
          guard let oh = num(2) else { return nil }
          _ = expect(UInt8(ascii: ":"))
          let om = num(2) ?? 0
          offsetMin = (oh * 60 + om) * (c == UInt8(ascii: "-") ? -1 : 1)
        }
      }
    }
    guard i == u.count else { return nil }
    let days = daysFromCivil(y, mo, d)
    let seconds = Int64(days) * 86400 + Int64(h * 3600 + mi * 60 + sec) - Int64(offsetMin * 60)
    return seconds * 1000 + Int64(fracMS)
  }

  /// Parses the dates with a month name that web servers and gateways write: HTTP and e-mail dates
  /// (`Fri, 20 Nov 2026 14:03:11 GMT`, `20 Nov 2026 14:03:11 +0100`) and the common log format
  /// (`20/Nov/2026:14:03:11 +0000`); also `YYYY/MM/DD HH:MM:SS`.
  ///
  /// - Parameter s: The text.
  /// - Returns: Milliseconds since the epoch, or `nil`.
  public static func parseNamedMonth(_ s: String) -> Int64? {
    let u = Array(s.utf8)
    // Slash dates: the ISO parser on the same text with dashes.
    if u.count >= 10, u[4] == 0x2F, u[7] == 0x2F, u[0..<4].allSatisfy({ $0 &- 0x30 < 10 }) {
      var d = u
      d[4] = 0x2D
      d[7] = 0x2D
      return parseISO(String(decoding: d, as: UTF8.self))
    }
    // Split into runs of letters, runs of digits and single other bytes.
    var parts: [(text: [UInt8], digits: Bool)] = []
    var i = 0
    while i < u.count {
      let c = u[i]
      let isDigit = c &- 0x30 < 10
      let isLetter = (c | 0x20) &- 0x61 < 26
      guard isDigit || isLetter else {
        if c == 0x2B || c == 0x2D { parts.append(([c], false)) }
        i += 1
        continue
      }
      var j = i
      while j < u.count, ((u[j] &- 0x30 < 10) == isDigit) && (isDigit || (u[j] | 0x20) &- 0x61 < 26) { j += 1 }
      parts.append((Array(u[i..<j]), isDigit))
      i = j
    }
    func number(_ p: [UInt8]) -> Int { p.reduce(0) { $0 * 10 + Int($1 - 0x30) } }
    let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    var k = 0
    // An optional weekday.
    if k < parts.count, !parts[k].digits, parts[k].text.count >= 3,
      months.firstIndex(of: String(decoding: parts[k].text.prefix(3), as: UTF8.self).lowercased()) == nil
    {
      k += 1
    }
    guard k + 5 < parts.count, parts[k].digits, parts[k].text.count <= 2, !parts[k + 1].digits,
      let month = months.firstIndex(of: String(decoding: parts[k + 1].text.prefix(3), as: UTF8.self).lowercased()),
      parts[k + 2].digits, parts[k + 2].text.count == 4, parts[k + 3].digits, parts[k + 4].digits
    else { return nil }
    let day = number(parts[k].text)
    let year = number(parts[k + 2].text)
    let h = number(parts[k + 3].text)
    let mi = number(parts[k + 4].text)
    k += 5
    var sec = 0
    if k < parts.count, parts[k].digits, parts[k].text.count == 2 {
      sec = number(parts[k].text)
      k += 1
    }
    guard (1...31).contains(day), h < 24, mi < 60, sec <= 60 else { return nil }
    var offsetMin = 0
    if k < parts.count {
      let zone = String(decoding: parts[k].text, as: UTF8.self).uppercased()
      if ["GMT", "UTC", "UT", "Z"].contains(zone) {
        k += 1
      } else if zone == "+" || zone == "-", k + 1 < parts.count, parts[k + 1].digits, parts[k + 1].text.count == 4 {
        let v = number(parts[k + 1].text)
        offsetMin = (v / 100 * 60 + v % 100) * (zone == "-" ? -1 : 1)
        k += 2
      } else {
        return nil
      }
    }
    guard k == parts.count else { return nil }
    let days = daysFromCivil(year, month + 1, day)
    return (Int64(days) * 86400 + Int64(h * 3600 + mi * 60 + sec) - Int64(offsetMin * 60)) * 1000
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
  public static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
    let y = m <= 2 ? y0 - 1 : y0
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  /// The civil date of a day number.
  public static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
    let z = z0 + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp + (mp < 10 ? 3 : -9)
    return (m <= 2 ? y + 1 : y, m, d)
  }

  /// `YYYY-MM-DD` of a UTC day (offset applied first).
  ///
  /// - Parameters:
  ///   - ms: Milliseconds since the epoch.
  ///   - offsetSeconds: Time-zone offset from UTC.
  public static func dayString(_ ms: Int64, offsetSeconds: Int = 0) -> String {
    dayString(days: Int(dayNumber(ms, offsetSeconds: offsetSeconds)))
  }

  /// Days since 1970-01-01 of `ms` shifted by `offsetSeconds` (what `dayString` formats).
  static func dayNumber(_ ms: Int64, offsetSeconds: Int = 0) -> Int64 {
    floorDiv(ms + Int64(offsetSeconds) * 1000, 86_400_000)
  }

  /// `YYYY-MM-DD` of a day number (days since 1970-01-01).
  static func dayString(days: Int) -> String {
    let c = civilFromDays(days)
    return "\(c.year)-\(pad2(c.month))-\(pad2(c.day))"
  }

  /// `YYYY-MM-DDTHH:MM:SSZ` in UTC.
  public static func isoString(_ ms: Int64) -> String {
    let days = Int(floorDiv(ms, 86_400_000))
    let rem = Int(ms - Int64(days) * 86_400_000) / 1000
    return dayString(ms) + "T\(pad2(rem / 3600)):\(pad2(rem / 60 % 60)):\(pad2(rem % 60))Z"
  }

  static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
  static func pad2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
