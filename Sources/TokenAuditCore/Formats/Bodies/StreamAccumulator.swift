/// Folds the chunks of one streamed response (OpenAI Chat, Anthropic, Gemini, OpenAI Responses).
///
/// Text and tool-call arguments are concatenated; usage is REPLACED by each newer value and read
/// once at the end, because every provider reports it as a final or running total.
struct StreamAccumulator {
  enum UsageKind { case openAIChat, anthropic, gemini }

  let source: SourceLocation
  var model: String?
  var responseID: String?
  var text = ""
  var toolCalls: [ToolCall] = []
  /// Stream index of a tool call (OpenAI `tool_calls[].index`, Anthropic content block index) → position.
  var toolPositions: [Int: Int] = [:]
  var finishReason: String?
  var errorType: String?
  var usageKind: UsageKind?
  /// The latest usage object as JSON text (OpenAI Chat, Gemini).
  var usageJSON: String?
  /// Anthropic usage members, `message_start` first, overlaid by later `message_delta` members.
  var anthropicUsage: [(key: String, value: String)] = []
  /// A Responses API stream's final `response` object, read whole.
  var final: CallRecord?
  var badChunks = 0

  init(source: SourceLocation) { self.source = source }

  mutating func add(_ chunk: JSONValue, sink: inout RecordSink) {
    if let type = chunk["type"]?.string {
      if type.hasPrefix("response.") {
        addResponsesEvent(type, chunk, sink: &sink)
        return
      }
      if addAnthropicEvent(type, chunk) { return }
    }
    if chunk["candidates"] != nil || chunk["usageMetadata"] != nil {
      addGeminiChunk(chunk)
    } else if chunk["choices"] != nil || chunk["object"]?.stringEquals("chat.completion.chunk") == true {
      addChatChunk(chunk)
    }
  }

  // MARK: - OpenAI Chat Completions

  private mutating func addChatChunk(_ chunk: JSONValue) {
    if let m = chunk["model"]?.string, !m.isEmpty { model = m }
    if responseID == nil { responseID = chunk["id"]?.string }
    if let choice = chunk["choices"]?.element(at: 0) {
      let delta = choice["delta"] ?? choice["message"]
      if let t = delta?["content"]?.string { text += t }
      delta?["tool_calls"]?.forEachElement { call in
        let index = call["index"]?.int ?? toolPositions.count
        let function = call["function"]
        let position = toolPosition(index, id: call["id"]?.string, name: function?["name"]?.string)
        if let args = function?["arguments"]?.string { toolCalls[position].arguments += args }
      }
      if let reason = choice["finish_reason"]?.string { finishReason = reason }
    }
    if let u = chunk["usage"], u.isObject {
      usageKind = .openAIChat
      usageJSON = u.rawJSON
    }
    if let err = chunk["error"], err.isObject { errorType = err["type"]?.string ?? err["code"]?.scalarText ?? "error" }
  }

  // MARK: - Anthropic Messages

  private mutating func addAnthropicEvent(_ type: String, _ chunk: JSONValue) -> Bool {
    switch type {
    case "message_start":
      let message = chunk["message"]
      if let m = message?["model"]?.string, !m.isEmpty { model = m }
      if responseID == nil { responseID = message?["id"]?.string }
      mergeAnthropicUsage(message?["usage"])
    case "message_delta":
      if let reason = chunk["delta"]?["stop_reason"]?.string { finishReason = reason }
      mergeAnthropicUsage(chunk["usage"])
    case "content_block_start":
      let block = chunk["content_block"]
      let index = chunk["index"]?.int ?? toolPositions.count
      switch block?["type"]?.string ?? "" {
      case "tool_use", "server_tool_use":
        let position = toolPosition(index, id: block?["id"]?.string, name: block?["name"]?.string)
        if let input = block?["input"], input.isObject, input.count > 0 {
          toolCalls[position].arguments = input.rawJSON
        }
      case "text": text += block?["text"]?.string ?? ""
      default: break
      }
    case "content_block_delta":
      let delta = chunk["delta"]
      switch delta?["type"]?.string ?? "" {
      case "text_delta": text += delta?["text"]?.string ?? ""
      case "input_json_delta":
        let index = chunk["index"]?.int ?? 0
        let position = toolPosition(index, id: nil, name: nil)
        toolCalls[position].arguments += delta?["partial_json"]?.string ?? ""
      default: break
      }
    case "error":
      errorType = chunk["error"]?["type"]?.string ?? "error"
    case "content_block_stop", "message_stop", "ping":
      break
    default:
      return false
    }
    return true
  }

