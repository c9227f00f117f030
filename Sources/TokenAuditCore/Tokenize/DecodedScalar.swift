/// One UTF-8 decoding step: a scalar (or one invalid byte), its length and its class.
struct DecodedScalar {
  /// The scalar value, or `DecodedScalar.invalidValue` for an invalid byte.
  var value: UInt32
  /// Bytes consumed: 1 to 4 (1 for an invalid byte).
  var length: Int
  /// The `ScalarClass.Bit` of the scalar's class.
  var bit: UInt16

  /// The value used for a byte that is not part of well-formed UTF-8.
  static let invalidValue: UInt32 = 0xFFFF_FFFF

  /// Decodes the scalar at `i` (< `count`) of `base`, strictly (no overlongs, surrogates or values
  /// above U+10FFFF; a truncated sequence decodes as one invalid byte).
  @inline(__always)
  static func decode(
    _ base: UnsafePointer<UInt8>, _ i: Int, _ count: Int, _ classes: ClassLookup
  ) -> DecodedScalar {
    let b0 = base[i]
    if b0 < 0x80 { return DecodedScalar(value: UInt32(b0), length: 1, bit: classes.ascii[Int(b0)]) }
    return decodeMultibyte(base, i, count, b0, classes)
  }

  static func decodeMultibyte(
    _ base: UnsafePointer<UInt8>, _ i: Int, _ count: Int, _ b0: UInt8, _ classes: ClassLookup
  ) -> DecodedScalar {
    let remaining = count - i
    var value: UInt32 = 0
    var length = 0
    if b0 >= 0xC2 && b0 <= 0xDF {
      if remaining >= 2 && base[i + 1] & 0xC0 == 0x80 {
        value = UInt32(b0 & 0x1F) << 6 | UInt32(base[i + 1] & 0x3F)
        length = 2
      }
    } else if b0 >= 0xE0 && b0 <= 0xEF {
      if remaining >= 3 {
        let b1 = base[i + 1]
        let low: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80
        let high: UInt8 = b0 == 0xED ? 0x9F : 0xBF
        if b1 >= low && b1 <= high && base[i + 2] & 0xC0 == 0x80 {
          value = UInt32(b0 & 0x0F) << 12 | UInt32(b1 & 0x3F) << 6 | UInt32(base[i + 2] & 0x3F)
          length = 3
        }
      }
    } else if b0 >= 0xF0 && b0 <= 0xF4 {
      if remaining >= 4 {
        let b1 = base[i + 1]
        let low: UInt8 = b0 == 0xF0 ? 0x90 : 0x80
        let high: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
        if b1 >= low && b1 <= high && base[i + 2] & 0xC0 == 0x80 && base[i + 3] & 0xC0 == 0x80 {
          value =
            UInt32(b0 & 0x07) << 18 | UInt32(b1 & 0x3F) << 12 | UInt32(base[i + 2] & 0x3F) << 6
            | UInt32(base[i + 3] & 0x3F)
          length = 4
        }
      }
    }
    if length == 0 { return DecodedScalar(value: invalidValue, length: 1, bit: ScalarClass.Bit.invalid) }
    return DecodedScalar(value: value, length: length, bit: classes.bitOf(value))
  }
}

/// Raw pointers into `UnicodeClassTable`, copied into scanners so hot loops avoid `swift_once`.
struct ClassLookup {
  /// `ScalarClass.Bit` of each ASCII scalar.
  let ascii: UnsafePointer<UInt16>
  let stage1: UnsafePointer<UInt8>
  let stage2: UnsafePointer<UInt8>

  init(_ table: UnicodeClassTable) {
    ascii = UnsafePointer(table.ascii)
    stage1 = UnsafePointer(table.stage1)
    stage2 = UnsafePointer(table.stage2)
  }

  /// The class bit of a non-ASCII scalar (any value up to 0x10FFFF).
  @inline(__always)
  func bitOf(_ scalar: UInt32) -> UInt16 {
    1 &<< UInt16(stage2[Int(stage1[Int(scalar &>> 8)]) &<< 8 | Int(scalar & 0xFF)])
  }
}
