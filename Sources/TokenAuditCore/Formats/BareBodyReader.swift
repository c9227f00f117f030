/// Bare API bodies, one per line, as many teams log them: an OpenAI Chat Completions response
/// (`"object": "chat.completion"`), an Anthropic Messages response (`"type": "message"` with
/// `usage`), or a request body on its own (`model` with `messages`, `input` or `contents` and no
/// usage), which is counted as a line without a billed call.
///
/// Such lines carry no agent or phase: agents are inferred from the system prompt when a request
/// is present, or come from `--agent-field`. The response `created` time (epoch seconds) is used
/// as the timestamp when nothing else is logged.
public final class BareBodyReader: LogFormatReader {
  public static let id = "bare-body"
  public static let displayName = "Bare OpenAI Chat or Anthropic Messages bodies"

  public static func matches(_ root: JSONValue, context: FileContext) -> Bool {
    if root["request"] != nil || root["response"] != nil { return false }
    if let object = root["object"], object.stringEquals("chat.completion") { return true }
    if let type = root["type"], type.stringEquals("message"), root["usage"]?.isObject == true { return true }
    return isRequestOnly(root)
  }

  static func isRequestOnly(_ root: JSONValue) -> Bool {
    guard root["model"]?.isString == true, root["usage"] == nil, root["choices"] == nil else { return false }
    return root["messages"]?.isArray == true || root["input"] != nil || root["contents"]?.isArray == true
  }

  public init(context: FileContext) {}

  public func read(_ root: JSONValue, at location: SourceLocation, into sink: inout RecordSink) -> LineOutcome {
    if Self.isRequestOnly(root) { return .context }
    var r = CallRecord(source: location, format: Self.id)
    if root["object"]?.stringEquals("chat.completion") == true {
      r.provider = ProviderGuess.fromModel(root["model"]?.string ?? "") ?? "openai"
      OpenAIChatBody.readResponse(root, into: &r, sink: &sink)
    } else {
      r.provider = "anthropic"
      AnthropicMessagesBody.readResponse(root, into: &r, sink: &sink)
    }
    r.timestampMS = Timestamp.milliseconds(root["timestamp"] ?? root["created"] ?? root["created_at"])
    r.status = r.errorType == nil ? 200 : 500
    guard let model = r.model, !model.isEmpty else { return .skipped(.missingField, "response has no model") }
    sink.emit(r)
    return .records(1)
  }
}
