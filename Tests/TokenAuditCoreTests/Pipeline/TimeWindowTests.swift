import Foundation
import Testing

@testable import TokenAuditCore

@Suite struct TimeWindowTests {
  static func ms(_ s: String) -> Int64 { Timestamp.parseISO(s) ?? -1 }

  static func parse(
    since: String? = nil, until: String? = nil, last: String? = nil, week: String? = nil, zone: String = "UTC",
    now: String = "2026-11-24T06:00:00Z"
  ) throws -> TimeWindow {
    try TimeWindow.parse(
      since: since, until: until, last: last, week: week, timeZone: try #require(ReportTimeZone.parse(zone)),
      nowMS: ms(now))
  }

  @Test func dateSinceIsInclusiveAndDateUntilExclusive() throws {
    let w = try Self.parse(since: "2026-11-16", until: "2026-11-23")
    #expect(w.sinceMS == Self.ms("2026-11-16T00:00:00Z"))
    #expect(w.untilMS == Self.ms("2026-11-23T00:00:00Z"))
    #expect(w.contains(Self.ms("2026-11-16T00:00:00Z")))
    #expect(w.contains(Self.ms("2026-11-22T23:59:59.999Z")))
    #expect(!w.contains(Self.ms("2026-11-23T00:00:00Z")))
    #expect(!w.contains(Self.ms("2026-11-15T23:59:59.999Z")))
    #expect(w.keeps(nil))
    #expect(w.label == "2026-11-16 to 2026-11-22")
  }

  @Test func datesAreLocalMidnightsInTheZone() throws {
    let w = try Self.parse(since: "2026-11-16", until: "2026-11-23", zone: "+02:00")
    #expect(w.sinceMS == Self.ms("2026-11-15T22:00:00Z"))
    #expect(w.untilMS == Self.ms("2026-11-22T22:00:00Z"))
  }

  @Test func rfc3339WithOffsetIsExactAndWithoutIsLocal() throws {
    let exact = try Self.parse(since: "2026-11-16T08:30:00-05:00", zone: "+02:00")
    #expect(exact.sinceMS == Self.ms("2026-11-16T13:30:00Z"))
    let local = try Self.parse(since: "2026-11-16T08:30:00", zone: "+02:00")
    #expect(local.sinceMS == Self.ms("2026-11-16T06:30:00Z"))
    #expect(local.untilMS == nil)
  }

  @Test func lastIsRelativeToNow() throws {
    let w = try Self.parse(last: "7d", now: "2026-11-24T06:00:00Z")
    #expect(w.sinceMS == Self.ms("2026-11-17T06:00:00Z"))
    #expect(w.untilMS == Self.ms("2026-11-24T06:00:00Z"))
    #expect(try Self.parse(last: "36h").sinceMS == Self.ms("2026-11-22T18:00:00Z"))
    #expect(try Self.parse(last: "2w").sinceMS == Self.ms("2026-11-10T06:00:00Z"))
  }

  @Test(arguments: [
    ("2026-W47", "UTC", "2026-11-16T00:00:00Z", "2026-11-23T00:00:00Z"),
    ("2026-w47", "+02:00", "2026-11-15T22:00:00Z", "2026-11-22T22:00:00Z"),
    ("2026W47", "Europe/Berlin", "2026-11-15T23:00:00Z", "2026-11-22T23:00:00Z"),
    ("2026-W01", "UTC", "2025-12-29T00:00:00Z", "2026-01-05T00:00:00Z"),
    ("2026-W53", "UTC", "2026-12-28T00:00:00Z", "2027-01-04T00:00:00Z"),
    ("2020-W53", "UTC", "2020-12-28T00:00:00Z", "2021-01-04T00:00:00Z"),
    // The week the clocks go forward in Berlin: 167 hours.
    ("2026-W13", "Europe/Berlin", "2026-03-22T23:00:00Z", "2026-03-29T22:00:00Z"),
  ])
  func isoWeeks(_ week: String, _ zone: String, _ start: String, _ end: String) throws {
    let w = try Self.parse(week: week, zone: zone)
    #expect(w.sinceMS == Self.ms(start))
    #expect(w.untilMS == Self.ms(end))
    #expect(w.label?.hasSuffix(week.suffix(2)) == true)
  }

