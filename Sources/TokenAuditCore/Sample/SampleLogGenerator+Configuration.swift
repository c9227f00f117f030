extension SampleLogGenerator {
  /// A calendar day (UTC).
  public struct CalendarDate: Sendable, Hashable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Creates a date; out-of-range parts are normalised by the calendar arithmetic.
    public init(year: Int, month: Int, day: Int) {
      self.year = year
      self.month = month
      self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    ///
    /// - Parameter text: The date text.
    public init?(_ text: String) {
      let parts = text.split(separator: "-", omittingEmptySubsequences: false)
      guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
        (1...12).contains(m), (1...31).contains(d)
      else { return nil }
      self.init(year: y, month: m, day: d)
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int { SampleClock.days(year: year, month: month, day: day) }

    public var description: String { SampleClock.date(days: daysSinceEpoch) }
  }

  /// How much to generate.
  public enum Volume: Sendable, Hashable {
    /// About this many calls on a weekday (weekends are quieter; the nightly burst runs daily).
    case callsPerDay(Int)
    /// About this many uncompressed bytes in total (calibrated on a short pilot run; ±15%).
    case targetBytes(Int)
  }

  /// Everything that decides the output; equal configurations give byte-identical files.
  public struct Configuration: Sendable, Hashable {
    /// Seeds every random choice (texts, ids, timings).
    public var seed: UInt64
    /// Number of days to cover, starting at `startDate` 00:00 UTC.
    public var days: Int
    /// The first day.
    public var startDate: CalendarDate
    /// Calls per day or a target size.
    public var volume: Volume
    /// Number of files; each covers an equal, contiguous slice of the time span.
    public var files: Int
    /// Insert deliberately bad lines (see `MalformedKind`).
    public var malformed: Bool
    /// In malformed mode, the kinds cycle again after this many good lines per file.
    public var malformedEvery: Int
    /// zlib level for gzip output (0–9).
    public var gzipLevel: Int32
    /// Start a new gzip member after this many uncompressed bytes (`nil`: one member per file).
    public var gzipMemberBytes: Int?
    /// Share of calls that fail (429/500/529) before succeeding on a retry.
    public var retryRate: Double
    /// Share of eligible long answers cut at `max_tokens` and asked again.
    public var truncationRate: Double
    /// Share of successful calls logged without `usage`.
    public var missingUsageRate: Double
    /// Share of support tickets asked again word for word.
    public var repeatRate: Double
    /// Share of support tickets asked again in other words.
    public var paraphraseRate: Double
    /// Share of support tickets followed by one that differs only in an entity.
    public var lookAlikeRate: Double
    /// Every this many coder traces, one ends with a prompt above 200k tokens (0 disables).
    public var longContextEvery: Int

    /// Creates a configuration; the defaults give one week of a mid-sized team.
    public init(
      seed: UInt64 = 42, days: Int = 7, startDate: CalendarDate = CalendarDate(year: 2026, month: 11, day: 16),
      volume: Volume = .callsPerDay(400), files: Int = 1, malformed: Bool = false
    ) {
      self.seed = seed
      self.days = days
      self.startDate = startDate
      self.volume = volume
      self.files = files
      self.malformed = malformed
      self.malformedEvery = 5000
      self.gzipLevel = 6
      self.gzipMemberBytes = nil
      self.retryRate = 0.02
      self.truncationRate = 0.05
      self.missingUsageRate = 0.01
      self.repeatRate = 0.06
      self.paraphraseRate = 0.05
      self.lookAlikeRate = 0.05
      self.longContextEvery = 150
    }
  }
}
