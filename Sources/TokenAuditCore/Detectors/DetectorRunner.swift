import Foundation

/// Runs the registered detectors over the calls and adds their output to the result.
///
/// The calls are read once, a chunk at a time (decoded on every core), usually in the attribution
/// pass: each detector observes a chunk on one core while the others take the other detectors, the
/// slowest (similar-calls) first, as the next chunk is attributed. Outputs are added in registry
/// order, so the result does not depend on scheduling.
struct DetectorRunner {
  var options: AuditOptions
  var costModel: CostModel

  /// Creates the enabled detectors; the caller hands them the calls chunk by chunk.
  func start() -> Session {
    let enabled = DetectorRegistry.all.filter { type in
      (options.onlyDetectors?.contains(type.id) ?? true) && !options.skipDetectors.contains(type.id)
    }
    let workers = max(1, options.workers)
    return Session(
      enabled: enabled, runs: enabled.map { Self.make($0, options.configuration, workers: workers) },
      workers: workers, options: options, costModel: costModel)
  }

  /// The detectors of one run, observing chunks of calls in the background.
  final class Session: @unchecked Sendable {
    let enabled: [any Detector.Type]
    let runs: [Run]
    /// Job order: the slowest detector (similar-calls) first.
    let order: [Int]
    /// Detectors that observe together, one group per core: the slowest (similar-calls) alone,
    /// the others shared out in registry order. A group reads each call once for all its
    /// detectors (copying a call's facts out of the chunk costs more than most detectors' work).
    let groups: [[Int]]
    let workers: Int
    let options: AuditOptions
    let costModel: CostModel
    private let group = DispatchGroup()
    /// Every observed call's pricing facts, for the detectors' `CallRef`s at `finish`.
    private var calls = CallTable()

    init(enabled: [any Detector.Type], runs: [Run], workers: Int, options: AuditOptions, costModel: CostModel) {
      self.enabled = enabled
      self.runs = runs
      self.workers = workers
      self.options = options
      self.costModel = costModel
      order = enabled.indices.sorted { a, b in
        let similar = ObjectIdentifier(SimilarCallsDetector.self)
        let heavy = (ObjectIdentifier(enabled[a]) == similar, ObjectIdentifier(enabled[b]) == similar)
        return heavy.0 != heavy.1 ? heavy.0 : a < b
      }
      groups = Self.groups(
        order: order, heavy: order.first.map { enabled[$0] == SimilarCallsDetector.self } ?? false, workers: workers)
    }

    /// Splits `order` (heaviest first) into at most `workers` groups: the heavy detector alone
    /// when there is a core to spare, the rest dealt out in turn.
    static func groups(order: [Int], heavy: Bool, workers: Int) -> [[Int]] {
      guard workers > 1, order.count > 1 else { return order.isEmpty ? [] : [order] }
      let alone = heavy ? [[order[0]]] : []
      let rest = Array(order.dropFirst(alone.count))
      let count = max(1, min(rest.count, workers - alone.count))
      var out = Array(repeating: [Int](), count: count)
      for (i, k) in rest.enumerated() { out[i % count].append(k) }
      return alone + out
    }

    /// Starts observing `chunk` once the previous chunk is done (returns at once): work that uses
    /// every core by itself (text signatures) first, then the detectors in groups, one group per core.
    func observe(_ chunk: [CallFacts]) {
      group.wait()
      DispatchQueue.global().async(group: group) { [self] in
        calls.append(contentsOf: chunk)
        for run in runs { run.timed { run.prepare(chunk) } }
        let box = WorkSlots<Bool>(count: groups.count)
        DispatchQueue.concurrentPerform(iterations: groups.count) { _ in
          while let k = box.take() { Run.observe(chunk, by: groups[k].map { runs[$0] }) }
        }
      }
    }

    /// Waits for the last chunk, lets every detector report and adds their outputs to `result`, in
    /// registry order (so the result does not depend on scheduling).
    func finish(into result: inout AuditResult, clock: inout StageClock) -> [CallEffect] {
      group.wait()
      var effects: [CallEffect] = []
      let context = DetectorContext(
        result: result, costModel: costModel, configuration: options.configuration, calls: calls)
      let outputs = WorkSlots<DetectorOutput>(count: runs.count)
      DispatchQueue.concurrentPerform(iterations: min(workers, max(1, runs.count))) { _ in
        while let k = outputs.take() {
          let run = runs[order[k]]
          run.timed { outputs.put(order[k], run.finish(context)) }
          // Its state (per-call lists, tables) is no longer needed: the plan needs the effects.
          run.release()
        }
      }
      calls = CallTable()
      var outs = enabled.indices.map { outputs.result($0) }
      effects.reserveCapacity(outs.reduce(0) { $0 + ($1?.effects.count ?? 0) })
      for (index, type) in enabled.enumerated() {
        guard let out = outs[index] else { continue }
        outs[index] = nil
        result.findings += out.findings
        result.repeatGroups += out.repeatGroups
        result.sections += out.sections
        result.quality += out.quality
        effects += out.effects
        clock.record("detector " + type.id, seconds: runs[index].seconds)
      }
      MemoryRelease.trim()
      clock.lap("detectors")
      result.findings.sort { ($0.monthlySavingsUSD, $1.id) > ($1.monthlySavingsUSD, $0.id) }
      result.repeatGroups.sort {
        ($0.avoidableCostUSD, $1.requestIds.first ?? "") > ($1.avoidableCostUSD, $0.requestIds.first ?? "")
      }
      return effects
    }
  }

