/// OpenTelemetry log records in OTLP/JSON (`{"resourceLogs":[{"resource", "scopeLogs":[{"logRecords":
/// [...]}]}]}`), one export request per line (the collector's file exporter) or one document: the
/// events that coding agents and GenAI instrumentations emit for each model call.
///
/// A log record is a call when its event (`event.name` attribute, the record's `eventName`, or a
/// string body) is one of:
/// - Claude Code `claude_code.api_request` (`api_request`): `input_tokens` excludes
///   `cache_read_tokens` and `cache_creation_tokens` (Anthropic's usage; they are added), `model`,
///   `cost_usd`, `duration_ms`, `query_source` (the phase); `claude_code.api_error` is a failed call
///   (`status_code`, `error`);
/// - Gemini CLI `gemini_cli.api_response`: `input_token_count` includes
///   `cached_content_token_count`, `thoughts_token_count` is added to output and
///   `tool_token_count` to input (Gemini's usage), `response_text`; `gemini_cli.api_error` fails;
/// - Codex `codex.sse_event` of kind `response.completed`: `input_token_count` includes
///   `cached_token_count`, `output_token_count` includes `reasoning_token_count` (the Responses API);
/// - the GenAI conventions' `gen_ai.client.inference.operation.details` (the span attributes:
///   `gen_ai.usage.*`, models, messages);
/// - any other record with a model and `gen_ai.usage.*` counts.
///
/// Other events (prompts, tool results, decisions) are context. Time: `timeUnixNano`, else
/// `observedTimeUnixNano`, else `event.timestamp`. Agent: `gen_ai.agent.name`, else the resource's
/// `service.name` (`claude-code`, `gemini-cli`, `codex_cli_rs`). Workflow: the record's `traceId`,
/// else `session.id` / `conversation.id` / `gen_ai.conversation.id`. A record without a request id is
/// keyed by its session (or trace) and its number in it (`event.sequence`), else its time to the
/// nanosecond, so a batch exported twice, or copied into two files, is counted once. Labels: every scalar attribute of the record and its resource.
public final class OTelLogsReader: LogFormatReader {
  public static let id = "otel-logs"
  public static let displayName = "OpenTelemetry log events of model calls (OTLP/JSON)"

  public static func matches(_ root: JSONValue, context: FileContext) -> Bool {
    root["resourceLogs"]?.isArray == true
  }

  public init(context: FileContext) {}

  public func read(_ root: JSONValue, at location: SourceLocation, into sink: inout RecordSink) -> LineOutcome {
    let before = sink.records.count
    var withoutModel: String?
    root["resourceLogs"]?.forEachElement { resourceLogs in
      let resource = OTelSpanContent.attributes(resourceLogs["resource"]?["attributes"])
      let scopes = resourceLogs["scopeLogs"] ?? resourceLogs["instrumentationLibraryLogs"]
      scopes?.forEachElement { scope in
        scope["logRecords"]?.forEachElement { record in
          if let event = readRecord(record, resource: resource, at: location, into: &sink) { withoutModel = event }
        }
      }
    }
    let produced = sink.records.count - before
    if produced == 0, let event = withoutModel { return .skipped(.missingField, "the \(event) event has no model") }
    return produced > 0 ? .records(produced) : .context
  }

  /// How an event's counts are to be read.
  enum Kind {
    case anthropic, gemini, responses, genAI
    case failure
  }

  /// The kind of a record's event (nil: not a call).
  static func kind(event: String, _ a: [String: String]) -> Kind? {
    switch event {
    case "claude_code.api_request":
      return .anthropic
    case "api_request" where a["input_tokens"] != nil || a["output_tokens"] != nil:
      return .anthropic
    case "claude_code.api_error", "api_error", "gemini_cli.api_error", "codex.api_error": return .failure
    case "gemini_cli.api_response": return .gemini
    case "codex.sse_event":
      return a["event.kind"] == "response.completed" || a["input_token_count"] != nil ? .responses : nil
    default:
      let hasUsage = a["gen_ai.usage.input_tokens"] != nil || a["gen_ai.usage.output_tokens"] != nil
      let hasModel = a["gen_ai.request.model"] != nil || a["gen_ai.response.model"] != nil
      if event == "gen_ai.client.inference.operation.details" || (hasUsage && hasModel) { return .genAI }
      return nil
    }
  }

