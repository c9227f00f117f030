import Foundation
import Testing

@testable import TokenAuditCore

/// The incremental cache's binary facts: every field round-trips, and damage is detected.
@Suite struct FactCodecTests {
  static func fixtureFacts() throws -> [CallFacts] {
    let p = AuditPipeline(
      options: AuditOptions(), costModel: TableCostModel(table: try PriceTable.bundled()),
      makeCounter: { BPETokenCounter() })
    return try p.run(paths: [Fixtures.path("logs")], run: FixtureReportGoldenTests.run).facts.all
  }

  /// Facts compared through their JSON form (every stored property, nested ones too).
  static func json(_ f: CallFacts) throws -> String {
    let e = JSONEncoder()
    e.outputFormatting = [.sortedKeys]
    return String(decoding: try e.encode(f), as: UTF8.self)
  }

  @Test func everyStoredPropertyIsWritten() {
    let f = CallFacts(
      source: SourceLocation(file: "x", line: 1), format: "native", agent: "a", agentInferred: false, phase: "-",
      provider: "openai", model: "m", status: 200, isBatch: false, streamed: false, usage: TokenUsage(),
      usageSource: .logged)
    // A new stored property must be added to FactCodec (and this count).
    #expect(Mirror(reflecting: f).children.count == FactCodec.fieldCount)
    #expect(Mirror(reflecting: TokenUsage()).children.count == 7)
    #expect(Mirror(reflecting: PromptAnatomy()).children.count == 5)
  }

  @Test func fixtureFactsRoundTrip() throws {
    var facts = try Self.fixtureFacts()
    #expect(facts.count > 100)
    // Values the fixture may not have: extremes, non-ASCII, empty and absent ones.
    facts[0].timestampMS = Int64.min / 4
    facts[0].latencyMS = -0.0
    facts[0].loggedCostUSD = 1e-12
    facts[0].serviceTier = .priority
    facts[1].serviceTier = .flex
    facts[0].latestUserText = "Grüße, 数据 🇩🇪\u{0}"
    facts[0].systemVolatileOffset = Int.max
    facts[0].usage.reasoningTokens = -1
    facts[1].usage.webSearchRequests = 7
    facts[1].requestID = nil
    facts[1].toolNames = []
    facts[1].outputShape = .json
    var w = BinaryWriter()
    for f in facts { FactCodec.encode(f, into: &w) }
    let labels = LabelTable()
    try w.bytes.withUnsafeBytes { buf in
      var r = BinaryReader(buf)
      for f in facts {
        let g = try FactCodec.decode(&r, labels: labels)
        let (a, b) = (try Self.json(g), try Self.json(f))
        // On a mismatch, name the fields that differ.
        let (pa, pb) = (Set(a.split(separator: ",")), Set(b.split(separator: ",")))
        #expect(a == b, "decoded \(pa.subtracting(pb).sorted()) written \(pb.subtracting(pa).sorted())")
      }
      #expect(r.atEnd)
    }
  }

  @Test func cacheFilesRoundTripAndDamageIsRejected() throws {
    let facts = try Self.fixtureFacts()
    let dir = Fixtures.tempDir("factcodec")
    let cache = IngestCache(directory: dir)
    try cache.saveFacts(facts, as: "a" + IngestCache.factsSuffix)
    let entry = IngestCacheEntry.testEntry(file: "a" + IngestCache.factsSuffix, count: facts.count)
    let loaded = try #require(cache.loadFacts(entry))
    #expect(try loaded.map(Self.json) == (try facts.map(Self.json)))
    // Truncated anywhere (as a killed run could leave it): rejected, never half-read.
    let raw = try Data(contentsOf: URL(fileURLWithPath: dir + "/a" + IngestCache.factsSuffix))
    for cut in [raw.count - 1, raw.count / 2, 12] {
      try raw.prefix(cut).write(to: URL(fileURLWithPath: dir + "/b" + IngestCache.factsSuffix))
      #expect(
        cache.loadFacts(IngestCacheEntry.testEntry(file: "b" + IngestCache.factsSuffix, count: facts.count)) == nil)
    }
    // A wrong count is rejected too.
    #expect(
      cache.loadFacts(IngestCacheEntry.testEntry(file: "a" + IngestCache.factsSuffix, count: facts.count + 1)) == nil)
  }
}

extension IngestCacheEntry {
  /// An entry that only names a facts file and its count (what `loadFacts` reads).
  static func testEntry(file: String, count: Int) -> IngestCacheEntry {
    IngestCacheEntry(
      path: "x",
      fingerprint: FileFingerprint(size: 0, modifiedNS: 0, headHash: 0, tailHash: 0, gzip: true, endsWithNewline: true),
      salt: "",
      sinceMS: nil, untilMS: nil, factsFile: file, factCount: count, untimedFacts: 0, issues: [], stats: FileStats(),
      tokenizerStats: TokenizerStats(), firstTimestampMS: nil, lastTimestampMS: nil, resumable: false)
  }
}
