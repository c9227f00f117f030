import Testing

@testable import TokenAuditCore

extension Formats {
  /// OTLP log events of model calls: Claude Code, Gemini CLI, Codex and the GenAI conventions' event.
  @Suite struct OTelLogsReaderTests {
    @Test func callEventsAreCallsInTheirAPIsSemantics() throws {
      let result = FormatFixtures.ingest("otel-logs/events.jsonl")
      #expect(result.issues.isEmpty)
      #expect(result.stats.linesByFormat == ["otel-logs": 6])
      #expect(result.stats.contextLines == 1)
      let r = result.records
      // 3 Claude Code calls twice (the batch exported again), Gemini CLI, Codex, GenAI.
      #expect(r.count == 9)
      // Claude Code: input_tokens leaves out the cache reads and writes, which are added.
      let first = r[0]
      #expect(
        first.usage
          == TokenUsage(inputTokens: 32_012, cacheReadTokens: 30_000, cacheWrite5mTokens: 2_000, outputTokens: 480))
      #expect(first.model == "claude-sonnet-4-5-20250929" && first.agent == "claude-code" && first.phase == "main")
      #expect(first.traceID == "sess-cc-1" && first.loggedCostUSD == 0.0237 && first.latencyMS == 5400)
      #expect(first.timestampMS == 1_763_636_402_000)
      #expect(first.labels["terminal.type"] == "vscode" && first.labels["service.version"] == "2.0.50")
      #expect(r[1].phase == "auxiliary" && r[1].usage == TokenUsage(inputTokens: 900, outputTokens: 40))
      // api_error: a failed call without usage.
      #expect(r[2].isFailure && r[2].status == 529 && r[2].errorType == "Overloaded" && r[2].usage == nil)
      // The repeated batch carries the same session and sequence numbers: one key per event.
      #expect(r[3].dedupKey == first.dedupKey && first.dedupKey == "sess-cc-1#2")
      // Gemini CLI: cached inside the input, thoughts added to output, tool tokens to input.
      let gemini = r[6]
      #expect(
        gemini.usage
          == TokenUsage(inputTokens: 21_050, cacheReadTokens: 15_000, outputTokens: 1_000, reasoningTokens: 700))
      #expect(gemini.agent == "gemini-cli" && gemini.responseText == "I updated the parser.")
      #expect(gemini.labels["response_text"] == nil)
      // Codex: only response.completed is a call; cached and reasoning are inside input and output.
      let codex = r[7]
      #expect(
        codex.usage == TokenUsage(inputTokens: 8_000, cacheReadTokens: 6_000, outputTokens: 600, reasoningTokens: 400))
      #expect(codex.model == "gpt-5-codex" && codex.traceID == "conv-codex-1")
      // No id and no number: the session and the time to the nanosecond key it.
      #expect(codex.dedupKey == "conv-codex-1@1763636521000000000/codex.sse_event")
      // The GenAI conventions' event: messages and the record's trace.
      let genAI = r[8]
      #expect(genAI.usage == TokenUsage(inputTokens: 1_500, outputTokens: 90))
      #expect(genAI.model == "gpt-4o-2024-08-06" && genAI.requestID == "chatcmpl-77")
      #expect(genAI.messages.map(\.text) == ["Why was invoice 4411 charged twice?"])
      #expect(genAI.responseText == "A retry created a duplicate charge." && genAI.finishReason == "stop")
      #expect(genAI.traceID == "5b8efff798038103d269b633813fc60c" && genAI.agent == "billing-agent")
    }

    /// The pipeline drops the re-exported batch, so each call is counted once.
    @Test func aBatchExportedTwiceIsCountedOnce() throws {
      let p = AuditPipeline(
        options: AuditOptions(), costModel: TableCostModel(table: try PriceTable.bundled()),
        makeCounter: { BPETokenCounter() })
      let out = try p.run(paths: [FormatFixtures.path("otel-logs/events.jsonl")], run: FixtureReportGoldenTests.run)
      #expect(out.result.input.duplicatesDropped == 3)
      #expect(out.result.totals.calls == 6)
    }

    @Test func aCallEventWithoutAModelIsSkippedWithItsReason() {
      let line = """
        {"resourceLogs":[{"resource":{"attributes":[]},"scopeLogs":[{"logRecords":[{"timeUnixNano":"1763636400000000000",\
        "body":{"stringValue":"claude_code.api_request"},"attributes":[{"key":"input_tokens","value":{"stringValue":"5"}}]}]}]}]}
        """
      let result = FormatFixtures.ingest(lines: [line])
      #expect(result.records.isEmpty)
      #expect(result.issues.map(\.kind) == [.missingField])
      #expect(result.issues.first?.message.contains("claude_code.api_request event has no model") == true)
    }
  }
}
