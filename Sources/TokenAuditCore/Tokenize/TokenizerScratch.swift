import Foundation

/// The mutable working state of a `BPETokenizer`: piece caches and merge buffers.
///
/// Holds raw pointers into its encoding's tables but no reference to the encoding, so an encoding
/// can keep idle scratch states in its `ScratchPool` without a reference cycle. Used by one thread
/// at a time.
final class TokenizerScratch {
  /// Size of `pending`, in token ids.
  static let pendingCapacity = 4096

  /// The merge buffers.
  var merger: BytePairMerger
  /// Cache for pieces of up to `PieceCache.maxPieceLength` bytes, or nil when caching is off.
  let cache: PieceCache?
  /// Cache for longer pieces, or nil when caching is off.
  var longCache: LongPieceCache?
  /// Staging area for `BPETokenizer.encode(_:into:)`.
  let pending: UnsafeMutablePointer<UInt32>

  /// Allocates the state for `encoding`.
  ///
  /// - Parameters:
  ///   - encoding: The encoding whose tables the merger reads (must outlive this object).
  ///   - cacheCapacity: Piece-cache entries; 0 disables both caches.
  init(encoding: BPEEncoding, cacheCapacity: Int) {
    merger = BytePairMerger(encoding: encoding)
    pending = .allocate(capacity: Self.pendingCapacity)
    cache = cacheCapacity > 0 ? PieceCache(capacity: cacheCapacity) : nil
    // Long pieces are about 1 in 200; an eighth of the slots is plenty.
    longCache = cacheCapacity > 0 ? LongPieceCache(capacity: max(cacheCapacity / 8, 64)) : nil
  }

  deinit {
    merger.deallocate()
    pending.deallocate()
    cache?.deallocate()
  }
}

/// Idle `TokenizerScratch` states of one encoding, so that `BPEEncoding.encode`/`count` reuse warm
/// caches across calls and threads. Thread-safe (a lock around an array).
final class ScratchPool: @unchecked Sendable {
  /// The most idle states kept (the CLI runs on two cores).
  static let maxIdle = 4

  private let lock = NSLock()
  private var idle: [TokenizerScratch] = []

  /// An idle state, or nil if there is none.
  func take() -> TokenizerScratch? {
    lock.lock()
    defer { lock.unlock() }
    return idle.popLast()
  }

  /// Returns a state for reuse (dropped if enough are idle).
  func put(_ scratch: TokenizerScratch) {
    lock.lock()
    defer { lock.unlock() }
    if idle.count < Self.maxIdle { idle.append(scratch) }
  }
}
