import Foundation

@testable import TokenAuditCore

/// Fixed prices for history tests, so goldens do not move with the embedded price table.
struct FlatCostModel: CostModel {
  /// Dollars per million input and output tokens.
  static let prices: [String: (input: Double, output: Double)] = ["gpt-4o": (2.5, 10), "gpt-4o-mini": (0.15, 0.6)]

  func priceKey(model: String, provider: String, usage: TokenUsage, batch: Bool) -> PriceKey? {
    Self.prices[model] == nil ? nil : PriceKey(model: model, batch: batch, tierTokens: 0)
  }

  func cost(of usage: TokenUsage, at key: PriceKey) -> CostBreakdown {
    let p = Self.prices[key.model] ?? (0, 0)
    return CostBreakdown(
      inputUSD: Double(usage.uncachedInputTokens) * p.input / 1e6,
      cacheReadUSD: Double(usage.cacheReadTokens) * p.input / 10 / 1e6, cacheWriteUSD: 0,
      outputUSD: Double(usage.outputTokens) * p.output / 1e6)
  }
}

/// A test-only detector: flags requests an agent sent again unchanged (same request hash).
/// Finding id `test-repeats:<agent>`; savings are the cost of every repeat. Bounded by distinct requests.
struct RepeatedRequestTestDetector: Detector {
  static let id = "test-repeats"
  static let summary = "Requests re-sent unchanged (test only)."
  private var seen = Set<String>()
  private var repeats: [String: [CallFacts]] = [:]

  init(configuration: AuditConfiguration) {}

  mutating func observe(_ call: CallFacts) {
    let key = call.agent + "\u{1}" + String(call.requestHash)
    if !seen.insert(key).inserted { repeats[call.agent, default: []].append(call) }
  }

  func finish(_ context: DetectorContext) -> DetectorOutput {
    var out = DetectorOutput()
    for (agent, calls) in repeats.sorted(by: { $0.key < $1.key }) {
      let savings = calls.reduce(0) { $0 + context.costUSD($1) }
      out.findings.append(
        Finding(
          id: "test-repeats:\(agent)", detector: Self.id, lever: "caching", week: 4, kind: "exact-repeats",
          agent: agent, phase: nil, title: "\(agent) re-sends identical requests", detail: "\(calls.count) repeats",
          how: "cache the answers", savingsUSD: savings, monthlySavingsUSD: savings * context.monthlyFactor,
          confidence: "high", effort: "low", risk: "", calls: calls.count, tokensSaved: 0,
          requestIds: calls.compactMap(\.requestID)))
    }
    return out
  }
}

enum HistoryTestSupport {
  /// A fixed run time, so reports do not depend on the clock.
  static func runInfo(_ at: String = "2026-11-24T06:00:00Z") -> RunInfo {
    RunInfo(toolVersion: "test", generatedAt: at, inputs: ["logs"])
  }

  static func pipeline(window: TimeWindow = TimeWindow(), cache: IngestCache? = nil) -> AuditPipeline {
    var options = AuditOptions()
    options.ingest.sinceMS = window.sinceMS
    options.ingest.untilMS = window.untilMS
    options.timeZone = window.timeZone
    options.ingestCache = cache
    options.workers = 2
    // Only the test detector (run by `run`): results do not move with the registered detectors.
    options.onlyDetectors = []
    return AuditPipeline(options: options, costModel: FlatCostModel(), makeCounter: { RoughTokenCounter() })
  }

  /// Runs the pipeline and the test detector (as the registry would).
  static func run(
    _ paths: [String], window: TimeWindow = TimeWindow(), cache: IngestCache? = nil, at: String = "2026-11-24T06:00:00Z"
  )
    throws -> AuditOutcome
  {
    var outcome = try pipeline(window: window, cache: cache).run(paths: paths, run: runInfo(at))
    let context = DetectorContext(
      result: outcome.result, costModel: FlatCostModel(), configuration: AuditConfiguration())
    let out = DetectorRunner.runOne(RepeatedRequestTestDetector.self, outcome.facts, AuditConfiguration(), context)
    outcome.result.findings = out.findings.sorted { ($0.monthlySavingsUSD, $1.id) > ($1.monthlySavingsUSD, $0.id) }
    return outcome
  }

  static func week(_ label: String, _ zone: ReportTimeZone = .utc) throws -> TimeWindow {
    try TimeWindow.parse(since: nil, until: nil, last: nil, week: label, timeZone: zone, nowMS: 0)
  }

  /// `fixtures/history/week46.jsonl` moved by `weeks` weeks (dates and request ids), as a third week.
  static func shiftedWeek46(by weeks: Int, prefix: String) throws -> String {
    var text = try String(contentsOfFile: Fixtures.path("history/week46.jsonl"), encoding: .utf8)
    for day in 9...15 {
      text = text.replacingOccurrences(of: "2026-11-\(day < 10 ? "0" : "")\(day)T", with: "2026-11-\(day + 7 * weeks)T")
    }
    return text.replacingOccurrences(of: "\"w46-", with: "\"\(prefix)-")
  }

  /// Copies fixtures into a fresh folder and returns it.
  static func logs(_ names: [String]) throws -> String {
    let dir = Fixtures.tempDir("history-logs")
    for n in names {
      try FileManager.default.copyItem(atPath: Fixtures.path("history/" + n), toPath: dir + "/" + n)
    }
    return dir
  }
}
