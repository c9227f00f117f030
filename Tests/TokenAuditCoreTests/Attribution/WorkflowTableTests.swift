import Foundation
import Testing

@testable import TokenAuditCore

/// `WorkflowTable` (compact rows) against the previous workflow summary over a ledger of
/// dictionaries per workflow, on random calls: many workflows, several prices per workflow, more
/// than 64 agents.
@Suite struct WorkflowTableTests {
  /// The previous implementation, kept as the oracle.
  static func oracle(
    _ traces: UsageLedger<String>, costModel: CostModel, agents: [String: Set<String>], starts: [String: Int64],
    noTrace: Int
  ) -> WorkflowSummary {
    var rows: [WorkflowRow] = traces.groups.map { t in
      let s = traces.summary(t, costModel: costModel)
      return WorkflowRow(
        traceId: t, agents: (agents[t] ?? []).sorted(), calls: s.calls, inputTokens: s.usage.inputTokens,
        outputTokens: s.usage.outputTokens, costUSD: s.cost.totalUSD, start: starts[t].map(Timestamp.isoString))
    }
    rows.sort { ($0.costUSD, $1.traceId) > ($1.costUSD, $0.traceId) }
    let costs = rows.map(\.costUSD).sorted()
    func pct(_ p: Double) -> Double {
      guard !costs.isEmpty else { return 0 }
      // Nearest-rank percentile.
      let rank = Int((p * Double(costs.count)).rounded(.up))
      return costs[max(0, min(costs.count - 1, rank - 1))]
    }
    let median: Double
    if costs.isEmpty {
      median = 0
    } else if costs.count % 2 == 1 {
      median = costs[costs.count / 2]
    } else {
      median = (costs[costs.count / 2 - 1] + costs[costs.count / 2]) / 2
    }
    let totalCalls = rows.reduce(0) { $0 + $1.calls }
    return WorkflowSummary(
      count: rows.count, callsWithoutWorkflow: noTrace,
      meanCostUSD: costs.isEmpty ? 0 : costs.reduce(0, +) / Double(costs.count), medianCostUSD: median,
      p95CostUSD: pct(0.95), meanCalls: rows.isEmpty ? 0 : Double(totalCalls) / Double(rows.count),
      top: Array(rows.prefix(10)))
  }

  /// Prices tokens per key (so workflows differ in cost and the ordering is exercised).
  struct LinearCostModel: CostModel {
    func priceKey(model: String, provider: String, usage: TokenUsage, batch: Bool) -> PriceKey? {
      model == "unpriced" ? nil : PriceKey(model: model, batch: batch, tierTokens: usage.inputTokens > 900 ? 200 : 0)
    }
    func cost(of usage: TokenUsage, at key: PriceKey) -> CostBreakdown {
      let rate = Double(key.model.utf8.count) * (key.batch ? 0.5e-6 : 1e-6) * (key.tierTokens > 0 ? 2 : 1)
      var c = CostBreakdown()
      c.inputUSD = Double(usage.inputTokens) * rate
      c.outputUSD = Double(usage.outputTokens) * rate * 4
      return c
    }
  }

  static func json(_ s: WorkflowSummary) throws -> String {
    let e = JSONEncoder()
    e.outputFormatting = [.sortedKeys]
    return String(decoding: try e.encode(s), as: UTF8.self)
  }

  @Test func summaryMatchesTheLedgerOracle() throws {
    let costModel = LinearCostModel()
    var rng = SplitMix(seed: 42)
    for round in 0..<12 {
      var table = WorkflowTable()
      var ledger = UsageLedger<String>()
      var agents: [String: Set<String>] = [:]
      var starts: [String: Int64] = [:]
      let traces = 1 + round * 40
      for _ in 0..<(round * 300) {
        let trace = "wf-\(rng.int(traces))"
        let agent = "agent-\(rng.int(round < 6 ? 3 : 90))"
        let model = ["gpt-4o", "claude", "mini", "unpriced"][rng.int(4)]
        let usage = TokenUsage(inputTokens: rng.int(1_000), outputTokens: rng.int(200))
        let key = costModel.priceKey(model: model, provider: "p", usage: usage, batch: rng.int(5) == 0)
        let ts: Int64? = rng.int(6) == 0 ? nil : 1_780_000_000_000 + Int64(rng.int(1_000_000))
        table.add(trace: trace, price: key, usage: usage, agent: agent, timestampMS: ts)
        ledger.add(trace, key: key, model: model, usage: usage, failed: false)
        agents[trace, default: []].insert(agent)
        if let ts { starts[trace] = min(starts[trace] ?? ts, ts) }
      }
      let got = table.summarize(costModel: costModel, noTrace: round)
      let want = Self.oracle(ledger, costModel: costModel, agents: agents, starts: starts, noTrace: round)
      #expect(try Self.json(got) == Self.json(want), "round \(round)")
      #expect(table.count == ledger.groups.count)
    }
  }
}
