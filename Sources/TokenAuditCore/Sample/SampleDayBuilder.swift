/// Builds one day of records: schedules workflows, turns calls into attempts (retries,
/// truncations) and records the ground truth known at build time.
final class SampleDayBuilder {
  let pool: SampleTextPool
  let options: SampleLogGenerator.Configuration
  let truth: SampleTruthRecorder
  /// Days since 1970-01-01.
  let dayNumber: Int
  let dayStartMS: Int64
  var rng: SampleRandom
  var records: [SampleRecord] = []
  /// Global creation counter (stable sort key), carried across days.
  var sequence: Int
  /// Coder traces started so far in the whole run (long-context schedule).
  var coderTraces: Int
  /// Fractional workflows carried from one day to the next, per `WorkflowKind`.
  var carry: [Double]

  /// Workflows whose daily count carries fractions over.
  enum WorkflowKind: Int, CaseIterable {
    case support, engineering, ingest, faq
  }

  init(
    pool: SampleTextPool, options: SampleLogGenerator.Configuration, truth: SampleTruthRecorder, dayNumber: Int,
    sequence: Int, coderTraces: Int, carry: [Double]
  ) {
    self.pool = pool
    self.options = options
    self.truth = truth
    self.dayNumber = dayNumber
    self.dayStartMS = Int64(dayNumber) * SampleClock.msPerDay
    self.rng = SampleRandom(seed: options.seed, stream: UInt64(bitPattern: Int64(dayNumber)))
    self.sequence = sequence
    self.coderTraces = coderTraces
    self.carry = carry
  }

  var dayEndMS: Int64 { dayStartMS + SampleClock.msPerDay }
  var isWeekend: Bool { SampleClock.weekday(days: dayNumber) >= 5 }

  // MARK: - Ids

  func requestID() -> String { "req_" + rng.token(24, from: SampleRandom.base62) }
  func traceID() -> String { "wf-" + rng.token(16, from: SampleRandom.hex) }
  func toolUseID(_ p: SampleProvider) -> String {
    p == .anthropic
      ? "toolu_01" + rng.token(22, from: SampleRandom.base62) : "call_" + rng.token(24, from: SampleRandom.base62)
  }
  private func responseID(_ p: SampleProvider) -> String {
    p == .anthropic
      ? "msg_01" + rng.token(22, from: SampleRandom.base62) : "chatcmpl-" + rng.token(29, from: SampleRandom.base62)
  }

  // MARK: - Times

  /// A start time for interactive work: mostly US/EU business hours, never after 22:30 UTC so
  /// workflows and their follow-ups end within the day.
  func businessTime() -> Int64 {
    let latest = 22 * 3600 + 1800
    let second =
      rng.chance(0.75)
      ? rng.bell(mean: 16.0 * 3600, spread: 2.6 * 3600, in: 6 * 3600...latest) : rng.int(0...latest)
    return dayStartMS + Int64(second) * 1000 + Int64(rng.below(1000))
  }

  /// A uniform time between `fromHour` and `toHour` (UTC).
  func uniformTime(fromHour: Int, toHour: Int) -> Int64 {
    dayStartMS + Int64(rng.int(fromHour * 3600...toHour * 3600 - 1)) * 1000 + Int64(rng.below(1000))
  }

  /// A later time for a follow-up workflow, staying inside the day.
  func laterTime(after t: Int64) -> Int64 {
    let room = max(120_000, dayEndMS - 2_700_000 - t)
    return t + Int64(rng.int(120_000...Int(min(room, 10_800_000))))
  }

  // MARK: - Emitting

  /// Noise a call may receive.
  struct Noise {
    var retry = true
    var truncate = false
    var dropUsage = true
    static let none = Noise(retry: false, truncate: false, dropUsage: false)
  }

  /// Logs `call` at `time`, possibly after failed attempts or a truncated one.
  ///
  /// - Returns: The successful attempt's request id and the time its response arrived.
  @discardableResult
  func emit(_ call: SampleCall, at time: Int64, noise: Noise = Noise()) -> (id: String, end: Int64) {
    var call = call
    call.maxTokens = max(call.maxTokens, call.outputTokens)
    let noisy = call.agent.takesNoise
    var t = time
    if noisy && noise.retry && rng.chance(options.retryRate) {
      var failed: [String] = []
      var statuses: [Int] = []
      for _ in 0..<(rng.chance(0.15) ? 2 : 1) {
        let status =
          call.provider == .anthropic ? [429, 529, 500][rng.weighted([5, 3, 2])] : [429, 500][rng.weighted([7, 3])]
        let latency = status == 429 ? rng.int(40...400) : status == 529 ? rng.int(200...2500) : rng.int(1500...30_000)
        let id = append(call, at: t, latency: latency, outcome: .failure(status: status))
        failed.append(id)
        statuses.append(status)
        t += Int64(latency + (status == 429 ? rng.int(1000...20_000) : rng.int(500...4000)))
      }
      let end = finish(call, at: t, noise: noise)
      truth.retries.append(.init(failed: failed, statuses: statuses, succeeded: end.id))
      return end
    }
    return finish(call, at: t, noise: noise)
  }

  private func finish(_ call: SampleCall, at time: Int64, noise: Noise) -> (id: String, end: Int64) {
    var call = call
    var t = time
    var truncatedID: String?
    if noise.truncate && call.agent.takesNoise && call.outputTokens >= 160 && rng.chance(options.truncationRate) {
      var cut = call
      cut.maxTokens = max(64, call.outputTokens * 55 / 100 / 32 * 32)
      cut.response = cut.response.map {
        if case .text(let text) = $0 { return .text(text.truncated(toBytes: cut.maxTokens * 4)) }
        return $0
      }
      cut.finish = .length
      let latency = latencyMS(cut, output: cut.maxTokens)
      truncatedID = append(cut, at: t, latency: latency, outcome: .success)
      t += Int64(latency + rng.int(3000...45_000))
      call.maxTokens = max(call.maxTokens, (call.outputTokens + 255) / 256 * 256 + 256)
    }
    let latency = latencyMS(call, output: call.outputTokens)
    let omit = noise.dropUsage && call.agent.takesNoise && rng.chance(options.missingUsageRate)
    let id = append(call, at: t, latency: latency, outcome: .success, omitUsage: omit)
    if let truncatedID { truth.truncations.append(.init(truncated: truncatedID, reasked: id)) }
    return (id, t + Int64(latency))
  }

  private func append(
    _ call: SampleCall, at time: Int64, latency: Int, outcome: SampleRecord.Outcome, omitUsage: Bool = false
  ) -> String {
    let id = requestID()
    let responseID: String
    if case .failure = outcome, call.provider == .anthropic {
      responseID = "req_011C" + rng.token(20, from: SampleRandom.base62)
    } else {
      responseID = self.responseID(call.provider)
    }
    records.append(
      SampleRecord(
        call: call, requestID: id, responseID: responseID, timeMS: time, latencyMS: latency, sequence: sequence,
        outcome: outcome, omitUsage: omitUsage))
    sequence += 1
    return id
  }

  /// Time to first token grows with the prompt; then a per-token speed. Batch calls wait for
  /// their batch window.
  func latencyMS(_ call: SampleCall, output: Int) -> Int {
    if call.batch { return rng.int(300_000...5_400_000) }
    return 250 + rng.below(400) + call.promptTokens / 40 + output * call.model.msPerOutputToken
  }
}
