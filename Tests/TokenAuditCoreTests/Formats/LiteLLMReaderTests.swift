import Testing

@testable import TokenAuditCore

extension Formats {
  @Suite struct LiteLLMReaderTests {
    @Test func standardLoggingPayload() throws {
      let result = FormatFixtures.ingest("litellm/standard_logging_payload.jsonl")
      #expect(result.issues.isEmpty)
      #expect(result.stats.linesByFormat == ["litellm": 2])
      #expect(result.records.count == 2)
      let plain = result.records[0]
      #expect(plain.requestID == "chatcmpl-2299b6a2-82a3-465a-b47c-04e685a2227f")
      #expect(plain.model == "gpt-4o")
      #expect(plain.provider == "openai")
      #expect(plain.usage == TokenUsage(inputTokens: 10, outputTokens: 20))
      #expect(plain.loggedCostUSD == 0.00022500000000000002)
      #expect(plain.streamed)
      #expect(plain.status == 200)
      #expect(plain.timestampMS == Timestamp.parseISO("2025-01-24T09:20:46.847Z"))
      #expect(plain.messages.map(\.text) == ["Hello, world!"])
      #expect(plain.responseText == "hi")
      #expect(plain.agent == nil)
      let cached = result.records[1]
      // prompt_tokens already includes the cache reads and writes: they are not added again.
      #expect(
        cached.usage
          == TokenUsage(inputTokens: 2010, cacheReadTokens: 1500, cacheWrite5mTokens: 500, outputTokens: 100))
      #expect(cached.provider == "anthropic")
      #expect(cached.agent == "planner")
      #expect(cached.phase == "plan")
      #expect(cached.traceID == "wf-research-7")
      #expect(cached.latencyMS == 2500)
      #expect(cached.timestampMS == 1_737_710_446_500)
      #expect(cached.labels["team_alias"] == "research-team")
      #expect(cached.labels["key_alias"] == "ci-key")
      #expect(cached.labels["end_user"] == "user-42")
      #expect(cached.labels["request_tags"] == "agent:planner,phase:plan,prod")
      #expect(cached.labels["metadata.requester_metadata.agent_name"] == "planner")
      #expect(cached.system == "You plan research.")
    }

    @Test func spendLogRowsWithJSONEncodedStrings() throws {
      let result = FormatFixtures.ingest("litellm/spend_logs.jsonl")
      #expect(result.issues.isEmpty)
      #expect(result.records.count == 2)
      let sample = result.records[0]
      #expect(sample.requestID == "chatcmpl-2283081b-dc89-41f6-93e6-d4f914774027")
      #expect(sample.traceID == "1234567890")
      #expect(sample.usage == TokenUsage(inputTokens: 10, outputTokens: 20))
      #expect(sample.loggedCostUSD == 0.00022500000000000002)
      let support = result.records[1]
      #expect(support.usage == TokenUsage(inputTokens: 1200, cacheReadTokens: 1024, outputTokens: 40))
      #expect(support.agent == "support-team")
      #expect(support.phase == "triage")
      #expect(support.traceID == "sess-support-3")
      #expect(support.labels["key_alias"] == "support-bot-key")
      #expect(support.labels["tag.tier"] == "gold")
      #expect(support.messages.map(\.text) == ["My order is late."])
      #expect(support.responseText == "Sorry to hear that.")
      #expect(
        FormatFixtures.total(result.records) == TokenUsage(inputTokens: 1210, cacheReadTokens: 1024, outputTokens: 60))
    }

    @Test func agentFieldResolvesInsideJSONEncodedMetadata() {
      var options = IngestOptions()
      options.agentField = "metadata.user_api_key_alias"
      let result = FormatFixtures.ingest("litellm/spend_logs.jsonl", options: options)
      #expect(result.records.map(\.agent) == [nil, "support-bot-key"])
    }
  }
}
