/// The native envelope: one JSON object per call with `request` and `response` bodies of the
/// OpenAI Chat Completions, OpenAI Responses, Anthropic Messages or Gemini APIs, plus labels
/// (agent, phase, trace…).
///
/// `{"timestamp", "request_id", "trace_id", "agent", "phase", "provider", "model", "latency_ms",
/// "status", "batch", "request": {...}, "response": {...}, "metadata": {...}}`. Timestamps may be
/// RFC 3339 text or epoch seconds or milliseconds. A streamed `response` may be SSE text or an
/// array of chunks (or sit in `response_chunks`/`chunks`); HTTP captures whose bodies sit in
/// `request.body` and `response.body` (with `response.status_code`) are unwrapped.
public final class NativeEnvelopeReader: LogFormatReader {
  public static let id = "native"
  public static let displayName = "tokenaudit envelope (OpenAI Chat/Responses, Anthropic, Gemini bodies)"

  public static func matches(_ root: JSONValue, context: FileContext) -> Bool {
    if (root["request"]?.isObject ?? false) || (root["response"]?.isObject ?? false) { return true }
    if StreamedResponse.source(in: root) != nil { return true }
    let (request, response) = bodyValues(root)
    return isBody(request) || isBody(response)
  }

  /// Other names loggers give the bodies (`request_body`, `req`…); `input`/`output` only when they
  /// hold API bodies (other formats use them for plain text).
  static let requestKeys = ["request", "request_body", "requestBody", "req", "request_payload"]
  static let responseKeys = ["response", "response_body", "responseBody", "res", "resp", "response_payload"]

  /// The request and response members of an envelope (objects, or strings holding JSON).
  static func bodyValues(_ root: JSONValue) -> (request: JSONValue?, response: JSONValue?) {
    // Vertex AI's request-response logging keeps each payload as a one-element array of JSON text.
    func single(_ v: JSONValue?) -> JSONValue? {
      guard let v, v.isArray, v.count == 1, let only = v.element(at: 0), only.isString || only.isObject else {
        return v
      }
      return only
    }
    var request = single(requestKeys.lazy.compactMap { root[$0] }.first { !$0.isNull })
    var response = single(responseKeys.lazy.compactMap { root[$0] }.first { !$0.isNull })
    if request == nil, let input = root["input"], input.isObject,
      input["messages"] != nil || input["contents"] != nil || (input["model"] != nil && input["input"] != nil)
    {
      request = input
    }
    if response == nil, let output = root["output"], output.isObject,
      output["choices"] != nil || output["candidates"] != nil || output["usage"] != nil
        || output["usageMetadata"] != nil
    {
      response = output
    }
    return (request, response)
  }

