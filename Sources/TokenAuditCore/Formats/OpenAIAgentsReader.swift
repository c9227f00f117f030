/// OpenAI Agents SDK traces, as a tracing processor exports them: one JSON object per span
/// (`{"object": "trace.span", "id", "trace_id", "parent_id", "started_at", "ended_at",
/// "span_data": {"type", …}, "error"}`) and per trace (`{"object": "trace", "id", "workflow_name",
/// "group_id", "metadata"}`).
///
/// - A `generation` span is a call: `span_data.model`, `span_data.usage` (Responses names,
///   `input_tokens` with `input_tokens_details.cached_tokens` inside; or Chat Completions names),
///   `input` (Chat Completions messages), `output` (the answer's messages), `model_config`
///   (`max_tokens`). A `response` span is a call when a processor added `usage` and a model to it;
///   the SDK's own export keeps only the response id, and such a span is reported as a call whose
///   usage the export left out.
/// - `agent`, `function`, `handoff`, `guardrail`, `custom`, `task`, `turn` and `mcp_tools` spans and
///   trace objects are context.
/// - Agent: the `name` of the nearest `agent` span above the call (resolved at the end of the file,
///   since a parent span ends, and is exported, after its children); workflow: `trace_id`; the
///   trace's `workflow_name` and `group_id` become labels.
public final class OpenAIAgentsReader: LogFormatReader {
  public static let id = "openai-agents"
  public static let displayName = "OpenAI Agents SDK trace spans"
  /// It names records' agents at the end of the file (see `LogFormatReader.emitsFinalRecords`).
  public static var emitsFinalRecords: Bool { false }

  public static func matches(_ root: JSONValue, context: FileContext) -> Bool {
    guard let object = root["object"] else { return false }
    if object.stringEquals("trace.span") { return root["span_data"]?.isObject == true }
    return object.stringEquals("trace") && (root["workflow_name"] != nil || root["id"] != nil)
  }

  private var spans = SpanAgents()
  private var workflows: [String: (name: String?, group: String?)] = [:]
  private var pending: [(span: String, trace: String, index: Int)] = []

  public init(context: FileContext) {}

  public func read(_ root: JSONValue, at location: SourceLocation, into sink: inout RecordSink) -> LineOutcome {
    if root["object"]?.stringEquals("trace") == true {
      if let id = root["id"]?.string ?? root["trace_id"]?.string {
        workflows[id] = (root["workflow_name"]?.string, root["group_id"]?.string)
      }
      return .context
    }
    guard let data = root["span_data"] else { return .context }
    let type = data["type"]?.string ?? ""
    let spanID = (root["id"] ?? root["span_id"])?.string ?? ""
    let traceID = root["trace_id"]?.string ?? ""
    let parent = root["parent_id"]?.string
    spans.add(spanID, parent: parent, agent: type == "agent" ? data["name"]?.string : nil)
    guard type == "generation" || (type == "response" && (data["usage"]?.isObject == true || data["model"] != nil))
    else {
      if type == "response" {
        return .skipped(
          .missingField, "a response span without usage or model (the SDK's own export keeps only the response id)")
      }
      return .context
    }
    var r = CallRecord(source: location, format: Self.id)
    r.model = data["model"]?.string ?? data["response"]?["model"]?.string
    guard let model = r.model, !model.isEmpty else { return .skipped(.missingField, "a \(type) span without a model") }
    r.provider = FormatSupport.providerFamily(nil, model: model)
    r.requestID = data["response_id"]?.string ?? (spanID.isEmpty ? nil : spanID)
    if data["response_id"] == nil { r.dedupKey = traceID }
    r.traceID = traceID.isEmpty ? nil : traceID
    r.timestampMS = Timestamp.milliseconds(root["started_at"])
    r.latencyMS = FormatSupport.latency(from: r.timestampMS, to: Timestamp.milliseconds(root["ended_at"]))
    if let error = root["error"], error.isObject {
      r.errorType = error["message"]?.string ?? "error"
      r.status = 500
    } else {
      r.status = 200
    }
    if let u = data["usage"], u.isObject {
      switch FlatUsageReader.normalise(u) {
      case .usage(let usage):
        r.usage = usage
        r.usageSource = .logged
      case .absent: break
      case .invalid(let why): sink.warn(location, .invalidUsage, why + "; tokens will be estimated")
      }
    }
    if data["input"]?.isArray == true { OpenAIChatBody.readMessages(data["input"], into: &r) }
    readOutput(data["output"], into: &r)
    if let config = data["model_config"], config.isObject {
      r.maxOutputTokens = (config["max_tokens"] ?? config["max_output_tokens"])?.int
    }
    pending.append((spanID, traceID, sink.records.count))
    sink.emit(r)
    return .records(1)
  }

  /// The answer's messages: text, tool calls and the finish reason.
  private func readOutput(_ output: JSONValue?, into r: inout CallRecord) {
    guard let output else { return }
    var texts: [String] = []
    output.forEachElement { m in
      var media = 0
      let text = ContentText.extract(m["content"], mediaParts: &media)
      if !text.isEmpty { texts.append(text) }
      r.responseToolCalls += OpenAIChatBody.toolCalls(m["tool_calls"])
      if let reason = m["finish_reason"]?.string { r.finishReason = ContentText.finishReason(reason) }
    }
    if !texts.isEmpty { r.responseText = ContentText.joinedLines(texts) }
    if r.finishReason == nil { r.finishReason = r.responseToolCalls.isEmpty ? nil : "tool_calls" }
  }

  /// Names each call's agent after its nearest agent span, and labels it with its trace's workflow.
  public func finish(into sink: inout RecordSink) {
    for (span, trace, index) in pending {
      if let agent = spans.nearestAgent(above: span) { sink.records[index].agent = agent }
      if let workflow = workflows[trace] {
        if let name = workflow.name { sink.records[index].labels["workflow_name"] = name }
        if let group = workflow.group { sink.records[index].labels["group_id"] = group }
      }
    }
  }
}
