import Testing

@testable import TokenAuditCore

extension Formats {
  @Suite struct StreamedResponseTests {
    @Test func streamsInTheNativeEnvelopeTakeUsageOnce() {
      let result = FormatFixtures.ingest("native/streams.jsonl")
      #expect(result.issues.isEmpty)
      #expect(result.stats.linesByFormat == ["native": 5])
      #expect(result.records.allSatisfy { $0.streamed })
      #expect(
        result.records.map(\.usage)
          == [
            // OpenAI Chat: the final chunk (choices: []) with include_usage.
            TokenUsage(inputTokens: 10, outputTokens: 5),
            // Anthropic: input from message_start, cumulative output from message_delta (26 → 74).
            TokenUsage(inputTokens: 656, outputTokens: 74),
            TokenUsage(inputTokens: 31, outputTokens: 547),
            // Gemini: the last cumulative usageMetadata (candidates 253 + thoughts 260).
            TokenUsage(inputTokens: 20, outputTokens: 513, reasoningTokens: 260),
            // Responses: response.completed.
            TokenUsage(inputTokens: 19, outputTokens: 39),
          ])
      #expect(
        FormatFixtures.total(result.records) == TokenUsage(inputTokens: 736, outputTokens: 1178, reasoningTokens: 260))
      #expect(result.records[0].responseText == "Hi, how are you?")
      #expect(result.records[0].finishReason == "stop")
      #expect(result.records[0].model == "gpt-3.5-turbo-0125")
      #expect(
        result.records[1].responseToolCalls.first?.arguments
          == "{\"location\": \"San Francisco, CA\", \"units\": \"f\"}")
      #expect(result.records[1].finishReason == "tool_calls")
      #expect(result.records[1].provider == "anthropic")
      #expect(result.records[2].responseText?.hasPrefix(" there! Happy to explain.") == true)
      #expect(result.records[2].requestID == "msg_fixture_b_0001")
      #expect(result.records[3].provider == "gemini")
      #expect(result.records.map(\.agent) == ["greeter", "weather-bot", "explainer", "explainer", "greeter"])
    }

    @Test func chunkArrayOfOpenAIChunksWithToolCalls() throws {
      let line = """
        {"model":"gpt-4o","request":{"model":"gpt-4o","messages":[{"role":"user","content":"weather?"}]},\
        "response":[{"id":"c1","model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]}}],"usage":null},\
        {"id":"c1","model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\":"}}]}}],"usage":null},\
        {"id":"c1","model":"gpt-4o","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\\"Paris\\"}"}}]},"finish_reason":"tool_calls"}],"usage":null},\
        {"id":"c1","model":"gpt-4o","choices":[],"usage":{"prompt_tokens":50,"completion_tokens":12,"total_tokens":62,"prompt_tokens_details":{"cached_tokens":32}}}]}
        """
      let doc = JSONDocument()
      try doc.parse(string: line)
      #expect(NativeEnvelopeReader.matches(doc.root, context: FileContext(path: "x", options: IngestOptions())))
      let reader = NativeEnvelopeReader(context: FileContext(path: "x", options: IngestOptions()))
      var sink = RecordSink()
      #expect(reader.read(doc.root, at: SourceLocation(file: "x", line: 1), into: &sink) == .records(1))
      let r = try #require(sink.records.first)
      #expect(r.usage == TokenUsage(inputTokens: 50, cacheReadTokens: 32, outputTokens: 12))
      #expect(r.responseToolCalls == [ToolCall(id: "call_1", name: "get_weather", arguments: "{\"city\":\"Paris\"}")])
      #expect(r.finishReason == "tool_calls")
    }

    @Test func sseEventsWithoutBlankSeparatorsAreSplit() {
      var events: [String] = []
      let text = "data: {\"a\":1}\ndata: {\"b\":2}\n\ndata: [DONE]\n"
      StreamedResponse.forEachEventData(Array(text.utf8)) { data in
        let s = String(decoding: data, as: UTF8.self)
        guard s.hasPrefix("{\"") && s.hasSuffix("}") && !s.contains("\n") else { return false }
        events.append(s)
        return true
      } onBadEvent: {
        events.append("bad")
      }
      #expect(events == ["{\"a\":1}", "{\"b\":2}"])
    }
  }
}
