/// OpenTelemetry GenAI spans in OTLP/JSON (`{"resourceSpans":[{"resource", "scopeSpans":[{"spans":[...]}]}]}`),
/// one export request per line (the collector's file exporter) or one pretty-printed document.
///
/// Only inference spans are calls: `gen_ai.operation.name` `chat`, `text_completion`,
/// `generate_content`, `embeddings` (or, without an operation name, a span with a model and usage
/// that is not an agent span). `invoke_agent`, `create_agent` and `execute_tool` spans are not
/// counted: they may repeat the usage of their children.
///
/// Usage attributes (semantic conventions for GenAI spans): `gen_ai.usage.input_tokens` and
/// `gen_ai.usage.output_tokens` (older `gen_ai.usage.prompt_tokens`/`completion_tokens`);
/// `gen_ai.usage.cache_read.input_tokens` and `gen_ai.usage.cache_creation.input_tokens` ("SHOULD be
/// included in `gen_ai.usage.input_tokens`"; the older `…cache_read_input_tokens` spellings too; when
/// they exceed the input count the instrumentation reported them apart and they are added);
/// `gen_ai.usage.reasoning.output_tokens` (part of output).
///
/// Agent: `gen_ai.agent.name` of the span or its nearest ancestor in the same trace (resolved at
/// the end of the file), else the resource's `service.name`. Workflow: `traceId`. Model:
/// `gen_ai.response.model`, else `gen_ai.request.model`. Labels: every scalar span and resource
/// attribute under its own key (`gen_ai.conversation.id`, `service.name`…).
///
/// OpenInference spans (Arize Phoenix and the instrumentations that follow its conventions) are
/// read too: `openinference.span.kind` `LLM` (or `EMBEDDING` with token counts) is a call;
/// `llm.token_count.prompt` / `.completion` / `.total`, `…prompt_details.cache_read` /
/// `.cache_write`, `…completion_details.reasoning`; `llm.model_name` (`llm.response.model_name`
/// first), `llm.system` / `llm.provider`, `agent.name`, `llm.cost.total`; messages from the indexed
/// `llm.input_messages.<n>.message.*` and `llm.output_messages.<n>.message.*`, tools from
/// `llm.tools.<n>.tool.json_schema`, `max_tokens` from `llm.invocation_parameters`.
///
/// Whether the prompt count includes cache reads and writes differs between instrumentations
/// (the conventions say it does; some report Anthropic's uncached `input_tokens`). The total
/// decides when it is logged: prompt + completion = total means included, prompt + cache reads +
/// writes + completion = total means apart (and they are added). Without a total, cache counts
/// larger than the prompt count are taken as apart.
public final class OTelGenAIReader: LogFormatReader {
  public static let id = "otel-genai"
  public static let displayName = "OpenTelemetry GenAI spans (OTLP/JSON)"
  /// It updates records it emitted earlier in the file (see `LogFormatReader.emitsFinalRecords`).
  public static var emitsFinalRecords: Bool { false }

  static let inferenceOperations: Set<String> = [
    "chat", "text_completion", "generate_content", "embeddings", "completion", "responses",
  ]

  public static func matches(_ root: JSONValue, context: FileContext) -> Bool {
    root["resourceSpans"]?.isArray == true
  }

  private var spans = SpanAgents()
  /// Span key → record index, for records whose agent is resolved at the end.
  private var pending: [(key: String, index: Int, service: String?)] = []

  public init(context: FileContext) {}

  public func read(_ root: JSONValue, at location: SourceLocation, into sink: inout RecordSink) -> LineOutcome {
    let before = sink.records.count
    root["resourceSpans"]?.forEachElement { resourceSpans in
      let resource = OTelSpanContent.attributes(resourceSpans["resource"]?["attributes"])
      let scopes = resourceSpans["scopeSpans"] ?? resourceSpans["instrumentationLibrarySpans"]
      scopes?.forEachElement { scope in
        scope["spans"]?.forEachElement { span in
          readSpan(span, resource: resource, at: location, into: &sink)
        }
      }
    }
    let produced = sink.records.count - before
    return produced > 0 ? .records(produced) : .context
  }

