extension SampleLogGenerator {
  /// A kind of waste an agent was built to show; the analyzer should find these and no others.
  public enum Waste: String, Sendable, Codable, CaseIterable, Comparable {
    /// Short, simple outputs (labels, small JSON) from an expensive model.
    case modelRouting = "model-routing"
    /// Growing history or retrieved chunks and tool results re-sent on every call.
    case contextGrowth = "context-growth"
    /// A large stable prefix sent without prompt caching on some calls.
    case missingPromptCache = "missing-prompt-cache"
    /// Many tool definitions sent, few ever called.
    case unusedTools = "unused-tools"
    /// A per-call timestamp at the top of the system prompt breaks prefix caching.
    case cacheBustingPrefix = "cache-busting-prefix"
    /// Bursts of independent calls with the same instructions, not sent through a batch API.
    case batching = "batching"
    /// The same request sent again (exact repeats, paraphrases, look-alikes).
    case duplicateRequests = "duplicate-requests"
    /// Outputs cut at the token limit and asked again.
    case truncatedOutputs = "truncated-outputs"
    /// Prompts above 200k tokens (long-context price tier).
    case longContext = "long-context"

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
  }

  /// What one agent did and was meant to waste.
  public struct AgentTruth: Sendable, Codable, Equatable {
    /// The `agent` label.
    public var agent: String
    /// The provider families it called.
    public var providers: [String]
    /// Models it called, sorted.
    public var models: [String]
    /// Phases it logged, sorted.
    public var phases: [String]
    /// Records written: failed attempts and records with a deliberately defective `usage`
    /// included, standalone malformed lines excluded.
    public var calls: Int
    /// Attempts that returned an error status.
    public var failedCalls: Int
    /// Successful records logged without `usage`.
    public var callsWithoutUsage: Int
    /// Records with `batch: true`.
    public var batchCalls: Int
    /// Sum of the usage of every record that carries a valid one (truncated attempts included).
    public var usage: TokenUsage
    /// Tools defined in its requests, sorted.
    public var toolsDefined: [String]
    /// Tools it actually called, sorted.
    public var toolsCalled: [String]
    /// The waste it was built to show, sorted.
    public var intendedWaste: [Waste]
  }

  /// Two requests identical except for one entity (order number, customer name, date).
  public struct LookAlike: Sendable, Codable, Equatable {
    /// The earlier request.
    public var first: String
    /// The later request.
    public var second: String
    /// Which entity differs: `order`, `customer` or `date`.
    public var entity: String
  }

  /// Failed attempts followed by the same request that succeeded.
  public struct Retry: Sendable, Codable, Equatable {
    /// Request ids of the failed attempts, in order.
    public var failed: [String]
    /// Their HTTP statuses.
    public var statuses: [Int]
    /// The request id of the successful attempt.
    public var succeeded: String
  }

  /// An output cut at `max_tokens` and the request asked again with a higher limit.
  public struct Truncation: Sendable, Codable, Equatable {
    /// The truncated call (`finish_reason: length` / `stop_reason: max_tokens`).
    public var truncated: String
    /// The call that asked again.
    public var reasked: String
  }

  /// Kinds of deliberately bad lines written in malformed mode.
  public enum MalformedKind: String, Sendable, Codable, CaseIterable {
    /// A record cut off in the middle (not valid JSON).
    case truncatedJSON = "truncated-json"
    /// A record whose strings hold invalid UTF-8 bytes.
    case invalidUTF8 = "invalid-utf8"
    /// A JSON array (holding a copy of the previous record) instead of an object.
    case jsonArray = "json-array"
    /// A record whose `usage` has a count of the wrong type (`"abc"`).
    case wrongUsageType = "wrong-usage-type"
    /// A record whose `usage` has a negative output count.
    case negativeTokens = "negative-tokens"
    /// An empty line.
    case blankLine = "blank-line"
    /// A valid record ending in CRLF (must still be read).
    case crlfLine = "crlf-line"
  }

  /// One deliberately bad line.
  public struct MalformedLine: Sendable, Codable, Equatable {
    /// The file name (no directory).
    public var file: String
    /// The 1-based line number.
    public var line: Int
    /// What is wrong with it.
    public var kind: MalformedKind
    /// The record's request id, for record-bound kinds (wrong type, negative, CRLF).
    public var requestID: String?
  }

  /// What the generator put in the logs on purpose: the answers an analyzer should find.
  ///
  /// Nothing of this is marked in the logs themselves. Groups list the request ids of successful
  /// attempts; failed attempts appear only in `retries`.
  public struct GroundTruth: Sendable, Codable, Equatable {
    /// File names written, in order.
    public var files: [String]
    /// Lines written (malformed ones included).
    public var lines: Int
    /// Records written (valid envelope objects, failed attempts included).
    public var records: Int
    /// Uncompressed bytes written.
    public var uncompressedBytes: Int
    /// The earliest record timestamp (epoch milliseconds).
    public var firstTimestampMS: Int64
    /// The latest record timestamp (epoch milliseconds).
    public var lastTimestampMS: Int64
    /// Per agent, sorted by name.
    public var agents: [AgentTruth]
    /// Groups of byte-identical request bodies (the first is the original).
    public var exactRepeats: [[String]]
    /// Groups of requests asking the same thing in other words (same entities).
    public var paraphrases: [[String]]
    /// Pairs of requests that differ only in one entity.
    public var lookAlikes: [LookAlike]
    /// Failed attempts and their successful retry.
    public var retries: [Retry]
    /// Truncated outputs and their re-asks.
    public var truncations: [Truncation]
    /// Calls whose prompt is above 200k tokens.
    public var longContext: [String]
    /// Calls whose system prompt starts with a timestamp.
    public var timestampedPrompts: [String]
    /// Successful calls logged without usage.
    public var missingUsage: [String]
    /// Deliberately bad lines (malformed mode only).
    public var malformedLines: [MalformedLine]

    /// The truth of one agent.
    ///
    /// - Parameter name: The agent label.
    /// - Returns: Its truth, or `nil` if it made no calls.
    public func agent(_ name: String) -> AgentTruth? {
      agents.first { $0.agent == name }
    }
  }
}
