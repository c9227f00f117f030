/// Builds the baseline (week 1) tables: totals, per agent, phase, model, provider, day and workflow.
public struct Attributor {
  /// Prices.
  public var costModel: CostModel
  /// Zone of the per-day table (UTC by default; IANA zones get the offset of each call's time).
  public var timeZone: ReportTimeZone

  /// Creates an attributor.
  public init(costModel: CostModel, timeZone: ReportTimeZone = .utc) {
    self.costModel = costModel
    self.timeZone = timeZone
  }

  struct PhaseKey: Hashable, Sendable {
    var agent: String
    var phase: String
  }

  /// Attributes the merged calls.
  ///
  /// - Parameters:
  ///   - merged: De-duplicated calls and input accounting.
  ///   - files: Number of files read.
  ///   - run: Run metadata.
  ///   - observe: Called with each call and its price key too (so later stages need not read the
  ///     calls again, nor resolve their prices).
  ///   - observeChunk: Called with each chunk of calls before they are attributed (the detectors
  ///     observe them meanwhile, on other threads).
  /// - Returns: A result with every baseline section filled.
  public func attribute(
    _ merged: MergedInput, files: Int, run: RunInfo, observe: ((CallFacts, PriceKey?) -> Void)? = nil,
    observeChunk: (([CallFacts]) -> Void)? = nil
  ) -> AuditResult {
    // Calls that share every label and price of the tables are summed into one cell (one hash
    // look-up per call); the cells go to the tables once, after the pass. Token counts are
    // integers, so the sums do not depend on the order; the one floating sum (logged cost) and
    // the "last call wins" maps keep the call order (`lastCall`).
    var cells = CellSum(timeZone: timeZone)
    var first: Int64?
    var last: Int64?
    var noTimestamp = 0
    var estimated = 0
    var missing = 0
    var loggedCost = 0.0
    var anyLoggedCost = false
    // The calls whose log states a cost, summed per price to be priced at the end, so the report
    // can set the logs' figure next to tokenaudit's for the same calls.
    var loggedCalls = 0
    var loggedUnpriced = 0
    var loggedUsage: [PriceKey: TokenUsage] = [:]

    merged.facts.forEach(beforeChunk: observeChunk) { f in
      let price = costModel.priceKey(
        model: f.model, provider: f.provider, usage: f.usage, batch: f.isBatch, service: f.serviceTier)
      observe?(f, price)
      cells.add(f, price: price)
      if let t = f.timestampMS {
        first = min(first ?? t, t)
        last = max(last ?? t, t)
      } else {
        noTimestamp += 1
      }
      switch f.usageSource {
      case .estimated: estimated += 1
      case .missing: missing += 1
      case .logged: break
      }
      if let c = f.loggedCostUSD {
        loggedCost += c
        anyLoggedCost = true
        loggedCalls += 1
        if let price {
          loggedUsage[price, default: TokenUsage()] += f.usage
        } else {
          loggedUnpriced += 1
        }
      }
    }

    let tables = cells.tables()
    let (all, agents, phases, models, providers, days) =
      (tables.all, tables.agents, tables.phases, tables.models, tables.providers, tables.days)
    let (inferred, agentModels, modelProvider, modelPricedAs, modelBatch, modelLong) =
      (
        tables.inferred, tables.agentModels, tables.modelProvider, tables.modelPricedAs, tables.modelBatch,
        tables.modelLong
      )
    let (workflows, anatomy, noTrace) = (tables.workflows, tables.anatomy, tables.noTrace)
    let modelTiers = tables.modelTiers

    let period = Self.period(first: first, last: last, calls: merged.facts.count, noTimestamp: noTimestamp)
    let t = all.summary(0, costModel: costModel)
    let totalCost = t.cost.totalUSD
    var result = AuditResult(
      run: run, period: period,
      input: Self.inputSummary(merged, files: files, estimated: estimated, missing: missing),
      totals: Totals(
        calls: t.calls, inputTokens: t.usage.inputTokens, outputTokens: t.usage.outputTokens,
        cacheReadTokens: t.usage.cacheReadTokens, cacheWriteTokens: t.usage.cacheWriteTokens,
        cacheWriteOneHourTokens: t.usage.cacheWrite1hTokens, reasoningTokens: t.usage.reasoningTokens,
        costUSD: totalCost,
        inputCostUSD: t.cost.inputUSD, cacheReadCostUSD: t.cost.cacheReadUSD, cacheWriteCostUSD: t.cost.cacheWriteUSD,
        outputCostUSD: t.cost.outputUSD, projectedMonthlyCostUSD: totalCost * period.monthlyFactor,
        failedCalls: t.failedCalls, failedCostUSD: t.failedCostUSD, unpricedCalls: t.unpricedCalls,
        cacheHitRate: Self.rate(t.usage.cacheReadTokens, t.usage.inputTokens),
        loggedCostUSD: anyLoggedCost ? loggedCost : nil, loggedCostCalls: anyLoggedCost ? loggedCalls : nil,
        pricedCostOfLoggedCallsUSD: anyLoggedCost
          ? loggedUsage.keys.sorted().reduce(0) { $0 + costModel.cost(of: loggedUsage[$1]!, at: $1).totalUSD } : nil,
        unpricedLoggedCalls: anyLoggedCost && loggedUnpriced > 0 ? loggedUnpriced : nil,
        webSearchRequests: t.usage.webSearchRequests > 0 ? t.usage.webSearchRequests : nil,
        webSearchCostUSD: t.usage.webSearchRequests > 0 ? t.cost.webSearchUSD : nil),
      workflows: WorkflowSummary(
        count: 0, callsWithoutWorkflow: noTrace, meanCostUSD: 0, medianCostUSD: 0, p95CostUSD: 0, meanCalls: 0, top: [])
    )

    result.byAgent = agents.groups.map { a in
      let s = agents.summary(a, costModel: costModel)
      return AgentRow(
        agent: a, inferred: inferred.contains(a), calls: s.calls, inputTokens: s.usage.inputTokens,
        outputTokens: s.usage.outputTokens, cacheReadTokens: s.usage.cacheReadTokens,
        cacheWriteTokens: s.usage.cacheWriteTokens, costUSD: s.cost.totalUSD,
        shareOfCost: totalCost > 0 ? s.cost.totalUSD / totalCost : 0,
        cacheHitRate: Self.rate(s.usage.cacheReadTokens, s.usage.inputTokens), failedCalls: s.failedCalls,
        failedCostUSD: s.failedCostUSD, unpricedCalls: s.unpricedCalls, models: (agentModels[a] ?? []).sorted())
    }.sorted { ($0.costUSD, $1.agent) > ($1.costUSD, $0.agent) }

    result.byPhase = phases.groups.map { k in
      let s = phases.summary(k, costModel: costModel)
      return PhaseRow(
        agent: k.agent, phase: k.phase, calls: s.calls, inputTokens: s.usage.inputTokens,
        outputTokens: s.usage.outputTokens, cacheReadTokens: s.usage.cacheReadTokens,
        cacheWriteTokens: s.usage.cacheWriteTokens, costUSD: s.cost.totalUSD,
        costPerCallUSD: s.calls > 0 ? s.cost.totalUSD / Double(s.calls) : 0)
    }.sorted { ($0.costUSD, $1.agent, $1.phase) > ($1.costUSD, $0.agent, $0.phase) }

    result.byModel = models.groups.map { m in
      let s = models.summary(m, costModel: costModel)
      return ModelRow(
        model: m, provider: modelProvider[m]?.provider ?? "", pricedAs: modelPricedAs[m]?.model ?? "", calls: s.calls,
        inputTokens: s.usage.inputTokens, outputTokens: s.usage.outputTokens,
        cacheReadTokens: s.usage.cacheReadTokens, cacheWriteTokens: s.usage.cacheWriteTokens,
        costUSD: s.cost.totalUSD, batchCalls: modelBatch[m] ?? 0, longContextCalls: modelLong[m] ?? 0,
        flexCalls: modelTiers[m]?[.flex], priorityCalls: modelTiers[m]?[.priority],
        pricingAssumptions: s.cost.assumptions.isEmpty ? nil : s.cost.assumptions.names)
    }.sorted { ($0.costUSD, $0.calls, $1.model) > ($1.costUSD, $1.calls, $0.model) }

    result.byProvider = providers.groups.map { p in
      let s = providers.summary(p, costModel: costModel)
      return ProviderRow(
        provider: p, calls: s.calls, inputTokens: s.usage.inputTokens, outputTokens: s.usage.outputTokens,
        costUSD: s.cost.totalUSD)
    }.sorted { ($0.costUSD, $1.provider) > ($1.costUSD, $0.provider) }

    result.byDay = days.groups.map { d in
      let s = days.summary(d, costModel: costModel)
      return DayRow(
        day: d, calls: s.calls, inputTokens: s.usage.inputTokens, outputTokens: s.usage.outputTokens,
        costUSD: s.cost.totalUSD)
    }.sorted { $0.day < $1.day }

    result.unpricedModels = models.groups.compactMap { m -> UnpricedModelRow? in
      guard let cells = models.unpriced[m], !cells.isEmpty else { return nil }
      var calls = 0
      var u = TokenUsage()
      for (_, c) in cells {
        calls += c.calls
        u += c.usage
      }
      return UnpricedModelRow(model: m, calls: calls, inputTokens: u.inputTokens, outputTokens: u.outputTokens)
    }.sorted { ($0.calls, $1.model) > ($1.calls, $0.model) }

    result.workflows = workflows.summarize(costModel: costModel, noTrace: noTrace)
    result.anatomy = anatomy.map { k, v in
      AnatomyRow(
        agent: k.agent, phase: k.phase, calls: v.calls, inputTokens: v.input, systemTokens: v.a.systemTokens,
        toolTokens: v.a.toolTokens, historyTokens: v.a.historyTokens, toolResultTokens: v.a.toolResultTokens,
        latestUserTokens: v.a.latestUserTokens, estimated: v.estimated,
        unloggedTokens: v.input > v.a.total ? v.input - v.a.total : nil)
    }.sorted { ($0.inputTokens, $1.agent, $1.phase) > ($1.inputTokens, $0.agent, $0.phase) }
    return result
  }