  private func readSpan(
    _ span: JSONValue, resource: [String: String], at location: SourceLocation, into sink: inout RecordSink
  ) {
    let attrs = OTelSpanContent.attributes(span["attributes"])
    let traceID = span["traceId"]?.string ?? ""
    let spanID = span["spanId"]?.string ?? ""
    let key = traceID + "/" + spanID
    let parentID = span["parentSpanId"]?.string ?? ""
    spans.add(
      key, parent: parentID.isEmpty ? nil : traceID + "/" + parentID,
      agent: attrs["gen_ai.agent.name"] ?? attrs["agent.name"])
    let spanName = span["name"]?.string ?? ""
    let claudeCode = Self.isClaudeCodeRequest(spanName, attrs)
    guard claudeCode || Self.isInference(attrs) else { return }

    var r = CallRecord(source: location, format: Self.id)
    r.traceID = traceID.isEmpty ? nil : traceID
    if let responseID = attrs["gen_ai.response.id"] ?? attrs["anthropic.request.id"] ?? attrs["request_id"],
      !responseID.isEmpty
    {
      r.requestID = responseID
    } else {
      r.requestID = spanID
      r.dedupKey = traceID
    }
    r.model =
      attrs["gen_ai.response.model"] ?? attrs["gen_ai.request.model"] ?? attrs["llm.response.model_name"]
      ?? attrs["llm.model_name"] ?? attrs["llm.request.model_name"] ?? attrs["embedding.model_name"]
      ?? (claudeCode ? attrs["model"] : nil)
    r.provider = FormatSupport.providerFamily(
      attrs["gen_ai.provider.name"] ?? attrs["gen_ai.system"] ?? attrs["llm.system"] ?? attrs["llm.provider"],
      model: r.model)
    r.agent = attrs["gen_ai.agent.name"] ?? attrs["agent.name"]
    r.timestampMS = Timestamp.milliseconds(span["startTimeUnixNano"])
    r.latencyMS = FormatSupport.latency(from: r.timestampMS, to: Timestamp.milliseconds(span["endTimeUnixNano"]))
    let statusCode = span["status"]?["code"]
    if statusCode?.int == 2 || statusCode?.stringEquals("STATUS_CODE_ERROR") == true {
      r.errorType = attrs["error.type"] ?? span["status"]?["message"]?.string ?? "error"
    } else {
      r.status = 200
    }
    r.maxOutputTokens = attrs["gen_ai.request.max_tokens"].flatMap { Int($0) }
    r.loggedCostUSD = (attrs["gen_ai.usage.cost"] ?? attrs["llm.cost.total"]).flatMap { Double($0) }.flatMap {
      $0.isFinite && $0 >= 0 ? $0 : nil
    }
    do {
      let logged = try Self.usage(attrs)
      r.usage = logged == nil && claudeCode ? try Self.claudeCodeUsage(attrs) : logged
      if r.usage != nil { r.usageSource = .logged }
    } catch {
      sink.warn(location, .invalidUsage, error.message + "; tokens will be estimated")
    }
    OTelSpanContent.readContent(attrs, into: &r)
    if OTelVercelAI.operation(attrs) != nil { OTelVercelAI.read(attrs, into: &r) }
    if OTelADK.isModelCall(attrs) { OTelADK.read(attrs, into: &r, sink: &sink) }
    if r.provider == nil || r.provider?.isEmpty == true {
      r.provider = FormatSupport.providerFamily(nil, model: r.model)
    }
    for (k, v) in resource where v.count <= 200 { r.labels[k] = v }
    for (k, v) in attrs where v.count <= 200 && !OTelSpanContent.isContent(k) && !OTelVercelAI.isContent(k) {
      r.labels[k] = v
    }
    pending.append((key, sink.records.count, resource["service.name"]))
    sink.emit(r)
  }

  /// Claude Code's own trace of a model request (`claude_code.llm_request`), whose counts are flat
  /// attributes in Anthropic's semantics (`input_tokens` without `cache_read_tokens` and
  /// `cache_creation_tokens`).
  static func isClaudeCodeRequest(_ name: String, _ attrs: [String: String]) -> Bool {
    name == "claude_code.llm_request"
      || (name.hasPrefix("claude_code.") && (attrs["input_tokens"] != nil || attrs["output_tokens"] != nil))
  }

  /// The counts of a Claude Code request span or `api_request` log event (nil without them).
  static func claudeCodeUsage(_ a: [String: String]) throws(UsageParser.UsageError) -> TokenUsage? {
    guard a["input_tokens"] != nil || a["output_tokens"] != nil else { return nil }
    let reads = try count(a, "cache_read_tokens") ?? 0
    let writes = try count(a, "cache_creation_tokens") ?? 0
    return TokenUsage(
      inputTokens: (try count(a, "input_tokens") ?? 0) + reads + writes, cacheReadTokens: reads,
      cacheWrite5mTokens: writes, outputTokens: try count(a, "output_tokens") ?? 0)
  }

