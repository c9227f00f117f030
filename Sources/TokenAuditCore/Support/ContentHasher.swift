/// A fast 64-bit content hash (FNV-1a over 8-byte words, then a final avalanche) for memo keys
/// and fingerprints. Not cryptographic: collisions are possible but negligible at log scale.
public struct ContentHasher: Sendable {
  /// The running state.
  public private(set) var state: UInt64 = 0xCBF2_9CE4_8422_2325

  /// Starts a hash.
  public init() {}

  /// Mixes in raw bytes.
  public mutating func combine(bytes: UnsafeRawBufferPointer) {
    var h = state
    var i = 0
    let n = bytes.count
    if let base = bytes.baseAddress {
      while i + 8 <= n {
        h = (h ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x0000_0100_0000_01B3
        h ^= h >> 29
        i += 8
      }
      while i < n {
        h = (h ^ UInt64(base.load(fromByteOffset: i, as: UInt8.self))) &* 0x0000_0100_0000_01B3
        i += 1
      }
    }
    state = (h ^ UInt64(n)) &* 0x9E37_79B9_7F4A_7C15
  }

  /// Mixes in a string's UTF-8 bytes.
  public mutating func combine(_ text: String) {
    var t = text
    t.withUTF8 { combine(bytes: UnsafeRawBufferPointer($0)) }
  }

  /// Mixes in a number.
  public mutating func combine(_ value: UInt64) {
    state = (state ^ value) &* 0x0000_0100_0000_01B3
    state ^= state >> 31
  }

  /// The final hash.
  public var value: UInt64 {
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// The hash of one string.
  public static func hash(_ text: String) -> UInt64 {
    var h = ContentHasher()
    h.combine(text)
    return h.value
  }

  /// The hash of raw bytes.
  public static func hash(bytes: UnsafeRawBufferPointer) -> UInt64 {
    var h = ContentHasher()
    h.combine(bytes: bytes)
    return h.value
  }
}
