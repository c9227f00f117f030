/// LangSmith runs, one per line, as `Client.list_runs` returns them and as exports dump them
/// (`run.json()` / `run.dict()`): `{id, name, run_type, start_time, end_time, trace_id,
/// dotted_order, parent_run_id, extra: {metadata, invocation_params}, inputs, outputs, error,
/// status, prompt_tokens, completion_tokens, total_tokens, prompt_token_details,
/// completion_token_details, total_cost, …}` (field names from the SDK's `Run` schema).
///
/// Only `llm` runs are calls: chain, tool, retriever, prompt and parser runs are context, and the
/// token counts LangSmith shows on a chain are its children's, summed (counting them would count
/// every call twice).
///
/// Usage: `prompt_tokens` includes the cached part (LangChain's `usage_metadata.input_tokens`,
/// which LangSmith reads, counts cache reads and writes for every provider);
/// `prompt_token_details.cache_read` and `.cache_creation` (or its `ephemeral_5m`/`ephemeral_1h`
/// split) are parts of it; `completion_token_details.reasoning` is part of `completion_tokens`.
/// Without run-level counts: the generation's `message.kwargs.usage_metadata` (same semantics),
/// else `outputs.llm_output.token_usage` (OpenAI's). `total_cost` → logged cost.
///
/// Model: the one that answered (the response metadata's `model_name`, or
/// `outputs.llm_output.model_name`), else the one asked for (`extra.metadata.ls_model_name`,
/// `extra.invocation_params.model`/`model_name`); provider from `ls_provider`. Messages: `inputs.messages` (a list, or a list of lists, of `{role, content}`
/// or LangChain-serialised messages), or `inputs.prompts`; the answer from
/// `outputs.generations[0][0]` (text, content, tool calls). Tools from `invocation_params.tools`.
///
/// Agent: an agent label in `extra.metadata` (`agent`, `agent_name`…), else LangGraph's
/// `langgraph_node`; phase: a phase label (`phase`, `step`, `stage`); workflow: `trace_id`
/// (LangSmith's `thread_id` is a label). Labels: the scalar `extra.metadata` members, `name`,
/// `session_id`, `tags`.
public final class LangSmithReader: LogFormatReader {
  public static let id = "langsmith"
  public static let displayName = "LangSmith runs"

  static let runTypes: Set<String> = ["llm", "chain", "tool", "retriever", "embedding", "prompt", "parser"]

  public static func matches(_ root: JSONValue, context: FileContext) -> Bool {
    guard let type = root["run_type"]?.string, runTypes.contains(type.lowercased()) else { return false }
    return root["start_time"] != nil
      && (root["trace_id"] != nil || root["dotted_order"] != nil || root["session_id"] != nil
        || root["parent_run_id"] != nil)
  }

  public init(context: FileContext) {}

  public func read(_ root: JSONValue, at location: SourceLocation, into sink: inout RecordSink) -> LineOutcome {
    guard root["run_type"]?.string?.lowercased() == "llm" else { return .context }
    var r = CallRecord(source: location, format: Self.id)
    let extra = root["extra"]
    let metadata = extra?["metadata"]
    let params = extra?["invocation_params"]
    r.requestID = root["id"]?.scalarText
    r.traceID = root["trace_id"]?.scalarText
    r.timestampMS = Timestamp.milliseconds(root["start_time"])
    if r.timestampMS == nil, let v = root["start_time"], !v.isNull {
      sink.warn(location, .invalidTimestamp, "start_time is not a date or epoch time in the years 2000–2099")
    }
    r.latencyMS = FormatSupport.latency(from: r.timestampMS, to: Timestamp.milliseconds(root["end_time"]))
    if let error = root["error"], !error.isNull, error.string?.isEmpty != true {
      r.errorType = Self.errorType(error.string ?? error.rawJSON)
    } else if root["status"]?.string?.lowercased() == "error" {
      r.errorType = "error"
    }
    r.status = r.errorType == nil ? 200 : 500
    r.loggedCostUSD = root["total_cost"]?.double.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }

