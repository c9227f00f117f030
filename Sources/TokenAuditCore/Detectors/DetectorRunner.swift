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
      let out = Self.runOne(type, facts, options.configuration, context, workers: options.workers)
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

  static func runOne<D: Detector>(
    _ type: D.Type, _ facts: [CallFacts], _ config: AuditConfiguration, _ context: DetectorContext,
    workers: Int = 1
  ) -> DetectorOutput {
    var d = D(configuration: config)
    d.prepare(facts, workers: max(1, workers))
    // Borrowed, not copied: a copy of a call's facts retains each of its strings and arrays.
    for i in facts.indices { d.observe(facts[i]) }
    return d.finish(context)
  }
}
