/// Appends compact JSON to a byte buffer, with Python `json.dumps` separators (`", "`, `": "`).
///
/// Keys are static strings; text is escaped once (`SampleText` keeps escaped bytes) so a line is
/// mostly `memcpy`. Commas are tracked per open container.
struct SampleJSONWriter {
  var bytes: [UInt8] = []
  private var needsComma: [Bool] = []
  private var afterKey = false

  init(capacity: Int = 1 << 16) {
    bytes.reserveCapacity(capacity)
    needsComma.reserveCapacity(32)
  }

  /// Empties the buffer, keeping its capacity.
  mutating func reset() {
    bytes.removeAll(keepingCapacity: true)
    needsComma.removeAll(keepingCapacity: true)
    afterKey = false
  }

  // MARK: - Structure

  private mutating func separate() {
    if afterKey {
      afterKey = false
      return
    }
    guard let last = needsComma.indices.last else { return }
    if needsComma[last] { append(", ") } else { needsComma[last] = true }
  }

  mutating func beginObject() {
    separate()
    bytes.append(UInt8(ascii: "{"))
    needsComma.append(false)
  }

  mutating func endObject() {
    needsComma.removeLast()
    bytes.append(UInt8(ascii: "}"))
  }

  mutating func beginArray() {
    separate()
    bytes.append(UInt8(ascii: "["))
    needsComma.append(false)
  }

  mutating func endArray() {
    needsComma.removeLast()
    bytes.append(UInt8(ascii: "]"))
  }

  mutating func key(_ name: StaticString) {
    separate()
    bytes.append(UInt8(ascii: "\""))
    append(name)
    append("\": ")
    afterKey = true
  }

  /// A key known only at run time.
  mutating func dynamicKey(_ name: String) {
    separate()
    bytes.append(UInt8(ascii: "\""))
    Self.escape(name, into: &bytes)
    append("\": ")
    afterKey = true
  }

  // MARK: - Values

  mutating func string(_ text: String) {
    separate()
    bytes.append(UInt8(ascii: "\""))
    Self.escape(text, into: &bytes)
    bytes.append(UInt8(ascii: "\""))
  }

  /// A constant string that needs no escaping.
  mutating func literal(_ text: StaticString) {
    separate()
    bytes.append(UInt8(ascii: "\""))
    append(text)
    bytes.append(UInt8(ascii: "\""))
  }

  mutating func text(_ text: SampleText) {
    separate()
    bytes.append(UInt8(ascii: "\""))
    bytes.append(contentsOf: text.escaped)
    bytes.append(UInt8(ascii: "\""))
  }

  /// One string value made of several texts joined by a blank line.
  mutating func joined(_ parts: [SampleText]) {
    separate()
    bytes.append(UInt8(ascii: "\""))
    for (i, p) in parts.enumerated() {
      if i > 0 { append("\\n\\n") }
      bytes.append(contentsOf: p.escaped)
    }
    bytes.append(UInt8(ascii: "\""))
  }

  mutating func int(_ value: Int) {
    separate()
    appendInt(value)
  }

  mutating func bool(_ value: Bool) {
    separate()
    append(value ? "true" : "false")
  }

  mutating func null() {
    separate()
    append("null")
  }

  /// A value that is already JSON (a schema, a tool input).
  mutating func raw(_ json: [UInt8]) {
    separate()
    bytes.append(contentsOf: json)
  }

  /// A value that is already JSON.
  mutating func raw(_ json: StaticString) {
    separate()
    append(json)
  }

  // MARK: - Bytes

  @inline(__always) mutating func append(_ s: StaticString) {
    bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
  }

  mutating func appendInt(_ value: Int) {
    if value < 0 { bytes.append(UInt8(ascii: "-")) }
    var n = value.magnitude
    var digits = 1
    var t = n
    while t >= 10 {
      t /= 10
      digits += 1
    }
    let start = bytes.count
    bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
    var i = start + digits - 1
    repeat {
      bytes[i] = UInt8(ascii: "0") + UInt8(n % 10)
      n /= 10
      i -= 1
    } while n > 0
  }

  /// Appends `text` escaped for the inside of a JSON string (UTF-8 kept as is, like
  /// `json.dumps(..., ensure_ascii=False)`). Runs without special bytes are copied in bulk.
  static func escape(_ text: String, into out: inout [UInt8]) {
    var text = text
    text.withUTF8 { buf in
      var run = 0
      for i in 0..<buf.count {
        let b = buf[i]
        if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") { continue }
        if i > run { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[run..<i])) }
        appendEscape(b, into: &out)
        run = i + 1
      }
      if buf.count > run { out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[run..<buf.count])) }
    }
  }

  private static func appendEscape(_ b: UInt8, into out: inout [UInt8]) {
    let hexDigits: StaticString = "0123456789abcdef"
    out.append(0x5C)
    switch b {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(b)
    case 0x0A: out.append(UInt8(ascii: "n"))
    case 0x0D: out.append(UInt8(ascii: "r"))
    case 0x09: out.append(UInt8(ascii: "t"))
    case 0x08: out.append(UInt8(ascii: "b"))
    case 0x0C: out.append(UInt8(ascii: "f"))
    default:
      out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
      out.append(hexDigits.utf8Start[Int(b >> 4)])
      out.append(hexDigits.utf8Start[Int(b & 15)])
    }
  }
}
