#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes realistic, deterministic LLM request logs of a multi-agent team in the native
/// envelope, with a known set of inefficiencies, for fixtures and benchmarks.
///
/// Every line is `{"timestamp", "request_id", "trace_id", "agent", "phase", "provider", "model",
/// "latency_ms", "status", "batch", "request", "response", "metadata"}` where `request` and
/// `response` are OpenAI Chat Completions or Anthropic Messages bodies. Usage is consistent with
/// the text (one token per four UTF-8 bytes) and with each provider's prompt-cache semantics.
/// The same configuration always gives the same bytes: all randomness comes from the seed and
/// all times from `startDate`.
///
/// The team: `support-triage` (labels on an expensive model), `support-answer` (multi-turn,
/// re-sent history and retrieved chunks, partial caching), `planner` (24 tools, 3 used, cache-busting
/// timestamp in some traces), `coder` (tool loops, rare >200k prompts, o4-mini review),
/// `nightly-digest` (unbatched 02:00 burst), `extractor` (short JSON on gpt-4o, partly batched,
/// re-ingested duplicates) and `lean-faq` (the efficient control). `GroundTruth` lists what was
/// planted.
public struct SampleLogGenerator: Sendable {
  /// What to generate.
  public var configuration: Configuration

  /// Creates a generator.
  ///
  /// - Parameter configuration: Seed, span, volume, files and noise rates.
  public init(_ configuration: Configuration = Configuration()) {
    self.configuration = configuration
  }

  /// The name of file `index` (0-based): `requests-001.jsonl` or `requests-001.jsonl.gz`.
  ///
  /// - Parameters:
  ///   - index: The file's position.
  ///   - gzip: Whether the file is compressed.
  /// - Returns: The file name.
  public static func fileName(index: Int, gzip: Bool) -> String {
    var n = String(index + 1)
    while n.count < 3 { n = "0" + n }
    return "requests-\(n).jsonl" + (gzip ? ".gz" : "")
  }

  /// Writes the logs into `directory` (created if missing).
  ///
  /// - Parameters:
  ///   - directory: Output directory.
  ///   - files: Number of files; `nil` uses `configuration.files`.
  ///   - gzip: Compress each file (multi-member when `configuration.gzipMemberBytes` is set).
  /// - Returns: The ground truth, with the file names written.
  /// - Throws: `ByteSinkError` when a file cannot be created or written.
  @discardableResult
  public func write(to directory: String, files: Int? = nil, gzip: Bool = false) throws -> GroundTruth {
    try Self.makeDirectory(directory)
    let count = max(1, files ?? configuration.files)
    let names = (0..<count).map { Self.fileName(index: $0, gzip: gzip) }
    let level = configuration.gzipLevel
    return try generate(fileNames: names) { i in
      let path = directory.hasSuffix("/") ? directory + names[i] : directory + "/" + names[i]
      return gzip ? try GzipWriter(path: path, level: level) : try FileByteSink(path: path)
    }
  }

  /// Generates into memory: the uncompressed bytes of each file and the ground truth.
  ///
  /// - Parameter files: Number of files; `nil` uses `configuration.files`.
  /// - Returns: One byte array per file, and the ground truth.
  public func generateInMemory(files: Int? = nil) -> (files: [[UInt8]], truth: GroundTruth) {
    let count = max(1, files ?? configuration.files)
    let names = (0..<count).map { Self.fileName(index: $0, gzip: false) }
    var sinks: [MemoryByteSink] = []
    // Memory sinks cannot fail.
    let truth =
      (try? generate(fileNames: names) { _ in
        let s = MemoryByteSink()
        sinks.append(s)
        return s
      }) ?? Self.emptyTruth
    return (sinks.map(\.bytes), truth)
  }

  /// Generates through caller-provided sinks, one per file, opened in order and closed when full.
  ///
  /// - Parameters:
  ///   - fileNames: The names recorded in the ground truth (their count sets the number of files).
  ///   - openSink: Creates the sink of file `i`.
  /// - Returns: The ground truth.
  /// - Throws: What the sinks throw.
  public func generate(fileNames: [String], openSink: @escaping (Int) throws -> ByteSink) throws -> GroundTruth {
    let pool = SampleTextPool(seed: configuration.seed)
    let run = SampleRun(
      config: configuration, pool: pool, callsPerDay: callsPerDay(pool: pool), fileNames: fileNames,
      openSink: openSink)
    try run.run()
    return run.truth.result(intendedWaste: Self.intendedWaste)
  }

  /// Weekday calls per day: the configured figure, or one calibrated on a pilot run of up to
  /// 14 days so the whole output lands near the target size.
  ///
  /// - Returns: Calls per weekday.
  public func resolvedCallsPerDay() -> Int {
    callsPerDay(pool: SampleTextPool(seed: configuration.seed))
  }

  private func callsPerDay(pool: SampleTextPool) -> Int {
    switch configuration.volume {
    case .callsPerDay(let n): return max(1, n)
    case .targetBytes(let bytes):
      // The pilot covers whole weeks where it can, so quiet weekends are in the estimate.
      let pilotCalls = 200
      let pilotDays = min(14, max(1, configuration.days))
      var pilot = configuration
      pilot.malformed = false
      pilot.days = pilotDays
      let run = SampleRun(config: pilot, pool: pool, callsPerDay: pilotCalls, fileNames: ["pilot"]) { _ in
        CountingSink()
      }
      // A counting sink cannot fail.
      try? run.run(days: pilotDays)
      let perDayAtPilot = Double(max(1, run.truth.bytes)) / Double(pilotDays)
      let perDay = Double(bytes) / Double(max(1, configuration.days))
      return max(1, Int((Double(pilotCalls) * perDay / perDayAtPilot).rounded()))
    }
  }

  /// The waste each agent was built to show.
  static func intendedWaste(_ agent: SampleAgent) -> [Waste] {
    switch agent {
    case .supportTriage: return [.modelRouting, .duplicateRequests]
    case .supportAnswer: return [.contextGrowth, .missingPromptCache, .duplicateRequests, .truncatedOutputs]
    case .planner: return [.unusedTools, .cacheBustingPrefix]
    case .coder: return [.contextGrowth, .longContext]
    case .nightlyDigest: return [.batching, .truncatedOutputs]
    case .extractor: return [.modelRouting, .duplicateRequests]
    case .leanFAQ: return []
    }
  }

  private static let emptyTruth = SampleTruthRecorder().result(intendedWaste: intendedWaste)

  private static func makeDirectory(_ path: String) throws {
    var current = path.hasPrefix("/") ? "" : "."
    for part in path.split(separator: "/") {
      current += "/" + part
      if mkdir(current, 0o755) != 0 && errno != EEXIST {
        throw ByteSinkError.cannotCreate(current, String(cString: strerror(errno)))
      }
    }
  }
}

/// Counts bytes and drops them (pilot runs).
private final class CountingSink: ByteSink {
  var count = 0
  func write(_ bytes: UnsafeRawBufferPointer) throws { count += bytes.count }
  func close() throws {}
}
