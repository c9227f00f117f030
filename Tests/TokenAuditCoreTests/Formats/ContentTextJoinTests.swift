import Testing

@testable import TokenAuditCore

/// `ContentText.joinedLines` (no copy for a single part) against `joined(separator:)`.
@Suite struct ContentTextJoinTests {
  @Test func joinedLinesMatchesJoined() {
    let cases: [[String]] = [
      [], [""], ["one"], [String(repeating: "long text ", count: 100)], ["a", "b"], ["", ""], ["x\n", "y"],
    ]
    for parts in cases {
      let got = ContentText.joinedLines(parts)
      #expect(got == parts.joined(separator: "\n"))
      #expect(Array(got.utf8) == Array(parts.joined(separator: "\n").utf8))
    }
  }
}
