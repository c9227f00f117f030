import Foundation

extension AuditPipeline {
  /// What to do with one input file.
  enum FilePlan {
    /// Read it whole.
    case read
    /// Take the entry without reading the file.
    case reuse(IngestCacheEntry)
    /// Read from the entry's end and add the entry's (already filtered) facts.
    case resume(IngestCacheEntry, [FactRef])
  }

  /// Ingests `files`, reusing the per-file results of earlier runs when `options.ingestCache` is set.
  ///
  /// Incremental and full runs give the same `IngestedFile`s (but for tokenizer counters), so the
  /// merged totals are identical.
  func ingestIncrementally(_ files: [String], spill: FactSpill, progress: ProgressObserver?) -> (
    [IngestedFile], IngestCacheReport?
  ) {
    guard let cache = options.ingestCache else { return (ingestAll(files, spill: spill, progress: progress), nil) }
    AtomicFile.removeStaleTemporaries(in: cache.directory)
    let window = TimeWindow(sinceMS: options.ingest.sinceMS, untilMS: options.ingest.untilMS)
    let salt = cache.effectiveSalt(options.ingest)
    var index = cache.loadIndex()
    var report = IngestCacheReport()
    var prints: [String: FileFingerprint] = [:]
    for f in files { prints[f] = FileFingerprint.of(path: f) }

    var plans: [String: FilePlan] = [:]
    for path in files {
      plans[path] = cache.reuse ? plan(path, prints[path], index, cache, salt, window, spill, &report) : .read
    }

    // Cached files: copy their facts into the spill in parallel.
    let reused = files.compactMap { p -> (String, IngestCacheEntry)? in
      if case .reuse(let e)? = plans[p] { return (p, e) }
      return nil
    }
    let loaded = WorkSlots<IngestedFile>(count: reused.count)
    DispatchQueue.concurrentPerform(iterations: reused.count) { i in
      let (path, e) = reused[i]
      if !e.needsFacts(window) {
        loaded.put(i, Self.ingested(path: path, entry: e, facts: []))
      } else if let facts = cache.loadFacts(e, window: window, into: spill) {
        loaded.put(i, Self.ingested(path: path, entry: e, facts: facts))
      }
    }
    var out: [IngestedFile] = []
    var toRead: [String] = []
    var resumePoints: [String: ResumePoint] = [:]
    for (i, (path, e)) in reused.enumerated() {
      if let f = loaded.result(i) {
        out.append(f)
        if e.path != IngestCache.key(path) { report.renamed += 1 }
        report.reused += 1
        index.entries[IngestCache.key(path)] = moved(e, to: IngestCache.key(path))
      } else {
        plans[path] = .read  // the facts file is gone or damaged
      }
    }
    for path in files {
      switch plans[path] {
      case .read?, nil: toRead.append(path)
      case .resume(let e, _)?:
        toRead.append(path)
        resumePoints[path] = ResumePoint(byteOffset: e.fingerprint.size, lineNumber: e.stats.lines)
      case .reuse?: break
      }
    }
    report.resumed = resumePoints.count
    report.read = toRead.count - resumePoints.count

    // Read what must be read, then fold resumed files into their old part.
    var fresh = ingestAll(toRead, resume: resumePoints, spill: spill, progress: progress)
    for i in fresh.indices {
      if case .resume(let e, let oldFacts)? = plans[fresh[i].path] {
        fresh[i] = Self.combine(old: e, oldFacts: oldFacts, new: fresh[i], window: window)
      }
    }
    out += fresh
    report.writeErrors = store(fresh, prints, &index, cache, salt, window, spill)
    return (out, report)
  }

  private func plan(
    _ path: String, _ fp: FileFingerprint?, _ index: IngestCacheIndex, _ cache: IngestCache, _ salt: String,
    _ window: TimeWindow, _ spill: FactSpill, _ report: inout IngestCacheReport
  ) -> FilePlan {
    guard let fp else { return .read }
    if let e = index.entries[IngestCache.key(path)], e.salt == salt {
      if e.fingerprint == fp { return e.covers(window) ? .reuse(e) : .read }
      if fp.size > e.fingerprint.size, e.resumable, !fp.gzip, e.covers(window), Self.onlyAppended(path, e.fingerprint) {
        let old = e.needsFacts(window) ? cache.loadFacts(e, window: window, into: spill) : []
        guard let old else { return .read }
        return .resume(e, old)
      }
      return .read
    }
    // Renamed (or copied with its time kept): the same content under another path.
    let candidates = index.entries.values.filter { $0.salt == salt && $0.fingerprint == fp && $0.covers(window) }
    if let e = candidates.min(by: { $0.path < $1.path }) { return .reuse(e) }
    return .read
  }

  /// Whether the first `old.size` bytes of `path` are still what they were.
  static func onlyAppended(_ path: String, _ old: FileFingerprint) -> Bool {
    guard old.endsWithNewline else { return false }
    let n = min(old.size, FileFingerprint.edgeBytes)
    return FileFingerprint.hash(path: path, offset: 0, count: n) == old.headHash
      && FileFingerprint.hash(path: path, offset: old.size - n, count: n) == old.tailHash
  }

