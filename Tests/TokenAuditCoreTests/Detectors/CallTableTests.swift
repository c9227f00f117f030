import Testing

@testable import TokenAuditCore

/// The runner's packed table gives back each call's model, provider, batch flag and usage exactly,
/// counts beyond 32 bits included.
@Suite struct CallTableTests {
  @Test func givesBackEveryCallExactly() {
    var rng = SplitMix(state: 11)
    let models = [("gpt-4o", "openai"), ("claude-sonnet-4-5-20250929", "anthropic"), ("gemini-2.5-pro", "gemini")]
    var calls: [CallFacts] = []
    for i in 0..<2_000 {
      let m = models[rng.int(models.count)]
      // Now and then a count beyond 32 bits (absurd, but it must not be cut).
      let big = i % 97 == 0 ? Int(Int32.max) + rng.int(1_000) + 1 : 0
      let usage = TokenUsage(
        inputTokens: rng.int(300_000) + big, cacheReadTokens: rng.int(1_000), cacheWrite5mTokens: rng.int(1_000),
        cacheWrite1hTokens: rng.int(100), outputTokens: rng.int(9_000), reasoningTokens: rng.int(50))
      calls.append(
        CallFacts(
          source: SourceLocation(file: "x", line: i + 1), format: "native", timestampMS: nil, requestID: "r\(i)",
          dedupKey: nil, traceID: nil, agent: "a", agentInferred: false, phase: "-", provider: m.1, model: m.0,
          status: 200, errorType: nil, latencyMS: nil, isBatch: rng.int(4) == 0, streamed: false, finishReason: "stop",
          maxOutputTokens: nil, usage: usage, usageSource: .logged, loggedCostUSD: nil))
    }
    var table = CallTable()
    table.append(contentsOf: Array(calls[0..<700]))
    table.append(contentsOf: Array(calls[700...]))
    #expect(table.count == calls.count)
    for (i, f) in calls.enumerated() {
      let e = table[i]
      #expect(e.model == f.model && e.provider == f.provider && e.batch == f.isBatch && e.usage == f.usage)
      #expect(table[CallRef(f, index: i)].usage == f.usage)
    }
  }
}

/// What is kept per call for the whole run stays this small (memory grows with it).
@Suite struct PerCallSizeTests {
  @Test func perCallRecordsKeepTheirSize() {
    #expect(MemoryLayout<FactRef>.stride == 40)
    #expect(MemoryLayout<CallRef>.stride == 4)
    #expect(MemoryLayout<PruningGroup.Affected>.stride == 8)
    #expect(MemoryLayout<UnusedToolsDetector.Entry>.stride == 16)
  }

  @Test func factRefLinesSurviveTheNarrowerField() {
    var f = CallFacts(
      source: SourceLocation(file: "x", line: 123_456), format: "native", timestampMS: 5, requestID: nil,
      dedupKey: nil, traceID: nil, agent: "a", agentInferred: false, phase: "-", provider: "openai", model: "m",
      status: 200, errorType: nil, latencyMS: nil, isBatch: false, streamed: false, finishReason: nil,
      maxOutputTokens: nil, usage: TokenUsage(), usageSource: .logged, loggedCostUSD: nil)
    var ref = FactRef(f, offset: 0, length: 1)
    #expect(ref.line == 123_456 && ref.timestampMS == 5)
    ref.line = 7
    #expect(ref.line == 7)
    f.source = SourceLocation(file: "x", line: Int(UInt32.max) + 10)
    #expect(FactRef(f, offset: 0, length: 1).line == Int(UInt32.max))
  }
}
