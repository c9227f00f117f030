/// Flat usage records, as in-house loggers and cost trackers write them: a model name and token
/// counts in one object, without the API's request and response bodies, e.g.
/// `{"ts": "…", "service": "triage", "model": "gpt-4o", "usage": {"prompt_tokens": 900, …}}` or
/// `{"time": …, "model": "claude-sonnet-4-5", "input_tokens": 100, "cache_read_input_tokens": 50}`.
///
/// The call object is the line itself or one object member of it (`{"llm": {"model", "usage"}}`)
/// that has both a model (`model`, `model_name`, `modelId`, …) and token counts: a usage object
/// (`usage`, `token_usage`, `usage_metadata`, `usageMetadata`, `tokens`, `token_counts`) or count
/// fields of its own (`prompt_tokens`, `input_tokens`, `promptTokens`, `promptTokenCount`, …).
///
/// Usage, by the names the counts carry (`normalise`): OpenAI's `prompt_tokens` include their
/// cached part; Anthropic's `input_tokens` beside `cache_read_input_tokens` /
/// `cache_creation_input_tokens` exclude them (they are added); Gemini's `promptTokenCount`
/// includes `cachedContentTokenCount` and `thoughtsTokenCount` is added to output; LangChain's
/// `input_token_details.cache_read` is part of `input_tokens`. When a total is logged it decides
/// whether cache counts are inside the input count; without one, cache counts larger than the
/// input are taken as apart.
///
/// Everything else is optional: time (`timestamp`, `time`, `ts`, `@timestamp`, `created_at`, …),
/// request id, provider, status or error, latency (`latency_ms`, `duration_ms`), batch flag, logged
/// cost (`cost_usd`, `cost`, `response_cost`), and the texts (`system`, `messages` in Chat
/// Completions shape, or a `prompt` string; `completion`, `response` or `output` strings).
/// Agent, phase and workflow come from labels: scalar members of the line, of the call object and
/// of `metadata`, `labels`, `tags`, `properties`, `attributes` or `context` objects; the agent
/// falls back to `service`, `app` or `component`.
public final class FlatUsageReader: LogFormatReader {
  public static let id = "flat-usage"
  public static let displayName = "Flat usage records (model and token counts, no API bodies)"

  static let modelKeys = ["model", "model_name", "modelName", "model_id", "modelId", "llm_model"]
  static let usageKeys = [
    "usage", "token_usage", "tokenUsage", "usage_metadata", "usageMetadata", "tokens", "token_counts", "tokenCounts",
  ]
  /// Count names a line may carry outside a usage object (inside one, `input`, `prompt`… too).
  static let ownCountKeys = [
    "prompt_tokens", "completion_tokens", "input_tokens", "output_tokens", "promptTokens", "completionTokens",
    "inputTokens", "outputTokens", "promptTokenCount", "candidatesTokenCount", "prompt_token_count",
    "candidates_token_count",
    "prompt_eval_count", "eval_count",
  ]
  static let timeKeys = [
    "timestamp", "time", "ts", "@timestamp", "created_at", "createdAt", "created", "start_time", "startTime",
    "started_at", "startedAt", "request_time", "logged_at", "date", "datetime", "end_time", "endTime",
  ]
  static let idKeys = [
    "request_id", "requestId", "response_id", "responseId", "generation_id", "generationId", "call_id", "callId",
    "completion_id", "message_id", "id",
  ]
  /// Counts of requests that mark a line as a summary of many calls.
  static let aggregateKeys = [
    "requests", "request_count", "requestCount", "num_requests", "n_requests", "calls", "call_count", "callCount",
    "num_calls",
  ]
  static let labelObjectKeys = ["metadata", "meta", "labels", "tags", "properties", "attributes", "context", "extra"]
  static let serviceLabelNames = [
    "service", "service_name", "servicename", "app", "app_name", "application", "component",
  ]

  public static func matches(_ root: JSONValue, context: FileContext) -> Bool {
    callObject(root) != nil
  }

  /// The line, or its first object member, that has a model and token counts; `deep` also looks in
  /// members of members (LangChain's `LLMResult` keeps its model and `token_usage` in
  /// `response.llm_output`), for lines that no other reader could read.
  static func callObject(_ root: JSONValue, deep: Bool = false) -> JSONValue? {
    if isCall(root) { return root }
    var found: JSONValue?
    root.forEachMember { _, v in
      if found == nil, v.isObject, isCall(v) { found = v }
    }
    if found != nil || !deep { return found }
    root.forEachMember { _, v in
      guard found == nil, v.isObject else { return }
      v.forEachMember { _, w in
        if found == nil, w.isObject, isCall(w) { found = w }
      }
    }
    return found
  }

