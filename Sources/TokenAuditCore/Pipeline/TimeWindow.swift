/// The calls a run analyses, by time: `[since, until)`, start inclusive, end exclusive.
///
/// Day and week boundaries are local midnights in `timeZone`. Calls without a timestamp are kept
/// whatever the window (they cannot be placed); the input summary counts them.
public struct TimeWindow: Sendable, Hashable {
  /// First instant kept (inclusive), ms since the epoch; `nil` for no lower bound.
  public var sinceMS: Int64?
  /// First instant no longer kept (exclusive); `nil` for no upper bound.
  public var untilMS: Int64?
  /// The zone the boundaries were drawn in (also used for the per-day table).
  public var timeZone: ReportTimeZone
  /// A short name for reports and trend charts: `2026-W47`, `last 7d`, or the dates.
  public var label: String?

  /// Creates a window.
  public init(sinceMS: Int64? = nil, untilMS: Int64? = nil, timeZone: ReportTimeZone = .utc, label: String? = nil) {
    self.sinceMS = sinceMS
    self.untilMS = untilMS
    self.timeZone = timeZone
    self.label = label
  }

  /// Whether there is any bound.
  public var isBounded: Bool { sinceMS != nil || untilMS != nil }

  /// Whether an instant is inside.
  ///
  /// - Parameter ms: Milliseconds since the epoch.
  public func contains(_ ms: Int64) -> Bool {
    if let s = sinceMS, ms < s { return false }
    if let u = untilMS, ms >= u { return false }
    return true
  }

  /// Whether a call's timestamp is kept: inside, or unknown.
  public func keeps(_ ms: Int64?) -> Bool { ms.map(contains) ?? true }

  /// Whether every instant of `needed` (inclusive range) that this window could be asked for is
  /// inside this window: used to tell if facts filtered by this window can serve another.
  ///
  /// - Parameters:
  ///   - other: The window now asked for.
  ///   - range: The instants that actually occur (a file's first and last timestamp).
  /// - Returns: `true` when `other ∩ range ⊆ self ∩ range`.
  public func covers(_ other: TimeWindow, within range: ClosedRange<Int64>) -> Bool {
    let lo = max(other.sinceMS ?? range.lowerBound, range.lowerBound)
    let hi = min(other.untilMS.map { $0 - 1 } ?? range.upperBound, range.upperBound)
    if lo > hi { return true }  // nothing needed
    if let s = sinceMS, s > lo { return false }
    if let u = untilMS, u <= hi { return false }
    return true
  }

  /// The last local day inside the window (`YYYY-MM-DD`), when it has an end.
  public var lastDay: String? { untilMS.map { timeZone.dayString($0 - 1) } }

  /// The first local day inside the window, when it has a start.
  public var firstDay: String? { sinceMS.map { timeZone.dayString($0) } }
}

// MARK: - Parsing the flags

extension TimeWindow {
  /// What a window flag value was wrong about.
  public struct ParseError: Error, CustomStringConvertible, Sendable {
    /// The message, naming the flag and an accepted form.
    public var description: String
  }

  /// Builds the window from `--since`/`--until`, `--last` or `--week`.
  ///
  /// - Parameters:
  ///   - since: A date (`2026-11-16`: local midnight) or an RFC 3339 time; inclusive.
  ///   - until: Same forms; exclusive (`--until 2026-11-23` stops before that day's midnight).
  ///   - last: `7d`, `36h` or `2w`: the span that ends now.
  ///   - week: `2026-W47` (ISO week, Monday 00:00 to the next Monday 00:00) or `last` (the
  ///     complete week before the one containing now).
  ///   - timeZone: Zone of dates and weeks.
  ///   - nowMS: The run time (what `--last` and `--week last` count from).
  /// - Returns: The window (unbounded when no flag is given).
  /// - Throws: `ParseError` for a malformed value, flags that cannot be combined, or an empty window.
  public static func parse(
    since: String?, until: String?, last: String?, week: String?, timeZone: ReportTimeZone, nowMS: Int64
  ) throws -> TimeWindow {
    let given = [since != nil || until != nil, last != nil, week != nil].filter { $0 }.count
    if given > 1 {
      throw ParseError(description: "use only one of --since/--until, --last and --week")
    }
    var w = TimeWindow(timeZone: timeZone)
    if let last {
      let span = try parseSpan(last)
      w.sinceMS = nowMS - span
      w.untilMS = nowMS
      w.label = "last \(last.trimmingCharacters(in: .whitespaces))"
    } else if let week {
      let (year, number) = try parseWeek(week, timeZone: timeZone, nowMS: nowMS)
      let monday = isoWeekMonday(year: year, week: number)
      let start = Timestamp.civilFromDays(monday)
      let end = Timestamp.civilFromDays(monday + 7)
      w.sinceMS = timeZone.startOfDayMS(year: start.year, month: start.month, day: start.day)
      w.untilMS = timeZone.startOfDayMS(year: end.year, month: end.month, day: end.day)
      w.label = "\(year)-W\(Timestamp.pad2(number))"
    } else {
      if let since { w.sinceMS = try parseInstant(since, flag: "--since", timeZone: timeZone) }
      if let until { w.untilMS = try parseInstant(until, flag: "--until", timeZone: timeZone) }
      if let s = w.sinceMS, let u = w.untilMS, u <= s {
        throw ParseError(description: "--until (\(until ?? "")) must be after --since (\(since ?? ""))")
      }
      if w.isBounded { w.label = "\(w.firstDay ?? "…") to \(w.lastDay ?? "…")" }
    }
    return w
  }

