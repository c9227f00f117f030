import Foundation

/// Labels decoded by `FactCodec` (file, format, agent, phase, model, tool names…), by their UTF-8
/// bytes: equal labels of many records share one string, and a label seen before costs a hash
/// and a byte comparison instead of a new string and a `String`-keyed look-up.
///
/// Keeps the first `capacity` distinct labels (a label past it is decoded each time, never wrong).
final class LabelTable {
  /// Distinct labels kept.
  static let capacity = 4_096
  private let index = HashTable64()
  private var strings: [String] = []

  /// Creates an empty table.
  init() {}

  /// The label whose UTF-8 bytes are `raw`: the kept string when one has these exact bytes, else
  /// a new one (kept while there is room).
  func label(_ raw: UnsafeRawBufferPointer) -> String {
    let key = ContentHash.hash(raw)
    if let slot = index.value(key) {
      let known = strings[Int(slot)]
      if known.hasUTF8Bytes(raw) { return known }
      return String(decoding: raw, as: UTF8.self)
    }
    let s = String(decoding: raw, as: UTF8.self)
    // Invalid UTF-8 is repaired by the decoding: such a string would never match its bytes.
    if strings.count < Self.capacity && s.hasUTF8Bytes(raw) {
      index.set(key, UInt64(strings.count))
      strings.append(s)
    }
    return s
  }
}
