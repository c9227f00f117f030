/// A piece of message text kept both as written and JSON-escaped, with its token estimate.
///
/// Pooled texts are escaped once and then copied into many lines. Token estimates use the
/// rule the generator documents: one token per four UTF-8 bytes, rounded up.
struct SampleText {
  /// The text as a model sees it.
  let text: String
  /// `text` escaped for the inside of a JSON string.
  let escaped: [UInt8]
  /// UTF-8 length of `text`.
  let length: Int

  init(_ text: String) {
    self.text = text
    var e: [UInt8] = []
    e.reserveCapacity(text.utf8.count + 16)
    SampleJSONWriter.escape(text, into: &e)
    self.escaped = e
    self.length = text.utf8.count
  }

  /// Estimated tokens: ⌈length / 4⌉.
  var tokens: Int { Self.tokens(forBytes: length) }

  /// Estimated tokens for a UTF-8 length.
  static func tokens(forBytes n: Int) -> Int { (n + 3) / 4 }

  /// The first `maxBytes` bytes of the text, cut at a word boundary (a truncated answer).
  func truncated(toBytes maxBytes: Int) -> SampleText {
    guard length > maxBytes else { return self }
    var u = Array(text.utf8.prefix(maxBytes))
    while let last = u.last, last != UInt8(ascii: " ") { u.removeLast() }
    while let last = u.last, last == UInt8(ascii: " ") { u.removeLast() }
    return SampleText(String(decoding: u, as: UTF8.self))
  }
}
