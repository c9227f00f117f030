/// An open-addressing table from the bytes of every token of 2 ... 16 bytes to its rank, keyed like
/// `PieceCache` (bytes packed into two words, plus the length).
///
/// tiktoken looks every piece up as a whole before merging it; this table does the same for short
/// pieces that miss the piece cache, which skips the merge for about two thirds of them (for the
/// bundled vocabularies merging a token's bytes always gives the token back, so this is only a
/// shortcut). Built once per encoding, then read-only. Memory: 24 bytes per slot, load <= 3/4.
struct ShortTokenTable: @unchecked Sendable {
  private static let stride = 24
  private let storage: UnsafeMutableRawPointer
  private let mask: Int
  private let shift: UInt64

  /// Builds the table from a rank file.
  init(_ file: RankFile) {
    var tokens = 0
    for rank in 0..<file.rankCount {
      let length = Int(file.offsets[rank + 1] - file.offsets[rank])
      if length >= 2 && length <= PieceCache.maxPieceLength { tokens += 1 }
    }
    var bits = 4
    while (1 << bits) * 3 < tokens * 4 { bits += 1 }
    let size = (1 << bits) * Self.stride
    storage = .allocate(byteCount: size, alignment: 8)
    storage.initializeMemory(as: UInt8.self, repeating: 0, count: size)
    mask = 1 << bits - 1
    shift = UInt64(64 - bits)
    file.bytes.withUnsafeBufferPointer { bytes in
      guard let base = bytes.baseAddress else { return }
      for rank in 0..<file.rankCount {
        let start = Int(file.offsets[rank])
        let length = Int(file.offsets[rank + 1]) - start
        guard length >= 2 && length <= PieceCache.maxPieceLength else { continue }
        // Pack from a zero-padded copy: token bytes may sit at the end of the buffer.
        var padded = (UInt64(0), UInt64(0))
        withUnsafeMutableBytes(of: &padded) {
          $0.copyMemory(from: UnsafeRawBufferPointer(start: base + start, count: length))
        }
        insert(
          PieceCache.Key(low: UInt64(littleEndian: padded.0), high: UInt64(littleEndian: padded.1), length: length),
          UInt32(rank))
      }
    }
  }

  /// Frees the storage; the table must not be used afterwards.
  func deallocate() { storage.deallocate() }

  /// The rank of the token whose bytes are the key's, or `PairRankTable.noMerge`.
  @inline(__always)
  func lookup(_ key: PieceCache.Key) -> UInt32 {
    var index = slotIndex(key)
    while true {
      let slot = storage + index &* Self.stride
      let meta = slot.load(fromByteOffset: 16, as: UInt32.self)
      if meta == 0 { return PairRankTable.noMerge }
      if meta & 0xFF == UInt32(key.length) && slot.load(as: UInt64.self) == key.low
        && slot.load(fromByteOffset: 8, as: UInt64.self) == key.high
      {
        return meta &>> 8
      }
      index = (index &+ 1) & mask
    }
  }

  private func insert(_ key: PieceCache.Key, _ rank: UInt32) {
    var index = slotIndex(key)
    while storage.load(fromByteOffset: index * Self.stride + 16, as: UInt32.self) != 0 { index = (index + 1) & mask }
    let slot = storage + index * Self.stride
    slot.storeBytes(of: key.low, as: UInt64.self)
    slot.storeBytes(of: key.high, toByteOffset: 8, as: UInt64.self)
    slot.storeBytes(of: UInt32(key.length) | rank << 8, toByteOffset: 16, as: UInt32.self)
  }

  @inline(__always)
  private func slotIndex(_ key: PieceCache.Key) -> Int {
    let hash =
      (key.low &* 0x9E37_79B9_7F4A_7C15 ^ key.high &* 0xC2B2_AE3D_27D4_EB4F ^ UInt64(key.length))
      &* 0xD6E8_FEB8_6659_FD93
    return Int(truncatingIfNeeded: hash &>> shift)
  }
}
