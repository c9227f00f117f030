import Testing

@testable import TokenAuditCore

extension Formats {
  /// Loggers name the envelope's bodies in their own ways, log them as JSON text, or nest the
  /// envelope in an event: the bodies are still read whole (texts included), not as bare usage.
  @Suite struct NativeEnvelopeVariantsTests {
    @Test func bodiesUnderOtherNamesAreRead() throws {
      let result = FormatFixtures.ingest("native/envelope-variants.jsonl")
      #expect(result.issues.isEmpty)
      #expect(result.stats.linesByFormat == ["native": 5, "flat-usage": 1])
      let byAgent = Dictionary(uniqueKeysWithValues: result.records.map { ($0.agent ?? "", $0) })
      // request_body/response_body, input/output, req/res, JSON text, and an envelope in `payload`.
      for agent in ["a", "b", "c", "d", "f"] {
        let r = try #require(byAgent[agent], "\(agent)")
        #expect(r.format == "native", "\(agent)")
        #expect(r.system == "You are support.", "\(agent)")
        #expect(r.messages.map(\.text) == ["Where is my order #12345?"], "\(agent)")
        #expect(r.responseText == "It shipped.", "\(agent)")
        #expect(r.usage == TokenUsage(inputTokens: 30, outputTokens: 4), "\(agent)")
        #expect(r.model == "gpt-4o-2024-08-06", "\(agent)")
      }
      // `body`/`result` are too common to be bodies: the response is still read as a usage record.
      let e = try #require(byAgent["e"])
      #expect(e.format == "flat-usage" && e.usage == TokenUsage(inputTokens: 30, outputTokens: 4))
    }

    @Test func inputAndOutputThatAreNotBodiesAreLeftToOtherReaders() throws {
      let doc = JSONDocument()
      try doc.parse(string: #"{"input": {"question": "hi"}, "output": {"answer": "hello"}}"#)
      #expect(!NativeEnvelopeReader.matches(doc.root, context: FileContext(path: "x", options: IngestOptions())))
      try doc.parse(string: #"{"request": "plain text", "response": "more text"}"#)
      #expect(!NativeEnvelopeReader.matches(doc.root, context: FileContext(path: "x", options: IngestOptions())))
    }
  }
}
