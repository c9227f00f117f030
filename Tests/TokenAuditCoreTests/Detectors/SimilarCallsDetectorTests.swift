import Testing

@testable import TokenAuditCore

@Suite struct SimilarCallsDetectorTests {
  @Test func triggeringFixtureGroupsParaphrasesOnly() throws {
    let run = try CachingHarness.run(SimilarCallsDetector.self, ["detectors/similar-calls/triggering.jsonl"])
    let out = run.output
    let order = try #require(out.repeatGroups.first { $0.requestIds.contains("sim-001") })
    #expect(order.kind == "similar")
    #expect(order.requestIds == ["sim-001", "sim-002", "sim-003", "sim-004"])
    #expect(order.answersAgree == true)
    #expect(order.similarity >= SimilarCallsDetector.defaultThreshold)
    let refund = try #require(out.repeatGroups.first { $0.requestIds.contains("sim-011") })
    #expect(refund.requestIds == ["sim-011", "sim-012"])
    #expect(out.repeatGroups.count == 2)
    // Look-alikes, negations and templates are never grouped.
    let grouped = Set(out.repeatGroups.flatMap(\.requestIds))
    for id in ["sim-005", "sim-006", "sim-007", "sim-008", "sim-009", "sim-010"] { #expect(!grouped.contains(id)) }

    let finding = try #require(out.findings.first)
    #expect(finding.kind == "semantic-repeats")
    #expect(finding.lever == "caching")
    #expect(finding.calls == 4)
    let served = ["sim-002", "sim-003", "sim-004", "sim-012"].compactMap { CachingHarness.index(run.facts, $0) }
    #expect(Set(out.effects.map(\.callIndex)) == Set(served))
    #expect(out.effects.allSatisfy { $0.costFactor == 0 && $0.lever == "caching" })

    // Same wording with other values: the order questions (two order ids) and the labels.
    let templates = try #require(out.sections.first { $0.id == "templated-prompts" })
    #expect(templates.rows.count == 2)
    let labels = try #require(templates.rows.first { $0[1] == "labels" })
    #expect(labels[2] == "3")
    #expect(labels[3] == "3")
    #expect(labels[6] == "Generate a shipping label for order ⟨number⟩")
    let safety = try #require(out.sections.first { $0.id == "cache-safety" })
    #expect(safety.rows.count == 4)
  }

  @Test func cleanFixtureGroupsNothing() throws {
    let run = try CachingHarness.run(SimilarCallsDetector.self, ["detectors/similar-calls/clean.jsonl"])
    #expect(run.output.repeatGroups.isEmpty)
    #expect(run.output.findings.isEmpty)
    #expect(run.output.effects.isEmpty)
  }
}
