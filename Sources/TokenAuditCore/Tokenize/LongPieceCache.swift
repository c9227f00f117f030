import Foundation

/// A direct-mapped cache for pieces longer than `PieceCache.maxPieceLength` (long identifiers,
/// indentation, rules of `=` or `-`), which are rare but costly to merge.
///
/// Slots are chosen by `ContentHash`; a hit compares the stored bytes, so it is exact. Each entry
/// owns copies of its bytes and ids; a colliding piece replaces it. Owned by one `BPETokenizer`.
struct LongPieceCache {
  /// The longest piece that is cached.
  static let maxPieceLength = 256

  private var hashes: [UInt64]
  private var pieces: [[UInt8]]
  private var ids: [[UInt32]]
  private let shift: UInt64

  /// Allocates `capacity` slots (rounded up to a power of two, at least 2).
  init(capacity: Int) {
    var bits = 1
    while 1 << bits < capacity { bits += 1 }
    hashes = [UInt64](repeating: 0, count: 1 << bits)
    pieces = [[UInt8]](repeating: [], count: 1 << bits)
    ids = [[UInt32]](repeating: [], count: 1 << bits)
    shift = UInt64(64 - bits)
  }

  /// A piece's hash and slot, from `locate`.
  struct Location {
    let hash: UInt64
    let slot: Int
  }

  /// Hashes a piece and finds its slot.
  @inline(__always)
  func locate(_ p: UnsafePointer<UInt8>, _ length: Int) -> Location {
    let hash = ContentHash.hash(UnsafeRawPointer(p), length, seed: 0) | 1
    return Location(hash: hash, slot: Int(truncatingIfNeeded: hash >> shift))
  }

  /// The cached ids of the piece at `location`, if present.
  func lookup(_ location: Location, _ p: UnsafePointer<UInt8>, _ length: Int) -> [UInt32]? {
    guard hashes[location.slot] == location.hash else { return nil }
    let matches = pieces[location.slot].withUnsafeBufferPointer { stored in
      guard let base = stored.baseAddress, stored.count == length else { return false }
      return memcmp(base, p, length) == 0
    }
    return matches ? ids[location.slot] : nil
  }

  /// Stores a piece's ids at `location`.
  mutating func insert(
    _ location: Location, _ p: UnsafePointer<UInt8>, _ length: Int, ids newIds: UnsafeBufferPointer<UInt32>
  ) {
    hashes[location.slot] = location.hash
    pieces[location.slot] = Array(UnsafeBufferPointer(start: p, count: length))
    ids[location.slot] = Array(newIds)
  }
}
