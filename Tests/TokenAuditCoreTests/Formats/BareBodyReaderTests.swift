import Foundation
import Testing

@testable import TokenAuditCore

@Suite struct BareBodyReaderTests {
  @Test func readsBareResponsesAndCountsRequestsAsContext() throws {
    let r = FileIngestor(options: IngestOptions()).ingest(path: Fixtures.path("formats/bare-body/bodies.jsonl"))
    #expect(r.stats.records == 2)
    #expect(r.stats.contextLines == 1)
    #expect(r.stats.skippedLines == 0)
    let openai = try #require(r.records.first { $0.provider == "openai" })
    #expect(openai.usage?.inputTokens == 82)
    #expect(openai.usage?.outputTokens == 17)
    let anthropic = try #require(r.records.first { $0.provider == "anthropic" })
    // Anthropic input excludes cache reads and writes; canonical input includes them.
    #expect(anthropic.usage?.inputTokens == 132)
    #expect(anthropic.usage?.cacheReadTokens == 100)
    #expect(anthropic.usage?.cacheWrite5mTokens == 20)
  }

  /// The pipeline streams records to the extractors as they are read; readers that update records
  /// after emitting them (split Claude Code lines, batch joins, spans) must give the same totals as
  /// reading the file whole.
  @Test(arguments: ["claude-code", "langfuse", "otel-genai", "openai-batch", "anthropic-batch", "codex", "litellm"])
  func streamingGivesTheSameRecordsAsReadingWhole(_ format: String) throws {
    let dir = Fixtures.path("formats/" + format)
    let (files, _) = InputDiscovery.files(in: [dir])
    var whole = TokenUsage()
    var calls = 0
    for f in files {
      for rec in FileIngestor(options: IngestOptions()).ingest(path: f).records {
        whole += rec.usage ?? TokenUsage()
        calls += 1
      }
    }
    var o = AuditOptions()
    o.workers = 2
    let p = AuditPipeline(
      options: o, costModel: TableCostModel(table: try PriceTable.bundled()), makeCounter: { RoughTokenCounter() })
    let out = try p.run(paths: [dir], run: RunInfo(toolVersion: "t", generatedAt: "t", inputs: [dir]))
    #expect(out.result.input.records == calls)
    let logged = out.facts.filter { $0.usageSource == .logged }.reduce(TokenUsage()) { $0 + $1.usage }
    // What the analysis counts is what was read, less the duplicates it dropped.
    #expect(out.facts.count + out.result.input.duplicatesDropped == calls)
    #expect(logged.inputTokens <= whole.inputTokens)
    #expect(logged.outputTokens <= whole.outputTokens)
    if whole.inputTokens > 0 { #expect(logged.inputTokens > 0) }
  }
}
