import Testing

@testable import TokenAuditCore

extension Pricing {
  @Suite struct ModelNameNormalizerTests {
    @Test(
      arguments: [
        ("claude-3-5-sonnet-20240620", "claude-sonnet-3-5", "20240620", nil),
        ("anthropic/claude-3.5-sonnet", "claude-sonnet-3-5", nil, nil),
        ("us.anthropic.claude-3-5-sonnet-20240620-v1:0", "claude-sonnet-3-5", "20240620", "us"),
        ("vertex_ai/claude-opus-4@20250514", "claude-opus-4", "20250514", nil),
        ("claude-3-5-sonnet-latest", "claude-sonnet-3-5", "latest", nil),
        ("gpt-4o-2024-08-06", "gpt-4o", "20240806", nil),
        ("gpt-4-0613", "gpt-4", "0613", nil),
        ("gpt-4.1-mini", "gpt-4-1-mini", nil, nil),
        ("qwen3-235b-a22b-2507", "qwen3-235b-a22b-2507", nil, nil),
        ("amazon.nova-pro-v1:0", "nova-pro-v1:0", nil, nil),
        ("openrouter/anthropic/claude-3.7-sonnet:thinking", "claude-sonnet-3-7", nil, nil),
        ("vertex_ai/claude-3-5-sonnet-v2@20241022", "claude-sonnet-3-5", "20241022", nil),
        ("gemini-2.0-flash-001", "gemini-2-0-flash", "001", nil),
        ("models/gemini-1.5-pro-002", "gemini-1-5-pro", "002", nil),
        ("text-embedding-004", "text-embedding-004", nil, nil),
      ] as [(String, String, String?, String?)])
    func normalizes(name: String, base: String, date: String?, region: String?) {
      #expect(ModelNameNormalizer.normalize(name) == NormalizedModelName(base: base, date: date, region: region))
    }

    @Test func fineTunedBase() {
      #expect(ModelNameNormalizer.fineTunedBase("ft:gpt-4o-mini-2024-07-18:org::abc") == "gpt-4o-mini-2024-07-18")
      #expect(ModelNameNormalizer.fineTunedBase("gpt-4o") == nil)
      #expect(ModelNameNormalizer.fineTunedBase("ft:") == nil)
    }

    @Test(arguments: [
      ("claude-opus-4-5", "claude-4-5"), ("claude-haiku-4-5", "claude-4-5"), ("gpt-4o-mini", "gpt-4o"),
      ("gpt-4-1-nano", "gpt-4-1"), ("gpt-5-mini", "gpt-5"), ("gemini-2-5-flash-lite", "gemini-2-5"), ("o4-mini", "o4"),
    ])
    func series(base: String, series: String) {
      #expect(ModelNameNormalizer.series(ofBase: base) == series)
    }
  }
}
