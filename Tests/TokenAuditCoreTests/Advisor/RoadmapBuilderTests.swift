import Foundation
import Testing

@testable import TokenAuditCore

extension Advisor {
  @Suite struct RoadmapBuilderTests {
    /// SplitMix64, for reproducible random cases.
    typealias Random = SplitMix

    static func finding(_ id: String, lever: String, savings: Double, agent: String = "a") -> Finding {
      Finding(
        id: id, detector: "test", lever: lever, week: 1, kind: "k", agent: agent, phase: nil, title: id, detail: "",
        how: "", savingsUSD: savings, monthlySavingsUSD: savings, confidence: "high", effort: "low", risk: "",
        calls: 1, tokensSaved: 0, requestIds: [])
    }

    @Test func leversComposePerCallInRoadmapOrder() {
      // One $1 call: routing keeps 20% of it, then pruning halves what is left.
      let findings = [
        Self.finding("p", lever: "pruning", savings: 0.5), Self.finding("r", lever: "routing", savings: 0.8),
      ]
      let effects = [
        CallEffect(callIndex: 0, lever: "pruning", findingID: "p", costFactor: 0.5),
        CallEffect(callIndex: 0, lever: "routing", findingID: "r", costFactor: 0.2),
      ]
      let plan = RoadmapBuilder.apply(findings: findings, effects: effects, costs: [1])
      let routing = plan.steps[1].map(\.1)
      let pruning = plan.steps[2].map(\.1)
      #expect(routing.count == 1 && abs(routing[0] - 0.8) < 1e-12)
      #expect(pruning.count == 1 && abs(pruning[0] - 0.1) < 1e-12)
    }

    @Test func aFindingNeverSavesMoreInThePlanThanAlone() {
      // The effect claims the whole call, the finding only $0.25.
      let findings = [Self.finding("c", lever: "caching", savings: 0.25)]
      let effects = [CallEffect(callIndex: 0, lever: "caching", findingID: "c", costFactor: 0)]
      let plan = RoadmapBuilder.apply(findings: findings, effects: effects, costs: [1])
      #expect(abs(plan.steps[3][0].1 - 0.25) < 1e-12)
    }

    @Test func findingsWithoutEffectsFallBackToTheirAgentsCalls() {
      let findings = [Self.finding("x", lever: "batching", savings: 1)]
      let costs = [1.0, 1.0, 2.0]
      let plan = RoadmapBuilder.apply(
        findings: findings, effects: [], costs: costs,
        fallback: { f in [0, 1].map { CallEffect(callIndex: $0, lever: f.lever, findingID: f.id, costFactor: 0.5) } })
      #expect(abs(plan.steps[4][0].1 - 1) < 1e-12)
    }

    @Test(arguments: 0..<200)
    func sequentialTotalNeverExceedsSeparateFindingsNorBaseline(seed: Int) {
      var rng = Random(state: UInt64(seed) &* 7919 &+ 17)
      let calls = 1 + rng.int(40)
      let costs = (0..<calls).map { _ in rng.int(5) == 0 ? 0 : rng.unit() * 3 }
      let levers = ["reliability", "routing", "pruning", "caching", "batching"]
      var findings: [Finding] = []
      var effects: [CallEffect] = []
      for k in 0..<(1 + rng.int(12)) {
        let id = "f\(k)"
        let lever = levers[rng.int(levers.count)]
        var separate = 0.0
        for _ in 0..<rng.int(calls + 1) {
          let i = rng.int(calls)
          let factor = rng.int(4) == 0 ? 0 : rng.unit()
          effects.append(CallEffect(callIndex: i, lever: lever, findingID: id, costFactor: factor))
          separate += costs[i] * (1 - factor)
        }
        // Some findings claim more or less than their effects give.
        let claimed = separate * [1, 1, 0.5, 1.5][rng.int(4)]
        findings.append(Self.finding(id, lever: lever, savings: claimed))
      }
      let plan = RoadmapBuilder.apply(findings: findings, effects: effects, costs: costs)
      let total = plan.steps.flatMap { $0 }.reduce(0) { $0 + $1.1 }
      let sumSeparate = findings.reduce(0) { $0 + $1.savingsUSD }
      let baseline = costs.reduce(0, +)
      #expect(total <= sumSeparate + 1e-9)
      #expect(total <= baseline + 1e-9)
      #expect(total >= 0)
      for (f, s) in plan.steps.flatMap({ $0 }) { #expect(s <= f.savingsUSD + 1e-9 && s >= 0) }
    }

    @Test func pipelineRoadmapIsSequentialAndCaveated() throws {
      let r = try AdvisorGoldenTests.outcome().result
      let rm = try #require(r.roadmap)
      #expect(rm.totalMonthlySavingsUSD > 0)
      #expect(rm.totalMonthlySavingsUSD <= rm.sumOfFindingsMonthlyUSD + 1e-9)
      #expect(rm.totalMonthlySavingsUSD <= rm.baselineMonthlyUSD)
      let chain = [
        rm.baselineMonthlyUSD, rm.afterReliabilityMonthlyUSD, rm.afterRoutingMonthlyUSD, rm.afterPruningMonthlyUSD,
        rm.afterCachingMonthlyUSD, rm.afterBatchingMonthlyUSD,
      ]
      #expect(zip(chain, chain.dropFirst()).allSatisfy { $0.0 >= $0.1 })
      #expect(abs(rm.afterBatchingMonthlyUSD - rm.finalMonthlyUSD) < 1e-9)
      #expect(abs(rm.baselineMonthlyUSD - r.totals.projectedMonthlyCostUSD) < 1e-9)
      #expect(rm.steps.map(\.week) == ["1", "2", "3", "5+"])
      #expect(rm.caveat?.contains("less than 7") == true)
      let ids = Set(r.findings.map(\.id))
      #expect(Set(rm.steps.flatMap(\.findingIds)) == ids)
    }
  }
}
