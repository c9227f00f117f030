/// OpenAI Codex CLI rollout files: `~/.codex/sessions/YYYY/MM/DD/rollout-<ts>-<uuid>.jsonl`, lines
/// of `{timestamp, type, payload}` with `type` `session_meta`, `turn_context`, `response_item`,
/// `event_msg`, `compacted`.
///
/// Usage comes from `event_msg` lines with `payload.type == "token_count"`:
/// `info.total_token_usage` is the session's running total and `info.last_token_usage` the last
/// turn. One record per increase of the running total (its delta); a repeated total is dropped, and
/// a total that goes down (a restarted counter) falls back to `last_token_usage`.
///
/// Spawned and forked sessions start by replaying the parent's history with the parent's
/// timestamps, earlier than the file's own `session_meta`: replayed lines are not counted, but a
/// replayed `token_count` still sets the running-total baseline, because the child's totals continue
/// from it.
///
/// Usage semantics, from openai/codex `codex-rs/protocol/src/protocol.rs` (`TokenUsage`, commit
/// edb4efee49ae9f130636fab25f2e398a931dd987): `non_cached_input()` is
/// `input_tokens - cached_input_tokens`, so `input_tokens` INCLUDES `cached_input_tokens`;
/// `blended_total()` is `non_cached_input() + output_tokens` and the `FinalOutput` display shows
/// `output=<output_tokens> (reasoning <reasoning_output_tokens>)`, so `output_tokens` INCLUDES
/// `reasoning_output_tokens`. That is already the canonical semantics: no field is added.
///
/// Agent: `codex`. Phase: `main`, `subagent` (thread spawn), `review` or `compact` from
/// `session_meta.payload.source`. Workflow: the session id.
public final class CodexRolloutReader: LogFormatReader {
  public static let id = "codex"
  public static let displayName = "OpenAI Codex CLI rollout"

  static let knownTypes: Set<String> = ["session_meta", "turn_context", "response_item", "event_msg", "compacted"]

  public static func matches(_ root: JSONValue, context: FileContext) -> Bool {
    guard root["payload"]?.isObject == true, let type = root["type"]?.string, root["timestamp"] != nil else {
      return false
    }
    return knownTypes.contains(type) || FormatSupport.fileName(context.path).hasPrefix("rollout-")
  }

  /// Token counts as Codex logs them.
  struct Counts: Equatable {
    var input = 0, cached = 0, output = 0, reasoning = 0, total = 0

    static func - (a: Counts, b: Counts) -> Counts {
      Counts(
        input: a.input - b.input, cached: a.cached - b.cached, output: a.output - b.output,
        reasoning: a.reasoning - b.reasoning, total: a.total - b.total)
    }

    var isZero: Bool { input == 0 && cached == 0 && output == 0 && reasoning == 0 }
    var hasNegative: Bool { input < 0 || cached < 0 || output < 0 || reasoning < 0 }
  }

  private let context: FileContext
  private var sessionID: String?
  private var sessionStartMS: Int64?
  private var model: String?
  private var modelProvider: String?
  private var phase = "main"
  private var labels: [String: String] = [:]
  private var lastTotal: Counts?
  /// Assistant text and tool calls logged since the last counted turn (attached to its record).
  private var pendingText: [String] = []
  private var pendingCalls: [ToolCall] = []

  public init(context: FileContext) { self.context = context }

  public func read(_ root: JSONValue, at location: SourceLocation, into sink: inout RecordSink) -> LineOutcome {
    guard let payload = root["payload"], let type = root["type"]?.string else { return .context }
    let timestamp = Timestamp.milliseconds(root["timestamp"])
    let replayed = timestamp.map { t in sessionStartMS.map { t < $0 } ?? false } ?? false
    switch type {
    case "session_meta":
      if sessionID == nil { readSessionMeta(payload, timestamp: timestamp) }
      return .context
    case "turn_context":
      if !replayed || model == nil, let m = payload["model"]?.string, !m.isEmpty { model = m }
      return .context
    case "event_msg" where payload["type"]?.stringEquals("token_count") == true:
      return readTokenCount(payload, replayed: replayed, timestamp: timestamp, at: location, into: &sink)
    case "response_item" where !replayed:
      collectOutput(payload)
      return .context
    default:
      return .context
    }
  }

