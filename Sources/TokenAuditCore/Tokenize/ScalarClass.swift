/// The character classes that the cl100k_base and o200k_base split patterns distinguish.
///
/// Every Unicode scalar falls in exactly one class; an invalid UTF-8 byte gets `invalid`.
/// The classes are small integers so that a set of classes is a bit mask (`Mask`).
enum ScalarClass {
  /// Anything else: punctuation, symbols, controls, unassigned code points.
  static let other: UInt8 = 0
  /// `White_Space` except `\r` and `\n`.
  static let space: UInt8 = 1
  /// `\r` or `\n`.
  static let newline: UInt8 = 2
  /// `\p{N}`.
  static let number: UInt8 = 3
  /// `\p{M}`.
  static let mark: UInt8 = 4
  /// `\p{Lu}` or `\p{Lt}`.
  static let upper: UInt8 = 5
  /// `\p{Ll}`.
  static let lower: UInt8 = 6
  /// `\p{Lm}` or `\p{Lo}`: in both of o200k's case classes.
  static let caseless: UInt8 = 7
  /// A byte that is not part of a well-formed UTF-8 sequence.
  static let invalid: UInt8 = 8

  /// Sets of classes, one bit per class.
  enum Mask {
    /// `\s`.
    static let whitespace: UInt16 = 1 << 1 | 1 << 2
    /// `\p{L}`.
    static let letter: UInt16 = 1 << 5 | 1 << 6 | 1 << 7
    /// `[^\r\n\p{L}\p{N}]`: the optional character before a word.
    static let wordPrefix: UInt16 = 1 << 0 | 1 << 1 | 1 << 4
    /// `[^\s\p{L}\p{N}]`: punctuation runs.
    static let punctuation: UInt16 = 1 << 0 | 1 << 4
    /// o200k `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`.
    static let upperish: UInt16 = 1 << 4 | 1 << 5 | 1 << 7
    /// o200k `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`.
    static let lowerish: UInt16 = 1 << 4 | 1 << 6 | 1 << 7
  }

  /// Whether `cls` is in `mask`.
  @inline(__always)
  static func isIn(_ cls: UInt8, _ mask: UInt16) -> Bool {
    (mask >> UInt16(cls)) & 1 != 0
  }
}
