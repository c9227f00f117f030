/// Normalises provider usage objects to `TokenUsage` and validates them.
public enum UsageParser {
  /// Largest token count accepted for one call; larger values are treated as corrupt.
  public static let maxPlausibleTokens = 50_000_000

  /// The outcome of reading a usage object.
  public enum Outcome {
    case usage(TokenUsage)
    case absent
    case invalid(String)
  }

  /// Reads a count field: absent or null is 0, a non-integer or negative value is an error.
  static func count(_ v: JSONValue?, _ name: String) throws(UsageError) -> Int {
    guard let v, !v.isNull else { return 0 }
    guard let n = v.int else { throw UsageError(message: "\(name) is not a whole number: \(v.rawJSON.prefix(40))") }
    if n < 0 { throw UsageError(message: "\(name) is negative (\(n))") }
    if n > maxPlausibleTokens { throw UsageError(message: "\(name) is implausibly large (\(n))") }
    return n
  }

  struct UsageError: Error {
    var message: String
  }

  /// OpenAI Chat Completions / Azure / most OpenAI-compatible gateways:
  /// `prompt_tokens` (cached included), `completion_tokens` (reasoning included). Cache hits:
  /// `prompt_tokens_details.cached_tokens` (OpenAI), `prompt_cache_hit_tokens` (DeepSeek) or
  /// `cached_tokens` (Moonshot).
  ///
  /// - Parameter u: The `usage` object.
  /// - Returns: The normalised usage.
  public static func openAIChat(_ u: JSONValue?) -> Outcome {
    guard let u, u.isObject else { return u == nil || u!.isNull ? .absent : .invalid("usage is not an object") }
    do {
      // Cohere: the counts sit one level down.
      if u["prompt_tokens"] == nil, u["input_tokens"] == nil, let c = cohereCounts(u) { return cohere(c) }
      // Some gateways log Responses-style names inside chat bodies.
      if u["prompt_tokens"] == nil && u["input_tokens"] != nil { return openAIResponses(u) }
      let prompt = try count(u["prompt_tokens"], "prompt_tokens")
      let completion = try count(u["completion_tokens"], "completion_tokens")
      // DeepSeek reports cache hits as `prompt_cache_hit_tokens`, Moonshot as a top-level
      // `cached_tokens`; both are part of `prompt_tokens`, as OpenAI's are.
      let cached = try count(
        u["prompt_tokens_details"]?["cached_tokens"] ?? u["prompt_cache_hit_tokens"] ?? u["cached_tokens"],
        "cached_tokens")
      let written = try count(u["prompt_tokens_details"]?["cache_write_tokens"], "cache_write_tokens")
      let reasoning = try count(u["completion_tokens_details"]?["reasoning_tokens"], "reasoning_tokens")
      if u["prompt_tokens"] == nil && u["completion_tokens"] == nil { return .invalid("usage has no token counts") }
      return .usage(
        TokenUsage(
          inputTokens: prompt, cacheReadTokens: min(cached, prompt),
          cacheWrite5mTokens: min(written, prompt - min(cached, prompt)),
          outputTokens: completion, reasoningTokens: min(reasoning, completion),
          webSearchRequests: try webSearches(u)))
    } catch {
      return .invalid(error.message)
    }
  }

  /// OpenAI Responses API: `input_tokens` (cached included), `output_tokens` (reasoning included).
  ///
  /// - Parameter u: The `usage` object.
  /// - Returns: The normalised usage.
  public static func openAIResponses(_ u: JSONValue?) -> Outcome {
    guard let u, u.isObject else { return u == nil || u!.isNull ? .absent : .invalid("usage is not an object") }
    do {
      let input = try count(u["input_tokens"], "input_tokens")
      let output = try count(u["output_tokens"], "output_tokens")
      let cached = try count(u["input_tokens_details"]?["cached_tokens"], "cached_tokens")
      let written = try count(u["input_tokens_details"]?["cache_write_tokens"], "cache_write_tokens")
      let reasoning = try count(u["output_tokens_details"]?["reasoning_tokens"], "reasoning_tokens")
      if u["input_tokens"] == nil && u["output_tokens"] == nil { return .invalid("usage has no token counts") }
      let reads = min(cached, input)
      return .usage(
        TokenUsage(
          inputTokens: input, cacheReadTokens: reads, cacheWrite5mTokens: min(written, input - reads),
          outputTokens: output, reasoningTokens: min(reasoning, output)))
    } catch {
      return .invalid(error.message)
    }
  }