  /// Keeps the model's output items (assistant messages, tool calls) for the next counted turn.
  private func collectOutput(_ item: JSONValue) {
    switch item["type"]?.string ?? "" {
    case "message" where item["role"]?.stringEquals("assistant") == true:
      var media = 0
      let text = ContentText.extract(item["content"], mediaParts: &media)
      if !text.isEmpty { pendingText.append(text) }
    case "function_call", "custom_tool_call", "local_shell_call":
      let args = item["arguments"] ?? item["input"] ?? item["action"]
      pendingCalls.append(
        ToolCall(
          id: item["call_id"]?.string, name: item["name"]?.string ?? item["type"]?.string ?? "",
          arguments: args?.isString == true ? (args?.string ?? "") : (args?.rawJSON ?? "")))
    default:
      break
    }
  }

  private func readSessionMeta(_ payload: JSONValue, timestamp: Int64?) {
    sessionID = payload["id"]?.scalarText
    sessionStartMS = Timestamp.milliseconds(payload["timestamp"]) ?? timestamp
    modelProvider = payload["model_provider"]?.string
    for key in ["cwd", "originator", "cli_version"] {
      if let v = payload[key]?.scalarText, !v.isEmpty { labels[key] = v }
    }
    guard let source = payload["source"] else { return }
    if let s = source.string {
      labels["source"] = s
    } else if let sub = source["subagent"] {
      if let s = sub.string {
        phase = s
      } else if let spawn = sub["thread_spawn"], spawn.isObject {
        phase = "subagent"
        if let parent = spawn["parent_thread_id"]?.scalarText { labels["parent_thread_id"] = parent }
      } else if let other = sub["other"]?.string {
        phase = other
      } else {
        phase = "subagent"
      }
      labels["source"] = "subagent"
    }
  }

  private func readTokenCount(
    _ payload: JSONValue, replayed: Bool, timestamp: Int64?, at location: SourceLocation, into sink: inout RecordSink
  ) -> LineOutcome {
    guard let info = payload["info"], info.isObject else { return .context }
    let total: Counts?
    let last: Counts?
    do {
      total = try Self.counts(info["total_token_usage"])
      last = try Self.counts(info["last_token_usage"])
    } catch {
      return .skipped(.invalidUsage, error.message)
    }
    var delta: Counts?
    if let total {
      if let previous = lastTotal {
        let d = total - previous
        delta = d.isZero ? nil : (d.hasNegative ? (last ?? total) : d)
      } else {
        delta = total
      }
      lastTotal = total
    } else {
      delta = last
    }
    guard !replayed, let delta, !delta.isZero else { return .context }

    var r = CallRecord(source: location, format: Self.id)
    r.timestampMS = timestamp
    let session = sessionID ?? Self.sessionFromFileName(context.path)
    r.traceID = session
    if let total { r.requestID = "\(session):\(total.total > 0 ? total.total : total.input + total.output)" }
    r.model = info["model"]?.string ?? model
    r.provider = FormatSupport.providerFamily(modelProvider, model: r.model) ?? "openai"
    r.agent = "codex"
    r.phase = phase
    r.labels = labels
    r.status = 200
    r.streamed = true
    let input = max(0, delta.input)
    let output = max(0, delta.output)
    r.usage = TokenUsage(
      inputTokens: input, cacheReadTokens: min(max(0, delta.cached), input), outputTokens: output,
      reasoningTokens: min(max(0, delta.reasoning), output))
    r.usageSource = .logged
    if !pendingText.isEmpty || !pendingCalls.isEmpty {
      r.responseText = pendingText.joined(separator: "\n")
      r.responseToolCalls = pendingCalls
      r.finishReason = pendingCalls.isEmpty ? "stop" : "tool_calls"
      pendingText.removeAll()
      pendingCalls.removeAll()
    }
    sink.emit(r)
    return .records(1)
  }

  static func counts(_ v: JSONValue?) throws(UsageParser.UsageError) -> Counts? {
    guard let v, v.isObject else { return nil }
    return Counts(
      input: try UsageParser.count(v["input_tokens"], "input_tokens"),
      cached: try UsageParser.count(v["cached_input_tokens"], "cached_input_tokens"),
      output: try UsageParser.count(v["output_tokens"], "output_tokens"),
      reasoning: try UsageParser.count(v["reasoning_output_tokens"], "reasoning_output_tokens"),
      total: try UsageParser.count(v["total_tokens"], "total_tokens"))
  }

  /// The session uuid at the end of `rollout-<timestamp>-<uuid>.jsonl`, else the file stem.
  static func sessionFromFileName(_ path: String) -> String {
    let stem = FormatSupport.stem(path)
    if stem.count > 36 {
      let tail = String(stem.suffix(36))
      if tail.split(separator: "-").count == 5 { return tail }
    }
    return stem
  }
}
