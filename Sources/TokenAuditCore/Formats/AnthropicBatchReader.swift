/// Anthropic Message Batches results (`{custom_id, result: {type, message | error}}`) and request
/// lines (`{custom_id, params}`).
///
/// Each result is one batch call (`isBatch`). `succeeded` results carry a Messages response with
/// Anthropic usage (cache writes and reads added to input). `errored`, `canceled` and `expired`
/// results are failed calls with zero usage (they are not billed); `errorType` is the error type or
/// the result type. Request lines are context and their request side is joined by `custom_id`
/// within the file. `requestID` is the message id, `dedupKey` the `custom_id`.
public final class AnthropicBatchReader: LogFormatReader {
  public static let id = "anthropic-batch"
  public static let displayName = "Anthropic Message Batches results"
  /// It updates records it emitted earlier in the file (see `LogFormatReader.emitsFinalRecords`).
  public static var emitsFinalRecords: Bool { false }

  public static func matches(_ root: JSONValue, context: FileContext) -> Bool {
    guard root["custom_id"] != nil else { return false }
    return root["result"]?.isObject == true || root["params"]?.isObject == true
  }

  private var requests: [String: CallRecord] = [:]
  private var results: [String: Int] = [:]

  public init(context: FileContext) {}

  public func read(_ root: JSONValue, at location: SourceLocation, into sink: inout RecordSink) -> LineOutcome {
    let customID = root["custom_id"]?.scalarText ?? ""
    if let params = root["params"], params.isObject, root["result"] == nil {
      var request = CallRecord(source: location, format: Self.id)
      AnthropicMessagesBody.readRequest(params, into: &request)
      if let index = results.removeValue(forKey: customID) {
        OpenAIBatchReader.join(request, into: &sink.records[index])
      } else {
        requests[customID] = request
      }
      return .context
    }
    guard let result = root["result"], result.isObject else { return .context }
    var r = CallRecord(source: location, format: Self.id)
    r.isBatch = true
    r.provider = "anthropic"
    r.dedupKey = customID
    r.labels["custom_id"] = customID
    let type = result["type"]?.string ?? "unknown"
    r.labels["result_type"] = type
    if type == "succeeded", let message = result["message"], message.isObject {
      AnthropicMessagesBody.readResponse(message, into: &r, sink: &sink)
      r.status = 200
    } else {
      // Errored, canceled and expired requests are not billed.
      let error = result["error"]
      r.errorType = error?["error"]?["type"]?.string ?? error?["type"]?.string ?? type
      r.usage = TokenUsage()
      r.usageSource = .logged
    }
    if let request = requests.removeValue(forKey: customID) {
      OpenAIBatchReader.join(request, into: &r)
    } else {
      results[customID] = sink.records.count
    }
    sink.emit(r)
    return .records(1)
  }
}
