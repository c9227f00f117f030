import Testing

@testable import TokenAuditCore

@Suite struct SampleLogMalformedTests {
  typealias G = SampleLogGenerator

  @Test func everyKindIsWrittenWhereTheTruthSays() throws {
    var config = SampleLogTestSupport.small(days: 2, callsPerDay: 100)
    config.malformed = true
    let (files, truth) = G(config).generateInMemory(files: 2)
    for (f, name) in truth.files.enumerated() {
      let inFile = truth.malformedLines.filter { $0.file == name }
      #expect(Set(inFile.map(\.kind)) == Set(G.MalformedKind.allCases), "kinds in \(name)")
      let lines = SampleLogTestSupport.rawLines(files[f])
      for m in inFile {
        let line = Array(lines[lines.startIndex + m.line - 1])
        #expect(Self.looksLike(m.kind, line), "\(m.kind) at \(name):\(m.line)")
      }
    }
    let bad = Set(truth.malformedLines.map { "\($0.file):\($0.line)" })
    let doc = JSONDocument()
    var good = 0
    for (f, name) in truth.files.enumerated() {
      for (i, line) in SampleLogTestSupport.rawLines(files[f]).enumerated() where !bad.contains("\(name):\(i + 1)") {
        try doc.parse(copying: Array(line))
        #expect(doc.root.isObject && !doc.hasInvalidUTF8)
        good += 1
      }
    }
    let recordBound = truth.malformedLines.filter { $0.requestID != nil }.count
    #expect(good + recordBound == truth.records)
    #expect(truth.lines == good + truth.malformedLines.count)
  }

  static func looksLike(_ kind: G.MalformedKind, _ line: [UInt8]) -> Bool {
    let doc = JSONDocument()
    let parsed = (try? doc.parse(copying: line.last == 0x0D ? Array(line.dropLast()) : line)) != nil
    switch kind {
    case .truncatedJSON: return !parsed && line.first == UInt8(ascii: "{")
    case .invalidUTF8: return parsed && doc.hasInvalidUTF8
    case .jsonArray: return parsed && doc.root.isArray && doc.root.element(at: 0)?.isObject == true
    case .blankLine: return line.isEmpty
    case .crlfLine: return parsed && line.last == 0x0D
    case .wrongUsageType:
      guard parsed, let u = doc.root.value(atPath: "response.usage") else { return false }
      return (u["prompt_tokens"] ?? u["input_tokens"])?.string == "abc"
    case .negativeTokens:
      guard parsed, let u = doc.root.value(atPath: "response.usage") else { return false }
      return ((u["completion_tokens"] ?? u["output_tokens"])?.int ?? 0) < 0
    }
  }
}
