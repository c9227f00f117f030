/// The log formats tokenaudit reads, in detection order.
public enum FormatRegistry {
  /// Every reader, most specific first: a line goes to the first whose `matches` accepts it.
  ///
  /// Ordering constraints:
  /// - Langfuse before Claude Code: Langfuse observation rows may carry a `sessionId`, which is
  ///   Claude Code's marker; Langfuse's own test (upper-case observation `type`, `traceId`,
  ///   `startTime`) is stricter.
  /// - LiteLLM, the batch formats and OpenAI Responses before the native envelope: their lines also
  ///   carry `request`/`response`/`body` objects (LiteLLM `response`, OpenAI Batch output
  ///   `response.body`, Responses stream events `response`).
  /// - Anthropic batch before OpenAI batch: both are keyed by `custom_id`; Anthropic's lines have
  ///   `result` or `params`, which the OpenAI reader declines.
  /// - Helicone before the native envelope and the bare bodies: its rows carry `request_body` and
  ///   `response_body`, which the others ignore, and nothing else claims `request_created_at`.
  /// - The native envelope is next to last: it accepts any line with a `request` or `response` object.
  /// - Flat usage records are last: any object with a model and token counts, which every format
  ///   above also has somewhere, in a shape of its own.
  // An immutable list of metatypes: safe to share between threads.
  nonisolated(unsafe) public static let all: [any LogFormatReader.Type] = [
    OTelGenAIReader.self,
    OTelLogsReader.self,
    LangfuseReader.self,
    LangSmithReader.self,
    OpenAIAgentsReader.self,
    ClaudeCodeReader.self,
    CodexRolloutReader.self,
    LiteLLMReader.self,
    HeliconeReader.self,
    BedrockInvocationReader.self,
    AnthropicBatchReader.self,
    OpenAIBatchReader.self,
    OpenAIResponsesReader.self,
    GeminiReader.self,
    StreamEventsReader.self,
    HTTPRecordingReader.self,
    BareBodyReader.self,
    NativeEnvelopeReader.self,
    FlatUsageReader.self,
  ]

  /// Bumped whenever a reader reads lines differently (a new format, a changed usage rule), so that
  /// the incremental cache reads files again instead of reusing what older readers made of them.
  /// 2: timestamps 2000–2099 only, envelope bodies by shape, Helicone, Bedrock invocation logs,
  /// wrapped and prefixed lines, service tiers, DeepSeek and Moonshot cache hits.
  /// 3: OpenInference spans; a span's total tokens decide whether its input includes the cache;
  /// flat usage records; Gemini lines need a response marker besides `usageMetadata`; dates with
  /// month names (HTTP, common log format) and slashes; envelope bodies under other names or as
  /// JSON text; envelopes in `payload`/`data`/`event`/`record`; web searches; LangSmith runs.
  /// 4: OTLP log events (Claude Code, Gemini CLI, Codex, GenAI); Vercel AI SDK spans; Cohere and
  /// Ollama bodies and records; Gemini's snake_case usage names; OpenAI Agents SDK trace spans;
  /// Google ADK spans; UTF-16 files; flat records' counts under a logger's own names; stream events
  /// one per line; recorded HTTP interactions; SSE captures; Claude Code spans.
  public static let revision = 4

  /// The display name of a format id.
  public static func displayName(_ id: String) -> String {
    all.first { $0.id == id }?.displayName ?? id
  }
}
