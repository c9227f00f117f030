import Foundation

/// Options of one analysis.
public struct AuditOptions: Sendable {
  /// Reading options.
  public var ingest = IngestOptions()
  /// Detector configuration.
  public var configuration = AuditConfiguration()
  /// Worker threads (default: the active processor count).
  public var workers = ProcessInfo.processInfo.activeProcessorCount
  /// Detector ids to run (nil: all).
  public var onlyDetectors: Set<String>?
  /// Detector ids to skip.
  public var skipDetectors: Set<String> = []
  /// Zone of the per-day table (day boundaries); the window itself is `ingest.sinceMS/untilMS`.
  public var timeZone = ReportTimeZone.utc
  /// Per-file results of earlier runs to reuse (`nil`: read every file).
  public var ingestCache: IngestCache?

  /// Default options.
  public init() {}
}

/// Progress of a run, for a terminal display.
public protocol ProgressObserver: Sendable {
  /// Called from worker threads after each chunk of work.
  func progress(diskBytesDone: Int, diskBytesTotal: Int)
}

/// Runs the whole analysis: discover → ingest (parallel) → de-duplicate → attribute → detect.
public struct AuditPipeline {
  /// Options.
  public var options: AuditOptions
  /// Prices.
  public var costModel: CostModel
  /// Builds a per-thread token counter (tokenizer with memo).
  public var makeCounter: @Sendable () -> TokenCounting
  /// Distinct-text counts of the last extraction (for a scheduling-independent memo hit rate).
  let memo = MemoCounts()

  /// Creates a pipeline.
  public init(options: AuditOptions, costModel: CostModel, makeCounter: @escaping @Sendable () -> TokenCounting) {
    self.options = options
    self.costModel = costModel
    self.makeCounter = makeCounter
  }

  /// Stage timings for `--verbose`.
  public struct Timings: Sendable {
    public var stages: [(String, Double)] = []
  }

  /// Analyses `paths`.
  ///
  /// - Parameters:
  ///   - paths: Files and directories.
  ///   - run: Run metadata for the report.
  ///   - progress: Optional progress observer.
  /// - Returns: The result and the facts of every kept call (for history and tests).
  /// - Throws: `TokenAuditError.noInput` when nothing could be read.
  public func run(paths: [String], run: RunInfo, progress: ProgressObserver? = nil) throws -> AuditOutcome {
    _ = MemoryRelease.configure
    var clock = StageClock()
    let (files, discoveryProblems) = InputDiscovery.files(in: paths)
    if files.isEmpty {
      throw TokenAuditError.noInput(
        paths: paths, problems: discoveryProblems.map { "\($0.location.file): \($0.message)" })
    }
    // Facts wait on disk, not in memory, between reading and the later passes.
    let spill = FactSpill()
    var (ingested, cacheReport) = ingestIncrementally(files, spill: spill, progress: progress)
    clock.lap("ingest")
    var counters = TokenizerStats()
    for f in ingested { counters.merge(f.tokenizerStats) }
    // Memo hits as one shared memo would have them (each distinct text misses once), so the
    // report does not depend on which thread counted which text; cached files keep their own.
    let fresh = memo.snapshot()
    if fresh.distinct > 0 {
      counters.memoHits = counters.memoHits - fresh.hits + max(0, fresh.lookups - fresh.distinct)
    }
    var merged = FactMerger.merge(&ingested, spill: spill, options: options.ingest)
    merged.problems = discoveryProblems + merged.problems
    merged.facts.workers = max(1, options.workers)
    clock.lap("merge")
    // Reading freed far more than it kept (records, parse tapes): give it back to the system
    // before the detectors allocate their tables, so peak memory is what is kept, not the sum.
    MemoryRelease.trim()
    if merged.stats.lines == 0 && merged.facts.isEmpty
      && merged.problems.contains(where: { $0.kind == .unreadableFile })
    {
      throw TokenAuditError.noInput(
        paths: paths, problems: merged.problems.map { "\($0.location.file): \($0.message)" }, found: files.count)
    }
    let calibrations = Calibrator.calibrate(merged.facts)
    // One pass over the calls: attribution and the roadmap's baseline on this thread, the
    // detectors on the others, a chunk behind.
    var baseline = RoadmapBuilder.Baseline(costModel: costModel)
    let detectors = DetectorRunner(options: options, costModel: costModel).start()
    var result = Attributor(costModel: costModel, timeZone: options.timeZone).attribute(
      merged, files: files.count, run: run, observe: { baseline.add($0, price: $1) },
      observeChunk: { detectors.observe($0) })
    clock.lap("attribute (detectors observing)")
    result.tokenizer = counters.summary(estimatedCalls: result.input.estimatedUsageCalls)
    result.tokenizer?.calibrations = calibrations
    let effects = detectors.finish(into: &result, clock: &clock)
    result.roadmap = RoadmapBuilder(costModel: costModel).build(result, baseline: baseline, effects: effects)
    clock.lap("roadmap")
    return AuditOutcome(result: result, facts: merged.facts, timings: clock.timings, cache: cacheReport)
  }

