import Foundation
import Testing

@testable import TokenAuditCore

/// The spill behind `FactStore`: calls read back in any order, by every reading path, equal what
/// was written; a spill without a usable disk keeps working in memory.
@Suite struct FactStoreTests {
  /// Writes `facts` into `spill` in batches of random sizes (as the extraction workers do) and
  /// returns their references in the facts' order.
  static func spill(_ facts: [CallFacts], into spill: FactSpill, rng: inout SplitMix) -> [FactRef] {
    var refs: [FactRef] = []
    var i = 0
    while i < facts.count {
      let n = min(facts.count - i, 1 + rng.int(40))
      var w = BinaryWriter()
      var batch: [FactRef] = []
      for f in facts[i..<(i + n)] {
        let start = w.bytes.count
        FactCodec.encode(f, into: &w)
        batch.append(FactRef(f, offset: Int64(start), length: w.bytes.count - start))
      }
      let base = spill.append(w.bytes)
      for var r in batch {
        r.offset += base
        refs.append(r)
      }
      i += n
    }
    return refs
  }

  /// Facts of many shapes: the fixture's calls, each several times with other sources.
  static func manyFacts() throws -> [CallFacts] {
    let fixture = try FactCodecTests.fixtureFacts()
    var out: [CallFacts] = []
    for copy in 0..<6 {
      for var f in fixture {
        f.source = SourceLocation(file: "f\(copy % 3)", line: out.count + 1)
        out.append(f)
      }
    }
    return out
  }

  @Test(arguments: [false, true])
  func everyReadingPathReturnsWhatWasWritten(memoryFallback: Bool) throws {
    let facts = try Self.manyFacts()
    var rng = SplitMix(seed: 11)
    let spill = FactSpill(directory: memoryFallback ? "/nonexistent-tokenaudit-dir" : nil)
    #expect((spill.fallbackReason != nil) == memoryFallback)
    let refs = Self.spill(facts, into: spill, rng: &rng)
    // A random order: reads jump between blocks, so the reader's block cache fills and evicts.
    var order = Array(facts.indices)
    order.shuffle(using: &rng)
    let paths = ["f0", "f1", "f2"]
    let ordered = order.map { i -> FactRef in
      var r = refs[i]
      r.file = UInt32(paths.firstIndex(of: facts[i].source.file)!)
      return r
    }
    let store = FactStore(spill: spill, refs: ordered, paths: paths)
    let expected = try order.map { try FactCodecTests.json(facts[$0]) }
    #expect(store.count == facts.count)
    #expect(try store.map(FactCodecTests.json) == expected)
    var viaForEach: [String] = []
    store.forEach(workers: 2) { viaForEach.append((try? FactCodecTests.json($0)) ?? "") }
    #expect(viaForEach == expected)
    var viaChunks: [String] = []
    store.chunks(size: 333, workers: 3) { chunk in
      #expect(chunk.count <= 333)
      viaChunks += chunk.map { (try? FactCodecTests.json($0)) ?? "" }
    }
    #expect(viaChunks == expected)
    for k in [0, facts.count / 2, facts.count - 1] { #expect(try FactCodecTests.json(store[k]) == expected[k]) }
  }

  @Test func calibrationSamplesMatchTheDecodedCalls() throws {
    var facts = try FactCodecTests.fixtureFacts()
    facts[0].errorType = "overloaded"
    facts[1].status = 529
    facts[2].usageSource = .estimated
    var rng = SplitMix(seed: 5)
    let spill = FactSpill()
    let store = FactStore(spill: spill, refs: Self.spill(facts, into: spill, rng: &rng), paths: [])
    var samples: [Calibrator.Sample] = []
    store.forEachCalibrationSample { samples.append($0) }
    #expect(samples.count == facts.count)
    for (s, f) in zip(samples, facts) {
      let e = Calibrator.Sample(f)
      #expect(s.provider == e.provider && s.usageSource == e.usageSource && s.inputTokens == e.inputTokens)
      #expect(s.failed == e.failed && s.promptTokenEstimate == e.promptTokenEstimate)
    }
  }

  @Test func calibrationReadFromTheSpillEqualsInMemoryCalibration() throws {
    var facts = try FactCodecTests.fixtureFacts()
    // Anthropic calls whose usage had to be estimated: the fit rescales them.
    for i in facts.indices where i % 7 == 0 && facts[i].provider == "anthropic" { facts[i].usageSource = .estimated }
    var inMemory = facts
    let expected = Calibrator.calibrate(&inMemory)
    var rng = SplitMix(seed: 9)
    let spill = FactSpill()
    let store = FactStore(spill: spill, refs: Self.spill(facts, into: spill, rng: &rng), paths: [])
    let got = Calibrator.calibrate(store)
    #expect(got.map(\.factor) == expected.map(\.factor))
    #expect(got.map(\.meanAbsErrorPercent) == expected.map(\.meanAbsErrorPercent))
    #expect(try store.map(FactCodecTests.json) == (try inMemory.map(FactCodecTests.json)))
  }

  @Test func mergeSortsAndDeduplicatesReferencesLikeTheCalls() throws {
    // Two files whose calls interleave in time, one call logged twice (the second copy more complete).
    func call(_ id: String, _ t: Int64?, _ line: Int, output: Int) -> CallFacts {
      CallFacts(
        source: SourceLocation(file: "x", line: line), format: "native", timestampMS: t, requestID: id, dedupKey: nil,
        traceID: nil, agent: "a", agentInferred: false, phase: "-", provider: "openai", model: "gpt-4o", status: 200,
        errorType: nil, latencyMS: nil, isBatch: false, streamed: false, finishReason: "stop", maxOutputTokens: nil,
        usage: TokenUsage(inputTokens: 10, outputTokens: output), usageSource: .logged, loggedCostUSD: nil)
    }
    let a = [call("r1", 300, 1, output: 1), call("r2", 100, 2, output: 1), call("r3", nil, 3, output: 1)]
    let b = [call("r4", 200, 1, output: 1), call("r2", 150, 2, output: 9)]
    var rng = SplitMix(seed: 3)
    let spill = FactSpill()
    var files = [
      IngestedFile(
        path: "b.jsonl", facts: Self.spill(b, into: spill, rng: &rng), issues: [], stats: FileStats(),
        tokenizerStats: TokenizerStats()),
      IngestedFile(
        path: "a.jsonl", facts: Self.spill(a, into: spill, rng: &rng), issues: [], stats: FileStats(),
        tokenizerStats: TokenizerStats()),
    ]
    let merged = FactMerger.merge(&files, spill: spill, options: IngestOptions())
    let got = merged.facts.map { ($0.requestID ?? "", $0.timestampMS, $0.source.description, $0.usage.outputTokens) }
    #expect(merged.duplicatesDropped == 1)
    #expect(got.map(\.0) == ["r2", "r4", "r1", "r3"])
    // The more complete copy, at the first sighting's time and place.
    #expect(got[0].1 == 100 && got[0].2 == "a.jsonl:2" && got[0].3 == 9)
    #expect(got[3].1 == nil && got[3].2 == "a.jsonl:3")
  }
}
