/// The Vercel AI SDK's own span attributes (`ai.*`), read by the OpenTelemetry reader.
///
/// The SDK traces one `ai.generateText` / `ai.streamText` / `ai.generateObject` / `ai.streamObject`
/// / `ai.embed` span per function call, with a child span per provider call
/// (`ai.generateText.doGenerate`, `ai.streamText.doStream`, `ai.embed.doEmbed`…). The outer span's
/// usage is the sum of its steps, so only the provider calls are calls: counting both would count
/// every token twice. The operation is `ai.operationId` (or the first word of `operation.name`).
///
/// - Usage: `ai.usage.inputTokens` / `outputTokens` (v5 and later; `promptTokens` /
///   `completionTokens` before), `ai.usage.totalTokens`, `ai.usage.reasoningTokens` (part of
///   output), `ai.usage.cachedInputTokens`, and from v6 `ai.usage.inputTokenDetails.noCacheTokens` /
///   `cacheReadTokens` / `cacheWriteTokens`. Up to v5 the SDK's Anthropic and Bedrock providers
///   report the uncached input with the cache reads apart (they are added); the others include
///   them. Cache writes of those providers come from `ai.response.providerMetadata`
///   (`anthropic.cacheCreationInputTokens`, `bedrock.usage.cacheWriteInputTokens`), and so do cache
///   reads when `ai.usage` has none (OpenAI's `cachedPromptTokens`, before v5).
/// - Content: `ai.prompt.messages` (the SDK's prompt: messages with text, `tool-call`, `tool-result`,
///   `reasoning`, image and file parts), `ai.prompt.tools`, `ai.response.text`,
///   `ai.response.toolCalls`, `ai.response.finishReason`, `ai.settings.maxOutputTokens`.
/// - Model `ai.response.model`, else `ai.model.id`; provider `ai.model.provider` (`openai.chat`,
///   `anthropic.messages`…); request id `ai.response.id`.
/// - Agent: `ai.telemetry.metadata.agent` (or `agentName`, `agent_name`), else the function id
///   (`ai.telemetry.functionId`); phase: `ai.telemetry.metadata.phase` (or `step`, `stage`).
enum OTelVercelAI {
  /// Whether the span is the SDK's: true for a provider call, false for a function span that
  /// sums its steps (or a tool call), nil when the span is not the SDK's.
  static func isProviderCall(_ a: [String: String]) -> Bool? {
    guard let op = operation(a) else { return nil }
    return op.hasSuffix(".doGenerate") || op.hasSuffix(".doStream") || op.hasSuffix(".doEmbed")
  }

  /// `ai.operationId`, else the first word of an `operation.name` that starts with `ai.`.
  static func operation(_ a: [String: String]) -> String? {
    if let id = a["ai.operationId"], id.hasPrefix("ai.") { return id }
    guard let name = a["operation.name"], name.hasPrefix("ai.") else { return nil }
    return String(name.prefix { $0 != " " })
  }

  /// Attributes holding content (kept out of labels).
  static func isContent(_ key: String) -> Bool {
    key.hasPrefix("ai.prompt") || key == "ai.response.text" || key == "ai.response.toolCalls"
      || key == "ai.response.object" || key == "ai.response.providerMetadata" || key == "ai.values"
      || key == "ai.embeddings" || key == "ai.embedding" || key == "ai.value" || key == "ai.toolCall.args"
      || key == "ai.toolCall.result" || key == "ai.response.reasoning"
  }

  /// The usage of a provider-call span (nil when it has no `ai.usage` counts).
  static func usage(_ a: [String: String], count: (String) throws(UsageParser.UsageError) -> Int?)
    throws(UsageParser.UsageError) -> TokenUsage?
  {
    func first(_ keys: String...) throws(UsageParser.UsageError) -> Int? {
      for k in keys { if let n = try count(k) { return n } }
      return nil
    }
    let inputValue = try first("ai.usage.inputTokens", "ai.usage.promptTokens", "ai.usage.tokens")
    let outputValue = try first("ai.usage.outputTokens", "ai.usage.completionTokens")
    guard inputValue != nil || outputValue != nil else { return nil }
    var input = inputValue ?? 0
    let output = outputValue ?? 0
    let reasoning = try first("ai.usage.reasoningTokens", "ai.usage.outputTokenDetails.reasoningTokens") ?? 0
    var reads: Int
    var writes: Int
    if let noCache = try count("ai.usage.inputTokenDetails.noCacheTokens") {
      reads = try count("ai.usage.inputTokenDetails.cacheReadTokens") ?? 0
      writes = try count("ai.usage.inputTokenDetails.cacheWriteTokens") ?? 0
      input = max(input, noCache + reads + writes)
    } else {
      let metadata = providerCache(a["ai.response.providerMetadata"])
      reads =
        try first("ai.usage.cachedInputTokens", "ai.usage.inputTokenDetails.cacheReadTokens") ?? metadata.reads
      writes = metadata.writes
      let provider = (a["ai.model.provider"] ?? a["gen_ai.system"] ?? "").lowercased()
      let apart = provider.hasPrefix("anthropic") || provider.contains("bedrock")
      if apart {
        input += reads + writes
      } else {
        input = UsageParser.inputIncludingCache(
          input: input, output: output, reads: reads, writes: writes, total: try count("ai.usage.totalTokens"))
      }
    }
    reads = min(reads, input)
    writes = min(writes, input - reads)
    return TokenUsage(
      inputTokens: input, cacheReadTokens: reads, cacheWrite5mTokens: writes, outputTokens: output,
      reasoningTokens: min(reasoning, output))
  }

