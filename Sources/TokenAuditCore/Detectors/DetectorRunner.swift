/// Runs the registered detectors over the calls and adds their output to the result.
struct DetectorRunner {
  var options: AuditOptions
  var costModel: CostModel

  /// Runs every enabled detector and returns the per-call effects of their findings.
  @discardableResult
  func run(_ facts: [CallFacts], into result: inout AuditResult, clock: inout StageClock) -> [CallEffect] {
    var effects: [CallEffect] = []
    let context = DetectorContext(result: result, costModel: costModel, configuration: options.configuration)
    for type in DetectorRegistry.all {
      if let only = options.onlyDetectors, !only.contains(type.id) { continue }
      if options.skipDetectors.contains(type.id) { continue }
      let out = Self.runSpecialized(type, facts, options.configuration, context, workers: options.workers)
      result.findings += out.findings
      result.repeatGroups += out.repeatGroups
      result.sections += out.sections
      result.quality += out.quality
      effects += out.effects
      MemoryRelease.trim()
      clock.lap("detector " + type.id)
    }
    result.findings.sort { ($0.monthlySavingsUSD, $1.id) > ($1.monthlySavingsUSD, $0.id) }
    result.repeatGroups.sort {
      ($0.avoidableCostUSD, $1.requestIds.first ?? "") > ($1.avoidableCostUSD, $0.requestIds.first ?? "")
    }
    return effects
  }

  /// `runOne` called with each registered detector's concrete type, so that the compiler
  /// specialises it: a generic call through the protocol copies every call's facts.
  static func runSpecialized(
    _ type: any Detector.Type, _ facts: [CallFacts], _ config: AuditConfiguration, _ context: DetectorContext,
    workers: Int
  ) -> DetectorOutput {
    switch type {
    case is ReliabilityDetector.Type: runOne(ReliabilityDetector.self, facts, config, context, workers: workers)
    case is ModelRoutingDetector.Type: runOne(ModelRoutingDetector.self, facts, config, context, workers: workers)
    case is SystemPromptBloatDetector.Type:
      runOne(SystemPromptBloatDetector.self, facts, config, context, workers: workers)
    case is HistoryGrowthDetector.Type: runOne(HistoryGrowthDetector.self, facts, config, context, workers: workers)
    case is RetrievalDumpDetector.Type: runOne(RetrievalDumpDetector.self, facts, config, context, workers: workers)
    case is UnusedToolsDetector.Type: runOne(UnusedToolsDetector.self, facts, config, context, workers: workers)
    case is PromptWhitespaceDetector.Type:
      runOne(PromptWhitespaceDetector.self, facts, config, context, workers: workers)
    case is BatchingDetector.Type: runOne(BatchingDetector.self, facts, config, context, workers: workers)
    case is CallMergingDetector.Type: runOne(CallMergingDetector.self, facts, config, context, workers: workers)
    case is ExactRepeatsDetector.Type: runOne(ExactRepeatsDetector.self, facts, config, context, workers: workers)
    case is SimilarCallsDetector.Type: runOne(SimilarCallsDetector.self, facts, config, context, workers: workers)
    case is PromptCachingDetector.Type: runOne(PromptCachingDetector.self, facts, config, context, workers: workers)
    default: runOne(type, facts, config, context, workers: workers)
    }
  }

  static func runOne<D: Detector>(
    _ type: D.Type, _ facts: [CallFacts], _ config: AuditConfiguration, _ context: DetectorContext,
    workers: Int = 1
  ) -> DetectorOutput {
    var d = D(configuration: config)
    d.prepare(facts, workers: max(1, workers))
    // Borrowed, not copied: a copy of a call's facts retains each of its strings and arrays.
    facts.withUnsafeBufferPointer { calls in
      guard let base = calls.baseAddress else { return }
      // `base[i]` is addressed, not loaded: the call is passed in place, not copied (a copy retains
      // each of its strings and arrays).
      for i in 0..<calls.count { d.observe(base[i]) }
    }
    return d.finish(context)
  }
}
