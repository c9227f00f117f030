/// One row of the prompt-caching rules: which models it covers and their provider's defaults.
struct PromptCacheRule: Sendable {
  /// Provider families whose entries the row covers (any model name), or empty.
  var families: Set<String> = []
  /// Normalized base-name prefixes the row covers (`claude-haiku-4-5`), or empty for any.
  var basePrefixes: [String] = []
  /// The row covers Claude models only (on any cloud).
  var claudeOnly = false
  var minimumTokens: Int
  var incrementTokens: Int
  var readMultiplier: Double
  var write5mMultiplier: Double
  /// nil: same as the 5-minute multiplier.
  var write1hMultiplier: Double?
  var defaultTTLSeconds: Int
  var activation: PromptCachePolicy.Activation

  func matches(base: String, price: ModelPrice) -> Bool {
    if claudeOnly && !ProviderFamily.isAnthropicModel(key: base, litellmProvider: price.provider) { return false }
    if !families.isEmpty {
      guard let family = price.providerFamily, families.contains(family) else { return false }
    }
    return basePrefixes.isEmpty || basePrefixes.contains { base.hasPrefix($0) }
  }
}

extension PromptCachePolicy {
  // MARK: - Rules

  /// Provider caching rules, first match wins: specific models before their provider's default.
  ///
  /// Anthropic (docs.anthropic.com / platform.claude.com, "Prompt caching"): minimum cacheable
  /// prompt 1024 tokens for Claude Opus 4/4.1, Sonnet 4/4.5, Sonnet 3.7/3.5 and Opus 3; 2048 for
  /// Haiku 3 and 3.5 and Sonnet 4.6; 4096 for Opus 4.5/4.6 and Haiku 4.5. Cache reads 0.1×
  /// input, 5-minute writes 1.25×, 1-hour writes 2×; default lifetime 5 minutes. The same
  /// rules apply to Claude on Bedrock and Vertex AI. The table's `prompt_cache_min_tokens`
  /// (present for newer models) takes precedence over these rows.
  ///
  /// OpenAI (platform.openai.com "Prompt caching"; cookbook "Prompt Caching 201"): automatic for
  /// prompts of 1024 tokens or more, hits in 128-token increments; cached prefixes stay for 5–10
  /// minutes of inactivity (up to an hour). Reads at 0.5× input on older models (newer models
  /// state their own price); no write surcharge. Azure OpenAI follows the same rules.
  ///
  /// Gemini implicit caching (ai.google.dev "Context caching", updated 2026-10): minimum 2048
  /// tokens for Gemini 2.5 Flash and Pro, 4096 for Gemini 3 and later (earlier revisions said
  /// 1024 for 2.5 Flash and 4096 for 2.5 Pro). Reads 0.25× input on 2.5 models (newer models state
  /// their price); no write surcharge. Google does not document how long implicit cache entries
  /// live; the explicit-cache default of 1 hour is used.
  ///
  /// DeepSeek (api-docs.deepseek.com "Context Caching"): automatic, 64-token storage units,
  /// reads 0.1× input, entries kept "hours to days" (1 hour used).
  static let rules: [PromptCacheRule] = [
    PromptCacheRule(
      basePrefixes: ["claude-opus-4-5", "claude-opus-4-6", "claude-haiku-4-5"], claudeOnly: true,
      minimumTokens: 4096, incrementTokens: 1, readMultiplier: 0.1, write5mMultiplier: 1.25,
      write1hMultiplier: 2, defaultTTLSeconds: 300, activation: .explicitBreakpoints),
    PromptCacheRule(
      basePrefixes: ["claude-haiku-3", "claude-sonnet-4-6"], claudeOnly: true,
      minimumTokens: 2048, incrementTokens: 1, readMultiplier: 0.1, write5mMultiplier: 1.25,
      write1hMultiplier: 2, defaultTTLSeconds: 300, activation: .explicitBreakpoints),
    PromptCacheRule(
      claudeOnly: true,
      minimumTokens: 1024, incrementTokens: 1, readMultiplier: 0.1, write5mMultiplier: 1.25,
      write1hMultiplier: 2, defaultTTLSeconds: 300, activation: .explicitBreakpoints),
    PromptCacheRule(
      families: ["openai", "azure"],
      minimumTokens: 1024, incrementTokens: 128, readMultiplier: 0.5, write5mMultiplier: 1,
      write1hMultiplier: nil, defaultTTLSeconds: 300, activation: .automatic),
    PromptCacheRule(
      families: ["gemini", "vertex_ai"], basePrefixes: ["gemini-2-5"],
      minimumTokens: 2048, incrementTokens: 1, readMultiplier: 0.25, write5mMultiplier: 1,
      write1hMultiplier: nil, defaultTTLSeconds: 3600, activation: .automatic),
    PromptCacheRule(
      families: ["gemini", "vertex_ai"], basePrefixes: ["gemini-"],
      minimumTokens: 4096, incrementTokens: 1, readMultiplier: 0.1, write5mMultiplier: 1,
      write1hMultiplier: nil, defaultTTLSeconds: 3600, activation: .automatic),
    PromptCacheRule(
      families: ["deepseek"],
      minimumTokens: 64, incrementTokens: 64, readMultiplier: 0.1, write5mMultiplier: 1,
      write1hMultiplier: nil, defaultTTLSeconds: 3600, activation: .automatic),
  ]
}
