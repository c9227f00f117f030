/// Everything a report shows, computed once by the pipeline. Renderers read only this.
///
/// Encoded as the JSON report with snake_case keys (see docs/json-schema.md); bump
/// `currentSchemaVersion` on any incompatible change.
public struct AuditResult: Codable, Sendable {
  /// The JSON schema version of this structure.
  public static let currentSchemaVersion = 1

  /// Schema version.
  public var schemaVersion = AuditResult.currentSchemaVersion
  /// Run metadata passed in by the caller (never read from the clock inside).
  public var run: RunInfo
  /// The analysed period.
  public var period: Period
  /// What was read.
  public var input: InputSummary
  /// Totals over all calls.
  public var totals: Totals
  /// Per agent, by cost descending.
  public var byAgent: [AgentRow] = []
  /// Per agent and phase, by cost descending.
  public var byPhase: [PhaseRow] = []
  /// Per model, by cost descending.
  public var byModel: [ModelRow] = []
  /// Per provider, by cost descending.
  public var byProvider: [ProviderRow] = []
  /// Per UTC day, in date order.
  public var byDay: [DayRow] = []
  /// Workflow (trace) statistics.
  public var workflows: WorkflowSummary
  /// Models without a price, by calls descending.
  public var unpricedModels: [UnpricedModelRow] = []
  /// Where input tokens go, per agent and phase.
  public var anatomy: [AnatomyRow] = []
  /// Tokenizer statistics (memo hit rate, estimated records).
  public var tokenizer: TokenizerSummary?
  /// Waste findings, ranked.
  public var findings: [Finding] = []
  /// Groups of repeated or similar calls.
  public var repeatGroups: [RepeatGroup] = []
  /// The week-by-week plan with sequential totals.
  public var roadmap: Roadmap?
  /// Quality signals per agent.
  public var quality: [QualityRow] = []
  /// Extra sections contributed by later stages (rendered generically), keyed by id.
  public var sections: [ReportSection] = []
  /// Comparison with the previous recorded run (history tracking; nil without one).
  public var sinceLastRun: SinceLastRun?
  /// Signals over the last recorded runs (history tracking; nil without `--state`).
  public var trends: Trends?
  /// Earlier findings whose evidence is gone (history tracking).
  public var resolvedFindings: [ResolvedFinding]?
}

/// Metadata of the run.
public struct RunInfo: Codable, Sendable {
  /// tokenaudit version.
  public var toolVersion: String
  /// When the report was generated (RFC 3339), supplied by the caller.
  public var generatedAt: String
  /// The paths given on the command line.
  public var inputs: [String]
  /// Creates run info.
  public init(toolVersion: String, generatedAt: String, inputs: [String]) {
    self.toolVersion = toolVersion
    self.generatedAt = generatedAt
    self.inputs = inputs
  }
}

/// The time span of the calls.
public struct Period: Codable, Sendable {
  /// First call (RFC 3339), when any call had a timestamp.
  public var start: String?
  /// Last call.
  public var end: String?
  /// Length in days (at least 1 when there are calls).
  public var days: Double
  /// Factor from the period to a 30-day month.
  public var monthlyFactor: Double
  /// Calls without a timestamp.
  public var callsWithoutTimestamp: Int
}

/// One kind of skipped line or warning.
public struct IssueCount: Codable, Sendable {
  /// The kind (snake_case id).
  public var kind: String
  /// How many.
  public var count: Int
  /// The first few, as `file:line: message`.
  public var examples: [String]
}

/// What was read.
public struct InputSummary: Codable, Sendable {
  /// Files read.
  public var files: Int
  /// Uncompressed bytes.
  public var bytes: Int
  /// Lines read.
  public var lines: Int
  /// Call records produced (before de-duplication).
  public var records: Int
  /// Valid lines that carry no billed call.
  public var contextLines: Int
  /// Lines skipped.
  public var skipped: Int
  /// Skipped lines by reason.
  public var skippedByReason: [IssueCount]
  /// Warnings about counted lines (repaired UTF-8, invalid usage…).
  public var warnings: [IssueCount]
  /// Files that could not be read, or were damaged.
  public var fileProblems: [IssueCount]
  /// Files of the searched folders that are not logs, passed over (not a problem).
  public var ignoredFiles: [IssueCount] = []
  /// Records dropped as duplicates of an earlier request id.
  public var duplicatesDropped: Int
  /// Records outside the time window.
  public var outsideWindow: Int
  /// Lines per detected format.
  public var formats: [FormatCount]
  /// Calls whose usage was estimated from text.
  public var estimatedUsageCalls: Int
  /// Calls with neither usage nor text to estimate from.
  public var missingUsageCalls: Int
}

