/// tiktoken's byte-pair merge for one piece: start from single bytes and repeatedly merge the
/// adjacent pair whose concatenation has the lowest rank (the leftmost such pair on a tie) until no
/// adjacent pair is a token.
///
/// Pieces up to `defaultLinearLimit` (128) bytes use tiktoken's own quadratic scan over small arrays (fastest
/// for the short pieces that make up nearly all text). Longer pieces (long runs of one character,
/// base64 blobs) use a binary heap over a linked list, O(n log n), with the same merge order.
/// Owns its scratch buffers; not thread-safe.
struct BytePairMerger {
  /// Pieces longer than this use the heap-based merge by default.
  static let defaultLinearLimit = 128

  private let pairs: PairRankTable
  private let byteRanks: UnsafePointer<UInt32>
  /// After `merge`, the piece's token ids are `output[0..<n]`.
  private(set) var output: UnsafeMutablePointer<UInt32>
  private var ranks: UnsafeMutablePointer<UInt32>
  private var capacity: Int
  private var heap = MergeHeap()
  /// Pieces longer than this use the heap-based merge.
  let linearLimit: Int

  init(encoding: BPEEncoding, linearLimit: Int = BytePairMerger.defaultLinearLimit) {
    self.linearLimit = linearLimit
    pairs = encoding.pairs
    byteRanks = UnsafePointer(encoding.byteRanks)
    capacity = 256
    output = .allocate(capacity: capacity)
    ranks = .allocate(capacity: capacity)
  }

  /// Frees the scratch buffers; the merger must not be used afterwards.
  func deallocate() {
    output.deallocate()
    ranks.deallocate()
    heap.deallocate()
  }

  /// Merges the `length` (>= 1) bytes at `p`; the result is `output[0..<returned count]`.
  mutating func merge(_ p: UnsafePointer<UInt8>, _ length: Int) -> Int {
    if length > capacity { grow(to: length) }
    if length > linearLimit { return heap.merge(p, length, pairs: pairs, byteRanks: byteRanks, into: output) }
    let tokens = output
    let ranks = self.ranks
    let pairs = self.pairs
    for k in 0..<length { tokens[k] = byteRanks[Int(p[k])] }
    var count = length
    var minRank = PairRankTable.noMerge
    var minIndex = 0
    for k in 0..<count - 1 {
      let rank = pairs.lookup(tokens[k], tokens[k + 1])
      ranks[k] = rank
      if rank < minRank {
        minRank = rank
        minIndex = k
      }
    }
    while minRank != PairRankTable.noMerge {
      let i = minIndex
      tokens[i] = minRank
      // Remove token i + 1 and rank i + 1 (the pair it started).
      let tail = count - i - 2
      if tail > 0 {
        (tokens + i + 1).update(from: tokens + i + 2, count: tail)
        (ranks + i + 1).update(from: ranks + i + 2, count: tail - 1)
      }
      count -= 1
      if i > 0 { ranks[i - 1] = pairs.lookup(tokens[i - 1], tokens[i]) }
      if i < count - 1 { ranks[i] = pairs.lookup(tokens[i], tokens[i + 1]) }
      minRank = PairRankTable.noMerge
      for k in 0..<count - 1 where ranks[k] < minRank {
        minRank = ranks[k]
        minIndex = k
      }
    }
    return count
  }

  private mutating func grow(to length: Int) {
    output.deallocate()
    ranks.deallocate()
    capacity = max(length, capacity * 2)
    output = .allocate(capacity: capacity)
    ranks = .allocate(capacity: capacity)
  }
}
