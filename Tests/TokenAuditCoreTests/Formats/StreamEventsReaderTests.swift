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

    /// A captured SSE stream: `data:` payloads are the events; `event:`, `ping`, `[DONE]` and blank
    /// lines are context, indented or not.
    @Test func capturedServerSentEventsAreRead() throws {
      let openAI = FormatFixtures.ingest("stream-events/openai-capture.sse.txt")
      #expect(openAI.issues.isEmpty)
      #expect(openAI.records.count == 1)
      #expect(openAI.records.first?.usage == TokenUsage(inputTokens: 9, outputTokens: 1))
      #expect(openAI.records.first?.responseText == "Hi")
      let anthropic = FormatFixtures.ingest("stream-events/anthropic-capture.sse")
      #expect(anthropic.issues.isEmpty)
      #expect(anthropic.records.count == 1)
      #expect(anthropic.records.first?.usage == TokenUsage(inputTokens: 25, outputTokens: 12))
      #expect(anthropic.records.first?.responseText == "Hello!" && anthropic.records.first?.finishReason == "stop")
      #expect(anthropic.stats.skippedLines == 0 && anthropic.stats.linesByFormat["sse"] == 7)
      // Such files are found in a folder by their first bytes.
      #expect(InputFile.sniff(path: FormatFixtures.path("stream-events/anthropic-capture.sse")) == .log)
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
