import Testing

@testable import TokenAuditCore

extension Formats {
  /// The whole-document fallback of `FileIngestor` (multi-line JSON files such as OTLP exports).
  @Suite struct FileIngestorWholeDocumentTests {
    @Test func prettyPrintedArrayGivesOneRecordPerElement() {
      let result = FormatFixtures.ingest("ingest/pretty-array.json")
      #expect(result.records.map(\.requestID) == ["msg_pretty_1", "msg_pretty_2"])
      #expect(result.records.map(\.source.line) == [2, 26])
      #expect(result.stats.lines == 3)
      #expect(result.stats.skippedLines == 1)
      #expect(result.issues.map(\.kind) == [.notAnObject])
      #expect(result.issues.first?.location.line == 25)
      #expect(result.stats.linesByFormat == ["anthropic-batch": 2])
    }

    @Test func prettyPrintedObjectIsOneRecord() {
      let result = FormatFixtures.ingest("otel-genai/agent-trace.json")
      #expect(result.issues.isEmpty)
      #expect(result.stats.lines == 1)
      #expect(result.records.count == 3)
      #expect(result.records.allSatisfy { $0.source.line == 1 })
    }

    @Test func httpCapturesAreUnwrapped() {
      let result = FormatFixtures.ingest("ingest/http-captures.json")
      #expect(result.issues.isEmpty)
      #expect(result.stats.linesByFormat == ["native": 2])
      #expect(result.records.map(\.source.line) == [2, 116])
      #expect(result.records.map(\.status) == [200, 200])
      #expect(result.records.map(\.provider) == ["anthropic", "anthropic"])
      #expect(
        result.records.map(\.usage)
          == [TokenUsage(inputTokens: 656, outputTokens: 74), TokenUsage(inputTokens: 770, outputTokens: 25)])
      #expect(result.records[1].messages.count == 3)
      #expect(result.records[0].responseToolCalls.map(\.name) == ["get_weather"])
    }

    @Test func jsonlWithABadFirstLineIsStillReadLineByLine() {
      let result = FormatFixtures.ingest("ingest/bad-first-line.jsonl")
      #expect(result.records.count == 2)
      #expect(result.records.map(\.source.line) == [2, 3])
      #expect(result.stats.lines == 3)
      #expect(result.issues.map(\.kind) == [.invalidJSON])
      #expect(result.issues.first?.location.line == 1)
      #expect(FormatFixtures.total(result.records) == TokenUsage(inputTokens: 17, outputTokens: 3))
    }

    /// An array larger than the line limit is streamed element by element, with the same outcome.
    @Test func arraysLargerThanTheLineLimitAreStreamed() {
      var options = IngestOptions()
      options.maxLineBytes = 512
      let result = FormatFixtures.ingest("ingest/pretty-array.json", options: options)
      let whole = FormatFixtures.ingest("ingest/pretty-array.json")
      #expect(result.records.map(\.requestID) == whole.records.map(\.requestID))
      #expect(result.records.map(\.source.line) == [2, 26])
      #expect(result.issues.map(\.kind) == [.notAnObject] && result.issues.first?.location.line == 25)
      #expect(result.stats.lines == 3 && result.stats.skippedLines == 1)
      // Elements longer than the limit are skipped as oversized, one by one.
      options.maxLineBytes = 100
      let small = FormatFixtures.ingest("ingest/pretty-array.json", options: options)
      #expect(small.records.isEmpty)
      #expect(small.issues.map(\.kind) == [.oversizedLine, .notAnObject, .oversizedLine])
    }
  }
}
