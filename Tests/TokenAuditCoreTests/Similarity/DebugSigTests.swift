import Testing
@testable import TokenAuditCore

@Suite struct DebugSigTests {
  @Test func dump() {
    let b = SignatureBuilder()
    let texts = ["Send the offer to Mr. Keller", "Send the offer to Mr. Koller", "What does this error mean: E_CONN_RESET",
      "Annulez ma réservation 4410",
      "Je souhaite annuler la réservation 4410"]
    for t in texts {
      let (s, e) = b.signature(t)
      let names = s.concepts.map { c in b.lexicon.conceptNames[c] ?? b.lexicon.conceptNames[c ^ 0x5555_5555].map { $0 + "-" } ?? "?" }
      print(t, "| lang", s.language.code, "| concepts", names, "| words", s.words.count, "| entities", e.entities, "| neg", s.negated, "| words:", e.words)
    }
  }
}
