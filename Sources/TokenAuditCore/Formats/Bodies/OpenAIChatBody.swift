/// Reads OpenAI Chat Completions request and response bodies into a `CallRecord`.
public enum OpenAIChatBody {
  static let parameterKeys = [
    "temperature", "top_p", "max_tokens", "max_completion_tokens", "n", "stop", "seed", "response_format",
    "tool_choice", "frequency_penalty", "presence_penalty", "logit_bias", "reasoning_effort", "parallel_tool_calls",
  ]
  /// `parameterKeys` in the order `ContentText.parameters` writes them.
  static let sortedParameterKeys = parameterKeys.sorted()

  /// Whether a body looks like a Chat Completions request.
  public static func isRequest(_ body: JSONValue) -> Bool { body["messages"]?.isArray == true }

  /// Fills system, messages, tools and parameters from a request body.
  ///
  /// - Parameters:
  ///   - body: The request object.
  ///   - record: The record to fill.
  public static func readRequest(_ body: JSONValue, into record: inout CallRecord) {
    if record.model == nil { record.model = body["model"]?.string }
    if body["stream"]?.bool == true { record.streamed = true }
    readMessages(body["messages"], into: &record)
    record.tools = toolDefinitions(body["tools"]) + toolDefinitions(body["functions"])
    record.parameters = ContentText.parameters(body, sortedKeys: sortedParameterKeys)
    record.maxOutputTokens = body["max_completion_tokens"]?.int ?? body["max_tokens"]?.int
  }

  /// Appends a Chat Completions `messages` array; leading system and developer messages become
  /// `record.system`.
  ///
  /// - Parameters:
  ///   - messages: The array.
  ///   - record: The record to fill.
  public static func readMessages(_ messages: JSONValue?, into record: inout CallRecord) {
    var systemParts: [String] = []
    messages?.forEachElement { m in
      guard m.isObject else { return }
      let roleText = m["role"]?.string ?? "user"
      var media = 0
      let text = ContentText.extract(m["content"], mediaParts: &media)
      switch roleText {
      case "system", "developer":
        if record.messages.isEmpty {
          systemParts.append(text)
          if ContentText.hasCacheControl(m["content"]) { record.systemCacheControl = true }
          return
        }
        record.messages.append(ChatMessage(role: roleText == "system" ? .system : .developer, text: text))
      case "tool", "function":
        let result = ToolResult(toolCallID: m["tool_call_id"]?.string, text: text)
        record.messages.append(ChatMessage(role: .tool, toolResults: [result], name: m["name"]?.string))
      default:
        var msg = ChatMessage(role: MessageRole(rawValue: roleText) ?? .other, text: text, mediaParts: media)
        msg.name = m["name"]?.string
        msg.toolCalls = toolCalls(m["tool_calls"])
        if let fc = m["function_call"], fc.isObject {
          msg.toolCalls.append(ToolCall(name: fc["name"]?.string ?? "", arguments: fc["arguments"]?.string ?? ""))
        }
        msg.cacheControl = ContentText.hasCacheControl(m["content"])
        record.messages.append(msg)
      }
    }
    if !systemParts.isEmpty { record.system = ContentText.joinedLines(systemParts) }
  }

