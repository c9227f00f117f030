/// A view of one value inside a `JSONDocument`; valid until the document parses again.
public struct JSONValue {
  unowned(unsafe) let doc: JSONDocument
  /// Position of the value on the document's tape.
  public let index: Int

  init(doc: JSONDocument, index: Int) {
    self.doc = doc
    self.index = index
  }

  @inline(__always) var entry: JSONDocument.Entry { doc.entries[index] }

  /// The value's kind.
  public var kind: JSONKind { entry.kind }
  /// Whether this is JSON `null`.
  public var isNull: Bool { entry.kind == .null }
  /// Whether this is an object.
  public var isObject: Bool { entry.kind == .object }
  /// Whether this is an array.
  public var isArray: Bool { entry.kind == .array }
  /// Whether this is a string.
  public var isString: Bool { entry.kind == .string }

  /// The exact source bytes of the value (for strings: without the quotes, still escaped).
  public var rawBytes: UnsafeRawBufferPointer {
    let e = entry
    return UnsafeRawBufferPointer(rebasing: doc.bytes[Int(e.start)..<Int(e.end)])
  }

  /// The exact source text of the value, quotes included for strings.
  public var rawJSON: String {
    let e = entry
    if e.kind == .string {
      return String(decoding: doc.bytes[Int(e.start) - 1..<Int(e.end) + 1], as: UTF8.self)
    }
    return String(decoding: doc.bytes[Int(e.start)..<Int(e.end)], as: UTF8.self)
  }

  // MARK: - Objects

  /// The member named `key`, when this is an object that has it.
  public subscript(key: String) -> JSONValue? {
    let e = entry
    guard e.kind == .object else { return nil }
    var key = key
    return key.withUTF8 { k in
      var i = index + 1
      let end = Int(e.next)
      while i < end {
        let keyEntry = doc.entries[i]
        let valueIndex = i + 1
        if JSONValue(doc: doc, index: i).stringEquals(k, keyEntry) { return JSONValue(doc: doc, index: valueIndex) }
        i = Int(doc.entries[valueIndex].next)
      }
      return nil
    }
  }

  /// The value at a dotted path such as `metadata.agent_name` (array indices allowed as numbers).
  ///
  /// - Parameter dottedPath: Member names separated by dots.
  /// - Returns: The value, or `nil` when any step is missing.
  public func value(atPath dottedPath: String) -> JSONValue? {
    var current: JSONValue? = self
    for part in dottedPath.split(separator: ".", omittingEmptySubsequences: true) {
      guard let c = current else { return nil }
      if c.isArray, let i = Int(part) {
        current = c.element(at: i)
      } else {
        current = c[String(part)]
      }
    }
    return current
  }

  /// The members of an object in source order (empty for other kinds).
  public var members: [(key: String, value: JSONValue)] {
    var out: [(key: String, value: JSONValue)] = []
    forEachMember { k, v in out.append((k.string ?? "", v)) }
    return out
  }

  /// Calls `body` with each key (a string value) and member value, in source order.
  ///
  /// - Parameter body: Receives key and value.
  public func forEachMember(_ body: (JSONValue, JSONValue) throws -> Void) rethrows {
    let e = entry
    guard e.kind == .object else { return }
    var i = index + 1
    let end = Int(e.next)
    while i < end {
      let v = JSONValue(doc: doc, index: i + 1)
      try body(JSONValue(doc: doc, index: i), v)
      i = Int(doc.entries[i + 1].next)
    }
  }

  // MARK: - Arrays

  /// The elements of an array in order (empty for other kinds).
  public var elements: [JSONValue] {
    var out: [JSONValue] = []
    forEachElement { out.append($0) }
    return out
  }

  /// Calls `body` with each element of an array.
  ///
  /// - Parameter body: Receives each element.
  public func forEachElement(_ body: (JSONValue) throws -> Void) rethrows {
    let e = entry
    guard e.kind == .array else { return }
    var i = index + 1
    let end = Int(e.next)
    while i < end {
      try body(JSONValue(doc: doc, index: i))
      i = Int(doc.entries[i].next)
    }
  }

  /// The number of elements (arrays) or members (objects).
  public var count: Int {
    var n = 0
    if isArray { forEachElement { _ in n += 1 } } else { forEachMember { _, _ in n += 1 } }
    return n
  }

  /// The element at `position`, if this is an array long enough.
  public func element(at position: Int) -> JSONValue? {
    var k = 0
    var found: JSONValue?
    forEachElement { v in
      if k == position { found = v }
      k += 1
    }
    return found
  }

  /// The last element of an array.
  public var lastElement: JSONValue? {
    var last: JSONValue?
    forEachElement { last = $0 }
    return last
  }

  // MARK: - Scalars

