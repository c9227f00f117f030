/// Claude Code session transcripts: `~/.claude/projects/<project>/<session>.jsonl`, with subagent
/// transcripts in `<session>/subagents/agent-<id>.jsonl` next to an `agent-<id>.meta.json` sidecar
/// that holds the subagent's `agentType`.
///
/// One billed call per API response: `assistant` lines whose `message` has `usage`. Claude Code
/// writes one response as several lines (one per content block) that repeat the same `message.id`,
/// `requestId` and usage; those lines are merged into one record here. Resumed sessions copy earlier
/// lines into new files: every record carries `requestID` = `requestId` and `dedupKey` =
/// `message.id` so the pipeline's global de-duplication collapses the copies (without `requestId`,
/// the message id, or the line `uuid`, stands for both). Usage has Anthropic semantics.
/// `user`, `system`, `summary` and bookkeeping lines are context; `<synthetic>` assistant lines
/// (locally generated error notices) are not API calls.
///
/// Agent: the sidecar's `agentType`, else `subagent:<agentId>` for sidechains, else `claude-code`.
/// Phase: `main` or `subagent`. Workflow: `sessionId`. Labels: `project`, `cwd`, `gitBranch`,
/// `version`, `agentId`, `usage.speed`.
public final class ClaudeCodeReader: LogFormatReader {
  public static let id = "claude-code"
  public static let displayName = "Claude Code session transcript"
  /// It updates records it emitted earlier in the file (see `LogFormatReader.emitsFinalRecords`).
  public static var emitsFinalRecords: Bool { false }

  /// Line types Claude Code writes besides `user` and `assistant` messages.
  static let lineTypes: Set<String> = [
    "user", "assistant", "system", "summary", "file-history-snapshot", "queue-operation", "progress", "attachment",
  ]

  public static func matches(_ root: JSONValue, context: FileContext) -> Bool {
    if root["request"]?.isObject == true || root["response"]?.isObject == true { return false }
    if let session = root["sessionId"], session.isString {
      if root["message"]?.isObject == true { return true }
      guard let type = root["type"]?.string else { return false }
      return lineTypes.contains(type) || root["uuid"] != nil
    }
    guard let type = root["type"], type.isString else { return false }
    if type.stringEquals("summary") { return root["leafUuid"] != nil }
    if type.stringEquals("file-history-snapshot") { return root["messageId"] != nil }
    return false
  }

  private let project: String?
  private let subagentType: String?
  private let isSubagentFile: Bool
  /// Merge key (`requestId|message.id`) → index of the record in the sink.
  private var recordIndex: [String: Int] = [:]
  /// Merge key + line identity, to ignore exact repeats of a line within the file.
  private var seenLines: Set<String> = []

  public init(context: FileContext) {
    let parts = FormatSupport.components(context.path)
    if let p = parts.lastIndex(of: "projects"), p + 1 < parts.count - 1 {
      project = parts[p + 1]
    } else if let s = parts.lastIndex(of: "subagents"), s >= 2 {
      project = parts[s - 2]
    } else {
      project = parts.count >= 2 ? parts[parts.count - 2] : nil
    }
    let name = FormatSupport.fileName(context.path)
    isSubagentFile = parts.contains("subagents") || name.hasPrefix("agent-")
    subagentType = isSubagentFile ? Self.sidecarAgentType(context.path) : nil
  }

  /// The `agentType` of the `agent-<id>.meta.json` sidecar next to a subagent transcript.
  static func sidecarAgentType(_ path: String) -> String? {
    let stem = FormatSupport.stem(path)
    guard let slash = path.lastIndex(of: "/") else { return nil }
    let sidecar = String(path[...slash]) + stem + ".meta.json"
    guard let bytes = FormatSupport.readSmallFile(sidecar) else { return nil }
    let doc = JSONDocument()
    do { try doc.parse(copying: bytes) } catch { return nil }
    return withExtendedLifetime(doc) { doc.root["agentType"]?.string }
  }

  public func read(_ root: JSONValue, at location: SourceLocation, into sink: inout RecordSink) -> LineOutcome {
    let type = root["type"]?.string
    guard let message = root["message"], message.isObject,
      type == "assistant" || (type == nil && message["role"]?.stringEquals("assistant") == true),
      let usage = message["usage"], usage.isObject
    else { return .context }
    if message["model"]?.stringEquals("<synthetic>") == true { return .context }
    let messageID = message["id"]?.string
    let uuid = root["uuid"]?.string
    let requestID = root["requestId"]?.string
    let key = (requestID ?? "") + "|" + (messageID ?? uuid ?? "line:\(location.line)")
    let lineIdentity = uuid ?? String(message["content"]?.rawJSON.hashValue ?? 0)
    guard seenLines.insert(key + "|" + lineIdentity).inserted else { return .context }

    var r = CallRecord(source: location, format: Self.id)
    r.requestID = requestID ?? messageID ?? uuid
    r.dedupKey = messageID ?? uuid
    r.provider = "anthropic"
    // Claude Code always calls the streaming Messages API.
    r.streamed = true
    r.status = 200
    AnthropicMessagesBody.readResponse(message, into: &r, sink: &sink)
    if let index = recordIndex[key] {
      Self.merge(r, into: &sink.records[index])
      return .context
    }
    r.timestampMS = Timestamp.milliseconds(root["timestamp"])
    if r.timestampMS == nil, root["timestamp"] != nil {
      sink.warn(location, .invalidTimestamp, "timestamp is not a date or epoch time in the years 2000–2099")
    }
    r.traceID = root["sessionId"]?.string
    r.loggedCostUSD = root["costUSD"]?.double
    if root["isApiErrorMessage"]?.bool == true { r.errorType = "api_error" }
    let sidechain = root["isSidechain"]?.bool == true || isSubagentFile
    let agentID = root["agentId"]?.string
    r.agent = subagentType ?? (sidechain ? agentID.map { "subagent:" + $0 } ?? "subagent" : "claude-code")
    r.phase = sidechain ? "subagent" : "main"
    if let project { r.labels["project"] = project }
    for (label, value) in [
      ("cwd", root["cwd"]), ("gitBranch", root["gitBranch"]), ("version", root["version"]),
      ("agentId", root["agentId"]), ("usage.speed", usage["speed"]), ("entrypoint", root["entrypoint"]),
    ] {
      if let text = value?.scalarText, !text.isEmpty { r.labels[label] = text }
    }
    recordIndex[key] = sink.records.count
    sink.emit(r)
    return .records(1)
  }

  /// Merges a later line of the same response: content blocks are appended and the most complete
  /// usage (largest output) is kept, since all lines repeat the usage known when they were written.
  static func merge(_ line: CallRecord, into record: inout CallRecord) {
    if let text = line.responseText, !text.isEmpty {
      let previous = record.responseText ?? ""
      record.responseText = previous.isEmpty ? text : previous + "\n" + text
    }
    record.responseToolCalls += line.responseToolCalls
    if let reason = line.finishReason { record.finishReason = reason }
    if let usage = line.usage, usage.outputTokens >= (record.usage?.outputTokens ?? -1) {
      record.usage = usage
      record.usageSource = line.usageSource
    }
  }
}
