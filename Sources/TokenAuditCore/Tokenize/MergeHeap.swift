/// The O(n log n) byte-pair merge for long pieces: a doubly linked list of parts and a binary
/// min-heap of candidate merges keyed by `(rank, position)`, so the lowest rank wins and ties go
/// to the leftmost pair, exactly as in tiktoken's quadratic loop. Stale heap entries (a part that
/// was merged away or changed) are skipped when popped.
struct MergeHeap {
  private var tokens: UnsafeMutablePointer<UInt32>
  private var next: UnsafeMutablePointer<Int32>
  private var previous: UnsafeMutablePointer<Int32>
  private var entries: UnsafeMutablePointer<UInt64>
  private var capacity = 0
  private var heapCount = 0

  init() {
    tokens = .allocate(capacity: 1)
    next = .allocate(capacity: 1)
    previous = .allocate(capacity: 1)
    entries = .allocate(capacity: 1)
  }

  func deallocate() {
    tokens.deallocate()
    next.deallocate()
    previous.deallocate()
    entries.deallocate()
  }

  /// Merges the `length` bytes at `p` and writes the token ids to `output`; returns their count.
  mutating func merge(
    _ p: UnsafePointer<UInt8>, _ length: Int, pairs: PairRankTable, byteRanks: UnsafePointer<UInt32>,
    into output: UnsafeMutablePointer<UInt32>
  ) -> Int {
    reserve(length)
    heapCount = 0
    for k in 0..<length {
      tokens[k] = byteRanks[Int(p[k])]
      next[k] = Int32(k + 1)
      previous[k] = Int32(k - 1)
    }
    next[length - 1] = -1
    for k in 0..<length - 1 {
      let rank = pairs.lookup(tokens[k], tokens[k + 1])
      if rank != PairRankTable.noMerge { push(rank, k) }
    }
    while heapCount > 0 {
      let top = pop()
      let rank = UInt32(truncatingIfNeeded: top >> 32)
      let i = Int(truncatingIfNeeded: top & 0xFFFF_FFFF)
      // A removed part has previous == -2; a changed pair has a different rank now.
      guard previous[i] != -2 else { continue }
      let j = Int(next[i])
      guard j >= 0, pairs.lookup(tokens[i], tokens[j]) == rank else { continue }
      tokens[i] = rank
      let after = next[j]
      next[i] = after
      if after >= 0 { previous[Int(after)] = Int32(i) }
      previous[j] = -2
      if after >= 0 {
        let right = pairs.lookup(tokens[i], tokens[Int(after)])
        if right != PairRankTable.noMerge { push(right, i) }
      }
      let before = Int(previous[i])
      if before >= 0 {
        let left = pairs.lookup(tokens[before], tokens[i])
        if left != PairRankTable.noMerge { push(left, before) }
      }
    }
    var count = 0
    var k = 0
    while k >= 0 {
      output[count] = tokens[k]
      count += 1
      k = Int(next[k])
    }
    return count
  }

  private mutating func reserve(_ length: Int) {
    guard length > capacity else { return }
    deallocate()
    capacity = max(length, capacity * 2)
    tokens = .allocate(capacity: capacity)
    next = .allocate(capacity: capacity)
    previous = .allocate(capacity: capacity)
    // Each merge pushes at most two entries: the initial n - 1 plus 2 per merge (< n).
    entries = .allocate(capacity: capacity * 3)
  }

  private mutating func push(_ rank: UInt32, _ position: Int) {
    var child = heapCount
    let entry = UInt64(rank) << 32 | UInt64(position)
    heapCount += 1
    while child > 0 {
      let parent = (child - 1) >> 1
      if entries[parent] <= entry { break }
      entries[child] = entries[parent]
      child = parent
    }
    entries[child] = entry
  }

  private mutating func pop() -> UInt64 {
    let top = entries[0]
    heapCount -= 1
    let last = entries[heapCount]
    var parent = 0
    while true {
      var child = parent * 2 + 1
      if child >= heapCount { break }
      if child + 1 < heapCount && entries[child + 1] < entries[child] { child += 1 }
      if last <= entries[child] { break }
      entries[parent] = entries[child]
      parent = child
    }
    entries[parent] = last
    return top
  }
}
