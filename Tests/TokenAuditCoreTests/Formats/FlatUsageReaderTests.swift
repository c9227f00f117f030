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

    /// Counts under names of a logger's own are read by the words of their names.
    @Test func countsUnderALoggersOwnNamesAreRead() throws {
      let result = FormatFixtures.ingest("flat-usage/own-names.jsonl")
      #expect(result.issues.isEmpty)
      let r = result.records
      #expect(r.count == 13)
      #expect(r[0].usage == TokenUsage(inputTokens: 1200, outputTokens: 80))  // tokens_in, tokens_out
      // cached_input_tokens: inside the input count (no total, and not more than it).
      #expect(r[1].usage == TokenUsage(inputTokens: 1200, cacheReadTokens: 1024, outputTokens: 80))
      // cache_read and cache_write larger than the input: apart from it, and added.
      #expect(
        r[2].usage == TokenUsage(inputTokens: 3700, cacheReadTokens: 3000, cacheWrite5mTokens: 200, outputTokens: 40))
      #expect(r[5].usage == TokenUsage(inputTokens: 900, outputTokens: 30))  // num_input_tokens
      #expect(r[6].usage == TokenUsage(inputTokens: 100, outputTokens: 10))  // n_prompt_tokens
      #expect(r[8].usage == TokenUsage(inputTokens: 100, outputTokens: 10))  // input_token_count
      // prompt_token_count with completion_token_count is not Gemini's naming: the output is read.
      #expect(r[9].usage == TokenUsage(inputTokens: 100, outputTokens: 10))
      #expect(r[10].usage == TokenUsage(inputTokens: 100, outputTokens: 10))  // tokens: {input, output}
      // OpenRouter's generation record: the provider's native counts, not the common-tokenizer ones.
      #expect(r[12].usage == TokenUsage(inputTokens: 2400, cacheReadTokens: 2000, outputTokens: 150))
      #expect(r[12].model == "anthropic/claude-sonnet-4" && r[12].loggedCostUSD == 0.0123)
    }

    @Test func namesAreReadByTheirWords() {
      let cases: [(String, Bool, UsageKeyNames.Role?)] = [
        ("tokens_in", false, .input), ("numOutputTokens", false, .output), ("request_tokens", false, .input),
        ("response_tokens", false, .output), ("cachedInputTokens", false, .cacheRead),
        ("cache_creation_tokens", false, .cacheWrite), ("thinking_tokens", false, .reasoning),
        ("total_token_count", false, .total), ("max_tokens", false, nil), ("context_window_tokens", false, nil),
        ("input_tokens_details", false, nil), ("prompt_cache_miss_tokens", false, nil), ("input", false, nil),
        ("input", true, .input), ("cost_usd", true, nil), ("latency_ms", true, nil), ("input_chars", true, nil),
      ]
      for (key, nested, role) in cases {
        #expect(UsageKeyNames.role(of: key, nested: nested) == role, "\(key)")
      }
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
