extension SampleDayBuilder {
  /// Schedules every workflow of the day for about `callsPerDay` calls on a weekday.
  ///
  /// Shares of calls: support 35%, engineering 25%, extraction 15%, FAQ 17%, nightly digest 8%.
  /// Weekends are quieter for people-driven work; the nightly job and ingest runs do not care.
  /// Fractions of a workflow carry over to the next day, so tiny volumes still get the right
  /// weekly totals (a small fixture sees two or three engineering workflows, not zero).
  func buildDay(callsPerDay: Int) {
    let c = Double(max(1, callsPerDay))
    let weekend = isWeekend
    SampleBackgroundScenarios.nightlyDigest(self, accounts: max(3, jittered(c * 0.08)))
    for _ in 0..<count(.support, c * 0.35 / 5.0 * (weekend ? 0.7 : 1)) {
      SampleSupportScenario.run(self, at: businessTime())
    }
    for _ in 0..<count(.engineering, c * 0.25 / 10.6 * (weekend ? 0.25 : 1)) {
      SampleEngineeringScenario.run(self, at: engineeringTime())
    }
    var reingest: [(SampleCall, String)] = []
    for _ in 0..<count(.ingest, c * 0.15 / 5.0) {
      let batch = rng.chance(0.35)
      // Batch runs are submitted on the hour; interactive ones whenever a mailbox sync fires.
      let start =
        batch
        ? dayStartMS + Int64(rng.int(1...21)) * 3_600_000 + Int64(rng.int(0...30_000))
        : uniformTime(fromHour: 0, toHour: 22)
      SampleBackgroundScenarios.ingest(self, at: start, batch: batch, reingest: &reingest)
    }
    if !reingest.isEmpty {
      SampleBackgroundScenarios.reingest(self, reingest, at: dayStartMS + 23 * 3_600_000 + Int64(rng.below(600_000)))
    }
    for _ in 0..<count(.faq, c * 0.17 / 1.7 * (weekend ? 0.7 : 1)) {
      SampleBackgroundScenarios.faqSession(self, at: businessTime())
    }
  }

  /// `x` ± 10%, rounded.
  private func jittered(_ x: Double) -> Int {
    Int((x * (0.9 + 0.2 * rng.unit())).rounded())
  }

  /// `expected` ± 10% plus yesterday's remainder, rounded down; the rest carries over.
  private func count(_ kind: WorkflowKind, _ expected: Double) -> Int {
    let x = expected * (0.9 + 0.2 * rng.unit()) + carry[kind.rawValue]
    let n = Int(x.rounded(.down))
    carry[kind.rawValue] = x - Double(n)
    return n
  }

  /// Engineering hours (UTC afternoon), never after 22:00.
  private func engineeringTime() -> Int64 {
    let latest = 22 * 3600
    let second =
      rng.chance(0.85) ? rng.bell(mean: 17.0 * 3600, spread: 2.5 * 3600, in: 9 * 3600...latest) : rng.int(0...latest)
    return dayStartMS + Int64(second) * 1000 + Int64(rng.below(1000))
  }
}