  /// Anthropic Messages: `input_tokens` EXCLUDES cache writes and reads, which are added here;
  /// cache writes split into 5-minute and 1-hour parts when `cache_creation` is present.
  ///
  /// - Parameter u: The `usage` object.
  /// - Returns: The normalised usage.
  public static func anthropic(_ u: JSONValue?) -> Outcome {
    guard let u, u.isObject else { return u == nil || u!.isNull ? .absent : .invalid("usage is not an object") }
    do {
      let input = try count(u["input_tokens"], "input_tokens")
      let output = try count(u["output_tokens"], "output_tokens")
      let reads = try count(u["cache_read_input_tokens"], "cache_read_input_tokens")
      var writes = try count(u["cache_creation_input_tokens"], "cache_creation_input_tokens")
      var w5 = writes
      var w1h = 0
      if let cc = u["cache_creation"], cc.isObject {
        let a = try count(cc["ephemeral_5m_input_tokens"], "ephemeral_5m_input_tokens")
        let b = try count(cc["ephemeral_1h_input_tokens"], "ephemeral_1h_input_tokens")
        if a + b > 0 || writes == 0 {
          w5 = a
          w1h = b
          if writes == 0 { writes = a + b }
          // When both are given and disagree, the split decides and any remainder is 5-minute.
          if a + b < writes { w5 += writes - (a + b) }
        }
      }
      let thinking = try count(u["output_tokens_details"]?["thinking_tokens"], "thinking_tokens")
      if u["input_tokens"] == nil && u["output_tokens"] == nil { return .invalid("usage has no token counts") }
      return .usage(
        TokenUsage(
          inputTokens: input + reads + w5 + w1h, cacheReadTokens: reads, cacheWrite5mTokens: w5,
          cacheWrite1hTokens: w1h, outputTokens: output, reasoningTokens: min(thinking, output),
          webSearchRequests: try webSearches(u)))
    } catch {
      return .invalid(error.message)
    }
  }

  /// Gemini `usageMetadata`: `promptTokenCount` INCLUDES `cachedContentTokenCount`;
  /// `thoughtsTokenCount` is NOT part of `candidatesTokenCount` and is added to output;
  /// `toolUsePromptTokenCount` is not part of `promptTokenCount` and is added to input.
  ///
  /// - Parameter u: The `usageMetadata` object.
  /// - Returns: The normalised usage.
  public static func gemini(_ u: JSONValue?) -> Outcome {
    guard let u, u.isObject else { return u?.isNull ?? true ? .absent : .invalid("usageMetadata is not an object") }
    // The REST API's camelCase names, or the Python SDK's snake_case ones.
    func field(_ camel: String, _ snake: String) -> JSONValue? { u[camel] ?? u[snake] }
    do {
      let prompt = try count(field("promptTokenCount", "prompt_token_count"), "promptTokenCount")
      let cached = try count(field("cachedContentTokenCount", "cached_content_token_count"), "cachedContentTokenCount")
      let candidates = try count(field("candidatesTokenCount", "candidates_token_count"), "candidatesTokenCount")
      let thoughts = try count(field("thoughtsTokenCount", "thoughts_token_count"), "thoughtsTokenCount")
      let toolUse = try count(
        field("toolUsePromptTokenCount", "tool_use_prompt_token_count"), "toolUsePromptTokenCount")
      if field("promptTokenCount", "prompt_token_count") == nil
        && field("candidatesTokenCount", "candidates_token_count") == nil
        && field("thoughtsTokenCount", "thoughts_token_count") == nil
      {
        return .invalid("usageMetadata has no token counts")
      }
      return .usage(
        TokenUsage(
          inputTokens: prompt + toolUse, cacheReadTokens: min(cached, prompt), outputTokens: candidates + thoughts,
          reasoningTokens: thoughts))
    } catch {
      return .invalid(error.message)
    }
  }

