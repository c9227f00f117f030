import Testing

@testable import TokenAuditCore

extension Formats {
  /// Recorded HTTP interactions (SDK replay recordings, VCR cassettes): each interaction is a call,
  /// read by the shape of its bodies; several response segments are a stream.
  @Suite struct HTTPRecordingReaderTests {
    @Test func replayRecordingsAreCalls() throws {
      let result = FormatFixtures.ingest("http-recording/gemini-replay.json")
      #expect(result.issues.isEmpty)
      let r = result.records
      #expect(r.count == 3)
      #expect(r.allSatisfy { $0.provider == "gemini" && $0.labels["recordID"] == "support_summaries" })
      #expect(r[0].model == "gemini-2.5-flash" && r[0].system == "You summarise support tickets.")
      #expect(r[0].usage == TokenUsage(inputTokens: 12, outputTokens: 34, reasoningTokens: 30))
      #expect(r[0].responseText == "A refund request.")
      #expect(r[0].timestampMS == Timestamp.parseNamedMonth("Fri, 20 Nov 2026 07:45:10 GMT"))
      // A stream: the last cumulative usage, the text joined.
      #expect(r[1].usage == TokenUsage(inputTokens: 20, cacheReadTokens: 16, outputTokens: 6))
      #expect(r[1].responseText == "Part one, part two.")
      // A failed call: the model from the URL.
      #expect(r[2].model == "gemini-2.5-pro" && r[2].isFailure && r[2].status == 429)
    }

    @Test func vcrCassettesAreCalls() throws {
      let result = FormatFixtures.ingest("http-recording/vcr-cassette.json")
      #expect(result.issues.isEmpty)
      let r = try #require(result.records.first)
      #expect(r.model == "gpt-4o-mini-2024-07-18" && r.provider == "openai")
      #expect(r.usage == TokenUsage(inputTokens: 14, outputTokens: 1) && r.responseText == "billing")
      #expect(r.messages.map(\.text) == ["Label: my card was charged twice"])
      #expect(r.timestampMS == Timestamp.parseNamedMonth("Fri, 20 Nov 2026 08:00:00 GMT"))
    }
  }
}
