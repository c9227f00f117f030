/// An open-addressing hash table from a pair of adjacent tokens to the rank of their concatenation.
///
/// Keys and values are packed into one `UInt64` slot: `left << 40 | right << 20 | merged`, so a
/// lookup reads a single word and compares integers. Ranks must be below `PairRankTable.rankLimit`.
/// Built once per encoding, then read-only (shared by threads through `BPEEncoding`).
struct PairRankTable: @unchecked Sendable {
  /// Exclusive upper bound for ranks (20 bits each).
  static let rankLimit: UInt32 = 1 << 20 - 1
  /// Returned by `lookup` when the pair does not merge.
  static let noMerge = UInt32.max

  private static let empty = UInt64.max
  private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

  let slots: UnsafeMutablePointer<UInt64>
  let mask: Int
  let shift: UInt64
  private(set) var count = 0

  /// Allocates a table for up to `expected` pairs (load factor at most 1/2).
  init(expected: Int) {
    var bits = 4
    while 1 << bits < expected * 2 { bits += 1 }
    slots = .allocate(capacity: 1 << bits)
    slots.initialize(repeating: Self.empty, count: 1 << bits)
    mask = 1 << bits - 1
    shift = UInt64(64 - bits)
  }

  /// Frees the storage; the table must not be used afterwards.
  func deallocate() { slots.deallocate() }

  /// The rank of the token that `left` followed by `right` merges into, or `noMerge`.
  @inline(__always)
  func lookup(_ left: UInt32, _ right: UInt32) -> UInt32 {
    let key = UInt64(left) << 20 | UInt64(right)
    var index = Int(truncatingIfNeeded: (key &* Self.multiplier) >> shift)
    while true {
      let slot = slots[index]
      if slot >> 20 == key { return UInt32(truncatingIfNeeded: slot & 0xF_FFFF) }
      if slot == Self.empty { return Self.noMerge }
      index = (index + 1) & mask
    }
  }

  /// Records that `left` followed by `right` merges into `merged` (first insertion wins).
  mutating func insert(_ left: UInt32, _ right: UInt32, merged: UInt32) {
    let key = UInt64(left) << 20 | UInt64(right)
    var index = Int(truncatingIfNeeded: (key &* Self.multiplier) >> shift)
    while true {
      let slot = slots[index]
      if slot >> 20 == key { return }
      if slot == Self.empty {
        slots[index] = key << 20 | UInt64(merged)
        count += 1
        return
      }
      index = (index + 1) & mask
    }
  }
}
