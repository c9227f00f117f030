import Testing

@testable import TokenAuditCore

/// `Attributor.CellSum` (calls summed per cell of equal labels and price, then spread over the
/// tables) against the previous per-call filling of every table, on random calls.
@Suite struct AttributorCellsTests {
  /// The tables as the previous pass filled them, one call at a time.
  struct Reference {
    var all = UsageLedger<Int>()
    var agents = UsageLedger<String>()
    var phases = UsageLedger<Attributor.PhaseKey>()
    var models = UsageLedger<String>()
    var providers = UsageLedger<String>()
    var days = UsageLedger<String>()
    var traces = UsageLedger<String>()
    var inferred = Set<String>()
    var agentModels: [String: Set<String>] = [:]
    var modelProvider: [String: String] = [:]
    var modelPricedAs: [String: String] = [:]
    var modelBatch: [String: Int] = [:]
    var modelLong: [String: Int] = [:]
    var traceAgents: [String: Set<String>] = [:]
    var traceStart: [String: Int64] = [:]
    var anatomy: [Attributor.PhaseKey: (calls: Int, input: Int, a: PromptAnatomy, estimated: Bool)] = [:]
    var noTrace = 0

    mutating func add(_ f: CallFacts, key: PriceKey?, zone: inout ZoneOffsetCache) {
      let failed = f.isFailure
      all.add(0, key: key, model: f.model, usage: f.usage, failed: failed)
      agents.add(f.agent, key: key, model: f.model, usage: f.usage, failed: failed)
      let pk = Attributor.PhaseKey(agent: f.agent, phase: f.phase)
      phases.add(pk, key: key, model: f.model, usage: f.usage, failed: failed)
      models.add(f.model, key: key, model: f.model, usage: f.usage, failed: failed)
      providers.add(f.provider, key: key, model: f.model, usage: f.usage, failed: failed)
      days.add(
        f.timestampMS.map { zone.dayString($0) } ?? "unknown", key: key, model: f.model, usage: f.usage, failed: failed)
      if let t = f.traceID, !t.isEmpty {
        traces.add(t, key: key, model: f.model, usage: f.usage, failed: failed)
        traceAgents[t, default: []].insert(f.agent)
        if let ts = f.timestampMS { traceStart[t] = min(traceStart[t] ?? ts, ts) }
      } else {
        noTrace += 1
      }
      if f.agentInferred { inferred.insert(f.agent) }
      agentModels[f.agent, default: []].insert(f.model)
      modelProvider[f.model] = f.provider
      if let key { modelPricedAs[f.model] = key.model }
      if f.isBatch { modelBatch[f.model, default: 0] += 1 }
      if let key, key.tierTokens > 0 { modelLong[f.model, default: 0] += 1 }
      var cell = anatomy[pk] ?? (0, 0, PromptAnatomy(), false)
      cell.calls += 1
      cell.input += f.usage.inputTokens
      cell.a += f.anatomy
      cell.estimated = cell.estimated || f.usageSource != .logged
      anatomy[pk] = cell
    }
  }

  /// Prices some models (one with a long-context tier), leaves the others unpriced.
  struct TieredCostModel: CostModel {
    func priceKey(model: String, provider: String, usage: TokenUsage, batch: Bool) -> PriceKey? {
      switch model {
      case "gpt-4o":
        return PriceKey(model: provider == "azure" ? "azure/gpt-4o" : "gpt-4o", batch: batch, tierTokens: 0)
      case "claude": return PriceKey(model: "claude", batch: batch, tierTokens: usage.inputTokens > 500 ? 200 : 0)
      default: return nil
      }
    }
    func cost(of usage: TokenUsage, at key: PriceKey) -> CostBreakdown { CostBreakdown() }
  }