  /// One detector, behind closures made for its concrete type (so the compiler specialises them:
  /// a generic call through the protocol copies every call's facts).
  final class Run: @unchecked Sendable {
    let prepare: ([CallFacts]) -> Void
    /// Observes one call (borrowed: the closure's argument is not copied again).
    let observeCall: (CallFacts) -> Void
    let finish: (DetectorContext) -> DetectorOutput
    /// Drops the detector's state once it has reported.
    let release: () -> Void
    /// Time spent in this detector (for `--verbose`).
    private(set) var seconds = 0.0

    init(
      prepare: @escaping ([CallFacts]) -> Void, observeCall: @escaping (CallFacts) -> Void,
      finish: @escaping (DetectorContext) -> DetectorOutput, release: @escaping () -> Void
    ) {
      self.prepare = prepare
      self.observeCall = observeCall
      self.finish = finish
      self.release = release
    }

    /// Runs `body`, adding its time to `seconds` (one thread at a time per detector).
    func timed(_ body: () -> Void) {
      let start = DispatchTime.now().uptimeNanoseconds
      body()
      seconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Lets every run of `runs` observe each call of `chunk`, in order.
    ///
    /// Each call is read out of the chunk once for all of them: Swift copies a call loaded from
    /// the chunk's storage before passing it to a mutating `observe` (about 20 retains and
    /// releases), but passes the one copy on to each closure without copying again. Each run's
    /// time is sampled (every 16th call, scaled) for `--verbose`.
    static func observe(_ chunk: [CallFacts], by runs: [Run]) {
      guard !runs.isEmpty else { return }
      var spent = Array(repeating: UInt64(0), count: runs.count)
      chunk.withUnsafeBufferPointer { calls in
        for i in calls.indices {
          let call = calls[i]
          if i & 15 == 0 {
            for (k, run) in runs.enumerated() {
              let start = DispatchTime.now().uptimeNanoseconds
              run.observeCall(call)
              spent[k] += DispatchTime.now().uptimeNanoseconds - start
            }
          } else {
            for run in runs { run.observeCall(call) }
          }
        }
      }
      for (k, run) in runs.enumerated() { run.seconds += Double(spent[k]) * 16 / 1e9 }
    }
  }

  /// A detector's state, shared by its closures (nil once released).
  final class Holder<D: Detector> {
    var detector: D?
    init(_ detector: D) { self.detector = detector }
  }

  static func make(_ type: any Detector.Type, _ config: AuditConfiguration, workers: Int) -> Run {
    switch type {
    case is ReliabilityDetector.Type: typed(ReliabilityDetector.self, config, workers: workers)
    case is ModelRoutingDetector.Type: typed(ModelRoutingDetector.self, config, workers: workers)
    case is SystemPromptBloatDetector.Type: typed(SystemPromptBloatDetector.self, config, workers: workers)
    case is HistoryGrowthDetector.Type: typed(HistoryGrowthDetector.self, config, workers: workers)
    case is RetrievalDumpDetector.Type: typed(RetrievalDumpDetector.self, config, workers: workers)
    case is UnusedToolsDetector.Type: typed(UnusedToolsDetector.self, config, workers: workers)
    case is PromptWhitespaceDetector.Type: typed(PromptWhitespaceDetector.self, config, workers: workers)
    case is BatchingDetector.Type: typed(BatchingDetector.self, config, workers: workers)
    case is CallMergingDetector.Type: typed(CallMergingDetector.self, config, workers: workers)
    case is ExactRepeatsDetector.Type: typed(ExactRepeatsDetector.self, config, workers: workers)
    case is SimilarCallsDetector.Type: typed(SimilarCallsDetector.self, config, workers: workers)
    case is PromptCachingDetector.Type: typed(PromptCachingDetector.self, config, workers: workers)
    default: makeGeneric(type, config, workers: workers)
    }
  }

  private static func makeGeneric(_ type: any Detector.Type, _ config: AuditConfiguration, workers: Int) -> Run {
    func open<D: Detector>(_ t: D.Type) -> Run { typed(t, config, workers: workers) }
    return open(type)
  }

  static func typed<D: Detector>(_ type: D.Type, _ config: AuditConfiguration, workers: Int) -> Run {
    let holder = Holder(D(configuration: config))
    return Run(
      prepare: { chunk in holder.detector!.prepare(chunk, workers: workers) },
      observeCall: { call in holder.detector!.observe(call) },
      finish: { holder.detector!.finish($0) }, release: { holder.detector = nil })
  }

  /// Runs one detector over `facts` (tests and tools).
  static func runOne<D: Detector>(
    _ type: D.Type, _ facts: FactStore, _ config: AuditConfiguration, _ context: DetectorContext, workers: Int = 1
  ) -> DetectorOutput {
    let run = typed(type, config, workers: max(1, workers))
    var context = context
    facts.chunks(workers: max(1, workers)) { chunk in
      context.calls.append(contentsOf: chunk)
      run.prepare(chunk)
      Run.observe(chunk, by: [run])
    }
    return run.finish(context)
  }

  /// Runs one detector over calls held in memory (tests).
  static func runOne<D: Detector>(
    _ type: D.Type, _ facts: [CallFacts], _ config: AuditConfiguration, _ context: DetectorContext, workers: Int = 1
  ) -> DetectorOutput {
    runOne(type, FactStore(facts), config, context, workers: workers)
  }
}
