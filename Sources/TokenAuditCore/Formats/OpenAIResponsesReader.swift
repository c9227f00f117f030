/// Bare OpenAI Responses API objects, one per line (`{"object":"response", "output":[...],
/// "usage":{...}}`), and logged Responses stream events (`{"type":"response.completed",
/// "response":{...}}`; other `response.*` events are context).
///
/// Usage: `input_tokens` includes `input_tokens_details.cached_tokens`, `output_tokens` includes
/// `output_tokens_details.reasoning_tokens` (see `UsageParser.openAIResponses`). Instructions and
/// tools echoed by the response fill the request side. Agent and phase come from `metadata.agent` and
/// `metadata.phase` when set; every `metadata` member is a `metadata.<key>` label.
public final class OpenAIResponsesReader: LogFormatReader {
  public static let id = "openai-responses"
  public static let displayName = "OpenAI Responses API objects and events"

  public static func matches(_ root: JSONValue, context: FileContext) -> Bool {
    if root["object"]?.stringEquals("response") == true { return root["output"] != nil || root["usage"] != nil }
    guard let type = root["type"]?.string, type.hasPrefix("response.") else { return false }
    return root["response"]?.isObject == true || root["sequence_number"] != nil || root["item_id"] != nil
      || root["output_index"] != nil || root["item"] != nil
  }

  public init(context: FileContext) {}

  public func read(_ root: JSONValue, at location: SourceLocation, into sink: inout RecordSink) -> LineOutcome {
    let response: JSONValue
    var streamed = false
    if let type = root["type"]?.string, type.hasPrefix("response.") {
      guard ["response.completed", "response.incomplete", "response.failed"].contains(type),
        let inner = root["response"], inner.isObject
      else { return .context }
      response = inner
      streamed = true
    } else {
      response = root
    }
    var r = CallRecord(source: location, format: Self.id)
    r.streamed = streamed
    OpenAIResponsesBody.readResponse(response, into: &r, sink: &sink)
    r.timestampMS = Timestamp.milliseconds(response["created_at"])
    r.latencyMS = FormatSupport.latency(from: r.timestampMS, to: Timestamp.milliseconds(response["completed_at"]))
    r.provider = r.model.flatMap(ProviderGuess.fromModel) ?? "openai"
    r.status = r.errorType == nil ? 200 : nil
    if let metadata = response["metadata"], metadata.isObject {
      FormatSupport.flatten(metadata, prefix: "metadata", depth: 1, into: &r.labels)
      r.agent = metadata["agent"]?.string
      r.phase = metadata["phase"]?.string
      r.traceID = metadata["trace_id"]?.string ?? metadata["session_id"]?.string
    }
    if let user = response["user"]?.string ?? response["safety_identifier"]?.string { r.labels["user"] = user }
    guard r.model != nil else { return .skipped(.missingField, "response object has no model") }
    sink.emit(r)
    return .records(1)
  }
}