  static func isCall(_ o: JSONValue) -> Bool {
    guard o.isObject, model(o) != nil else { return false }
    return usageObject(o) != nil
  }

  static func model(_ o: JSONValue) -> String? {
    modelKeys.lazy.compactMap { o[$0]?.string }.first { !$0.isEmpty }
  }

  /// The object holding the counts: a usage member (`nested`), or `o` itself.
  static func usageObject(_ o: JSONValue) -> (value: JSONValue, nested: Bool)? {
    for k in usageKeys {
      if let u = o[k], u.isObject, hasCounts(u, nested: true) { return (u, true) }
    }
    return hasCounts(o, nested: false) ? (o, false) : nil
  }

  static func hasCounts(_ u: JSONValue, nested: Bool) -> Bool {
    if ownCountKeys.contains(where: { u[$0]?.kind == .number }) { return true }
    if nested && UsageParser.cohereCounts(u) != nil { return true }
    if nested && ["input", "output", "prompt", "completion"].contains(where: { u[$0]?.kind == .number }) {
      return true
    }
    // Counts under names of the logger's own (`tokens_in`, `num_input_tokens`, `request_tokens`…).
    var found = false
    u.forEachMember { k, v in
      guard !found, v.kind == .number, let key = k.string else { return }
      let role = UsageKeyNames.role(of: key, nested: nested)
      found = role == .input || role == .output
    }
    return found
  }

  /// The first number of each role among `u`'s members named in a logger's own way.
  static func countsByName(_ u: JSONValue, nested: Bool) -> [UsageKeyNames.Role: (key: String, value: JSONValue)] {
    var out: [UsageKeyNames.Role: (key: String, value: JSONValue)] = [:]
    u.forEachMember { k, v in
      guard v.kind == .number, let key = k.string, let role = UsageKeyNames.role(of: key, nested: nested),
        out[role] == nil
      else { return }
      out[role] = (key, v)
    }
    return out
  }

  /// Count names read only inside a usage object (on the line itself they may be texts).
  static let shortCountNames: Set<String> = ["input", "output", "prompt", "completion", "total"]

  /// Whether calls are looked for two levels down (see `callObject`).
  private let deep: Bool

  public init(context: FileContext) { deep = false }

  /// A reader that looks for the call two levels down, for a line another reader gave up on.
  init(deep: Bool) { self.deep = deep }

  public func read(_ root: JSONValue, at location: SourceLocation, into sink: inout RecordSink) -> LineOutcome {
    guard let call = Self.callObject(root, deep: deep), let model = Self.model(call), let u = Self.usageObject(call)
    else {
      return .skipped(.missingField, "no model with token counts")
    }
    // A summary of many requests (a daily total per model) is not a call: counting it would
    // count its calls again when they are logged too.
    for o in [call, root] {
      for k in Self.aggregateKeys {
        if let n = o[k]?.int, n > 1 {
          return .skipped(.unknownFormat, "an aggregate of \(n) requests (\(k)), not one call")
        }
      }
    }
    var r = CallRecord(source: location, format: Self.id)
    r.model = model
    let objects = call.index == root.index ? [root] : [call, root]
    func first(_ keys: [String]) -> JSONValue? {
      for o in objects {
        for k in keys { if let v = o[k], !v.isNull { return v } }
      }
      return nil
    }
    r.provider = FormatSupport.providerFamily(
      first(["provider", "llm_provider", "vendor"])?.string, model: model)
    if let t = first(Self.timeKeys) {
      r.timestampMS = Timestamp.milliseconds(t)
      if r.timestampMS == nil {
        sink.warn(location, .invalidTimestamp, "the time is not a date or epoch time in the years 2000–2099")
      }
    }
    r.requestID = first(Self.idKeys)?.scalarText
    readOutcome(first, into: &r)
    r.isBatch = first(["batch", "is_batch"])?.bool ?? false
    r.serviceTier = first(["service_tier"])?.string
    r.loggedCostUSD = first(["cost_usd", "costUSD", "cost", "total_cost", "response_cost", "spend"])?.double
      .flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
    readTexts(call, into: &r)
    if r.responseText == nil { r.responseText = Self.generationText(root) }
    switch Self.normalise(u.value, nested: u.nested) {
    case .usage(let usage):
      r.usage = usage
      r.usageSource = .logged
    case .absent: break
    case .invalid(let why): sink.warn(location, .invalidUsage, why + "; tokens will be estimated")
    }
    readLabels(objects, into: &r)
    sink.emit(r)
    return .records(1)
  }

