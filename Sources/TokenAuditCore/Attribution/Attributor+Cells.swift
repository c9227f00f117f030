/// How `Attributor` sums calls before filling its tables: per cell of calls that share every
/// label and price (one dictionary look-up per call, instead of one per table).
extension Attributor {
  /// The labels and price a call is attributed by (`day`: day number in the report's zone).
  struct CellKey: Hashable {
    var agent: String
    var phase: String
    var model: String
    var provider: String
    var day: Int64?
    var price: PriceKey?
  }

  /// What the calls of one `CellKey` add up to.
  struct Cell {
    var usage = UsageCell()
    var firstTimestampMS: Int64?
    /// Whether any of the calls had its agent inferred.
    var inferred = false
    var batchCalls = 0
    var anatomy = PromptAnatomy()
    /// Whether any of the calls had estimated or missing usage.
    var estimated = false
    /// Position (from 1) of the last of the calls in the pass.
    var lastCall = 0

    /// Adds the calls of `other`.
    mutating func merge(_ other: Cell) {
      usage.calls += other.usage.calls
      usage.usage += other.usage.usage
      usage.failedCalls += other.usage.failedCalls
      usage.failedUsage += other.usage.failedUsage
      if let t = other.firstTimestampMS { firstTimestampMS = min(firstTimestampMS ?? t, t) }
      inferred = inferred || other.inferred
      batchCalls += other.batchCalls
      anatomy += other.anatomy
      estimated = estimated || other.estimated
      lastCall = max(lastCall, other.lastCall)
    }

    /// Adds call number `call` of the pass.
    mutating func add(_ f: CallFacts, call: Int) {
      usage.calls += 1
      usage.usage += f.usage
      if f.isFailure {
        usage.failedCalls += 1
        usage.failedUsage += f.usage
      }
      if let t = f.timestampMS { firstTimestampMS = min(firstTimestampMS ?? t, t) }
      inferred = inferred || f.agentInferred
      if f.isBatch { batchCalls += 1 }
      anatomy += f.anatomy
      estimated = estimated || f.usageSource != .logged
      lastCall = call
    }
  }
}

extension Attributor {
  /// The cells of the calls seen so far, in pass order, and the workflow table (summed per
  /// call: a cell per workflow would keep its labels and counters for every one of them, and a
  /// log has about one workflow per four calls).
  struct CellSum {
    private(set) var cells: [CellKey: Cell] = [:]
    private var zone: ZoneOffsetCache
    private var calls = 0
    private var workflows = WorkflowTable()
    private var noTrace = 0

    /// An empty sum; days are cut in `timeZone`.
    init(timeZone: ReportTimeZone) { zone = ZoneOffsetCache(timeZone) }

    /// Adds the next call of the pass, priced at `price`.
    mutating func add(_ f: CallFacts, price: PriceKey?) {
      let key = CellKey(
        agent: f.agent, phase: f.phase, model: f.model, provider: f.provider,
        day: f.timestampMS.map { zone.dayNumber($0) }, price: price)
      calls += 1
      cells[key, default: Cell()].add(f, call: calls)
      if let t = f.traceID, !t.isEmpty {
        workflows.add(trace: t, price: price, usage: f.usage, agent: f.agent, timestampMS: f.timestampMS)
      } else {
        noTrace += 1
      }
    }

    /// The tables the cells fill.
    func tables() -> Tables {
      var t = Tables()
      t.workflows = workflows
      t.noTrace = noTrace
      // Only the day table needs the day: for the others, the cells are merged without it first
      // (fewer cells, so fewer look-ups).
      var general: [CellKey: Cell] = [:]
      for (k, c) in cells {
        t.addDay(k, c)
        var g = k
        g.day = nil
        general[g, default: Cell()].merge(c)
      }
      for (k, c) in general { t.addLabels(k, c) }
      return t
    }
  }

  /// The baseline tables, filled from the cells once the pass is over.
  struct Tables {
    var all = UsageLedger<Int>()
    var agents = UsageLedger<String>()
    var phases = UsageLedger<PhaseKey>()
    var models = UsageLedger<String>()
    var providers = UsageLedger<String>()
    var days = UsageLedger<String>()
    var workflows = WorkflowTable()
    var inferred = Set<String>()
    var agentModels: [String: Set<String>] = [:]
    var modelProvider: [String: (provider: String, call: Int)] = [:]
    var modelPricedAs: [String: (model: String, call: Int)] = [:]
    var modelBatch: [String: Int] = [:]
    var modelLong: [String: Int] = [:]
    /// Calls per model and service tier other than standard (flex, priority).
    var modelTiers: [String: [ServiceTier: Int]] = [:]
    var anatomy: [PhaseKey: (calls: Int, input: Int, a: PromptAnatomy, estimated: Bool)] = [:]
    var noTrace = 0
    var dayNames: [Int64: String] = [:]

    /// Adds the calls of one cell to the day table.
    mutating func addDay(_ k: CellKey, _ c: Cell) {
      let day = k.day.map { d in dayNames[d] ?? Timestamp.dayString(days: Int(d)) } ?? "unknown"
      if let d = k.day { dayNames[d] = day }
      days.add(day, key: k.price, model: k.model, cell: c.usage)
    }

    /// Adds the calls of one cell (its day left out) to the other tables.
    mutating func addLabels(_ k: CellKey, _ c: Cell) {
      let cell = c.usage
      all.add(0, key: k.price, model: k.model, cell: cell)
      agents.add(k.agent, key: k.price, model: k.model, cell: cell)
      let pk = PhaseKey(agent: k.agent, phase: k.phase)
      phases.add(pk, key: k.price, model: k.model, cell: cell)
      models.add(k.model, key: k.price, model: k.model, cell: cell)
      providers.add(k.provider, key: k.price, model: k.model, cell: cell)
      if c.inferred { inferred.insert(k.agent) }
      agentModels[k.agent, default: []].insert(k.model)
      if c.lastCall > modelProvider[k.model]?.call ?? 0 { modelProvider[k.model] = (k.provider, c.lastCall) }
      if let key = k.price {
        if c.lastCall > modelPricedAs[k.model]?.call ?? 0 { modelPricedAs[k.model] = (key.model, c.lastCall) }
        if key.tierTokens > 0 { modelLong[k.model, default: 0] += cell.calls }
        if key.service != .standard { modelTiers[k.model, default: [:]][key.service, default: 0] += cell.calls }
      }
      if c.batchCalls > 0 { modelBatch[k.model, default: 0] += c.batchCalls }
      var a = anatomy[pk] ?? (0, 0, PromptAnatomy(), false)
      a.calls += cell.calls
      a.input += cell.usage.inputTokens
      a.a += c.anatomy
      a.estimated = a.estimated || c.estimated
      anatomy[pk] = a
    }
  }
}
