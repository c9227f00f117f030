import Foundation
import Testing

@testable import TokenAuditCore

extension Pricing {
  @Suite struct PriceTableTests {
    // MARK: - Bundled table

    @Test func bundledTableLoadsEveryEntry() throws {
      let table = try PricingFixtures.table
      // 4,878 keys in the file, minus LiteLLM's `sample_spec` documentation entry.
      #expect(table.count == 4_877)
      #expect(table["sample_spec"] == nil)
      #expect(table.sources == ["bundled"])
      #expect(try PriceTable.bundled() === table)
    }

    @Test func parsesListBatchAndCachePrices() throws {
      let gpt4o = try #require(try PricingFixtures.table["gpt-4o"])
      #expect(gpt4o.provider == "openai")
      #expect(gpt4o.mode == "chat")
      #expect(gpt4o.list.input == 2.5e-06)
      #expect(gpt4o.list.output == 1e-05)
      #expect(gpt4o.list.cacheRead == 1.25e-06)
      #expect(gpt4o.list.cacheWrite5m == nil)
      #expect(gpt4o.batch.input == 1.25e-06)
      #expect(gpt4o.batch.output == 5e-06)
      #expect(gpt4o.maxInputTokens == 128_000)
      #expect(gpt4o.maxOutputTokens == 16_384)
      #expect(gpt4o.deprecationDate == "2027-01-14")
      #expect(gpt4o.longContext.isEmpty)
    }

    @Test func parsesAnthropicCacheWritesAndLongContextTiers() throws {
      let sonnet = try #require(try PricingFixtures.table["vertex_ai/claude-sonnet-4-5"])
      #expect(sonnet.list.cacheWrite5m == 3.75e-06)
      #expect(sonnet.list.cacheWrite1h == 6e-06)
      #expect(sonnet.batch.cacheRead == 1.5e-07)
      let tier = try #require(sonnet.prices(at: .above200k))
      #expect(tier.list.input == 6e-06)
      #expect(tier.list.output == 2.25e-05)
      #expect(tier.list.cacheRead == 6e-07)
      #expect(tier.list.cacheWrite5m == 7.5e-06)
      #expect(tier.list.cacheWrite1h == 1.2e-05)
      #expect(sonnet.longContext.map(\.tier) == [.above200k])
    }