  /// Status, error and latency.
  private func readOutcome(_ first: ([String]) -> JSONValue?, into r: inout CallRecord) {
    let status = first(["status", "status_code", "statusCode", "http_status", "response_status"])
    if let code = status?.int, (100...599).contains(code) { r.status = code }
    if let text = status?.string?.lowercased(), ["error", "failed", "failure"].contains(text) { r.errorType = text }
    if let err = first(["error", "error_type", "errorType", "exception"]), err.bool != false,
      err.string?.isEmpty != true
    {
      r.errorType = err["type"]?.string ?? err["code"]?.scalarText ?? err.string ?? "error"
    }
    if first(["success", "ok"])?.bool == false && r.errorType == nil { r.errorType = "error" }
    if r.status == nil { r.status = r.errorType == nil ? 200 : 500 }
    if let ms = first(["latency_ms", "latencyMs", "duration_ms", "durationMs", "elapsed_ms", "response_time_ms"])?
      .double, ms >= 0
    {
      r.latencyMS = ms
    } else if let s = first(["latency_s", "duration_s", "latency_seconds", "duration_seconds"])?.double, s >= 0 {
      r.latencyMS = s * 1000
    }
    r.finishReason = ContentText.finishReason(
      first(["finish_reason", "stop_reason", "finishReason", "done_reason"])?.string)
    // Ollama: nanoseconds.
    if r.latencyMS == nil, let ns = first(["total_duration"])?.double, ns >= 0, first(["eval_count"]) != nil {
      r.latencyMS = ns / 1e6
    }
  }

  /// The answer of a LangChain `LLMResult` (`generations[0][0]`: its `text`, or its message's
  /// content), on the line or in its `response`.
  static func generationText(_ root: JSONValue) -> String? {
    guard let g = (root["generations"] ?? root["response"]?["generations"])?.element(at: 0)?.element(at: 0) else {
      return nil
    }
    if let text = g["text"]?.string, !text.isEmpty { return text }
    var media = 0
    let content = g["message"]?["content"] ?? g["message"]?["kwargs"]?["content"]
    let text = ContentText.extract(content, mediaParts: &media)
    return text.isEmpty ? nil : text
  }

  /// System prompt, messages, tools and response text, when the logger kept them.
  private func readTexts(_ call: JSONValue, into r: inout CallRecord) {
    if call["messages"]?.isArray == true { OpenAIChatBody.readRequest(call, into: &r) }
    if r.system == nil, let s = (call["system"] ?? call["system_prompt"])?.string, !s.isEmpty { r.system = s }
    if r.messages.isEmpty, let p = (call["prompt"] ?? call["input"])?.string, !p.isEmpty {
      r.messages = [ChatMessage(role: .user, text: p)]
    }
    if let text = ["completion", "response", "output", "output_text", "answer"].lazy
      .compactMap({ call[$0]?.string }).first
    {
      r.responseText = text
    } else if let m = call["message"], m.isObject, m["role"]?.stringEquals("assistant") == true {
      // Ollama's `/api/chat` answer.
      var media = 0
      r.responseText = ContentText.extract(m["content"], mediaParts: &media)
      r.responseToolCalls = OpenAIChatBody.toolCalls(m["tool_calls"])
    }
  }

  /// Labels from the scalar members of the line, the call object and their metadata-like objects;
  /// agent, phase and workflow from them.
  private func readLabels(_ objects: [JSONValue], into r: inout CallRecord) {
    var labels: [String: String] = [:]
    for o in objects { FormatSupport.addScalarLabels(of: o, to: &labels) }
    for o in objects {
      for k in Self.labelObjectKeys {
        if let m = o[k], m.isObject { FormatSupport.addScalarLabels(of: m, to: &labels) }
      }
    }
    for k in Self.modelKeys + Self.timeKeys + ["prompt", "input", "completion", "response", "output", "system"] {
      labels[k] = nil
    }
    r.agent =
      FormatSupport.label(labels, prefix: "", named: FormatSupport.agentLabelNames)
      ?? FormatSupport.label(labels, prefix: "", named: Self.serviceLabelNames)
    r.phase = FormatSupport.label(labels, prefix: "", named: FormatSupport.phaseLabelNames)
    r.traceID = FormatSupport.label(labels, prefix: "", named: FormatSupport.traceLabelNames + ["conversation_id"])
    r.labels.merge(labels) { a, _ in a }
  }

