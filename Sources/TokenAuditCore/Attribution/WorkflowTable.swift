/// Per-workflow (trace) totals for the workflow table, in compact rows.
///
/// A log has about one workflow per four calls, so what is kept per workflow is what grows with the
/// period analysed. A row holds the trace id, its earliest timestamp, its calls, the tokens of its
/// first price (most workflows use one model) and its agents as bits; further prices go to a side
/// list. About 130 bytes a workflow, where a ledger of dictionaries per workflow took about 600.
///
/// Token counts stay integers per price and are priced when the table is summarised, summed in
/// price-key order, exactly as `UsageLedger.summary` does.
struct WorkflowTable {
  private struct Row {
    var trace: String
    /// Earliest timestamp (`Int64.max`: none).
    var start = Int64.max
    var calls = 0
    /// Tokens of the first price cell.
    var usage = TokenUsage()
    /// Index in `prices` of the first cell (-1: unpriced models).
    var price: Int32
    /// First further cell in `extra` (-1: none).
    var next: Int32 = -1
    /// Bit i: agent i of `agentNames` (i < 64; the others are in `moreAgents`).
    var agents: UInt64 = 0
  }

  private struct Extra {
    var price: Int32
    var next: Int32 = -1
    var usage = TokenUsage()
  }

  private var index: [String: Int32] = [:]
  private var rows: [Row] = []
  private var extra: [Extra] = []
  private var prices: [PriceKey] = []
  private var priceIDs: [PriceKey: Int32] = [:]
  private var agentNames: [String] = []
  private var agentIDs: [String: Int] = [:]
  private var moreAgents: [Int32: Set<Int>] = [:]

  /// Workflows seen.
  var count: Int { rows.count }

  /// Adds one call of workflow `trace`.
  mutating func add(trace: String, price: PriceKey?, usage: TokenUsage, agent: String, timestampMS: Int64?) {
    var p: Int32 = -1
    if let price { p = priceID(price) }
    let r: Int
    if let i = index[trace] {
      r = Int(i)
    } else {
      r = rows.count
      index[trace] = Int32(r)
      rows.append(Row(trace: trace, price: p))
    }
    rows[r].calls += 1
    if let t = timestampMS, t < rows[r].start { rows[r].start = t }
    let a = agentID(agent)
    if a < 64 { rows[r].agents |= 1 << UInt64(a) } else { moreAgents[Int32(r), default: []].insert(a) }
    if rows[r].price == p {
      rows[r].usage += usage
      return
    }
    var link = rows[r].next
    var last: Int32 = -1
    while link >= 0 {
      if extra[Int(link)].price == p {
        extra[Int(link)].usage += usage
        return
      }
      last = link
      link = extra[Int(link)].next
    }
    extra.append(Extra(price: p, usage: usage))
    let new = Int32(extra.count - 1)
    if last < 0 { rows[r].next = new } else { extra[Int(last)].next = new }
  }

  private mutating func priceID(_ key: PriceKey) -> Int32 {
    if let id = priceIDs[key] { return id }
    let id = Int32(prices.count)
    prices.append(key)
    priceIDs[key] = id
    return id
  }

  private mutating func agentID(_ name: String) -> Int {
    if let id = agentIDs[name] { return id }
    let id = agentNames.count
    agentNames.append(name)
    agentIDs[name] = id
    return id
  }

  /// Calls, tokens and cost of row `r`.
  private func summary(_ r: Int, costModel: CostModel) -> GroupSummary {
    var cells: [(price: Int32, usage: TokenUsage)] = [(rows[r].price, rows[r].usage)]
    var link = rows[r].next
    while link >= 0 {
      cells.append((extra[Int(link)].price, extra[Int(link)].usage))
      link = extra[Int(link)].next
    }
    var s = GroupSummary()
    s.calls = rows[r].calls
    // Sorted, so floating-point sums do not depend on the order the prices were met.
    let priced = cells.filter { $0.price >= 0 }.sorted { prices[Int($0.price)] < prices[Int($1.price)] }
    for c in priced {
      s.usage += c.usage
      s.cost += costModel.cost(of: c.usage, at: prices[Int(c.price)])
    }
    for c in cells where c.price < 0 { s.usage += c.usage }
    return s
  }

  /// The agents of row `r`, sorted.
  private func agents(_ r: Int) -> [String] {
    var names: [String] = []
    var bits = rows[r].agents
    while bits != 0 {
      names.append(agentNames[bits.trailingZeroBitCount])
      bits &= bits - 1
    }
    for a in moreAgents[Int32(r)] ?? [] { names.append(agentNames[a]) }
    return names.sorted()
  }

  /// The workflow summary: cost per workflow (mean, median, p95) and the ten most expensive.
  ///
  /// - Parameters:
  ///   - costModel: Prices.
  ///   - noTrace: Calls without a workflow id.
  /// - Returns: The summary.
  func summarize(costModel: CostModel, noTrace: Int) -> WorkflowSummary {
    // Costs only (a full summary per workflow would be some 150 bytes each); the top ten are
    // summarised again for their rows.
    var cost: [Double] = []
    cost.reserveCapacity(rows.count)
    var totalCalls = 0
    for r in rows.indices {
      cost.append(summary(r, costModel: costModel).cost.totalUSD)
      totalCalls += rows[r].calls
    }
    // Most expensive first; equal costs by trace id.
    let order = rows.indices.sorted { (cost[$0], rows[$1].trace) > (cost[$1], rows[$0].trace) }
    let top = order.prefix(10).map { r in
      let s = summary(r, costModel: costModel)
      return WorkflowRow(
        traceId: rows[r].trace, agents: agents(r), calls: s.calls, inputTokens: s.usage.inputTokens,
        outputTokens: s.usage.outputTokens, costUSD: s.cost.totalUSD,
        start: rows[r].start == .max ? nil : Timestamp.isoString(rows[r].start))
    }
    let costs = cost.sorted()
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
    return WorkflowSummary(
      count: rows.count, callsWithoutWorkflow: noTrace,
      meanCostUSD: costs.isEmpty ? 0 : costs.reduce(0, +) / Double(costs.count), medianCostUSD: median,
      p95CostUSD: pct(0.95), meanCalls: rows.isEmpty ? 0 : Double(totalCalls) / Double(rows.count), top: Array(top))
  }
}
