import Testing

@testable import TokenAuditCore

extension Formats {
  @Suite struct OTelGenAIReaderTests {
    @Test func onlyInferenceSpansCountAndAgentsComeFromAncestors() throws {
      let result = FormatFixtures.ingest("otel-genai/agent-trace.json")
      #expect(result.issues.isEmpty)
      #expect(result.stats.linesByFormat == ["otel-genai": 1])
      // Two invoke_agent spans (repeating their children's usage) and one execute_tool span are not calls.
      #expect(result.records.count == 3)
      #expect(
        FormatFixtures.total(result.records)
          == TokenUsage(inputTokens: 3500, cacheReadTokens: 1600, cacheWrite5mTokens: 300, outputTokens: 450))
      #expect(result.records.map(\.agent) == ["planner", "planner", "booker"])
      #expect(result.records.allSatisfy { $0.traceID == "5b8efff798038103d269b633813fc60c" })
      let chat = result.records[0]
      #expect(chat.model == "gpt-4o-2024-08-06")
      #expect(chat.provider == "openai")
      #expect(chat.requestID == "chatcmpl-otel-1")
      #expect(chat.usage == TokenUsage(inputTokens: 1000, cacheReadTokens: 400, outputTokens: 200))
      #expect(chat.messages.map(\.text) == ["Plan a 3-day trip to Paris."])
      #expect(chat.responseToolCalls.map(\.name) == ["search_flights"])
      #expect(chat.finishReason == "tool_calls")
      #expect(chat.latencyMS == 2000)
      #expect(chat.timestampMS == 1_767_225_600_100)
      #expect(chat.labels["gen_ai.conversation.id"] == "conv-42")
      #expect(chat.labels["service.name"] == "travel-agents")
      let legacy = result.records[1]
      #expect(legacy.usage == TokenUsage(inputTokens: 500, outputTokens: 100))
      #expect(legacy.requestID == "a000000000000004")
      #expect(legacy.dedupKey == "5b8efff798038103d269b633813fc60c")
      let anthropic = result.records[2]
      #expect(anthropic.provider == "anthropic")
      #expect(anthropic.usage?.uncachedInputTokens == 500)
    }

    @Test func agentAncestorsInLaterLinesAreResolvedAtTheEnd() {
      let result = FormatFixtures.ingest("otel-genai/export-lines.jsonl")
      #expect(result.records.count == 1)
      #expect(result.stats.contextLines == 1)
      #expect(result.records.first?.agent == "booker")
    }

    @Test func agentFieldMapsToASpanAttribute() {
      var options = IngestOptions()
      options.phaseField = "gen_ai.conversation.id"
      let result = FormatFixtures.ingest("otel-genai/agent-trace.json", options: options)
      #expect(result.records.map(\.phase) == ["conv-42", nil, nil])
    }
  }
}