  func ingestAll(
    _ files: [String], resume: [String: ResumePoint] = [:], spill: FactSpill, progress: ProgressObserver?
  ) -> [IngestedFile] {
    let workers = max(1, min(options.workers, files.count))
    let prefetch = files.count < options.workers && options.workers > 1
    // One stat per file (a folder may hold thousands of small files).
    let sizes = files.map(Self.fileSize)
    let totalDisk = sizes.reduce(0, +)
    let box = WorkSlots<IngestedFile>(count: files.count)
    // Largest files first so the two workers finish together.
    let order = files.indices.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }
    let options = self.options
    let window = TimeWindow(sinceMS: options.ingest.sinceMS, untilMS: options.ingest.untilMS)
    // Readers parse files (up to one per core); the pool extracts facts on every core.
    let pool = ExtractionPool(workers: max(1, options.workers), spill: spill, makeCounter: makeCounter)
    // A batch is handed on at 128 records or 2 MB of text, whichever comes first, so records
    // of any size keep the memory in flight bounded (at most a few batches wait in the pool).
    let batchSize = 128
    let batchBytes = 2 << 20
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while let next = box.take() {
        let fileIndex = order[next]
        let path = files[fileIndex]
        var ingestor = FileIngestor(options: options.ingest)
        var batch: [CallRecord] = []
        var bytes = 0
        var seq = 0
        var outside = 0
        var first: Int64?
        var last: Int64?
        // Records become compact facts as they are read: a record's texts never outlive its batch.
        // The time window is applied here, before a fact is made (see TimeWindow).
        ingestor.recordHandler = { rec in
          if let t = rec.timestampMS {
            first = min(first ?? t, t)
            last = max(last ?? t, t)
          }
          guard window.keeps(rec.timestampMS) else {
            outside += 1
            return
          }
          batch.append(rec)
          bytes += rec.textBytes
          if batch.count >= batchSize || bytes >= batchBytes {
            pool.submit(.init(file: fileIndex, seq: seq, records: batch))
            seq += 1
            batch.removeAll(keepingCapacity: true)
            bytes = 0
          }
        }
        var r = ingestor.ingest(path: path, prefetch: prefetch, resume: resume[path])
        if !batch.isEmpty { pool.submit(.init(file: fileIndex, seq: seq, records: batch)) }
        r.stats.outsideWindow = outside
        box.put(
          fileIndex,
          IngestedFile(
            path: path, facts: [], issues: r.issues, stats: r.stats, tokenizerStats: TokenizerStats(),
            firstTimestampMS: first, lastTimestampMS: last))
        if let progress {
          progress.progress(diskBytesDone: box.addToTotal(r.stats.diskBytes), diskBytesTotal: totalDisk)
        }
      }
    }
    var extracted = pool.finish()
    memo.record(
      distinct: extracted.distinct, lookups: extracted.lookups,
      hits: extracted.stats.values.reduce(0) { $0 + $1.memoHits })
    var results = box.results()
    let indexOfPath = Dictionary(files.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    for i in results.indices {
      guard let fileIndex = indexOfPath[results[i].path] else { continue }
      results[i].facts = extracted.facts.removeValue(forKey: fileIndex) ?? []
      results[i].tokenizerStats = extracted.stats[fileIndex] ?? TokenizerStats()
    }
    return results
  }
}

extension AuditPipeline {
  /// The size of a file in bytes (0 when it cannot be read).
  static func fileSize(_ path: String) -> Int {
    var st = stat()
    return stat(path, &st) == 0 ? Int(st.st_size) : 0
  }
}

/// The result of a run.
public struct AuditOutcome: Sendable {
  /// What the reports show.
  public var result: AuditResult
  /// Every kept call, in time order.
  public var facts: FactStore
  /// Stage timings.
  public var timings: [(String, Double)]
  /// What the incremental cache reused (nil without `--state`).
  public var cache: IngestCacheReport? = nil
}

/// One file's contribution: its calls' facts (in the run's spill), accounting and counters.
struct IngestedFile: Sendable {
  var path: String
  var facts: [FactRef]
  var issues: [IngestIssue]
  var stats: FileStats
  var tokenizerStats: TokenizerStats
  /// Earliest and latest timestamp of any record read, kept or outside the window.
  var firstTimestampMS: Int64? = nil
  var lastTimestampMS: Int64? = nil
}

/// Wall-clock stage timer (for `--verbose` only; results never depend on it).
struct StageClock {
  private var last = DispatchTime.now().uptimeNanoseconds
  var timings: [(String, Double)] = []

  /// Records a stage timed elsewhere (e.g. on another thread), without starting a new lap.
  mutating func record(_ name: String, seconds: Double) { timings.append((name, seconds)) }

  mutating func lap(_ name: String) {
    let now = DispatchTime.now().uptimeNanoseconds
    timings.append((name, Double(now - last) / 1e9))
    last = now
  }
}

/// Distinct texts, lookups and hits of the texts tokenized in this run (not taken from the cache).
final class MemoCounts: @unchecked Sendable {
  private let lock = NSLock()
  private var distinct = 0
  private var lookups = 0
  private var hits = 0

  func record(distinct d: Int, lookups l: Int, hits h: Int) {
    lock.lock()
    distinct += d
    lookups += l
    hits += h
    lock.unlock()
  }

  func snapshot() -> (distinct: Int, lookups: Int, hits: Int) {
    lock.lock()
    defer { lock.unlock() }
    let r = (distinct, lookups, hits)
    distinct = 0
    lookups = 0
    hits = 0
    return r
  }
}
