import Foundation
import Testing

@testable import TokenAuditCore

/// Incremental runs reuse per-file results and give the same report as full runs.
@Suite struct IngestCacheTests {
  /// The whole JSON report: identical bytes mean identical totals, tables and input accounting.
  /// Only the tokenizer counters are left out: they count the texts tokenized when a file was
  /// read, which for a cached file happened in an earlier run, under that run's window.
  static func report(_ paths: [String], window: TimeWindow = TimeWindow(), cache: IngestCache? = nil) throws -> (
    String, IngestCacheReport?
  ) {
    var o = try HistoryTestSupport.pipeline(window: window, cache: cache).run(
      paths: paths, run: HistoryTestSupport.runInfo())
    o.result.tokenizer = nil
    return (JSONRenderer.render(o.result), o.cache)
  }

  static func cache(_ reuse: Bool = true) -> (IngestCache, String) {
    let dir = Fixtures.tempDir("cache")
    return (IngestCache(directory: dir, reuse: reuse), dir)
  }

  @Test func incrementalAndFullRunsGiveIdenticalReports() throws {
    let logs = try HistoryTestSupport.logs(["week46.jsonl", "week47.jsonl", "boundaries.jsonl"])
    let (cache, _) = Self.cache()
    let (plain, _) = try Self.report([logs])
    let (first, r1) = try Self.report([logs], cache: cache)
    let (second, r2) = try Self.report([logs], cache: cache)
    var full = cache
    full.reuse = false
    let (refreshed, r3) = try Self.report([logs], cache: full)
    #expect(first == plain)
    #expect(second == plain)
    #expect(refreshed == plain)
    #expect(r1?.read == 3 && r1?.reused == 0)
    #expect(r2?.reused == 3 && r2?.read == 0)
    #expect(r3?.read == 3 && r3?.reused == 0)
  }

  @Test func weeklyWindowsReuseFilesAndMatchFullRuns() throws {
    let logs = try HistoryTestSupport.logs(["week46.jsonl", "week47.jsonl", "boundaries.jsonl"])
    let (cache, _) = Self.cache()
    let w46 = try HistoryTestSupport.week("2026-W46")
    let w47 = try HistoryTestSupport.week("2026-W47")
    _ = try Self.report([logs], window: w46, cache: cache)
    let (incremental, r) = try Self.report([logs], window: w47, cache: cache)
    let (plain, _) = try Self.report([logs], window: w47)
    #expect(incremental == plain)
    // week46 has nothing in W47: served from the cache without loading its facts. The W46 run
    // kept no W47 facts of week47 and boundaries, so those two are read again.
    #expect(r?.reused == 1)
    #expect(r?.read == 2)
    // No window: week46 and week47 lie wholly inside their cached windows; boundaries straddles
    // both weeks and is read again. The report still matches a full run.
    let (all, r3) = try Self.report([logs], cache: cache)
    #expect(all == (try Self.report([logs])).0)
    #expect(r3?.reused == 2)
    #expect(r3?.read == 1)
  }

