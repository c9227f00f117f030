/// A deliberate defect in a record's `usage` (malformed mode).
enum SampleUsageDefect {
  case none
  /// A token count logged as the string `"abc"`.
  case wrongType
  /// A negative output token count.
  case negative
}

/// Renders records as native-envelope JSON lines with real-shaped provider bodies.
struct SampleRecordEncoder {
  var w = SampleJSONWriter(capacity: 1 << 20)

  /// The line for `record` (without the newline) in `w.bytes`.
  mutating func encode(_ record: SampleRecord, usage: SampleUsage?, defect: SampleUsageDefect = .none) {
    w.reset()
    let call = record.call
    w.beginObject()
    w.key("timestamp")
    SampleClock.write(record.timeMS, style: call.agent.timestampStyle, into: &w)
    w.key("request_id")
    w.string(record.requestID)
    w.key("trace_id")
    w.string(call.traceID)
    w.key("agent")
    w.string(call.agent.name)
    w.key("phase")
    w.string(call.phase)
    w.key("provider")
    w.string(call.provider.name)
    w.key("model")
    w.string(call.model.name)
    w.key("latency_ms")
    w.int(record.latencyMS)
    w.key("status")
    switch record.outcome {
    case .success: w.int(200)
    case .failure(let status): w.int(status)
    }
    w.key("batch")
    w.bool(call.batch)
    w.key("request")
    switch call.provider {
    case .openAI: openAIRequest(call)
    case .anthropic: anthropicRequest(call)
    }
    w.key("response")
    switch (record.outcome, call.provider) {
    case (.failure(let status), .openAI): openAIError(status, call)
    case (.failure(let status), .anthropic): anthropicError(status, record.responseID)
    case (.success, .openAI): openAIResponse(record, usage: record.omitUsage ? nil : usage, defect: defect)
    case (.success, .anthropic): anthropicResponse(record, usage: record.omitUsage ? nil : usage, defect: defect)
    }
    w.key("metadata")
    metadata(call)
    w.endObject()
  }

  private mutating func metadata(_ call: SampleCall) {
    w.beginObject()
    w.key("team")
    w.string(call.agent.team)
    w.key("environment")
    w.literal("production")
    w.key("sdk")
    w.literal(call.provider == .openAI ? "openai-python/1.99.9" : "anthropic-python/0.82.0")
    for (k, v) in call.metadata {
      w.dynamicKey(k)
      w.string(v)
    }
    if call.longContext {
      w.key("anthropic_beta")
      w.literal("context-1m-2025-08-07")
    }
    w.endObject()
  }

  // MARK: - Error bodies

  private mutating func openAIError(_ status: Int, _ call: SampleCall) {
    w.beginObject()
    w.key("error")
    w.beginObject()
    w.key("message")
    if status == 429 {
      w.string(
        "Rate limit reached for \(call.model.name) in organization org-8kQmZp3RcW1xYt7LbN2vDf4s on tokens per min "
          + "(TPM): Limit 800000, Used 797512, Requested \(call.promptTokens). Please try again in 1.2s. "
          + "Visit https://platform.openai.com/account/rate-limits to learn more.")
      w.key("type")
      w.literal("tokens")
      w.key("param")
      w.null()
      w.key("code")
      w.literal("rate_limit_exceeded")
    } else {
      w.literal("The server had an error while processing your request. Sorry about that!")
      w.key("type")
      w.literal("server_error")
      w.key("param")
      w.null()
      w.key("code")
      w.null()
    }
    w.endObject()
    w.endObject()
  }

  private mutating func anthropicError(_ status: Int, _ id: String) {
    w.beginObject()
    w.key("type")
    w.literal("error")
    w.key("error")
    w.beginObject()
    w.key("type")
    switch status {
    case 429:
      w.literal("rate_limit_error")
      w.key("message")
      w.string(
        "This request would exceed the rate limit for your organization of 400,000 input tokens per minute. "
          + "For details, refer to: https://docs.claude.com/en/api/rate-limits.")
    case 529:
      w.literal("overloaded_error")
      w.key("message")
      w.literal("Overloaded")
    default:
      w.literal("api_error")
      w.key("message")
      w.literal("Internal server error")
    }
    w.endObject()
    w.key("request_id")
    w.string(id)
    w.endObject()
  }

  // MARK: - Shared pieces

  /// The stop text of a finish reason in each provider's vocabulary.
  static func finishReason(_ f: SampleFinish, _ p: SampleProvider) -> StaticString {
    switch (f, p) {
    case (.stop, .openAI): return "stop"
    case (.toolUse, .openAI): return "tool_calls"
    case (.length, .openAI): return "length"
    case (.stop, .anthropic): return "end_turn"
    case (.toolUse, .anthropic): return "tool_use"
    case (.length, .anthropic): return "max_tokens"
    }
  }

  /// A token count, or its defective form.
  mutating func count(_ n: Int, defect: SampleUsageDefect, target: SampleUsageDefect) {
    if defect == target && target == .wrongType {
      w.literal("abc")
    } else if defect == target && target == .negative {
      w.int(-max(1, n))
    } else {
      w.int(n)
    }
  }
}
