import Testing

@testable import TokenAuditCore

extension Formats {
  @Suite struct LangfuseReaderTests {
    @Test func ingestionBatchesWithCreateAndUpdateEvents() throws {
      let result = FormatFixtures.ingest("langfuse/ingestion-batch.jsonl")
      #expect(result.issues.isEmpty)
      #expect(result.stats.linesByFormat == ["langfuse": 2])
      #expect(result.records.count == 2)
      let litellm = result.records[0]
      #expect(litellm.model == "gpt-3.5-turbo")
      #expect(litellm.usage == TokenUsage(inputTokens: 10, outputTokens: 20))
      #expect(litellm.loggedCostUSD == 5.4999999999999995e-05)
      #expect(litellm.phase == "litellm-acompletion")
      #expect(litellm.latencyMS == 328)
      #expect(litellm.responseText == "Hello! How can I assist you today?")
      let research = result.records[1]
      // Langfuse usage types are disjoint: cached input and reasoning output are added.
      #expect(
        research.usage
          == TokenUsage(inputTokens: 1000, cacheReadTokens: 100, outputTokens: 100, reasoningTokens: 20))
      #expect(research.loggedCostUSD == 0.00143)
      #expect(research.agent == "researcher")
      #expect(research.traceID == "trace-research-1")
      #expect(research.labels["trace.name"] == "research-run")
      #expect(research.labels["sessionId"] == "sess-9")
      #expect(research.responseText == "Search NASA archives.")
      #expect(research.latencyMS == 3000)
    }

    @Test func exportRowsInBothSpellings() throws {
      let result = FormatFixtures.ingest("langfuse/observations-export.jsonl")
      #expect(result.issues.isEmpty)
      #expect(result.records.count == 3)
      #expect(result.stats.contextLines == 1)
      let anthropic = result.records[0]
      #expect(
        anthropic.usage
          == TokenUsage(inputTokens: 5500, cacheReadTokens: 4000, cacheWrite5mTokens: 1000, outputTokens: 50))
      #expect(anthropic.agent == "summarizer")
      #expect(anthropic.provider == "anthropic")
      #expect(anthropic.loggedCostUSD == 0.00642)
      // `total` equals input + output: the cached count is a subset, not added again.
      let subset = result.records[1]
      #expect(subset.usage == TokenUsage(inputTokens: 300, cacheReadTokens: 100, outputTokens: 30))
      #expect(subset.agent == nil)
      #expect(subset.phase == "classify")
      let snake = result.records[2]
      #expect(snake.traceID == "trace-sum-2")
      #expect(snake.model == "gpt-4o")
      #expect(snake.timestampMS == Timestamp.parseISO("2024-05-29T13:46:19.963Z"))
      #expect(snake.latencyMS == 1200)
      #expect(snake.errorType == "rate limited")
      #expect(snake.isFailure)
      #expect(snake.loggedCostUSD == 0.0009)
      #expect(snake.labels["sessionId"] == "sess-11")
      #expect(FormatFixtures.total(result.records).inputTokens == 5920)
    }
  }
}
