import Testing

@testable import TokenAuditCore

extension Formats {
  @Suite struct OpenAIBatchReaderTests {
    @Test func outputsAreBatchCallsJoinedToTheirInputs() throws {
      let result = FormatFixtures.ingest("openai-batch/batch-input-and-output.jsonl")
      #expect(result.issues.isEmpty)
      #expect(result.stats.linesByFormat == ["openai-batch": 9])
      #expect(result.records.count == 5)
      #expect(result.stats.contextLines == 4)
      #expect(result.records.allSatisfy { $0.isBatch && $0.format == "openai-batch" && $0.provider == "openai" })
      #expect(result.records.map(\.dedupKey) == ["request-2", "request-1", "request-3", "request-4", "request-5"])
      #expect(
        FormatFixtures.total(result.records) == TokenUsage(inputTokens: 144, cacheReadTokens: 20, outputTokens: 45))
      let first = result.records[0]
      #expect(first.requestID == "req_c187b3")
      #expect(first.usage == TokenUsage(inputTokens: 24, outputTokens: 15))
      #expect(first.system == "You are a helpful assistant.")
      #expect(first.messages.map(\.text) == ["What is 2+2?"])
      // request-3's input line comes after its output: joined all the same.
      #expect(result.records[2].messages.map(\.text) == ["Name three primes."])
      let failed = result.records[3]
      #expect(failed.isFailure)
      #expect(failed.status == 400)
      #expect(failed.errorType == "invalid_request_error")
      #expect(failed.usage == TokenUsage())
      let responses = result.records[4]
      #expect(responses.usage == TokenUsage(inputTokens: 50, cacheReadTokens: 20, outputTokens: 10))
      #expect(responses.system == "Answer in one word.")
      #expect(responses.model == "gpt-4.1-mini-2025-04-14")
      #expect(responses.labels["endpoint"] == "/v1/responses")
    }
  }

  @Suite struct AnthropicBatchReaderTests {
    @Test func resultsAreBatchCallsAndFailuresAreFree() throws {
      let result = FormatFixtures.ingest("anthropic-batch/results.jsonl")
      #expect(result.issues.isEmpty)
      #expect(result.stats.linesByFormat == ["anthropic-batch": 6])
      #expect(result.records.count == 5)
      #expect(result.records.allSatisfy { $0.isBatch && $0.provider == "anthropic" })
      // Cache writes and reads are added to input.
      #expect(
        FormatFixtures.total(result.records)
          == TokenUsage(inputTokens: 3026, cacheReadTokens: 2000, cacheWrite5mTokens: 1000, outputTokens: 120))
      #expect(result.records.map(\.errorType) == [nil, nil, "invalid_request_error", "expired", nil])
      #expect(result.records.filter(\.isFailure).count == 2)
      let first = try #require(result.records.first { $0.dedupKey == "my-first-request" })
      #expect(first.requestID == "msg_01FqfsLoHwgeFbguDgpz48m7")
      #expect(first.messages.map(\.text) == ["Hello, world"])
      #expect(first.usage == TokenUsage(inputTokens: 10, outputTokens: 34))
    }
  }
}
