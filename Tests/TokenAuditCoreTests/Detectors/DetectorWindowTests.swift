import Foundation
import Testing

@testable import TokenAuditCore

/// The caching detectors forget what fell out of their time window, so their memory follows the
/// traffic of one window rather than the length of the log. Forgetting early must not change a
/// report, and what is forgotten must be what the window rules out.
@Suite struct DetectorWindowTests {
  static let config: AuditConfiguration = {
    var c = AuditConfiguration()
    // Half-hour windows over a day and a half of calls: items expire all along.
    c.detectors[SimilarCallsDetector.id] = ["window_hours": 0.5]
    c.detectors[ExactRepeatsDetector.id] = ["window_hours": 0.5]
    return c
  }()

  static let planted = CachingScaleTests.generate(count: 12_000)

  static func context(_ facts: [CallFacts]) -> DetectorContext {
    var merged = MergedInput()
    merged.facts = FactStore(facts)
    let result = Attributor(costModel: CachingHarness.costModel).attribute(
      merged, files: 1, run: RunInfo(toolVersion: "test", generatedAt: "2026-03-03T00:00:00Z", inputs: []))
    return DetectorContext(result: result, costModel: CachingHarness.costModel, configuration: config)
  }

  /// The output as sorted-keys JSON, to compare two runs whole.
  static func json(_ out: DetectorOutput) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let effects = out.effects.map { "\($0.callIndex) \($0.lever) \($0.findingID) \($0.costFactor)" }
    let parts = [
      try encoder.encode(out.findings), try encoder.encode(out.repeatGroups), try encoder.encode(out.sections),
      try encoder.encode(effects),
    ]
    return parts.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
  }

  @Test func similarCallsReportsTheSameWhetherExpiredItemsAreDroppedOftenOrNever() throws {
    let facts = Self.planted.facts
    let context = Self.context(facts)
    func run(compactAfter: Int, chunk: Int) -> SimilarCallsDetector {
      var d = SimilarCallsDetector(configuration: Self.config)
      d.compactAfter = compactAfter
      var start = 0
      while start < facts.count {
        let part = Array(facts[start..<min(facts.count, start + chunk)])
        d.prepare(part, workers: 2)
        for call in part { d.observe(call) }
        start += chunk
      }
      return d
    }
    let often = run(compactAfter: 16, chunk: 500)
    let never = run(compactAfter: .max, chunk: 3_000)
    #expect(try Self.json(often.finish(context)) == Self.json(never.finish(context)))
    #expect(!often.finish(context).repeatGroups.isEmpty)
    // Dropping did happen, and what is kept is about one window's items.
    #expect(often.itemBase > 0)
    #expect(often.items.count * 4 < never.items.count)
    #expect(never.itemBase == 0)
  }

  @Test func similarCallsStillMatchTheOldestItemsOfTheWindow() throws {
    // Order k is asked at 5 s × k, asked again in other words as the half-hour window closes
    // (served from the first, by then one of the oldest items kept) and 31 minutes later
    // (outside the window: a new leader).
    let n = 2_000
    var calls: [(Int64, String, String)] = []
    for k in 0..<n {
      let t = Int64(k) * 5_000
      let p = CachingScaleTests.paraphrases
      calls.append((t, "q\(k)a", String(format: p[0], 5_000 + k)))
      calls.append((t + 30 * 60_000, "q\(k)b", String(format: p[1], 5_000 + k)))
      calls.append((t + 31 * 60_000, "q\(k)c", String(format: p[3], 5_000 + k)))
    }
    calls.sort { ($0.0, $0.1) < ($1.0, $1.1) }
    let facts = calls.map { Self.call($0.1, $0.2, ms: $0.0) }
    let context = Self.context(facts)
    func run(compactAfter: Int) -> (SimilarCallsDetector, DetectorOutput) {
      var d = SimilarCallsDetector(configuration: Self.config)
      d.compactAfter = compactAfter
      for call in facts { d.observe(call) }
      return (d, d.finish(context))
    }
    let (often, a) = run(compactAfter: 16)
    let (never, b) = run(compactAfter: .max)
    #expect(try Self.json(a) == Self.json(b))
    #expect(a.effects.count == n)
    #expect(often.itemBase > 0 && never.itemBase == 0)
  }

  @Test func indexForgetsOldItemsAndAnswersAsBeforeForTheRest() {
    var rng = SplitMix(state: 7)
    var index = SimilarityIndex(bucketCapacity: 4)
    let keys = (0..<400).map { _ in (0..<5).map { _ in UInt64(rng.int(60)) } }
    for (id, k) in keys.enumerated() { index.insert(Int32(id), keys: k) }
    let probes = (0..<200).map { _ in (0..<3).map { _ in UInt64(rng.int(60)) } }
    let before = probes.map { index.candidates(keys: $0) }
    for cut in [0, 50, 200, 399, 400] {
      var trimmed = index
      trimmed.removeItems(below: Int32(cut))
      for (p, probe) in probes.enumerated() {
        // The newest items of a bucket are kept first, and old ones are the ones dropped, so the
        // answer is the old answer without the dropped ids.
        #expect(trimmed.candidates(keys: probe) == before[p].filter { $0 >= cut })
      }
      if cut == 400 { #expect(trimmed.bucketCount == 0) }
    }
  }

  /// A call sending `text` at minute `minute` of the log.
  static func call(_ id: String, _ text: String, minute: Int64) -> CallFacts {
    call(id, text, ms: minute * 60_000)
  }

  /// A call sending `text`, `ms` milliseconds into the log.
  static func call(_ id: String, _ text: String, ms: Int64) -> CallFacts {
    var r = CallRecord(source: SourceLocation(file: "window.jsonl", line: Int(ms / 1_000) + 1), format: "native")
    r.requestID = id
    r.timestampMS = 1_772_000_000_000 + ms
    r.agent = "support"
    r.phase = "answer"
    r.provider = "openai"
    r.model = "gpt-4o"
    r.system = "You answer customer questions."
    r.messages = [ChatMessage(role: .user, text: text)]
    r.responseText = "Answer to " + text
    r.usage = TokenUsage(inputTokens: 1_000, outputTokens: 100)
    r.usageSource = .logged
    r.status = 200
    return FactExtractor(countTokens: FactExtractor.roughCount).facts(of: r)
  }

  @Test func exactRepeatAfterTheWindowStartsAfresh() throws {
    var c = AuditConfiguration()
    c.detectors[ExactRepeatsDetector.id] = ["window_hours": 1]
    let calls = [
      Self.call("a1", "Where is order 1?", minute: 0),
      // Two hours later: nothing cached any more, and nothing before it counts.
      Self.call("a2", "Where is order 1?", minute: 120),
      Self.call("a3", "Where is order 1?", minute: 130),
      Self.call("b1", "Where is order 2?", minute: 131),
    ]
    var d = ExactRepeatsDetector(configuration: c)
    for call in calls { d.observe(call) }
    #expect(d.entries.count == 2)
    let out = d.finish(Self.context(calls))
    let group = try #require(out.repeatGroups.first)
    #expect(group.requestIds == ["a2", "a3"])
    #expect(group.calls == 2)
    #expect(out.effects.map(\.callIndex) == [2])
    // Much later, the ungrouped entry of b1 is gone; the grouped one stays.
    d.observe(Self.call("c1", "Where is order 3?", minute: 400))
    #expect(d.entries.count == 2)
  }

  @Test func exactRepeatsCapCountsLiveEntriesOnly() throws {
    var c = AuditConfiguration()
    c.detectors[ExactRepeatsDetector.id] = ["window_hours": 1, "max_tracked": 1]
    let calls = [
      Self.call("a1", "Where is order 1?", minute: 0),
      // a1 is out of the window: b1 is tracked in its place, so its repeat is found.
      Self.call("b1", "Where is order 2?", minute: 90),
      Self.call("b2", "Where is order 2?", minute: 95),
      // The table is full of a live entry: c1 is not tracked, nor its repeat.
      Self.call("c1", "Where is order 3?", minute: 96),
      Self.call("c2", "Where is order 3?", minute: 97),
    ]
    let out = DetectorRunner.runOne(ExactRepeatsDetector.self, calls, c, Self.context(calls))
    #expect(out.repeatGroups.map(\.requestIds) == [["b1", "b2"]])
  }

  @Test func exactRepeatsKeepAboutOneWindowOfEntries() throws {
    let facts = Self.planted.facts
    var d = ExactRepeatsDetector(configuration: Self.config)
    for call in facts { d.observe(call) }
    #expect(!d.finish(Self.context(facts)).repeatGroups.isEmpty)
    // A day and a half of calls, half-hour windows: only the entries of about one window, and
    // the grouped ones, are left.
    #expect(d.entries.count * 10 < facts.count)
  }
}
