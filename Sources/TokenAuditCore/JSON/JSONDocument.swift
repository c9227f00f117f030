/// Why a line could not be parsed as JSON.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Byte offset of the problem within the line.
  public var offset: Int
  /// A short explanation.
  public var reason: String
  public var description: String { "\(reason) at byte \(offset)" }
}

/// The kind of one JSON value.
public enum JSONKind: UInt8, Sendable {
  case object, array, string, number, bool, null
}

/// A parsed JSON text kept as a flat tape of value entries over the original bytes.
///
/// Parsing allocates nothing per value: strings and numbers stay byte ranges until asked for, so
/// a field that is never read costs only its scan. One document is reused line after line by
/// a single thread; values (`JSONValue`) are valid until the next `parse`.
public final class JSONDocument {
  struct Entry {
    var kind: JSONKind
    var escaped: Bool  // strings: contains a backslash escape
    var start: UInt32  // first byte (for strings: after the opening quote)
    var end: UInt32  // one past the last byte (for strings: the closing quote)
    var next: UInt32  // index of the entry after this value's subtree
  }

  /// The tape: `entryCount` entries in manually managed memory, so that reading one (on every
  /// member look-up) costs no reference counting of an array buffer.
  private(set) var entries: UnsafeMutablePointer<Entry>
  private(set) var entryCount = 0
  private var entryCapacity: Int
  private var stack: [Int] = []
  private var owned: UnsafeMutableRawBufferPointer?
  /// The bytes the tape points into.
  public private(set) var bytes = UnsafeRawBufferPointer(start: nil, count: 0)
  /// Whether any string held a byte ≥ 0x80 that was not valid UTF-8.
  public private(set) var hasInvalidUTF8 = false
  /// The deepest nesting accepted; deeper documents are rejected rather than risking the stack.
  public let maxDepth: Int
  /// Decoded long strings by a hash of their raw bytes: agent logs re-send the same system
  /// prompts and history on every call, so most long strings were decoded before.
  var internTable: [UInt64: String] = [:]
  /// Bytes held by `internTable`; the table is emptied when it passes `internBudgetBytes`.
  var internBytes = 0
  /// The most text kept for re-use (bounds memory per document, that is per thread).
  public var internBudgetBytes = 8 << 20

  /// Creates an empty, reusable document.
  public init(maxDepth: Int = 512) {
    self.maxDepth = maxDepth
    entryCapacity = 1024
    entries = .allocate(capacity: entryCapacity)
  }

  deinit {
    owned?.deallocate()
    entries.deallocate()
  }

  /// Appends an entry to the tape, growing it when full.
  @inline(__always)
  private func append(_ e: Entry) {
    if entryCount == entryCapacity { grow() }
    (entries + entryCount).initialize(to: e)
    entryCount += 1
  }

  private func grow() {
    let bigger = UnsafeMutablePointer<Entry>.allocate(capacity: entryCapacity * 2)
    bigger.moveInitialize(from: entries, count: entryCount)
    entries.deallocate()
    entries = bigger
    entryCapacity *= 2
  }

  /// The top-level value of the last successful parse.
  public var root: JSONValue { JSONValue(doc: self, index: 0) }

  /// Parses bytes that stay alive and unchanged until the next call (no copy).
  ///
  /// - Parameter input: One JSON text.
  /// - Throws: `JSONParseError` on malformed JSON or nesting deeper than `maxDepth`.
  public func parse(_ input: UnsafeRawBufferPointer) throws(JSONParseError) {
    bytes = input
    try run()
  }

