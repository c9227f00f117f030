import Foundation
import Testing

@testable import TokenAuditCore

/// The extractor's memoised system-prompt and tool-list hashes (keyed by the faster
/// `ContentHash`) against the plain `ContentHasher` definitions, and a reused extractor (memo
/// hits) against a fresh one per record (memo misses), on random records.
@Suite struct FactExtractorMemoTests {
  static let systems = [
    "", "You are a support triage bot.", "You are a support triage bot. ", "Résumé writer.\n\nBe brief.",
    String(repeating: "Answer in English. ", count: 40),
  ]
  static let toolJSON = [
    "{\"name\":\"search\",\"parameters\":{}}", "{\"name\":\"lookup\",\"parameters\":{\"id\":\"string\"}}",
    "{\"name\":\"search\",\"parameters\":{} }", "{}",
  ]

  static func record(_ rng: inout SplitMix, _ n: Int) -> CallRecord {
    var r = CallRecord(source: SourceLocation(file: "t.jsonl", line: n), format: "native")
    r.model = ["gpt-4o", "claude-sonnet-4-5", "gpt-4"][rng.int(3)]
    r.system = rng.int(6) == 0 ? nil : systems[rng.int(systems.count)]
    r.tools = (0..<rng.int(4)).map { _ in
      let json = toolJSON[rng.int(toolJSON.count)]
      return ToolDefinition(name: "t\(json.utf8.count)", json: json)
    }
    r.messages = [ChatMessage(role: .user, text: "Where is my order \(rng.int(5))?")]
    r.responseText = "It ships tomorrow."
    return r
  }

  static func encoded(_ f: CallFacts) throws -> Data {
    let e = JSONEncoder()
    e.outputFormatting = .sortedKeys
    return try e.encode(f)
  }

  @Test(arguments: [41, 42])
  func memoisedHashesMatchTheirDefinitions(seed: UInt64) throws {
    var rng = SplitMix(seed: seed)
    let shared = FactExtractor(countTokens: FactExtractor.roughCount)
    for n in 0..<400 {
      let r = Self.record(&rng, n)
      let f = shared.facts(of: r)
      let system = r.system ?? ""
      #expect(f.systemHash == (system.isEmpty ? 0 : ContentHasher.hash(system)))
      var tools = ContentHasher()
      for t in r.tools { tools.combine(t.json) }
      #expect(f.toolsHash == (r.tools.isEmpty ? 0 : tools.value))
      let fresh = FactExtractor(countTokens: FactExtractor.roughCount).facts(of: r)
      #expect(try Self.encoded(f) == Self.encoded(fresh))
    }
  }
}
