extension String {
  /// Calls `body` with the string's UTF-8 bytes: in place for native strings, from a copy
  /// otherwise (bridged or foreign strings).
  @inline(__always)
  func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    if let r = try utf8.withContiguousStorageIfAvailable(body) { return r }
    return try Array(utf8).withUnsafeBufferPointer(body)
  }
}
