/// One log line to be: a call attempt with its id, time and outcome.
struct SampleRecord {
  /// How the attempt ended.
  enum Outcome {
    case success
    /// An HTTP error (429, 500, 529…) with an error body and no usage.
    case failure(status: Int)
  }

  var call: SampleCall
  var requestID: String
  /// Provider id of the response (`chatcmpl-…`, `msg_01…`) or of the error (`req_011C…`).
  var responseID: String
  var timeMS: Int64
  var latencyMS: Int
  /// Creation order, to keep sorting stable for equal timestamps.
  var sequence: Int
  var outcome: Outcome
  /// A successful response logged without `usage` (a stream without usage reporting).
  var omitUsage = false

  var isSuccess: Bool {
    if case .success = outcome { return true }
    return false
  }
}

/// Token counts of one call in canonical form (see `TokenUsage`).
struct SampleUsage {
  var promptTokens = 0
  var cacheReadTokens = 0
  var cacheWrite5mTokens = 0
  var cacheWrite1hTokens = 0
  var outputTokens = 0
  var reasoningTokens = 0

  /// Anthropic `input_tokens`: the prompt minus cache reads and writes.
  var uncachedInputTokens: Int { promptTokens - cacheReadTokens - cacheWrite5mTokens - cacheWrite1hTokens }

  var tokenUsage: TokenUsage {
    TokenUsage(
      inputTokens: promptTokens, cacheReadTokens: cacheReadTokens, cacheWrite5mTokens: cacheWrite5mTokens,
      cacheWrite1hTokens: cacheWrite1hTokens, outputTokens: outputTokens, reasoningTokens: reasoningTokens)
  }
}

/// Splits each call's prompt into uncached, cache-read and cache-write tokens, replaying the
/// providers' prompt caches in time order.
///
/// Anthropic caches only at `cache_control` breakpoints, for 5 minutes or 1 hour after the last
/// use, above a minimum length. OpenAI caches automatically for prompts of 1024+ tokens, in
/// 128-token steps, for about 5–10 minutes of inactivity (modelled as 10). State is bounded:
/// trace entries are dropped at each day's end and prefix entries after an hour unused.
final class SampleUsageModel {
  private var prefixLastUse: [String: Int64] = [:]
  private var traceLast: [String: (tokens: Int, time: Int64)] = [:]
  private static let fiveMinutes: Int64 = 300_000
  private static let tenMinutes: Int64 = 600_000
  private static let oneHour: Int64 = 3_600_000

  /// The usage of a call that ran at `time`; updates the cache state.
  func usage(for call: SampleCall, at time: Int64) -> SampleUsage {
    var u = SampleUsage()
    u.promptTokens = call.promptTokens
    u.outputTokens = call.finish == .length ? call.maxTokens : call.outputTokens
    u.reasoningTokens = min(call.reasoningTokens, u.outputTokens)
    switch call.provider {
    case .anthropic: anthropicCache(call, time, &u)
    case .openAI: openAICache(call, time, &u)
    }
    return u
  }

  /// Forgets per-trace state (traces never span days) and stale prefixes.
  func endDay(at time: Int64) {
    traceLast.removeAll(keepingCapacity: true)
    prefixLastUse = prefixLastUse.filter { time - $0.value <= Self.oneHour }
  }

  private func anthropicCache(_ call: SampleCall, _ time: Int64, _ u: inout SampleUsage) {
    guard let system = call.system, system.cache != .none, system.header == nil else { return }
    let prefix = call.stablePrefixTokens
    guard prefix >= call.model.minCacheTokens else { return }
    let ttl = system.cache == .ephemeral1h ? Self.oneHour : Self.fiveMinutes
    let key = call.prefixKey
    if let last = prefixLastUse[key], time - last <= ttl {
      u.cacheReadTokens += prefix
    } else if system.cache == .ephemeral1h {
      u.cacheWrite1hTokens += prefix
    } else {
      u.cacheWrite5mTokens += prefix
    }
    prefixLastUse[key] = time
    guard call.cacheLastMessage else { return }
    // Everything up to the breakpoint on the last block; a few framing tokens stay uncached.
    let messages = max(0, u.promptTokens - prefix - 3)
    let traceKey = call.traceID + "|" + call.model.name
    if let last = traceLast[traceKey], time - last.time <= Self.fiveMinutes, last.tokens <= messages {
      u.cacheReadTokens += last.tokens
      u.cacheWrite5mTokens += messages - last.tokens
    } else {
      u.cacheWrite5mTokens += messages
    }
    traceLast[traceKey] = (messages, time)
  }

  private func openAICache(_ call: SampleCall, _ time: Int64, _ u: inout SampleUsage) {
    guard call.system?.header == nil else { return }
    var shared = 0
    let key = call.prefixKey
    if let last = prefixLastUse[key], time - last <= Self.tenMinutes { shared = call.stablePrefixTokens }
    prefixLastUse[key] = time
    let traceKey = call.traceID + "|" + call.model.name
    if call.extendsTracePrefix, let last = traceLast[traceKey], time - last.time <= Self.tenMinutes {
      shared = max(shared, last.tokens)
    }
    traceLast[traceKey] = (u.promptTokens, time)
    if u.promptTokens >= 1024 && shared >= 1024 {
      u.cacheReadTokens = min(u.promptTokens, shared) / 128 * 128
    }
  }
}
