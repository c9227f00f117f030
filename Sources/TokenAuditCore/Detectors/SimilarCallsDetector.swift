/// Placeholder.
struct SimilarCallsDetector {
  static let defaultThreshold = 0.8
}
