import Testing

@testable import TokenAuditCore

@Suite struct FindingStatusTrackerTests {
  static func finding(_ id: String, _ monthly: Double, detector: String = "d", agent: String = "a") -> Finding {
    Finding(
      id: id, detector: detector, lever: "caching", week: 4, kind: "k", agent: agent, phase: nil, title: "t \(id)",
      detail: "", how: "", savingsUSD: monthly / 4, monthlySavingsUSD: monthly, confidence: "high", effort: "low",
      risk: "", calls: 1, tokensSaved: 0, requestIds: [])
  }

  static func remembered(
    _ id: String, _ monthly: Double, baseline: Double, status: String, detector: String = "d",
    runsSinceFixed: Int? = nil
  ) -> SnapshotFinding {
    SnapshotFinding(
      id: id, detector: detector, lever: "caching", kind: "k", agent: "a", phase: nil, title: "t \(id)",
      savingsUSD: monthly / 4, monthlySavingsUSD: monthly, status: status, firstSeen: "2026-W40",
      projectedMonthlySavingsUSD: baseline, lastSeen: "2026-W46", fixedSince: runsSinceFixed == nil ? nil : "2026-W45",
      runsSinceFixed: runsSinceFixed)
  }

  static func previous(findings: [SnapshotFinding], resolved: [SnapshotFinding] = []) -> RunSnapshot {
    let zero = QualitySignals(calls: 0, errorRate: 0, retryRate: 0, truncationRate: 0, source: "facts")
    return RunSnapshot(
      runID: "p", generatedAt: "2026-11-17T06:00:00Z", toolVersion: "test",
      period: SnapshotPeriod(
        label: "2026-W46", key: "k46", endMS: 0, lastDay: "2026-11-15", days: 7, timeZone: "UTC"),
      totals: SnapshotTotals(
        calls: 0, costUSD: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheHitRate: 0, failedCalls: 0,
        projectedMonthlyCostUSD: 0),
      agents: [], phases: [], models: [],
      costPerTask: SnapshotCostPerTask(basis: "call", tasks: 0, meanUSD: 0, medianUSD: 0, p95USD: 0), quality: zero,
      qualityByAgent: [], findings: findings, resolved: resolved)
  }

  static func track(_ findings: [Finding], _ prev: RunSnapshot?, ran: Set<String>? = nil)
    -> ([String: String], FindingStatusTracker.Outcome)
  {
    var f = findings
    let out = FindingStatusTracker.track(
      &f, previous: prev, label: "2026-W47", detectorsRun: ran, activeAgents: ["a"], keepResolvedRuns: 3)
    return (Dictionary(uniqueKeysWithValues: f.map { ($0.id, $0.status ?? "") }), out)
  }

  @Test func statuses() {
    let prev = Self.previous(
      findings: [
        Self.remembered("open", 100, baseline: 100, status: "open"),
        Self.remembered("down40", 60, baseline: 100, status: "open"),
        Self.remembered("down20", 80, baseline: 100, status: "new"),
        Self.remembered("partly-grew", 40, baseline: 100, status: "partly_fixed"),
        Self.remembered("partly-same", 40, baseline: 100, status: "partly_fixed"),
        Self.remembered("gone", 50, baseline: 70, status: "open"),
      ],
      resolved: [Self.remembered("back", 0, baseline: 30, status: "fixed", runsSinceFixed: 1)])
    let (status, out) = Self.track(
      [
        Self.finding("open", 95), Self.finding("down40", 60), Self.finding("down20", 80),
        Self.finding("partly-grew", 50), Self.finding("partly-same", 42), Self.finding("back", 25),
        Self.finding("brand-new", 10),
      ], prev)
    #expect(status["open"] == "open")
    #expect(status["down40"] == "partly_fixed")
    #expect(status["down20"] == "open")
    #expect(status["partly-grew"] == "regressed")
    #expect(status["partly-same"] == "partly_fixed")
    #expect(status["back"] == "regressed")
    #expect(status["brand-new"] == "new")
    #expect(out.resolved.map(\.id) == ["gone"])
    #expect(out.resolved.first?.status == "fixed")
    #expect(out.resolved.first?.realisedMonthlySavingsUSD == 70)
    #expect(out.resolved.first?.projectedMonthlySavingsUSD == 70)
    let down40 = out.changes.first { $0.id == "down40" }
    #expect(down40?.realisedMonthlySavingsUSD == 40)
    #expect(down40?.firstSeen == "2026-W40")
    #expect(!out.changes.contains { $0.id == "brand-new" })
    // Baselines carry over; a new finding's baseline is its own savings.
    #expect(out.snapshotFindings.first { $0.id == "brand-new" }?.projectedMonthlySavingsUSD == 10)
    #expect(out.snapshotFindings.first { $0.id == "back" }?.projectedMonthlySavingsUSD == 30)
  }

  @Test func findingsOfDetectorsThatDidNotRunAreNotFixed() {
    let prev = Self.previous(findings: [Self.remembered("x", 10, baseline: 10, status: "open", detector: "skipped")])
    let (_, out) = Self.track([], prev, ran: ["other"])
    #expect(out.resolved.isEmpty)
    #expect(out.snapshotFindings.first?.unchecked == true)
    let (_, ran) = Self.track([], prev, ran: ["skipped"])
    #expect(ran.resolved.map(\.id) == ["x"])
  }

  @Test func fixedFindingsAreRememberedForSomeRuns() {
    let prev = Self.previous(
      findings: [], resolved: [Self.remembered("old", 0, baseline: 5, status: "fixed", runsSinceFixed: 2)])
    let (_, out) = Self.track([], prev)
    #expect(out.resolved.isEmpty)
    let prev2 = Self.previous(
      findings: [], resolved: [Self.remembered("old", 0, baseline: 5, status: "fixed", runsSinceFixed: 1)])
    let (_, out2) = Self.track([], prev2)
    #expect(out2.resolved.map(\.fixedSince) == ["2026-W45"])
    #expect(out2.snapshotResolved.first?.runsSinceFixed == 2)
  }

  @Test func firstRunMarksEverythingNew() {
    let (status, out) = Self.track([Self.finding("a", 1), Self.finding("b", 2)], nil)
    #expect(status.values.allSatisfy { $0 == "new" })
    #expect(out.changes.isEmpty && out.resolved.isEmpty)
  }
}
