/// What detectors see besides the calls: the attribution totals and the prices.
public struct DetectorContext: Sendable {
  /// The result so far (totals, per-agent rows, period).
  public var result: AuditResult
  /// Prices.
  public var costModel: CostModel
  /// Configuration.
  public var configuration: AuditConfiguration
  /// Every observed call's model and usage, by index (filled by the runner), for `CallRef`s.
  var calls = CallTable()

  /// Factor from the analysed period to a 30-day month.
  public var monthlyFactor: Double { result.period.monthlyFactor }

  /// The dollars of one call's usage (for estimates; totals use the integer ledgers).
  public func costUSD(_ call: CallFacts) -> Double {
    guard
      let key = costModel.priceKey(
        model: call.model, provider: call.provider, usage: call.usage, batch: call.isBatch, service: call.serviceTier)
    else { return 0 }
    return costModel.cost(of: call.usage, at: key).totalUSD
  }

  /// The dollars of a usage on a model (batch or not, at a service tier).
  public func costUSD(
    _ usage: TokenUsage, model: String, provider: String, batch: Bool, service: ServiceTier = .standard
  ) -> Double? {
    guard
      let key = costModel.priceKey(model: model, provider: provider, usage: usage, batch: batch, service: service)
    else { return nil }
    return costModel.cost(of: usage, at: key).totalUSD
  }
}

/// What a detector adds to the result.
public struct DetectorOutput: Sendable {
  /// Findings.
  public var findings: [Finding] = []
  /// Repeat groups (caching detectors).
  public var repeatGroups: [RepeatGroup] = []
  /// Extra report sections.
  public var sections: [ReportSection] = []
  /// Quality rows (reliability detector).
  public var quality: [QualityRow] = []
  /// Per-call effects of the findings, for the advisor's sequential (no double counting) totals.
  public var effects: [CallEffect] = []

  /// Creates an empty output.
  public init() {}
}

/// A waste detector: observes every call in time order, then reports.
///
/// A detector does no I/O, prints nothing, keeps no global state, and keeps bounded state (its
/// doc comment states the bound).
public protocol Detector {
  /// Stable kebab-case id used in JSON, configuration and `--only`/`--skip`.
  static var id: String { get }
  /// One line: what it flags.
  static var summary: String { get }
  /// Creates the detector.
  init(configuration: AuditConfiguration)
  /// Observes one call (in timestamp order, duplicates already dropped).
  mutating func observe(_ call: CallFacts)
  /// Produces findings once all calls were observed.
  func finish(_ context: DetectorContext) -> DetectorOutput
  /// Optional per-call work done on every core before the ordered pass over a chunk of calls
  /// (e.g. text signatures); the default does nothing. Called once per chunk, in order, each time
  /// just before `observe` sees that chunk's calls.
  ///
  /// - Parameters:
  ///   - facts: The chunk's calls, in the order `observe` will see them.
  ///   - workers: Threads to use.
  mutating func prepare(_ facts: [CallFacts], workers: Int)
}

extension Detector {
  public mutating func prepare(_ facts: [CallFacts], workers: Int) {}
}

/// Configuration of a run: a version and one section per detector id (free-form values).
public struct AuditConfiguration: Codable, Sendable {
  /// Configuration format version.
  public var version = 1
  /// Per-detector settings, keyed by detector id then setting name.
  public var detectors: [String: [String: Double]] = [:]

  /// Default configuration.
  public init() {}

  /// A numeric setting, or the default.
  public func value(_ detector: String, _ key: String, default def: Double) -> Double {
    detectors[detector]?[key] ?? def
  }
}

/// What one finding would do to one call's cost, for the advisor's sequential totals.
///
/// The advisor applies the levers in roadmap order (reliability, routing, pruning, caching, batching): each
/// call's remaining cost is multiplied by the `costFactor` of every effect on it, lever by lever,
/// so a call routed to a cheaper model saves less from pruning afterwards, and the combined
/// saving can never exceed the baseline.
public struct CallEffect: Sendable, Hashable {
  /// Index of the call in the observed order (0-based, as passed to `observe`).
  public var callIndex: Int
  /// routing | pruning | caching | batching | reliability
  public var lever: String
  /// Id of the finding that causes it.
  public var findingID: String
  /// Cost multiplier in [0, 1]: 0 removes the call (a cached repeat), 0.5 halves it (batch).
  public var costFactor: Double

  /// Creates an effect; the factor is clamped to [0, 1].
  public init(callIndex: Int, lever: String, findingID: String, costFactor: Double) {
    self.callIndex = callIndex
    self.lever = lever
    self.findingID = findingID
    self.costFactor = min(1, max(0, costFactor.isFinite ? costFactor : 1))
  }
}
