/// Provider names as LiteLLM spells them, and the few provider facts the cost engine needs.
///
/// A "family" is the key prefix LiteLLM uses for a provider (`openai`, `anthropic`, `gemini`,
/// `vertex_ai`, `bedrock`, `azure`, `openrouter`, …). Sub-providers collapse into their family:
/// `vertex_ai-anthropic_models` → `vertex_ai`, `bedrock_converse` → `bedrock`.
enum ProviderFamily {
  // MARK: - Names

  /// Maps a provider name as it appears in logs or on the command line to a LiteLLM family.
  ///
  /// - Parameter provider: A provider name such as `OpenAI`, `google`, `aws`, `vertex`.
  /// - Returns: The LiteLLM family (lowercased), or nil for an empty name.
  static func canonical(_ provider: String?) -> String? {
    guard let raw = provider.map({ ModelNameNormalizer.trim($0).lowercased() }), !raw.isEmpty else { return nil }
    switch raw {
    case "google", "gemini", "google_ai_studio", "google-ai-studio", "googleaistudio", "google_genai":
      return "gemini"
    case "vertex", "vertexai", "vertex_ai", "vertex-ai", "google-vertex", "google_vertex", "google-vertex-ai":
      return "vertex_ai"
    case "aws", "bedrock", "aws_bedrock", "aws-bedrock", "amazon-bedrock", "amazon_bedrock", "bedrock_converse":
      return "bedrock"
    case "azure", "azure_openai", "azure-openai", "azureopenai":
      return "azure"
    case "claude":
      return "anthropic"
    default:
      return family(ofLiteLLMProvider: raw)
    }
  }

  /// The family of an entry's `litellm_provider` value.
  ///
  /// - Parameter litellmProvider: The raw `litellm_provider` string.
  /// - Returns: The family name.
  static func family(ofLiteLLMProvider litellmProvider: String) -> String {
    let p = litellmProvider.lowercased()
    if p.hasPrefix("vertex_ai") { return "vertex_ai" }
    if p.hasPrefix("bedrock") { return "bedrock" }
    if p == "text-completion-openai" { return "openai" }
    return p
  }

  // MARK: - Facts

  /// Families that sell a batch API at 50% of the list price for every token kind.
  ///
  /// Sources: OpenAI Batch API ("50% discount"), Azure OpenAI Global Batch ("50% less cost"),
  /// Anthropic Message Batches ("50% of standard API prices"), Gemini / Vertex AI batch mode
  /// ("50% of the standard cost"). Used only when an entry has no `*_batches` price of its own.
  static let halfPriceBatchFamilies: Set<String> = ["openai", "azure", "anthropic", "gemini", "vertex_ai"]

  /// Whether `family` is one of `halfPriceBatchFamilies`.
  static func offersHalfPriceBatch(_ family: String?) -> Bool {
    guard let family else { return false }
    return halfPriceBatchFamilies.contains(family)
  }

  /// Clouds that resell first-party models at (usually) first-party list prices.
  static let hyperscalers: Set<String> = ["vertex_ai", "bedrock", "azure", "azure_ai"]

  /// Whether a model is a Claude model, whoever serves it (Anthropic, Bedrock, Vertex AI, …).
  ///
  /// - Parameters:
  ///   - key: The table key.
  ///   - litellmProvider: The entry's `litellm_provider`.
  static func isAnthropicModel(key: String, litellmProvider: String?) -> Bool {
    if litellmProvider?.lowercased().contains("anthropic") == true { return true }
    return key.lowercased().contains("claude")
  }

  /// The families that make (not resell) a model, guessed from its normalized base name.
  ///
  /// - Parameter base: A normalized base name (see `ModelNameNormalizer`).
  /// - Returns: The owning families; empty when unknown.
  static func owners(ofBase base: String) -> Set<String> {
    for (prefix, owners) in ownerPrefixes where base.hasPrefix(prefix) {
      return owners
    }
    return []
  }

  // Ordered: a longer prefix that shares a start with a shorter one comes first.
  private static let ownerPrefixes: [(String, Set<String>)] = [
    ("claude", ["anthropic"]),
    ("chatgpt", ["openai"]),
    ("gpt-", ["openai"]),
    ("o1", ["openai"]),
    ("o3", ["openai"]),
    ("o4", ["openai"]),
    ("text-embedding", ["openai"]),
    ("gemini", ["gemini", "vertex_ai"]),
    ("gemma", ["gemini", "vertex_ai"]),
    ("grok", ["xai"]),
    ("mistral", ["mistral"]),
    ("mixtral", ["mistral"]),
    ("codestral", ["mistral"]),
    ("magistral", ["mistral"]),
    ("devstral", ["mistral"]),
    ("ministral", ["mistral"]),
    ("pixtral", ["mistral"]),
    ("deepseek", ["deepseek"]),
    ("command", ["cohere"]),
    ("nova", ["bedrock"]),
  ]
}
