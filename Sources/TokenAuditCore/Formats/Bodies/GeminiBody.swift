/// Reads Google Gemini `generateContent` request and response bodies into a `CallRecord`.
///
/// Requests carry `contents` (`role` user/model/function, `parts` of `text`, `functionCall`,
/// `functionResponse`, inline data), `systemInstruction`, `tools[].functionDeclarations` and
/// `generationConfig`; responses carry `candidates`, `modelVersion`, `responseId` and
/// `usageMetadata` (see `UsageParser.gemini` for its semantics).
public enum GeminiBody {
  static let parameterKeys = [
    "temperature", "topP", "topK", "maxOutputTokens", "candidateCount", "stopSequences", "responseMimeType",
    "thinkingConfig", "seed",
  ]
  /// `parameterKeys` in the order `ContentText.parameters` writes them.
  static let sortedParameterKeys = parameterKeys.sorted()

  /// Whether a response body has the Gemini shape.
  ///
  /// - Parameter body: A response body.
  /// - Returns: `true` when it has `candidates` or `usageMetadata`.
  public static func isResponse(_ body: JSONValue?) -> Bool {
    guard let body, body.isObject else { return false }
    return body["candidates"] != nil || body["usageMetadata"]?.isObject == true
  }

  /// Whether a request body has the Gemini shape (`contents`).
  ///
  /// - Parameter body: A request body.
  /// - Returns: `true` when it has `contents`.
  public static func isRequest(_ body: JSONValue?) -> Bool {
    body?["contents"] != nil
  }

  /// Fills system, messages, tools and parameters from a request body.
  ///
  /// - Parameters:
  ///   - body: The request object.
  ///   - record: The record to fill.
  public static func readRequest(_ body: JSONValue, into record: inout CallRecord) {
    if record.model == nil { record.model = body["model"]?.string }
    if let sys = body["systemInstruction"] ?? body["system_instruction"], !sys.isNull {
      var media = 0
      let text = sys.isString ? (sys.string ?? "") : ContentText.extract(sys["parts"], mediaParts: &media)
      if !text.isEmpty { record.system = text }
    }
    let contents = body["contents"]
    if let contents, contents.isString {
      record.messages.append(ChatMessage(role: .user, text: contents.string ?? ""))
    }
    contents?.forEachElement { content in
      let role: MessageRole
      switch content["role"]?.string ?? "user" {
      case "model": role = .assistant
      case "function", "tool": role = .tool
      case "user": role = .user
      default: role = .other
      }
      var msg = ChatMessage(role: role)
      var texts: [String] = []
      content["parts"]?.forEachElement { part in
        if let t = part["text"]?.string {
          texts.append(t)
        } else if let call = part["functionCall"] ?? part["function_call"], call.isObject {
          msg.toolCalls.append(
            ToolCall(id: call["id"]?.string, name: call["name"]?.string ?? "", arguments: call["args"]?.rawJSON ?? "{}")
          )
        } else if let result = part["functionResponse"] ?? part["function_response"], result.isObject {
          msg.toolResults.append(
            ToolResult(
              toolCallID: result["id"]?.string ?? result["name"]?.string, text: result["response"]?.rawJSON ?? ""))
        } else {
          msg.mediaParts += 1
        }
      }
      msg.text = ContentText.joinedLines(texts)
      record.messages.append(msg)
    }
    body["tools"]?.forEachElement { tool in
      if let declarations = tool["functionDeclarations"] ?? tool["function_declarations"], declarations.isArray {
        declarations.forEachElement { d in
          record.tools.append(ToolDefinition(name: d["name"]?.string ?? "function", json: d.rawJSON))
        }
      } else {
        let name = tool.members.first?.key ?? "tool"
        record.tools.append(ToolDefinition(name: name, json: tool.rawJSON))
      }
    }
    if let config = body["generationConfig"] ?? body["generation_config"], config.isObject {
      record.parameters = ContentText.parameters(config, sortedKeys: sortedParameterKeys)
      record.maxOutputTokens = config["maxOutputTokens"]?.int
    }
  }

  /// Fills response text, tool calls, finish reason, usage and model from a response body.
  ///
  /// - Parameters:
  ///   - body: The `GenerateContentResponse`.
  ///   - record: The record to fill.
  ///   - sink: Where a usage warning goes.
  public static func readResponse(_ body: JSONValue, into record: inout CallRecord, sink: inout RecordSink) {
    if let m = body["modelVersion"]?.string, !m.isEmpty { record.model = m }
    if record.requestID == nil { record.requestID = body["responseId"]?.string }
    if let err = body["error"], err.isObject {
      record.errorType = err["status"]?.string ?? err["code"]?.scalarText ?? "error"
    }
    if let blocked = body["promptFeedback"]?["blockReason"]?.string {
      record.finishReason = ContentText.finishReason(blocked)
    }
    if let candidate = body["candidates"]?.element(at: 0) {
      var texts: [String] = []
      var calls: [ToolCall] = []
      collectParts(candidate, texts: &texts, calls: &calls)
      record.responseText = texts.joined()
      record.responseToolCalls = calls
      if let reason = candidate["finishReason"]?.string {
        record.finishReason = calls.isEmpty ? ContentText.finishReason(reason) : "tool_calls"
      }
    }
    OpenAIChatBody.readUsage(UsageParser.gemini(body["usageMetadata"]), into: &record, sink: &sink)
  }

  /// Appends a candidate's answer text (thought summaries excluded) and function calls.
  static func collectParts(_ candidate: JSONValue, texts: inout [String], calls: inout [ToolCall]) {
    candidate["content"]?["parts"]?.forEachElement { part in
      if part["thought"]?.bool == true { return }
      if let t = part["text"]?.string {
        texts.append(t)
      } else if let call = part["functionCall"] ?? part["function_call"], call.isObject {
        calls.append(
          ToolCall(id: call["id"]?.string, name: call["name"]?.string ?? "", arguments: call["args"]?.rawJSON ?? "{}"))
      }
    }
  }
}
