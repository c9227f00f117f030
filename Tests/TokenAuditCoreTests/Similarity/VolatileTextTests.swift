import Testing

@testable import TokenAuditCore

@Suite struct VolatileTextTests {
  static let body = "\nYou are the research assistant. Cite sources. Version 2.4.1 of the rules."

  @Test(arguments: [
    ("Current time: 2026-03-02T09:00:00Z", "Current time: 2026-03-02T09:01:30Z"),
    ("Today is 2026-03-02.", "Today is 2026-03-03."),
    ("Date: 03/02/2026", "Date: 03/03/2026"),
    ("Now: 14:30:05", "Now: 14:31:17"),
    ("Today is March 2, 2026", "Today is March 3, 2026"),
    ("Session 8f14e45f-ceea-467f-a0a3-4f2b5b3c6d7e", "Session 0c9a1e2f-1234-4abc-9def-0123456789ab"),
    ("Request id a8f9c2e41b7d4e0f9a3c", "Request id 0b1c2d3e4f5a6b7c8d9e"),
    ("Epoch 1772442000", "Epoch 1772442090"),
  ])
  func masksValuesThatChange(_ lead: String, _ other: String) {
    let a = VolatileText.scan(lead + Self.body)
    let b = VolatileText.scan(other + Self.body)
    #expect(a.firstOffset != nil)
    #expect(a.stableHash == b.stableHash)
    #expect(ContentHasher.hash(lead + Self.body) != ContentHasher.hash(other + Self.body))
  }

  @Test(arguments: [
    "You are a helpful assistant.", "Use at most 3 bullet points and version 2.4.1.", "Marketing 101 rules",
  ])
  func leavesFixedTextAlone(_ text: String) {
    let s = VolatileText.scan(text)
    #expect(s.firstOffset == nil)
    #expect(s.stableHash == ContentHasher.hash(text))
  }

  @Test func factsCarryTheStableHashAndOffset() {
    var r = CallRecord(source: SourceLocation(file: "t", line: 1), format: "native")
    r.model = "gpt-4o"
    r.system = "Current time: 2026-03-02T09:00:00Z\nYou are helpful."
    r.messages = [ChatMessage(role: .user, text: "hi")]
    let f = FactExtractor(countTokens: FactExtractor.roughCount).facts(of: r)
    r.system = "Current time: 2026-03-02T09:05:00Z\nYou are helpful."
    let g = FactExtractor(countTokens: FactExtractor.roughCount).facts(of: r)
    #expect(f.systemHash != g.systemHash)
    #expect(f.systemStableHash == g.systemStableHash)
    #expect(f.systemVolatileOffset == 14)
  }

  @Test func contextHashIgnoresOnlyTheLatestUserText() {
    var r = CallRecord(source: SourceLocation(file: "t", line: 1), format: "native")
    r.model = "gpt-4o"
    r.system = "You are helpful."
    r.messages = [ChatMessage(role: .user, text: "Where is my order?")]
    let x = FactExtractor(countTokens: FactExtractor.roughCount)
    let a = x.facts(of: r)
    r.messages = [ChatMessage(role: .user, text: "Order status?")]
    let b = x.facts(of: r)
    r.system = "You are terse."
    let c = x.facts(of: r)
    #expect(a.requestHash != b.requestHash)
    #expect(a.contextHash == b.contextHash)
    #expect(b.contextHash != c.contextHash)
  }
}
