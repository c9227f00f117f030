import Testing

@testable import TokenAuditCore

extension Pricing {
  @Suite struct PriceTableResolutionTests {
    struct Case: CustomTestStringConvertible, Sendable {
      var model: String
      var provider: String?
      var key: String
      var match: ModelMatch
      var testDescription: String { "\(provider ?? "-") \(model)" }
    }

    static let cases: [Case] = [
      // Exact and case.
      Case(model: "gpt-4o", provider: nil, key: "gpt-4o", match: .exact),
      Case(model: "gpt-4o", provider: "openai", key: "gpt-4o", match: .exact),
      Case(model: "GPT-4o", provider: nil, key: "gpt-4o", match: .caseInsensitive),
      Case(model: " gpt-4o-2024-08-06 ", provider: nil, key: "gpt-4o-2024-08-06", match: .exact),
      // Provider prefixes, both ways.
      Case(model: "openai/gpt-4o", provider: nil, key: "gpt-4o", match: .providerPrefix),
      Case(model: "openrouter/openai/gpt-4o", provider: nil, key: "gpt-4o", match: .providerPrefix),
      Case(model: "gpt-4o", provider: "azure", key: "azure/gpt-4o", match: .providerPrefix),
      Case(model: "gpt-4o", provider: "Azure_OpenAI", key: "azure/gpt-4o", match: .providerPrefix),
      Case(model: "anthropic/claude-sonnet-4-5", provider: nil, key: "claude-sonnet-4-5", match: .providerPrefix),
      Case(model: "gemini-2.5-pro", provider: "gemini", key: "gemini/gemini-2.5-pro", match: .providerPrefix),
      Case(model: "models/gemini-2.5-pro", provider: "google", key: "gemini/gemini-2.5-pro", match: .providerPrefix),
      Case(model: "gemini-2.5-pro", provider: nil, key: "gemini-2.5-pro", match: .exact),
      Case(
        model: "claude-sonnet-4-5@20250929", provider: "vertex_ai", key: "vertex_ai/claude-sonnet-4-5@20250929",
        match: .providerPrefix),
      // Dated suffixes.
      Case(model: "gpt-4o-2099-01-01", provider: "openai", key: "gpt-4o", match: .normalized),
      Case(model: "gpt-4.1-mini-20250414", provider: nil, key: "gpt-4.1-mini-2025-04-14", match: .normalized),
      Case(model: "claude-sonnet-4-5-20991231", provider: "anthropic", key: "claude-sonnet-4-5", match: .normalized),
      Case(
        model: "claude-sonnet-4-5@20250929", provider: nil, key: "claude-sonnet-4-5-20250929", match: .normalized),
      Case(model: "claude-opus-4-5-latest", provider: "anthropic", key: "claude-opus-4-5", match: .normalized),
      // Anthropic spellings.
      Case(model: "claude-sonnet-4.5", provider: nil, key: "claude-sonnet-4-5", match: .normalized),
      Case(model: "anthropic/claude-4.5-sonnet", provider: nil, key: "claude-sonnet-4-5", match: .normalized),
      Case(model: "claude-haiku-4-5-20251001", provider: "anthropic", key: "claude-haiku-4-5-20251001", match: .exact),
      Case(
        model: "claude-3-5-sonnet-latest", provider: "anthropic", key: "vertex_ai/claude-3-5-sonnet", match: .normalized
      ),
      // Bedrock ids.
      Case(
        model: "anthropic.claude-3-5-sonnet-20240620-v1:0", provider: "bedrock",
        key: "anthropic.claude-3-5-sonnet-20240620-v1:0", match: .exact),
      Case(
        model: "us.anthropic.claude-3-5-sonnet-20240620-v1:0", provider: nil,
        key: "us.anthropic.claude-3-5-sonnet-20240620-v1:0", match: .exact),
      Case(
        model: "claude-3-5-sonnet-20240620", provider: "bedrock", key: "anthropic.claude-3-5-sonnet-20240620-v1:0",
        match: .normalized),
      Case(
        model: "ca.anthropic.claude-3-5-sonnet-20241022-v2:0", provider: "aws",
        key: "anthropic.claude-3-5-sonnet-20241022-v2:0", match: .normalized),
      // Vertex and Gemini release suffixes.
      Case(
        model: "vertex_ai/claude-3-5-sonnet-v2@20241022", provider: nil, key: "vertex_ai/claude-3-5-sonnet",
        match: .normalized),
      Case(model: "gemini-2.0-flash-001", provider: "google", key: "vertex_ai/gemini-2.0-flash", match: .normalized),
      // Fine-tuned OpenAI ids.
      Case(
        model: "ft:gpt-4o-mini-2024-07-18:acme-corp::9xYzAbC", provider: "openai", key: "ft:gpt-4o-mini-2024-07-18",
        match: .fineTuned),
      Case(model: "ft:gpt-4o-mini:acme-corp:support:9xYz", provider: nil, key: "gpt-4o-mini", match: .fineTunedBase),
    ]

    @Test(arguments: cases)
    func resolves(_ c: Case) throws {
      let table = try PricingFixtures.table
      let resolved = try #require(table.resolve(model: c.model, provider: c.provider))
      #expect(resolved.key == c.key)
      #expect(resolved.match == c.match)
      #expect(resolved.price == table[c.key])
      #expect(resolved.price.hasTokenPrices)
    }

    @Test(
      arguments: [
        ("totally-unknown-model", nil), ("", nil), ("   ", nil), ("gpt-4o-ultra", "openai"),
        ("claude-sonnet-9-9", "anthropic"),
        ("ft:not-a-model:org::1", "openai"), ("dall-e-3", "openai"),
      ] as [(String, String?)])
    func unknownModelsResolveToNil(model: String, provider: String?) throws {
      #expect(try PricingFixtures.table.resolve(model: model, provider: provider) == nil)
    }

    @Test func preferredEntryIsTheProvidersOwn() throws {
      let table = try PricingFixtures.table
      // Many resellers list gpt-4.1; the OpenAI entry wins without a provider.
      #expect(table.resolve(model: "openai/gpt-4.1")?.price.provider == "openai")
      // A Bedrock region id not in the table falls back to the region-free Bedrock entry.
      let apac = try #require(
        table.resolve(model: "apac.anthropic.claude-sonnet-4-5-20250929-v1:0", provider: "bedrock"))
      #expect(apac.price.providerFamily == "bedrock")
      #expect(apac.key.hasPrefix("apac.") == false)
      #expect(apac.price.list.input == table["anthropic.claude-sonnet-4-5-20250929-v1:0"]?.list.input)
    }

    @Test func resolutionIsCachedAndThreadSafe() async throws {
      let table = try PricingFixtures.table
      let ids = Self.cases.map { ($0.model, $0.provider) }
      let expected = ids.map { table.resolve(model: $0.0, provider: $0.1)?.key }
      await withTaskGroup(of: [String?].self) { group in
        for _ in 0..<2 {
          group.addTask {
            var keys: [String?] = []
            for _ in 0..<50 {
              keys = ids.map { table.resolve(model: $0.0, provider: $0.1)?.key }
            }
            return keys
          }
        }
        for await keys in group {
          #expect(keys == expected)
        }
      }
    }
  }
}
