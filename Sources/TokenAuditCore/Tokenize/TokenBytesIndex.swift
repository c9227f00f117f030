import Foundation

/// A temporary index from token bytes to rank, used while an encoding is built.
struct TokenBytesIndex {
  private var slots: [UInt32]
  private let mask: Int
  private let file: RankFile

  /// Indexes every token of `file`.
  init(_ file: RankFile) {
    var capacity = 16
    while capacity < file.rankCount * 2 { capacity <<= 1 }
    slots = [UInt32](repeating: UInt32.max, count: capacity)
    mask = capacity - 1
    self.file = file
    file.bytes.withUnsafeBytes { raw in
      for rank in 0..<file.rankCount {
        let start = Int(file.offsets[rank])
        let end = Int(file.offsets[rank + 1])
        guard end > start, let base = raw.baseAddress else { continue }
        var index = Int(truncatingIfNeeded: ContentHash.hash(base + start, end - start, seed: 0)) & mask
        while slots[index] != UInt32.max { index = (index + 1) & mask }
        slots[index] = UInt32(rank)
      }
    }
  }

  /// The rank of the token whose bytes are `length` bytes at `p`, if any.
  func rank(of p: UnsafeRawPointer, _ length: Int, in raw: UnsafeRawBufferPointer) -> UInt32? {
    guard let base = raw.baseAddress else { return nil }
    var index = Int(truncatingIfNeeded: ContentHash.hash(p, length, seed: 0)) & mask
    while true {
      let rank = slots[index]
      if rank == UInt32.max { return nil }
      let start = Int(file.offsets[Int(rank)])
      if Int(file.offsets[Int(rank) + 1]) - start == length && memcmp(base + start, p, length) == 0 {
        return rank
      }
      index = (index + 1) & mask
    }
  }

  /// Every way to split a token into two tokens: `(left, right, merged)` ranks.
  func mergePairs() -> [(left: UInt32, right: UInt32, merged: UInt32)] {
    var pairs: [(left: UInt32, right: UInt32, merged: UInt32)] = []
    pairs.reserveCapacity(file.rankCount * 3)
    file.bytes.withUnsafeBytes { raw in
      guard let base = raw.baseAddress else { return }
      for rank in 0..<file.rankCount {
        let start = Int(file.offsets[rank])
        let length = Int(file.offsets[rank + 1]) - start
        guard length >= 2 else { continue }
        for split in 1..<length {
          guard let left = self.rank(of: base + start, split, in: raw),
            let right = self.rank(of: base + start + split, length - split, in: raw)
          else { continue }
          pairs.append((left, right, UInt32(rank)))
        }
      }
    }
    return pairs
  }
}
