/// Amazon Bedrock model invocation logs: the `ModelInvocationLog` records Bedrock writes to S3
/// (gzip JSON, one record per line) and CloudWatch Logs when model invocation logging is on.
///
/// `{schemaType, timestamp, requestId, operation, modelId, identity, region, requestMetadata,
/// input: {inputBodyJson, inputTokenCount, cacheReadInputTokenCount, cacheWriteInputTokenCount},
/// output: {outputBodyJson, outputTokenCount}}`. The bodies are the model's native API (Anthropic
/// Messages for Claude through `InvokeModel`, Converse for `Converse`, event arrays for the
/// streaming operations) and may be JSON text.
///
/// Usage: the output body's own usage when it has one (exact, with cache reads and writes);
/// else the record's counts, where `inputTokenCount` excludes the cache reads and writes (they
/// are added). `modelId` may be an ARN: a foundation model or inference profile ARN is reduced to
/// its model id; an application inference profile names no model, so the body's model is used.
///
/// Agent, phase and workflow come from `requestMetadata` (what callers pass as request metadata):
/// `agent`/`agent_name`/`agent_id`, `phase`/`step`, `trace_id`/`session_id`/`workflow_id`.
public final class BedrockInvocationReader: LogFormatReader {
  public static let id = "bedrock-invocation"
  public static let displayName = "Amazon Bedrock model invocation log"

  public static func matches(_ root: JSONValue, context: FileContext) -> Bool {
    if let schema = root["schemaType"] { return schema.stringEquals("ModelInvocationLog") }
    guard root["modelId"] != nil, root["operation"] != nil else { return false }
    return root["input"]?.isObject == true || root["output"]?.isObject == true
  }

  public init(context: FileContext) {}

  public func read(_ root: JSONValue, at location: SourceLocation, into sink: inout RecordSink) -> LineOutcome {
    var r = CallRecord(source: location, format: Self.id)
    r.requestID = root["requestId"]?.scalarText
    r.provider = "bedrock"
    r.timestampMS = Timestamp.milliseconds(root["timestamp"])
    if r.timestampMS == nil, let v = root["timestamp"], !v.isNull {
      sink.warn(location, .invalidTimestamp, "timestamp is not a date or epoch time in the years 2000–2099")
    }
    let (model, profile) = Self.modelID(root["modelId"]?.string)
    let operation = root["operation"]?.string ?? ""
    r.streamed = operation.hasSuffix("Stream")
    for (label, key) in [("operation", "operation"), ("region", "region"), ("account", "accountId")] {
      if let v = root[key]?.scalarText, !v.isEmpty { r.labels[label] = v }
    }
    if let arn = root["identity"]?["arn"]?.string, !arn.isEmpty { r.labels["identity"] = arn }
    if let profile { r.labels["inference_profile"] = profile }
    if let error = root["errorCode"]?.scalarText ?? root["error"]?["code"]?.scalarText, !error.isEmpty {
      r.errorType = error
    }
    let input = root["input"]
    let output = root["output"]
    FormatSupport.withDecoded(input?["inputBodyJson"]) { request in
      FormatSupport.withDecoded(output?["outputBodyJson"]) { response in
        readBodies(request: request, response: response, operation: operation, into: &r, sink: &sink)
      }
    }
    // The logged model id names what was billed. An application inference profile names none:
    // the body's model, else the profile itself (listed as unpriced, so `--prices` can price it).
    if let model {
      r.model = model
    } else if r.model == nil || r.model?.isEmpty == true {
      r.model = profile
    }
    if r.usage == nil {
      r.usage = Self.countUsage(input: input, output: output, sink: &sink, at: location)
      if r.usage != nil { r.usageSource = .logged }
    }
    if r.status == nil { r.status = r.errorType == nil ? 200 : nil }
    guard let name = r.model, !name.isEmpty else {
      return .skipped(.missingField, "no modelId, and no model in the bodies")
    }
    FormatSupport.flatten(root["requestMetadata"], prefix: "requestMetadata", depth: 2, into: &r.labels)
    attribute(into: &r)
    sink.emit(r)
    return .records(1)
  }

