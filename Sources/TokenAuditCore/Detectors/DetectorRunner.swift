/// Runs the registered detectors over the calls and adds their output to the result.
struct DetectorRunner {
  var options: AuditOptions
  var costModel: CostModel

  func run(_ facts: [CallFacts], into result: inout AuditResult, clock: inout StageClock) {
    let context = DetectorContext(result: result, costModel: costModel, configuration: options.configuration)
    for type in DetectorRegistry.all {
      if let only = options.onlyDetectors, !only.contains(type.id) { continue }
      if options.skipDetectors.contains(type.id) { continue }
      let out = Self.runOne(type, facts, options.configuration, context)
      result.findings += out.findings
      result.repeatGroups += out.repeatGroups
      result.sections += out.sections
      result.quality += out.quality
      clock.lap("detector " + type.id)
    }
    result.findings.sort { ($0.monthlySavingsUSD, $1.id) > ($1.monthlySavingsUSD, $0.id) }
    result.repeatGroups.sort { ($0.avoidableCostUSD, $1.requestIds.first ?? "") > ($1.avoidableCostUSD, $0.requestIds.first ?? "") }
  }

  static func runOne<D: Detector>(
    _ type: D.Type, _ facts: [CallFacts], _ config: AuditConfiguration, _ context: DetectorContext
  ) -> DetectorOutput {
    var d = D(configuration: config)
    for f in facts { d.observe(f) }
    return d.finish(context)
  }
}
