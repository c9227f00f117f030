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

    @Test(arguments: [1e300, -5, 0])
    func absurdSettingsNeverCrash(value: Double) throws {
      let keys = [
        "min_calls", "min_share", "min_monthly_usd", "keep_turns", "summary_share", "trim_share", "min_system_tokens",
        "min_ratio", "max_output_tokens", "tiny_output_tokens", "max_input_tokens", "max_price_ratio", "window_seconds",
        "items_per_call", "min_instruction_tokens", "max_item_tokens", "retry_window_seconds", "drop_share",
        "assumed_cut", "min_context_tokens", "min_unused_share", "min_measured_calls", "max_streamed_share",
        "min_window_share",
      ]
      var config = AuditConfiguration()
      for id in AdvisorFixtures.detectorIDs {
        config.detectors[id] = Dictionary(uniqueKeysWithValues: keys.map { ($0, value) })
      }
      let r = try AdvisorFixtures.run(AdvisorFixtures.all("triggering"), configuration: config).result
      #expect(r.roadmap != nil)
      #expect(r.findings.allSatisfy { $0.savingsUSD.isFinite && $0.savingsUSD >= 0 })
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
