import Testing

@testable import TokenAuditCore

@Suite struct ExactRepeatsDetectorTests {
  static var withRetries: AuditConfiguration {
    var c = AuditConfiguration()
    c.detectors["exact-repeats"] = ["report_retries": 1]
    return c
  }

  @Test func triggeringFixtureFindsRepeatsAndRetries() throws {
    let run = try CachingHarness.run(
      ExactRepeatsDetector.self, ["detectors/exact-repeats/triggering.jsonl"], configuration: Self.withRetries)
    let out = run.output
    let groups = out.repeatGroups
    #expect(groups.count == 2)
    let hours = try #require(groups.first { $0.requestIds.contains("req-001") })
    #expect(hours.kind == "exact")
    #expect(hours.agent == "faq-bot")
    #expect(hours.calls == 4)
    #expect(hours.requestIds == ["req-001", "req-002", "req-003", "req-004"])
    #expect(hours.answersAgree == true)
    #expect(hours.avoidableCostUSD > 0)
    let canada = try #require(groups.first { $0.requestIds.contains("req-005") })
    #expect(canada.requestIds == ["req-005", "req-010"])

    let caching = try #require(out.findings.first { $0.kind == "exact-repeats" })
    #expect(caching.lever == "caching")
    #expect(caching.week == 4)
    #expect(caching.calls == 4)
    #expect(caching.confidence == "high")
    #expect(abs(caching.savingsUSD - hours.avoidableCostUSD - canada.avoidableCostUSD) < 1e-12)
    #expect(abs(caching.monthlySavingsUSD - caching.savingsUSD * run.result.period.monthlyFactor) < 1e-9)
    #expect(caching.id.hasPrefix("exact-repeats:exact-repeats:faq-bot:answer:prefix-"))
    #expect(Set(caching.requestIds) == Set(hours.requestIds + canada.requestIds))

    let retries = try #require(out.findings.first { $0.kind == "retries" })
    #expect(retries.lever == "reliability")
    #expect(retries.week == 1)
    #expect(retries.calls == 2)

    // Effects: the repeats are removed (factor 0) for caching, the failed attempts for reliability.
    let f = run.facts
    let repeats = ["req-002", "req-003", "req-004", "req-010"].compactMap { CachingHarness.index(f, $0) }
    let cachingEffects = out.effects.filter { $0.lever == "caching" }
    #expect(Set(cachingEffects.map(\.callIndex)) == Set(repeats))
    #expect(cachingEffects.allSatisfy { $0.costFactor == 0 && $0.findingID == caching.id })
    let failed = ["req-006", "req-008"].compactMap { CachingHarness.index(f, $0) }
    #expect(Set(out.effects.filter { $0.lever == "reliability" }.map(\.callIndex)) == Set(failed))
  }

  @Test func retriesAreLeftToTheReliabilityDetectorByDefault() throws {
    let run = try CachingHarness.run(ExactRepeatsDetector.self, ["detectors/exact-repeats/triggering.jsonl"])
    #expect(run.output.findings.map(\.kind) == ["exact-repeats"])
    #expect(run.output.effects.allSatisfy { $0.lever == "caching" })
    // The retried attempts are still not counted as repeats.
    #expect(run.output.findings.first?.calls == 4)
  }

  @Test func cleanFixtureFindsNothing() throws {
    let run = try CachingHarness.run(ExactRepeatsDetector.self, ["detectors/exact-repeats/clean.jsonl"])
    #expect(run.output.findings.isEmpty)
    #expect(run.output.repeatGroups.isEmpty)
    #expect(run.output.effects.isEmpty)
  }

  @Test func windowIsConfigurable() throws {
    var config = AuditConfiguration()
    config.detectors["exact-repeats"] = ["window_hours": 0.25]
    let run = try CachingHarness.run(
      ExactRepeatsDetector.self, ["detectors/exact-repeats/triggering.jsonl"], configuration: config)
    // 15 minutes: req-002 (10 min) is a repeat; req-003 (30 min) opens a new window; req-004 (60 min) too.
    let hours = try #require(run.output.repeatGroups.first { $0.requestIds.contains("req-001") })
    #expect(hours.calls == 4)
    #expect(run.output.findings.first { $0.kind == "exact-repeats" }?.calls == 1)
  }

  @Test func findingIDDoesNotDependOnCountsOrDollars() throws {
    let all = try CachingHarness.run(ExactRepeatsDetector.self, ["detectors/exact-repeats/triggering.jsonl"])
    var config = AuditConfiguration()
    config.detectors["exact-repeats"] = ["window_hours": 0.25]
    let fewer = try CachingHarness.run(
      ExactRepeatsDetector.self, ["detectors/exact-repeats/triggering.jsonl"], configuration: config)
    let a = try #require(all.output.findings.first { $0.kind == "exact-repeats" })
    let b = try #require(fewer.output.findings.first { $0.kind == "exact-repeats" })
    #expect(a.savingsUSD != b.savingsUSD)
    #expect(a.id == b.id)
  }
}
