/// The API family whose request and response bodies a record carries.
enum SampleProvider {
  case openAI, anthropic

  var name: String { self == .openAI ? "openai" : "anthropic" }
}

/// The models the sample team uses: names that LiteLLM's price table lists, with the dated
/// snapshot the API echoes back in responses.
enum SampleModel: CaseIterable {
  case claudeOpus45, claudeSonnet45, claudeHaiku45, gpt4o, gpt4oMini, gpt41, gpt41Mini, o4Mini

  /// The name sent in requests and logged in the envelope.
  var name: String {
    switch self {
    case .claudeOpus45: return "claude-opus-4-5"
    case .claudeSonnet45: return "claude-sonnet-4-5"
    case .claudeHaiku45: return "claude-haiku-4-5"
    case .gpt4o: return "gpt-4o"
    case .gpt4oMini: return "gpt-4o-mini"
    case .gpt41: return "gpt-4.1"
    case .gpt41Mini: return "gpt-4.1-mini"
    case .o4Mini: return "o4-mini"
    }
  }

  /// The model id in response bodies.
  var snapshot: String {
    switch self {
    case .claudeOpus45: return "claude-opus-4-5-20251101"
    case .claudeSonnet45: return "claude-sonnet-4-5-20250929"
    case .claudeHaiku45: return "claude-haiku-4-5-20251001"
    case .gpt4o: return "gpt-4o-2024-08-06"
    case .gpt4oMini: return "gpt-4o-mini-2024-07-18"
    case .gpt41: return "gpt-4.1-2025-04-14"
    case .gpt41Mini: return "gpt-4.1-mini-2025-04-14"
    case .o4Mini: return "o4-mini-2025-04-16"
    }
  }

  var provider: SampleProvider {
    switch self {
    case .claudeOpus45, .claudeSonnet45, .claudeHaiku45: return .anthropic
    default: return .openAI
    }
  }

  /// Shortest prompt prefix the provider caches (Anthropic documents 4096 for Haiku 4.5).
  var minCacheTokens: Int { self == .claudeHaiku45 ? 4096 : 1024 }

  /// Generation speed used for `latency_ms`.
  var msPerOutputToken: Int {
    switch self {
    case .claudeOpus45: return 30
    case .claudeSonnet45: return 18
    case .claudeHaiku45, .gpt4oMini, .gpt41Mini: return 8
    case .gpt4o, .gpt41: return 14
    case .o4Mini: return 7
    }
  }

  /// OpenAI's `system_fingerprint`.
  var fingerprint: String {
    switch self {
    case .gpt4o: return "fp_a288987b44"
    case .gpt4oMini: return "fp_560af6e559"
    case .gpt41: return "fp_51e1070cf2"
    case .gpt41Mini: return "fp_6f2eabb9a5"
    default: return "fp_3ef9bb1d43"
    }
  }
}

/// The agents of the sample team, with the logging habits of the service each runs in.
enum SampleAgent: Int, CaseIterable {
  case supportTriage, supportAnswer, planner, coder, nightlyDigest, extractor, leanFAQ

  var name: String {
    switch self {
    case .supportTriage: return "support-triage"
    case .supportAnswer: return "support-answer"
    case .planner: return "planner"
    case .coder: return "coder"
    case .nightlyDigest: return "nightly-digest"
    case .extractor: return "extractor"
    case .leanFAQ: return "lean-faq"
    }
  }

  var team: String {
    switch self {
    case .supportTriage, .supportAnswer, .leanFAQ: return "support"
    case .planner, .coder: return "engineering"
    case .nightlyDigest, .extractor: return "data"
    }
  }

  /// Each service writes timestamps its own way.
  var timestampStyle: SampleTimestampStyle {
    switch self {
    case .supportTriage, .supportAnswer, .extractor: return .isoMillisZ
    case .planner: return .isoMicrosOffset
    case .coder: return .epochMillis
    case .nightlyDigest: return .epochSecondsFraction
    case .leanFAQ: return .epochSeconds
    }
  }

  /// Whether infrastructure noise (retries, lost usage) may touch this agent; the lean control
  /// agent stays clean so it should produce no findings.
  var takesNoise: Bool { self != .leanFAQ }
}
