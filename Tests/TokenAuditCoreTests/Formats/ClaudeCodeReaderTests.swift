import Testing

@testable import TokenAuditCore

extension Formats {
  @Suite struct ClaudeCodeReaderTests {
    static let dir = "claude-code/projects/-workspace-example-app/"

    @Test func splitResponseLinesBecomeOneRecord() throws {
      let result = FormatFixtures.ingest(Self.dir + "88a8d761-7b9a-4bf1-a8ca-c1febe6bf358.jsonl")
      #expect(result.issues.isEmpty)
      #expect(result.stats.lines == 6)
      #expect(result.stats.linesByFormat == ["claude-code": 6])
      #expect(result.records.count == 3)
      #expect(result.stats.contextLines == 3)
      let split = try #require(result.records.first { $0.dedupKey == "msg_017zj75dqWUNqVxCUrhqbTkf" })
      #expect(split.requestID == "req_011CVJ51ytkcBEjrQhRNswqR")
      #expect(split.usage == TokenUsage(inputTokens: 19833, cacheWrite5mTokens: 19830, outputTokens: 183))
      #expect(split.responseToolCalls.map(\.name) == ["Grep"])
      #expect(split.responseText?.hasPrefix("I'll research") == true)
      #expect(split.agent == "subagent")
      #expect(split.phase == "subagent")
      // Cache writes and reads are added to input (Anthropic semantics).
      #expect(
        FormatFixtures.total(result.records)
          == TokenUsage(
            inputTokens: 305_335, cacheReadTokens: 141_272, cacheWrite5mTokens: 164_054, outputTokens: 738))
      let main = result.records[0]
      #expect(main.format == "claude-code")
      #expect(main.provider == "anthropic")
      #expect(main.model == "claude-sonnet-4-5-20250929")
      #expect(main.agent == "claude-code")
      #expect(main.phase == "main")
      #expect(main.traceID == "88a8d761-7b9a-4bf1-a8ca-c1febe6bf358")
      #expect(main.timestampMS == Timestamp.parseISO("2025-11-19T22:53:34.908Z"))
      #expect(main.usageSource == .logged)
      #expect(main.labels["project"] == "-workspace-example-app")
    }

    @Test func resumedSessionCopiesCollideOnTheirDedupKeys() throws {
      let original = FormatFixtures.ingest(Self.dir + "88a8d761-7b9a-4bf1-a8ca-c1febe6bf358.jsonl")
      let resumed = FormatFixtures.ingest(Self.dir + "99990000-0000-4000-8000-000000000009.jsonl")
      #expect(resumed.issues.isEmpty)
      // summary, 2 copies, user, <synthetic> notice, 1 new response
      #expect(resumed.records.count == 3)
      #expect(resumed.stats.contextLines == 3)
      let all = original.records + resumed.records
      let unique = FormatFixtures.deduplicated(all)
      #expect(unique.count == 4)
      for copy in resumed.records.prefix(2) {
        #expect(original.records.contains { $0.requestID == copy.requestID && $0.dedupKey == copy.dedupKey })
      }
      let fresh = try #require(resumed.records.last)
      #expect(fresh.loggedCostUSD == 0.0921)
      #expect(
        fresh.usage
          == TokenUsage(
            inputTokens: 144_284, cacheReadTokens: 141_272, cacheWrite5mTokens: 1000, cacheWrite1hTokens: 2000,
            outputTokens: 250))
      #expect(
        FormatFixtures.total(unique)
          == TokenUsage(
            inputTokens: 449_619, cacheReadTokens: 282_544, cacheWrite5mTokens: 165_054, cacheWrite1hTokens: 2000,
            outputTokens: 988))
    }

    @Test func subagentTranscriptsTakeTheSidecarTypeOrTheirAgentID() {
      let dir = Self.dir + "55550000-0000-4000-8000-000000000001/subagents/"
      let typed = FormatFixtures.ingest(dir + "agent-showcol1.jsonl")
      #expect(typed.records.count == 2)
      #expect(typed.records.allSatisfy { $0.agent == "general-purpose" && $0.phase == "subagent" })
      #expect(typed.records.allSatisfy { $0.traceID == "55550000-0000-4000-8000-000000000001" })
      #expect(typed.records.first?.labels["project"] == "-workspace-example-app")
      let untyped = FormatFixtures.ingest(dir + "agent-showcol2.jsonl")
      #expect(untyped.records.map(\.agent) == ["subagent:showcol2", "subagent:showcol2"])
      let main = FormatFixtures.ingest(Self.dir + "55550000-0000-4000-8000-000000000001.jsonl")
      #expect(main.records.count == 5)
      #expect(main.records.allSatisfy { $0.agent == "claude-code" && $0.phase == "main" })
      #expect(FormatFixtures.total(main.records) == TokenUsage(inputTokens: 600, outputTokens: 200))
    }

    @Test func legacyCostUSDIsKept() {
      let result = FormatFixtures.ingest("claude-code/projects/project-alpha/session-alpha.jsonl")
      #expect(result.records.map(\.loggedCostUSD) == [0.12, 0.34, 0.56])
      #expect(result.records.map { $0.usage?.inputTokens } == [135, 270, 340])
      #expect(result.records.map { $0.usage?.outputTokens } == [50, 75, 125])
      #expect(result.records.map(\.requestID) == ["req-alpha-1", "req-alpha-2", "req-alpha-3"])
      #expect(result.records.map(\.dedupKey) == ["msg-alpha-1", "msg-alpha-2", "msg-alpha-3"])
      #expect(result.records[1].labels["usage.speed"] == "fast")
      #expect(result.records[0].labels["project"] == "project-alpha")
    }

    @Test func agentFieldFallsBackToLabels() {
      var options = IngestOptions()
      options.phaseField = "project"
      let result = FormatFixtures.ingest("claude-code/projects/project-alpha/session-alpha.jsonl", options: options)
      #expect(result.records.allSatisfy { $0.phase == "project-alpha" })
    }
  }
}
