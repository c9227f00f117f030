import Testing

@testable import TokenAuditCore

extension Formats {
  /// OpenAI Agents SDK trace spans: generation spans are the calls, their agent is the agent span
  /// above them (exported after them), and the SDK's bare response spans are reported, not guessed.
  @Suite struct OpenAIAgentsReaderTests {
    @Test func generationSpansAreCallsOfTheirAgents() throws {
      let result = FormatFixtures.ingest("openai-agents/traces.jsonl")
      #expect(result.stats.linesByFormat == ["openai-agents": 9])
      #expect(result.stats.contextLines == 5)
      let r = result.records
      #expect(r.count == 3)
      #expect(r.map(\.agent) == ["Triage", "Billing", "Billing"])
      #expect(r.allSatisfy { $0.traceID == "trace_9f1c" && $0.labels["workflow_name"] == "Customer service" })
      #expect(r[0].model == "gpt-4o-mini" && r[0].usage == TokenUsage(inputTokens: 410, outputTokens: 12))
      #expect(r[0].system == "You are the triage agent. Hand off billing questions.")
      #expect(r[0].messages.map(\.text) == ["I was charged twice for order 12345"])
      #expect(r[0].responseToolCalls.map(\.name) == ["transfer_to_billing"] && r[0].finishReason == "tool_calls")
      #expect(r[0].maxOutputTokens == 256 && r[0].latencyMS == 1200)
      // Responses names: the cached tokens are inside input_tokens.
      #expect(r[1].usage == TokenUsage(inputTokens: 2600, cacheReadTokens: 2048, outputTokens: 40))
      #expect(r[1].messages.last?.toolResults.first?.toolCallID == "call_2")
      #expect(r[1].responseText == "I see two charges of $42 on order 12345; I have refunded one.")
      #expect(r[2].isFailure && r[2].errorType == "Error code: 429 - rate limit" && r[2].usage == nil)
      // The response span the SDK exports with only its id: a call the export left unpriceable.
      #expect(result.issues.map(\.kind) == [.missingField])
      #expect(result.issues.first?.message.contains("response span without usage or model") == true)
    }

    /// The trace's labels arrive at the end of the file; the field mappings still see them.
    @Test func fieldMappingsSeeLabelsGivenAtTheEnd() {
      var options = IngestOptions()
      options.phaseField = "workflow_name"
      options.traceField = "group_id"
      let result = FormatFixtures.ingest("openai-agents/traces.jsonl", options: options)
      #expect(result.records.allSatisfy { $0.phase == "Customer service" && $0.traceID == "conv_77" })
    }
  }
}
