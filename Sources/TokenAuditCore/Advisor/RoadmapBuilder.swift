/// Builds the week-by-week plan from every finding and its per-call effects.
///
/// Levers apply in roadmap order: reliability (week 1), routing (2), pruning (3), caching (4),
/// batching (5+). Each call starts at its baseline cost; each finding multiplies the remaining
/// cost of the calls it affects by its `CallEffect` factors, so a call routed to a cheaper model
/// saves less from pruning afterwards and a removed call saves nothing more. Within a step,
/// findings apply by separate saving, descending. A finding never saves more in the plan than it
/// does alone (its effects are scaled down when they would), so the total is at most the sum of
/// the separate savings and, as every factor is in [0, 1], at most the baseline.
///
/// A finding that comes without effects applies as a uniform factor to its agent's (and phase's)
/// calls: 1 − saving / the group's baseline cost.
struct RoadmapBuilder {
  /// A lever of the plan.
  struct Lever {
    var name: String
    var week: String
    var title: String
    var pitfall: String
  }

  static let levers = [
    Lever(
      name: "reliability", week: "1", title: "Stop paying for failures, retry storms and re-asked truncations",
      pitfall: "Keep alerting on the error rate: fixing a cause must not hide the errors."),
    Lever(
      name: "routing", week: "2", title: "Route simple work to cheaper models",
      pitfall: "Route only after testing on a sample of logged calls (agreement ≥ 95%); never trade a large "
        + "quality loss for a small cut."),
    Lever(
      name: "pruning", week: "3", title: "Prune context: system prompts, history, retrieved context, tools, whitespace",
      pitfall: "Replay logged requests with the trimmed prompts before shipping and compare the answers."),
    Lever(
      name: "caching", week: "4", title: "Cache repeated requests and stable prompt prefixes",
      pitfall: "Watch cache hit rates weekly: a changed prefix silently stops caching."),
    Lever(
      name: "batching", week: "5+", title: "Batch latency-tolerant work and merge tiny calls",
      pitfall: "Batch only latency-tolerant work: batch results can take up to 24 hours."),
  ]

  /// Prices.
  var costModel: CostModel

  /// Each call's baseline cost and (agent, phase) group, gathered in a pass that reads the calls
  /// anyway (about 12 bytes a call are kept).
  struct Baseline {
    var costModel: CostModel
    var costs: [Double] = []
    var groupOf: [Int32] = []
    var groups: [AgentPhase: Int32] = [:]
    var groupKeys: [AgentPhase] = []
    /// Per group and per agent, summed call by call (in call order) into arrays; the tables by
    /// name are made once, by `groupCost` and `agentCost`.
    private var groupSums: [Double] = []
    private var agentOfGroup: [Int32] = []
    private var agentNames: [String] = []
    private var agentIndex: [String: Int32] = [:]
    private var agentSums: [Double] = []

    init(costModel: CostModel) { self.costModel = costModel }

    /// Adds the next call, priced at `price` (nil: unpriced).
    mutating func add(_ f: CallFacts, price: PriceKey?) {
      let c = price.map { costModel.cost(of: f.usage, at: $0).totalUSD } ?? 0
      costs.append(c)
      let key = AgentPhase(f)
      let g: Int32
      if let known = groups[key] {
        g = known
      } else {
        g = Int32(groupKeys.count)
        groups[key] = g
        groupKeys.append(key)
        groupSums.append(0)
        if let a = agentIndex[f.agent] {
          agentOfGroup.append(a)
        } else {
          agentIndex[f.agent] = Int32(agentNames.count)
          agentOfGroup.append(Int32(agentNames.count))
          agentNames.append(f.agent)
          agentSums.append(0)
        }
      }
      groupOf.append(g)
      groupSums[Int(g)] += c
      agentSums[Int(agentOfGroup[Int(g)])] += c
    }

    /// Cost per agent and phase.
    var groupCost: [AgentPhase: Double] {
      Dictionary(uniqueKeysWithValues: groupKeys.indices.map { (groupKeys[$0], groupSums[$0]) })
    }

    /// Cost per agent.
    var agentCost: [String: Double] {
      Dictionary(uniqueKeysWithValues: agentNames.indices.map { (agentNames[$0], agentSums[$0]) })
    }
  }

  /// Builds the plan from the calls' baseline.
  func build(_ result: AuditResult, baseline: Baseline, effects: [CallEffect]) -> Roadmap {
    let costs = baseline.costs
    let groupOf = baseline.groupOf
    let groupKeys = baseline.groupKeys
    let groupCost = baseline.groupCost
    let agentCost = baseline.agentCost
    let plan = Self.apply(
      findings: result.findings, effects: effects, costs: costs, monthlyFactor: result.period.monthlyFactor,
      fallback: { f in
        let base = f.phase.map { groupCost[AgentPhase(agent: f.agent, phase: $0)] ?? 0 } ?? (agentCost[f.agent] ?? 0)
        guard base > 0 else { return [] }
        let factor = 1 - min(1, f.savingsUSD / base)
        let matching = Set(
          groupKeys.indices.filter {
            groupKeys[$0].agent == f.agent && (f.phase == nil || groupKeys[$0].phase == f.phase)
          }
          .map { Int32($0) })
        return groupOf.indices.filter { matching.contains(groupOf[$0]) }
          .map { CallEffect(callIndex: $0, lever: f.lever, findingID: f.id, costFactor: factor) }
      })
    return roadmap(result, plan: plan)
  }

