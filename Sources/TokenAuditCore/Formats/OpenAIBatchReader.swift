/// OpenAI Batch API files: input lines `{custom_id, method, url, body}` (requests, no usage) and
/// output lines `{id, custom_id, response: {status_code, request_id, body}, error}`.
///
/// Each output line is one batch call (`isBatch`, priced at batch rates) read with the Chat
/// Completions or Responses parser by its body's shape. Input lines are context; their request side
/// (messages, system, tools, parameters) is joined to the output with the same `custom_id` within
/// the file, whichever comes first. A failed request (non-2xx, or `error` without a response) gets
/// zero usage: it produced no tokens. `requestID` is the response's `request_id`, `dedupKey` the
/// `custom_id`. Labels: `custom_id`, `batch_request_id`, `endpoint`.
public final class OpenAIBatchReader: LogFormatReader {
  public static let id = "openai-batch"
  public static let displayName = "OpenAI Batch API input/output"
  /// It updates records it emitted earlier in the file (see `LogFormatReader.emitsFinalRecords`).
  public static var emitsFinalRecords: Bool { false }

  public static func matches(_ root: JSONValue, context: FileContext) -> Bool {
    guard root["custom_id"] != nil, root["result"] == nil, root["params"] == nil else { return false }
    return root["body"]?.isObject == true || root["response"] != nil || root["error"] != nil
  }

  /// Request sides by custom id, until their output arrives.
  private var requests: [String: CallRecord] = [:]
  /// Emitted outputs by custom id, until their request arrives.
  private var outputs: [String: Int] = [:]

  public init(context: FileContext) {}

  public func read(_ root: JSONValue, at location: SourceLocation, into sink: inout RecordSink) -> LineOutcome {
    let customID = root["custom_id"]?.scalarText ?? ""
    if let body = root["body"], body.isObject, root["response"] == nil {
      var request = CallRecord(source: location, format: Self.id)
      if let url = root["url"]?.string { request.labels["endpoint"] = url }
      if OpenAIResponsesBody.isRequest(body) {
        OpenAIResponsesBody.readRequest(body, into: &request)
      } else {
        OpenAIChatBody.readRequest(body, into: &request)
      }
      if let index = outputs.removeValue(forKey: customID) {
        Self.join(request, into: &sink.records[index])
      } else {
        requests[customID] = request
      }
      return .context
    }
    var r = CallRecord(source: location, format: Self.id)
    r.isBatch = true
    r.dedupKey = customID
    r.labels["custom_id"] = customID
    if let id = root["id"]?.string { r.labels["batch_request_id"] = id }
    let response = root["response"]
    if let response, response.isObject {
      r.requestID = response["request_id"]?.string
      r.status = response["status_code"]?.int
      if let body = response["body"], body.isObject {
        if OpenAIResponsesBody.isResponse(body) {
          OpenAIResponsesBody.readResponse(body, into: &r, sink: &sink)
        } else {
          OpenAIChatBody.readResponse(body, into: &r, sink: &sink)
        }
        r.timestampMS = Timestamp.milliseconds(body["created"] ?? body["created_at"])
      }
    }
    if let error = root["error"], error.isObject {
      r.errorType = error["code"]?.scalarText ?? error["message"]?.string ?? "error"
    }
    if r.isFailure && r.usage == nil {
      r.usage = TokenUsage()
      r.usageSource = .logged
    }
    if let request = requests.removeValue(forKey: customID) {
      Self.join(request, into: &r)
    } else {
      outputs[customID] = sink.records.count
    }
    r.provider = r.model.flatMap(ProviderGuess.fromModel) ?? "openai"
    sink.emit(r)
    return .records(1)
  }

  /// Copies the request side of a batch input line into its output record.
  static func join(_ request: CallRecord, into r: inout CallRecord) {
    if r.model == nil { r.model = request.model }
    r.system = request.system
    r.systemCacheControl = request.systemCacheControl
    r.messages = request.messages
    r.tools = request.tools
    r.parameters = request.parameters
    r.maxOutputTokens = request.maxOutputTokens
    r.labels.merge(request.labels) { current, _ in current }
  }
}