  /// Parses bytes that this document copies and owns (for JSON embedded in strings).
  ///
  /// - Parameter input: One JSON text.
  /// - Throws: `JSONParseError`.
  public func parse(copying input: [UInt8]) throws(JSONParseError) {
    owned?.deallocate()
    let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, input.count), alignment: 8)
    input.withUnsafeBytes { src in
      if let s = src.baseAddress, input.count > 0 { buf.baseAddress!.copyMemory(from: s, byteCount: input.count) }
    }
    owned = buf
    bytes = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buf)[0..<input.count])
    try run()
  }

  /// Parses a UTF-8 string (tests and small embedded texts).
  ///
  /// - Parameter text: One JSON text.
  /// - Throws: `JSONParseError`.
  public func parse(string text: String) throws(JSONParseError) {
    try parse(copying: Array(text.utf8))
  }

  // MARK: - Parser

  private func fail(_ reason: String, _ at: Int) -> JSONParseError {
    JSONParseError(offset: at, reason: reason)
  }

  private func run() throws(JSONParseError) {
    entryCount = 0
    stack.removeAll(keepingCapacity: true)
    hasInvalidUTF8 = false
    let n = bytes.count
    guard let base = bytes.baseAddress, n > 0 else { throw fail("empty input", 0) }
    if n >= Int(UInt32.max) { throw fail("input too large", 0) }
    var pos = 0
    var expectValue = true
    @inline(__always) func skipWS() {
      while pos < n {
        let c = base.load(fromByteOffset: pos, as: UInt8.self)
        if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { pos += 1 } else { break }
      }
    }
    // Skip a UTF-8 byte order mark.
    if n >= 3 && base.load(as: UInt8.self) == 0xEF && base.load(fromByteOffset: 1, as: UInt8.self) == 0xBB
      && base.load(fromByteOffset: 2, as: UInt8.self) == 0xBF
    {
      pos = 3
    }
    while true {
      skipWS()
      if expectValue {
        guard pos < n else { throw fail("unexpected end of input", pos) }
        let c = base.load(fromByteOffset: pos, as: UInt8.self)
        switch c {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
          if stack.count >= maxDepth { throw fail("nesting deeper than \(maxDepth)", pos) }
          let isObject = c == UInt8(ascii: "{")
          stack.append(entryCount)
          append(Entry(kind: isObject ? .object : .array, escaped: false, start: UInt32(pos), end: 0, next: 0))
          pos += 1
          skipWS()
          guard pos < n else { throw fail("unexpected end of input", pos) }
          let d = base.load(fromByteOffset: pos, as: UInt8.self)
          if d == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
            pos += 1
            close(at: pos)
            expectValue = false
            continue
          }
          if isObject {
            try parseKey(base, n, &pos)
          }
          continue
        case UInt8(ascii: "\""):
          try parseString(base, n, &pos)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
          try parseNumber(base, n, &pos)
        case UInt8(ascii: "t"):
          try literal(base, n, &pos, "true", .bool)
        case UInt8(ascii: "f"):
          try literal(base, n, &pos, "false", .bool)
        case UInt8(ascii: "n"):
          try literal(base, n, &pos, "null", .null)
        default:
          throw fail("unexpected character", pos)
        }
        expectValue = false
      } else {
        guard let top = stack.last else {
          guard pos == n else { throw fail("trailing characters after the value", pos) }
          return
        }
        guard pos < n else { throw fail("unexpected end of input", pos) }
        let c = base.load(fromByteOffset: pos, as: UInt8.self)
        let isObject = entries[top].kind == .object
        if c == UInt8(ascii: ",") {
          pos += 1
          if isObject {
            skipWS()
            try parseKey(base, n, &pos)
          }
          expectValue = true
        } else if c == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
          pos += 1
          close(at: pos)
        } else {
          throw fail(isObject ? "expected ',' or '}'" : "expected ',' or ']'", pos)
        }
      }
    }
  }

  @inline(__always)
  private func close(at pos: Int) {
    let top = stack.removeLast()
    entries[top].end = UInt32(pos)
    entries[top].next = UInt32(entryCount)
  }

  private func parseKey(_ base: UnsafeRawPointer, _ n: Int, _ pos: inout Int) throws(JSONParseError) {
    guard pos < n, base.load(fromByteOffset: pos, as: UInt8.self) == UInt8(ascii: "\"") else {
      throw fail("expected a string key", pos)
    }
    try parseString(base, n, &pos)
    while pos < n {
      let c = base.load(fromByteOffset: pos, as: UInt8.self)
      if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { pos += 1 } else { break }
    }
    guard pos < n, base.load(fromByteOffset: pos, as: UInt8.self) == UInt8(ascii: ":") else {
      throw fail("expected ':'", pos)
    }
    pos += 1
  }

  private func parseString(_ base: UnsafeRawPointer, _ n: Int, _ pos: inout Int) throws(JSONParseError) {
    let open = pos
    var p = pos + 1
    var escaped = false
    var high = false
    var highBits: UInt64 = 0
    // Eight bytes at a time while none is a quote, a backslash or a control byte; the first such
    // byte is the lowest flagged one (these masks may only misflag bytes above a true match).
    // Non-ASCII bytes do not stop the scan: their high bits are collected for the UTF-8 check.
    while true {
      while p + 8 <= n {
        let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: p, as: UInt64.self))
        let special =
          Self.hasByte(w, 0x22) | Self.hasByte(w, 0x5C) | ((w &- 0x2020_2020_2020_2020) & ~w & 0x8080_8080_8080_8080)
        if special != 0 {
          // Only the bytes before the special one belong to the string so far.
          highBits |= w & ((special & (~special &+ 1)) &- 1)
          p += special.trailingZeroBitCount >> 3
          break
        }
        highBits |= w
        p += 8
      }
      guard p < n else { throw fail("unterminated string", open) }
      let c = base.load(fromByteOffset: p, as: UInt8.self)
      if c == 0x22 { break }
      if c == 0x5C {
        escaped = true
        p += 2
        continue
      }
      if c < 0x20 { throw fail("control character in string", p) }
      if c >= 0x80 { high = true }
      p += 1
    }
    if highBits & 0x8080_8080_8080_8080 != 0 { high = true }
    if p > n { throw fail("unterminated string", open) }
    if high && !hasInvalidUTF8
      && !UTF8Check.isValid(UnsafeRawBufferPointer(start: base + open + 1, count: p - open - 1))
    {
      hasInvalidUTF8 = true
    }
    append(
      Entry(kind: .string, escaped: escaped, start: UInt32(open + 1), end: UInt32(p), next: UInt32(entryCount + 1)))
    pos = p + 1
  }

  @inline(__always)
  private static func hasByte(_ w: UInt64, _ b: UInt8) -> UInt64 {
    let x = w ^ (0x0101_0101_0101_0101 &* UInt64(b))
    return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
  }

  private func parseNumber(_ base: UnsafeRawPointer, _ n: Int, _ pos: inout Int) throws(JSONParseError) {
    let start = pos
    var p = pos
    if base.load(fromByteOffset: p, as: UInt8.self) == UInt8(ascii: "-") { p += 1 }
    var digits = 0
    while p < n {
      let c = base.load(fromByteOffset: p, as: UInt8.self)
      if (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
        || c == UInt8(ascii: "+") || c == UInt8(ascii: "-")
      {
        if c >= 0x30 && c <= 0x39 { digits += 1 }
        p += 1
      } else {
        break
      }
    }
    if digits == 0 { throw fail("malformed number", start) }
    append(
      Entry(kind: .number, escaped: false, start: UInt32(start), end: UInt32(p), next: UInt32(entryCount + 1)))
    pos = p
  }

  private func literal(
    _ base: UnsafeRawPointer, _ n: Int, _ pos: inout Int, _ word: StaticString, _ kind: JSONKind
  ) throws(JSONParseError) {
    let len = word.utf8CodeUnitCount
    guard pos + len <= n, memcmp(base + pos, word.utf8Start, len) == 0 else { throw fail("invalid literal", pos) }
    append(
      Entry(kind: kind, escaped: false, start: UInt32(pos), end: UInt32(pos + len), next: UInt32(entryCount + 1)))
    pos += len
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