  /// Whether a member is a body: an object, or a string holding a JSON object.
  static func isBody(_ v: JSONValue?) -> Bool {
    guard let v else { return false }
    if v.isObject { return true }
    guard v.isString, let bytes = v.stringBytes else { return false }
    return bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "{")
  }

  private let context: FileContext

  public init(context: FileContext) { self.context = context }

  public func read(_ root: JSONValue, at location: SourceLocation, into sink: inout RecordSink) -> LineOutcome {
    var r = CallRecord(source: location, format: Self.id)
    let metadata = root["metadata"]
    r.timestampMS = Timestamp.milliseconds(
      root["timestamp"] ?? root["ts"] ?? root["time"] ?? root["created_at"] ?? root["logging_time"])
    if r.timestampMS == nil, root["timestamp"] != nil {
      sink.warn(location, .invalidTimestamp, "timestamp is not a date or epoch time in the years 2000–2099")
    }
    r.requestID = root["request_id"]?.scalarText ?? root["id"]?.scalarText
    r.traceID =
      root["trace_id"]?.scalarText ?? root["workflow_id"]?.scalarText ?? root["session_id"]?.scalarText
      ?? metadata?["trace_id"]?.scalarText
    r.agent = root["agent"]?.string ?? metadata?["agent"]?.string
    r.phase = root["phase"]?.string ?? metadata?["phase"]?.string
    r.provider = root["provider"]?.string?.lowercased()
    r.model = root["model"]?.string
    r.status = root["status"]?.int ?? root["status_code"]?.int
    r.latencyMS = root["latency_ms"]?.double ?? root["duration_ms"]?.double
    r.isBatch = root["batch"]?.bool ?? false
    if let cost = root["cost_usd"]?.double { r.loggedCostUSD = cost }
    let (rawRequest, rawResponse) = Self.bodyValues(root)
    // Bodies logged as JSON text are read as the objects they hold.
    let outcome: LineOutcome? = FormatSupport.withDecoded(rawRequest) { decodedRequest in
      FormatSupport.withDecoded(rawResponse) { decodedResponse in
        readEnvelope(root, request: decodedRequest, response: decodedResponse, into: &r, sink: &sink)
      }
    }
    if let outcome {
      // A `response` that is no API body (LangChain's `LLMResult`, an application's own event) may
      // still hold a model and its token counts a level or two down: a flat usage record.
      if case .skipped(.missingField, _) = outcome, FlatUsageReader.callObject(root, deep: true) != nil {
        return FlatUsageReader(deep: true).read(root, at: location, into: &sink)
      }
      return outcome
    }
    // The metadata as labels, for `--agent-field` and the like (which look in the line first, so
    // only a mapping option makes them worth building).
    let options = context.options
    if options.agentField != nil || options.phaseField != nil || options.traceField != nil, let tags = metadata,
      tags.isObject
    {
      tags.forEachMember { k, v in
        if let key = k.string, let value = v.scalarText { r.labels["metadata." + key] = value }
      }
    }
    sink.emit(r)
    return .records(1)
  }

  /// Reads the bodies, the stream and the usage into `r`; a line outcome when the call is skipped.
  private func readEnvelope(
    _ root: JSONValue, request bodyRequest: JSONValue?, response bodyResponse: JSONValue?, into r: inout CallRecord,
    sink: inout RecordSink
  ) -> LineOutcome? {
    var request = bodyRequest
    var response = bodyResponse
    // HTTP captures: {request: {method, url, headers, body}, response: {status_code, headers, body}}.
    if let body = request?["body"], request?["url"] != nil || request?["method"] != nil { request = body }
    if let outer = response, outer.isObject, let body = outer["body"],
      outer["status_code"] != nil || outer["headers"] != nil
    {
      if r.status == nil { r.status = outer["status_code"]?.int }
      response = body
    }
    let stream = StreamedResponse.source(in: root) ?? (StreamedResponse.isStream(response) ? response : nil)
    let provider = r.provider ?? Self.guessProvider(request: request, response: response, model: r.model)
    r.provider = provider
    let requestModel = r.model
    Self.readBodies(
      request: request, response: stream == nil ? response : nil, provider: provider, into: &r, sink: &sink)
    if let stream {
      StreamedResponse.read(stream, into: &r, sink: &sink)
      if root["provider"] == nil, let guess = r.model.flatMap(ProviderGuess.fromModel) { r.provider = guess }
    }
    // The envelope's own model wins over a body's (it names the deployment that was billed).
    if let requestModel, !requestModel.isEmpty { r.model = requestModel }
    if r.usage == nil, let u = root["usage"], u.isObject {
      OpenAIChatBody.readUsage(UsageParser.auto(u), into: &r, sink: &sink)
    }
    if r.status == nil { r.status = r.errorType == nil ? 200 : 500 }
    if r.model == nil || r.model?.isEmpty == true {
      return .skipped(.missingField, "no model in the envelope or its bodies")
    }
    return nil
  }

  /// Reads the bodies with the parser their shape calls for: OpenAI Responses, Gemini, Anthropic
  /// Messages, Bedrock Converse or OpenAI Chat Completions.
  static func readBodies(
    request: JSONValue?, response: JSONValue?, provider: String, into r: inout CallRecord, sink: inout RecordSink
  ) {
    let request = request.flatMap { $0.isObject ? $0 : nil }
    let response = response.flatMap { $0.isObject ? $0 : nil }
    if GeminiBody.isRequest(request) || GeminiBody.isResponse(response) {
      if let request { GeminiBody.readRequest(request, into: &r) }
      if let response { GeminiBody.readResponse(response, into: &r, sink: &sink) }
    } else if OpenAIResponsesBody.isResponse(response) || (response == nil && OpenAIResponsesBody.isRequest(request)) {
      if let request { OpenAIResponsesBody.readRequest(request, into: &r) }
      if let response { OpenAIResponsesBody.readResponse(response, into: &r, sink: &sink) }
    } else if !isChatCompletion(response) && (provider == "anthropic" || isAnthropicMessages(request, response)) {
      // By shape first: Claude behind an OpenAI-compatible endpoint (OpenRouter, a LiteLLM proxy,
      // Anthropic's own compatibility layer) answers in Chat Completions, while Bedrock and Vertex
      // answer Claude calls in Anthropic's Messages shape whatever the provider is called.
      if let request { AnthropicMessagesBody.readRequest(request, into: &r) }
      if let response { AnthropicMessagesBody.readResponse(response, into: &r, sink: &sink) }
    } else if ConverseBody.isResponse(response) || ConverseBody.isRequest(request) {
      if let request { ConverseBody.readRequest(request, into: &r) }
      if let response { ConverseBody.readResponse(response, into: &r, sink: &sink) }
    } else {
      if let request { OpenAIChatBody.readRequest(request, into: &r) }
      if let response { OpenAIChatBody.readResponse(response, into: &r, sink: &sink) }
    }
  }

  /// An OpenAI Chat Completions response: `choices`, or usage counted in `prompt_tokens`.
  static func isChatCompletion(_ response: JSONValue?) -> Bool {
    guard let response else { return false }
    return response["choices"] != nil || response["usage"]?["prompt_tokens"] != nil
  }

  /// Anthropic Messages bodies: a `message` response, a stop reason, cache counts under
  /// Anthropic's names, or a request with a top-level `system` or `anthropic_version`.
  static func isAnthropicMessages(_ request: JSONValue?, _ response: JSONValue?) -> Bool {
    if let response {
      if response["type"]?.stringEquals("message") == true || response["stop_reason"] != nil { return true }
      if let usage = response["usage"],
        usage["cache_creation_input_tokens"] != nil || usage["cache_read_input_tokens"] != nil
      {
        return true
      }
    }
    if let request {
      if request["anthropic_version"] != nil { return true }
      return request["system"] != nil && !ConverseBody.isRequest(request)
    }
    return false
  }

  /// Tells the provider from the bodies' shapes, then from the model name.
  static func guessProvider(request: JSONValue?, response: JSONValue?, model: String?) -> String {
    if GeminiBody.isRequest(request) || GeminiBody.isResponse(response) { return "gemini" }
    if OpenAIResponsesBody.isResponse(response) { return "openai" }
    let request = request.flatMap { $0.isObject ? $0 : nil }
    let response = response.flatMap { $0.isObject ? $0 : nil }
    if response?["choices"] != nil { return "openai" }
    if isAnthropicMessages(request, response) { return "anthropic" }
    return ProviderGuess.fromModel(model ?? request?["model"]?.string ?? "") ?? "openai"
  }
}

