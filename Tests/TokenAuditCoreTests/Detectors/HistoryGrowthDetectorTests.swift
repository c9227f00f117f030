import Testing

@testable import TokenAuditCore

extension Advisor {
  @Suite struct HistoryGrowthDetectorTests {
    @Test func flagsConversationsThatResendTheirWholeHistory() throws {
      let (r, fs) = try AdvisorFixtures.findings(HistoryGrowthDetector.id, "triggering")
      let f = try #require(fs.first)
      #expect(fs.count == 1)
      AdvisorFixtures.checkShape(f, r)
      #expect(f.kind == "full-history" && f.agent == "chat-assistant" && f.lever == "pruning")
      #expect(f.how.contains("last 6 turns"))
      #expect(f.detail.contains("15%"))
      let section = try #require(r.sections.first { $0.id == HistoryGrowthDetector.id })
      #expect(section.rows.first?.first == "chat-assistant")
    }

    @Test func shortConversationsAreNotFlagged() throws {
      let (_, fs) = try AdvisorFixtures.findings(HistoryGrowthDetector.id, "clean")
      #expect(fs.isEmpty)
    }

    @Test func keptTurnsAreConfigurable() throws {
      var config = AuditConfiguration()
      config.detectors[HistoryGrowthDetector.id] = ["keep_turns": 10]
      let path = AdvisorFixtures.path(HistoryGrowthDetector.id, "triggering")
      let r = try AdvisorFixtures.run([path], detectors: [HistoryGrowthDetector.id], configuration: config).result
      // Twelve-turn conversations leave only turn 12 past the window: too few calls.
      #expect(r.findings.isEmpty)
    }

    @Test func removesOldTurnsMinusTheSummaryAndItsRefresh() {
      var call = CallFacts(
        source: TokenAuditCore.SourceLocation(file: "x", line: 1), format: "native", agent: "a", agentInferred: false,
        phase: "-", provider: "openai", model: "gpt-4o", status: 200, isBatch: false, streamed: false,
        usage: TokenUsage(inputTokens: 1_000), usageSource: .logged)
      // Ten turns of 100 tokens after a 100-token system prompt: messages 0…18.
      call.turnStarts = Array(stride(from: 0, to: 20, by: 2))
      call.prefixTokens = [100] + (1...19).map { 100 + $0 * 50 }
      // keep 6: turns 2…4 (messages 2…7, 300 tokens) go; 85% of them minus one dropped turn (100) = 155,
      // scaled from 1,050 estimated to 1,000 billed tokens.
      #expect(HistoryGrowthDetector.removedTokens(call, keepTurns: 6, summaryShare: 0.15) == 147)
      #expect(HistoryGrowthDetector.removedTokens(call, keepTurns: 9, summaryShare: 0.15) == 0)
    }
  }
}