  private mutating func mergeAnthropicUsage(_ u: JSONValue?) {
    guard let u, u.isObject else { return }
    usageKind = .anthropic
    u.forEachMember { k, v in
      let key = k.rawJSON
      if let i = anthropicUsage.firstIndex(where: { $0.key == key }) {
        anthropicUsage[i].value = v.rawJSON
      } else {
        anthropicUsage.append((key, v.rawJSON))
      }
    }
  }

  // MARK: - Gemini

  private mutating func addGeminiChunk(_ chunk: JSONValue) {
    if let m = chunk["modelVersion"]?.string, !m.isEmpty { model = m }
    if responseID == nil { responseID = chunk["responseId"]?.string }
    if let candidate = chunk["candidates"]?.element(at: 0) {
      var texts: [String] = []
      var calls: [ToolCall] = []
      GeminiBody.collectParts(candidate, texts: &texts, calls: &calls)
      text += texts.joined()
      toolCalls += calls
      if let reason = candidate["finishReason"]?.string { finishReason = reason }
    }
    if let u = chunk["usageMetadata"], u.isObject {
      usageKind = .gemini
      usageJSON = u.rawJSON
    }
  }

  // MARK: - OpenAI Responses

  private mutating func addResponsesEvent(_ type: String, _ chunk: JSONValue, sink: inout RecordSink) {
    switch type {
    case "response.completed", "response.incomplete", "response.failed":
      guard let response = chunk["response"], response.isObject else { return }
      var r = CallRecord(source: source, format: "")
      OpenAIResponsesBody.readResponse(response, into: &r, sink: &sink)
      final = r
    case "response.created", "response.in_progress":
      if let m = chunk["response"]?["model"]?.string, !m.isEmpty { model = m }
      if responseID == nil { responseID = chunk["response"]?["id"]?.string }
    case "response.output_text.delta":
      text += chunk["delta"]?.string ?? ""
    default:
      break
    }
  }

  private mutating func toolPosition(_ index: Int, id: String?, name: String?) -> Int {
    if let p = toolPositions[index] {
      if let id, toolCalls[p].id == nil { toolCalls[p].id = id }
      if let name, !name.isEmpty, toolCalls[p].name.isEmpty { toolCalls[p].name = name }
      return p
    }
    toolCalls.append(ToolCall(id: id, name: name ?? "", arguments: ""))
    toolPositions[index] = toolCalls.count - 1
    return toolCalls.count - 1
  }

  // MARK: - Result

  /// Writes the folded response into `record` (which already holds the request side).
  func apply(to record: inout CallRecord, sink: inout RecordSink) {
    record.streamed = true
    if let final {
      if let m = final.model { record.model = m }
      if record.requestID == nil { record.requestID = final.requestID }
      record.responseText = final.responseText
      record.responseToolCalls = final.responseToolCalls
      record.finishReason = final.finishReason
      record.errorType = final.errorType ?? record.errorType
      record.serviceTier = final.serviceTier ?? record.serviceTier
      record.usage = final.usage
      record.usageSource = final.usageSource
      return
    }
    if let model { record.model = model }
    if record.requestID == nil { record.requestID = responseID }
    if !text.isEmpty || !toolCalls.isEmpty {
      record.responseText = text
      record.responseToolCalls = toolCalls
    }
    if let finishReason {
      record.finishReason = toolCalls.isEmpty ? ContentText.finishReason(finishReason) : "tool_calls"
    }
    if let errorType { record.errorType = errorType }
    guard let kind = usageKind else { return }
    let json: String
    if kind == .anthropic {
      json = "{" + anthropicUsage.map { "\($0.key):\($0.value)" }.joined(separator: ",") + "}"
    } else {
      guard let u = usageJSON else { return }
      json = u
    }
    let doc = JSONDocument()
    do { try doc.parse(string: json) } catch { return }
    withExtendedLifetime(doc) {
      let outcome: UsageParser.Outcome
      switch kind {
      case .openAIChat: outcome = UsageParser.openAIChat(doc.root)
      case .anthropic: outcome = UsageParser.anthropic(doc.root)
      case .gemini: outcome = UsageParser.gemini(doc.root)
      }
      OpenAIChatBody.readUsage(outcome, into: &record, sink: &sink)
    }
  }
}
