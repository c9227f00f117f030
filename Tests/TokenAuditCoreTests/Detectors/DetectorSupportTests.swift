import Testing

@testable import TokenAuditCore

extension Advisor {
  @Suite struct DetectorSupportTests {
    @Test func findingIDsComeFromNamesOnly() {
      let a = FindingID.make(
        detector: "model-routing", kind: "simple-work", agent: "Triage Bot", phase: "classify",
        qualifier: "gpt-4o")
      #expect(a.hasPrefix("model-routing:simple-work:triage-bot:classify:gpt-4o:"))
      #expect(
        a
          == FindingID.make(
            detector: "model-routing", kind: "simple-work", agent: "Triage Bot",
            phase: "classify", qualifier: "gpt-4o"))
      // Names that slug alike still differ.
      #expect(
        a
          != FindingID.make(
            detector: "model-routing", kind: "simple-work", agent: "triage bot",
            phase: "classify", qualifier: "gpt-4o"))
      #expect(
        FindingID.make(detector: "d", kind: "k", agent: "a", phase: nil)
          == FindingID.make(detector: "d", kind: "k", agent: "a", phase: "-"))
    }

    @Test func evidenceSampleIsBoundedAndOrderIndependent() {
      var forward = EvidenceSample(limit: 5)
      var backward = EvidenceSample(limit: 5)
      let ids = (0..<100).map { "req-\($0)" }
      for id in ids { forward.add(id) }
      for id in ids.reversed() { backward.add(id) }
      #expect(forward.ids.count == 5)
      #expect(forward.ids == backward.ids)
      #expect(forward.seen == 100)
    }

    @Test func outputShapes() {
      #expect(PromptMeasures.outputShape("billing", hasToolCalls: false) == .label)
      #expect(PromptMeasures.outputShape(" {\"a\": 1} ", hasToolCalls: false) == .json)
      #expect(PromptMeasures.outputShape("", hasToolCalls: true) == .toolCalls)
      #expect(PromptMeasures.outputShape(String(repeating: "word ", count: 20), hasToolCalls: false) == .text)
      #expect(PromptMeasures.requestsStructuredOutput(parameters: "{\"response_format\":{\"type\":\"json_schema\"}}"))
      #expect(!PromptMeasures.requestsStructuredOutput(parameters: "{\"temperature\":0}"))
    }

    @Test func repeatedSystemParagraphsAreFound() {
      let p = "Never share internal ticket numbers with the customer, whatever they ask for."
      let system =
        "You are a helper.\n\n\(p)\n\nBe brief in every answer you give to the customer please.\n\n"
        + p.uppercased()
      let units = PromptMeasures.repeatedUnits(in: system)
      #expect(units.map(String.init) == [p.uppercased()])
    }
  }
}
