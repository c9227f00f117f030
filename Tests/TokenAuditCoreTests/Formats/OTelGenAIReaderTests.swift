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

    /// OpenInference (Arize Phoenix) spans: LLM and embedding spans are calls, chain, agent, tool and
    /// retriever spans are not; messages, tools and usage come from the indexed `llm.*` attributes.
    @Test func openInferenceSpansAreCalls() throws {
      let result = FormatFixtures.ingest("otel-genai/openinference.jsonl")
      #expect(result.issues.isEmpty)
      #expect(result.records.count == 7)
      #expect(result.records.allSatisfy { $0.agent == "researcher" })
      let first = try #require(result.records.first)
      #expect(first.model == "gpt-4o-2024-08-06")
      #expect(first.provider == "openai")
      #expect(first.system == "You are a research assistant. Cite sources.")
      #expect(first.messages.map(\.text) == ["Summarise recent work on KV caches"])
      #expect(first.responseToolCalls.map(\.name) == ["search_papers"])
      #expect(first.tools.map(\.name) == ["search_papers"])
      #expect(first.maxOutputTokens == 512)
      #expect(first.loggedCostUSD == 0.00311)
      #expect(first.usage == TokenUsage(inputTokens: 1200, cacheReadTokens: 1024, outputTokens: 80))
      #expect(first.labels["session.id"] == "sess-77")
      #expect(first.labels["input.value"] == nil)
      let second = result.records[1]
      #expect(second.messages.map(\.role) == [.user, .assistant, .tool])
      #expect(second.messages[2].toolResults.first?.toolCallID == "call_1")
      #expect(second.responseText == "Recent work compresses KV caches [1][2].")
      #expect(second.finishReason == "stop")
      // The prompt count without the cache (prompt + cache + completion = total) and with it
      // (prompt + completion = total) give the same call.
      let apart = result.records[2]
      let included = result.records[3]
      #expect(
        apart.usage == TokenUsage(inputTokens: 2800, cacheReadTokens: 2000, cacheWrite5mTokens: 500, outputTokens: 90))
      #expect(included.usage == apart.usage)
      #expect(apart.provider == "anthropic")
      #expect(result.records[4].usage == TokenUsage(inputTokens: 1100, cacheReadTokens: 1000, outputTokens: 5))
      #expect(result.records[5].model == "text-embedding-3-small")
      #expect(result.records[6].isFailure)
    }

    /// The Vercel AI SDK: each provider call (`doGenerate`, `doStream`, `doEmbed`) is a call; the
    /// function span above it sums its steps and is not counted again, nor is a tool span.
    @Test func vercelAISDKProviderCallsAreTheCalls() throws {
      let result = FormatFixtures.ingest("otel-genai/vercel-ai-sdk.jsonl")
      #expect(result.issues.isEmpty)
      #expect(result.records.count == 5)
      let r = result.records
      // Anthropic through the SDK (v4/v5): the input excludes the cache reads, and the cache write
      // is in the provider metadata.
      #expect(
        r[0].usage == TokenUsage(inputTokens: 3500, cacheReadTokens: 2000, cacheWrite5mTokens: 500, outputTokens: 60))
      #expect(r[0].model == "claude-sonnet-4-5-20250929" && r[0].provider == "anthropic")
      #expect(r[0].agent == "support" && r[0].phase == "answer" && r[0].traceID == "t-support")
      #expect(r[0].requestID == "msg_01A")
      #expect(r[0].system == "You are the support agent of Acme. Answer from the order data.")
      #expect(r[0].messages.map(\.text) == ["Where is order 12345?"])
      #expect(r[0].tools.map(\.name) == ["lookup_order", "refund"])
      #expect(r[0].responseToolCalls.map(\.name) == ["lookup_order"])
      #expect(r[0].finishReason == "tool_calls" && r[0].maxOutputTokens == 1024)
      #expect(r[0].labels["ai.prompt.messages"] == nil && r[0].labels["ai.telemetry.functionId"] == "support-answer")
      // The second step re-sends the tool call and its result.
      #expect(r[1].messages.map(\.role) == [.user, .assistant, .tool])
      #expect(r[1].messages[2].toolResults.first?.toolCallID == "toolu_1")
      #expect(r[1].responseText == "Order 12345 ships tomorrow." && r[1].finishReason == "stop")
      #expect(r[1].usage == TokenUsage(inputTokens: 6000, outputTokens: 200))
      // v6: the input details say how the input splits; the function id is the agent.
      #expect(
        r[2].usage == TokenUsage(inputTokens: 3000, cacheReadTokens: 2000, outputTokens: 400, reasoningTokens: 100))
      #expect(r[2].agent == "draft-reply" && r[2].requestID == "resp_9" && r[2].model == "gpt-4.1-mini-2025-04-14")
      #expect(r[2].finishReason == "length" && r[2].maxOutputTokens == 400)
      // Embeddings, and a failed call.
      #expect(r[3].model == "text-embedding-3-small" && r[3].usage == TokenUsage(inputTokens: 900))
      #expect(r[4].isFailure && r[4].agent == "classify" && r[4].usage == nil)
      // The whole file: two steps of one workflow, not three.
      #expect(result.records.filter { $0.traceID == "t-support" }.count == 2)
    }

    /// Google ADK: `call_llm` spans carry the request and the answer (with Gemini usage in the
    /// SDK's snake_case names) as JSON text; the agent is the `invoke_agent` span above.
    @Test func adkModelCallsAreReadFromTheirJSON() throws {
      let result = FormatFixtures.ingest("otel-genai/adk.jsonl")
      #expect(result.issues.isEmpty)
      let r = result.records
      #expect(r.count == 2)
      #expect(r.allSatisfy { $0.agent == "weather_agent" && $0.model == "gemini-2.5-flash" && $0.provider == "gemini" })
      #expect(r[0].usage == TokenUsage(inputTokens: 1200, cacheReadTokens: 1024, outputTokens: 37, reasoningTokens: 30))
      #expect(r[0].system == "You are a weather agent. Use get_weather.")
      #expect(r[0].messages.map(\.text) == ["What is the weather in Paris?"])
      #expect(r[0].tools.map(\.name) == ["get_weather"])
      #expect(r[0].responseToolCalls.map(\.name) == ["get_weather"] && r[0].finishReason == "tool_calls")
      #expect(r[0].labels[OTelADK.responseKey] == nil)
      // Gemini sends a function's response in a user turn.
      #expect(r[1].messages.map(\.role) == [.user, .assistant, .user])
      #expect(r[1].messages[1].toolCalls.first?.name == "get_weather")
      #expect(r[1].messages[2].toolResults.first?.toolCallID == "fc-1")
      #expect(r[1].responseText == "It is 14°C in Paris." && r[1].finishReason == "stop")
      #expect(r[1].usage == TokenUsage(inputTokens: 1300, outputTokens: 9))
    }

    /// Claude Code's traces: `claude_code.llm_request` spans carry flat Anthropic counts.
    @Test func claudeCodeRequestSpansAreCalls() throws {
      let result = FormatFixtures.ingest("otel-genai/claude-code-traces.jsonl")
      #expect(result.issues.isEmpty)
      let r = try #require(result.records.first)
      #expect(result.records.count == 1)
      #expect(
        r.usage
          == TokenUsage(inputTokens: 25_508, cacheReadTokens: 24_000, cacheWrite5mTokens: 1_500, outputTokens: 310))
      #expect(r.model == "claude-sonnet-4-5-20250929" && r.provider == "anthropic" && r.agent == "claude-code")
      #expect(r.requestID == "req_011CUabc" && r.labels["session.id"] == "sess-9")
    }

    /// Before v5 the SDK's OpenAI provider reported cache reads only in the provider metadata.
    @Test func vercelCacheReadsFromProviderMetadata() throws {
      let u = try OTelGenAIReader.usage([
        "ai.operationId": "ai.generateText.doGenerate", "ai.model.provider": "openai.chat",
        "ai.usage.promptTokens": "3000", "ai.usage.completionTokens": "20",
        "ai.response.providerMetadata": #"{"openai":{"cachedPromptTokens":2048,"reasoningTokens":0}}"#,
      ])
      #expect(u == TokenUsage(inputTokens: 3000, cacheReadTokens: 2048, outputTokens: 20))
    }

    @Test func totalDecidesWhetherGenAIInputIncludesTheCache() throws {
      // Strands reports Anthropic's uncached input as gen_ai.usage.input_tokens, and a total.
      let apart = try OTelGenAIReader.usage([
        "gen_ai.usage.input_tokens": "4299", "gen_ai.usage.output_tokens": "631",
        "gen_ai.usage.cache_read_input_tokens": "1000", "gen_ai.usage.cache_write_input_tokens": "500",
        "gen_ai.usage.total_tokens": "6430",
      ])
      #expect(apart == TokenUsage(inputTokens: 5799, cacheReadTokens: 1000, cacheWrite5mTokens: 500, outputTokens: 631))
      let included = try OTelGenAIReader.usage([
        "gen_ai.usage.input_tokens": "4299", "gen_ai.usage.output_tokens": "631",
        "gen_ai.usage.cache_read.input_tokens": "1000", "gen_ai.usage.total_tokens": "4930",
      ])
      #expect(included == TokenUsage(inputTokens: 4299, cacheReadTokens: 1000, outputTokens: 631))
    }

    @Test func agentFieldMapsToASpanAttribute() {
      var options = IngestOptions()
      options.phaseField = "gen_ai.conversation.id"
      let result = FormatFixtures.ingest("otel-genai/agent-trace.json", options: options)
      #expect(result.records.map(\.phase) == ["conv-42", nil, nil])
    }
  }
}
