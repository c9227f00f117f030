/// How one service writes its `timestamp` field.
enum SampleTimestampStyle {
  /// `"2026-11-20T14:03:11.201Z"`
  case isoMillisZ
  /// `"2026-11-20T14:03:11.201000+00:00"` (Python `datetime.isoformat()`)
  case isoMicrosOffset
  /// `1795183391` (whole epoch seconds)
  case epochSeconds
  /// `1795183391.201` (Python `time.time()`, rounded)
  case epochSecondsFraction
  /// `1795183391201`
  case epochMillis
}

/// Calendar arithmetic and timestamp formatting on epoch milliseconds, without Foundation.
enum SampleClock {
  static let msPerDay: Int64 = 86_400_000

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
  static func days(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// The date of a day number since 1970-01-01.
  static func civil(days z0: Int) -> (year: Int, month: Int, day: Int) {
    let z = z0 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }

  /// 0 = Monday … 6 = Sunday.
  static func weekday(days: Int) -> Int {
    ((days % 7) + 7 + 3) % 7
  }

  /// Writes a timestamp value (string or number) in `style`.
  static func write(_ ms: Int64, style: SampleTimestampStyle, into w: inout SampleJSONWriter) {
    switch style {
    case .isoMillisZ: w.string(iso(ms, micros: false))
    case .isoMicrosOffset: w.string(iso(ms, micros: true))
    case .epochSeconds: w.int(Int(ms / 1000))
    case .epochSecondsFraction:
      w.int(Int(ms / 1000))
      w.bytes.append(UInt8(ascii: "."))
      appendPadded(Int(ms % 1000), width: 3, into: &w.bytes)
    case .epochMillis: w.int(Int(ms))
    }
  }

  /// `2026-11-20T14:03:11.201Z`, or with microseconds and `+00:00`.
  static func iso(_ ms: Int64, micros: Bool) -> String {
    var b: [UInt8] = []
    b.reserveCapacity(32)
    appendDateTime(ms, separator: UInt8(ascii: "T"), into: &b)
    b.append(UInt8(ascii: "."))
    appendPadded(Int(ms % 1000), width: 3, into: &b)
    if micros {
      b.append(contentsOf: Array("000+00:00".utf8))
    } else {
      b.append(UInt8(ascii: "Z"))
    }
    return String(decoding: b, as: UTF8.self)
  }

  /// `2026-11-20 14:03:11` (human text inside prompts).
  static func plain(_ ms: Int64) -> String {
    var b: [UInt8] = []
    appendDateTime(ms, separator: UInt8(ascii: " "), into: &b)
    return String(decoding: b, as: UTF8.self)
  }

  /// `2026-11-20`.
  static func date(days: Int) -> String {
    let (y, m, d) = civil(days: days)
    var b: [UInt8] = []
    appendPadded(y, width: 4, into: &b)
    b.append(UInt8(ascii: "-"))
    appendPadded(m, width: 2, into: &b)
    b.append(UInt8(ascii: "-"))
    appendPadded(d, width: 2, into: &b)
    return String(decoding: b, as: UTF8.self)
  }

  private static func appendDateTime(_ ms: Int64, separator: UInt8, into b: inout [UInt8]) {
    let dayNumber = Int(ms / msPerDay)
    let inDay = Int(ms % msPerDay) / 1000
    b.append(contentsOf: Array(date(days: dayNumber).utf8))
    b.append(separator)
    appendPadded(inDay / 3600, width: 2, into: &b)
    b.append(UInt8(ascii: ":"))
    appendPadded(inDay / 60 % 60, width: 2, into: &b)
    b.append(UInt8(ascii: ":"))
    appendPadded(inDay % 60, width: 2, into: &b)
  }

  static func appendPadded(_ v: Int, width: Int, into b: inout [UInt8]) {
    var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
    var n = v
    var i = width - 1
    while i >= 0 {
      digits[i] = UInt8(ascii: "0") + UInt8(n % 10)
      n /= 10
      i -= 1
    }
    b.append(contentsOf: digits)
  }
}
