import Testing

@testable import TokenAuditCore

@Suite struct SampleLogGeneratorTests {
  typealias G = SampleLogGenerator

  /// Parsed facts of every line, keyed by request id.
  struct Parsed {
    var requests: [String: String] = [:]
    var agents: Set<String> = []
    var providers: Set<String> = []
    var timestampKinds: Set<String> = []
    var usage: [String: TokenUsage] = [:]
    var promptTokens: [String: Int] = [:]
    var finish: [String: String] = [:]
    var status: [String: Int] = [:]
    var lines = 0
  }

  static func parse(_ files: [[UInt8]]) throws -> Parsed {
    var p = Parsed()
    let doc = JSONDocument()
    for bytes in files {
      for line in SampleLogTestSupport.rawLines(bytes) {
        p.lines += 1
        try doc.parse(copying: Array(line))
        #expect(!doc.hasInvalidUTF8)
        let root = doc.root
        let id = try #require(root["request_id"]?.string)
        let agent = try #require(root["agent"]?.string)
        let provider = try #require(root["provider"]?.string)
        p.agents.insert(agent)
        p.providers.insert(provider)
        let ts = try #require(root["timestamp"])
        p.timestampKinds.insert(
          ts.isString
            ? (ts.string!.hasSuffix("Z") ? "iso-z" : "iso-offset")
            : ts.rawJSON.contains(".") ? "epoch-fraction" : ts.rawJSON.count > 11 ? "epoch-ms" : "epoch-s")
        p.requests[id] = try #require(root["request"]).rawJSON
        p.status[id] = root["status"]?.int
        let response = try #require(root["response"])
        if let u = response["usage"] {
          let usage: TokenUsage
          if provider == "openai" {
            let prompt = try #require(u["prompt_tokens"]?.int)
            let cached = try #require(u.value(atPath: "prompt_tokens_details.cached_tokens")?.int)
            #expect(cached <= prompt)
            #expect(u["total_tokens"]?.int == prompt + (u["completion_tokens"]?.int ?? -1))
            usage = TokenUsage(
              inputTokens: prompt, cacheReadTokens: cached, outputTokens: u["completion_tokens"]!.int!,
              reasoningTokens: u.value(atPath: "completion_tokens_details.reasoning_tokens")!.int!)
            p.finish[id] = response.value(atPath: "choices")?.element(at: 0)?["finish_reason"]?.string
          } else {
            let input = try #require(u["input_tokens"]?.int)
            let read = try #require(u["cache_read_input_tokens"]?.int)
            let w5 = try #require(u.value(atPath: "cache_creation.ephemeral_5m_input_tokens")?.int)
            let w1 = try #require(u.value(atPath: "cache_creation.ephemeral_1h_input_tokens")?.int)
            #expect(u["cache_creation_input_tokens"]?.int == w5 + w1)
            usage = TokenUsage(
              inputTokens: input + read + w5 + w1, cacheReadTokens: read, cacheWrite5mTokens: w5,
              cacheWrite1hTokens: w1, outputTokens: u["output_tokens"]!.int!)
            p.finish[id] = response["stop_reason"]?.string
          }
          #expect(usage.inputTokens > 0 && usage.outputTokens > 0)
          p.usage[agent, default: TokenUsage()] += usage
          p.promptTokens[id] = usage.inputTokens
        }
      }
    }
    return p
  }

  @Test func sameSeedSameBytes() {
    let a = G(SampleLogTestSupport.small(days: 2, callsPerDay: 80)).generateInMemory(files: 2)
    let b = G(SampleLogTestSupport.small(days: 2, callsPerDay: 80)).generateInMemory(files: 2)
    let c = G(SampleLogTestSupport.small(seed: 8, days: 2, callsPerDay: 80)).generateInMemory(files: 2)
    #expect(a.files == b.files)
    #expect(a.truth == b.truth)
    #expect(a.files != c.files)
  }

