/// The detectors of a run, in a fixed order.
public enum DetectorRegistry {
  /// Every detector. Order matters only for the order of equal-money findings in the report.
  // An immutable list of metatypes: safe to share between threads.
  nonisolated(unsafe) public static let all: [any Detector.Type] = [
    // Advisor detectors (issue 6).
    ReliabilityDetector.self,
    ModelRoutingDetector.self,
    SystemPromptBloatDetector.self,
    HistoryGrowthDetector.self,
    RetrievalDumpDetector.self,
    UnusedToolsDetector.self,
    PromptWhitespaceDetector.self,
    BatchingDetector.self,
    CallMergingDetector.self,
    // Caching (week 4). Independent of each other: similar-calls leaves identical requests to
    // exact-repeats, and prompt-caching prices the prefix of every call.
    ExactRepeatsDetector.self,
    SimilarCallsDetector.self,
    PromptCachingDetector.self,
  ]
}