  /// What the plan saves per finding, in the period, in roadmap order.
  struct Plan {
    /// Per lever (in `levers` order): findings with their sequential savings, applied order.
    var steps: [[(Finding, Double)]] = []
  }

  /// Applies the findings in roadmap order to per-call costs.
  ///
  /// - Parameters:
  ///   - findings: Every finding.
  ///   - effects: Their effects (effects of unknown findings are ignored).
  ///   - costs: Baseline cost per call.
  ///   - monthlyFactor: Period to month; a finding's plan saving is capped at its separate saving in
  ///     the period and at its monthly saving divided by this factor.
  ///   - fallback: Effects for a finding that has none.
  /// - Returns: The sequential savings.
  static func apply(
    findings: [Finding], effects: [CallEffect], costs: [Double], monthlyFactor: Double = 1,
    fallback: (Finding) -> [CallEffect] = { _ in [] }
  ) -> Plan {
    // Positions in `effects`, not copies: there are a few effects per call.
    var byFinding: [String: [Int32]] = [:]
    for (k, e) in effects.enumerated() where e.callIndex >= 0 && e.callIndex < costs.count {
      byFinding[e.findingID, default: []].append(Int32(k))
    }
    var remaining = costs
    var plan = Plan()
    for lever in levers {
      let ordered = findings.filter { $0.lever == lever.name }
        .sorted { ($0.monthlySavingsUSD, $1.id) > ($1.monthlySavingsUSD, $0.id) }
      var step: [(Finding, Double)] = []
      for f in ordered {
        var factors: [Int: Double] = [:]
        if let positions = byFinding[f.id] {
          for k in positions { factors[effects[Int(k)].callIndex, default: 1] *= effects[Int(k)].costFactor }
        } else {
          for e in fallback(f) where e.callIndex >= 0 && e.callIndex < costs.count {
            factors[e.callIndex, default: 1] *= e.costFactor
          }
        }
        var deltas: [(Int, Double)] = []
        var total = 0.0
        for (i, factor) in factors.sorted(by: { $0.key < $1.key }) {
          let d = remaining[i] * (1 - factor)
          guard d > 0 else { continue }
          deltas.append((i, d))
          total += d
        }
        var cap = max(0, f.savingsUSD)
        if monthlyFactor > 0 { cap = min(cap, max(0, f.monthlySavingsUSD) / monthlyFactor) }
        let scale = total > cap ? cap / total : 1
        for (i, d) in deltas { remaining[i] = max(0, remaining[i] - d * scale) }
        step.append((f, total * scale))
      }
      plan.steps.append(step.sorted { ($0.1, $1.0.id) > ($1.1, $0.0.id) })
    }
    return plan
  }

  private func roadmap(_ r: AuditResult, plan: Plan) -> Roadmap {
    let factor = r.period.monthlyFactor
    let baseline = r.totals.projectedMonthlyCostUSD
    var after = baseline
    var afterLever: [String: Double] = [:]
    var steps: [RoadmapStep] = []
    for (lever, items) in zip(Self.levers, plan.steps) {
      let saving = items.reduce(0) { $0 + $1.1 } * factor
      after = max(0, after - saving)
      afterLever[lever.name] = after
      guard !items.isEmpty else { continue }
      steps.append(
        RoadmapStep(
          week: lever.week, lever: lever.name,
          title: lever.title + " (\(items.count) \(items.count == 1 ? "finding" : "findings"))",
          monthlySavingsUSD: saving, monthlyCostAfterUSD: after, findingIds: items.map(\.0.id),
          items: items.map { f, s in
            RoadmapItem(
              findingId: f.id, title: f.title, agent: f.agent, phase: f.phase, monthlySavingsUSD: s * factor,
              separateMonthlySavingsUSD: f.monthlySavingsUSD, confidence: f.confidence, effort: f.effort)
          }, pitfall: lever.pitfall))
    }
    var caveats: [String] = []
    if r.totals.calls > 0 && r.period.days < 7 {
      caveats.append(
        "Based on \(Format.days(r.period.days)) of logs (less than 7): monthly figures multiply "
          + "the period by \(Format.trim(Format.fixed(factor, 1))) and may miss weekly cycles such as weekend lulls "
          + "or weekly jobs.")
    }
    if r.totals.unpricedCalls > 0 {
      caveats.append(
        "\(Format.int(r.totals.unpricedCalls)) calls on models without a price are left out of every figure.")
    }
    let levered = Set(Self.levers.map(\.name))
    return Roadmap(
      baselineMonthlyUSD: baseline, steps: steps, finalMonthlyUSD: after, totalMonthlySavingsUSD: baseline - after,
      caveat: caveats.isEmpty ? nil : caveats.joined(separator: " "),
      afterReliabilityMonthlyUSD: afterLever["reliability"] ?? baseline,
      afterRoutingMonthlyUSD: afterLever["routing"] ?? baseline,
      afterPruningMonthlyUSD: afterLever["pruning"] ?? baseline,
      afterCachingMonthlyUSD: afterLever["caching"] ?? baseline,
      afterBatchingMonthlyUSD: afterLever["batching"] ?? baseline,
      sumOfFindingsMonthlyUSD: r.findings.filter { levered.contains($0.lever) }.reduce(0) { $0 + $1.monthlySavingsUSD },
      periodDays: r.period.days, monthlyFactor: factor)
  }
}