  @Test func everyLineParsesAndUsageMatchesTruth() throws {
    let (files, truth) = G(SampleLogTestSupport.small()).generateInMemory(files: 3)
    let p = try Self.parse(files)
    #expect(p.lines == truth.lines)
    #expect(p.requests.count == truth.records)
    #expect(files.reduce(0) { $0 + $1.count } == truth.uncompressedBytes)
    #expect(p.providers == ["openai", "anthropic"])
    let agents: Set = [
      "support-triage", "support-answer", "planner", "coder", "nightly-digest", "extractor", "lean-faq",
    ]
    #expect(p.agents == agents)
    #expect(Set(truth.agents.map(\.agent)) == agents)
    #expect(p.timestampKinds == ["iso-z", "iso-offset", "epoch-s", "epoch-fraction", "epoch-ms"])
    for a in truth.agents {
      #expect(p.usage[a.agent] == a.usage, "usage of \(a.agent)")
    }
    #expect(truth.agent("lean-faq")?.intendedWaste == [])
    #expect(truth.agent("lean-faq")?.usage.cacheReadTokens ?? 0 > 0)
    #expect(truth.agent("planner")?.toolsDefined.count == 24)
    #expect(truth.agent("planner")?.toolsCalled == ["assign_agent", "create_task", "search_code"])
    #expect(truth.agent("extractor")?.batchCalls ?? 0 > 0)
  }

  @Test func plantedPatternsAreWhereTheTruthSays() throws {
    let (files, truth) = G(SampleLogTestSupport.small()).generateInMemory()
    let p = try Self.parse(files)
    #expect(!truth.exactRepeats.isEmpty && !truth.paraphrases.isEmpty && !truth.lookAlikes.isEmpty)
    for group in truth.exactRepeats {
      let bodies = Set(group.map { p.requests[$0] })
      #expect(bodies.count == 1 && bodies.first! != nil, "exact repeat \(group)")
    }
    for group in truth.paraphrases {
      #expect(Set(group.map { p.requests[$0] }).count == group.count)
    }
    for pair in truth.lookAlikes {
      #expect(p.requests[pair.first] != p.requests[pair.second])
    }
    #expect(!truth.retries.isEmpty)
    for r in truth.retries {
      #expect(p.status[r.succeeded] == 200)
      for (id, status) in zip(r.failed, r.statuses) {
        #expect(p.status[id] == status && status != 200)
        #expect(p.requests[id] == p.requests[r.succeeded])
      }
    }
    #expect(!truth.truncations.isEmpty)
    for t in truth.truncations {
      #expect(["length", "max_tokens"].contains(p.finish[t.truncated] ?? ""))
      #expect(!["length", "max_tokens"].contains(p.finish[t.reasked] ?? "length"))
    }
    #expect(!truth.longContext.isEmpty)
    for id in truth.longContext { #expect(p.promptTokens[id] ?? 0 > 200_000) }
    #expect(!truth.timestampedPrompts.isEmpty && !truth.missingUsage.isEmpty)
    for id in truth.missingUsage { #expect(p.usage.isEmpty || p.promptTokens[id] == nil) }
  }

  @Test func targetSizeLandsNearTheTarget() {
    var c = SampleLogTestSupport.small(days: 2)
    c.volume = .targetBytes(12_000_000)
    c.longContextEvery = 0
    let truth = G(c).generateInMemory().truth
    #expect(truth.uncompressedBytes > 9_000_000 && truth.uncompressedBytes < 15_000_000)
  }

  @Test func calendarDateParses() {
    #expect(G.CalendarDate("2026-11-16") == G.CalendarDate(year: 2026, month: 11, day: 16))
    #expect(G.CalendarDate("2026-13-01") == nil)
    #expect(G.CalendarDate("2026-11-16")?.description == "2026-11-16")
  }
}

@Suite struct SampleLogPresetTests {
  @Test func fixturePresetIsSmallAndComplete() {
    let config = SampleLogGenerator.Configuration.preset(.fixture)
    let truth = SampleLogGenerator(config).generateInMemory().truth
    #expect(truth.uncompressedBytes < 2_000_000)
    #expect(truth.agents.count == 7)
    #expect(truth.lastTimestampMS - truth.firstTimestampMS > 6 * 86_400_000)
    #expect(!truth.exactRepeats.isEmpty && !truth.paraphrases.isEmpty && !truth.lookAlikes.isEmpty)
    #expect(!truth.retries.isEmpty && !truth.truncations.isEmpty && !truth.missingUsage.isEmpty)
    #expect(!truth.timestampedPrompts.isEmpty)
    #expect(truth.agents.contains { $0.batchCalls > 0 })
  }

  @Test func benchmarkPresetTargetsAGigabyte() {
    let config = SampleLogGenerator.Configuration.preset(.benchmark, seed: 1)
    #expect(config.volume == .targetBytes(1_000_000_000))
    #expect(config.files == 4 && config.days == 7)
  }
}
