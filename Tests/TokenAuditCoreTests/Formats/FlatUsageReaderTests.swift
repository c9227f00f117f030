import Testing

@testable import TokenAuditCore

extension Formats {
  /// In-house loggers' flat records: a model and token counts, in the names each API or SDK uses.
  @Suite struct FlatUsageReaderTests {
    @Test func eachShapeGivesItsCallInOneSemantics() throws {
      let result = FormatFixtures.ingest("flat-usage/records.jsonl")
      #expect(result.stats.linesByFormat == ["flat-usage": 9])
      let r = result.records
      #expect(r.count == 8)
      // OpenAI names: the cached tokens are part of prompt_tokens.
      #expect(r[0].usage == TokenUsage(inputTokens: 1000, cacheReadTokens: 512, outputTokens: 20))
      #expect(r[0].agent == "triage" && r[0].phase == "classify" && r[0].requestID == "f-1")
      #expect(r[0].latencyMS == 640 && r[0].loggedCostUSD == 0.0021)
      #expect(r[0].timestampMS == Timestamp.parseISO("2026-11-20T10:00:00Z"))
      // Anthropic names: cache reads and writes are apart from input_tokens.
      #expect(
        r[1].usage == TokenUsage(inputTokens: 2400, cacheReadTokens: 2000, cacheWrite5mTokens: 300, outputTokens: 20))
      #expect(r[1].agent == "planner" && r[1].traceID == "wf-9" && r[1].provider == "anthropic")
      // The call nested in an object member; labels from metadata.
      #expect(r[2].model == "gpt-4o-mini" && r[2].agent == "router" && r[2].traceID == "wf-9")
      #expect(r[2].usage == TokenUsage(inputTokens: 300, outputTokens: 10))
      // LangChain usage_metadata: the total says the cache is inside input_tokens.
      #expect(
        r[3].usage == TokenUsage(inputTokens: 1500, cacheReadTokens: 1000, cacheWrite5mTokens: 200, outputTokens: 12))
      #expect(r[3].agent == "summariser")
      // Gemini names: thoughts are added to output; the agent falls back to the app.
      #expect(r[4].usage == TokenUsage(inputTokens: 800, cacheReadTokens: 600, outputTokens: 140, reasoningTokens: 100))
      #expect(r[4].agent == "search" && r[4].requestID == "f-5")
      // Texts, a failed call and short count names inside a usage object.
      #expect(r[5].system == "You label tickets.")
      #expect(r[5].messages.map(\.text) == ["Label: my card was charged twice"])
      #expect(r[5].responseText == "billing")
      #expect(r[5].isFailure && r[5].status == 429 && r[5].errorType == "rate_limit_error")
      #expect(r[5].usage == TokenUsage(inputTokens: 25, outputTokens: 2))
      // camelCase names with a total that says the cache reads are apart.
      #expect(r[6].usage == TokenUsage(inputTokens: 6050, cacheReadTokens: 6000, outputTokens: 400))
      // A negative count is a warning and the call is still counted.
      #expect(r[7].usage == nil)
      #expect(result.issues.map(\.kind) == [.unknownFormat, .invalidUsage])
      #expect(result.issues.first?.message.contains("aggregate of 412 requests") == true)
    }

    /// Calls logged without their prompt text are not guessed into a part of the prompt: their
    /// input is shown as not logged.
    @Test func inputWithoutLoggedTextIsNotAttributedToAPart() throws {
      #expect(FactExtractor.scale(PromptAnatomy(), to: 1_000) == PromptAnatomy())
      let p = AuditPipeline(
        options: AuditOptions(), costModel: TableCostModel(table: try PriceTable.bundled()),
        makeCounter: { BPETokenCounter() })
      let out = try p.run(paths: [FormatFixtures.path("flat-usage/records.jsonl")], run: FixtureReportGoldenTests.run)
      let coder = try #require(out.result.anatomy.first { $0.agent == "coder" })
      #expect(coder.unloggedTokens == coder.inputTokens && coder.latestUserTokens == 0)
      // The call that logged its system prompt and prompt is measured, not "not logged".
      let triage = try #require(out.result.anatomy.first { $0.agent == "triage" && $0.phase == "-" })
      #expect(triage.unloggedTokens == nil && triage.systemTokens > 0)
      let md = MarkdownRenderer.render(out.result)
      #expect(md.contains("| Text not logged |") && md.contains("count as *text not logged*"))
    }

    /// Ollama's responses logged as they come: the counts are `prompt_eval_count` and `eval_count`,
    /// the duration is in nanoseconds.
    @Test func bareOllamaResponsesAreCalls() throws {
      let result = FormatFixtures.ingest("flat-usage/ollama.jsonl")
      #expect(result.issues.isEmpty)
      let r = result.records
      #expect(r.count == 2 && r.allSatisfy { $0.model == "qwen2.5:14b" })
      #expect(r[0].usage == TokenUsage(inputTokens: 31, outputTokens: 3))
      #expect(r[0].responseText == "Paris." && r[0].finishReason == "stop" && r[0].latencyMS == 1500)
      #expect(r[1].usage == TokenUsage(inputTokens: 12, outputTokens: 4) && r[1].responseText == "Bonjour")
    }

    @Test func linesWithoutAModelOrCountsAreNotClaimed() throws {
      let doc = JSONDocument()
      for line in [
        #"{"model": "gpt-4o", "input": "hello", "output": "hi"}"#,
        #"{"usage": {"prompt_tokens": 5}}"#,
        #"{"model": "gpt-4o", "tokens": 12}"#,
        #"{"event": "deploy", "model": "v2"}"#,
      ] {
        try doc.parse(string: line)
        #expect(FlatUsageReader.callObject(doc.root) == nil, "\(line)")
      }
    }
  }
}
