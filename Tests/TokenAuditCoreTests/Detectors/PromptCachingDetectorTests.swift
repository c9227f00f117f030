import Testing

@testable import TokenAuditCore

@Suite struct PromptCachingDetectorTests {
  @Test func triggeringFixtureRecommendsCaching() throws {
    let run = try CachingHarness.run(PromptCachingDetector.self, ["detectors/prompt-caching/triggering.jsonl"])
    let out = run.output
    let f = try #require(out.findings.first)
    #expect(out.findings.count == 1)
    #expect(f.kind == "prompt-caching")
    #expect(f.agent == "research-agent")
    #expect(f.phase == "research")
    #expect(f.lever == "caching")
    #expect(f.week == 4)
    #expect(f.confidence == "high")
    #expect(f.how.contains("after the tool definitions and system prompt"))
    #expect(f.how.contains("5-minute"))
    #expect(abs(f.monthlySavingsUSD - f.savingsUSD * run.result.period.monthlyFactor) < 1e-12)

    // By hand: the first call writes the tools + system prefix at 1.25× input, the five others
    // (2 minutes apart, inside the 5-minute lifetime) read it at 0.1× input.
    let input = 3e-6
    let read = 3e-7
    let write = 3.75e-6
    var expected = 0.0
    for (i, c) in run.facts.enumerated() {
      let scale = Double(c.usage.inputTokens) / Double(c.prefixTokens.last! + FactExtractor.perMessageTokens)
      let prefix = Double(min(c.usage.inputTokens, Int(Double(c.prefixTokens[0]) * scale)))
      expected += i == 0 ? -prefix * (write - input) : prefix * (input - read)
    }
    #expect(abs(f.savingsUSD - expected) < 1e-9)

    // The advisor's factors: every call but the first (which pays the write premium) gets cheaper.
    #expect(out.effects.count == 5)
    #expect(!out.effects.contains { $0.callIndex == 0 })
    #expect(out.effects.allSatisfy { $0.costFactor > 0 && $0.costFactor < 1 && $0.findingID == f.id })

    let plan = try #require(out.sections.first { $0.id == "prompt-caching-plan" })
    #expect(plan.rows.first?.first == "research-agent")
  }

  @Test func volatileSystemPromptIsItsOwnFinding() throws {
    let run = try CachingHarness.run(PromptCachingDetector.self, ["detectors/prompt-caching/triggering-volatile.jsonl"])
    let f = try #require(run.output.findings.first)
    #expect(run.output.findings.count == 1)
    #expect(f.kind == "volatile-system-prefix")
    #expect(f.agent == "dated-agent")
    #expect(f.how.hasPrefix("Move the changing value"))
    #expect(f.savingsUSD > 0)
    // Every system prompt differs (a timestamp on its first line), yet they are one prompt once masked.
    #expect(Set(run.facts.map(\.systemHash)).count == 5)
    #expect(Set(run.facts.map(\.systemStableHash)).count == 1)
    #expect(run.facts.allSatisfy { $0.systemVolatileOffset == 14 })
  }

  @Test func cachingThatNeverHitsIsALowHitRateFinding() throws {
    // cache_control sits on the latest user message, which changes every call: writes, no reads.
    let run = try CachingHarness.run(PromptCachingDetector.self, ["detectors/prompt-caching/triggering-low-hit.jsonl"])
    let f = try #require(run.output.findings.first)
    #expect(run.output.findings.count == 1)
    #expect(f.kind == "low-cache-hit-rate")
    #expect(f.agent == "writer-agent")
    #expect(f.title == "Prompt cache reads only 0% of input tokens")
    #expect(f.savingsUSD > 0)
    let plan = try #require(run.output.sections.first { $0.id == "prompt-caching-plan" })
    #expect(plan.rows.first?[5] == "cache_control on 6")
  }

  @Test func cleanFixtureFindsNothing() throws {
    let run = try CachingHarness.run(PromptCachingDetector.self, ["detectors/prompt-caching/clean.jsonl"])
    #expect(run.output.findings.isEmpty)
  }
}
