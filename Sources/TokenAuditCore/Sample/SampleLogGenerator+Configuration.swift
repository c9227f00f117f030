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
    /// About this many uncompressed bytes in total (calibrated on a pilot run of up to 14 days; ±15%).
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

  /// Presets with the recommended settings.
  public enum Preset: String, Sendable, CaseIterable {
    /// A committed fixture: one week, under 2 MB uncompressed, every planted pattern present
    /// except long context (one such call alone is over 800 KB).
    case fixture
    /// A benchmark input: one week, about 1 GB uncompressed, in 4 files.
    case benchmark
  }
}

extension SampleLogGenerator.Configuration {
  /// The configuration of a preset.
  ///
  /// `fixture` keeps the weekly shape at 20 calls per weekday and raises the rates of the planted
  /// patterns so a week holds several of each; long context is off (a 200k-token prompt is 800 KB
  /// of text by itself). `benchmark`
  /// uses the default rates and a 1 GB target.
  ///
  /// - Parameters:
  ///   - preset: Which preset.
  ///   - seed: The seed.
  /// - Returns: The configuration.
  public static func preset(_ preset: SampleLogGenerator.Preset, seed: UInt64 = 2026) -> Self {
    switch preset {
    case .fixture:
      var c = Self(seed: seed, days: 7, volume: .callsPerDay(20), files: 1)
      c.repeatRate = 0.25
      c.paraphraseRate = 0.25
      c.lookAlikeRate = 0.25
      c.truncationRate = 0.2
      c.retryRate = 0.05
      c.missingUsageRate = 0.03
      c.longContextEvery = 0
      return c
    case .benchmark:
      var c = Self(seed: seed, days: 7, volume: .targetBytes(1_000_000_000), files: 4)
      c.gzipMemberBytes = 64 << 20
      return c
    }
  }
}
