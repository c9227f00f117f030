import Foundation

/// A shared work list of `count` numbered jobs and a result slot per job, for worker threads:
/// each takes the next job number, puts its result in the job's slot, and the caller reads the
/// slots in job order afterwards, so results never depend on scheduling.
final class WorkSlots<Result>: @unchecked Sendable {
  private let lock = NSLock()
  private var next = 0
  private let count: Int
  private var slots: [Result?]
  private var total = 0

  /// Creates the list of jobs 0..<count.
  init(count: Int) {
    self.count = count
    slots = Array(repeating: nil, count: count)
  }

  /// The next job number, or nil when every job has been taken.
  func take() -> Int? {
    lock.lock()
    defer { lock.unlock() }
    guard next < count else { return nil }
    next += 1
    return next - 1
  }

  /// Stores the result of job `index`.
  func put(_ index: Int, _ result: Result) {
    lock.lock()
    slots[index] = result
    lock.unlock()
  }

  /// Moves out the result of job `index`.
  func result(_ index: Int) -> Result? {
    lock.lock()
    defer { lock.unlock() }
    let r = slots[index]
    slots[index] = nil
    return r
  }

  /// The results of the finished jobs, in job order.
  func results() -> [Result] {
    lock.lock()
    defer { lock.unlock() }
    return slots.compactMap { $0 }
  }

  /// Adds to a running total the workers share (e.g. bytes read, for progress) and returns it.
  func addToTotal(_ n: Int) -> Int {
    lock.lock()
    defer { lock.unlock() }
    total += n
    return total
  }
}
