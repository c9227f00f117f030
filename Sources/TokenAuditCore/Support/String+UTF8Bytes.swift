import Foundation

extension String {
  /// Calls `body` with the string's UTF-8 bytes: in place for native strings, from a copy
  /// otherwise (bridged or foreign strings).
  @inline(__always)
  func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    if let r = try utf8.withContiguousStorageIfAvailable(body) { return r }
    return try Array(utf8).withUnsafeBufferPointer(body)
  }

  /// Whether the string's UTF-8 bytes are exactly `raw` (no Unicode normalisation: `é` and `e`
  /// followed by a combining accent differ here, though `==` calls them equal).
  func hasUTF8Bytes(_ raw: UnsafeRawBufferPointer) -> Bool {
    withUTF8Bytes { u in
      u.count == raw.count && (u.count == 0 || memcmp(u.baseAddress!, raw.baseAddress!, u.count) == 0)
    }
  }
}

extension String {
  /// `String(prefix(count))`: the first `count` characters. When the first `count + 1` bytes
  /// are ASCII without a carriage return, each of those bytes is one character (two ASCII bytes
  /// always have a grapheme break between them, except CR LF), so the prefix is cut by bytes
  /// without walking grapheme clusters; otherwise it is `prefix(count)`.
  ///
  /// - Parameter count: The number of characters to keep.
  /// - Returns: The prefix.
  func characterPrefix(_ count: Int) -> String {
    // No more bytes than `count`, so no more characters either: the whole string.
    if count >= 0 && utf8.count <= count { return self }
    let fast: String? = withUTF8Bytes { u in
      guard count >= 0, u.count > count, let base = u.baseAddress else { return nil }
      // Eight bytes at a time: a high bit, or a byte equal to CR (0x0D), sends the text the slow way.
      let raw = UnsafeRawPointer(base)
      var i = 0
      while i + 8 <= count + 1 {
        let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        let x = w ^ 0x0D0D_0D0D_0D0D_0D0D
        if (w | ((x &- 0x0101_0101_0101_0101) & ~x)) & 0x8080_8080_8080_8080 != 0 { return nil }
        i += 8
      }
      while i <= count {
        if base[i] >= 0x80 || base[i] == 0x0D { return nil }
        i += 1
      }
      return String(decoding: UnsafeBufferPointer(rebasing: u[0..<count]), as: UTF8.self)
    }
    return fast ?? String(prefix(count))
  }
}
