import Testing

@testable import TokenAuditCore

extension Formats {
  @Suite struct BedrockInvocationReaderTests {
    @Test func invocationLogRecordsOfEachOperation() throws {
      let result = FormatFixtures.ingest("bedrock-invocation/invocations.jsonl")
      #expect(result.issues.isEmpty, "\(result.issues)")
      #expect(result.stats.linesByFormat == ["bedrock-invocation": 5])
      let records = result.records
      try #require(records.count == 5)

      // InvokeModel through an inference profile ARN: the Anthropic body's usage, cache reads added.
      let invoke = records[0]
      #expect(invoke.model == "us.anthropic.claude-3-7-sonnet-20250219-v1:0")
      #expect(invoke.provider == "bedrock")
      #expect(invoke.labels["inference_profile"] == "us.anthropic.claude-3-7-sonnet-20250219-v1:0")
      #expect(invoke.usage == TokenUsage(inputTokens: 1820, cacheReadTokens: 1800, outputTokens: 2))
      #expect(invoke.agent == "support-triage")
      #expect(invoke.phase == "classify")
      #expect(invoke.traceID == "wf-9001")
      #expect(invoke.system == "You triage support tickets.")
      #expect(invoke.systemCacheControl)
      #expect(invoke.responseText == "shipping")
      #expect(invoke.status == 200)
      #expect(invoke.timestampMS == Timestamp.parseISO("2026-11-20T10:00:00Z"))
      #expect(invoke.labels["identity"] == "arn:aws:sts::123456789012:assumed-role/agents-prod/support")

      // Converse, bodies as JSON text: Converse usage (cache writes added), tools, tool call, latency.
      let converse = records[1]
      #expect(converse.model == "anthropic.claude-3-5-haiku-20241022-v1:0")
      #expect(converse.usage == TokenUsage(inputTokens: 2300, cacheWrite5mTokens: 2000, outputTokens: 40))
      #expect(converse.agent == "summariser")  // `Agent`, any case
      #expect(converse.phase == "draft")
      #expect(converse.system == "You summarise tickets.")
      #expect(converse.systemCacheControl)
      #expect(converse.tools.map(\.name) == ["get_ticket"])
      #expect(converse.responseToolCalls.map(\.name) == ["get_ticket"])
      #expect(converse.responseText == "Let me fetch it.")
      #expect(converse.finishReason == "tool_calls")
      #expect(converse.latencyMS == 910)
      #expect(converse.maxOutputTokens == 512)

      // A stream: usage once, from message_start overlaid by message_delta; text joined.
      let stream = records[2]
      #expect(stream.streamed)
      #expect(stream.usage == TokenUsage(inputTokens: 900, outputTokens: 12))
      #expect(stream.responseText == "Refund approved.")
      #expect(stream.messages.map(\.text) == ["Can I get a refund for order #12345?"])

      // Llama: the record's counts; prompt and generation kept as text.
      let llama = records[3]
      #expect(llama.usage == TokenUsage(inputTokens: 15, outputTokens: 12))
      #expect(llama.responseText == "\n\nThe capital of Sudan is Khartoum.")
      #expect(llama.messages.count == 1)

      // An application inference profile names no model: the call is kept under the profile.
      let profile = records[4]
      #expect(profile.model == "application-inference-profile/a1b2c3d4e5f6")
      #expect(profile.usage == TokenUsage(inputTokens: 5000, outputTokens: 300))
    }

    @Test func modelIDsAndARNs() {
      #expect(
        BedrockInvocationReader.modelID("anthropic.claude-3-haiku-20240307-v1:0").model
          == "anthropic.claude-3-haiku-20240307-v1:0")
      let foundation = BedrockInvocationReader.modelID(
        "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0")
      #expect(foundation.model == "anthropic.claude-3-haiku-20240307-v1:0")
      #expect(foundation.profile == nil)
      let app = BedrockInvocationReader.modelID(
        "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/xyz")
      #expect(app.model == nil)
      #expect(app.profile == "application-inference-profile/xyz")
      #expect(BedrockInvocationReader.modelID(nil).model == nil)
    }

    @Test func recordCountsExcludeTheCacheAndBadCountsWarn() throws {
      try UsageSemanticsTests.withJSON(
        #"{"i": {"inputTokenCount": 10, "cacheReadInputTokenCount": 90, "cacheWriteInputTokenCount": 5}, "o": {"outputTokenCount": 3}}"#
      ) { root in
        var sink = RecordSink()
        let usage = BedrockInvocationReader.countUsage(
          input: root["i"], output: root["o"], sink: &sink, at: SourceLocation(file: "x", line: 1))
        #expect(usage == TokenUsage(inputTokens: 105, cacheReadTokens: 90, cacheWrite5mTokens: 5, outputTokens: 3))
        #expect(sink.warnings.isEmpty)
      }
      try UsageSemanticsTests.withJSON(#"{"i": {"inputTokenCount": -1}, "o": {"outputTokenCount": 3}}"#) { root in
        var sink = RecordSink()
        let usage = BedrockInvocationReader.countUsage(
          input: root["i"], output: root["o"], sink: &sink, at: SourceLocation(file: "x", line: 1))
        #expect(usage == nil)
        #expect(sink.warnings.map(\.kind) == [.invalidUsage])
      }
    }
  }
}