  /// The model id of a `modelId`, and the inference profile it was called through.
  ///
  /// - Parameter raw: A model id, or a foundation model, inference profile or application
  ///   inference profile ARN.
  /// - Returns: The model id (nil for an application inference profile, which names none) and the
  ///   profile id when the call went through one.
  static func modelID(_ raw: String?) -> (model: String?, profile: String?) {
    guard let raw, !raw.isEmpty else { return (nil, nil) }
    guard raw.hasPrefix("arn:"), let slash = raw.firstIndex(of: "/") else { return (raw, nil) }
    let resource = raw[raw.index(after: slash)...]
    let kind = raw[..<slash].split(separator: ":").last ?? ""
    switch kind {
    case "foundation-model", "provisioned-model", "custom-model": return (String(resource), nil)
    case "inference-profile": return (String(resource), String(resource))
    default: return (nil, "\(kind)/\(resource)")  // `application-inference-profile/<id>`
    }
  }

  /// Usage from the record's counts, where the input excludes the cache reads and writes.
  static func countUsage(
    input: JSONValue?, output: JSONValue?, sink: inout RecordSink, at location: SourceLocation
  ) -> TokenUsage? {
    guard input?["inputTokenCount"] != nil || output?["outputTokenCount"] != nil else { return nil }
    do {
      let fresh = try UsageParser.count(input?["inputTokenCount"], "inputTokenCount")
      let reads = try UsageParser.count(input?["cacheReadInputTokenCount"], "cacheReadInputTokenCount")
      let writes = try UsageParser.count(input?["cacheWriteInputTokenCount"], "cacheWriteInputTokenCount")
      let out = try UsageParser.count(output?["outputTokenCount"], "outputTokenCount")
      return TokenUsage(
        inputTokens: fresh + reads + writes, cacheReadTokens: reads, cacheWrite5mTokens: writes, outputTokens: out)
    } catch {
      sink.warn(location, .invalidUsage, error.message + "; tokens will be estimated")
      return nil
    }
  }

  private func readBodies(
    request: JSONValue?, response: JSONValue?, operation: String, into r: inout CallRecord,
    sink: inout RecordSink
  ) {
    let request = request.flatMap { $0.isObject ? $0 : nil }
    let response = response.flatMap { $0.isObject || $0.isArray ? $0 : nil }
    // A body whose usage is unreadable falls back to the record's counts, so no warning here.
    var quiet = RecordSink()
    if operation.hasPrefix("Converse") || ConverseBody.isRequest(request) || ConverseBody.isResponse(response) {
      if let request { ConverseBody.readRequest(request, into: &r) }
      if let response { ConverseBody.readResponse(response, into: &r, sink: &quiet) }
    } else if let response, response.isArray {
      if let request {
        NativeEnvelopeReader.readBodies(request: request, response: nil, provider: "anthropic", into: &r, sink: &quiet)
      }
      if StreamedResponse.isStream(response) { StreamedResponse.read(response, into: &r, sink: &quiet) }
    } else {
      let provider = NativeEnvelopeReader.isAnthropicMessages(request, response) ? "anthropic" : "openai"
      NativeEnvelopeReader.readBodies(request: request, response: response, provider: provider, into: &r, sink: &quiet)
    }
    // Other model families' InvokeModel bodies (Llama, Titan, Cohere, Mistral): prompt and text.
    if r.messages.isEmpty, r.system == nil, let request,
      let prompt = ["prompt", "inputText", "message"].lazy.compactMap({ request[$0]?.string }).first
    {
      r.messages.append(ChatMessage(role: .user, text: prompt))
    }
    if r.responseText == nil, let response, response.isObject {
      let first =
        response["results"]?.element(at: 0) ?? response["generations"]?.element(at: 0)
        ?? response["outputs"]?.element(at: 0)
      r.responseText =
        ["generation", "outputText", "completion", "text"].lazy
        .compactMap { response[$0]?.string ?? first?[$0]?.string }.first
    }
  }

  private func attribute(into r: inout CallRecord) {
    r.agent = FormatSupport.label(r.labels, prefix: "requestMetadata.", named: FormatSupport.agentLabelNames)
    r.phase = FormatSupport.label(r.labels, prefix: "requestMetadata.", named: FormatSupport.phaseLabelNames)
    r.traceID = FormatSupport.label(r.labels, prefix: "requestMetadata.", named: FormatSupport.traceLabelNames)
  }
}
