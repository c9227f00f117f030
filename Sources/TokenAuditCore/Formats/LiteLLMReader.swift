/// LiteLLM logs: the `StandardLoggingPayload` its logging callbacks emit (`id`, `call_type`,
/// `response_cost`, `metadata`, `messages`, `response`…) and `LiteLLM_SpendLogs` rows (`request_id`,
/// `spend`, with `metadata`, `messages`, `response` and `request_tags` as JSON-encoded strings).
///
/// Usage: `prompt_tokens`/`completion_tokens` (OpenAI semantics: prompt includes cache reads and
/// writes), cache details from `metadata.usage_object` (`prompt_tokens_details.cached_tokens`,
/// `cache_read_input_tokens`, `cache_creation_input_tokens`) or the top-level cache fields. When the
/// cache counts exceed `prompt_tokens`, the prompt excluded them (older Anthropic mapping) and they
/// are added. A LiteLLM cache hit (`cache_hit: true`) reached no provider and gets zero usage.
/// `response_cost`/`spend` → `loggedCostUSD`.
///
/// Agent: a metadata agent name (`agent_name`, `agent`, `agent_id`, also inside `requester_metadata`
/// and `spend_logs_metadata`, or an `agent:<name>` request tag), else the team alias, else the key
/// alias. Phase: `metadata.phase` or a `phase:<name>` tag. Workflow: `trace_id`, `session_id`, or
/// their metadata spellings. Labels: `metadata.*` (flattened), `request_tags`, `tag.<k>` for `k:v`
/// tags, `team_alias`, `key_alias`, `end_user`, `user`, `team_id`, `custom_llm_provider`.
public final class LiteLLMReader: LogFormatReader {
  public static let id = "litellm"
  public static let displayName = "LiteLLM standard logging payload / spend logs"

  public static func matches(_ root: JSONValue, context: FileContext) -> Bool {
    guard root["call_type"] != nil else { return false }
    return root["response_cost"] != nil || root["spend"] != nil || root["hidden_params"] != nil
      || root["model_map_information"] != nil
  }

  /// Metadata members not worth a label (bulky or duplicated elsewhere).
  static let skippedMetadata: Set<String> = [
    "usage_object", "model_map_information", "hidden_params", "additional_usage_values", "proxy_server_request",
    "headers", "user_api_key", "user_api_key_hash", "requester_custom_headers",
  ]

  public init(context: FileContext) {}

  public func read(_ root: JSONValue, at location: SourceLocation, into sink: inout RecordSink) -> LineOutcome {
    var r = CallRecord(source: location, format: Self.id)
    r.requestID = root["id"]?.scalarText ?? root["request_id"]?.scalarText
    r.model = root["model"]?.string
    let customProvider = root["custom_llm_provider"]?.string
    r.provider = FormatSupport.providerFamily(customProvider, model: r.model)
    if let p = customProvider, !p.isEmpty { r.labels["custom_llm_provider"] = p }
    r.timestampMS = Timestamp.milliseconds(root["startTime"])
    if r.timestampMS == nil, root["startTime"] != nil {
      sink.warn(location, .invalidTimestamp, "startTime is not a date or epoch time in the years 2000–2099")
    }
    if let latency = FormatSupport.latency(from: r.timestampMS, to: Timestamp.milliseconds(root["endTime"])) {
      r.latencyMS = latency
    } else if let seconds = root["response_time"]?.double {
      r.latencyMS = seconds * 1000
    }
    r.streamed = root["stream"]?.bool ?? false
    r.loggedCostUSD = root["response_cost"]?.double ?? root["spend"]?.double
    readStatus(root, into: &r)
    FormatSupport.withDecoded(root["metadata"]) { metadata in
      FormatSupport.flatten(metadata, prefix: "metadata", depth: 3, skip: Self.skippedMetadata, into: &r.labels)
      FormatSupport.withDecoded(metadata?["usage_object"]) { usageObject in
        r.usage = Self.usage(root, usageObject: usageObject, sink: &sink, at: location)
      }
    }
    if r.usage != nil { r.usageSource = .logged }
    if root["cache_hit"]?.bool == true, r.usage != nil {
      // Served from LiteLLM's own cache: no provider call, nothing billed.
      r.usage = TokenUsage()
      r.labels["cache_hit"] = "true"
    }
    readTags(root["request_tags"], into: &r)
    for (label, keys) in [
      ("team_alias", ["user_api_key_team_alias"]), ("key_alias", ["user_api_key_alias"]),
      ("end_user", ["end_user", "user_api_key_end_user_id"]), ("user", ["user", "user_api_key_user_id"]),
      ("team_id", ["team_id", "user_api_key_team_id"]),
    ] {
      for key in keys {
        if let v = root[key]?.scalarText ?? r.labels["metadata." + key], !v.isEmpty {
          r.labels[label] = v
          break
        }
      }
    }
    readBodies(root, into: &r, sink: &sink)
    attribute(root, into: &r)
    sink.emit(r)
    return .records(1)
  }

