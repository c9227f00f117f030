import Testing

@testable import TokenAuditCore

extension Formats {
  @Suite struct OpenAIResponsesReaderTests {
    @Test func bareResponsesAndCompletedEvents() throws {
      let result = FormatFixtures.ingest("openai-responses/responses.jsonl")
      #expect(result.issues.isEmpty)
      #expect(result.stats.linesByFormat == ["openai-responses": 7])
      #expect(result.records.count == 5)
      #expect(result.stats.contextLines == 2)
      // Cached tokens are part of input_tokens and reasoning part of output_tokens: not added again.
      #expect(
        FormatFixtures.total(result.records)
          == TokenUsage(inputTokens: 2433, cacheReadTokens: 1920, outputTokens: 1484, reasoningTokens: 832))
      let cached = try #require(result.records.first { $0.requestID == "resp_cached_0001" })
      #expect(cached.usage == TokenUsage(inputTokens: 2006, cacheReadTokens: 1920, outputTokens: 300))
      #expect(cached.usage?.uncachedInputTokens == 86)
      #expect(cached.agent == "storyteller")
      #expect(cached.phase == "draft")
      #expect(cached.system == "You are a storyteller. Keep stories under three sentences.")
      #expect(cached.latencyMS == 2000)
      let tool = try #require(
        result.records.first { $0.requestID == "resp_67ca09c5efe0819096d0511c92b8c890096610f474011cc0" })
      #expect(tool.responseToolCalls.map(\.name) == ["get_current_weather"])
      #expect(tool.finishReason == "tool_calls")
      #expect(tool.tools.map(\.name) == ["get_current_weather"])
      let reasoning = try #require(result.records.first { $0.model == "o1-2024-12-17" })
      #expect(reasoning.usage?.reasoningTokens == 832)
      let streamed = try #require(result.records.last)
      #expect(streamed.streamed)
      #expect(streamed.usage == TokenUsage(inputTokens: 19, outputTokens: 39))
      #expect(streamed.model == "gpt-4.1-2025-04-14")
      #expect(
        result.records.allSatisfy { $0.provider == "openai" && $0.status == 200 && $0.format == "openai-responses" })
    }

    @Test func nativeEnvelopeDispatchesResponsesBodies() throws {
      let result = FormatFixtures.ingest("native/responses-envelope.jsonl")
      #expect(result.issues.isEmpty)
      #expect(result.records.count == 2)
      let call = result.records[0]
      #expect(call.format == "native")
      #expect(call.agent == "weather-bot")
      #expect(call.usage == TokenUsage(inputTokens: 291, outputTokens: 23))
      #expect(call.messages.map(\.text) == ["What is the weather like in Boston today?"])
      #expect(call.tools.map(\.name) == ["get_current_weather"])
      #expect(call.responseToolCalls.first?.arguments == "{\"location\":\"Boston, MA\",\"unit\":\"celsius\"}")
      let streamed = result.records[1]
      #expect(streamed.streamed)
      #expect(streamed.usage == TokenUsage(inputTokens: 19, outputTokens: 39))
      #expect(streamed.responseText?.hasPrefix("Hello! I’m ChatGPT") == true)
      #expect(streamed.messages.map(\.text) == ["Say some greetings"])
    }
  }
}