  /// Fills response text, tool calls, finish reason, usage and model from a response body.
  ///
  /// - Parameters:
  ///   - body: The response object (or error object).
  ///   - record: The record to fill.
  ///   - sink: Where a usage warning goes.
  public static func readResponse(_ body: JSONValue, into record: inout CallRecord, sink: inout RecordSink) {
    if let m = body["model"]?.string, !m.isEmpty { record.model = m }
    if record.requestID == nil { record.requestID = body["id"]?.string }
    if let tier = body["service_tier"]?.string { record.serviceTier = tier }
    if let err = body["error"], !err.isNull {
      record.errorType = err["type"]?.string ?? err["code"]?.scalarText ?? err["message"]?.string ?? "error"
    }
    if let choice = body["choices"]?.element(at: 0) {
      var media = 0
      let message = choice["message"] ?? choice["delta"]
      record.responseText = ContentText.extract(message?["content"], mediaParts: &media)
      record.responseToolCalls = toolCalls(message?["tool_calls"])
      record.finishReason = ContentText.finishReason(choice["finish_reason"]?.string)
    } else {
      readChoiceless(body, into: &record)
    }
    if body["usage"] == nil, let outcome = UsageParser.ollama(body) {
      readUsage(outcome, into: &record, sink: &sink)
    } else {
      let cohereV1 = body["meta"].flatMap { UsageParser.cohereCounts($0) != nil ? $0 : nil }
      readUsage(UsageParser.openAIChat(body["usage"] ?? cohereV1), into: &record, sink: &sink)
    }
    // The search models (`gpt-4o-search-preview`, `gpt-5-search-api`) search the web on every call.
    if let model = record.model, Self.isSearchModel(model), record.errorType == nil, let u = record.usage,
      u.webSearchRequests == 0
    {
      record.usage?.webSearchRequests = 1
    }
  }

  /// The answer of the chat APIs that are OpenAI-like without `choices`: Cohere v2 (`message` with
  /// content parts, `finish_reason`), Cohere v1 (`text`), Ollama `/api/chat` (`message`,
  /// `done_reason`) and `/api/generate` (`response`).
  static func readChoiceless(_ body: JSONValue, into record: inout CallRecord) {
    var media = 0
    if let message = body["message"], message.isObject {
      record.responseText = ContentText.extract(message["content"], mediaParts: &media)
      record.responseToolCalls = toolCalls(message["tool_calls"])
    } else if let text = (body["response"] ?? body["text"] ?? body["content"] ?? body["output_text"])?.string {
      record.responseText = text
    }
    let reason = body["finish_reason"]?.string ?? body["done_reason"]?.string
    if let reason { record.finishReason = ContentText.finishReason(reason) }
  }

  /// Whether a model name contains `-search-preview` or `-search-api` (without Foundation's
  /// string search, which this per-call path would pay for).
  static func isSearchModel(_ model: String) -> Bool {
    var m = model
    return m.withUTF8 { u in
      let marker = searchMarker
      guard u.count >= marker.count + 3 else { return false }
      for i in 0...(u.count - marker.count) where u[i] == 0x2D {
        var k = 0
        while k < marker.count && u[i + k] == marker[k] { k += 1 }
        guard k == marker.count else { continue }
        let rest = UnsafeBufferPointer(rebasing: u[(i + k)...])
        if rest.starts(with: "preview".utf8) || rest.starts(with: "api".utf8) { return true }
      }
      return false
    }
  }

  private static let searchMarker = Array("-search-".utf8)

  static func readUsage(_ outcome: UsageParser.Outcome, into record: inout CallRecord, sink: inout RecordSink) {
    switch outcome {
    case .usage(let u):
      record.usage = u
      record.usageSource = .logged
    case .absent: break
    case .invalid(let why): sink.warn(record.source, .invalidUsage, why + "; tokens will be estimated")
    }
  }

  static func toolCalls(_ v: JSONValue?) -> [ToolCall] {
    var out: [ToolCall] = []
    v?.forEachElement { c in
      let f = c["function"] ?? c
      let args = f["arguments"]
      out.append(
        ToolCall(
          id: c["id"]?.string, name: f["name"]?.string ?? "",
          arguments: args?.isString == true ? (args?.string ?? "") : (args?.rawJSON ?? "")))
    }
    return out
  }

  static func toolDefinitions(_ v: JSONValue?) -> [ToolDefinition] {
    var out: [ToolDefinition] = []
    v?.forEachElement { t in
      let name = t["function"]?["name"]?.string ?? t["name"]?.string ?? t["type"]?.string ?? "tool"
      out.append(ToolDefinition(name: name, json: t.rawJSON))
    }
    return out
  }
}
