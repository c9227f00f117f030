/// Text extraction from the content shapes the major APIs use.
enum ContentText {
  /// Joins the text of a `content` value: a string, an array of parts (`text`, `input_text`,
  /// `output_text`, Gemini `{text}`), or an object with `text`. Non-text parts are counted.
  static func extract(_ v: JSONValue?, mediaParts: inout Int) -> String {
    guard let v else { return "" }
    switch v.kind {
    case .string: return v.string ?? ""
    case .array:
      var parts: [String] = []
      v.forEachElement { p in
        if p.isString {
          parts.append(p.string ?? "")
        } else if let t = p["text"]?.string {
          parts.append(t)
        } else if let t = p["content"], t.isString || t.isArray {
          let inner = extract(t, mediaParts: &mediaParts)
          if !inner.isEmpty { parts.append(inner) }
        } else if let type = p["type"]?.string, type == "thinking" || type == "reasoning" {
          if let t = p["thinking"]?.string { parts.append(t) }
        } else {
          mediaParts += 1
        }
      }
      return joinedLines(parts)
    case .object:
      if let t = v["text"]?.string { return t }
      return v.rawJSON
    case .null: return ""
    default: return v.rawJSON
    }
  }

  /// The parts joined with newlines; a single part is returned as it is (the same storage, no
  /// copy: long texts are shared with the parser's intern table and with other records).
  static func joinedLines(_ parts: [String]) -> String {
    parts.count == 1 ? parts[0] : parts.joined(separator: "\n")
  }

  /// Whether a content array or object carries a `cache_control` marker.
  static func hasCacheControl(_ v: JSONValue?) -> Bool {
    guard let v else { return false }
    if v.isObject { return v["cache_control"] != nil && !(v["cache_control"]!.isNull) }
    var found = false
    v.forEachElement { p in if let c = p["cache_control"], !c.isNull { found = true } }
    return found
  }

  /// Canonical JSON text of the sampling parameters present in a request body, in key order.
  ///
  /// - Parameters:
  ///   - body: The request object.
  ///   - sortedKeys: The parameter names, already sorted (each body sorts its list once, not per call).
  /// - Returns: `{"key":value,…}` of the present, non-null ones, or nil when there are none.
  static func parameters(_ body: JSONValue, sortedKeys: [String]) -> String? {
    var text = ""
    for k in sortedKeys {
      guard let v = body[k], !v.isNull else { continue }
      text += text.isEmpty ? "{\"" : ",\""
      text += k
      text += "\":"
      text += v.rawJSON
    }
    return text.isEmpty ? nil : text + "}"
  }

  /// Normalises provider stop reasons to `stop`, `length`, `tool_calls`, `content_filter`.
  static func finishReason(_ raw: String?) -> String? {
    guard let raw else { return nil }
    switch raw.lowercased() {
    case "stop", "end_turn", "stop_sequence", "completed", "complete", "finish_reason_stop": return "stop"
    case "length", "max_tokens", "max_output_tokens", "model_context_window_exceeded": return "length"
    case "tool_calls", "tool-calls", "tool_use", "function_call", "tool_call": return "tool_calls"
    case "content_filter", "content-filter", "safety", "refusal", "recitation", "blocklist", "prohibited_content":
      return "content_filter"
    default: return raw.lowercased()
    }
  }
}
