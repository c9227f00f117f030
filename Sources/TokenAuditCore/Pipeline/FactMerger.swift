/// All files' facts, de-duplicated and in time order, with the input accounting.
public struct MergedInput: Sendable {
  /// Kept calls, sorted by (timestamp, file, line); calls without a timestamp last.
  public var facts = FactStore([])
  /// Skipped lines and file problems.
  public var problems: [IngestIssue] = []
  /// Warnings about counted lines.
  public var warnings: [IngestIssue] = []
  /// Summed counts.
  public var stats = FileStats()
  /// Records dropped as duplicates.
  public var duplicatesDropped = 0
  /// Records outside the time window.
  public var outsideWindow = 0
  /// Files read.
  public var files: [String] = []

  /// Creates an empty input.
  public init() {}
}

/// Merges per-file results deterministically, whatever order the files were read in.
///
/// Only the 40-byte references are sorted and de-duplicated; the facts stay in the spill (a
/// duplicate pair is decoded to pick the more complete record).
enum FactMerger {
  /// Merges the files' facts; the references are moved out of `files` (left empty).
  static func merge(_ files: inout [IngestedFile], spill: FactSpill, options: IngestOptions) -> MergedInput {
    var out = MergedInput()
    files.sort { $0.path < $1.path }
    var all: [FactRef] = []
    all.reserveCapacity(files.reduce(0) { $0 + $1.facts.count })
    for fi in files.indices {
      out.files.append(files[fi].path)
      out.stats.merge(files[fi].stats)
      for issue in files[fi].issues {
        switch issue.kind {
        case .invalidUTF8, .invalidUsage, .invalidTimestamp, .skippedEvent: out.warnings.append(issue)
        default: out.problems.append(issue)
        }
      }
      for var r in files[fi].facts {
        r.file = UInt32(fi)
        all.append(r)
      }
      files[fi].facts = []
    }
    // Time window.
    if options.sinceMS != nil || options.untilMS != nil {
      let before = all.count
      let window = TimeWindow(sinceMS: options.sinceMS, untilMS: options.untilMS)
      all.removeAll { !window.keeps($0.timestampMS) }
      out.outsideWindow = before - all.count
    }
    // Records dropped per file while reading (the usual path; the filter above is a safety net).
    out.outsideWindow += out.stats.outsideWindow
    // Logs are mostly written in time order: sort only when they are not. The sort is stable, so
    // calls equal in every key keep their order in the file.
    if !all.indices.dropFirst().allSatisfy({ !Self.precedes(all[$0], all[$0 - 1]) }) {
      all = all.indices.sorted { a, b in
        Self.precedes(all[a], all[b]) || (!Self.precedes(all[b], all[a]) && a < b)
      }.map { all[$0] }
    }
    // De-duplicate on request id (+ dedup key); keep the most complete record of each.
    // Compacted in place: `w` is the next kept position. Keys are 64-bit hashes of the id.
    let index = HashTable64(capacity: 1_024)
    var reader = FactReader(spill, blockSize: 0)
    var w = 0
    for i in all.indices {
      let r = all[i]
      guard r.dedup != 0 else {
        all[w] = r
        w += 1
        continue
      }
      if let found = index.value(r.dedup) {
        let k = Int(found)
        out.duplicatesDropped += 1
        if let kept = reader.decode(all[k]), let f = reader.decode(r), completeness(f) > completeness(kept) {
          // The more complete record, at the first sighting's time and place so the order stays stable.
          let first = all[k]
          all[k] = r
          all[k].time = first.hasTime ? first.time : r.time
          all[k].hasTime = first.hasTime || r.hasTime
          all[k].file = first.file
          all[k].line = first.line
        }
      } else {
        index.set(r.dedup, UInt64(w))
        all[w] = r
        w += 1
      }
    }
    all.removeLast(all.count - w)
    out.facts = FactStore(spill: spill, refs: all, paths: out.files)
    return out
  }

  /// Time order (calls without a timestamp last), then file, then line.
  static func precedes(_ a: FactRef, _ b: FactRef) -> Bool {
    switch (a.hasTime, b.hasTime) {
    case (true, true) where a.time != b.time: return a.time < b.time
    case (false, true): return false
    case (true, false): return true
    default: return a.file != b.file ? a.file < b.file : a.line < b.line
    }
  }

  /// The de-duplication key, as a 64-bit hash: format, request id and second key (nil when the
  /// call has neither id).
  static func dedupHash(_ f: CallFacts) -> UInt64? {
    guard f.requestID != nil || f.dedupKey != nil else { return nil }
    var h = ContentHasher()
    h.combine(f.format)
    // Each string's length is mixed in too, so the parts cannot run into each other.
    if let r = f.requestID {
      h.combine(1)
      h.combine(r)
    } else {
      h.combine(2)
    }
    if let d = f.dedupKey {
      h.combine(1)
      h.combine(d)
    } else {
      h.combine(2)
    }
    return h.value
  }

  /// More usage, then logged over estimated, then more output, wins.
  static func completeness(_ f: CallFacts) -> (Int, Int, Int, Int) {
    (
      f.usageSource == .logged ? 2 : f.usageSource == .estimated ? 1 : 0, f.usage.outputTokens, f.usage.inputTokens,
      f.responseChars
    )
  }
}
