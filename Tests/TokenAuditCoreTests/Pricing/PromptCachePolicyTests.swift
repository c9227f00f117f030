import Testing

@testable import TokenAuditCore

extension Pricing {
  @Suite struct PromptCachePolicyTests {
    private func policy(_ model: String, _ provider: String? = nil) throws -> PromptCachePolicy {
      try #require(PromptCachePolicy.for(model: model, provider: provider, in: try PricingFixtures.table))
    }

    @Test(arguments: [
      ("claude-sonnet-4-5", 1024),  // table: prompt_cache_min_tokens
      ("claude-opus-4-5", 4096),  // table
      ("claude-haiku-4-5", 4096),  // table
      ("anthropic.claude-3-5-sonnet-20240620-v1:0", 1024),  // rules: Claude default
      ("anthropic.claude-3-haiku-20240307-v1:0", 2048),  // rules: Haiku 3
      ("anthropic.claude-opus-4-5-20251101-v1:0", 4096),  // rules: Opus 4.5
      ("gpt-4o", 1024),
      ("gemini/gemini-2.5-flash", 2048),
      ("gemini-2.5-pro", 2048),
    ])
    func minimumCacheableTokens(model: String, tokens: Int) throws {
      #expect(try policy(model).minimumCacheableTokens == tokens)
    }

    @Test func anthropicMultipliersComeFromThePrices() throws {
      let p = try policy("claude-sonnet-4-5", "anthropic")
      #expect(abs(p.readMultiplier - 0.1) < 1e-12)
      #expect(abs(p.write5mMultiplier - 1.25) < 1e-12)
      #expect(abs(p.write1hMultiplier - 2.0) < 1e-12)
      #expect(p.incrementTokens == 1)
      #expect(p.defaultTTLSeconds == 300)
      #expect(p.activation == .explicitBreakpoints)
    }

    @Test func openAIUses128TokenIncrementsAndNoWriteSurcharge() throws {
      let p = try policy("gpt-4o", "openai")
      #expect(p.incrementTokens == 128)
      #expect(abs(p.readMultiplier - 0.5) < 1e-12)  // 1.25 / 2.50
      #expect(p.write5mMultiplier == 1)
      #expect(p.write1hMultiplier == 1)
      #expect(p.activation == .automatic)
      #expect(abs(try policy("gpt-4.1").readMultiplier - 0.25) < 1e-12)  // 0.50 / 2.00
    }

    @Test func unknownModelsAndProvidersHaveNoPolicy() throws {
      let table = try PricingFixtures.table
      #expect(PromptCachePolicy.for(model: "no-such-model", provider: nil, in: table) == nil)
      #expect(PromptCachePolicy.for(model: "no-such-model", provider: nil) == nil)
      #expect(PromptCachePolicy.for(model: "gpt-4o", provider: "openai")?.minimumCacheableTokens == 1024)
      let other = ResolvedModel(
        key: "acme-1", price: ModelPrice(key: "acme-1", provider: "acme", list: TokenPrices(input: 1e-06)),
        match: .exact)
      #expect(PromptCachePolicy.for(model: other) == nil)
    }
  }
}
