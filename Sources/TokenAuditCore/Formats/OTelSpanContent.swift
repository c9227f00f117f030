/// OTLP/JSON attribute lists and the GenAI content attributes of a span.
enum OTelSpanContent {
  /// Attributes whose values are message content, kept out of labels.
  static func isContent(_ key: String) -> Bool {
    key == "gen_ai.input.messages" || key == "gen_ai.output.messages" || key == "gen_ai.system_instructions"
      || key == "gen_ai.tool.definitions" || key.hasPrefix("gen_ai.prompt") || key.hasPrefix("gen_ai.completion")
      || key.hasPrefix("llm.input_messages.") || key.hasPrefix("llm.output_messages.") || key.hasPrefix("llm.tools.")
      || key.hasPrefix("llm.prompts") || key.hasPrefix("llm.choices") || key.hasPrefix("llm.prompt_template.")
      || key == "input.value" || key == "output.value" || key == "llm.invocation_parameters"
      || key == OTelADK.requestKey || key == OTelADK.responseKey
  }

  /// An OTLP/JSON attribute list (`[{key, value: {stringValue | intValue | doubleValue | boolValue |
  /// arrayValue | kvlistValue}}]`) as text values; arrays of scalars are joined with commas.
  static func attributes(_ list: JSONValue?) -> [String: String] {
    var out: [String: String] = [:]
    list?.forEachElement { attr in
      guard let key = attr["key"]?.string, let value = attr["value"] else { return }
      if let text = text(value) { out[key] = text }
    }
    return out
  }

  private static func text(_ value: JSONValue) -> String? {
    if let v = value["stringValue"] { return v.string }
    if let v = value["intValue"] { return v.scalarText }
    if let v = value["doubleValue"] { return v.scalarText }
    if let v = value["boolValue"] { return v.scalarText }
    if let list = value["arrayValue"]?["values"] {
      return list.elements.compactMap(text).joined(separator: ",")
    }
    if let kv = value["kvlistValue"] { return kv.rawJSON }
    return value.scalarText
  }

  /// Fills system, messages, tools, response and finish reason from the content attributes:
  /// `gen_ai.system_instructions`, `gen_ai.input.messages`, `gen_ai.output.messages`,
  /// `gen_ai.tool.definitions` (JSON text, parts format), and the older indexed
  /// `gen_ai.prompt.<n>.role/content` and `gen_ai.completion.<n>.content`.
  static func readContent(_ a: [String: String], into r: inout CallRecord) {
    if let reasons = a["gen_ai.response.finish_reasons"], let first = reasons.split(separator: ",").first {
      r.finishReason = ContentText.finishReason(first.trimmingCharacters(in: "[\"] "))
    }
    let doc = JSONDocument()
    func parsed(_ key: String, _ body: (JSONValue) -> Void) {
      guard let text = a[key] else { return }
      do { try doc.parse(string: text) } catch { return }
      body(doc.root)
    }
    parsed("gen_ai.system_instructions") { v in
      var media = 0
      let text = ContentText.extract(v, mediaParts: &media)
      if !text.isEmpty { r.system = text }
    }
    if r.system == nil, let text = a["gen_ai.system_instructions"], !text.hasPrefix("[") { r.system = text }
    parsed("gen_ai.input.messages") { v in
      v.forEachElement { m in
        let message = partsMessage(m)
        if message.role == .system && r.messages.isEmpty && r.system == nil {
          r.system = message.text
        } else {
          r.messages.append(message)
        }
      }
    }
    parsed("gen_ai.output.messages") { v in
      var texts: [String] = []
      v.forEachElement { m in
        let message = partsMessage(m)
        if !message.text.isEmpty { texts.append(message.text) }
        r.responseToolCalls += message.toolCalls
        if let reason = m["finish_reason"]?.string { r.finishReason = ContentText.finishReason(reason) }
      }
      r.responseText = ContentText.joinedLines(texts)
    }
    parsed("gen_ai.tool.definitions") { v in
      v.forEachElement { t in
        r.tools.append(ToolDefinition(name: t["name"]?.string ?? t["type"]?.string ?? "tool", json: t.rawJSON))
      }
    }
    if r.messages.isEmpty { readIndexed(a, into: &r) }
    if r.messages.isEmpty && r.system == nil { readOpenInference(a, into: &r) }
  }