  /// `7d` → milliseconds; units `h`, `d`, `w`.
  static func parseSpan(_ text: String) throws -> Int64 {
    let t = text.trimmingCharacters(in: .whitespaces).lowercased()
    guard let unit = t.last, let n = Int64(t.dropLast()), n > 0, n <= 100_000 else {
      throw ParseError(description: "--last \(text): expected a number and a unit, e.g. 7d, 36h or 2w")
    }
    switch unit {
    case "h": return n * 3_600_000
    case "d": return n * 86_400_000
    case "w": return n * 7 * 86_400_000
    default: throw ParseError(description: "--last \(text): the unit must be h (hours), d (days) or w (weeks)")
    }
  }

  /// `2026-W47` (also `2026W47`, `2026-w47`) or `last`.
  static func parseWeek(_ text: String, timeZone: ReportTimeZone, nowMS: Int64) throws -> (Int, Int) {
    let t = text.trimmingCharacters(in: .whitespaces).uppercased()
    if t == "LAST" || t == "PREVIOUS" {
      let today = timeZone.localDayNumber(atMS: nowMS)
      return isoWeek(ofDay: today - 7)
    }
    let parts = t.replacingOccurrences(of: "-", with: "").split(separator: "W", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), let week = Int(parts[1]),
      (1...2).contains(parts[1].count), year >= 1970
    else {
      throw ParseError(description: "--week \(text): expected an ISO week like 2026-W47, or last")
    }
    let weeks = weeksInISOYear(year)
    guard (1...weeks).contains(week) else {
      throw ParseError(description: "--week \(text): \(year) has ISO weeks 1 to \(weeks)")
    }
    return (year, week)
  }

  /// A date (local midnight) or an RFC 3339 time (a time without an offset is local).
  static func parseInstant(_ text: String, flag: String, timeZone: ReportTimeZone) throws -> Int64 {
    let t = text.trimmingCharacters(in: .whitespaces)
    let bad = ParseError(
      description: "\(flag) \(text): expected a date (2026-11-16) or an RFC 3339 time (2026-11-16T08:00:00Z)")
    guard let utcReading = Timestamp.parseISO(t) else { throw bad }
    if hasExplicitOffset(t) { return utcReading }
    // No offset: the same wall-clock reading in the report's zone.
    let days = Int(Timestamp.floorDiv(utcReading, 86_400_000))
    let c = Timestamp.civilFromDays(days)
    let msOfDay = utcReading - Int64(days) * 86_400_000
    let local = timeZone.localToUTCMS(year: c.year, month: c.month, day: c.day, secondOfDay: Int(msOfDay / 1000))
    return local + msOfDay % 1000
  }

  static func hasExplicitOffset(_ t: String) -> Bool {
    guard let tIndex = t.firstIndex(where: { $0 == "T" || $0 == "t" || $0 == " " }) else { return false }
    let time = t[t.index(after: tIndex)...]
    return time.contains { $0 == "Z" || $0 == "z" || $0 == "+" || $0 == "-" }
  }

  // MARK: ISO weeks

  /// Day number of the Monday of ISO week 1 of `year`: the Monday on or before 4 January.
  static func isoWeekOneMonday(_ year: Int) -> Int {
    let jan4 = Timestamp.daysFromCivil(year, 1, 4)
    return jan4 - isoWeekdayIndex(jan4)
  }

  /// 0 for Monday … 6 for Sunday (1970-01-01 was a Thursday).
  static func isoWeekdayIndex(_ day: Int) -> Int { ((day % 7) + 7 + 3) % 7 }

  /// The Monday of an ISO week, as a day number.
  static func isoWeekMonday(year: Int, week: Int) -> Int { isoWeekOneMonday(year) + 7 * (week - 1) }

  /// 52 or 53.
  static func weeksInISOYear(_ year: Int) -> Int { (isoWeekOneMonday(year + 1) - isoWeekOneMonday(year)) / 7 }

  /// The ISO (year, week) of a day number.
  public static func isoWeek(ofDay day: Int) -> (year: Int, week: Int) {
    let c = Timestamp.civilFromDays(day)
    var year = c.year
    if day >= isoWeekOneMonday(year + 1) {
      year += 1
    } else if day < isoWeekOneMonday(year) {
      year -= 1
    }
    return (year, (day - isoWeekOneMonday(year)) / 7 + 1)
  }
}
