/// Reads OpenAI Responses API request and response bodies into a `CallRecord`.
///
/// Requests carry `instructions` and `input` (a string or a list of items: messages,
/// `function_call`, `function_call_output`, `reasoning`…); responses carry `output` items and
/// `usage` with `input_tokens_details.cached_tokens` (a subset of `input_tokens`) and
/// `output_tokens_details.reasoning_tokens` (a subset of `output_tokens`).
public enum OpenAIResponsesBody {
  static let parameterKeys = [
    "temperature", "top_p", "max_output_tokens", "tool_choice", "parallel_tool_calls", "reasoning", "text",
    "truncation",
  ]
  /// `parameterKeys` in the order `ContentText.parameters` writes them.
  static let sortedParameterKeys = parameterKeys.sorted()

  /// Whether a body looks like a Responses API response object.
  ///
  /// - Parameter body: A response body.
  /// - Returns: `true` for `{"object":"response"}` or an `output` array without `choices`.
  public static func isResponse(_ body: JSONValue?) -> Bool {
    guard let body, body.isObject else { return false }
    if body["object"]?.stringEquals("response") == true { return true }
    return body["output"]?.isArray == true && body["choices"] == nil
  }

  /// Whether a body looks like a Responses API request (`input` and no `messages`).
  ///
  /// - Parameter body: A request body.
  /// - Returns: `true` when it has `input` or `instructions` but no `messages`/`contents`.
  public static func isRequest(_ body: JSONValue?) -> Bool {
    guard let body, body.isObject, body["messages"] == nil, body["contents"] == nil else { return false }
    return body["input"] != nil || body["instructions"] != nil
  }

  /// Fills system, messages, tools and parameters from a request body.
  ///
  /// - Parameters:
  ///   - body: The request object.
  ///   - record: The record to fill.
  public static func readRequest(_ body: JSONValue, into record: inout CallRecord) {
    if record.model == nil { record.model = body["model"]?.string }
    if body["stream"]?.bool == true { record.streamed = true }
    var systemParts: [String] = []
    if let instructions = body["instructions"], !instructions.isNull {
      var media = 0
      let text = ContentText.extract(instructions, mediaParts: &media)
      if !text.isEmpty { systemParts.append(text) }
    }
    if let input = body["input"] {
      if input.isString {
        record.messages.append(ChatMessage(role: .user, text: input.string ?? ""))
      } else {
        input.forEachElement { readInputItem($0, into: &record, systemParts: &systemParts) }
      }
    }
    if !systemParts.isEmpty { record.system = ContentText.joinedLines(systemParts) }
    if record.tools.isEmpty { record.tools = OpenAIChatBody.toolDefinitions(body["tools"]) }
    record.parameters = ContentText.parameters(body, sortedKeys: sortedParameterKeys)
    record.maxOutputTokens = body["max_output_tokens"]?.int
  }

  private static func readInputItem(_ item: JSONValue, into record: inout CallRecord, systemParts: inout [String]) {
    if item.isString {
      record.messages.append(ChatMessage(role: .user, text: item.string ?? ""))
      return
    }
    guard item.isObject else { return }
    let type = item["type"]?.string ?? "message"
    var media = 0
    switch type {
    case "message":
      let role = item["role"]?.string ?? "user"
      let text = ContentText.extract(item["content"], mediaParts: &media)
      if (role == "system" || role == "developer") && record.messages.isEmpty {
        systemParts.append(text)
        return
      }
      let msgRole = MessageRole(rawValue: role) ?? .other
      record.messages.append(ChatMessage(role: msgRole, text: text, mediaParts: media))
    case "function_call", "custom_tool_call":
      let args = item["arguments"] ?? item["input"]
      let call = ToolCall(
        id: item["call_id"]?.string, name: item["name"]?.string ?? "",
        arguments: args?.isString == true ? (args?.string ?? "") : (args?.rawJSON ?? ""))
      record.messages.append(ChatMessage(role: .assistant, toolCalls: [call]))
    case "function_call_output", "custom_tool_call_output", "computer_call_output", "local_shell_call_output":
      let text = ContentText.extract(item["output"], mediaParts: &media)
      let result = ToolResult(toolCallID: item["call_id"]?.string, text: text)
      record.messages.append(ChatMessage(role: .tool, toolResults: [result], mediaParts: media))
    case "reasoning":
      // Re-sent reasoning items are billed input but their content is encrypted: count the part only.
      record.messages.append(ChatMessage(role: .assistant, mediaParts: 1))
    case "item_reference":
      break
    default:
      record.messages.append(ChatMessage(role: .other, text: item.rawJSON))
    }
  }

  /// Fills response text, tool calls, finish reason, usage and model from a response object.
  ///
  /// Instructions and tools echoed by the response fill the record when no request was logged.
  ///
  /// - Parameters:
  ///   - body: The response object.
  ///   - record: The record to fill.
  ///   - sink: Where a usage warning goes.
  public static func readResponse(_ body: JSONValue, into record: inout CallRecord, sink: inout RecordSink) {
    if let m = body["model"]?.string, !m.isEmpty { record.model = m }
    if record.requestID == nil { record.requestID = body["id"]?.string }
    if let tier = body["service_tier"]?.string { record.serviceTier = tier }
    if record.system == nil, let instructions = body["instructions"], !instructions.isNull {
      var media = 0
      let text = ContentText.extract(instructions, mediaParts: &media)
      if !text.isEmpty { record.system = text }
    }
    if record.tools.isEmpty { record.tools = OpenAIChatBody.toolDefinitions(body["tools"]) }
    if record.maxOutputTokens == nil { record.maxOutputTokens = body["max_output_tokens"]?.int }
    if let err = body["error"], !err.isNull {
      record.errorType = err["code"]?.scalarText ?? err["type"]?.string ?? "error"
    }
    var texts: [String] = []
    var searches = 0
    body["output"]?.forEachElement { item in
      if item["type"]?.stringEquals("web_search_call") == true { searches += 1 }
      switch item["type"]?.string ?? "" {
      case "message":
        item["content"]?.forEachElement { part in
          if let t = part["text"]?.string {
            texts.append(t)
          } else if let r = part["refusal"]?.string {
            texts.append(r)
          }
        }
      case "function_call", "custom_tool_call":
        let args = item["arguments"] ?? item["input"]
        record.responseToolCalls.append(
          ToolCall(
            id: item["call_id"]?.string, name: item["name"]?.string ?? "",
            arguments: args?.isString == true ? (args?.string ?? "") : (args?.rawJSON ?? "")))
      case "reasoning": break
      case let other where other.hasSuffix("_call"):
        record.responseToolCalls.append(ToolCall(id: item["id"]?.string, name: other, arguments: item.rawJSON))
      default: break
      }
    }
    if body["output"] != nil { record.responseText = ContentText.joinedLines(texts) }
    switch body["status"]?.string {
    case "incomplete":
      record.finishReason = ContentText.finishReason(body["incomplete_details"]?["reason"]?.string ?? "length")
    case "failed":
      if record.errorType == nil { record.errorType = "failed" }
    case "completed":
      record.finishReason = record.responseToolCalls.isEmpty ? "stop" : "tool_calls"
    default: break
    }
    OpenAIChatBody.readUsage(UsageParser.openAIResponses(body["usage"]), into: &record, sink: &sink)
    // Each web search the model ran is billed per call of the tool.
    if searches > 0, record.usage != nil { record.usage?.webSearchRequests = searches }
  }
}
