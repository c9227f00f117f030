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

    /// Chat APIs that are OpenAI-like without `choices`: Cohere v2 and v1 (billed units), Ollama's
    /// `/api/chat` and `/api/generate` (`prompt_eval_count`, `eval_count`).
    @Test func cohereAndOllamaBodiesAreRead() throws {
      let result = FormatFixtures.ingest("native/other-chat-apis.jsonl")
      #expect(result.issues.isEmpty)
      let r = result.records
      #expect(r.count == 4)
      #expect(r[0].usage == TokenUsage(inputTokens: 300, outputTokens: 12))
      #expect(r[0].responseText == "The customer wants a refund for a damaged item." && r[0].finishReason == "stop")
      #expect(r[0].system == "Be brief." && r[0].provider == "cohere")
      #expect(r[1].usage == TokenUsage(inputTokens: 50, outputTokens: 4))
      #expect(r[1].responseText == "A late delivery." && r[1].finishReason == "length")
      #expect(r[2].usage == TokenUsage(inputTokens: 26, outputTokens: 5) && r[2].responseText == "Rayleigh scattering.")
      #expect(r[3].usage == TokenUsage(inputTokens: 8, outputTokens: 2) && r[3].responseText == "Hi!")
      #expect(r[3].finishReason == "length")
    }

    /// A `response` that is no API body (LangChain's `LLMResult` from a callback handler) is read as
    /// the flat usage record it holds; a response body with only a `content` text gives that text;
    /// Vertex AI logs its payloads as arrays of one JSON text.
    @Test func responsesThatAreNotAPIBodiesAreStillCalls() throws {
      let result = FormatFixtures.ingest("native/app-events.jsonl")
      #expect(result.issues.isEmpty)
      let r = result.records
      #expect(r.count == 3)
      #expect(r[0].model == "gpt-4o-mini-2024-07-18" && r[0].agent == "researcher")
      #expect(r[0].usage == TokenUsage(inputTokens: 120, outputTokens: 6))
      #expect(r[0].timestampMS == Timestamp.parseISO("2026-11-20T10:00:00Z"))
      #expect(r[0].responseText == "Paris is the capital.")
      #expect(
        r[1].responseText == "Hello! How can I help?" && r[1].usage == TokenUsage(inputTokens: 8, outputTokens: 7))
      // Vertex AI request-response logging: payloads as one-element arrays of JSON text.
      #expect(r[2].model == "gemini-2.0-flash-001" && r[2].system == "You classify tickets.")
      #expect(r[2].usage == TokenUsage(inputTokens: 14, outputTokens: 1) && r[2].responseText == "shipping")
      #expect(r[2].timestampMS == Timestamp.parseISO("2026-11-20T10:00:02.123Z") && r[2].requestID == "8612345")
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