  /// OpenInference's indexed attributes: `llm.input_messages.<n>.message.role` / `.content` (or
  /// `.contents.<k>.message_content.text`), `.tool_calls.<k>.tool_call.function.name` /
  /// `.arguments`, `.tool_call_id`; the same under `llm.output_messages`; `llm.tools.<n>.tool.json_schema`;
  /// `llm.finish_reason`; `max_tokens` in the `llm.invocation_parameters` JSON.
  private static func readOpenInference(_ a: [String: String], into r: inout CallRecord) {
    func message(_ prefix: String) -> ChatMessage? {
      let role = a[prefix + "role"]
      var text = a[prefix + "content"]
      if text == nil {
        var parts: [String] = []
        var k = 0
        while a[prefix + "contents.\(k).message_content.type"] != nil
          || a[prefix + "contents.\(k).message_content.text"] != nil
        {
          if let t = a[prefix + "contents.\(k).message_content.text"] { parts.append(t) }
          k += 1
        }
        if !parts.isEmpty { text = ContentText.joinedLines(parts) }
      }
      var calls: [ToolCall] = []
      var k = 0
      while let name = a[prefix + "tool_calls.\(k).tool_call.function.name"] {
        calls.append(
          ToolCall(
            id: a[prefix + "tool_calls.\(k).tool_call.id"], name: name,
            arguments: a[prefix + "tool_calls.\(k).tool_call.function.arguments"] ?? ""))
        k += 1
      }
      guard role != nil || text != nil || !calls.isEmpty else { return nil }
      let kind = MessageRole(rawValue: role ?? "user") ?? .other
      // A tool result is held as one, as the Chat Completions reader holds a `tool` message.
      if kind == .tool {
        return ChatMessage(
          role: .tool, toolResults: [ToolResult(toolCallID: a[prefix + "tool_call_id"], text: text ?? "")])
      }
      return ChatMessage(role: kind, text: text ?? "", toolCalls: calls)
    }
    var n = 0
    while let m = message("llm.input_messages.\(n).message.") {
      if m.role == .system && r.messages.isEmpty && r.system == nil {
        r.system = m.text
      } else {
        r.messages.append(m)
      }
      n += 1
    }
    n = 0
    var texts: [String] = []
    while let m = message("llm.output_messages.\(n).message.") {
      if !m.text.isEmpty { texts.append(m.text) }
      r.responseToolCalls += m.toolCalls
      n += 1
    }
    if r.responseText == nil && !texts.isEmpty { r.responseText = ContentText.joinedLines(texts) }
    n = 0
    let doc = JSONDocument()
    while let schema = a["llm.tools.\(n).tool.json_schema"] {
      var name = "tool"
      if (try? doc.parse(string: schema)) != nil {
        let root = doc.root
        name = root["function"]?["name"]?.string ?? root["name"]?.string ?? name
      }
      r.tools.append(ToolDefinition(name: name, json: schema))
      n += 1
    }
    if r.finishReason == nil, let reason = a["llm.finish_reason"] { r.finishReason = ContentText.finishReason(reason) }
    if r.maxOutputTokens == nil, let params = a["llm.invocation_parameters"], (try? doc.parse(string: params)) != nil {
      let root = doc.root
      r.maxOutputTokens = (root["max_tokens"] ?? root["max_completion_tokens"] ?? root["max_output_tokens"])?.int
    }
  }

  /// One message of the GenAI parts format: `{role, parts: [{type: text, content}, {type: tool_call,
  /// id, name, arguments}, {type: tool_call_response, id, response}, …]}`.
  private static func partsMessage(_ m: JSONValue) -> ChatMessage {
    var msg = ChatMessage(role: MessageRole(rawValue: m["role"]?.string ?? "user") ?? .other)
    var texts: [String] = []
    m["parts"]?.forEachElement { p in
      switch p["type"]?.string ?? "" {
      case "text", "reasoning":
        if let t = p["content"]?.string { texts.append(t) }
      case "tool_call":
        let args = p["arguments"]
        msg.toolCalls.append(
          ToolCall(
            id: p["id"]?.string, name: p["name"]?.string ?? "",
            arguments: args?.isString == true ? (args?.string ?? "") : (args?.rawJSON ?? "")))
      case "tool_call_response":
        let response = p["response"] ?? p["result"]
        msg.toolResults.append(
          ToolResult(
            toolCallID: p["id"]?.string,
            text: response?.isString == true ? (response?.string ?? "") : (response?.rawJSON ?? "")))
      default:
        msg.mediaParts += 1
      }
    }
    if texts.isEmpty, let content = m["content"] {
      var media = 0
      texts.append(ContentText.extract(content, mediaParts: &media))
    }
    msg.text = ContentText.joinedLines(texts)
    return msg
  }

  /// The older indexed attributes: `gen_ai.prompt.<n>.role`, `gen_ai.prompt.<n>.content`,
  /// `gen_ai.completion.<n>.content`.
  private static func readIndexed(_ a: [String: String], into r: inout CallRecord) {
    var n = 0
    while let content = a["gen_ai.prompt.\(n).content"] {
      let role = a["gen_ai.prompt.\(n).role"] ?? "user"
      if role == "system" && r.messages.isEmpty && r.system == nil {
        r.system = content
      } else {
        r.messages.append(ChatMessage(role: MessageRole(rawValue: role) ?? .other, text: content))
      }
      n += 1
    }
    if r.responseText == nil, let completion = a["gen_ai.completion.0.content"] { r.responseText = completion }
  }
}

extension Substring {
  fileprivate func trimmingCharacters(in set: String) -> String {
    var s = self
    while let f = s.first, set.contains(f) { s.removeFirst() }
    while let l = s.last, set.contains(l) { s.removeLast() }
    return String(s)
  }
}