  /// The decoded text of a string value (invalid UTF-8 repaired with U+FFFD).
  public var string: String? {
    let e = entry
    guard e.kind == .string else { return nil }
    let raw = UnsafeRawBufferPointer(rebasing: doc.bytes[Int(e.start)..<Int(e.end)])
    if raw.count < 48 {
      if !e.escaped { return String(decoding: raw, as: UTF8.self) }
      return JSONEscapes.unescapedString(raw)
    }
    // Long strings: re-use an earlier decoding of the same bytes.
    let key = ContentHash.hash(raw)
    if let known = doc.internTable[key] { return known }
    let decoded =
      e.escaped ? JSONEscapes.unescapedString(raw) : String(decoding: raw, as: UTF8.self)
    if doc.internBytes + raw.count > doc.internBudgetBytes {
      doc.internTable.removeAll(keepingCapacity: true)
      doc.internBytes = 0
    }
    doc.internTable[key] = decoded
    doc.internBytes += raw.count
    return decoded
  }

  /// The decoded bytes of a string value.
  public var stringBytes: [UInt8]? {
    let e = entry
    guard e.kind == .string else { return nil }
    let raw = UnsafeRawBufferPointer(rebasing: doc.bytes[Int(e.start)..<Int(e.end)])
    return e.escaped ? JSONEscapes.unescape(raw) : Array(raw)
  }

  /// A string, or the source text of a number or boolean (ids are logged both ways).
  public var scalarText: String? {
    switch entry.kind {
    case .string: return string
    case .number, .bool: return rawJSON
    default: return nil
    }
  }

  /// A whole number, from a JSON number or a numeric string; `nil` for fractions beyond Int range.
  public var int: Int? {
    let e = entry
    switch e.kind {
    case .number:
      let raw = UnsafeRawBufferPointer(rebasing: doc.bytes[Int(e.start)..<Int(e.end)])
      if let v = Self.parseInt(raw) { return v }
      if let d = double, d.isFinite, d.rounded() == d, abs(d) < 9.0e18 { return Int(d) }
      return nil
    case .string:
      guard let s = string?.trimmingSpaces, !s.isEmpty else { return nil }
      if let v = Int(s) { return v }
      if let d = Double(s), d.isFinite, d.rounded() == d, abs(d) < 9.0e18 { return Int(d) }
      return nil
    default:
      return nil
    }
  }

  /// A floating-point number, from a JSON number or a numeric string.
  public var double: Double? {
    let e = entry
    switch e.kind {
    case .number:
      return Double(String(decoding: doc.bytes[Int(e.start)..<Int(e.end)], as: UTF8.self))
    case .string:
      guard let s = string?.trimmingSpaces else { return nil }
      return Double(s)
    default:
      return nil
    }
  }

  /// A boolean, from JSON `true`/`false` or the strings "true"/"false".
  public var bool: Bool? {
    let e = entry
    switch e.kind {
    case .bool: return doc.bytes[Int(e.start)] == UInt8(ascii: "t")
    case .string:
      switch string?.lowercased() {
      case "true": return true
      case "false": return false
      default: return nil
      }
    default: return nil
    }
  }

  /// Whether a string value equals `text` exactly, without allocating when it has no escapes.
  ///
  /// - Parameter text: The expected text.
  /// - Returns: `true` on equality.
  public func stringEquals(_ text: String) -> Bool {
    var t = text
    return t.withUTF8 { stringEquals($0, entry) }
  }

  fileprivate func stringEquals(_ k: UnsafeBufferPointer<UInt8>, _ e: JSONDocument.Entry) -> Bool {
    guard e.kind == .string else { return false }
    let len = Int(e.end - e.start)
    if !e.escaped {
      guard len == k.count else { return false }
      if len == 0 { return true }
      return memcmp(doc.bytes.baseAddress! + Int(e.start), k.baseAddress!, len) == 0
    }
    let decoded = JSONEscapes.unescape(UnsafeRawBufferPointer(rebasing: doc.bytes[Int(e.start)..<Int(e.end)]))
    return decoded.elementsEqual(k)
  }

  private static func parseInt(_ raw: UnsafeRawBufferPointer) -> Int? {
    var i = 0
    var negative = false
    if raw.count > 0 && raw[0] == UInt8(ascii: "-") {
      negative = true
      i = 1
    }
    guard i < raw.count, raw.count - i <= 18 else { return nil }
    var v = 0
    while i < raw.count {
      let c = raw[i]
      guard c >= 0x30 && c <= 0x39 else { return nil }
      v = v * 10 + Int(c - 0x30)
      i += 1
    }
    return negative ? -v : v
  }
}

extension String {
  var trimmingSpaces: String {
    var s = Substring(self)
    while let f = s.first, f.isWhitespace { s.removeFirst() }
    while let l = s.last, l.isWhitespace { s.removeLast() }
    return String(s)
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
