import Testing

@testable import TokenAuditCore

extension Formats {
  /// LangSmith runs: only `llm` runs are calls (a chain's tokens are its children's, summed).
  @Suite struct LangSmithReaderTests {
    @Test func llmRunsAreCallsAndChainsAreContext() throws {
      let result = FormatFixtures.ingest("langsmith/runs.jsonl")
      #expect(result.issues.isEmpty)
      #expect(result.stats.linesByFormat == ["langsmith": 7])
      #expect(result.stats.contextLines == 2)
      let r = result.records
      #expect(r.count == 5)
      #expect(r.allSatisfy { $0.traceID == "1f0a2b3c-4d5e-6f70-8192-a3b4c5d6e7f8" })

      let openAI = r[0]
      #expect(openAI.model == "gpt-4o-2024-08-06" && openAI.provider == "openai")
      #expect(openAI.agent == "researcher")
      #expect(openAI.system == "You are a research assistant. Cite sources.")
      #expect(openAI.messages.map(\.text) == ["Summarise recent work on KV caches"])
      #expect(openAI.responseToolCalls.map(\.name) == ["search_papers"])
      #expect(openAI.tools.map(\.name) == ["search_papers"])
      #expect(openAI.finishReason == "tool_calls" && openAI.maxOutputTokens == 512)
      #expect(openAI.usage == TokenUsage(inputTokens: 1200, cacheReadTokens: 1024, outputTokens: 80))
      #expect(openAI.loggedCostUSD == 0.00311)
      #expect(openAI.latencyMS == 1500)
      #expect(openAI.labels["thread_id"] == "t-9")

      // prompt_tokens include the cache; the writes are a part of them.
      let anthropic = r[1]
      #expect(anthropic.agent == "writer" && anthropic.phase == "draft")
      #expect(
        anthropic.usage
          == TokenUsage(inputTokens: 2800, cacheReadTokens: 2000, cacheWrite5mTokens: 500, outputTokens: 90))
      #expect(anthropic.messages.map(\.role) == [.user, .assistant, .tool])
      #expect(anthropic.responseText == "Recent work compresses KV caches [1][2].")

      let failed = r[2]
      #expect(failed.isFailure && failed.usage == nil)
      #expect(failed.errorType == "anthropic.RateLimitError: Error code: 429 - rate_limit_error")

      // Without run-level counts: the generation's usage_metadata, then llm_output.token_usage.
      #expect(r[3].usage == TokenUsage(inputTokens: 1500, cacheReadTokens: 1000, outputTokens: 12))
      #expect(r[3].agent == "labeller")
      #expect(r[4].usage == TokenUsage(inputTokens: 10, outputTokens: 5))
      #expect(r[4].messages.map(\.text) == ["Say hi"] && r[4].responseText == "Hi")
    }
  }
}
