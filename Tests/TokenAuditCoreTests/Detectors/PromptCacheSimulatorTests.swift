import Testing

@testable import TokenAuditCore

/// The provider rules replayed by `PromptCacheSimulator`, one test per rule.
@Suite struct PromptCacheSimulatorTests {
  static let table = try! PriceTable.bundled()

  static func openAI() throws -> PromptCacheSimulator {
    let p = try #require(PromptCachePolicy.for(model: "gpt-4o", provider: "openai", in: table))
    #expect(p.activation == .automatic)
    #expect(p.minimumCacheableTokens == 1024)
    #expect(p.incrementTokens == 128)
    return PromptCacheSimulator(
      mode: .automatic, minimumTokens: p.minimumCacheableTokens, incrementTokens: p.incrementTokens,
      ttlSeconds: p.defaultTTLSeconds)
  }

  static func anthropic(_ points: PromptCacheSimulator.Breakpoints, oneHour: Bool = false) throws
    -> PromptCacheSimulator
  {
    let p = try #require(PromptCachePolicy.for(model: "claude-sonnet-4-5", provider: "anthropic", in: table))
    #expect(p.activation == .explicitBreakpoints)
    return PromptCacheSimulator(
      mode: .explicit(points), minimumTokens: p.minimumCacheableTokens, incrementTokens: p.incrementTokens,
      ttlSeconds: oneHour ? 3_600 : p.defaultTTLSeconds)
  }

  @Test func openAIReadsInSteps128AboveTheMinimum() throws {
    var sim = try Self.openAI()
    #expect(sim.step(chain: [1, 2], tokens: [1100, 1500], systemIndex: 0, timeMS: 0).readTokens == 0)
    // The shared 1,100-token prefix is read as 1,024 (the minimum plus no whole 128-token step).
    #expect(sim.step(chain: [1, 3], tokens: [1100, 1600], systemIndex: 0, timeMS: 60_000).readTokens == 1024)
    // The deeper 1,500-token boundary: 1,024 + 3 × 128.
    #expect(
      sim.step(chain: [1, 2, 4], tokens: [1100, 1500, 1900], systemIndex: 0, timeMS: 120_000).readTokens == 1408)
    #expect(sim.rounded(1151) == 1024)
    #expect(sim.rounded(1152) == 1152)
    #expect(sim.rounded(1023) == 0)
    // No write premium under automatic caching.
    #expect(sim.step(chain: [9], tokens: [5000], systemIndex: 0, timeMS: 130_000).writeTokens == 0)
  }

  @Test func openAIIgnoresPrefixesBelow1024Tokens() throws {
    var sim = try Self.openAI()
    #expect(sim.step(chain: [7, 8], tokens: [600, 1000], systemIndex: 0, timeMS: 0).readTokens == 0)
    #expect(sim.step(chain: [7, 8], tokens: [600, 1000], systemIndex: 0, timeMS: 1_000).readTokens == 0)
  }

  @Test func openAIEntriesExpireAfterTheirLifetime() throws {
    var sim = try Self.openAI()
    _ = sim.step(chain: [1], tokens: [2048], systemIndex: 0, timeMS: 0)
    #expect(sim.step(chain: [1], tokens: [2048], systemIndex: 0, timeMS: 299_000).readTokens == 2048)
    // 299 s refreshed the entry; 301 s after that it is gone.
    #expect(sim.step(chain: [1], tokens: [2048], systemIndex: 0, timeMS: 600_001).readTokens == 0)
  }

  @Test func anthropicWritesOnceThenReadsWhileHitsRefreshTheEntry() throws {
    var sim = try Self.anthropic([.system])
    let first = sim.step(chain: [1, 10], tokens: [2000, 2100], systemIndex: 0, timeMS: 0)
    #expect(first == PromptCacheSimulator.Outcome(readTokens: 0, writeTokens: 2000))
    // Every 4 minutes: each hit refreshes the 5-minute entry, so it never expires.
    for k in 1...4 {
      let o = sim.step(chain: [1, UInt64(10 + k)], tokens: [2000, 2100], systemIndex: 0, timeMS: Int64(k) * 240_000)
      #expect(o == PromptCacheSimulator.Outcome(readTokens: 2000, writeTokens: 0))
    }
  }

  @Test func anthropicEntryExpiresBetweenSparseCallsUnlessOneHour() throws {
    var fiveMinutes = try Self.anthropic([.system])
    var oneHour = try Self.anthropic([.system], oneHour: true)
    _ = fiveMinutes.step(chain: [1, 10], tokens: [2000, 2100], systemIndex: 0, timeMS: 0)
    _ = oneHour.step(chain: [1, 10], tokens: [2000, 2100], systemIndex: 0, timeMS: 0)
    // Six minutes later the 5-minute entry is gone (write again); the 1-hour one is read.
    let late5 = fiveMinutes.step(chain: [1, 11], tokens: [2000, 2100], systemIndex: 0, timeMS: 360_000)
    let late1h = oneHour.step(chain: [1, 11], tokens: [2000, 2100], systemIndex: 0, timeMS: 360_000)
    #expect(late5 == PromptCacheSimulator.Outcome(readTokens: 0, writeTokens: 2000))
    #expect(late1h == PromptCacheSimulator.Outcome(readTokens: 2000, writeTokens: 0))
  }

  @Test func anthropicWritePremiumsAndReadPriceComeFromThePriceTable() throws {
    let p = try #require(PromptCachePolicy.for(model: "claude-sonnet-4-5", provider: "anthropic", in: Self.table))
    #expect(abs(p.write5mMultiplier - 1.25) < 1e-9)
    #expect(abs(p.write1hMultiplier - 2) < 1e-9)
    #expect(abs(p.readMultiplier - 0.1) < 1e-9)
    #expect(p.minimumCacheableTokens == 1024)
  }

  @Test func anthropicPrefixBelowTheMinimumIsNeverCached() throws {
    var sim = try Self.anthropic([.system])
    #expect(sim.step(chain: [1, 2], tokens: [900, 1000], systemIndex: 0, timeMS: 0) == PromptCacheSimulator.Outcome())
    #expect(
      sim.step(chain: [1, 3], tokens: [900, 1000], systemIndex: 0, timeMS: 1_000) == PromptCacheSimulator.Outcome())
  }

  @Test func conversationBreakpointLetsTheNextTurnReadTheHistory() throws {
    var sim = try Self.anthropic([.system, .history, .conversation])
    let turn1 = sim.step(chain: [1, 2], tokens: [1500, 1700], systemIndex: 0, timeMS: 0)
    #expect(turn1 == PromptCacheSimulator.Outcome(readTokens: 0, writeTokens: 1700))
    // Turn 2 re-sends turn 1 plus the answer and a new question: it reads all of turn 1.
    let turn2 = sim.step(chain: [1, 2, 3, 4], tokens: [1500, 1700, 1900, 2000], systemIndex: 0, timeMS: 30_000)
    #expect(turn2 == PromptCacheSimulator.Outcome(readTokens: 1700, writeTokens: 300))
  }
}