  /// An entry's contribution to this run, under `path` (`facts`: the ones the window keeps; the
  /// merge gives them `path` as their source file).
  static func ingested(path: String, entry e: IngestCacheEntry, facts kept: [FactRef]) -> IngestedFile {
    var stats = e.stats
    stats.outsideWindow = stats.records - kept.count
    let issues = e.issues.map { i -> IngestIssue in
      var i = i
      i.location.file = path
      return i
    }
    return IngestedFile(
      path: path, facts: kept, issues: issues, stats: stats, tokenizerStats: e.tokenizerStats,
      firstTimestampMS: e.firstTimestampMS, lastTimestampMS: e.lastTimestampMS)
  }

  /// The old part of a resumed file plus what was read after it.
  static func combine(old e: IngestCacheEntry, oldFacts: [FactRef], new n: IngestedFile, window: TimeWindow)
    -> IngestedFile
  {
    var stats = e.stats
    stats.outsideWindow = 0
    stats.merge(n.stats)
    let facts = oldFacts + n.facts
    stats.outsideWindow = stats.records - facts.count
    var tokenizer = e.tokenizerStats
    tokenizer.merge(n.tokenizerStats)
    let firsts = [e.firstTimestampMS, n.firstTimestampMS].compactMap { $0 }
    let lasts = [e.lastTimestampMS, n.lastTimestampMS].compactMap { $0 }
    return IngestedFile(
      path: n.path, facts: facts, issues: e.issues + n.issues, stats: stats, tokenizerStats: tokenizer,
      firstTimestampMS: firsts.min(), lastTimestampMS: lasts.max())
  }

  private func moved(_ e: IngestCacheEntry, to path: String) -> IngestCacheEntry {
    var e = e
    e.path = path
    return e
  }

  /// Writes entries for files read in this run, drops entries of files that no longer exist and
  /// deletes facts files no entry refers to. Failures only cost speed next time: they are returned.
  private func store(
    _ fresh: [IngestedFile], _ prints: [String: FileFingerprint], _ index: inout IngestCacheIndex, _ cache: IngestCache,
    _ salt: String, _ window: TimeWindow, _ spill: FactSpill
  ) -> [String] {
    var newEntries: [(IngestedFile, IngestCacheEntry)] = []
    for f in fresh {
      guard let fp = prints[f.path], Self.completelyRead(f, fp) else {
        index.entries[IngestCache.key(f.path)] = nil
        continue
      }
      let fileKinds: Set<IngestIssueKind> = [.truncatedFile, .corruptFile, .unreadableFile]
      let resumable =
        !fp.gzip && fp.endsWithNewline && Set(f.stats.linesByFormat.keys).isSubset(of: IngestCache.resumableFormats)
        && !f.issues.contains { fileKinds.contains($0.kind) }
      var name = ContentHasher()
      name.combine(IngestCache.key(f.path))
      name.combine(UInt64(bitPattern: Int64(fp.size)))
      name.combine(UInt64(bitPattern: fp.modifiedNS))
      name.combine(fp.headHash)
      name.combine(UInt64(bitPattern: window.sinceMS ?? -1))
      name.combine(UInt64(bitPattern: window.untilMS ?? -1))
      name.combine(salt)
      let entry = IngestCacheEntry(
        path: IngestCache.key(f.path), fingerprint: fp, salt: salt, sinceMS: window.sinceMS, untilMS: window.untilMS,
        factsFile: String(name.value, radix: 16) + IngestCache.factsSuffix, factCount: f.facts.count,
        untimedFacts: f.facts.reduce(0) { $0 + ($1.hasTime ? 0 : 1) }, issues: f.issues, stats: f.stats,
        tokenizerStats: f.tokenizerStats, firstTimestampMS: f.firstTimestampMS, lastTimestampMS: f.lastTimestampMS,
        resumable: resumable)
      newEntries.append((f, entry))
    }
    let errors = WorkSlots<String>(count: newEntries.count)
    let toWrite = newEntries
    DispatchQueue.concurrentPerform(iterations: toWrite.count) { i in
      let (f, e) = toWrite[i]
      do {
        try cache.saveFacts(f.facts, from: spill, as: e.factsFile)
      } catch {
        errors.put(i, "\(error)")
      }
    }
    var messages: [String] = []
    for (i, (f, e)) in newEntries.enumerated() {
      if let m = errors.result(i) {
        messages.append(m)
        index.entries[IngestCache.key(f.path)] = nil
      } else {
        index.entries[IngestCache.key(f.path)] = e
      }
    }
    for (path, _) in index.entries where !FileManager.default.fileExists(atPath: path) {
      index.entries[path] = nil
    }
    do {
      try cache.saveIndex(index)
    } catch {
      messages.append("\(error)")
      return messages
    }
    let referenced = Set(index.entries.values.map(\.factsFile))
    let names = (try? FileManager.default.contentsOfDirectory(atPath: cache.directory)) ?? []
    for n in names where (n.contains(".facts.json") || n.contains(IngestCache.factsSuffix)) && !referenced.contains(n) {
      try? FileManager.default.removeItem(atPath: cache.directory + "/" + n)
    }
    return messages
  }

  /// Whether the read saw exactly the fingerprinted bytes (a file that grew while it was read is
  /// not cached: its fingerprint would not describe what was read).
  static func completelyRead(_ f: IngestedFile, _ fp: FileFingerprint) -> Bool {
    if f.issues.contains(where: { $0.kind == .unreadableFile }) { return false }
    guard let now = FileFingerprint.of(path: f.path) else { return false }
    return now == fp
  }
}