  static func isInference(_ attrs: [String: String]) -> Bool {
    // The Vercel AI SDK: its provider-call spans, not the function spans that sum them.
    if let call = OTelVercelAI.isProviderCall(attrs) { return call }
    if let op = attrs["gen_ai.operation.name"] { return inferenceOperations.contains(op) }
    // Google ADK's model call, with the answer (and its usage) as JSON text.
    if OTelADK.isModelCall(attrs) { return true }
    if let type = attrs["llm.request.type"] { return ["chat", "completion", "embedding"].contains(type) }
    // OpenInference: an LLM span is a call; chain, agent, tool and retriever spans are not.
    if let kind = attrs["openinference.span.kind"]?.uppercased() {
      return kind == "LLM" || (kind == "EMBEDDING" && attrs["llm.token_count.prompt"] != nil)
    }
    let hasUsage =
      attrs["gen_ai.usage.input_tokens"] != nil || attrs["gen_ai.usage.prompt_tokens"] != nil
      || attrs["gen_ai.usage.output_tokens"] != nil || attrs["gen_ai.usage.completion_tokens"] != nil
    let hasModel = attrs["gen_ai.request.model"] != nil || attrs["gen_ai.response.model"] != nil
    return hasUsage && hasModel && attrs["gen_ai.agent.name"] == nil
  }

  /// A count attribute (nil when absent; an error when not a plausible whole number).
  static func count(_ a: [String: String], _ k: String) throws(UsageParser.UsageError) -> Int? {
    guard let text = a[k] else { return nil }
    guard let n = Int(text) ?? Double(text).flatMap({ $0.rounded() == $0 && abs($0) < 9e15 ? Int($0) : nil })
    else { throw UsageParser.UsageError(message: "\(k) is not a whole number: \(text.prefix(40))") }
    if n < 0 { throw UsageParser.UsageError(message: "\(k) is negative (\(n))") }
    if n > UsageParser.maxPlausibleTokens {
      throw UsageParser.UsageError(message: "\(k) is implausibly large (\(n))")
    }
    return n
  }

  static func usage(_ a: [String: String]) throws(UsageParser.UsageError) -> TokenUsage? {
    func count(_ keys: String...) throws(UsageParser.UsageError) -> Int? {
      for k in keys { if let n = try Self.count(a, k) { return n } }
      return nil
    }
    // The Vercel AI SDK's own counts say more about the cache than the `gen_ai` copies it adds.
    if OTelVercelAI.operation(a) != nil,
      let u = try OTelVercelAI.usage(
        a,
        count: { (k: String) throws(UsageParser.UsageError) -> Int? in
          try Self.count(a, k)
        })
    {
      return u
    }
    let inputValue = try count("gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "llm.token_count.prompt")
    let outputValue = try count(
      "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens", "llm.token_count.completion")
    guard inputValue != nil || outputValue != nil else { return nil }
    var input = inputValue ?? 0
    let output = outputValue ?? 0
    let reads =
      try count(
        "gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_read_input_tokens",
        "gen_ai.usage.cache_read_tokens", "llm.token_count.prompt_details.cache_read") ?? 0
    let writes =
      try count(
        "gen_ai.usage.cache_creation.input_tokens", "gen_ai.usage.cache_creation_input_tokens",
        "gen_ai.usage.cache_write_input_tokens", "gen_ai.usage.cache_write_tokens",
        "llm.token_count.prompt_details.cache_write") ?? 0
    let reasoning =
      try count(
        "gen_ai.usage.reasoning.output_tokens", "gen_ai.usage.reasoning_tokens",
        "llm.token_count.completion_details.reasoning") ?? 0
    let total = try count("gen_ai.usage.total_tokens", "llm.token_count.total")
    input = UsageParser.inputIncludingCache(input: input, output: output, reads: reads, writes: writes, total: total)
    return TokenUsage(
      inputTokens: input, cacheReadTokens: reads, cacheWrite5mTokens: writes, outputTokens: output,
      reasoningTokens: min(reasoning, output))
  }

  /// Gives records without an agent the `gen_ai.agent.name` of their nearest ancestor span, else the
  /// service name.
  public func finish(into sink: inout RecordSink) {
    for (key, index, service) in pending where sink.records[index].agent == nil {
      sink.records[index].agent = spans.nearestAgent(above: key) ?? service
    }
  }
}