/// Lines of one format.
public struct FormatCount: Codable, Sendable {
  /// Format id.
  public var format: String
  /// Human name.
  public var name: String
  /// Lines.
  public var lines: Int
}

/// Totals.
public struct Totals: Codable, Sendable {
  public var calls: Int
  public var inputTokens: Int
  public var outputTokens: Int
  public var cacheReadTokens: Int
  public var cacheWriteTokens: Int
  public var cacheWriteOneHourTokens: Int
  public var reasoningTokens: Int
  /// Dollars of priced calls (unpriced models excluded, see `unpriced_calls`).
  public var costUSD: Double
  public var inputCostUSD: Double
  public var cacheReadCostUSD: Double
  public var cacheWriteCostUSD: Double
  public var outputCostUSD: Double
  /// Cost projected to a 30-day month from the period.
  public var projectedMonthlyCostUSD: Double
  public var failedCalls: Int
  public var failedCostUSD: Double
  public var unpricedCalls: Int
  /// Cache reads / input tokens.
  public var cacheHitRate: Double
  /// Sum of costs stated by the logs themselves (LiteLLM, Claude Code), for comparison.
  public var loggedCostUSD: Double?
  /// How many calls state a cost (absent when none does).
  public var loggedCostCalls: Int? = nil
  /// tokenaudit's price of those same calls (their priced ones), to set next to `loggedCostUSD`.
  public var pricedCostOfLoggedCallsUSD: Double? = nil
  /// Calls that state a cost but whose model tokenaudit cannot price (absent when none).
  public var unpricedLoggedCalls: Int? = nil
  /// Web searches the providers ran, billed per search (absent when none).
  public var webSearchRequests: Int? = nil
  /// Their cost, part of `cost_usd` (absent when none).
  public var webSearchCostUSD: Double? = nil
}

/// One agent.
public struct AgentRow: Codable, Sendable {
  public var agent: String
  public var inferred: Bool
  public var calls: Int
  public var inputTokens: Int
  public var outputTokens: Int
  public var cacheReadTokens: Int
  public var cacheWriteTokens: Int
  public var costUSD: Double
  public var shareOfCost: Double
  public var cacheHitRate: Double
  public var failedCalls: Int
  public var failedCostUSD: Double
  public var unpricedCalls: Int
  public var models: [String]
}

/// One agent and phase.
public struct PhaseRow: Codable, Sendable {
  public var agent: String
  public var phase: String
  public var calls: Int
  public var inputTokens: Int
  public var outputTokens: Int
  public var cacheReadTokens: Int
  public var cacheWriteTokens: Int
  public var costUSD: Double
  public var costPerCallUSD: Double
}

/// One model.
public struct ModelRow: Codable, Sendable {
  public var model: String
  public var provider: String
  /// The price-table key used (empty when unpriced).
  public var pricedAs: String
  public var calls: Int
  public var inputTokens: Int
  public var outputTokens: Int
  public var cacheReadTokens: Int
  public var cacheWriteTokens: Int
  public var costUSD: Double
  public var batchCalls: Int
  public var longContextCalls: Int
  /// Calls priced at OpenAI's flex tier (absent when none).
  public var flexCalls: Int? = nil
  /// Calls priced at OpenAI's priority tier (absent when none).
  public var priorityCalls: Int? = nil
  /// Prices the table does not state that were filled in (`PricingAssumptions` names; absent
  /// when none).
  public var pricingAssumptions: [String]? = nil
}

/// One provider.
public struct ProviderRow: Codable, Sendable {
  public var provider: String
  public var calls: Int
  public var inputTokens: Int
  public var outputTokens: Int
  public var costUSD: Double
}

