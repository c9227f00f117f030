/// A seeded xoshiro256** generator, itself seeded through SplitMix64.
///
/// Every draw is defined here (no standard-library `random(in:)`, whose algorithm may change
/// between toolchains), so a seed gives the same sample bytes on every platform and version.
struct SampleRandom {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  /// Creates a generator whose whole stream is fixed by `seed`.
  init(seed: UInt64) {
    var sm = seed
    s0 = Self.splitMix(&sm)
    s1 = Self.splitMix(&sm)
    s2 = Self.splitMix(&sm)
    s3 = Self.splitMix(&sm)
  }

  /// Creates an independent stream for a named part of the output (a day, a pool).
  init(seed: UInt64, stream: UInt64) {
    var sm = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
    self.init(seed: Self.splitMix(&sm))
  }

  private static func splitMix(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  @inline(__always) private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 - k))
  }

  /// The next 64 random bits.
  mutating func next() -> UInt64 {
    let result = Self.rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = Self.rotl(s3, 45)
    return result
  }

  /// A uniform integer in `0..<n` (multiply-high; the bias is below 2^-40 for our ranges).
  mutating func below(_ n: Int) -> Int {
    guard n > 1 else { return 0 }
    return Int(next().multipliedFullWidth(by: UInt64(n)).high)
  }

  /// A uniform integer in `range`.
  mutating func int(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + below(range.upperBound - range.lowerBound + 1)
  }

  /// A uniform double in `[0, 1)`.
  mutating func unit() -> Double {
    Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
  }

  /// `true` with probability `p`.
  mutating func chance(_ p: Double) -> Bool {
    unit() < p
  }

  /// A uniform element of a non-empty array.
  mutating func pick<T>(_ items: [T]) -> T {
    items[below(items.count)]
  }

  /// An index drawn with the given relative weights.
  mutating func weighted(_ weights: [Double]) -> Int {
    let total = weights.reduce(0, +)
    var x = unit() * total
    for (i, w) in weights.enumerated() {
      if x < w { return i }
      x -= w
    }
    return weights.count - 1
  }

  /// A roughly normal draw (sum of uniforms), clamped to `range`.
  mutating func bell(mean: Double, spread: Double, in range: ClosedRange<Int>) -> Int {
    let z = (unit() + unit() + unit() + unit() - 2.0) * 1.732
    let v = Int((mean + z * spread).rounded())
    return min(range.upperBound, max(range.lowerBound, v))
  }

  /// `count` characters from `alphabet` (ids).
  mutating func token(_ count: Int, from alphabet: [UInt8]) -> String {
    var bytes = [UInt8](repeating: 0, count: count)
    for i in 0..<count { bytes[i] = alphabet[below(alphabet.count)] }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Letters and digits, as in provider ids.
  static let base62 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
  /// Lower-case hexadecimal digits.
  static let hex = Array("0123456789abcdef".utf8)
}
