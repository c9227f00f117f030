extension String {
  /// Calls `body` with the string's UTF-8 bytes: in place for native strings, from a copy
  /// otherwise (bridged or foreign strings).
  @inline(__always)
  func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    if let r = try utf8.withContiguousStorageIfAvailable(body) { return r }
    return try Array(utf8).withUnsafeBufferPointer(body)
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
    let fast: String? = withUTF8Bytes { u in
      guard count >= 0, u.count > count else { return nil }
      for i in 0...count where u[i] >= 0x80 || u[i] == 0x0D { return nil }
      return String(decoding: UnsafeBufferPointer(rebasing: u[0..<count]), as: UTF8.self)
    }
    return fast ?? String(prefix(count))
  }
}
