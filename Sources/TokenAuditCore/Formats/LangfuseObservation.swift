/// Maps one Langfuse generation observation (either spelling of its fields) onto a `CallRecord`.
enum LangfuseObservation {
  static func read(_ obs: JSONValue, into r: inout CallRecord, sink: inout RecordSink) {
    func field(_ camel: String, _ snake: String) -> JSONValue? { FormatSupport.field(obs, camel, snake) }
    r.traceID = field("traceId", "trace_id")?.scalarText
    r.model = field("model", "provided_model_name")?.string ?? obs["providedModelName"]?.string
    r.phase = obs["name"]?.string
    if let name = r.phase { r.labels["name"] = name }
    r.timestampMS = Timestamp.milliseconds(field("startTime", "start_time"))
    if let latency = FormatSupport.latency(
      from: r.timestampMS, to: Timestamp.milliseconds(field("endTime", "end_time")))
    {
      r.latencyMS = latency
    } else if let seconds = obs["latency"]?.double {
      r.latencyMS = seconds * 1000
    }
    for (label, camel, snake) in [
      ("sessionId", "sessionId", "session_id"), ("userId", "userId", "user_id"),
      ("environment", "environment", "environment"), ("trace.name", "traceName", "trace_name"),
    ] {
      if let v = field(camel, snake)?.scalarText, !v.isEmpty { r.labels[label] = v }
    }
    FormatSupport.withDecoded(obs["metadata"]) { metadata in
      FormatSupport.flatten(
        metadata, prefix: "metadata", depth: 2, skip: ["hidden_params", "model_map_information"], into: &r.labels)
      r.provider = FormatSupport.providerFamily(metadata?["ls_provider"]?.string, model: r.model)
    }
    if r.provider == nil { r.provider = FormatSupport.providerFamily(nil, model: r.model) }
    if let level = obs["level"]?.string, level == "ERROR" {
      r.errorType = field("statusMessage", "status_message")?.string ?? "error"
    } else {
      r.status = 200
    }
    readUsage(obs, into: &r, sink: &sink)
    readCost(obs, into: &r)
    readBodies(obs, into: &r)
  }

  private static func readUsage(_ obs: JSONValue, into r: inout CallRecord, sink: inout RecordSink) {
    let details = FormatSupport.field(obs, "usageDetails", "usage_details")
    let legacy = obs["usage"]
    do throws(UsageParser.UsageError) {
      let fromDetails = try FormatSupport.withDecoded(details) { (d) throws(UsageParser.UsageError) in
        try LangfuseUsage.parse(details: d)
      }
      var usage = fromDetails
      if usage == nil { usage = try LangfuseUsage.parseLegacy(legacy) }
      if let usage {
        r.usage = usage
        r.usageSource = .logged
      }
    } catch {
      sink.warn(r.source, .invalidUsage, error.message + "; tokens will be estimated")
    }
  }

  private static func readCost(_ obs: JSONValue, into r: inout CallRecord) {
    let details = FormatSupport.field(obs, "costDetails", "cost_details")
    let fromDetails: Double? = FormatSupport.withDecoded(details) { d in
      guard let d, d.isObject else { return nil }
      if let total = d["total"]?.double { return total }
      var sum = 0.0
      var any = false
      d.forEachMember { _, v in
        if let x = v.double {
          sum += x
          any = true
        }
      }
      return any ? sum : nil
    }
    r.loggedCostUSD =
      fromDetails ?? FormatSupport.field(obs, "calculatedTotalCost", "total_cost")?.double
      ?? obs["totalCost"]?.double ?? obs["usage"]?["totalCost"]?.double
  }

  private static func readBodies(_ obs: JSONValue, into r: inout CallRecord) {
    FormatSupport.withDecoded(obs["input"]) { input in
      guard let input else { return }
      if input.isArray {
        OpenAIChatBody.readMessages(input, into: &r)
      } else if input.isObject, input["messages"] != nil {
        OpenAIChatBody.readMessages(input["messages"], into: &r)
      } else if let text = input.string {
        r.messages.append(ChatMessage(role: .user, text: text))
      }
    }
    FormatSupport.withDecoded(obs["output"]) { output in
      guard let output else { return }
      var media = 0
      if let text = output.string {
        r.responseText = text
      } else if output.isObject {
        if output["choices"] != nil, let message = output["choices"]?.element(at: 0)?["message"] {
          r.responseText = ContentText.extract(message["content"], mediaParts: &media)
          r.responseToolCalls = OpenAIChatBody.toolCalls(message["tool_calls"])
        } else {
          r.responseText = ContentText.extract(output["content"], mediaParts: &media)
          r.responseToolCalls = OpenAIChatBody.toolCalls(output["tool_calls"])
        }
      }
    }
  }