  /// A random call; `narrow` calls share most labels, so that cells hold many calls.
  static func randomCall(_ rng: inout SplitMix, narrow: Bool) -> CallFacts {
    func pick<T>(_ xs: [T]) -> T { narrow ? xs[rng.int(xs.count) % 2] : xs[rng.int(xs.count)] }
    var f = CallFacts(
      source: SourceLocation(file: "x", line: 1), format: "native",
      timestampMS: rng.int(8) == 0 ? nil : 1_780_000_000_000 + Int64(rng.int((narrow ? 1 : 5) * 86_400_000)),
      requestID: nil,
      dedupKey: nil, traceID: pick([nil, "", "wf-1", "wf-2", "wf-3"]), agent: pick(["planner", "coder", "sys-1f2e"]),
      agentInferred: rng.int(narrow ? 40 : 5) == 0, phase: pick(["-", "plan", "act"]),
      provider: pick(["openai", "azure", "anthropic"]),
      model: pick(["gpt-4o", "claude", "mystery-model"]), status: pick([200, 200, 200, 429, 500]),
      errorType: rng.int(10) == 0 ? "timeout" : nil, latencyMS: nil, isBatch: rng.int(4) == 0, streamed: false,
      finishReason: nil, maxOutputTokens: nil,
      usage: TokenUsage(
        inputTokens: rng.int(1_000), cacheReadTokens: rng.int(50), cacheWrite5mTokens: rng.int(20),
        outputTokens: rng.int(300), reasoningTokens: rng.int(30)),
      usageSource: pick([.logged, .logged, .estimated, .missing]), loggedCostUSD: nil)
    f.anatomy.systemTokens = rng.int(100)
    f.anatomy.historyTokens = rng.int(100)
    f.anatomy.latestUserTokens = rng.int(100)
    return f
  }

  @Test(arguments: ["UTC", "+05:30", "Europe/Berlin"])
  func cellsFillTheTablesAsCallByCall(zoneName: String) throws {
    let timeZone = try #require(ReportTimeZone.parse(zoneName))
    let costModel = TieredCostModel()
    var rng = SplitMix(seed: UInt64(zoneName.utf8.count))
    for round in 0..<40 {
      var reference = Reference()
      var zone = ZoneOffsetCache(timeZone)
      var sum = Attributor.CellSum(timeZone: timeZone)
      for _ in 0..<(round * 10) {
        let f = Self.randomCall(&rng, narrow: round % 2 == 1)
        let key = costModel.priceKey(model: f.model, provider: f.provider, usage: f.usage, batch: f.isBatch)
        reference.add(f, key: key, zone: &zone)
        sum.add(f, price: key)
      }
      let t = sum.tables()
      #expect(t.all.priced == reference.all.priced && t.all.unpriced == reference.all.unpriced)
      #expect(t.agents.priced == reference.agents.priced && t.agents.unpriced == reference.agents.unpriced)
      #expect(t.phases.priced == reference.phases.priced && t.phases.unpriced == reference.phases.unpriced)
      #expect(t.models.priced == reference.models.priced && t.models.unpriced == reference.models.unpriced)
      #expect(t.providers.priced == reference.providers.priced && t.providers.unpriced == reference.providers.unpriced)
      #expect(t.days.priced == reference.days.priced && t.days.unpriced == reference.days.unpriced)
      let workflows = t.workflows.summarize(costModel: costModel, noTrace: t.noTrace)
      let expected = WorkflowTableTests.oracle(
        reference.traces, costModel: costModel, agents: reference.traceAgents, starts: reference.traceStart,
        noTrace: reference.noTrace)
      #expect(try WorkflowTableTests.json(workflows) == WorkflowTableTests.json(expected))
      #expect(t.inferred == reference.inferred)
      #expect(t.agentModels == reference.agentModels)
      #expect(t.modelProvider.mapValues(\.provider) == reference.modelProvider)
      #expect(t.modelPricedAs.mapValues(\.model) == reference.modelPricedAs)
      #expect(t.modelBatch == reference.modelBatch)
      #expect(t.modelLong == reference.modelLong)
      #expect(t.noTrace == reference.noTrace)
      #expect(t.anatomy.count == reference.anatomy.count)
      for (k, v) in reference.anatomy {
        let got = try #require(t.anatomy[k])
        #expect(got.calls == v.calls && got.input == v.input && got.a == v.a && got.estimated == v.estimated)
      }
    }
  }
}
