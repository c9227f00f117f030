/// Reads a streamed response logged as server-sent-event text (`data: {...}` lines) or as an array
/// of chunk objects, and folds it into one response.
///
/// Usage is taken ONCE, from the final or cumulative value, never summed over chunks:
/// - OpenAI Chat (`stream_options.include_usage`): the last chunk with a non-null `usage` (the
///   final chunk has `choices: []`).
/// - Anthropic: `message_start.message.usage` overlaid by the cumulative `message_delta.usage`.
/// - Gemini: every chunk's `usageMetadata` is cumulative; the last one is kept.
/// - OpenAI Responses: the `response` of `response.completed` (or `.incomplete`/`.failed`).
public enum StreamedResponse {
  /// Members of an envelope line that may hold a stream, tried before `response`.
  static let streamKeys = ["response_chunks", "chunks", "stream_chunks", "sse"]

  /// Whether a value holds a stream: SSE text, or an array of chunk objects or SSE strings.
  ///
  /// - Parameter v: A value.
  /// - Returns: `true` for a stream.
  public static func isStream(_ v: JSONValue?) -> Bool {
    guard let v else { return false }
    if v.isArray {
      guard let first = v.element(at: 0) else { return false }
      return first.isObject || (first.isString && isStream(first))
    }
    guard v.isString else { return false }
    // The raw bytes are still escaped: skip leading blanks and `\n`, `\r`, `\t` escapes.
    let raw = v.rawBytes
    var i = 0
    while i < raw.count {
      if raw[i] == 0x20 || raw[i] == 0x09 {
        i += 1
      } else if raw[i] == UInt8(ascii: "\\"), i + 1 < raw.count, [0x6E, 0x72, 0x74].contains(raw[i + 1]) {
        i += 2
      } else {
        break
      }
    }
    let rest = String(decoding: raw[i..<min(raw.count, i + 6)], as: UTF8.self)
    return rest.hasPrefix("data:") || rest.hasPrefix("event:") || rest.hasPrefix("id:") || rest.hasPrefix("retry:")
  }

  /// The stream held by an envelope line, if any.
  ///
  /// - Parameter root: The line.
  /// - Returns: A `response_chunks`/`chunks`/`stream_chunks`/`sse` member, or `response` when it is a stream.
  public static func source(in root: JSONValue) -> JSONValue? {
    for key in streamKeys {
      if let v = root[key], isStream(v) { return v }
    }
    if let v = root["response"], isStream(v) { return v }
    return nil
  }

  /// Folds a stream into `record`: response text, tool calls, finish reason, model, id and usage.
  ///
  /// - Parameters:
  ///   - stream: SSE text or an array of chunks.
  ///   - record: The record to fill.
  ///   - sink: Where warnings go.
  public static func read(_ stream: JSONValue, into record: inout CallRecord, sink: inout RecordSink) {
    var acc = StreamAccumulator(source: record.source)
    let doc = JSONDocument()
    func addText(_ bytes: [UInt8]) {
      forEachEventData(bytes) { data in
        do {
          try doc.parse(copying: data)
        } catch {
          return false
        }
        acc.add(doc.root, sink: &sink)
        return true
      } onBadEvent: {
        acc.badChunks += 1
      }
    }
    if stream.isString {
      addText(stream.stringBytes ?? [])
    } else {
      stream.forEachElement { chunk in
        if chunk.isObject {
          acc.add(chunk, sink: &sink)
        } else if chunk.isString {
          addText(chunk.stringBytes ?? [])
        }
      }
    }
    if acc.badChunks > 0 {
      sink.warn(record.source, .invalidJSON, "\(acc.badChunks) stream event(s) are not JSON and were ignored")
    }
    acc.apply(to: &record, sink: &sink)
  }

  /// Calls `body` with the data of each server-sent event (`[DONE]` excluded); `body` returns
  /// whether the data was valid JSON.
  ///
  /// Data lines of one event are joined with newlines; when that is not JSON (a log that dropped the
  /// blank separator lines), each data line is tried on its own.
  static func forEachEventData(_ text: [UInt8], _ body: ([UInt8]) -> Bool, onBadEvent: () -> Void) {
    var pending: [[UInt8]] = []
    func flush() {
      defer { pending.removeAll() }
      if pending.isEmpty { return }
      if pending.count == 1 {
        if !body(pending[0]) { onBadEvent() }
        return
      }
      if body(Array(pending.joined(separator: [0x0A]))) { return }
      for line in pending where !body(line) { onBadEvent() }
    }
    var start = 0
    while start < text.count {
      var end = start
      while end < text.count, text[end] != 0x0A { end += 1 }
      var line = text[start..<end]
      while let f = line.first, f == 0x20 || f == 0x09 { line = line.dropFirst() }
      while let l = line.last, l == 0x0D || l == 0x20 || l == 0x09 { line = line.dropLast() }
      if line.isEmpty {
        flush()
      } else if line.starts(with: "data:".utf8) {
        var data = line.dropFirst(5)
        if data.first == 0x20 { data = data.dropFirst() }
        if !data.elementsEqual("[DONE]".utf8) { pending.append(Array(data)) }
      } else if line.starts(with: "event:".utf8) {
        flush()
      }
      start = end + 1
    }
    flush()
  }
}
