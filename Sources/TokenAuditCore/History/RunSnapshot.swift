/// The compact record of one run kept in `<state>/snapshots/`: enough to compare later runs with
/// it, nothing that needs the logs again. Versioned JSON (`schema_version`), snake_case keys.
public struct RunSnapshot: Codable, Sendable {
  /// Bump on an incompatible change; newer snapshots are skipped with a warning.
  public static let currentSchemaVersion = 1

  public var schemaVersion = RunSnapshot.currentSchemaVersion
  public var runID: String
  public var generatedAt: String
  public var toolVersion: String
  public var period: SnapshotPeriod
  /// Detector ids that ran (findings of others are not marked fixed when absent).
  public var detectors: [String]?
  public var totals: SnapshotTotals
  /// Per agent, per agent and phase, per model; sorted by cost descending then key.
  public var agents: [SnapshotGroup]
  public var phases: [SnapshotGroup]
  public var models: [SnapshotGroup]
  public var costPerTask: SnapshotCostPerTask
  public var quality: QualitySignals
  /// Per agent, by calls descending.
  public var qualityByAgent: [AgentQuality]
  /// Findings present in this run (and, flagged `unchecked`, earlier ones whose detector did not run).
  public var findings: [SnapshotFinding]
  /// Earlier findings absent in this run, kept for a few runs to notice a return.
  public var resolved: [SnapshotFinding]
}

/// The period of a snapshot.
public struct SnapshotPeriod: Codable, Sendable, Hashable {
  /// `2026-W47` or `2026-11-16 to 2026-11-22`.
  public var label: String
  /// Identity: runs with the same key analysed the same period (a re-run replaces the earlier one).
  public var key: String
  /// Window bounds (ms), when a window was given.
  public var sinceMS: Int64?
  public var untilMS: Int64?
  /// First and last call (RFC 3339).
  public var firstCall: String?
  public var lastCall: String?
  /// Orders periods: the window end, else the last call + 1 ms.
  public var endMS: Int64
  /// Last local day of the period (`YYYY-MM-DD`), used in file names.
  public var lastDay: String
  /// Days covered.
  public var days: Double
  /// Zone of day and week boundaries.
  public var timeZone: String
}

/// Whole-run totals.
public struct SnapshotTotals: Codable, Sendable, Hashable {
  public var calls: Int
  public var costUSD: Double
  public var inputTokens: Int
  public var outputTokens: Int
  public var cacheReadTokens: Int
  public var cacheHitRate: Double
  public var failedCalls: Int
  public var projectedMonthlyCostUSD: Double
}

/// One agent, agent and phase, or model.
public struct SnapshotGroup: Codable, Sendable, Hashable {
  public var agent: String?
  public var phase: String?
  public var model: String?
  public var calls: Int
  public var costUSD: Double
  public var inputTokens: Int
  public var outputTokens: Int
  public var cacheReadTokens: Int

  /// The key groups are matched on between runs.
  var key: String { [agent ?? "", phase ?? "", model ?? ""].joined(separator: "\u{1}") }
}

/// Cost per task.
public struct SnapshotCostPerTask: Codable, Sendable, Hashable {
  /// `workflow` (mean over workflow ids) or `call` (no workflow ids logged).
  public var basis: String
  public var tasks: Int
  public var meanUSD: Double
  public var medianUSD: Double
  public var p95USD: Double
}

/// Quality signals of one agent.
public struct AgentQuality: Codable, Sendable, Hashable {
  public var agent: String
  public var signals: QualitySignals
}

/// A finding as history remembers it.
public struct SnapshotFinding: Codable, Sendable, Hashable {
  public var id: String
  public var detector: String
  public var lever: String
  public var kind: String
  public var agent: String
  public var phase: String?
  public var title: String
  public var savingsUSD: Double
  public var monthlySavingsUSD: Double
  public var status: String
  /// Label of the period it was first reported in, and its monthly savings then.
  public var firstSeen: String
  public var projectedMonthlySavingsUSD: Double
  /// Label of the last period it was present in.
  public var lastSeen: String
  /// For resolved findings: the first period without it, and runs since.
  public var fixedSince: String?
  public var runsSinceFixed: Int?
  /// Carried over without being checked (its detector did not run).
  public var unchecked: Bool?
}