/// Provider families told from model names.
public enum ProviderGuess {
  /// The provider family of a model name, when recognisable.
  ///
  /// - Parameter model: A model name, possibly with a provider prefix.
  /// - Returns: `openai`, `anthropic`, `gemini`, `mistral`, … or `nil`.
  public static func fromModel(_ model: String) -> String? {
    let m = model.lowercased()
    if let slash = m.firstIndex(of: "/") {
      let prefix = String(m[..<slash])
      if ["openai", "anthropic", "gemini", "mistral", "cohere", "deepseek", "xai", "groq"].contains(prefix) {
        return prefix
      }
      return fromModel(String(m[m.index(after: slash)...]))
    }
    if m.contains("claude") { return "anthropic" }
    if m.hasPrefix("gpt") || m.hasPrefix("o1") || m.hasPrefix("o3") || m.hasPrefix("o4") || m.hasPrefix("chatgpt")
      || m.hasPrefix("ft:gpt") || m.hasPrefix("text-embedding") || m.hasPrefix("codex")
    {
      return "openai"
    }
    if m.hasPrefix("gemini") || m.hasPrefix("gemma") { return "gemini" }
    if m.hasPrefix("mistral") || m.hasPrefix("codestral") || m.hasPrefix("magistral") { return "mistral" }
    if m.hasPrefix("command") { return "cohere" }
    if m.hasPrefix("deepseek") { return "deepseek" }
    if m.hasPrefix("grok") { return "xai" }
    return nil
  }
}
