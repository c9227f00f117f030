import Foundation

/// The time zone that day and week boundaries are drawn in: UTC, a fixed offset, or an IANA zone.
///
/// IANA zones follow daylight saving time: the offset is looked up per timestamp, so a day in
/// `Europe/Berlin` is 23 or 25 hours long on the days the clocks change.
public struct ReportTimeZone: Sendable, Hashable, CustomStringConvertible {
  enum Kind: Sendable, Hashable {
    case fixed(seconds: Int)
    case named(TimeZone)
  }

  let kind: Kind

  /// UTC.
  public static let utc = ReportTimeZone(kind: .fixed(seconds: 0))

  /// A fixed offset east of UTC.
  ///
  /// - Parameter seconds: Offset in seconds (positive east of Greenwich).
  public static func fixed(seconds: Int) -> ReportTimeZone { ReportTimeZone(kind: .fixed(seconds: seconds)) }

  /// Parses `UTC` (also `Z`, `GMT`), an offset (`+02:00`, `-0530`, `+02`) or an IANA name
  /// (`Europe/Berlin`).
  ///
  /// - Parameter text: The flag value.
  /// - Returns: The zone, or `nil` when the text is none of these.
  public static func parse(_ text: String) -> ReportTimeZone? {
    let t = text.trimmingCharacters(in: .whitespaces)
    if ["utc", "z", "gmt", "etc/utc", "utc+0", "+00:00", "-00:00"].contains(t.lowercased()) { return .utc }
    if let first = t.first, first == "+" || first == "-" {
      let digits = t.dropFirst().filter { $0 != ":" }
      guard t.dropFirst().allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ":") }),
        digits.count == 2 || digits.count == 4,
        let hh = Int(digits.prefix(2)), let mm = Int(digits.dropFirst(2).isEmpty ? "0" : String(digits.dropFirst(2))),
        hh <= 14, mm < 60
      else { return nil }
      let seconds = (hh * 3600 + mm * 60) * (first == "-" ? -1 : 1)
      return .fixed(seconds: seconds)
    }
    // Foundation also accepts abbreviations such as "CET"; only names with a slash or known
    // abbreviations reach here, and TimeZone(identifier:) rejects unknown ones.
    guard let zone = TimeZone(identifier: t) else { return nil }
    return ReportTimeZone(kind: .named(zone))
  }

  /// Offset from UTC in seconds at an instant.
  ///
  /// - Parameter ms: Milliseconds since the epoch.
  /// - Returns: Seconds east of UTC.
  public func offsetSeconds(atMS ms: Int64) -> Int {
    switch kind {
    case .fixed(let s): return s
    case .named(let zone): return zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(ms) / 1000))
    }
  }

  /// Whether the offset never changes (UTC or a fixed offset).
  public var isFixed: Bool {
    if case .fixed = kind { return true }
    return false
  }

  /// The instant of local midnight at the start of a civil date (the first instant of that day
  /// when midnight does not exist because the clocks jump at 00:00).
  ///
  /// - Parameters:
  ///   - year: Year.
  ///   - month: Month 1-12.
  ///   - day: Day of the month.
  /// - Returns: Milliseconds since the epoch.
  public func startOfDayMS(year: Int, month: Int, day: Int) -> Int64 {
    localToUTCMS(year: year, month: month, day: day, secondOfDay: 0)
  }

  /// Converts a local wall-clock time to an instant.
  ///
  /// - Parameters:
  ///   - year: Year.
  ///   - month: Month 1-12.
  ///   - day: Day of the month.
  ///   - secondOfDay: Seconds after local midnight.
  /// - Returns: Milliseconds since the epoch.
  public func localToUTCMS(year: Int, month: Int, day: Int, secondOfDay: Int) -> Int64 {
    let naive = (Int64(Timestamp.daysFromCivil(year, month, day)) * 86_400 + Int64(secondOfDay)) * 1000
    switch kind {
    case .fixed(let s):
      return naive - Int64(s) * 1000
    case .named:
      // Two passes: guess with the offset at the naive instant, then correct with the offset at
      // the guess. In a spring-forward gap this lands on the first valid instant after it.
      let first = naive - Int64(offsetSeconds(atMS: naive)) * 1000
      let second = naive - Int64(offsetSeconds(atMS: first)) * 1000
      if Int64(offsetSeconds(atMS: second)) * 1000 + second == naive { return second }
      return max(first, second)
    }
  }

  /// The local civil date of an instant.
  ///
  /// - Parameter ms: Milliseconds since the epoch.
  /// - Returns: Day number since 1970-01-01 in this zone.
  public func localDayNumber(atMS ms: Int64) -> Int {
    Int(Timestamp.floorDiv(ms + Int64(offsetSeconds(atMS: ms)) * 1000, 86_400_000))
  }

  /// `YYYY-MM-DD` in this zone.
  public func dayString(_ ms: Int64) -> String { Timestamp.dayString(ms, offsetSeconds: offsetSeconds(atMS: ms)) }

  /// `UTC`, `+02:00` or the IANA name.
  public var description: String {
    switch kind {
    case .fixed(let s) where s == 0: return "UTC"
    case .fixed(let s):
      let a = abs(s)
      return (s < 0 ? "-" : "+") + Timestamp.pad2(a / 3600) + ":" + Timestamp.pad2(a / 60 % 60)
    case .named(let z): return z.identifier
    }
  }
}

/// Caches the offset of an IANA zone between transitions, for loops over sorted timestamps.
struct ZoneOffsetCache {
  let zone: ReportTimeZone
  private var validFrom: Int64 = .max
  private var validUntil: Int64 = .min
  private var offset = 0

  init(_ zone: ReportTimeZone) { self.zone = zone }

  /// The offset at `ms`; consecutive calls within the same hour reuse the last lookup.
  mutating func offsetSeconds(atMS ms: Int64) -> Int {
    if zone.isFixed { return zone.offsetSeconds(atMS: ms) }
    if ms >= validFrom && ms < validUntil { return offset }
    // Offsets change on the hour or half hour at most once in a while: cache the 15-minute slot.
    let slot: Int64 = 900_000
    validFrom = Timestamp.floorDiv(ms, slot) * slot
    validUntil = validFrom + slot
    offset = zone.offsetSeconds(atMS: validFrom)
    if zone.offsetSeconds(atMS: validUntil - 1) != offset {
      validFrom = ms
      validUntil = ms + 1
      offset = zone.offsetSeconds(atMS: ms)
    }
    return offset
  }

  /// `YYYY-MM-DD` of `ms` in the zone.
  mutating func dayString(_ ms: Int64) -> String { Timestamp.dayString(ms, offsetSeconds: offsetSeconds(atMS: ms)) }

  /// The day number (days since 1970-01-01) of `ms` in the zone: `dayString` is its `YYYY-MM-DD`.
  mutating func dayNumber(_ ms: Int64) -> Int64 { Timestamp.dayNumber(ms, offsetSeconds: offsetSeconds(atMS: ms)) }
}
