/// Streamed responses logged one event per line, as a proxy that copies the server-sent events of
/// a stream into a file writes them: OpenAI Chat `chat.completion.chunk` objects, and Anthropic
/// Messages stream events (`message_start`, `content_block_delta`, `message_delta`, `message_stop`…).
///
/// The events of one response are joined into one call, read as the native envelope reads a
/// stream (`StreamedResponse`): usage is taken once, never summed over events.
/// - OpenAI chunks carry the response id: chunks are joined by id, and the call is complete at
///   the chunk with `usage` (`stream_options.include_usage`); a stream that ends without one is
///   counted at the end of the file with its text (its tokens are then counted from the text).
/// - Anthropic events carry no id after `message_start`: they join the message opened last, which
///   `message_stop` (or the next `message_start`, or the end of the file) completes.
///
/// The call is reported at the line of its first event; the other events' lines are context.
/// No labels (use `--agent-field` when the logger adds them).
public final class StreamEventsReader: LogFormatReader {
  public static let id = "stream-events"
  public static let displayName = "Stream events, one per line (OpenAI chunks, Anthropic events)"

  static let anthropicEvents: Set<String> = [
    "message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta",
    "message_stop", "ping",
  ]

  public static func matches(_ root: JSONValue, context: FileContext) -> Bool {
    if root["object"]?.stringEquals("chat.completion.chunk") == true { return true }
    guard let type = root["type"]?.string, anthropicEvents.contains(type) else { return false }
    // An event line has few members; a whole message (`"type": "message"`) is not one.
    return root["message"] != nil || root["delta"] != nil || root["content_block"] != nil || root["index"] != nil
      || type == "message_stop" || type == "ping"
  }

  /// The events of one response so far, as JSON texts.
  private struct Pending {
    var location: SourceLocation
    var events: [String]
  }

  private var openAI: [String: Pending] = [:]
  private var openAIOrder: [String] = []
  private var anthropic: Pending?

  public init(context: FileContext) {}

  public func read(_ root: JSONValue, at location: SourceLocation, into sink: inout RecordSink) -> LineOutcome {
    if root["object"]?.stringEquals("chat.completion.chunk") == true {
      let id = root["id"]?.string ?? ""
      if openAI[id] == nil {
        openAI[id] = Pending(location: location, events: [])
        openAIOrder.append(id)
      }
      openAI[id]!.events.append(root.rawJSON)
      if let usage = root["usage"], usage.isObject, let done = openAI.removeValue(forKey: id) {
        openAIOrder.removeAll { $0 == id }
        return emit(done, into: &sink)
      }
      return .context
    }
    let type = root["type"]?.string ?? ""
    if type == "ping" { return .context }
    if type == "message_start" {
      var outcome = LineOutcome.context
      if let previous = anthropic { outcome = emit(previous, into: &sink) }
      anthropic = Pending(location: location, events: [root.rawJSON])
      // The line that completed the previous message counts it; this one opens the next.
      return outcome
    }
    guard anthropic != nil else {
      return .skipped(.missingField, "a \(type) event without the message_start that opens its message")
    }
    anthropic!.events.append(root.rawJSON)
    if type == "message_stop", let done = anthropic {
      anthropic = nil
      return emit(done, into: &sink)
    }
    return .context
  }

  /// Streams still open at the end of the file are counted as they stand.
  public func finish(into sink: inout RecordSink) {
    for id in openAIOrder {
      if let p = openAI[id] { _ = emit(p, into: &sink) }
    }
    openAI = [:]
    openAIOrder = []
    if let p = anthropic { _ = emit(p, into: &sink) }
    anthropic = nil
  }

  private func emit(_ p: Pending, into sink: inout RecordSink) -> LineOutcome {
    let doc = JSONDocument()
    guard (try? doc.parse(string: "[" + p.events.joined(separator: ",") + "]")) != nil else {
      return .skipped(.invalidJSON, "the stream's events could not be joined")
    }
    var r = CallRecord(source: p.location, format: Self.id)
    StreamedResponse.read(doc.root, into: &r, sink: &sink)
    r.streamed = true
    guard let model = r.model, !model.isEmpty else { return .skipped(.missingField, "the stream names no model") }
    r.provider = FormatSupport.providerFamily(nil, model: model)
    if let created = doc.root.element(at: 0)?["created"] { r.timestampMS = Timestamp.milliseconds(created) }
    r.status = r.errorType == nil ? 200 : 500
    sink.emit(r)
    return .records(1)
  }
}
