import Foundation
import Testing

@testable import TokenAuditCore

extension Formats {
  /// Mutated fixture lines (numbers made negative, huge or text; objects made arrays; strings made
  /// objects) must never crash a reader, and bad counts must never become records with negative usage.
  @Suite struct MutatedFormatLinesTests {
    static let files = [
      "claude-code/projects/-workspace-example-app/88a8d761-7b9a-4bf1-a8ca-c1febe6bf358.jsonl",
      "codex/rollout-2026-05-13T08-59-59-aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa.jsonl",
      "openai-responses/responses.jsonl", "openai-batch/batch-input-and-output.jsonl",
      "anthropic-batch/results.jsonl", "litellm/standard_logging_payload.jsonl", "litellm/spend_logs.jsonl",
      "langfuse/ingestion-batch.jsonl", "langfuse/observations-export.jsonl", "otel-genai/export-lines.jsonl",
      "gemini/responses.jsonl", "native/streams.jsonl", "native/gemini-envelope.jsonl",
      "helicone/export.jsonl", "bedrock-invocation/invocations.jsonl", "otel-logs/events.jsonl",
      "otel-genai/vercel-ai-sdk.jsonl", "otel-genai/adk.jsonl", "openai-agents/traces.jsonl",
      "native/other-chat-apis.jsonl", "flat-usage/ollama.jsonl", "flat-usage/records.jsonl", "langsmith/runs.jsonl",
    ]

    static let replacements: [(String, String)] = [
      (#":(\d+)"#, ":-7"), (#":(\d+)"#, ":1e300"), (#":(\d+)"#, ":\"x\""), (#":\{"#, ":[{"),
      (#":"([^"]*)""#, ":{}"), (#":(\d+)"#, ":99999999999999999999999"), (#"data: \{"#, "data: {{"),
    ]

    @Test(arguments: files) func mutatedLinesNeverCrash(_ file: String) throws {
      let text = try String(contentsOfFile: FormatFixtures.path(file), encoding: .utf8)
      let context = FileContext(path: FormatFixtures.path(file), options: IngestOptions())
      var dispatcher = RecordDispatcher(context: context, formats: FormatRegistry.all)
      let doc = JSONDocument()
      var lineNo = 0
      for line in text.split(separator: "\n") {
        for (pattern, replacement) in Self.replacements {
          let mutated = String(line).replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
          lineNo += 1
          guard (try? doc.parse(string: mutated)) != nil, doc.root.isObject else { continue }
          _ = dispatcher.dispatch(doc.root, at: SourceLocation(file: file, line: lineNo))
        }
      }
      dispatcher.finish()
      for r in dispatcher.sink.records {
        if let u = r.usage {
          #expect(u.inputTokens >= 0 && u.outputTokens >= 0 && u.cacheReadTokens >= 0 && u.uncachedInputTokens >= 0)
          #expect(u.inputTokens <= 4 * UsageParser.maxPlausibleTokens)
        }
      }
    }
  }
}
