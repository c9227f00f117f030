/// How this run compares with the previous recorded run (JSON `since_last_run`).
public struct SinceLastRun: Codable, Sendable {
  /// The earlier period compared against.
  public var previousPeriod: PeriodRef
  /// This run's period.
  public var currentPeriod: PeriodRef
  /// Whole-team cost and calls.
  public var totals: CostDelta
  /// Per agent, by absolute cost change descending, then name.
  public var agents: [CostDelta]
  /// Per agent and phase, same order.
  public var phases: [CostDelta]
  /// Per model, same order.
  public var models: [CostDelta]
  /// Cost per task: the mean workflow cost, or the cost per call when no workflow ids are logged.
  public var costPerTask: MetricChange
  /// Median and 95th percentile cost per task (workflow basis only).
  public var costPerTaskMedian: MetricChange?
  public var costPerTaskP95: MetricChange?
  /// Cache reads / input tokens.
  public var cacheHitRate: MetricChange
  /// Error, retry and truncation rates, and whether quality held.
  public var quality: QualityComparison
  /// Findings of this run that earlier runs saw too, with their savings history.
  public var findings: [FindingChange]
  /// Monthly savings realised so far on every tracked finding (projected then minus projected now).
  public var realisedMonthlySavingsUSD: Double
  /// Monthly savings projected when those findings were first reported.
  public var projectedMonthlySavingsUSD: Double
  /// One sentence: the cost-per-task change side by side with quality.
  public var verdict: String
  /// Caveats (periods of different length, quality measured differently…).
  public var notes: [String]

  /// Why `--fail-on-regression` should fail: cost per task rose by more than `thresholdPercent`,
  /// or a finding that was fixed came back.
  ///
  /// - Parameter thresholdPercent: Allowed rise of cost per task, in percent.
  /// - Returns: Reasons, empty when nothing regressed.
  public func regressions(thresholdPercent: Double) -> [String] {
    var out: [String] = []
    if let c = costPerTask.changePercent, c > thresholdPercent {
      out.append(
        "cost per task rose \(Format.trim(Format.fixed(c, 1)))% (\(Format.unitUSD(costPerTask.previous)) → "
          + "\(Format.unitUSD(costPerTask.current))), more than the \(Format.trim(Format.fixed(thresholdPercent, 1)))% allowed"
      )
    }
    for f in findings where f.status == FindingStatus.regressed {
      out.append("finding \(f.id) regressed (\(f.title))")
    }
    return out
  }
}

/// Finding statuses set by history tracking.
public enum FindingStatus {
  /// Not seen by any earlier run.
  public static let new = "new"
  /// Seen before; savings not down by more than 30% from when first reported.
  public static let open = "open"
  /// Evidence gone.
  public static let fixed = "fixed"
  /// Still present, savings down by more than 30% from when first reported.
  public static let partlyFixed = "partly_fixed"
  /// Was fixed or partly fixed, and came back or grew.
  public static let regressed = "regressed"
}

/// A recorded period.
public struct PeriodRef: Codable, Sendable {
  /// `2026-W47`, or `2026-11-16 to 2026-11-22`.
  public var label: String
  /// First call or window start (RFC 3339).
  public var start: String?
  /// Last call or window end.
  public var end: String?
  /// The run that recorded it.
  public var runID: String
  /// When that run was made.
  public var generatedAt: String
  /// Length in days.
  public var days: Double
}

/// One group's cost then and now.
public struct CostDelta: Codable, Sendable {
  /// The group: agent, agent and phase, or model (absent for totals).
  public var agent: String?
  public var phase: String?
  public var model: String?
  public var previousCalls: Int
  public var calls: Int
  public var previousCostUSD: Double
  public var costUSD: Double
  public var deltaCostUSD: Double
  /// Percent change of cost (nil when there was none before).
  public var changePercent: Double?
  public var previousCostPerCallUSD: Double
  public var costPerCallUSD: Double
}

/// A number then and now.
public struct MetricChange: Codable, Sendable {
  public var previous: Double
  public var current: Double
  /// Percent change (nil when the previous value is 0).
  public var changePercent: Double?
  /// What the number is measured on: `workflow` or `call` (cost per task only).
  public var basis: String?
}

/// Error, retry and truncation rates over a period.
public struct QualitySignals: Codable, Sendable, Hashable {
  public var calls: Int
  /// Failed calls / calls.
  public var errorRate: Double
  /// Calls re-sending a request that failed / calls.
  public var retryRate: Double
  /// Calls cut by the output limit / calls.
  public var truncationRate: Double
  /// `reliability` (the detector's quality rows) or `facts` (computed from the calls).
  public var source: String
}

/// Quality then and now.
public struct QualityComparison: Codable, Sendable {
  public var previous: QualitySignals
  public var current: QualitySignals
  /// No signal worsened by more than 1 percentage point and 20% relative.
  public var held: Bool
  /// The signals that worsened (`errors`, `retries`, `truncations`).
  public var worsened: [String]
}

/// A current finding's savings history.
public struct FindingChange: Codable, Sendable {
  public var id: String
  public var title: String
  public var agent: String
  public var status: String
  /// Label of the period it was first reported in.
  public var firstSeen: String
  /// Monthly savings projected when first reported.
  public var projectedMonthlySavingsUSD: Double
  /// Monthly savings projected by the previous run (nil when it was absent then).
  public var previousMonthlySavingsUSD: Double?
  /// Monthly savings projected now.
  public var monthlySavingsUSD: Double
  /// Projected when first reported minus projected now (negative when it grew).
  public var realisedMonthlySavingsUSD: Double
}

/// An earlier finding whose evidence is gone (JSON `resolved_findings`).
public struct ResolvedFinding: Codable, Sendable {
  public var id: String
  public var detector: String
  public var lever: String
  public var kind: String
  public var agent: String
  public var phase: String?
  public var title: String
  /// Always `fixed`.
  public var status: String
  public var firstSeen: String
  /// Label of the first period without it.
  public var fixedSince: String
  /// Monthly savings projected when first reported.
  public var projectedMonthlySavingsUSD: Double
  /// Monthly savings it still showed when last seen.
  public var lastMonthlySavingsUSD: Double
  /// Equal to the projected savings: the whole waste is gone.
  public var realisedMonthlySavingsUSD: Double
  /// Caveat, e.g. the agent made no calls in this period.
  public var note: String?
}

/// Signals over the last runs, oldest first, this run last (JSON `trends`).
public struct Trends: Codable, Sendable {
  public var runs: [TrendPoint]
}

/// One run in the trends.
public struct TrendPoint: Codable, Sendable {
  /// Full period label.
  public var label: String
  /// Short axis label (`W47`, `11-22`).
  public var shortLabel: String
  public var calls: Int
  public var costUSD: Double
  public var costPerTaskUSD: Double
  /// `workflow` or `call`.
  public var costPerTaskBasis: String
  public var cacheHitRate: Double
  public var errorRate: Double
  public var retryRate: Double
  public var truncationRate: Double
}
