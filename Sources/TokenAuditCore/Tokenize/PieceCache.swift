/// A two-way set-associative cache from a short piece's bytes to its token ids, owned by one
/// `BPETokenizer`.
///
/// Keys are the piece bytes themselves (up to `maxPieceLength`, packed into two words), so a hit
/// is exact, never a hash guess. Each entry holds the token count and up to `maxStoredIds` ids;
/// longer results are stored as a count only (enough for `count`). Each set holds two entries; a
/// new piece goes first and moves the set's first entry to second, dropping the old second (two-way
/// sets cut merges by half or more against a direct-mapped table of the same size on chat text).
/// Memory: `capacity * 40` bytes.
struct PieceCache {
  /// The longest piece that is cached.
  static let maxPieceLength = 16
  /// The most token ids an entry stores.
  static let maxStoredIds = 5
  private static let stride = 40

  private let storage: UnsafeMutableRawPointer
  private let mask: Int
  private let shift: UInt64

  /// Allocates `capacity` entries (rounded up to a power of two, at least 2: one set).
  init(capacity: Int) {
    var bits = 1
    while 1 << bits < capacity { bits += 1 }
    let size = (1 << bits) * Self.stride
    storage = .allocate(byteCount: size, alignment: 16)
    storage.initializeMemory(as: UInt8.self, repeating: 0, count: size)
    mask = 1 << bits - 1
    shift = UInt64(64 - bits)
  }

  /// Frees the storage; the cache must not be used afterwards.
  func deallocate() { storage.deallocate() }

  /// The packed key of a piece of 2 ... `maxPieceLength` bytes.
  struct Key {
    var low: UInt64
    var high: UInt64
    var length: Int
  }

  /// Packs the bytes of a piece (2 ... 16 bytes) into a key, little-endian, zero-padded.
  ///
  /// `end` is the end of the readable buffer: when 16 bytes are readable, two whole words are
  /// loaded and masked, without branching on the length.
  @inline(__always)
  static func key(_ p: UnsafePointer<UInt8>, _ length: Int, _ end: UnsafePointer<UInt8>) -> Key {
    let raw = UnsafeRawPointer(p)
    if end - p >= 16 {
      let bits = UInt64(truncatingIfNeeded: length &* 8)
      let lowMask: UInt64 = length >= 8 ? ~0 : (1 &<< bits) &- 1
      let highMask: UInt64 = length >= 16 ? ~0 : (length <= 8 ? 0 : (1 &<< (bits &- 64)) &- 1)
      return Key(
        low: UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)) & lowMask,
        high: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) & highMask,
        length: length)
    }
    if length >= 8 {
      let low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
      return Key(low: low, high: partial(raw + 8, length - 8), length: length)
    }
    return Key(low: partial(raw, length), high: 0, length: length)
  }

  /// Reads `count` (0 ... 8) bytes as a zero-padded little-endian word.
  @inline(__always)
  private static func partial(_ p: UnsafeRawPointer, _ count: Int) -> UInt64 {
    if count >= 4 {
      if count == 8 { return UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)) }
      let first = UInt64(UInt32(littleEndian: p.loadUnaligned(as: UInt32.self)))
      let last = UInt64(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
      return first | last &<< UInt64((count - 4) * 8)
    }
    if count == 0 { return 0 }
    let first = UInt64(p.load(as: UInt8.self))
    let middle = UInt64(p.load(fromByteOffset: count >> 1, as: UInt8.self))
    let last = UInt64(p.load(fromByteOffset: count - 1, as: UInt8.self))
    return first | middle &<< UInt64((count >> 1) * 8) | last &<< UInt64((count - 1) * 8)
  }

  /// The first entry of the key's set (the second follows it).
  @inline(__always)
  private func set(_ key: Key) -> UnsafeMutableRawPointer {
    let hash = (key.low ^ (key.high &* 0xC2B2_AE3D_27D4_EB4F)) &* 0x9E37_79B9_7F4A_7C15
    return storage + (Int(truncatingIfNeeded: hash &>> shift) & ~1) &* Self.stride
  }

  @inline(__always)
  private static func matches(_ slot: UnsafeRawPointer, _ key: Key) -> Bool {
    slot.load(fromByteOffset: 16, as: UInt32.self) & 0xFF == UInt32(key.length)
      && slot.load(as: UInt64.self) == key.low && slot.load(fromByteOffset: 8, as: UInt64.self) == key.high
  }

  /// Looks a piece up.
  ///
  /// - Returns: The token count, or -1 on a miss. When the count is at most `maxStoredIds`, the ids
  ///   are available through `storedId(_:_:)` until the next `insert`.
  @inline(__always)
  func lookup(_ key: Key) -> (count: Int, slot: UnsafeRawPointer) {
    let first = UnsafeRawPointer(set(key))
    if Self.matches(first, key) { return (Int(first.load(fromByteOffset: 16, as: UInt32.self) &>> 8), first) }
    let second = first + Self.stride
    if Self.matches(second, key) { return (Int(second.load(fromByteOffset: 16, as: UInt32.self) &>> 8), second) }
    return (-1, first)
  }

  /// Token id `index` of the entry at `slot` (from `lookup`).
  @inline(__always)
  static func storedId(_ slot: UnsafeRawPointer, _ index: Int) -> UInt32 {
    slot.load(fromByteOffset: 20 + index * 4, as: UInt32.self)
  }

  /// Stores a piece's token ids (all of them, or only their count if there are too many).
  @inline(__always)
  func insert(_ key: Key, ids: UnsafePointer<UInt32>, count: Int) {
    let slot = set(key)
    (slot + Self.stride).copyMemory(from: slot, byteCount: Self.stride)
    slot.storeBytes(of: key.low, as: UInt64.self)
    slot.storeBytes(of: key.high, toByteOffset: 8, as: UInt64.self)
    slot.storeBytes(of: UInt32(key.length) | UInt32(min(count, 0xFF_FFFF)) << 8, toByteOffset: 16, as: UInt32.self)
    if count <= Self.maxStoredIds {
      for index in 0..<count { slot.storeBytes(of: ids[index], toByteOffset: 20 + index * 4, as: UInt32.self) }
    }
  }
}
