/// Reads Amazon Bedrock Converse request and response bodies (and ConverseStream event arrays)
/// into a `CallRecord`.
///
/// Usage: `inputTokens` excludes `cacheReadInputTokens` and `cacheWriteInputTokens`, which are
/// added to make the input (as Anthropic's counts are).
public enum ConverseBody {
  static let parameterKeys = ["maxTokens", "stopSequences", "temperature", "topP"]

  /// Whether a request body is a Converse request (`messages` whose content blocks carry no
  /// `type`, with `inferenceConfig`, `toolConfig` or a `system` array).
  public static func isRequest(_ body: JSONValue?) -> Bool {
    guard let body, body.isObject else { return false }
    if body["inferenceConfig"] != nil || body["toolConfig"] != nil { return true }
    if let system = body["system"], system.isArray, body["anthropic_version"] == nil {
      var typed = false
      system.forEachElement { if $0["type"] != nil { typed = true } }
      return !typed
    }
    return false
  }

  /// Whether a response body is a Converse response (`output.message`, or a ConverseStream array).
  public static func isResponse(_ body: JSONValue?) -> Bool {
    guard let body else { return false }
    if body.isObject { return body["output"]?["message"] != nil || body["stopReason"] != nil }
    guard body.isArray, let first = body.element(at: 0), first.isObject else { return false }
    return first["messageStart"] != nil || first["contentBlockDelta"] != nil || first["contentBlockStart"] != nil
  }

  /// Fills system, messages, tools and parameters from a request body.
  public static func readRequest(_ body: JSONValue, into record: inout CallRecord) {
    if record.model == nil { record.model = body["modelId"]?.string }
    if let system = body["system"] {
      var texts: [String] = []
      system.forEachElement { block in
        if let t = block["text"]?.string { texts.append(t) }
        if block["cachePoint"] != nil { record.systemCacheControl = true }
      }
      if system.isString, let t = system.string { texts.append(t) }
      let text = ContentText.joinedLines(texts)
      if !text.isEmpty { record.system = text }
    }
    body["messages"]?.forEachElement { m in
      guard m.isObject else { return }
      var msg = ChatMessage(role: MessageRole(rawValue: m["role"]?.string ?? "user") ?? .other)
      var texts: [String] = []
      m["content"]?.forEachElement { block in
        read(block, texts: &texts, message: &msg)
      }
      msg.text = ContentText.joinedLines(texts)
      record.messages.append(msg)
    }
    body["toolConfig"]?["tools"]?.forEachElement { t in
      let spec = t["toolSpec"] ?? t
      record.tools.append(ToolDefinition(name: spec["name"]?.string ?? "tool", json: t.rawJSON))
    }
    if let config = body["inferenceConfig"], config.isObject {
      record.parameters = ContentText.parameters(config, sortedKeys: parameterKeys)
      record.maxOutputTokens = config["maxTokens"]?.int
    }
  }

  /// Fills response text, tool calls, stop reason, usage and latency from a response body or a
  /// ConverseStream event array.
  public static func readResponse(_ body: JSONValue, into record: inout CallRecord, sink: inout RecordSink) {
    if body.isArray {
      readStream(body, into: &record, sink: &sink)
      return
    }
    var msg = ChatMessage(role: .assistant)
    var texts: [String] = []
    body["output"]?["message"]?["content"]?.forEachElement { block in
      read(block, texts: &texts, message: &msg)
    }
    if body["output"] != nil {
      record.responseText = ContentText.joinedLines(texts)
      record.responseToolCalls = msg.toolCalls
    }
    record.finishReason = ContentText.finishReason(body["stopReason"]?.string)
    if let latency = body["metrics"]?["latencyMs"]?.double, record.latencyMS == nil { record.latencyMS = latency }
    OpenAIChatBody.readUsage(usage(body["usage"]), into: &record, sink: &sink)
  }