  /// Cohere's usage (`usage` in v2, `meta` in v1): `billed_units` (what is charged) or `tokens`
  /// (what the model read and wrote), each with `input_tokens` and `output_tokens`; billed first.
  static func cohereCounts(_ u: JSONValue) -> JSONValue? {
    for k in ["billed_units", "tokens"] {
      if let c = u[k], c.isObject, c["input_tokens"] != nil || c["output_tokens"] != nil { return c }
    }
    return nil
  }

  /// Cohere's counts (no cache, no reasoning split).
  static func cohere(_ c: JSONValue) -> Outcome { inputAndOutput(c, "input_tokens", "output_tokens") }

  /// A usage of two counts only, input and output, under the given names.
  static func inputAndOutput(_ u: JSONValue, _ input: String, _ output: String) -> Outcome {
    do {
      return .usage(TokenUsage(inputTokens: try count(u[input], input), outputTokens: try count(u[output], output)))
    } catch {
      return .invalid(error.message)
    }
  }

  /// Ollama's counts at the top of a response (`/api/chat`, `/api/generate`): `prompt_eval_count`
  /// and `eval_count`; nil when neither is there.
  public static func ollama(_ body: JSONValue) -> Outcome? {
    guard body["prompt_eval_count"] != nil || body["eval_count"] != nil else { return nil }
    return inputAndOutput(body, "prompt_eval_count", "eval_count")
  }

  /// The input count with cache reads and writes inside it, for logs that do not say whether their
  /// input count includes them (OpenTelemetry, OpenInference, flat records). A logged total decides:
  /// input + cache + output = total means apart (they are added), input + output = total means
  /// inside. Otherwise `apartByName` (names that mean apart, as Anthropic's) or cache counts larger
  /// than the input count mean apart.
  static func inputIncludingCache(
    input: Int, output: Int, reads: Int, writes: Int, total: Int?, apartByName: Bool = false
  ) -> Int {
    let cache = reads + writes
    guard cache > 0 else { return input }
    if let total, input + cache + output == total { return input + cache }
    if let total, input + output == total, cache <= input { return input }
    return apartByName || cache > input ? input + cache : input
  }

  /// Web searches billed with the call: Anthropic's `server_tool_use.web_search_requests` (which
  /// LiteLLM and other gateways pass on in OpenAI-shaped usage too).
  static func webSearches(_ u: JSONValue) throws(UsageError) -> Int {
    try count(u["server_tool_use"]?["web_search_requests"] ?? u["web_search_requests"], "web_search_requests")
  }

  /// Picks the reader by the fields present (for logs that do not say which API they hold).
  ///
  /// - Parameter u: The `usage` object.
  /// - Returns: The normalised usage.
  public static func auto(_ u: JSONValue?) -> Outcome {
    guard let u, u.isObject else { return u == nil || u!.isNull ? .absent : .invalid("usage is not an object") }
    if u["prompt_tokens"] != nil || u["completion_tokens"] != nil { return openAIChat(u) }
    if u["cache_creation_input_tokens"] != nil || u["cache_read_input_tokens"] != nil || u["cache_creation"] != nil {
      return anthropic(u)
    }
    if u["input_tokens_details"] != nil || u["output_tokens_details"] != nil { return openAIResponses(u) }
    if u["input_tokens"] != nil { return anthropic(u) }
    return .invalid("usage has no token counts")
  }
}