  static func rate(_ a: Int, _ b: Int) -> Double { b > 0 ? Double(a) / Double(b) : 0 }

  static func period(first: Int64?, last: Int64?, calls: Int, noTimestamp: Int) -> Period {
    guard let first, let last else {
      return Period(
        start: nil, end: nil, days: calls > 0 ? 1 : 0, monthlyFactor: 30, callsWithoutTimestamp: noTimestamp)
    }
    // Whole days covered: a week of logs from Monday 00:00 to Sunday 23:59 is 7 days.
    let spanDays = Double(last - first) / 86_400_000
    let firstDay = Timestamp.floorDiv(first, 86_400_000)
    let lastDay = Timestamp.floorDiv(last, 86_400_000)
    let calendarDays = Double(lastDay - firstDay + 1)
    let days = max(spanDays, min(calendarDays, spanDays + 1), 1.0 / 24)
    let effective = max(days, 1)
    return Period(
      start: Timestamp.isoString(first), end: Timestamp.isoString(last), days: (effective * 100).rounded() / 100,
      monthlyFactor: 30 / effective, callsWithoutTimestamp: noTimestamp)
  }

  static func inputSummary(_ m: MergedInput, files: Int, estimated: Int, missing: Int) -> InputSummary {
    func group(_ issues: [IngestIssue]) -> [IssueCount] {
      // Up to 20 examples per kind: first one per file (so one bad file does not hide the
      // others), then the next ones in order.
      var byKind: [String: (Int, [String])] = [:]
      var filesSeen: [String: Set<String>] = [:]
      // A summary issue (`count` > 1: the lines of a kind in a file past the first few) adds its
      // count and is no example.
      for i in issues {
        var e = byKind[i.kind.rawValue] ?? (0, [])
        e.0 += i.count
        if i.count == 1, filesSeen[i.kind.rawValue, default: []].insert(i.location.file).inserted && e.1.count < 20 {
          e.1.append("\(i.location): \(i.message)")
        }
        byKind[i.kind.rawValue] = e
      }
      for i in issues where i.count == 1 {
        let text = "\(i.location): \(i.message)"
        if var e = byKind[i.kind.rawValue], e.1.count < 20, !e.1.contains(text) {
          e.1.append(text)
          byKind[i.kind.rawValue] = e
        }
      }
      return byKind.map { IssueCount(kind: $0.key, count: $0.value.0, examples: $0.value.1) }
        .sorted { ($0.count, $1.kind) > ($1.count, $0.kind) }
    }
    let fileKinds: Set<IngestIssueKind> = [.truncatedFile, .corruptFile, .unreadableFile]
    let lineProblems = m.problems.filter { !fileKinds.contains($0.kind) && $0.kind != .ignoredFile }
    let fileProblems = m.problems.filter { fileKinds.contains($0.kind) }
    return InputSummary(
      files: files, bytes: m.stats.bytes, lines: m.stats.lines, records: m.stats.records,
      contextLines: m.stats.contextLines, skipped: m.stats.skippedLines, skippedByReason: group(lineProblems),
      warnings: group(m.warnings), fileProblems: group(fileProblems),
      ignoredFiles: group(m.problems.filter { $0.kind == .ignoredFile }), duplicatesDropped: m.duplicatesDropped,
      outsideWindow: m.outsideWindow,
      formats: m.stats.linesByFormat.map {
        FormatCount(format: $0.key, name: FormatRegistry.displayName($0.key), lines: $0.value)
      }
      .sorted { ($0.lines, $1.format) > ($1.lines, $0.format) },
      estimatedUsageCalls: estimated, missingUsageCalls: missing)
  }
}
