import Foundation

/// Runs the registered detectors over the calls and adds their output to the result.
struct DetectorRunner {
  var options: AuditOptions
  var costModel: CostModel

  /// Runs every enabled detector and returns the per-call effects of their findings.
  @discardableResult
  func run(_ facts: [CallFacts], into result: inout AuditResult, clock: inout StageClock) -> [CallEffect] {
    var effects: [CallEffect] = []
    let context = DetectorContext(result: result, costModel: costModel, configuration: options.configuration)
    let enabled = DetectorRegistry.all.filter { type in
      (options.onlyDetectors?.contains(type.id) ?? true) && !options.skipDetectors.contains(type.id)
    }
    // Detectors are independent: they run on every core, the slowest (similar-calls) first; their
    // outputs are then added in registry order, so the result does not depend on scheduling.
    let order = enabled.indices.sorted { a, b in
      let similar = ObjectIdentifier(SimilarCallsDetector.self)
      let heavy = (ObjectIdentifier(enabled[a]) == similar, ObjectIdentifier(enabled[b]) == similar)
      return heavy.0 != heavy.1 ? heavy.0 : a < b
    }
    let box = WorkSlots<(DetectorOutput, Double)>(count: enabled.count)
    let configuration = options.configuration
    let workers = max(1, options.workers)
    DispatchQueue.concurrentPerform(iterations: min(workers, max(1, enabled.count))) { _ in
      while let k = box.take() {
        let index = order[k]
        let start = DispatchTime.now().uptimeNanoseconds
        let out = Self.runSpecialized(enabled[index], facts, configuration, context, workers: workers)
        box.put(index, (out, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
      }
    }
    for (index, type) in enabled.enumerated() {
      guard let (out, seconds) = box.result(index) else { continue }
      result.findings += out.findings
      result.repeatGroups += out.repeatGroups
      result.sections += out.sections
      result.quality += out.quality
      effects += out.effects
      clock.record("detector " + type.id, seconds: seconds)
    }
    MemoryRelease.trim()
    clock.lap("detectors")
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