    let generation = root["outputs"]?["generations"]?.element(at: 0).flatMap { $0.isArray ? $0.element(at: 0) : $0 }
    let message = generation?["message"]
    let messageFields = message?["kwargs"] ?? message?["data"] ?? message
    let responseMetadata = messageFields?["response_metadata"] ?? generation?["generation_info"]
    r.model =
      [
        responseMetadata?["model_name"], responseMetadata?["model"], root["outputs"]?["llm_output"]?["model_name"],
        metadata?["ls_model_name"], params?["model"], params?["model_name"], params?["model_id"],
      ].lazy.compactMap { $0?.string }.first { !$0.isEmpty }
    r.provider = FormatSupport.providerFamily(metadata?["ls_provider"]?.string, model: r.model)
    if let max = (metadata?["ls_max_tokens"] ?? params?["max_tokens"] ?? params?["max_completion_tokens"])?.int {
      r.maxOutputTokens = max
    }
    if let tools = params?["tools"] { r.tools = OpenAIChatBody.toolDefinitions(tools) }

    readInputs(root["inputs"], into: &r)
    if let generation { readGeneration(generation, fields: messageFields, into: &r) }
    r.finishReason = ContentText.finishReason(
      (responseMetadata?["finish_reason"] ?? responseMetadata?["stop_reason"])?.string)

    switch Self.usage(root, messageFields: messageFields) {
    case .usage(let u):
      r.usage = u
      r.usageSource = .logged
    case .absent: break
    case .invalid(let why): sink.warn(location, .invalidUsage, why + "; tokens will be estimated")
    }

