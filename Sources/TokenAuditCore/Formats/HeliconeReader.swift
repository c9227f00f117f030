/// Helicone request exports: the rows of `POST /v1/request/query-clickhouse`, one JSON object per
/// line, as `@helicone/export` writes them (`request_id`, `request_created_at`, `response_status`,
/// `model`, `provider`, token columns, `request_properties`; with `--include-body`, the provider
/// bodies in `request_body` and `response_body`).
///
/// Usage: the response body's own usage when the row has one (the provider's exact semantics);
/// else Helicone's columns, where `prompt_tokens` counts only the fresh, uncached prompt tokens and
/// `prompt_cache_read_tokens` / `prompt_cache_write_tokens` are apart (Helicone prices each column
/// on its own), so all three are added to make the input. `completion_tokens` includes reasoning.
/// `costUSD` → logged cost.
///
/// Agent, phase and workflow come from custom properties (`Helicone-Property-<Name>` headers,
/// stored as `<Name>`; either spelling, any letter case): `Agent`/`Agent-Name`, `Phase`/`Step`,
/// and the session id (`Helicone-Session-Id`) or a `Trace-Id` property. Every property is also a
/// label `properties.<Name>`, so `--agent-field properties.<Name>` maps any other.
public final class HeliconeReader: LogFormatReader {
  public static let id = "helicone"
  public static let displayName = "Helicone request export"

  public static func matches(_ root: JSONValue, context: FileContext) -> Bool {
    guard root["request_created_at"] != nil, root["request_id"] != nil else { return false }
    return root["response_status"] != nil || root["request_properties"] != nil || root["helicone_user"] != nil
      || root["signed_body_url"] != nil || root["prompt_cache_read_tokens"] != nil
  }

  public init(context: FileContext) {}

  public func read(_ root: JSONValue, at location: SourceLocation, into sink: inout RecordSink) -> LineOutcome {
    var r = CallRecord(source: location, format: Self.id)
    r.requestID = root["request_id"]?.scalarText
    r.model = ["model", "response_model", "request_model", "model_override"].lazy
      .compactMap { root[$0]?.string }.first { !$0.isEmpty && $0.lowercased() != "unknown" }
    guard r.model != nil else { return .skipped(.missingField, "Helicone row without a model") }
    let rawProvider = root["provider"]?.string
    r.provider = FormatSupport.providerFamily(rawProvider, model: r.model)
    if let p = rawProvider, !p.isEmpty { r.labels["helicone_provider"] = p }
    r.timestampMS = Timestamp.milliseconds(root["request_created_at"])
    if r.timestampMS == nil, let v = root["request_created_at"], !v.isNull {
      sink.warn(location, .invalidTimestamp, "request_created_at is not a date or epoch time in the years 2000–2099")
    }
    if let delay = root["delay_ms"]?.double, delay >= 0 {
      r.latencyMS = delay
    } else {
      r.latencyMS = FormatSupport.latency(
        from: r.timestampMS, to: Timestamp.milliseconds(root["response_created_at"]))
    }
    readStatus(root["response_status"], into: &r)
    r.loggedCostUSD = root["costUSD"]?.double
    for (label, key) in [("user", "helicone_user"), ("user_id", "request_user_id"), ("path", "request_path")] {
      if let v = root[key]?.scalarText, !v.isEmpty { r.labels[label] = v }
    }
    readProperties(root, into: &r)
    readBodies(root, into: &r, sink: &sink)
    if r.usage == nil {
      r.usage = Self.columnUsage(root, sink: &sink, at: location)
      if r.usage != nil { r.usageSource = .logged }
    }
    sink.emit(r)
    return .records(1)
  }

  /// Token usage from Helicone's columns, where the prompt excludes the cache reads and writes.
  ///
  /// - Returns: The usage, or nil when no count is logged or a count is invalid (then warned).
  static func columnUsage(_ root: JSONValue, sink: inout RecordSink, at location: SourceLocation) -> TokenUsage? {
    let names = ["prompt_tokens", "completion_tokens", "prompt_cache_read_tokens", "prompt_cache_write_tokens"]
    guard names.contains(where: { root[$0].map { !$0.isNull } ?? false }) else { return nil }
    do {
      let fresh = try UsageParser.count(root["prompt_tokens"], "prompt_tokens")
      let completion = try UsageParser.count(root["completion_tokens"], "completion_tokens")
      let reads = try UsageParser.count(root["prompt_cache_read_tokens"], "prompt_cache_read_tokens")
      let writes = try UsageParser.count(root["prompt_cache_write_tokens"], "prompt_cache_write_tokens")
      return TokenUsage(
        inputTokens: fresh + reads + writes, cacheReadTokens: reads, cacheWrite5mTokens: writes,
        outputTokens: completion)
    } catch {
      sink.warn(location, .invalidUsage, error.message + "; tokens will be estimated")
      return nil
    }
  }

  // HTTP status; Helicone writes a negative or zero status for requests that never got an answer
  // (timeouts, cancelled streams).
  private func readStatus(_ v: JSONValue?, into r: inout CallRecord) {
    guard let code = v?.int else { return }
    if (100...599).contains(code) {
      r.status = code
    } else {
      r.errorType = "no response (Helicone status \(code))"
    }
  }

  private func readProperties(_ root: JSONValue, into r: inout CallRecord) {
    for key in ["properties", "request_properties"] {
      FormatSupport.withDecoded(root[key]) { object in
        object?.forEachMember { k, v in
          guard var name = k.string, let value = v.scalarText, !value.isEmpty else { return }
          if name.lowercased().hasPrefix("helicone-property-") { name.removeFirst("helicone-property-".count) }
          r.labels["properties." + name] = value
        }
      }
    }
    func property(_ names: [String]) -> String? {
      FormatSupport.label(r.labels, prefix: "properties.", named: names)
    }
    r.agent = property(FormatSupport.agentLabelNames)
    r.phase = property(FormatSupport.phaseLabelNames)
    r.traceID = property(FormatSupport.traceLabelNames)
    if let name = property(["helicone-session-name"]) { r.labels["session_name"] = name }
    if let path = property(["helicone-session-path"]) { r.labels["session_path"] = path }
  }

  // The provider bodies, when the export included them (objects, or JSON text).
  private func readBodies(_ root: JSONValue, into r: inout CallRecord, sink: inout RecordSink) {
    FormatSupport.withDecoded(root["request_body"]) { request in
      FormatSupport.withDecoded(root["response_body"]) { response in
        let request = request.flatMap { $0.isObject ? $0 : nil }
        let response = response.flatMap { $0.isObject ? $0 : nil }
        guard request != nil || response != nil else { return }
        // A failed call's body is an error object, whose absent usage is no warning.
        var quiet = RecordSink()
        let provider = r.provider ?? "openai"
        NativeEnvelopeReader.readBodies(
          request: request, response: response, provider: provider, into: &r, sink: &quiet)
        if r.usage != nil { r.usageSource = .logged }
      }
    }
  }
}
