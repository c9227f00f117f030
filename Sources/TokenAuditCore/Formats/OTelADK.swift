/// Google's Agent Development Kit (ADK) spans, read by the OpenTelemetry reader: a `call_llm` span per
/// model call, carrying the request and the answer as JSON text in `gcp.vertex.agent.llm_request`
/// (`{model, contents, config: {system_instruction, tools}}`) and `gcp.vertex.agent.llm_response`
/// (`{content: {parts}, usage_metadata, finish_reason}`, the SDK's snake_case names). Usage is
/// Gemini's (`prompt_token_count` includes `cached_content_token_count`, thoughts are added to
/// output); the agent is the `invoke_agent` span above it (`gen_ai.agent.name`).
enum OTelADK {
  static let requestKey = "gcp.vertex.agent.llm_request"
  static let responseKey = "gcp.vertex.agent.llm_response"

  /// Whether the span is ADK's model call.
  static func isModelCall(_ a: [String: String]) -> Bool { a[responseKey] != nil || a[requestKey] != nil }

  /// Fills model, texts and (when the span has no `gen_ai.usage` counts) usage from the JSON texts.
  static func read(_ a: [String: String], into r: inout CallRecord, sink: inout RecordSink) {
    let doc = JSONDocument()
    if let text = a[requestKey], (try? doc.parse(string: text)) != nil {
      let request = doc.root
      if r.model == nil { r.model = request["model"]?.string }
      if r.messages.isEmpty { GeminiBody.readRequest(request, into: &r) }
      if let config = request["config"], config.isObject {
        if r.system == nil, let sys = config["system_instruction"] ?? config["systemInstruction"], !sys.isNull {
          var media = 0
          let text = sys.isString ? (sys.string ?? "") : ContentText.extract(sys["parts"], mediaParts: &media)
          if !text.isEmpty { r.system = text }
        }
        if r.tools.isEmpty {
          config["tools"]?.forEachElement { tool in
            (tool["function_declarations"] ?? tool["functionDeclarations"])?.forEachElement { d in
              r.tools.append(ToolDefinition(name: d["name"]?.string ?? "function", json: d.rawJSON))
            }
          }
        }
        r.maxOutputTokens = r.maxOutputTokens ?? (config["max_output_tokens"] ?? config["maxOutputTokens"])?.int
      }
    }
    if let text = a[responseKey], (try? doc.parse(string: text)) != nil {
      let response = doc.root
      var texts: [String] = []
      var calls: [ToolCall] = []
      GeminiBody.collectParts(response, texts: &texts, calls: &calls)
      if r.responseText == nil && !texts.isEmpty { r.responseText = texts.joined() }
      if r.responseToolCalls.isEmpty { r.responseToolCalls = calls }
      if let reason = response["finish_reason"]?.string {
        r.finishReason = calls.isEmpty ? ContentText.finishReason(reason) : "tool_calls"
      }
      if let code = response["error_code"]?.scalarText, !code.isEmpty { r.errorType = code }
      if r.usage == nil, let u = response["usage_metadata"] ?? response["usageMetadata"] {
        OpenAIChatBody.readUsage(UsageParser.gemini(u), into: &r, sink: &sink)
      }
    }
  }
}