  private func readStatus(_ root: JSONValue, into r: inout CallRecord) {
    let status = root["status"]?.string?.lowercased()
    if status == "failure" || status == "error" || (root["error_str"]?.string.map { !$0.isEmpty } ?? false) {
      let info = root["error_information"]
      r.errorType =
        info?["error_class"]?.string.flatMap { $0.isEmpty ? nil : $0 } ?? root["error_str"]?.string
        ?? "failure"
      if let code = info?["error_code"]?.int, (100...599).contains(code) { r.status = code }
    } else {
      r.status = 200
    }
  }

  /// Token usage from the top-level counts and the cache details of `usage_object`.
  static func usage(
    _ root: JSONValue, usageObject: JSONValue?, sink: inout RecordSink, at location: SourceLocation
  ) -> TokenUsage? {
    let source = usageObject.flatMap { $0.isObject ? $0 : nil }
    do {
      let promptValue = root["prompt_tokens"] ?? source?["prompt_tokens"]
      let completionValue = root["completion_tokens"] ?? source?["completion_tokens"]
      guard promptValue != nil || completionValue != nil else { return nil }
      let prompt = try UsageParser.count(promptValue, "prompt_tokens")
      let completion = try UsageParser.count(completionValue, "completion_tokens")
      let reads = try UsageParser.count(
        source?["prompt_tokens_details"]?["cached_tokens"] ?? source?["cache_read_input_tokens"]
          ?? root["cache_read_input_tokens"], "cache_read_input_tokens")
      let writes = try UsageParser.count(
        source?["cache_creation_input_tokens"] ?? source?["prompt_tokens_details"]?["cache_creation_tokens"]
          ?? root["cache_creation_input_tokens"], "cache_creation_input_tokens")
      let reasoning = try UsageParser.count(
        source?["completion_tokens_details"]?["reasoning_tokens"], "reasoning_tokens")
      let input = reads + writes > prompt ? prompt + reads + writes : prompt
      return TokenUsage(
        inputTokens: input, cacheReadTokens: reads, cacheWrite5mTokens: writes, outputTokens: completion,
        reasoningTokens: min(reasoning, completion))
    } catch {
      sink.warn(location, .invalidUsage, error.message + "; tokens will be estimated")
      return nil
    }
  }

  private func readTags(_ tags: JSONValue?, into r: inout CallRecord) {
    FormatSupport.withDecoded(tags) { tags in
      var all: [String] = []
      tags?.forEachElement { t in
        guard let tag = t.scalarText, !tag.isEmpty else { return }
        all.append(tag)
        if let colon = tag.firstIndex(of: ":") {
          r.labels["tag." + tag[..<colon]] = String(tag[tag.index(after: colon)...])
        }
      }
      if !all.isEmpty { r.labels["request_tags"] = all.joined(separator: ",") }
    }
  }

  private func readBodies(_ root: JSONValue, into r: inout CallRecord, sink: inout RecordSink) {
    FormatSupport.withDecoded(root["messages"]) { messages in
      guard let messages else { return }
      if messages.isArray {
        OpenAIChatBody.readMessages(messages, into: &r)
      } else if messages.isObject, messages["messages"] != nil {
        OpenAIChatBody.readRequest(messages, into: &r)
      } else if let text = messages.string, !text.isEmpty {
        r.messages.append(ChatMessage(role: .user, text: text))
      }
    }
    FormatSupport.withDecoded(root["response"]) { response in
      guard let response, response.isObject, response["choices"] != nil else { return }
      var scratch = CallRecord(source: r.source, format: Self.id)
      var quiet = RecordSink()
      OpenAIChatBody.readResponse(response, into: &scratch, sink: &quiet)
      r.responseText = scratch.responseText
      r.responseToolCalls = scratch.responseToolCalls
      r.finishReason = scratch.finishReason
      if r.usage == nil, scratch.usage != nil {
        r.usage = scratch.usage
        r.usageSource = .logged
      }
    }
  }

  private func attribute(_ root: JSONValue, into r: inout CallRecord) {
    let l = r.labels
    let agentKeys = ["agent_name", "agent", "agent_id"]
    var agent: String?
    for scope in ["metadata.", "metadata.requester_metadata.", "metadata.spend_logs_metadata."] {
      agent = agent ?? agentKeys.lazy.compactMap { l[scope + $0] }.first
    }
    agent = agent ?? root["agent_id"]?.scalarText ?? l["tag.agent"] ?? l["team_alias"] ?? l["key_alias"]
    r.agent = agent.flatMap { $0.isEmpty ? nil : $0 }
    r.phase =
      l["metadata.phase"] ?? l["metadata.requester_metadata.phase"] ?? l["metadata.spend_logs_metadata.phase"]
      ?? l["tag.phase"]
    r.traceID =
      [root["trace_id"], root["session_id"], root["litellm_trace_id"]].lazy.compactMap { $0?.scalarText }
      .first { !$0.isEmpty }
      ?? l["metadata.trace_id"] ?? l["metadata.session_id"] ?? l["metadata.litellm_session_id"]
  }
}
