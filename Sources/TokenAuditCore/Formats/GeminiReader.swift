/// Bare Gemini `generateContent` responses, one per line (`{"candidates":[...],
/// "usageMetadata":{...}, "modelVersion", "responseId"}`), as saved by SDK users and Vertex AI
/// response logs.
///
/// Usage (see `UsageParser.gemini`): `promptTokenCount` includes `cachedContentTokenCount`;
/// `thoughtsTokenCount` is outside `candidatesTokenCount` and is added to output;
/// `toolUsePromptTokenCount` is added to input. Request and response pairs, and streams, come
/// through the native envelope instead.
public final class GeminiReader: LogFormatReader {
  public static let id = "gemini"
  public static let displayName = "Gemini generateContent responses"

  public static func matches(_ root: JSONValue, context: FileContext) -> Bool {
    guard root["usageMetadata"]?.isObject == true || root["candidates"]?.isArray == true else { return false }
    // Usage alone (with the model under a name of the logger's) is a flat usage record.
    return root["modelVersion"] != nil || root["responseId"] != nil || root["candidates"] != nil
  }

  public init(context: FileContext) {}

  public func read(_ root: JSONValue, at location: SourceLocation, into sink: inout RecordSink) -> LineOutcome {
    var r = CallRecord(source: location, format: Self.id)
    GeminiBody.readResponse(root, into: &r, sink: &sink)
    r.timestampMS = Timestamp.milliseconds(root["createTime"] ?? root["timestamp"])
    r.provider = "gemini"
    r.status = r.errorType == nil ? 200 : nil
    guard r.model != nil else { return .skipped(.missingField, "response has no modelVersion") }
    sink.emit(r)
    return .records(1)
  }
}
