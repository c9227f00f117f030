import Testing

@testable import TokenAuditCore

extension Formats {
  /// Streams logged one event per line are joined into one call each, usage taken once.
  @Suite struct StreamEventsReaderTests {
    @Test func eventsOfAStreamAreOneCall() throws {
      let result = FormatFixtures.ingest("stream-events/events.jsonl")
      #expect(result.issues.isEmpty)
      #expect(result.stats.linesByFormat == ["stream-events": 22])
      let r = result.records
      #expect(r.count == 4)
      // Two OpenAI streams interleaved, joined by id; each complete at its usage chunk.
      let a = try #require(r.first { $0.requestID == "chatcmpl-A" })
      #expect(a.usage == TokenUsage(inputTokens: 1200, cacheReadTokens: 1024, outputTokens: 3))
      #expect(a.responseText == "Refund issued." && a.finishReason == "stop" && a.streamed)
      #expect(a.source.line == 1 && a.model == "gpt-4o-mini-2024-07-18" && a.provider == "openai")
      let b = try #require(r.first { $0.requestID == "chatcmpl-B" })
      #expect(b.responseToolCalls.map(\.name) == ["lookup_order"])
      #expect(b.responseToolCalls.first?.arguments == "{\"id\":12345}")
      #expect(b.usage == TokenUsage(inputTokens: 900, outputTokens: 14))
      // Anthropic: message_start's usage overlaid by message_delta's final output count.
      let m = try #require(r.first { $0.model == "claude-sonnet-4-5-20250929" })
      #expect(
        m.usage == TokenUsage(inputTokens: 3520, cacheReadTokens: 3000, cacheWrite5mTokens: 500, outputTokens: 42))
      #expect(m.responseText == "Let me check." && m.responseToolCalls.map(\.name) == ["lookup_order"])
      #expect(m.source.line == 11)
      // A stream cut off before its usage: counted at the end of the file, with its text.
      let c = try #require(r.first { $0.requestID == "chatcmpl-C" })
      #expect(c.usage == nil && c.responseText == "Partial answer")
    }

    @Test func anEventWithoutItsMessageStartIsReported() {
      let result = FormatFixtures.ingest(lines: [
        #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}"#
      ])
      #expect(result.records.isEmpty)
      #expect(result.issues.map(\.kind) == [.missingField])
    }
  }
}
