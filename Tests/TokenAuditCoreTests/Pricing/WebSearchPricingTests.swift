import Testing

@testable import TokenAuditCore

/// Web searches are billed per search, beside the tokens: read from the usage the providers log,
/// priced at the table's `search_context_cost_per_query`, and shown apart in the report.
@Suite struct WebSearchPricingTests {
  @Test func searchesAreReadFromEachProvidersShape() throws {
    let result = FormatFixtures.ingest("native/web-search.jsonl")
    #expect(result.issues.isEmpty)
    #expect(result.records.map { $0.usage?.webSearchRequests } == [3, 3, 2, 1])
  }

  @Test func theTablePricesASearchAndAMissingPriceIsNoted() throws {
    let table = try PriceTable.bundled()
    let sonnet = try #require(table.resolve(model: "claude-sonnet-4-5")?.price)
    #expect(sonnet.webSearchUSDPerQuery == 0.01)
    let usage = TokenUsage(inputTokens: 1000, outputTokens: 100, webSearchRequests: 4)
    let cost = sonnet.cost(ofCall: usage, batch: false)
    #expect(abs(cost.webSearchUSD - 0.04) < 1e-12)
    #expect(abs(cost.totalUSD - (cost.inputUSD + cost.outputUSD + 0.04)) < 1e-12)
    #expect(!cost.assumptions.contains(.webSearchPriceAssumed))
    // An entry without a search price: $0.01 a search, and the assumption says so.
    var bare = ModelPrice(key: "custom", list: TokenPrices(input: 1e-6, output: 2e-6))
    bare.webSearchUSDPerQuery = nil
    let assumed = bare.cost(ofCall: usage, batch: false)
    #expect(abs(assumed.webSearchUSD - 0.04) < 1e-12)
    #expect(assumed.assumptions.contains(.webSearchPriceAssumed))
    // No searches, no assumption and no cost.
    #expect(!bare.cost(ofCall: TokenUsage(inputTokens: 5), batch: false).assumptions.contains(.webSearchPriceAssumed))
  }

  @Test func parsedFromLiteLLMFields() throws {
    let p = try ModelPrice(
      key: "m",
      litellmFields: [
        "input_cost_per_token": 1e-6,
        "search_context_cost_per_query": [
          "search_context_size_low": 0.02, "search_context_size_medium": 0.03, "search_context_size_high": 0.05,
        ],
      ], strict: true)
    #expect(p.webSearchUSDPerQuery == 0.03)
  }

  @Test func theReportShowsSearchesApartAndInTheTotal() throws {
    let p = AuditPipeline(
      options: AuditOptions(), costModel: TableCostModel(table: try PriceTable.bundled()),
      makeCounter: { BPETokenCounter() })
    let out = try p.run(
      paths: [FormatFixtures.path("native/web-search.jsonl")], run: FixtureReportGoldenTests.run)
    let t = out.result.totals
    #expect(t.webSearchRequests == 9)
    // 6 Claude searches and 2 gpt-5 searches at $0.01, one gpt-4o-search-preview search at $0.025.
    #expect(abs((t.webSearchCostUSD ?? 0) - 0.105) < 1e-9)
    #expect(
      abs(t.costUSD - (t.inputCostUSD + t.cacheReadCostUSD + t.cacheWriteCostUSD + t.outputCostUSD + 0.105)) < 1e-9)
    let md = MarkdownRenderer.render(out.result)
    #expect(md.contains("| Web searches (billed per search) | 9 searches | $0.11 |"))
  }
}
