import Testing

@testable import TokenAuditCore

extension Formats {
  @Suite struct HeliconeReaderTests {
    @Test func exportRowsWithAndWithoutBodies() throws {
      let result = FormatFixtures.ingest("helicone/export.jsonl")
      #expect(result.issues.isEmpty, "\(result.issues)")
      #expect(result.stats.linesByFormat == ["helicone": 4])
      #expect(result.records.count == 4)

      // With bodies: the provider's own usage (prompt includes the cached tokens), not the columns.
      let openAI = result.records[0]
      #expect(openAI.requestID == "3c9d2b71-8f4e-4a7a-b1de-0c2f5e6a7b81")
      #expect(openAI.model == "gpt-4o-2024-08-06")
      #expect(openAI.provider == "openai")
      #expect(openAI.usage == TokenUsage(inputTokens: 1850, cacheReadTokens: 1536, outputTokens: 3))
      #expect(openAI.usageSource == .logged)
      #expect(openAI.status == 200)
      #expect(openAI.latencyMS == 1462)
      #expect(openAI.timestampMS == Timestamp.parseISO("2026-11-20T09:15:00.950Z"))
      #expect(openAI.loggedCostUSD == 0.00273)
      #expect(openAI.agent == "support-triage")
      #expect(openAI.phase == "classify")
      #expect(openAI.traceID == "sess-7f3a")
      #expect(openAI.system == "You triage support tickets.")
      #expect(openAI.messages.map(\.text) == ["My order #12345 never arrived."])
      #expect(openAI.responseText == "shipping")
      #expect(openAI.labels["properties.Helicone-Session-Path"] == "/ticket/classify")
      #expect(openAI.labels["user"] == "user-42")

      // Columns only: Helicone's prompt_tokens are the uncached ones; reads and writes are added.
      let anthropic = result.records[1]
      #expect(anthropic.provider == "anthropic")
      #expect(
        anthropic.usage
          == TokenUsage(inputTokens: 5650, cacheReadTokens: 1500, cacheWrite5mTokens: 4000, outputTokens: 500))
      #expect(anthropic.agent == "planner")  // a `helicone-property-agent` key, any case
      #expect(anthropic.traceID == "sess-7f3a")
      #expect(anthropic.latencyMS == 5500)  // no delay_ms: response minus request time
      #expect(anthropic.timestampMS == Timestamp.parseISO("2026-11-20T09:16:04.600Z"))

      let limited = result.records[2]
      #expect(limited.status == 429)
      #expect(limited.usage == nil)
      #expect(limited.phase == "summarise")

      let unanswered = result.records[3]
      #expect(unanswered.status == nil)
      #expect(unanswered.errorType == "no response (Helicone status -1)")
      #expect(unanswered.messages.map(\.text) == ["ping"])  // request_body held as JSON text
      #expect(unanswered.agent == nil)
    }

    /// The export's own cost (`costUSD`, one row of four) is set next to tokenaudit's price of the
    /// same call, not next to the total of all calls.
    @Test func statedCostIsReconciledOnTheSameCalls() throws {
      let p = AuditPipeline(
        options: AuditOptions(), costModel: TableCostModel(table: try PriceTable.bundled()),
        makeCounter: { RoughTokenCounter() })
      let result = try p.run(paths: [FormatFixtures.path("helicone")], run: FixtureReportGoldenTests.run).result
      let t = result.totals
      #expect(t.loggedCostUSD == 0.00273)
      #expect(t.loggedCostCalls == 1)
      #expect(t.unpricedLoggedCalls == nil)
      // gpt-4o-2024-08-06: 314 uncached × $2.50/M + 1,536 cached × $1.25/M + 3 output × $10/M.
      let ours = try #require(t.pricedCostOfLoggedCallsUSD)
      #expect(abs(ours - (314 * 2.5 + 1536 * 1.25 + 3 * 10) / 1e6) < 1e-12)
      #expect(
        MarkdownRenderer.render(result).contains(
          "| Cost stated by the logs | $0.0027 (1 of 4 calls state one; tokenaudit prices the same calls at $0.0027) |")
      )
    }

    @Test func invalidColumnsAreAWarningAndTheCallStillCounts() throws {
      try UsageSemanticsTests.withJSON(
        #"{"prompt_tokens": -5, "completion_tokens": 2, "prompt_cache_read_tokens": 10}"#
      ) { root in
        var sink = RecordSink()
        let usage = HeliconeReader.columnUsage(root, sink: &sink, at: SourceLocation(file: "x", line: 3))
        #expect(usage == nil)
        #expect(sink.warnings.map(\.kind) == [.invalidUsage])
      }
      try UsageSemanticsTests.withJSON(#"{"prompt_tokens": null, "completion_tokens": null}"#) { root in
        var sink = RecordSink()
        #expect(HeliconeReader.columnUsage(root, sink: &sink, at: SourceLocation(file: "x", line: 1)) == nil)
        #expect(sink.warnings.isEmpty)
      }
    }

    @Test func rowsWithoutHeliconeColumnsAreLeftToOtherFormats() throws {
      try UsageSemanticsTests.withJSON(
        #"{"request_id": "r1", "timestamp": "2026-11-20T09:15:00Z", "request": {}, "response": {}}"#
      ) { root in
        #expect(!HeliconeReader.matches(root, context: FileContext(path: "x", options: IngestOptions())))
      }
    }
  }
}
