/// Small helpers shared by the format readers.
enum FormatSupport {
  /// Parses JSON text held in a string value (LiteLLM `metadata`, OTel attribute values) into its own
  /// document; `nil` when the value is not a string or not JSON.
  static func embeddedDocument(_ v: JSONValue?) -> JSONDocument? {
    guard let v, v.isString, let bytes = v.stringBytes else { return nil }
    guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }),
      first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    else { return nil }
    let doc = JSONDocument()
    do { try doc.parse(copying: bytes) } catch { return nil }
    return doc
  }

  /// Calls `body` with `v` itself, or with the parsed JSON when `v` is a string holding JSON.
  ///
  /// The value passed to `body` is valid only during the call.
  static func withDecoded<R, E: Error>(_ v: JSONValue?, _ body: (JSONValue?) throws(E) -> R) throws(E) -> R {
    if let doc = embeddedDocument(v) {
      defer { withExtendedLifetime(doc) {} }
      return try body(doc.root)
    }
    if let v, v.isNull { return try body(nil) }
    return try body(v)
  }

  /// The first member among `keys` that is present and not null (camelCase and snake_case spellings).
  static func field(_ root: JSONValue, _ keys: String...) -> JSONValue? {
    for k in keys {
      if let v = root[k], !v.isNull { return v }
    }
    return nil
  }

  /// Adds the scalar members of an object to `labels` as `prefix.key`, recursing into objects.
  ///
  /// - Parameters:
  ///   - v: The object.
  ///   - prefix: Label prefix (`metadata`).
  ///   - depth: How many object levels to descend.
  ///   - skip: Member names not to descend into (bulky or irrelevant).
  ///   - labels: Where labels go.
  static func flatten(
    _ v: JSONValue?, prefix: String, depth: Int, skip: Set<String> = [], into labels: inout [String: String]
  ) {
    guard let v, v.isObject, depth > 0 else { return }
    v.forEachMember { k, value in
      guard let key = k.string, !skip.contains(key) else { return }
      let name = prefix.isEmpty ? key : prefix + "." + key
      if let text = value.scalarText {
        if !text.isEmpty { labels[name] = text }
      } else if value.isObject {
        flatten(value, prefix: name, depth: depth - 1, skip: skip, into: &labels)
      }
    }
  }

  /// Milliseconds from `start` to `end`, when both are known and in order (overflow-safe).
  static func latency(from start: Int64?, to end: Int64?) -> Double? {
    guard let start, let end else { return nil }
    let (d, overflow) = end.subtractingReportingOverflow(start)
    return overflow || d < 0 ? nil : Double(d)
  }

  /// The last path component of a file path.
  static func fileName(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return path }
    return String(path[path.index(after: slash)...])
  }

  /// The path components of a file path, without empty ones.
  static func components(_ path: String) -> [String] {
    path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
  }

  /// A file name without `.gz` and its JSON extension (`.jsonl`, `.json`, `.ndjson`).
  static func stem(_ path: String) -> String {
    var name = fileName(path)
    for ext in [".gz", ".jsonl", ".ndjson", ".json"] where name.hasSuffix(ext) {
      name.removeLast(ext.count)
    }
    return name
  }

  /// Reads a small file (a sidecar) whole; `nil` when missing, unreadable or larger than `limit`.
  static func readSmallFile(_ path: String, limit: Int = 1 << 20) -> [UInt8]? {
    guard let source = try? FileByteSource(path: path) else { return nil }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 16 << 10)
    while out.count <= limit {
      let n = (try? chunk.withUnsafeMutableBytes { try source.read(into: $0) }) ?? 0
      if n <= 0 { return out }
      out.append(contentsOf: chunk[0..<n])
    }
    return nil
  }

  /// Adds the scalar members of `object` (not empty, at most 200 bytes) to `labels`, keeping a
  /// label already there.
  static func addScalarLabels(of object: JSONValue, to labels: inout [String: String]) {
    object.forEachMember { k, v in
      guard let key = k.string, labels[key] == nil, !v.isObject, !v.isArray, let text = v.scalarText,
        !text.isEmpty, text.utf8.count <= 200
      else { return }
      labels[key] = text
    }
  }

  /// Names of the labels that carry the agent, phase and workflow in formats where callers attach
  /// free-form metadata (Helicone properties, Bedrock request metadata), in priority order.
  static let agentLabelNames = ["agent", "agent_name", "agent-name", "agentname", "agent_id", "agent-id", "agentid"]
  static let phaseLabelNames = ["phase", "step", "stage"]
  static let traceLabelNames = [
    "trace_id", "trace-id", "traceid", "workflow_id", "workflowid", "session_id", "session-id", "sessionid",
    "helicone-session-id",
  ]

  /// The value of the first of `names` among the labels `prefix` + name, names compared in any
  /// letter case (`Agent`, `AGENT`); when two keys differ only in case, the smaller one wins, so the
  /// answer does not depend on the dictionary's order.
  static func label(_ labels: [String: String], prefix: String, named names: [String]) -> String? {
    var byName: [String: (key: String, value: String)] = [:]
    for (key, value) in labels where key.hasPrefix(prefix) && !value.isEmpty {
      let name = key.dropFirst(prefix.count).lowercased()
      if let known = byName[name], known.key < key { continue }
      byName[name] = (key, value)
    }
    return names.lazy.compactMap { byName[$0]?.value }.first
  }

  /// A provider family from a gateway or telemetry provider name (`azure` → `openai`, `vertex_ai` → `gemini`).
  static func providerFamily(_ raw: String?, model: String?) -> String? {
    if let model, let guess = ProviderGuess.fromModel(model) { return guess }
    guard let raw = raw?.lowercased(), !raw.isEmpty else { return nil }
    if raw.contains("anthropic") || raw.contains("claude") { return "anthropic" }
    if raw.contains("openai") || raw.hasPrefix("azure") { return "openai" }
    if raw.contains("gemini") || raw.contains("vertex") || raw.contains("google") { return "gemini" }
    if raw.contains("mistral") { return "mistral" }
    if raw.contains("cohere") { return "cohere" }
    if raw.contains("deepseek") { return "deepseek" }
    if raw.contains("xai") || raw.contains("grok") { return "xai" }
    return raw
  }
}
