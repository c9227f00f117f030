/// One generation pass: builds the days in order, replays the prompt caches, encodes every
/// record and spreads the lines over the output files.
final class SampleRun {
  typealias G = SampleLogGenerator

  private let config: G.Configuration
  private let pool: SampleTextPool
  private let callsPerDay: Int
  private let fileNames: [String]
  private let openSink: (Int) throws -> ByteSink
  let truth = SampleTruthRecorder()
  private let usageModel = SampleUsageModel()
  private var encoder = SampleRecordEncoder()
  private var malformer: SampleMalformer
  private var sink: ByteSink?
  private var fileIndex = -1
  private var lineInFile = 0
  private var memberBytes = 0
  private var lastGoodLine: [UInt8] = []
  private var lastTimeMS: Int64 = 0
  private var idRandom: SampleRandom

  init(
    config: G.Configuration, pool: SampleTextPool, callsPerDay: Int, fileNames: [String],
    openSink: @escaping (Int) throws -> ByteSink
  ) {
    self.config = config
    self.pool = pool
    self.callsPerDay = callsPerDay
    self.fileNames = fileNames
    self.openSink = openSink
    self.malformer = SampleMalformer(enabled: config.malformed, every: config.malformedEvery)
    self.idRandom = SampleRandom(seed: config.seed, stream: 0xBAD)
    truth.files = fileNames
  }

  /// Runs `days` days (all of them when `nil`) and closes every file.
  func run(days: Int? = nil) throws {
    let firstDay = config.startDate.daysSinceEpoch
    let dayCount = max(1, days ?? config.days)
    var sequence = 0
    var coderTraces = 0
    var carry = [Double](repeating: 0, count: SampleDayBuilder.WorkflowKind.allCases.count)
    for d in 0..<dayCount {
      let day = SampleDayBuilder(
        pool: pool, options: config, truth: truth, dayNumber: firstDay + d, sequence: sequence,
        coderTraces: coderTraces, carry: carry)
      day.buildDay(callsPerDay: callsPerDay)
      sequence = day.sequence
      coderTraces = day.coderTraces
      carry = day.carry
      let records = day.records.sorted { ($0.timeMS, $0.sequence) < ($1.timeMS, $1.sequence) }
      for r in records { try write(r) }
      usageModel.endDay(at: day.dayEndMS)
    }
    try switchFile(to: fileNames.count)
  }

  // MARK: - Lines

  private func write(_ r: SampleRecord) throws {
    try switchFile(to: fileFor(r.timeMS))
    let usage = r.isSuccess ? usageModel.usage(for: r.call, at: r.timeMS) : nil
    var applied: G.MalformedKind?
    var defect = SampleUsageDefect.none
    if let k = malformer.pending {
      let hasUsage = usage != nil && !r.omitUsage
      if k == .crlfLine || hasUsage {
        applied = k
        defect = k == .wrongUsageType ? .wrongType : k == .negativeTokens ? .negative : .none
        malformer.consumed(k)
      }
    }
    encoder.encode(r, usage: usage, defect: defect)
    lastGoodLine = encoder.w.bytes
    lastTimeMS = r.timeMS
    try emitLine(&encoder.w.bytes, crlf: applied == .crlfLine)
    if let applied {
      truth.malformed.append(.init(file: fileNames[fileIndex], line: lineInFile, kind: applied, requestID: r.requestID))
    }
    truth.recordWritten(r, usage: usage, usageValid: defect == .none)
    if let k = malformer.afterGoodLine() { try writeStandalone(k) }
  }

  private func writeStandalone(_ kind: G.MalformedKind) throws {
    let id = "req_" + idRandom.token(24, from: SampleRandom.base62)
    var bytes = SampleMalformer.line(kind, previous: lastGoodLine, timeMS: lastTimeMS, id: id)
    try emitLine(&bytes, crlf: false)
    truth.malformed.append(.init(file: fileNames[fileIndex], line: lineInFile, kind: kind, requestID: nil))
  }

  /// Appends the line end, writes, counts, and ends a gzip member when it is big enough.
  private func emitLine(_ bytes: inout [UInt8], crlf: Bool) throws {
    if crlf { bytes.append(0x0D) }
    bytes.append(0x0A)
    try sink?.write(bytes)
    bytes.removeLast(crlf ? 2 : 1)
    lineInFile += 1
    truth.lines += 1
    truth.bytes += bytes.count + (crlf ? 2 : 1)
    memberBytes += bytes.count + 1
    if let limit = config.gzipMemberBytes, memberBytes >= limit, let gz = sink as? GzipWriter {
      try gz.finishMember()
      memberBytes = 0
    }
  }

  // MARK: - Files

  private func fileFor(_ t: Int64) -> Int {
    let start = Int64(config.startDate.daysSinceEpoch) * SampleClock.msPerDay
    let span = Int64(max(1, config.days)) * SampleClock.msPerDay
    let i = Int((t - start) * Int64(fileNames.count) / span)
    return min(fileNames.count - 1, max(0, i))
  }

  /// Closes the current file and opens every file up to `target` (empty ones included).
  private func switchFile(to target: Int) throws {
    while fileIndex < target {
      if let s = sink {
        for k in malformer.leftovers() { try writeStandalone(k) }
        try s.close()
        sink = nil
      }
      fileIndex += 1
      guard fileIndex < fileNames.count else { return }
      sink = try openSink(fileIndex)
      lineInFile = 0
      memberBytes = 0
      malformer.startFile()
    }
  }
}