  // MARK: - Usage

  /// Normalises a usage object whose API is not named, by the names of its counts (the short
  /// names `input`, `prompt`… only in a usage object of its own, `nested`).
  static func normalise(_ u: JSONValue, nested: Bool = true) -> UsageParser.Outcome {
    // The shapes the providers' own parsers know, when the names are theirs.
    if u["promptTokenCount"] != nil || u["candidatesTokenCount"] != nil || u["candidates_token_count"] != nil
      || (u["prompt_token_count"] != nil && u["completion_token_count"] == nil && u["output_token_count"] == nil)
    {
      return UsageParser.gemini(u)
    }
    if u["prompt_tokens"] != nil || u["completion_tokens"] != nil { return UsageParser.openAIChat(u) }
    if u["input_tokens_details"] != nil || u["output_tokens_details"] != nil { return UsageParser.openAIResponses(u) }
    if u["input_tokens"] == nil, let c = UsageParser.cohereCounts(u) { return UsageParser.cohere(c) }
    if let outcome = UsageParser.ollama(u) { return outcome }
    do {
      let byName = countsByName(u, nested: nested)
      func count(_ keys: String..., role: UsageKeyNames.Role? = nil) throws(UsageParser.UsageError) -> Int? {
        for k in keys where nested || !Self.shortCountNames.contains(k) {
          let parts = k.split(separator: ".").map(String.init)
          var v: JSONValue? = u
          for p in parts { v = v?[p] }
          if let v, !v.isNull { return try UsageParser.count(v, k) }
        }
        // Else a count of the logger's own naming with the same meaning.
        if let role, let named = byName[role] { return try UsageParser.count(named.value, named.key) }
        return nil
      }
      // OpenRouter's generation records: the provider's own (`native_`) counts are what is billed,
      // `tokens_prompt` is a count in a common tokenizer.
      let inputValue = try count(
        "native_tokens_prompt", "input_tokens", "inputTokens", "promptTokens", "prompt", "input", role: .input)
      let outputValue = try count(
        "native_tokens_completion", "output_tokens", "outputTokens", "completionTokens", "completion", "output",
        role: .output)
      guard inputValue != nil || outputValue != nil else { return .invalid("usage has no token counts") }
      var input = inputValue ?? 0
      let output = outputValue ?? 0
      let reads =
        try count(
          "native_tokens_cached", "cache_read_input_tokens", "cacheReadInputTokens", "cache_read_tokens",
          "cacheReadTokens",
          "input_token_details.cache_read", "cached_tokens", "cachedTokens", "cachedInputTokens",
          "inputTokenDetails.cacheReadTokens", role: .cacheRead) ?? 0
      let writes =
        try count(
          "cache_creation_input_tokens", "cacheCreationInputTokens", "cache_write_input_tokens",
          "cacheWriteInputTokens", "cache_write_tokens", "cacheWriteTokens", "cache_creation_tokens",
          "input_token_details.cache_creation", "inputTokenDetails.cacheWriteTokens", role: .cacheWrite) ?? 0
      let reasoning =
        try count(
          "native_tokens_reasoning", "reasoning_tokens", "reasoningTokens", "output_token_details.reasoning",
          "outputTokenDetails.reasoningTokens", role: .reasoning) ?? 0
      let total = try count("total_tokens", "totalTokens", "total", role: .total)
      let anthropicNames =
        u["cache_read_input_tokens"] != nil || u["cache_creation_input_tokens"] != nil
        || u["cacheReadInputTokens"] != nil || u["cacheWriteInputTokens"] != nil
        || u["cacheCreationInputTokens"] != nil
      input = UsageParser.inputIncludingCache(
        input: input, output: output, reads: reads, writes: writes, total: total, apartByName: anthropicNames)
      let cacheReads = min(reads, input)
      let searches = try count("server_tool_use.web_search_requests", "web_search_requests", "webSearchRequests") ?? 0
      return .usage(
        TokenUsage(
          inputTokens: input, cacheReadTokens: cacheReads, cacheWrite5mTokens: min(writes, input - cacheReads),
          outputTokens: output, reasoningTokens: min(reasoning, output), webSearchRequests: searches))
    } catch {
      return .invalid(error.message)
    }
  }
}