  /// Reads one log record; returns its event name when it is a call without a model (not emitted).
  private func readRecord(
    _ record: JSONValue, resource: [String: String], at location: SourceLocation, into sink: inout RecordSink
  ) -> String? {
    let a = OTelSpanContent.attributes(record["attributes"])
    let body = record["body"]?["stringValue"]?.string
    let event = a["event.name"] ?? record["eventName"]?.string ?? body ?? ""
    guard let kind = Self.kind(event: event, a) else { return nil }
    var r = CallRecord(source: location, format: Self.id)
    r.model = a["model"] ?? a["gen_ai.response.model"] ?? a["gen_ai.request.model"]
    r.provider = FormatSupport.providerFamily(a["gen_ai.provider.name"] ?? a["gen_ai.system"], model: r.model)
    r.timestampMS =
      Timestamp.milliseconds(record["timeUnixNano"]).flatMap { $0 > 0 ? $0 : nil }
      ?? Timestamp.milliseconds(record["observedTimeUnixNano"]).flatMap { $0 > 0 ? $0 : nil }
      ?? a["event.timestamp"].flatMap { Timestamp.parseISO($0) }
    let session = a["session.id"] ?? a["conversation.id"] ?? a["gen_ai.conversation.id"]
    let trace = record["traceId"]?.string ?? ""
    r.traceID = trace.isEmpty ? session : trace
    r.requestID = a["request_id"] ?? a["gen_ai.response.id"] ?? a["response_id"]
    // Without an id, a call is its session (or trace) and its place in it: the event's number, else
    // its time to the nanosecond. The same batch exported twice, or copied into two files, is then
    // counted once.
    if r.requestID == nil, let scope = r.traceID ?? resource["service.instance.id"] {
      if let sequence = a["event.sequence"] {
        r.dedupKey = scope + "#" + sequence
      } else if let time = record["timeUnixNano"]?.scalarText, time != "0" {
        r.dedupKey = scope + "@" + time + "/" + event
      }
    }
    r.agent = a["gen_ai.agent.name"] ?? resource["service.name"]
    r.phase = a["query_source"]
    r.latencyMS = (a["duration_ms"] ?? a["duration"]).flatMap { Double($0) }.flatMap { $0 >= 0 ? $0 : nil }
    r.loggedCostUSD = (a["cost_usd"] ?? a["gen_ai.usage.cost"]).flatMap { Double($0) }.flatMap {
      $0.isFinite && $0 >= 0 ? $0 : nil
    }
    let status = a["status_code"].flatMap { Int($0) }
    if kind == .failure || a["error"].map({ !$0.isEmpty }) == true || (status ?? 200) >= 400 {
      r.errorType = a["error.type"] ?? a["error"] ?? "error"
      r.status = status.flatMap { $0 >= 400 ? $0 : nil } ?? 500
    } else {
      r.status = status ?? 200
    }
    do {
      r.usage = try Self.usage(kind, a)
      if r.usage != nil { r.usageSource = .logged }
    } catch {
      sink.warn(location, .invalidUsage, error.message + "; tokens will be estimated")
    }
    OTelSpanContent.readContent(a, into: &r)
    if r.responseText == nil, let text = a["response_text"], !text.isEmpty { r.responseText = text }
    for (k, v) in resource where v.count <= 200 { r.labels[k] = v }
    for (k, v) in a where v.count <= 200 && !OTelSpanContent.isContent(k) && k != "response_text" {
      r.labels[k] = v
    }
    guard r.model?.isEmpty == false else { return event }
    sink.emit(r)
    return nil
  }

  /// The counts of an event, in its API's semantics (nil without counts).
  static func usage(_ kind: Kind, _ a: [String: String]) throws(UsageParser.UsageError) -> TokenUsage? {
    func count(_ k: String) throws(UsageParser.UsageError) -> Int { try OTelGenAIReader.count(a, k) ?? 0 }
    switch kind {
    case .failure: return nil
    case .genAI: return try OTelGenAIReader.usage(a)
    case .anthropic: return try OTelGenAIReader.claudeCodeUsage(a)
    case .gemini:
      guard a["input_token_count"] != nil || a["output_token_count"] != nil else { return nil }
      let input = try count("input_token_count")
      let thoughts = try count("thoughts_token_count")
      return TokenUsage(
        inputTokens: input + (try count("tool_token_count")),
        cacheReadTokens: min(input, try count("cached_content_token_count")),
        outputTokens: try count("output_token_count") + thoughts, reasoningTokens: thoughts)
    case .responses:
      guard a["input_token_count"] != nil || a["output_token_count"] != nil else { return nil }
      let input = try count("input_token_count")
      let output = try count("output_token_count")
      return TokenUsage(
        inputTokens: input, cacheReadTokens: min(input, try count("cached_token_count")), outputTokens: output,
        reasoningTokens: min(output, try count("reasoning_token_count")))
    }
  }
}
