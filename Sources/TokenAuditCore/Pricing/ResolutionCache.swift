import Foundation

/// A locked memo of `PriceTable.resolve(model:provider:)` answers, unknown models included.
final class ResolutionCache: @unchecked Sendable {
  // Bounded so that logs with unbounded distinct model ids cannot grow it without limit; past the
  // bound answers are computed each time (resolution is pure, only slower).
  static let capacity = 16_384
  private let lock = NSLock()
  private var answers: [String: ResolvedModel?] = [:]

  func lookup(_ key: String) -> ResolvedModel?? {
    lock.lock()
    defer { lock.unlock() }
    return answers[key]
  }

  func store(_ key: String, _ value: ResolvedModel?) {
    lock.lock()
    defer { lock.unlock() }
    if answers.count < Self.capacity { answers[key] = .some(value) }
  }
}