  @Test func lastWeekIsTheCompleteWeekBeforeNow() throws {
    // Monday 2026-11-23 06:00 UTC: last week is W47.
    let w = try Self.parse(week: "last", now: "2026-11-23T06:00:00Z")
    #expect(w.label == "2026-W47")
    // Sunday 23:30 in +02:00 is still W47 there: last week is W46.
    let z = try Self.parse(week: "last", zone: "+02:00", now: "2026-11-22T21:30:00Z")
    #expect(z.label == "2026-W46")
  }

  @Test(
    arguments: [
      (nil, nil, "7x", nil as String?, "unit"),
      (nil, nil, "d", nil, "expected a number"),
      (nil, nil, nil, "2026-W54", "ISO weeks 1 to 53"),
      (nil, nil, nil, "2021-W53", "ISO weeks 1 to 52"),
      (nil, nil, nil, "week 47", "expected an ISO week"),
      ("yesterday", nil, nil, nil, "--since yesterday"),
      ("2026-11-20", "2026-11-20", nil, nil, "must be after"),
      ("2026-11-20", nil, "7d", nil, "only one of"),
      (nil, nil, "7d", "last", "only one of"),
    ] as [(String?, String?, String?, String?, String)])
  func badValuesAreClearErrors(_ since: String?, _ until: String?, _ last: String?, _ week: String?, _ message: String)
    throws
  {
    do {
      _ = try Self.parse(since: since, until: until, last: last, week: week)
      Issue.record("expected an error containing \(message)")
    } catch let e as TimeWindow.ParseError {
      #expect(e.description.contains(message))
    }
  }

  @Test func timeZones() {
    #expect(ReportTimeZone.parse("UTC") == .utc)
    #expect(ReportTimeZone.parse("Z") == .utc)
    #expect(ReportTimeZone.parse("+02:00")?.offsetSeconds(atMS: 0) == 7200)
    #expect(ReportTimeZone.parse("-0530")?.offsetSeconds(atMS: 0) == -19800)
    #expect(ReportTimeZone.parse("+05")?.description == "+05:00")
    #expect(ReportTimeZone.parse("Europe/Berlin")?.description == "Europe/Berlin")
    #expect(ReportTimeZone.parse("Mars/Olympus_Mons") == nil)
    #expect(ReportTimeZone.parse("+25:00") == nil)
    #expect(ReportTimeZone.parse("+2") == nil)
  }

  @Test func isoWeekOfDays() {
    #expect(TimeWindow.isoWeek(ofDay: Timestamp.daysFromCivil(2026, 1, 1)) == (2026, 1))
    #expect(TimeWindow.isoWeek(ofDay: Timestamp.daysFromCivil(2027, 1, 1)) == (2026, 53))
    #expect(TimeWindow.isoWeek(ofDay: Timestamp.daysFromCivil(2025, 12, 29)) == (2026, 1))
    #expect(TimeWindow.isoWeek(ofDay: Timestamp.daysFromCivil(2026, 11, 22)) == (2026, 47))
  }

  @Test func coverage() {
    let week = TimeWindow(sinceMS: 100, untilMS: 200)
    // A file whose calls all fall inside the stored window serves any window.
    #expect(week.covers(TimeWindow(sinceMS: 0, untilMS: 1000), within: 120...180))
    // A later window that needs nothing from this file.
    #expect(week.covers(TimeWindow(sinceMS: 300, untilMS: 400), within: 50...250))
    // A wider window needs calls the stored facts dropped.
    #expect(!week.covers(TimeWindow(sinceMS: 0, untilMS: 1000), within: 50...250))
    #expect(!week.covers(TimeWindow(), within: 150...250))
    #expect(TimeWindow().covers(week, within: 0...1000))
  }
}
