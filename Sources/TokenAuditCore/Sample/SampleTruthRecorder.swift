/// Collects the ground truth while the generator runs.
final class SampleTruthRecorder {
  typealias G = SampleLogGenerator

  private struct AgentAccumulator {
    var providers: Set<String> = []
    var models: Set<String> = []
    var phases: Set<String> = []
    var calls = 0
    var failed = 0
    var withoutUsage = 0
    var batch = 0
    var usage = TokenUsage()
    var toolsDefined: Set<String> = []
    var toolsCalled: Set<String> = []
  }

  private var agents = [AgentAccumulator](repeating: AgentAccumulator(), count: SampleAgent.allCases.count)
  var files: [String] = []
  var lines = 0
  var records = 0
  var bytes = 0
  var firstMS: Int64 = .max
  var lastMS: Int64 = .min
  var exactRepeats: [[String]] = []
  var paraphrases: [[String]] = []
  var lookAlikes: [G.LookAlike] = []
  var retries: [G.Retry] = []
  var truncations: [G.Truncation] = []
  var longContext: [String] = []
  var timestamped: [String] = []
  var missingUsage: [String] = []
  var malformed: [G.MalformedLine] = []

  /// Accounts for one record as written.
  func recordWritten(_ r: SampleRecord, usage: SampleUsage?, usageValid: Bool) {
    records += 1
    firstMS = min(firstMS, r.timeMS)
    lastMS = max(lastMS, r.timeMS)
    let call = r.call
    var a = agents[call.agent.rawValue]
    a.calls += 1
    a.providers.insert(call.provider.name)
    a.models.insert(call.model.name)
    a.phases.insert(call.phase)
    if call.batch { a.batch += 1 }
    if let tools = call.tools { a.toolsDefined.formUnion(tools.names) }
    if r.isSuccess {
      for b in call.response {
        if case .toolUse(let u) = b { a.toolsCalled.insert(u.name) }
      }
      if r.omitUsage {
        a.withoutUsage += 1
        missingUsage.append(r.requestID)
      } else if let usage, usageValid {
        a.usage += usage.tokenUsage
      }
      if call.longContext { longContext.append(r.requestID) }
      if call.system?.header != nil { timestamped.append(r.requestID) }
    } else {
      a.failed += 1
    }
    agents[call.agent.rawValue] = a
  }

  /// The finished ground truth.
  func result(intendedWaste: (SampleAgent) -> [G.Waste]) -> G.GroundTruth {
    var list: [G.AgentTruth] = []
    for agent in SampleAgent.allCases {
      let a = agents[agent.rawValue]
      guard a.calls > 0 else { continue }
      list.append(
        G.AgentTruth(
          agent: agent.name, providers: a.providers.sorted(), models: a.models.sorted(), phases: a.phases.sorted(),
          calls: a.calls, failedCalls: a.failed, callsWithoutUsage: a.withoutUsage, batchCalls: a.batch,
          usage: a.usage, toolsDefined: a.toolsDefined.sorted(), toolsCalled: a.toolsCalled.sorted(),
          intendedWaste: intendedWaste(agent).sorted()))
    }
    list.sort { $0.agent < $1.agent }
    return G.GroundTruth(
      files: files, lines: lines, records: records, uncompressedBytes: bytes,
      firstTimestampMS: records == 0 ? 0 : firstMS, lastTimestampMS: records == 0 ? 0 : lastMS, agents: list,
      exactRepeats: exactRepeats, paraphrases: paraphrases, lookAlikes: lookAlikes, retries: retries,
      truncations: truncations, longContext: longContext, timestampedPrompts: timestamped,
      missingUsage: missingUsage, malformedLines: malformed)
  }
}
