/// Decides where malformed-mode lines go and builds the standalone ones.
///
/// In each file the seven kinds follow good lines 2, 5, 8, … 20 (then again every
/// `every` good lines). Standalone kinds (truncated JSON, invalid UTF-8, array, blank) are written
/// right after the good line; record-bound kinds (wrong usage type, negative tokens, CRLF) alter
/// the next record that can carry them. Standalone kinds a short file never reached are written
/// at its end.
struct SampleMalformer {
  typealias Kind = SampleLogGenerator.MalformedKind

  let enabled: Bool
  let every: Int
  private var goodLines = 0
  private var written: Set<Kind> = []
  /// A record-bound kind waiting for a record.
  var pending: Kind?

  init(enabled: Bool, every: Int) {
    self.enabled = enabled
    self.every = max(40, every)
  }

  mutating func startFile() {
    goodLines = 0
    written = []
    pending = nil
  }

  static func isStandalone(_ k: Kind) -> Bool {
    switch k {
    case .truncatedJSON, .invalidUTF8, .jsonArray, .blankLine: return true
    case .wrongUsageType, .negativeTokens, .crlfLine: return false
    }
  }

  /// Called after each good record; returns a standalone kind to write now.
  mutating func afterGoodLine() -> Kind? {
    guard enabled else { return nil }
    goodLines += 1
    let k = goodLines % every
    guard k >= 2, (k - 2) % 3 == 0, (k - 2) / 3 < Kind.allCases.count else { return nil }
    let kind = Kind.allCases[(k - 2) / 3]
    if Self.isStandalone(kind) {
      written.insert(kind)
      return kind
    }
    if pending == nil { pending = kind }
    return nil
  }

  /// Marks a record-bound kind as applied.
  mutating func consumed(_ kind: Kind) {
    written.insert(kind)
    pending = nil
  }

  /// Standalone kinds not yet written in this file.
  func leftovers() -> [Kind] {
    guard enabled else { return [] }
    return Kind.allCases.filter { Self.isStandalone($0) && !written.contains($0) }
  }

  /// The bytes of a standalone bad line (without newline), given the previous good line.
  static func line(_ kind: Kind, previous: [UInt8], timeMS: Int64, id: String) -> [UInt8] {
    switch kind {
    case .truncatedJSON:
      var cut = max(1, previous.count * 3 / 5)
      while cut > 1 && previous[cut - 1] >= 0x80 { cut -= 1 }
      return previous.isEmpty ? Array("{\"timestamp\": \"2026-".utf8) : Array(previous[0..<cut])
    case .jsonArray:
      return [UInt8(ascii: "[")] + previous + [UInt8(ascii: "]")]
    case .blankLine:
      return []
    case .invalidUTF8:
      let bad: [UInt8] = [0xC3, 0x28, 0xA0, 0xA1, 0xE2, 0x28, 0xA1, 0xF0, 0x28, 0x8C, 0xBC, 0xFF, 0xFE]
      var s = Array("{\"timestamp\": \"\(SampleClock.iso(timeMS, micros: false))\", \"request_id\": \"\(id)\", ".utf8)
      s += Array("\"agent\": \"support-answer".utf8) + bad + Array("\", \"phase\": \"answer\", ".utf8)
      s += Array("\"provider\": \"openai\", \"model\": \"gpt-4o-mini\", \"status\": 200, ".utf8)
      s += Array(
        "\"request\": {\"model\": \"gpt-4o-mini\", \"messages\": [{\"role\": \"user\", \"content\": \"caf".utf8)
      s += [0xE9] + Array(" ".utf8) + bad + Array("\"}]}}".utf8)
      return s
    case .wrongUsageType, .negativeTokens, .crlfLine:
      return previous
    }
  }
}
