/// OpenAI Chat Completions request and response bodies.
extension SampleRecordEncoder {
  mutating func openAIRequest(_ call: SampleCall) {
    let reasoning = call.model == .o4Mini
    w.beginObject()
    w.key("model")
    w.string(call.model.name)
    w.key("messages")
    w.beginArray()
    if let system = call.system {
      w.beginObject()
      w.key("role")
      w.literal(reasoning ? "developer" : "system")
      w.key("content")
      w.joined((system.header.map { [$0] } ?? []) + system.blocks)
      w.endObject()
    }
    for m in call.messages { openAIMessage(m) }
    w.endArray()
    if let tools = call.tools {
      w.key("tools")
      w.raw(tools.openAI)
      w.key("tool_choice")
      w.literal("auto")
    }
    if call.jsonMode {
      w.key("response_format")
      w.raw("{\"type\": \"json_object\"}")
    }
    if let t = call.temperature {
      w.key("temperature")
      w.raw(Array(t.utf8))
    }
    if let effort = call.reasoningEffort {
      w.key("reasoning_effort")
      w.string(effort)
    }
    if reasoning { w.key("max_completion_tokens") } else { w.key("max_tokens") }
    w.int(call.maxTokens)
    if call.stream {
      w.key("stream")
      w.bool(true)
    }
    w.endObject()
  }

  private mutating func openAIMessage(_ m: SampleMessage) {
    if m.isUser {
      var texts: [SampleText] = []
      for b in m.blocks {
        switch b {
        case .text(let t): texts.append(t)
        case .toolResult(let id, let content, _):
          w.beginObject()
          w.key("role")
          w.literal("tool")
          w.key("tool_call_id")
          w.string(id)
          w.key("content")
          w.text(content)
          w.endObject()
        case .toolUse: break
        }
      }
      guard !texts.isEmpty else { return }
      w.beginObject()
      w.key("role")
      w.literal("user")
      w.key("content")
      if texts.count == 1 {
        w.text(texts[0])
      } else {
        w.beginArray()
        for t in texts {
          w.beginObject()
          w.key("type")
          w.literal("text")
          w.key("text")
          w.text(t)
          w.endObject()
        }
        w.endArray()
      }
      w.endObject()
    } else {
      openAIAssistant(m.blocks, inResponse: false)
    }
  }

  /// An assistant message: `content` (or null) and `tool_calls`.
  private mutating func openAIAssistant(_ blocks: [SampleBlock], inResponse: Bool) {
    w.beginObject()
    w.key("role")
    w.literal("assistant")
    w.key("content")
    var texts: [SampleText] = []
    var uses: [SampleToolUse] = []
    for b in blocks {
      if case .text(let t) = b { texts.append(t) }
      if case .toolUse(let u) = b { uses.append(u) }
    }
    if texts.isEmpty { w.null() } else { w.joined(texts) }
    if !uses.isEmpty {
      w.key("tool_calls")
      w.beginArray()
      for u in uses {
        w.beginObject()
        w.key("id")
        w.string(u.id)
        w.key("type")
        w.literal("function")
        w.key("function")
        w.beginObject()
        w.key("name")
        w.string(u.name)
        w.key("arguments")
        w.text(u.input)
        w.endObject()
        w.endObject()
      }
      w.endArray()
    }
    if inResponse {
      w.key("refusal")
      w.null()
      w.key("annotations")
      w.raw("[]")
    }
    w.endObject()
  }

  mutating func openAIResponse(_ record: SampleRecord, usage: SampleUsage?, defect: SampleUsageDefect) {
    let call = record.call
    w.beginObject()
    w.key("id")
    w.string(record.responseID)
    w.key("object")
    w.literal("chat.completion")
    w.key("created")
    w.int(Int((record.timeMS + Int64(record.latencyMS)) / 1000))
    w.key("model")
    w.string(call.model.snapshot)
    w.key("choices")
    w.beginArray()
    w.beginObject()
    w.key("index")
    w.int(0)
    w.key("message")
    openAIAssistant(call.response, inResponse: true)
    w.key("logprobs")
    w.null()
    w.key("finish_reason")
    w.literal(Self.finishReason(call.finish, .openAI))
    w.endObject()
    w.endArray()
    if let u = usage {
      w.key("usage")
      w.beginObject()
      w.key("prompt_tokens")
      count(u.promptTokens, defect: defect, target: .wrongType)
      w.key("completion_tokens")
      count(u.outputTokens, defect: defect, target: .negative)
      w.key("total_tokens")
      w.int(u.promptTokens + u.outputTokens)
      w.key("prompt_tokens_details")
      w.beginObject()
      w.key("cached_tokens")
      w.int(u.cacheReadTokens)
      w.key("audio_tokens")
      w.int(0)
      w.endObject()
      w.key("completion_tokens_details")
      w.beginObject()
      w.key("reasoning_tokens")
      w.int(u.reasoningTokens)
      w.key("audio_tokens")
      w.int(0)
      w.key("accepted_prediction_tokens")
      w.int(0)
      w.key("rejected_prediction_tokens")
      w.int(0)
      w.endObject()
      w.endObject()
    }
    w.key("service_tier")
    w.literal("default")
    w.key("system_fingerprint")
    w.string(call.model.fingerprint)
    w.endObject()
  }
}