  @Test func appendedPlainFileIsResumedWhereItStopped() throws {
    let dir = Fixtures.tempDir("append")
    let lines = try String(contentsOfFile: Fixtures.path("history/week47.jsonl"), encoding: .utf8)
      .split(separator: "\n").map(String.init)
    let path = dir + "/live.jsonl"
    try (lines[..<30].joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
    let (cache, _) = Self.cache()
    _ = try Self.report([path], cache: cache)
    let handle = try #require(FileHandle(forWritingAtPath: path))
    handle.seekToEndOfFile()
    handle.write(Data((lines[30...].joined(separator: "\n") + "\n").utf8))
    try handle.close()
    let (incremental, r) = try Self.report([path], cache: cache)
    #expect(r?.resumed == 1)
    #expect(r?.read == 0)
    #expect(incremental == (try Self.report([path])).0)
    // Line numbers continue after the old part.
    let o = try HistoryTestSupport.pipeline(cache: cache).run(paths: [path], run: HistoryTestSupport.runInfo())
    #expect(o.facts.map(\.source.line).max() == lines.count)
  }

  @Test func fileThatChangedInPlaceIsReadAgain() throws {
    let dir = Fixtures.tempDir("rewrite")
    let path = dir + "/log.jsonl"
    try FileManager.default.copyItem(atPath: Fixtures.path("history/week46.jsonl"), toPath: path)
    let (cache, _) = Self.cache()
    _ = try Self.report([path], cache: cache)
    // Rotation: a new file at the old path, larger, with a different head.
    try FileManager.default.removeItem(atPath: path)
    let longer =
      try String(contentsOfFile: Fixtures.path("history/week47.jsonl"), encoding: .utf8)
      + (try String(contentsOfFile: Fixtures.path("history/week46.jsonl"), encoding: .utf8))
    try longer.write(toFile: path, atomically: false, encoding: .utf8)
    let (incremental, r) = try Self.report([path], cache: cache)
    #expect(r?.read == 1 && r?.resumed == 0)
    #expect(incremental == (try Self.report([path])).0)
  }

  @Test func renamedAndRotatedFilesAreNeitherLostNorCountedTwice() throws {
    let dir = Fixtures.tempDir("rotate")
    let live = dir + "/app.jsonl"
    try FileManager.default.copyItem(atPath: Fixtures.path("history/week46.jsonl"), toPath: live)
    let (cache, _) = Self.cache()
    _ = try Self.report([dir], cache: cache)
    // logrotate: the file moves to app.1.jsonl, a new one starts at the old path with an
    // overlapping line (the same request id, logged twice around the rotation).
    try FileManager.default.moveItem(atPath: live, toPath: dir + "/app.1.jsonl")
    let week47 = try String(contentsOfFile: Fixtures.path("history/week47.jsonl"), encoding: .utf8)
    let lastOld = try String(contentsOfFile: dir + "/app.1.jsonl", encoding: .utf8).split(separator: "\n").last ?? ""
    try (lastOld + "\n" + week47).write(toFile: live, atomically: false, encoding: .utf8)
    let (incremental, r) = try Self.report([dir], cache: cache)
    #expect(r?.reused == 1 && r?.renamed == 1)
    #expect(r?.read == 1)
    let (plain, _) = try Self.report([dir])
    #expect(incremental == plain)
    let o = try HistoryTestSupport.pipeline(cache: cache).run(paths: [dir], run: HistoryTestSupport.runInfo())
    #expect(o.result.totals.calls == 72 + 52)
    #expect(o.result.input.duplicatesDropped == 1)
    #expect(o.facts.contains { $0.source.file.hasSuffix("app.1.jsonl") })
  }

  @Test func damagedCacheFilesAreReadAgain() throws {
    let logs = try HistoryTestSupport.logs(["week46.jsonl"])
    let (cache, dir) = Self.cache()
    _ = try Self.report([logs], cache: cache)
    for n in try FileManager.default.contentsOfDirectory(atPath: dir) where n.hasSuffix(IngestCache.factsSuffix) {
      try "[{\"trunc".write(toFile: dir + "/" + n, atomically: false, encoding: .utf8)
    }
    let (incremental, r) = try Self.report([logs], cache: cache)
    #expect(r?.read == 1)
    #expect(incremental == (try Self.report([logs])).0)
    try "not json".write(toFile: dir + "/index.json", atomically: false, encoding: .utf8)
    let (again, r2) = try Self.report([logs], cache: cache)
    #expect(r2?.read == 1)
    #expect(again == incremental)
  }

  @Test func theReadersRevisionIsPartOfTheKey() {
    // Files cached by older readers are read again (a new format, a changed usage rule).
    let salt = IngestCache(directory: "/tmp/x").effectiveSalt(IngestOptions())
    #expect(salt.contains("formats-\(FormatRegistry.revision)"))
    var other = IngestOptions()
    other.agentField = "metadata.agent"
    #expect(IngestCache(directory: "/tmp/x").effectiveSalt(other) != salt)
  }
}
