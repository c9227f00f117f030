/// Anthropic Messages request and response bodies.
extension SampleRecordEncoder {
  mutating func anthropicRequest(_ call: SampleCall) {
    w.beginObject()
    w.key("model")
    w.string(call.model.name)
    w.key("max_tokens")
    w.int(call.maxTokens)
    if let system = call.system {
      w.key("system")
      if system.asBlocks {
        w.beginArray()
        var blocks = system.blocks
        if let header = system.header { blocks.insert(header, at: 0) }
        for (i, b) in blocks.enumerated() {
          w.beginObject()
          w.key("type")
          w.literal("text")
          w.key("text")
          w.text(b)
          if i == blocks.count - 1 { cacheControl(system.cache) }
          w.endObject()
        }
        w.endArray()
      } else {
        w.joined((system.header.map { [$0] } ?? []) + system.blocks)
      }
    }
    w.key("messages")
    w.beginArray()
    for (i, m) in call.messages.enumerated() {
      let breakpoint = call.cacheLastMessage && i == call.messages.count - 1
      anthropicMessage(m, cache: breakpoint ? .ephemeral5m : .none)
    }
    w.endArray()
    if let tools = call.tools {
      w.key("tools")
      w.raw(tools.anthropic)
    }
    if let t = call.temperature {
      w.key("temperature")
      w.raw(Array(t.utf8))
    }
    if call.stream {
      w.key("stream")
      w.bool(true)
    }
    w.endObject()
  }

  private mutating func cacheControl(_ mode: SampleCacheMode) {
    switch mode {
    case .none: break
    case .ephemeral5m:
      w.key("cache_control")
      w.raw("{\"type\": \"ephemeral\"}")
    case .ephemeral1h:
      w.key("cache_control")
      w.raw("{\"type\": \"ephemeral\", \"ttl\": \"1h\"}")
    }
  }

  private mutating func anthropicMessage(_ m: SampleMessage, cache: SampleCacheMode) {
    w.beginObject()
    w.key("role")
    if m.isUser { w.literal("user") } else { w.literal("assistant") }
    w.key("content")
    if m.isUser, cache == .none, m.blocks.count == 1, case .text(let t) = m.blocks[0] {
      w.text(t)
    } else {
      anthropicBlocks(m.blocks, lastCache: cache)
    }
    w.endObject()
  }

  private mutating func anthropicBlocks(_ blocks: [SampleBlock], lastCache: SampleCacheMode) {
    w.beginArray()
    for (i, b) in blocks.enumerated() {
      w.beginObject()
      switch b {
      case .text(let t):
        w.key("type")
        w.literal("text")
        w.key("text")
        w.text(t)
      case .toolUse(let u):
        w.key("type")
        w.literal("tool_use")
        w.key("id")
        w.string(u.id)
        w.key("name")
        w.string(u.name)
        w.key("input")
        w.raw(Array(u.input.text.utf8))
      case .toolResult(let id, let content, let isError):
        w.key("type")
        w.literal("tool_result")
        w.key("tool_use_id")
        w.string(id)
        w.key("content")
        w.text(content)
        if isError {
          w.key("is_error")
          w.bool(true)
        }
      }
      if i == blocks.count - 1 { cacheControl(lastCache) }
      w.endObject()
    }
    w.endArray()
  }

  mutating func anthropicResponse(_ record: SampleRecord, usage: SampleUsage?, defect: SampleUsageDefect) {
    let call = record.call
    w.beginObject()
    w.key("id")
    w.string(record.responseID)
    w.key("type")
    w.literal("message")
    w.key("role")
    w.literal("assistant")
    w.key("model")
    w.string(call.model.snapshot)
    w.key("content")
    anthropicBlocks(call.response, lastCache: .none)
    w.key("stop_reason")
    w.literal(Self.finishReason(call.finish, .anthropic))
    w.key("stop_sequence")
    w.null()
    if let u = usage {
      w.key("usage")
      w.beginObject()
      w.key("input_tokens")
      count(u.uncachedInputTokens, defect: defect, target: .wrongType)
      w.key("cache_creation_input_tokens")
      w.int(u.cacheWrite5mTokens + u.cacheWrite1hTokens)
      w.key("cache_read_input_tokens")
      w.int(u.cacheReadTokens)
      w.key("cache_creation")
      w.beginObject()
      w.key("ephemeral_5m_input_tokens")
      w.int(u.cacheWrite5mTokens)
      w.key("ephemeral_1h_input_tokens")
      w.int(u.cacheWrite1hTokens)
      w.endObject()
      w.key("output_tokens")
      count(u.outputTokens, defect: defect, target: .negative)
      w.key("service_tier")
      w.literal(call.batch ? "batch" : "standard")
      w.endObject()
    }
    w.endObject()
  }
}
