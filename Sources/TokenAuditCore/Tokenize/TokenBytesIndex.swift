import Foundation

/// A temporary index from token bytes to rank, used while an encoding is built.
struct TokenBytesIndex {
  private var slots: [UInt32]
  private let mask: Int
  private let file: RankFile

  /// Tokens shorter than this are not indexed (`rank(of:)` finds only the longer ones).
  let minimumLength: Int

  /// Indexes the tokens of `file` of at least `minimumLength` bytes.
  init(_ file: RankFile, minimumLength: Int = 1) {
    self.minimumLength = minimumLength
    var indexed = 0
    for rank in 0..<file.rankCount where Int(file.offsets[rank + 1] - file.offsets[rank]) >= minimumLength {
      indexed += 1
    }
    var capacity = 16
    while capacity < indexed * 2 { capacity <<= 1 }
    slots = [UInt32](repeating: UInt32.max, count: capacity)
    mask = capacity - 1
    self.file = file
    file.bytes.withUnsafeBytes { raw in
      for rank in 0..<file.rankCount {
        let start = Int(file.offsets[rank])
        let end = Int(file.offsets[rank + 1])
        guard end > start, end - start >= minimumLength, let base = raw.baseAddress else { continue }
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
  ///
  /// Pieces of one byte are looked up in `byteRanks`, of 2 ... 16 bytes in `shortTokens` (both
  /// give the lowest rank of equal bytes, as this index does), longer ones in this index, which
  /// must then hold every token longer than 16 bytes.
  func mergePairs(byteRanks: [UInt32], shortTokens: ShortTokenTable) -> [(left: UInt32, right: UInt32, merged: UInt32)]
  {
    precondition(minimumLength <= PieceCache.maxPieceLength + 1)
    var pairs: [(left: UInt32, right: UInt32, merged: UInt32)] = []
    pairs.reserveCapacity(file.rankCount * 3)
    file.bytes.withUnsafeBytes { raw in
      guard let base = raw.baseAddress else { return }
      let bytes = base.assumingMemoryBound(to: UInt8.self)
      let end = bytes + raw.count
      @inline(__always) func rank(_ p: UnsafePointer<UInt8>, _ length: Int) -> UInt32? {
        if length == 1 { return byteRanks[Int(p.pointee)] }
        if length <= PieceCache.maxPieceLength {
          let r = shortTokens.lookup(PieceCache.key(p, length, end))
          return r == PairRankTable.noMerge ? nil : r
        }
        return self.rank(of: UnsafeRawPointer(p), length, in: raw)
      }
      file.offsets.withUnsafeBufferPointer { offsets in
        for token in 0..<file.rankCount {
          let start = Int(offsets[token])
          let length = Int(offsets[token + 1]) - start
          guard length >= 2 else { continue }
          for split in 1..<length {
            guard let left = rank(bytes + start, split), let right = rank(bytes + start + split, length - split)
            else { continue }
            pairs.append((left, right, UInt32(token)))
          }
        }
      }
    }
    return pairs
  }

  /// Every way to split a token into two tokens: `(left, right, merged)` ranks, all looked up in
  /// this index (which must hold every token).
  func mergePairs() -> [(left: UInt32, right: UInt32, merged: UInt32)] {
    precondition(minimumLength <= 1)
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
