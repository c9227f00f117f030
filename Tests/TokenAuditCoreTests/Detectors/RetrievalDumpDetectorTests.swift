import Testing

@testable import TokenAuditCore

extension Advisor {
  @Suite struct RetrievalDumpDetectorTests {
    @Test func flagsContextTheAnswersDoNotUse() throws {
      let (r, fs) = try AdvisorFixtures.findings(RetrievalDumpDetector.id, "triggering")
      let f = try #require(fs.first)
      #expect(fs.count == 1)
      AdvisorFixtures.checkShape(f, r)
      #expect(f.kind == "unused-context" && f.agent == "rag-bot")
      // Five of six chunks are never used in the answer.
      #expect(f.detail.contains("83% of 60 context chunks"))
    }

    @Test func contextTheAnswersUseIsNotFlagged() throws {
      let (_, fs) = try AdvisorFixtures.findings(RetrievalDumpDetector.id, "clean")
      #expect(fs.isEmpty)
    }

    @Test func chunkUseComesFromDistinctiveWords() {
      let chunks = [
        String(repeating: "Zephyr blenders carry a warranty covering motors and gaskets. ", count: 4),
        String(repeating: "Orchid kettles ship from Rotterdam with insulated packaging. ", count: 4),
        String(repeating: "Velvet armchairs require a delivery crew booked ahead. ", count: 4),
      ]
      let use = PromptMeasures.contextUse(
        context: [chunks.joined(separator: "\n\n")], response: "The Zephyr warranty covers motors and gaskets.")
      #expect(use.chunks == 3)
      #expect(use.used == 1)
      // A chunk keeps the line break that ends it.
      #expect(use.unusedCharacters == chunks[1].count + 1 + chunks[2].count)
      #expect(PromptMeasures.contextUse(context: chunks, response: "ok").chunks == 0)
    }
  }
}
