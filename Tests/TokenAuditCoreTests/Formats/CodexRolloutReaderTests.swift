import Testing

@testable import TokenAuditCore

extension Formats {
  @Suite struct CodexRolloutReaderTests {
    static let session = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"

    @Test func runningTotalsBecomeDeltasAndRepeatsAreDropped() {
      let result = FormatFixtures.ingest("codex/rollout-2026-05-13T08-59-59-\(Self.session).jsonl")
      #expect(result.issues.isEmpty)
      #expect(result.stats.linesByFormat == ["codex": 8])
      #expect(result.records.count == 2)
      #expect(result.stats.contextLines == 6)
      #expect(
        result.records.map(\.usage)
          == [
            TokenUsage(inputTokens: 1000, cacheReadTokens: 250, outputTokens: 125, reasoningTokens: 75),
            TokenUsage(inputTokens: 2500, cacheReadTokens: 500, outputTokens: 300, reasoningTokens: 200),
          ])
      // Input includes cached input and output includes reasoning: nothing is added on top.
      #expect(
        FormatFixtures.total(result.records)
          == TokenUsage(inputTokens: 3500, cacheReadTokens: 750, outputTokens: 425, reasoningTokens: 275))
      #expect(result.records.map(\.model) == ["gpt-5.2-codex", "gpt-5.3-codex"])
      #expect(result.records.allSatisfy { $0.agent == "codex" && $0.phase == "main" && $0.provider == "openai" })
      #expect(result.records.allSatisfy { $0.traceID == Self.session && $0.format == "codex" })
      #expect(result.records.map(\.requestID) == ["\(Self.session):1125", "\(Self.session):3925"])
      #expect(result.records[0].timestampMS == Timestamp.parseISO("2026-05-13T09:01:00.000Z"))
      #expect(result.records[0].labels["cwd"] == "/workspace/alpha")
    }

    @Test func replayedParentHistoryIsNotCountedAgain() {
      let parent = FormatFixtures.ingest("codex/rollout-2026-01-03T04-05-06-22222222-2222-4222-8222-222222222222.jsonl")
      let child = FormatFixtures.ingest("codex/rollout-2026-01-03T04-05-10-33333333-3333-4333-8333-333333333333.jsonl")
      #expect(parent.issues.isEmpty && child.issues.isEmpty)
      #expect(
        parent.records.map(\.usage) == [
          TokenUsage(inputTokens: 800, cacheReadTokens: 200, outputTokens: 60, reasoningTokens: 20)
        ])
      #expect(parent.records.first?.model == "gpt-5-codex")
      // The child replays the parent's token_count (a baseline, not a call), then adds one turn;
      // its repeated total and the unknown future line are context.
      #expect(child.records.count == 1)
      #expect(child.stats.contextLines == 10)
      let turn = child.records.first
      #expect(turn?.usage == TokenUsage(inputTokens: 500, cacheReadTokens: 100, outputTokens: 40, reasoningTokens: 10))
      #expect(turn?.model == "gpt-5-codex-mini")
      #expect(turn?.phase == "subagent")
      #expect(turn?.traceID == "33333333-3333-4333-8333-333333333333")
      #expect(turn?.labels["parent_thread_id"] == "22222222-2222-4222-8222-222222222222")
      // The replayed spawn_agent call belongs to the parent's turn, not the child's.
      #expect(parent.records.first?.responseToolCalls.map(\.name) == ["spawn_agent"])
      #expect(turn?.responseToolCalls.isEmpty == true)
      // Parent and child together equal the child's running total: no double count.
      #expect(
        FormatFixtures.total(parent.records + child.records)
          == TokenUsage(inputTokens: 1300, cacheReadTokens: 300, outputTokens: 100, reasoningTokens: 30))
    }

    @Test func sessionIdComesFromTheFileNameWithoutSessionMeta() {
      #expect(
        CodexRolloutReader.sessionFromFileName("/x/rollout-2026-05-13T08-59-59-\(Self.session).jsonl.gz")
          == Self.session)
      #expect(CodexRolloutReader.sessionFromFileName("/x/session-alpha.jsonl") == "session-alpha")
    }
  }
}