/// One day.
public struct DayRow: Codable, Sendable {
  public var day: String
  public var calls: Int
  public var inputTokens: Int
  public var outputTokens: Int
  public var costUSD: Double
}

/// Workflow statistics.
public struct WorkflowSummary: Codable, Sendable {
  /// Distinct workflows.
  public var count: Int
  /// Calls that belong to none.
  public var callsWithoutWorkflow: Int
  public var meanCostUSD: Double
  public var medianCostUSD: Double
  public var p95CostUSD: Double
  public var meanCalls: Double
  /// The ten most expensive.
  public var top: [WorkflowRow]
}

/// One workflow.
public struct WorkflowRow: Codable, Sendable {
  public var traceId: String
  public var agents: [String]
  public var calls: Int
  public var inputTokens: Int
  public var outputTokens: Int
  public var costUSD: Double
  public var start: String?
}

/// A model without a price.
public struct UnpricedModelRow: Codable, Sendable {
  public var model: String
  public var calls: Int
  public var inputTokens: Int
  public var outputTokens: Int
}

/// Where an agent's (and phase's) input tokens go.
public struct AnatomyRow: Codable, Sendable {
  public var agent: String
  public var phase: String
  public var calls: Int
  public var inputTokens: Int
  public var systemTokens: Int
  public var toolTokens: Int
  public var historyTokens: Int
  public var toolResultTokens: Int
  public var latestUserTokens: Int
  /// Whether any of these counts came from estimates.
  public var estimated: Bool
  /// Input tokens of calls whose prompt text was not logged (absent when every call's was).
  public var unloggedTokens: Int? = nil
}

/// Tokenizer statistics.
public struct TokenizerSummary: Codable, Sendable {
  public var textsCounted: Int
  public var memoHits: Int
  public var memoHitRate: Double
  public var estimatedCalls: Int
  /// Per model family: the fitted factor from o200k counts to billed tokens, and its error.
  public var calibrations: [Calibration]
}

/// One fitted estimate factor.
public struct Calibration: Codable, Sendable {
  public var family: String
  public var factor: Double
  public var samples: Int
  public var meanAbsErrorPercent: Double
  public var fitted: Bool
}

/// Quality signals per agent.
public struct QualityRow: Codable, Sendable {
  public var agent: String
  public var calls: Int
  public var errorRate: Double
  public var retryRate: Double
  public var truncationRate: Double
}

/// A finding of a detector.
public struct Finding: Codable, Sendable {
  /// Stable id (same waste, same id, run after run).
  public var id: String
  /// Detector id.
  public var detector: String
  /// routing | pruning | caching | batching | reliability
  public var lever: String
  /// Roadmap week (2 routing, 3 pruning, 4 caching, 5 batching; 1 for baseline/reliability).
  public var week: Int
  /// Kind within the lever (e.g. `exact-repeats`).
  public var kind: String
  public var agent: String
  public var phase: String?
  /// One-line title.
  public var title: String
  /// What was seen, with numbers.
  public var detail: String
  /// What to do, concretely.
  public var how: String
  /// Saving over the analysed period.
  public var savingsUSD: Double
  /// Saving projected to a month.
  public var monthlySavingsUSD: Double
  /// high | medium | low
  public var confidence: String
  /// low | medium | high
  public var effort: String
  /// The quality risk and how to test first.
  public var risk: String
  /// Calls affected.
  public var calls: Int
  /// Input+output tokens the change would save over the period.
  public var tokensSaved: Int
  /// Evidence: request ids (or file:line when a call has none).
  public var requestIds: [String]
  /// new | open | fixed | partly_fixed | regressed (set by history tracking).
  public var status: String?

  /// Creates a finding.
  public init(
    id: String, detector: String, lever: String, week: Int, kind: String, agent: String, phase: String?,
    title: String, detail: String, how: String, savingsUSD: Double, monthlySavingsUSD: Double, confidence: String,
    effort: String, risk: String, calls: Int, tokensSaved: Int, requestIds: [String], status: String? = nil
  ) {
    self.id = id
    self.detector = detector
    self.lever = lever
    self.week = week
    self.kind = kind
    self.agent = agent
    self.phase = phase
    self.title = title
    self.detail = detail
    self.how = how
    self.savingsUSD = savingsUSD
    self.monthlySavingsUSD = monthlySavingsUSD
    self.confidence = confidence
    self.effort = effort
    self.risk = risk
    self.calls = calls
    self.tokensSaved = tokensSaved
    self.requestIds = requestIds
    self.status = status
  }
}

