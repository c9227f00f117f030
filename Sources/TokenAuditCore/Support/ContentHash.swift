/// A fast, stable 64-bit content hash (wyhash-style multiply-mix) for memo keys and dedup.
///
/// Not cryptographic and not randomly seeded: the same bytes give the same hash in every run and
/// on every machine (little-endian reads), so hashes may be stored or compared across threads.
/// Strings hash their UTF-8 bytes, so `hash("é")` equals `hash` of the bytes `C3 A9`.
public enum ContentHash {
  private static let secret0: UInt64 = 0xa076_1d64_78bd_642f
  private static let secret1: UInt64 = 0xe703_7ed1_a0b4_28db
  private static let secret2: UInt64 = 0x8ebc_6af0_9c88_c6e3
  private static let secret3: UInt64 = 0x5899_65cc_7537_4cc3

  /// Hashes raw bytes.
  ///
  /// - Parameters:
  ///   - bytes: The bytes to hash (may be empty).
  ///   - seed: Selects an independent hash function; 0 for the standard one.
  /// - Returns: The 64-bit hash.
  public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
    guard let base = bytes.baseAddress, bytes.count > 0 else {
      return mix(secret1 ^ mix(seed ^ secret0, secret1), secret1)
    }
    return hash(base, bytes.count, seed: seed)
  }

  /// Hashes the UTF-8 bytes of a string.
  ///
  /// - Parameters:
  ///   - text: The string to hash.
  ///   - seed: Selects an independent hash function; 0 for the standard one.
  /// - Returns: The 64-bit hash, equal to `hash` of `text`'s UTF-8 bytes.
  public static func hash(_ text: String, seed: UInt64 = 0) -> UInt64 {
    text.withUTF8Bytes { hash(UnsafeRawBufferPointer($0), seed: seed) }
  }

  /// Hashes `count` (> 0) bytes at `p`.
  static func hash(_ p: UnsafeRawPointer, _ count: Int, seed: UInt64) -> UInt64 {
    var seed = seed ^ mix(seed ^ secret0, secret1)
    var a: UInt64
    var b: UInt64
    if count <= 16 {
      if count >= 4 {
        let step = (count >> 3) << 2
        a = UInt64(read32(p, 0)) << 32 | UInt64(read32(p, step))
        b = UInt64(read32(p, count - 4)) << 32 | UInt64(read32(p, count - 4 - step))
      } else {
        a = read3(p, count)
        b = 0
      }
    } else {
      var offset = 0
      var remaining = count
      if remaining > 48 {
        var seed1 = seed
        var seed2 = seed
        repeat {
          seed = mix(read64(p, offset) ^ secret1, read64(p, offset + 8) ^ seed)
          seed1 = mix(read64(p, offset + 16) ^ secret2, read64(p, offset + 24) ^ seed1)
          seed2 = mix(read64(p, offset + 32) ^ secret3, read64(p, offset + 40) ^ seed2)
          offset += 48
          remaining -= 48
        } while remaining > 48
        seed ^= seed1 ^ seed2
      }
      while remaining > 16 {
        seed = mix(read64(p, offset) ^ secret1, read64(p, offset + 8) ^ seed)
        offset += 16
        remaining -= 16
      }
      a = read64(p, offset + remaining - 16)
      b = read64(p, offset + remaining - 8)
    }
    a ^= secret1
    b ^= seed
    let product = a.multipliedFullWidth(by: b)
    return mix(product.low ^ secret0 ^ UInt64(count), product.high ^ secret1)
  }

  @inline(__always)
  private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let product = a.multipliedFullWidth(by: b)
    return product.low ^ product.high
  }

  @inline(__always)
  private static func read64(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
    UInt64(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
  }

  @inline(__always)
  private static func read32(_ p: UnsafeRawPointer, _ offset: Int) -> UInt32 {
    UInt32(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
  }

  /// Reads 1 to 3 bytes.
  @inline(__always)
  private static func read3(_ p: UnsafeRawPointer, _ count: Int) -> UInt64 {
    let first = UInt64(p.load(fromByteOffset: 0, as: UInt8.self))
    let middle = UInt64(p.load(fromByteOffset: count >> 1, as: UInt8.self))
    let last = UInt64(p.load(fromByteOffset: count - 1, as: UInt8.self))
    return first << 16 | middle << 8 | last
  }
}