  /// Converse usage: the input excludes the cache reads and writes, which are added.
  public static func usage(_ u: JSONValue?) -> UsageParser.Outcome {
    guard let u, u.isObject else { return u == nil || u!.isNull ? .absent : .invalid("usage is not an object") }
    do {
      let input = try UsageParser.count(u["inputTokens"], "inputTokens")
      let output = try UsageParser.count(u["outputTokens"], "outputTokens")
      let reads = try UsageParser.count(u["cacheReadInputTokens"], "cacheReadInputTokens")
      let writes = try UsageParser.count(u["cacheWriteInputTokens"], "cacheWriteInputTokens")
      if u["inputTokens"] == nil && u["outputTokens"] == nil { return .invalid("usage has no token counts") }
      return .usage(
        TokenUsage(
          inputTokens: input + reads + writes, cacheReadTokens: reads, cacheWrite5mTokens: writes,
          outputTokens: output))
    } catch {
      return .invalid(error.message)
    }
  }

  // One content block of a message: text, tool use, tool result, reasoning or media.
  private static func read(_ block: JSONValue, texts: inout [String], message msg: inout ChatMessage) {
    if let t = block["text"]?.string {
      texts.append(t)
    } else if let use = block["toolUse"] {
      msg.toolCalls.append(
        ToolCall(
          id: use["toolUseId"]?.string, name: use["name"]?.string ?? "", arguments: use["input"]?.rawJSON ?? "{}"))
    } else if let result = block["toolResult"] {
      var parts: [String] = []
      result["content"]?.forEachElement { c in
        if let t = c["text"]?.string {
          parts.append(t)
        } else if let j = c["json"] {
          parts.append(j.rawJSON)
        } else {
          msg.mediaParts += 1
        }
      }
      msg.toolResults.append(
        ToolResult(
          toolCallID: result["toolUseId"]?.string, text: ContentText.joinedLines(parts),
          isError: result["status"]?.stringEquals("error") == true))
    } else if let reasoning = block["reasoningContent"]?["reasoningText"]?["text"]?.string {
      texts.append(reasoning)
    } else if block["cachePoint"] != nil {
      msg.cacheControl = true
    } else {
      msg.mediaParts += 1
    }
  }

  // ConverseStream events: text and tool input deltas are joined; the `metadata` event holds the
  // usage (once, final) and the latency.
  private static func readStream(_ events: JSONValue, into record: inout CallRecord, sink: inout RecordSink) {
    var texts: [String] = []
    var tools: [Int: ToolCall] = [:]
    var order: [Int] = []
    events.forEachElement { e in
      if let start = e["contentBlockStart"], let use = start["start"]?["toolUse"] {
        let index = start["contentBlockIndex"]?.int ?? order.count
        if tools[index] == nil { order.append(index) }
        tools[index] = ToolCall(id: use["toolUseId"]?.string, name: use["name"]?.string ?? "", arguments: "")
      } else if let delta = e["contentBlockDelta"] {
        if let t = delta["delta"]?["text"]?.string {
          texts.append(t)
        } else if let input = delta["delta"]?["toolUse"]?["input"]?.string {
          let index = delta["contentBlockIndex"]?.int ?? -1
          if tools[index] == nil {
            order.append(index)
            tools[index] = ToolCall(id: nil, name: "", arguments: "")
          }
          tools[index]?.arguments += input
        }
      } else if let stop = e["messageStop"] {
        record.finishReason = ContentText.finishReason(stop["stopReason"]?.string)
      } else if let metadata = e["metadata"] {
        OpenAIChatBody.readUsage(usage(metadata["usage"]), into: &record, sink: &sink)
        if let latency = metadata["metrics"]?["latencyMs"]?.double, record.latencyMS == nil {
          record.latencyMS = latency
        }
      }
    }
    record.responseText = texts.joined()
    record.responseToolCalls = order.compactMap { tools[$0] }
  }
}
