import Foundation
import Testing

@testable import TokenAuditCore

extension Formats {
  /// Edge cases of the per-format usage semantics that the fixtures do not show.
  @Suite struct UsageSemanticsTests {
    static func withJSON<R>(_ text: String, _ body: (JSONValue) throws -> R) throws -> R {
      let doc = JSONDocument()
      try doc.parse(string: text)
      return try withExtendedLifetime(doc) { try body(doc.root) }
    }

    /// Anthropic marks a call answered through the batch API in its usage: it is priced as batch.
    @Test func anthropicBatchServiceTierIsABatchCall() throws {
      let line = #"""
        {"timestamp": "2026-11-20T10:00:00Z", "provider": "anthropic", "model": "claude-sonnet-4-5", "request": {"messages": [{"role": "user", "content": "hi"}]}, "response": {"type": "message", "model": "claude-sonnet-4-5", "content": [{"type": "text", "text": "hello"}], "stop_reason": "end_turn", "usage": {"input_tokens": 10, "output_tokens": 2, "service_tier": "batch"}}}
        """#
      let record = try Self.withJSON(line) { root -> CallRecord? in
        var sink = RecordSink()
        _ = NativeEnvelopeReader(context: FileContext(path: "x", options: IngestOptions()))
          .read(root, at: SourceLocation(file: "x", line: 1), into: &sink)
        return sink.records.first
      }
      let r = try #require(record)
      #expect(r.serviceTier == "batch" && !r.isBatch)
      let facts = FactExtractor(countTokens: FactExtractor.roughCount).facts(of: r)
      #expect(facts.isBatch && facts.serviceTier == .standard)
    }

    @Test func liteLLMCacheCountsReportedApartAreAdded() throws {
      let usage = try Self.withJSON(#"{"prompt_tokens": 10, "completion_tokens": 5}"#) { root in
        try Self.withJSON(#"{"cache_read_input_tokens": 1500, "cache_creation_input_tokens": 500}"#) { details in
          var sink = RecordSink()
          return LiteLLMReader.usage(root, usageObject: details, sink: &sink, at: SourceLocation(file: "x", line: 1))
        }
      }
      #expect(usage == TokenUsage(inputTokens: 2010, cacheReadTokens: 1500, cacheWrite5mTokens: 500, outputTokens: 5))
    }

    @Test func langfuseRawProviderUsageKeepsItsSemantics() throws {
      let openAI = try Self.withJSON(
        #"{"prompt_tokens": 100, "completion_tokens": 20, "prompt_tokens_details": {"cached_tokens": 80}}"#
      ) { try LangfuseUsage.parse(details: $0) }
      #expect(openAI == TokenUsage(inputTokens: 100, cacheReadTokens: 80, outputTokens: 20))
      let anthropic = try Self.withJSON(
        #"{"input_tokens": 5, "output_tokens": 7, "cache_read_input_tokens": 90}"#
      ) { try LangfuseUsage.parse(details: $0) }
      #expect(anthropic == TokenUsage(inputTokens: 95, cacheReadTokens: 90, outputTokens: 7))
      #expect(throws: UsageParser.UsageError.self) {
        try Self.withJSON(#"{"input": -3, "output": 1}"#) { try LangfuseUsage.parse(details: $0) }
      }
    }

    @Test func otelCacheCountsLargerThanInputWereReportedApart() throws {
      let included = try OTelGenAIReader.usage([
        "gen_ai.usage.input_tokens": "1000", "gen_ai.usage.output_tokens": "10",
        "gen_ai.usage.cache_read.input_tokens": "900",
      ])
      #expect(included == TokenUsage(inputTokens: 1000, cacheReadTokens: 900, outputTokens: 10))
      let apart = try OTelGenAIReader.usage([
        "gen_ai.usage.input_tokens": "100", "gen_ai.usage.output_tokens": "10",
        "gen_ai.usage.cache_read_input_tokens": "900",
      ])
      #expect(apart == TokenUsage(inputTokens: 1000, cacheReadTokens: 900, outputTokens: 10))
      #expect(throws: UsageParser.UsageError.self) {
        try OTelGenAIReader.usage(["gen_ai.usage.input_tokens": "12.5"])
      }
    }

    @Test func openAICompatibleCacheHitSpellings() throws {
      for text in [
        #"{"prompt_tokens": 1000, "completion_tokens": 5, "prompt_cache_hit_tokens": 800, "prompt_cache_miss_tokens": 200}"#,
        #"{"prompt_tokens": 1000, "completion_tokens": 5, "cached_tokens": 800}"#,
        #"{"prompt_tokens": 1000, "completion_tokens": 5, "prompt_tokens_details": {"cached_tokens": 800}}"#,
      ] {
        let outcome = try Self.withJSON(text) { UsageParser.openAIChat($0) }
        guard case .usage(let u) = outcome else {
          Issue.record("no usage from \(text)")
          continue
        }
        #expect(u == TokenUsage(inputTokens: 1000, cacheReadTokens: 800, outputTokens: 5))
      }
    }

    @Test func geminiRejectsNegativeCounts() throws {
      let outcome = try Self.withJSON(#"{"promptTokenCount": -1, "candidatesTokenCount": 2}"#) {
        UsageParser.gemini($0)
      }
      guard case .invalid = outcome else {
        Issue.record("expected an invalid usage, got \(outcome)")
        return
      }
    }

    /// The envelope's bodies are read by their shape, not by the provider's name.
    @Test func envelopeBodiesAreReadByShapeNotByProviderName() throws {
      let claudeViaOpenAICompatible =
        #"{"timestamp": "2026-11-20T14:03:11Z", "request_id": "a", "provider": "anthropic", "#
        + #""model": "claude-sonnet-4-5", "request": {"messages": [{"role": "user", "content": "hi"}]}, "#
        + #""response": {"choices": [{"message": {"role": "assistant", "content": "hello"}}], "#
        + #""usage": {"prompt_tokens": 1000, "completion_tokens": 10, "#
        + #""prompt_tokens_details": {"cached_tokens": 600}}}}"#
      let claudeOnBedrock =
        #"{"timestamp": "2026-11-20T14:03:12Z", "request_id": "b", "provider": "bedrock", "#
        + #""model": "anthropic.claude-3-5-sonnet-20240620-v1:0", "#
        + #""request": {"anthropic_version": "bedrock-2023-05-31", "system": "Be brief.", "#
        + #""messages": [{"role": "user", "content": "hi"}]}, "#
        + #""response": {"type": "message", "content": [{"type": "text", "text": "hello"}], "#
        + #""stop_reason": "end_turn", "usage": {"input_tokens": 100, "output_tokens": 10, "#
        + #""cache_creation_input_tokens": 300, "cache_read_input_tokens": 600}}}"#
      let converseOnBedrock =
        #"{"timestamp": "2026-11-20T14:03:13Z", "request_id": "c", "provider": "bedrock", "#
        + #""model": "anthropic.claude-3-5-haiku-20241022-v1:0", "#
        + #""request": {"system": [{"text": "Be brief."}], "messages": [{"role": "user", "content": [{"text": "hi"}]}]}, "#
        + #""response": {"output": {"message": {"role": "assistant", "content": [{"text": "hello"}]}}, "#
        + #""stopReason": "end_turn", "usage": {"inputTokens": 10, "outputTokens": 2, "cacheReadInputTokens": 90}}}"#
      let dir = SampleLogTestSupport.temporaryDirectory()
      let path = dir + "/shapes.jsonl"
      try (claudeViaOpenAICompatible + "\n" + claudeOnBedrock + "\n" + converseOnBedrock + "\n").write(
        toFile: path, atomically: false, encoding: .utf8)
      defer { SampleLogTestSupport.remove(dir, files: ["shapes.jsonl"]) }
      let r = FileIngestor(options: IngestOptions()).ingest(path: path)
      #expect(r.issues.isEmpty, "\(r.issues)")
      let a = try #require(r.records.first { $0.requestID == "a" })
      #expect(a.usage == TokenUsage(inputTokens: 1000, cacheReadTokens: 600, outputTokens: 10))
      #expect(a.responseText == "hello")
      let b = try #require(r.records.first { $0.requestID == "b" })
      #expect(b.usage == TokenUsage(inputTokens: 1000, cacheReadTokens: 600, cacheWrite5mTokens: 300, outputTokens: 10))
      #expect(b.system == "Be brief.")
      let c = try #require(r.records.first { $0.requestID == "c" })
      #expect(c.usage == TokenUsage(inputTokens: 100, cacheReadTokens: 90, outputTokens: 2))
      #expect(c.system == "Be brief.")
      #expect(c.responseText == "hello")
    }
  }
}