  /// Cache counts in the provider metadata (JSON text), for SDK versions that leave them out of
  /// `ai.usage`: writes from Anthropic's `cacheCreationInputTokens` or Bedrock's
  /// `usage.cacheWriteInputTokens`; reads from OpenAI's `cachedPromptTokens` or Anthropic's
  /// `cacheReadInputTokens`.
  static func providerCache(_ json: String?) -> (reads: Int, writes: Int) {
    guard let json, json.contains("ache") else { return (0, 0) }
    let doc = JSONDocument()
    guard (try? doc.parse(string: json)) != nil else { return (0, 0) }
    let root = doc.root
    func clamp(_ v: JSONValue?) -> Int { max(0, min(v?.int ?? 0, UsageParser.maxPlausibleTokens)) }
    let writes = clamp(
      root["anthropic"]?["cacheCreationInputTokens"] ?? root["bedrock"]?["usage"]?["cacheWriteInputTokens"])
    let reads = clamp(root["openai"]?["cachedPromptTokens"] ?? root["anthropic"]?["cacheReadInputTokens"])
    return (reads, writes)
  }

  /// Fills the record from the SDK's attributes: model, ids, limits, content, agent and phase.
  static func read(_ a: [String: String], into r: inout CallRecord) {
    if let model = a["ai.response.model"] ?? a["ai.model.id"], !model.isEmpty,
      a["gen_ai.response.model"] == nil
    {
      r.model = model
    }
    if r.provider == nil || a["gen_ai.system"] == nil, let p = a["ai.model.provider"] {
      r.provider = FormatSupport.providerFamily(String(p.prefix { $0 != "." }), model: r.model)
    }
    if let id = a["ai.response.id"], !id.isEmpty, a["gen_ai.response.id"] == nil {
      r.requestID = id
      r.dedupKey = nil
    }
    if r.maxOutputTokens == nil {
      r.maxOutputTokens = (a["ai.settings.maxOutputTokens"] ?? a["ai.settings.maxTokens"]).flatMap { Int($0) }
    }
    let metadata = "ai.telemetry.metadata."
    r.agent =
      r.agent ?? FormatSupport.label(a, prefix: metadata, named: FormatSupport.agentLabelNames)
      ?? a["ai.telemetry.functionId"]
    r.phase = r.phase ?? FormatSupport.label(a, prefix: metadata, named: FormatSupport.phaseLabelNames)
    readContent(a, into: &r)
  }

  private static func readContent(_ a: [String: String], into r: inout CallRecord) {
    let doc = JSONDocument()
    if r.messages.isEmpty && r.system == nil, let text = a["ai.prompt.messages"], (try? doc.parse(string: text)) != nil
    {
      var systemParts: [String] = []
      doc.root.forEachElement { m in
        let message = Self.message(m)
        if message.role == .system && r.messages.isEmpty {
          systemParts.append(message.text)
        } else {
          r.messages.append(message)
        }
      }
      if !systemParts.isEmpty { r.system = ContentText.joinedLines(systemParts) }
    }
    // An array attribute of JSON texts reads as the texts joined with commas: a JSON array inside `[]`.
    if r.tools.isEmpty, let text = a["ai.prompt.tools"], !text.isEmpty {
      let list = text.hasPrefix("[") ? text : "[" + text + "]"
      if (try? doc.parse(string: list)) != nil {
        doc.root.forEachElement { t in
          let tool = t.isString ? nil : t
          let name = tool?["name"]?.string ?? tool?["function"]?["name"]?.string ?? "tool"
          r.tools.append(ToolDefinition(name: name, json: t.isString ? (t.string ?? "") : t.rawJSON))
        }
      }
    }
    if r.responseText == nil {
      r.responseText = a["ai.response.text"] ?? a["ai.response.object"]
    }
    if r.responseToolCalls.isEmpty, let text = a["ai.response.toolCalls"], (try? doc.parse(string: text)) != nil {
      doc.root.forEachElement { c in r.responseToolCalls.append(toolCall(c)) }
    }
    if r.finishReason == nil, let reason = a["ai.response.finishReason"] {
      r.finishReason = ContentText.finishReason(reason)
    }
  }

  /// One message of the SDK's prompt: `{role, content}` with content a string or parts.
  private static func message(_ m: JSONValue) -> ChatMessage {
    let roleText = m["role"]?.string ?? "user"
    var msg = ChatMessage(role: MessageRole(rawValue: roleText) ?? .other)
    guard let content = m["content"], content.isArray else {
      msg.text = m["content"]?.string ?? ""
      return msg
    }
    var texts: [String] = []
    content.forEachElement { p in
      switch p["type"]?.string ?? "text" {
      case "text", "reasoning":
        if let t = p["text"]?.string { texts.append(t) }
      case "tool-call":
        msg.toolCalls.append(toolCall(p))
      case "tool-result":
        let value = p["output"]?["value"] ?? p["result"] ?? p["output"]
        let text = value?.isString == true ? (value?.string ?? "") : (value?.rawJSON ?? "")
        msg.toolResults.append(
          ToolResult(toolCallID: p["toolCallId"]?.string, text: text, isError: p["isError"]?.bool ?? false))
      default:
        msg.mediaParts += 1
      }
    }
    msg.text = ContentText.joinedLines(texts)
    if roleText == "tool" { msg.role = .tool }
    return msg
  }

  /// A tool call: `{toolCallId, toolName, args}` (up to v4) or `{…, input}` (v5 on).
  private static func toolCall(_ c: JSONValue) -> ToolCall {
    let args = c["input"] ?? c["args"]
    return ToolCall(
      id: c["toolCallId"]?.string, name: c["toolName"]?.string ?? "",
      arguments: args?.isString == true ? (args?.string ?? "") : (args?.rawJSON ?? ""))
  }
}