    @Test func parsesTierFieldNames() {
      let parse = ModelPrice.parsePriceField
      #expect(parse("input_cost_per_token")! == (.input, .none, false, .standard))
      #expect(parse("output_cost_per_token_batches")! == (.output, .none, true, .standard))
      #expect(parse("cache_creation_input_token_cost_above_1hr")! == (.cacheWrite1h, .none, false, .standard))
      #expect(
        parse("cache_creation_input_token_cost_above_1hr_above_200k_tokens")! == (
          .cacheWrite1h, .above200k, false, .standard
        ))
      #expect(parse("input_cost_per_token_above_128k_tokens")! == (.input, .above128k, false, .standard))
      #expect(
        parse("input_cost_per_token_above_272k_tokens_batches")! == (
          .input, LongContextTier(thresholdTokens: 272_000), true, .standard
        ))
      #expect(parse("output_cost_per_reasoning_token")! == (.reasoning, .none, false, .standard))
      #expect(parse("input_cost_per_token_priority")! == (.input, .none, false, .priority))
      #expect(parse("input_cost_per_token_above_200k_tokens_flex")! == (.input, .above200k, false, .flex))
      #expect(parse("cache_read_input_token_cost_flex")! == (.cacheRead, .none, false, .flex))
      #expect(parse("cache_creation_input_token_cost_above_12hr") == nil)
      #expect(parse("input_cost_per_token_cache_hit") == nil)
      #expect(parse("input_cost_per_image") == nil)
    }

    /// OpenAI's flex and priority tiers are priced from the entry's `*_flex` / `*_priority` fields.
    @Test func serviceTiersArePricedFromTheirOwnFields() throws {
      let model = TableCostModel(table: try PricingFixtures.table)
      let usage = TokenUsage(inputTokens: 1_000_000, cacheReadTokens: 400_000, outputTokens: 100_000)
      func cost(_ tier: ServiceTier, batch: Bool = false) throws -> CostBreakdown {
        let key = try #require(
          model.priceKey(model: "gpt-5", provider: "openai", usage: usage, batch: batch, service: tier))
        return model.cost(of: usage, at: key)
      }
      // gpt-5: input $1.25/M, cache reads $0.125/M, output $10/M; flex halves them, priority doubles.
      let standard = try cost(.standard)
      #expect(abs(standard.totalUSD - (0.6 * 1.25 + 0.4 * 0.125 + 0.1 * 10)) < 1e-9)
      #expect(abs(try cost(.flex).totalUSD - standard.totalUSD / 2) < 1e-9)
      #expect(abs(try cost(.priority).totalUSD - standard.totalUSD * 2) < 1e-9)
      // A batch call is priced at batch rates whatever tier it names.
      #expect(try cost(.priority, batch: true).totalUSD == (try cost(.standard, batch: true)).totalUSD)
      // A model with no tier prices: list price, with the assumption noted.
      let claude = try #require(
        model.priceKey(
          model: "claude-sonnet-4-5", provider: "anthropic", usage: usage, batch: false, service: .priority))
      let breakdown = model.cost(of: usage, at: claude)
      let plain = try #require(
        model.priceKey(model: "claude-sonnet-4-5", provider: "anthropic", usage: usage, batch: false))
      #expect(breakdown.totalUSD == model.cost(of: usage, at: plain).totalUSD)
      #expect(breakdown.assumptions.contains(.serviceTierPriceUnknown))
    }

    @Test func loggedServiceTierNames() {
      #expect(ServiceTier(logged: "flex") == .flex)
      #expect(ServiceTier(logged: "Priority") == .priority)
      for other in ["default", "auto", "standard", "scale", nil] as [String?] {
        #expect(ServiceTier(logged: other) == .standard)
      }
    }

    // MARK: - Override files

    @Test func overrideFileAddsANewModel() throws {
      let path = PricingFixtures.path("add-model.json")
      let table = try PricingFixtures.table.merging(overrideFile: path)
      #expect(table.count == (try PricingFixtures.table.count) + 1)
      #expect(table.sources == ["bundled", path])
      let resolved = try #require(table.resolve(model: "acme/acme-chat-1"))
      #expect(resolved.match == .exact)
      #expect(resolved.price.provider == "acme")
      // 1,000 uncached + 3,000 cached prompt tokens and 500 output tokens, in $ per million tokens:
      // (1000 × 0.4 + 3000 × 0.1 + 500 × 1.6) / 1e6 = (400 + 300 + 800) / 1e6 = $0.0015.
      let usage = TokenUsage(inputTokens: 4_000, cacheReadTokens: 3_000, outputTokens: 500)
      let cost = resolved.price.cost(ofCall: usage, batch: false)
      #expect(abs(cost.totalUSD - 0.0015) < 1e-12)
      // The new id also resolves through the provider prefix and normalization.
      #expect(table.resolve(model: "acme-chat-1", provider: "acme")?.key == "acme/acme-chat-1")
      let loaded = try PriceTable.load(overrideFiles: [path])
      #expect(loaded.resolve(model: "acme-chat-1", provider: "acme")?.key == "acme/acme-chat-1")
    }

    @Test func overrideFileChangesOnlyTheFieldsItStates() throws {
      let base = try PricingFixtures.table
      let table = try base.merging(overrideFile: PricingFixtures.path("override-price.json"))
      #expect(table.count == base.count)
      let gpt4o = try #require(table["gpt-4o"])
      #expect(gpt4o.list.input == 2e-06)
      #expect(gpt4o.list.output == 1e-05)
      #expect(gpt4o.list.cacheRead == 1.25e-06)
      #expect(gpt4o.batch.input == 1.25e-06)
      #expect(gpt4o.batch.output == nil)  // removed with null
      // The bundled table is untouched.
      #expect(base["gpt-4o"]?.list.input == 2.5e-06)
      // 10,000 uncached prompt tokens at the new price: $0.02 (was $0.025).
      let usage = TokenUsage(inputTokens: 10_000)
      #expect(table.resolve(model: "gpt-4o")?.price.cost(ofCall: usage, batch: false).totalUSD == 10_000 * 2e-06)
    }

    @Test func priceFilesParseToPlainValues() throws {
      let json = #"""
        {"m": {"a": 3, "b": 3e-06, "c": 2.5, "d": true, "e": null, "f": "x\u00e9", "g": [1, {"h": -4}], "a": 7},
         "n": {}}
        """#
      let root = try PriceTable.parseRoot(Array(json.utf8))
      let m = try #require(root["m"] as? [String: Any])
      #expect(m["a"] as? Int == 7)  // a repeated key: the last wins
      #expect(m["b"] as? Double == 3e-06)
      #expect(m["c"] as? Double == 2.5)
      #expect(m["d"] as? Bool == true)
      #expect(m["e"] is NSNull)
      #expect(m["f"] as? String == "x\u{e9}")
      let g = try #require(m["g"] as? [Any])
      #expect(g.first as? Int == 1)
      #expect((g.last as? [String: Any])?["h"] as? Int == -4)
      #expect((root["n"] as? [String: Any])?.isEmpty == true)
      #expect(throws: PriceTable.RootError.self) { try PriceTable.parseRoot(Array(#"{"m": {"a": 1,}}"#.utf8)) }
      #expect(throws: PriceTable.RootError.self) { try PriceTable.parseRoot(Array("[1]".utf8)) }
    }

    @Test func booleansAndWholeNumbersAreTypedLikeJSON() throws {
      // A boolean is not a price; a whole number is a count (and a valid price).
      let bad = #"{"gpt-4o": {"input_cost_per_token": true}}"#
      #expect(throws: PriceTableError.self) {
        try PricingFixtures.table.merging(overrideJSON: Array(bad.utf8), source: "inline")
      }
      let good = #"{"gpt-4o": {"input_cost_per_token": 0, "max_input_tokens": 64000}}"#
      let table = try PricingFixtures.table.merging(overrideJSON: Array(good.utf8), source: "inline")
      #expect(table["gpt-4o"]?.list.input == 0)
      #expect(table["gpt-4o"]?.maxInputTokens == 64_000)
    }

    @Test func overrideKeysMatchExistingKeysUpToCase() throws {
      let json = #"{"GPT-4o": {"output_cost_per_token": 2e-05}}"#
      let table = try PricingFixtures.table.merging(overrideJSON: Array(json.utf8), source: "inline")
      #expect(table["GPT-4o"] == nil)
      #expect(table["gpt-4o"]?.list.output == 2e-05)
      #expect(table["gpt-4o"]?.list.input == 2.5e-06)
    }

    @Test(arguments: [
      (
        "invalid-price-type.json",
        "model \"gpt-4o\": input_cost_per_token must be a number (USD per token), got the string \"cheap\""
      ),
      ("invalid-json.json", "not valid JSON"),
      ("invalid-top-level.json", "the top level must be a JSON object keyed by model name"),
      (
        "new-model-without-price.json",
        "model \"acme-embed-1\" is not in the price table and states no input_cost_per_token"
      ),
    ])
    func badOverrideFileThrowsNamingThePath(file: String, reason: String) throws {
      let path = PricingFixtures.path(file)
      do {
        _ = try PricingFixtures.table.merging(overrideFile: path)
        Issue.record("expected an error for \(file)")
      } catch let error as PriceTableError {
        guard case .invalidOverrideFile(let errorPath, let errorReason) = error else {
          Issue.record("unexpected \(error)")
          return
        }
        #expect(errorPath == path)
        #expect(errorReason.contains(reason))
        #expect(error.description.hasPrefix("\(path): invalid price file: "))
      }
    }

    @Test func missingOverrideFileThrowsNamingThePath() throws {
      let path = PricingFixtures.path("does-not-exist.json")
      #expect(throws: PriceTableError.unreadableOverrideFile(path: path, reason: "no such file")) {
        _ = try PriceTable.load(overrideFiles: [path])
      }
    }

    @Test func rejectsNegativeAndBooleanPrices() throws {
      for json in [#"{"gpt-4o": {"input_cost_per_token": -1e-06}}"#, #"{"gpt-4o": {"output_cost_per_token": true}}"#] {
        #expect(throws: PriceTableError.self) {
          _ = try PricingFixtures.table.merging(overrideJSON: Array(json.utf8), source: "inline")
        }
      }
    }

    @Test func aliasesResolveToTheirTarget() throws {
      let table = try PricingFixtures.table
      // `claude-sonnet-latest` is `{"alias_of": "claude-sonnet-5-5"}` in the bundled table.
      let resolved = try #require(table.resolve(model: "claude-sonnet-latest", provider: "anthropic"))
      #expect(resolved.key == "claude-sonnet-5-5")
      #expect(resolved.price == table["claude-sonnet-5-5"])

      let json = #"{"my-default": {"alias_of": "gpt-4o"}, "dangling": {"alias_of": "nope"}}"#
      #expect(
        throws: PriceTableError.invalidOverrideFile(
          path: "inline", reason: "model \"dangling\": alias_of \"nope\" names no priced model")
      ) {
        _ = try table.merging(overrideJSON: Array(json.utf8), source: "inline")
      }
      let ok = try table.merging(overrideJSON: Array(#"{"my-default": {"alias_of": "gpt-4o"}}"#.utf8), source: "inline")
      #expect(ok.resolve(model: "my-default")?.key == "gpt-4o")
    }
  }
}

/// A logged `service_tier` prices the call end to end: read from the response, kept in the facts,
/// used by attribution.
@Suite struct ServiceTierAttributionTests {
  @Test func flexAndPriorityCallsCostHalfAndDouble() throws {
    func line(_ id: String, _ tier: String) -> String {
      #"{"timestamp": "2026-11-20T10:00:00Z", "request_id": "\#(id)", "agent": "a", "provider": "openai", "#
        + #""model": "gpt-5", "request": {"messages": [{"role": "user", "content": "hi"}]}, "#
        + #""response": {"service_tier": "\#(tier)", "choices": [{"message": {"role": "assistant", "content": "ok"}}], "#
        + #""usage": {"prompt_tokens": 1000000, "completion_tokens": 100000}}}"#
    }
    let dir = SampleLogTestSupport.temporaryDirectory()
    defer { SampleLogTestSupport.remove(dir, files: ["tiers.jsonl"]) }
    try [line("d", "default"), line("f", "flex"), line("p", "priority")].joined(separator: "\n")
      .write(toFile: dir + "/tiers.jsonl", atomically: false, encoding: .utf8)
    let p = AuditPipeline(
      options: AuditOptions(), costModel: TableCostModel(table: try PriceTable.bundled()),
      makeCounter: { RoughTokenCounter() })
    let outcome = try p.run(paths: [dir], run: FixtureReportGoldenTests.run)
    #expect(outcome.facts.all.map(\.serviceTier).sorted() == [.standard, .flex, .priority])
    // $1.25 + $1 at standard; half at flex; double at priority: 3.5 × $2.25.
    #expect(abs(outcome.result.totals.costUSD - 3.5 * 2.25) < 1e-6)
    let row = try #require(outcome.result.byModel.first)
    #expect(row.flexCalls == 1 && row.priorityCalls == 1)
    #expect(row.pricingAssumptions == nil)
    #expect(MarkdownRenderer.render(outcome.result).contains("| gpt-5 | gpt-5, 1 flex, 1 priority |"))
  }

  @Test func pricesTheTableDoesNotStateAreShownPerModel() throws {
    let line =
      #"{"timestamp": "2026-11-20T10:00:00Z", "request_id": "a", "agent": "a", "provider": "openai", "#
      + #""model": "gpt-3.5-turbo", "request": {"messages": [{"role": "user", "content": "hi"}]}, "#
      + #""response": {"usage": {"prompt_tokens": 5000, "completion_tokens": 10, "#
      + #""prompt_tokens_details": {"cached_tokens": 4000}}}}"#
    let dir = SampleLogTestSupport.temporaryDirectory()
    defer { SampleLogTestSupport.remove(dir, files: ["a.jsonl"]) }
    try line.write(toFile: dir + "/a.jsonl", atomically: false, encoding: .utf8)
    let p = AuditPipeline(
      options: AuditOptions(), costModel: TableCostModel(table: try PriceTable.bundled()),
      makeCounter: { RoughTokenCounter() })
    let result = try p.run(paths: [dir], run: FixtureReportGoldenTests.run).result
    #expect(result.byModel.first?.pricingAssumptions == ["cache_read_at_input_price"])
    let md = MarkdownRenderer.render(result)
    #expect(md.contains("- `gpt-3.5-turbo`: no cache-read price: cache reads at the uncached input price."))
    let json = JSONRenderer.render(result).filter { !$0.isWhitespace }
    #expect(json.contains(#""pricing_assumptions":["cache_read_at_input_price"]"#))
  }
}
