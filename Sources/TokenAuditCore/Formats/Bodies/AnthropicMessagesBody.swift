/// Reads Anthropic Messages request and response bodies into a `CallRecord`.
public enum AnthropicMessagesBody {
  static let parameterKeys = [
    "temperature", "top_p", "top_k", "max_tokens", "stop_sequences", "tool_choice", "thinking", "output_format",
  ]
  /// `parameterKeys` in the order `ContentText.parameters` writes them.
  static let sortedParameterKeys = parameterKeys.sorted()

  /// Fills system, messages, tools and parameters from a request body.
  ///
  /// - Parameters:
  ///   - body: The request object.
  ///   - record: The record to fill.
  public static func readRequest(_ body: JSONValue, into record: inout CallRecord) {
    if record.model == nil { record.model = body["model"]?.string }
    if body["stream"]?.bool == true { record.streamed = true }
    if let sys = body["system"] {
      var media = 0
      let text = ContentText.extract(sys, mediaParts: &media)
      if !text.isEmpty { record.system = text }
      record.systemCacheControl = ContentText.hasCacheControl(sys)
    }
    body["messages"]?.forEachElement { m in
      guard m.isObject else { return }
      let role = MessageRole(rawValue: m["role"]?.string ?? "user") ?? .other
      var msg = ChatMessage(role: role)
      var texts: [String] = []
      let content = m["content"]
      if let content, content.isString {
        texts.append(content.string ?? "")
      } else {
        content?.forEachElement { block in
          if block["cache_control"].map({ !$0.isNull }) == true { msg.cacheControl = true }
          switch block["type"]?.string ?? "text" {
          case "text": texts.append(block["text"]?.string ?? "")
          case "tool_use", "server_tool_use":
            msg.toolCalls.append(
              ToolCall(
                id: block["id"]?.string, name: block["name"]?.string ?? "", arguments: block["input"]?.rawJSON ?? "{}"))
          case "tool_result", "web_search_tool_result":
            var media = 0
            let text = ContentText.extract(block["content"], mediaParts: &media)
            msg.toolResults.append(
              ToolResult(
                toolCallID: block["tool_use_id"]?.string, text: text, isError: block["is_error"]?.bool ?? false))
            msg.mediaParts += media
          case "thinking": texts.append(block["thinking"]?.string ?? "")
          case "redacted_thinking": break
          default: msg.mediaParts += 1
          }
        }
      }
      msg.text = ContentText.joinedLines(texts)
      record.messages.append(msg)
    }
    body["tools"]?.forEachElement { t in
      record.tools.append(ToolDefinition(name: t["name"]?.string ?? t["type"]?.string ?? "tool", json: t.rawJSON))
    }
    record.parameters = ContentText.parameters(body, sortedKeys: sortedParameterKeys)
    record.maxOutputTokens = body["max_tokens"]?.int
  }

  /// Fills response text, tool calls, stop reason, usage and model from a response body.
  ///
  /// - Parameters:
  ///   - body: The response (a `message`, or an `error` object).
  ///   - record: The record to fill.
  ///   - sink: Where a usage warning goes.
  public static func readResponse(_ body: JSONValue, into record: inout CallRecord, sink: inout RecordSink) {
    if let m = body["model"]?.string, !m.isEmpty { record.model = m }
    if record.requestID == nil { record.requestID = body["id"]?.string }
    if body["type"]?.string == "error" || body["error"]?.isObject == true {
      record.errorType = body["error"]?["type"]?.string ?? "error"
    }
    var texts: [String] = []
    body["content"]?.forEachElement { block in
      switch block["type"]?.string ?? "" {
      case "text": texts.append(block["text"]?.string ?? "")
      case "tool_use", "server_tool_use":
        record.responseToolCalls.append(
          ToolCall(
            id: block["id"]?.string, name: block["name"]?.string ?? "", arguments: block["input"]?.rawJSON ?? "{}"))
      default: break
      }
    }
    if body["content"] != nil { record.responseText = ContentText.joinedLines(texts) }
    record.finishReason = ContentText.finishReason(body["stop_reason"]?.string)
    if let tier = body["usage"]?["service_tier"]?.string { record.serviceTier = tier }
    OpenAIChatBody.readUsage(UsageParser.anthropic(body["usage"]), into: &record, sink: &sink)
  }
}