    var labels: [String: String] = [:]
    if let metadata { FormatSupport.addScalarLabels(of: metadata, to: &labels) }
    r.agent =
      FormatSupport.label(labels, prefix: "", named: FormatSupport.agentLabelNames)
      ?? labels["langgraph_node"]
    r.phase = FormatSupport.label(labels, prefix: "", named: FormatSupport.phaseLabelNames)
    if let name = root["name"]?.string { labels["name"] = name }
    if let session = root["session_id"]?.scalarText { labels["session_id"] = session }
    if let tags = root["tags"], tags.isArray {
      labels["tags"] = tags.elements.compactMap(\.string).joined(separator: ",")
    }
    r.labels = labels
    guard r.model != nil else { return .skipped(.missingField, "llm run without a model name") }
    sink.emit(r)
    return .records(1)
  }

  /// The first line of an error (LangSmith stores the traceback), at most 80 characters.
  static func errorType(_ text: String) -> String {
    let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? "error"
    return String(line.prefix(80))
  }

  // MARK: - Texts

  /// `inputs.messages` (a list of messages or a list of such lists) or `inputs.prompts`.
  private func readInputs(_ inputs: JSONValue?, into r: inout CallRecord) {
    guard let inputs else { return }
    var list = inputs["messages"]
    if let first = list?.element(at: 0), first.isArray { list = first }
    var systemParts: [String] = []
    list?.forEachElement { m in
      guard let msg = Self.message(m) else { return }
      if (msg.role == .system || msg.role == .developer) && r.messages.isEmpty {
        systemParts.append(msg.text)
      } else {
        r.messages.append(msg)
      }
    }
    if !systemParts.isEmpty { r.system = ContentText.joinedLines(systemParts) }
    if r.messages.isEmpty, let prompts = inputs["prompts"], prompts.isArray {
      let texts = prompts.elements.compactMap(\.string)
      if !texts.isEmpty { r.messages = [ChatMessage(role: .user, text: ContentText.joinedLines(texts))] }
    }
  }

  /// One message: `{role, content}`, a LangChain-serialised message (`{lc, id: […, "HumanMessage"],
  /// kwargs: {content, tool_calls}}`) or `messages_to_dict`'s `{type, data: {content}}`.
  static func message(_ m: JSONValue) -> ChatMessage? {
    guard m.isObject else { return nil }
    let fields = m["kwargs"] ?? m["data"] ?? m
    var roleName = m["role"]?.string ?? fields["role"]?.string ?? m["type"]?.string ?? fields["type"]?.string
    if roleName == nil || roleName == "constructor", let id = m["id"], id.isArray {
      roleName = id.elements.last?.string
    }
    let role: MessageRole
    switch roleName?.lowercased() ?? "user" {
    case "system", "systemmessage", "systemmessagechunk": role = .system
    case "developer": role = .developer
    case "ai", "assistant", "aimessage", "aimessagechunk": role = .assistant
    case "tool", "function", "toolmessage", "functionmessage": role = .tool
    default: role = .user
    }
    var media = 0
    let text = ContentText.extract(fields["content"], mediaParts: &media)
    if role == .tool {
      return ChatMessage(
        role: .tool, toolResults: [ToolResult(toolCallID: fields["tool_call_id"]?.string, text: text)])
    }
    return ChatMessage(role: role, text: text, toolCalls: toolCalls(fields), mediaParts: media)
  }

  /// LangChain's `tool_calls` (`{name, args, id}`), else OpenAI's in `additional_kwargs`.
  static func toolCalls(_ fields: JSONValue) -> [ToolCall] {
    var out: [ToolCall] = []
    fields["tool_calls"]?.forEachElement { c in
      guard let name = c["name"]?.string ?? c["function"]?["name"]?.string else { return }
      let args = c["args"] ?? c["function"]?["arguments"]
      out.append(
        ToolCall(
          id: c["id"]?.string, name: name,
          arguments: args?.isString == true ? (args?.string ?? "") : (args?.rawJSON ?? "")))
    }
    if out.isEmpty, let calls = fields["additional_kwargs"]?["tool_calls"] { out = OpenAIChatBody.toolCalls(calls) }
    return out
  }

  /// The answer: the generation's message (content and tool calls), else its `text`.
  private func readGeneration(_ generation: JSONValue, fields: JSONValue?, into r: inout CallRecord) {
    var media = 0
    if let fields, let content = fields["content"] {
      r.responseText = ContentText.extract(content, mediaParts: &media)
      r.responseToolCalls = Self.toolCalls(fields)
    }
    if r.responseText?.isEmpty ?? true, let text = generation["text"]?.string { r.responseText = text }
  }

  // MARK: - Usage

  /// The run's own counts, else the generation's `usage_metadata`, else `llm_output.token_usage`.
  static func usage(_ root: JSONValue, messageFields: JSONValue?) -> UsageParser.Outcome {
    if root["prompt_tokens"] != nil || root["completion_tokens"] != nil {
      do {
        let prompt = try UsageParser.count(root["prompt_tokens"], "prompt_tokens")
        let completion = try UsageParser.count(root["completion_tokens"], "completion_tokens")
        let details = root["prompt_token_details"]
        let reads = try UsageParser.count(details?["cache_read"], "cache_read")
        let w1h = try UsageParser.count(details?["ephemeral_1h_input_tokens"], "ephemeral_1h_input_tokens")
        var w5 = try UsageParser.count(details?["ephemeral_5m_input_tokens"], "ephemeral_5m_input_tokens")
        if w5 + w1h == 0 { w5 = try UsageParser.count(details?["cache_creation"], "cache_creation") }
        let reasoning = try UsageParser.count(root["completion_token_details"]?["reasoning"], "reasoning")
        let cacheReads = min(reads, prompt)
        let writes1h = min(w1h, prompt - cacheReads)
        return .usage(
          TokenUsage(
            inputTokens: prompt, cacheReadTokens: cacheReads,
            cacheWrite5mTokens: min(w5, prompt - cacheReads - writes1h), cacheWrite1hTokens: writes1h,
            outputTokens: completion, reasoningTokens: min(reasoning, completion)))
      } catch {
        return .invalid(error.message)
      }
    }
    if let u = messageFields?["usage_metadata"], u.isObject { return FlatUsageReader.normalise(u) }
    if let u = root["outputs"]?["llm_output"]?["token_usage"] ?? root["outputs"]?["llm_output"]?["usage"], u.isObject {
      return UsageParser.auto(u)
    }
    return .absent
  }
}
