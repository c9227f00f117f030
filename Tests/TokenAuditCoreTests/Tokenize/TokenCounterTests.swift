import Testing

@testable import TokenAuditCore

@Suite struct TokenCounterTests {
  @Test func countsHitsAndMisses() throws {
    let counter = TokenCounter(encoding: try BPEEncoding.o200kBase)
    let system = "You are a helpful assistant."
    let first = counter.count(system)
    #expect(first == 6)
    #expect(counter.count(system) == first)
    #expect(counter.count("Hello!") == 2)
    #expect(counter.count(system) == first)
    #expect(counter.statistics == TokenCounter.Statistics(hits: 2, misses: 2, hitBytes: 56, missBytes: 34))
    #expect(counter.statistics.hitRate == 0.5)
  }

  @Test func bytesAndStringsShareEntries() throws {
    let counter = TokenCounter(encoding: try BPEEncoding.cl100kBase)
    let text = "naïve café ☕"
    let expected = counter.count(text)
    let bytes = Array(text.utf8)
    #expect(bytes.withUnsafeBytes { counter.count($0) } == expected)
    #expect(bytes.withUnsafeBytes { counter.count($0, hash: ContentHash.hash($0)) } == expected)
    #expect(counter.statistics.hits == 2)
  }

  @Test func capacityBoundsTheMemo() throws {
    let counter = TokenCounter(encoding: try BPEEncoding.o200kBase, capacity: 2)
    for text in ["a", "b", "c", "a"] { _ = counter.count(text) }
    // "a" was evicted when the memo filled up at "c".
    #expect(counter.statistics.misses == 4)
    counter.resetStatistics()
    #expect(counter.statistics == TokenCounter.Statistics())
  }

  @Test func statisticsAddUp() {
    let a = TokenCounter.Statistics(hits: 3, misses: 1, hitBytes: 30, missBytes: 10)
    let b = TokenCounter.Statistics(hits: 1, misses: 3, hitBytes: 10, missBytes: 30)
    #expect(a + b == TokenCounter.Statistics(hits: 4, misses: 4, hitBytes: 40, missBytes: 40))
    #expect((a + b).byteHitRate == 0.5)
    #expect(TokenCounter.Statistics().hitRate == 0)
  }
}