  /// Completes an earlier record of the same observation with a later event's fields.
  static func merge(_ update: CallRecord, into r: inout CallRecord) {
    if let usage = update.usage {
      r.usage = usage
      r.usageSource = update.usageSource
    }
    if let cost = update.loggedCostUSD { r.loggedCostUSD = cost }
    if let model = update.model { r.model = model }
    if r.provider == nil { r.provider = update.provider }
    if let text = update.responseText { r.responseText = text }
    if !update.responseToolCalls.isEmpty { r.responseToolCalls = update.responseToolCalls }
    if let error = update.errorType {
      r.errorType = error
      r.status = nil
    }
    if let latency = update.latencyMS { r.latencyMS = latency }
    if r.agent == nil { r.agent = update.agent }
    r.labels.merge(update.labels) { _, new in new }
  }
}

/// Langfuse usage objects in canonical semantics.
enum LangfuseUsage {
  /// Reads `usageDetails` (Langfuse usage types, or a raw provider usage object).
  ///
  /// Langfuse usage types are disjoint (`total` is their sum), so every input type (`input`,
  /// `input_cached_tokens`, `cache_read_input_tokens`, `input_audio`…) adds to input and every output
  /// type (`output`, `output_reasoning_tokens`…) to output. When `total` equals `input + output`
  /// alone, the detail types were subsets and are not added again. Raw provider usage objects
  /// (`prompt_tokens`…, `input_tokens`…) are read with their provider's semantics.
  static func parse(details d: JSONValue?) throws(UsageParser.UsageError) -> TokenUsage? {
    guard let d, d.isObject, d.count > 0 else { return nil }
    if d["input"] == nil && d["output"] == nil {
      switch UsageParser.auto(d) {
      case .usage(let u): return u
      case .absent: return nil
      case .invalid(let why): throw UsageParser.UsageError(message: why)
      }
    }
    var plainIn = 0, plainOut = 0, extraIn = 0, extraOut = 0
    var reads = 0, writes5m = 0, writes1h = 0, reasoning = 0
    var total: Int?
    var failure: UsageParser.UsageError?
    d.forEachMember { k, v in
      guard failure == nil, let key = k.string?.lowercased() else { return }
      do throws(UsageParser.UsageError) {
        let n = try UsageParser.count(v, key)
        switch key {
        case "total": total = n
        case "input": plainIn = n
        case "output": plainOut = n
        case _ where key.hasPrefix("output") || key.contains("reasoning"):
          extraOut += n
          if key.contains("reasoning") { reasoning += n }
        case _ where key.contains("cache_read") || key.contains("cached"):
          extraIn += n
          reads += n
        case _ where key.contains("cache_creation") || key.contains("cache_write"):
          extraIn += n
          if key.contains("1h") { writes1h += n } else { writes5m += n }
        case _ where key.hasPrefix("input"): extraIn += n
        default: break
        }
      } catch {
        failure = error
      }
    }
    if let failure { throw failure }
    let subsets = total != nil && total == plainIn + plainOut && extraIn + extraOut > 0
    let input = subsets ? plainIn : plainIn + extraIn
    let output = subsets ? plainOut : plainOut + extraOut
    let r = min(reads, input)
    let w5 = min(writes5m, input - r)
    return TokenUsage(
      inputTokens: input, cacheReadTokens: r, cacheWrite5mTokens: w5, cacheWrite1hTokens: min(writes1h, input - r - w5),
      outputTokens: output, reasoningTokens: min(reasoning, output))
  }

  /// The deprecated `usage` object: `{input, output, total, unit}` or `{promptTokens, completionTokens}`.
  static func parseLegacy(_ u: JSONValue?) throws(UsageParser.UsageError) -> TokenUsage? {
    guard let u, u.isObject else { return nil }
    if let unit = u["unit"]?.string, unit != "TOKENS" { return nil }
    let inputValue = u["input"] ?? u["promptTokens"]
    let outputValue = u["output"] ?? u["completionTokens"]
    guard inputValue != nil || outputValue != nil else { return nil }
    return TokenUsage(
      inputTokens: try UsageParser.count(inputValue, "input"),
      outputTokens: try UsageParser.count(outputValue, "output"))
  }
}
