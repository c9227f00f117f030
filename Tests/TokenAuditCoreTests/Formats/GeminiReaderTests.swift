import Testing

@testable import TokenAuditCore

extension Formats {
  @Suite struct GeminiReaderTests {
    @Test func thoughtsAndToolUsePromptsAreAdded() {
      let result = FormatFixtures.ingest("gemini/responses.jsonl")
      #expect(result.issues.isEmpty)
      #expect(result.stats.linesByFormat == ["gemini": 3])
      #expect(
        result.records.map(\.usage)
          == [
            TokenUsage(inputTokens: 9, outputTokens: 21, reasoningTokens: 20),
            TokenUsage(inputTokens: 5, cacheReadTokens: 3, outputTokens: 279, reasoningTokens: 41),
            TokenUsage(inputTokens: 150, outputTokens: 10),
          ])
      // Each total equals the API's totalTokenCount (30, 284, 160).
      #expect(result.records.map { $0.usage?.totalTokens } == [30, 284, 160])
      #expect(result.records.allSatisfy { $0.provider == "gemini" && $0.model == "gemini-2.5-flash" })
      #expect(result.records[0].requestID == "hi77aOvyCJ-jvr0P8syDgQw")
      #expect(result.records[0].responseText == "low")
      #expect(result.records[0].finishReason == "stop")
      #expect(result.records[2].responseToolCalls.map(\.name) == ["get_weather"])
      #expect(result.records[2].finishReason == "tool_calls")
    }

    @Test func nativeEnvelopeWithGeminiBodiesAndChunks() {
      let result = FormatFixtures.ingest("native/gemini-envelope.jsonl")
      #expect(result.issues.isEmpty)
      #expect(result.records.count == 2)
      let plain = result.records[0]
      #expect(plain.provider == "gemini")
      #expect(plain.system == "I say high you say low")
      #expect(plain.messages.map(\.text) == ["high"])
      #expect(plain.usage == TokenUsage(inputTokens: 9, outputTokens: 21, reasoningTokens: 20))
      let streamed = result.records[1]
      #expect(streamed.streamed)
      // Cumulative usageMetadata: the last chunk's, not the sum over six chunks.
      #expect(streamed.usage == TokenUsage(inputTokens: 20, outputTokens: 513, reasoningTokens: 260))
      #expect(streamed.responseText?.hasPrefix("low!") == true)
      #expect(streamed.finishReason == "stop")
    }
  }
}