/// A group of repeated or similar calls.
public struct RepeatGroup: Codable, Sendable {
  /// exact | similar
  public var kind: String
  public var agent: String
  public var phase: String?
  public var calls: Int
  /// Every member.
  public var requestIds: [String]
  /// Cost of every call after the first.
  public var avoidableCostUSD: Double
  /// Short, redacted excerpts of the text that differs (similar) or repeats (exact).
  public var excerpts: [String]
  /// Similarity score (1 for exact).
  public var similarity: Double
  /// Whether the logged answers agree, when responses are logged.
  public var answersAgree: Bool?
}

/// The sequential plan.
///
/// The levers apply in roadmap order (reliability, routing, pruning, caching, batching), each to
/// what the previous ones leave of every call, so nothing is counted twice: the total saving is
/// at most the sum of the findings' separate savings and at most the baseline.
public struct Roadmap: Codable, Sendable {
  /// Projected monthly cost today.
  public var baselineMonthlyUSD: Double
  /// One step per lever with findings, in roadmap order.
  public var steps: [RoadmapStep]
  /// Projected monthly cost after every step.
  public var finalMonthlyUSD: Double
  /// Baseline minus final.
  public var totalMonthlySavingsUSD: Double
  /// Set when the period is shorter than 7 days (and for other limits of the projection).
  public var caveat: String?
  /// Monthly cost after fixing reliability waste (week 1).
  public var afterReliabilityMonthlyUSD: Double
  /// … then after routing (week 2).
  public var afterRoutingMonthlyUSD: Double
  /// … then after pruning (week 3).
  public var afterPruningMonthlyUSD: Double
  /// … then after caching (week 4).
  public var afterCachingMonthlyUSD: Double
  /// … then after batching (week 5+); equals `finalMonthlyUSD`.
  public var afterBatchingMonthlyUSD: Double
  /// The sum of the findings' separate monthly savings (overlapping findings make it exceed the total).
  public var sumOfFindingsMonthlyUSD: Double
  /// Days analysed.
  public var periodDays: Double
  /// Factor from the period to a 30-day month.
  public var monthlyFactor: Double
}

/// One week of the plan.
public struct RoadmapStep: Codable, Sendable {
  /// `1`, `2`, `3`, `4` or `5+`.
  public var week: String
  /// The lever.
  public var lever: String
  /// What to do.
  public var title: String
  /// Sequential saving of the step.
  public var monthlySavingsUSD: Double
  /// Monthly cost once this and every earlier step is done.
  public var monthlyCostAfterUSD: Double
  /// Findings of the step, by sequential saving descending.
  public var findingIds: [String]
  /// The findings with their sequential savings.
  public var items: [RoadmapItem]
  /// The pitfall to watch at this step.
  public var pitfall: String
}

/// One finding within a roadmap step.
public struct RoadmapItem: Codable, Sendable {
  /// Finding id.
  public var findingId: String
  public var title: String
  public var agent: String
  public var phase: String?
  /// What it saves after the earlier steps and earlier findings of the same step.
  public var monthlySavingsUSD: Double
  /// What it saves alone (the finding's `monthly_savings_usd`).
  public var separateMonthlySavingsUSD: Double
  public var confidence: String
  public var effort: String
}

/// A generic extra section: a title, paragraphs and an optional table.
public struct ReportSection: Codable, Sendable {
  public var id: String
  public var title: String
  public var paragraphs: [String]
  public var columns: [String]
  public var rows: [[String]]
  /// Creates a section.
  public init(id: String, title: String, paragraphs: [String] = [], columns: [String] = [], rows: [[String]] = []) {
    self.id = id
    self.title = title
    self.paragraphs = paragraphs
    self.columns = columns
    self.rows = rows
  }
}
