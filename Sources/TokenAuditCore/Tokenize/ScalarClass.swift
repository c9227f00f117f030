/// The character classes that the cl100k_base and o200k_base split patterns distinguish.
///
/// Every Unicode scalar falls in exactly one class; an invalid UTF-8 byte gets `invalid`. The
/// generated table stores class numbers; scanners work with one bit per class (`Bit`), so that a
/// set of classes is a mask and a membership test is a single AND.
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

  /// One bit per class (`1 << class`).
  enum Bit {
    static let other: UInt16 = 1 << 0
    static let space: UInt16 = 1 << 1
    static let newline: UInt16 = 1 << 2
    static let number: UInt16 = 1 << 3
    static let mark: UInt16 = 1 << 4
    static let upper: UInt16 = 1 << 5
    static let lower: UInt16 = 1 << 6
    static let caseless: UInt16 = 1 << 7
    static let invalid: UInt16 = 1 << 8
  }

  /// Sets of classes used by the patterns.
  enum Mask {
    /// `\s`.
    static let whitespace: UInt16 = Bit.space | Bit.newline
    /// `\p{L}`.
    static let letter: UInt16 = Bit.upper | Bit.lower | Bit.caseless
    /// `[^\r\n\p{L}\p{N}]`: the optional character before a word.
    static let wordPrefix: UInt16 = Bit.other | Bit.space | Bit.mark
    /// `[^\s\p{L}\p{N}]`: punctuation runs.
    static let punctuation: UInt16 = Bit.other | Bit.mark
    /// o200k `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`.
    static let upperish: UInt16 = Bit.mark | Bit.upper | Bit.caseless
    /// o200k `[\p{Ll}\p{Lm}\p{Lo}\p{M}]`.
    static let lowerish: UInt16 = Bit.mark | Bit.lower | Bit.caseless
  }
}
