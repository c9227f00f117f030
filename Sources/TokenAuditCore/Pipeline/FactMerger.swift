/// All files' facts, de-duplicated and in time order, with the input accounting.
public struct MergedInput: Sendable {
  /// Kept calls, sorted by (timestamp, file, line); calls without a timestamp last.
  public var facts: [CallFacts] = []
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
}

/// Merges per-file results deterministically, whatever order the files were read in.
enum FactMerger {
  /// Merges the files' facts; the facts are moved out of `files` (left empty) so that at no
  /// point two copies of every call are held.
  static func merge(_ files: inout [IngestedFile], options: IngestOptions) -> MergedInput {
    var out = MergedInput()
    files.sort { $0.path < $1.path }
    var all: [CallFacts] = []
    if files.count(where: { !$0.facts.isEmpty }) > 1 {
      all.reserveCapacity(files.reduce(0) { $0 + $1.facts.count })
    }
    for fi in files.indices {
      out.files.append(files[fi].path)
      out.stats.merge(files[fi].stats)
      for issue in files[fi].issues {
        switch issue.kind {
        case .invalidUTF8, .invalidUsage, .invalidTimestamp: out.warnings.append(issue)
        default: out.problems.append(issue)
        }
      }
      // One file's calls move without a copy; several are appended, each file's freed once copied.
      if all.isEmpty && all.capacity == 0 {
        swap(&all, &files[fi].facts)
      } else {
        all.append(contentsOf: files[fi].facts)
        files[fi].facts = []
      }
    }
    // Time window.
    if options.sinceMS != nil || options.untilMS != nil {
      let before = all.count
      all.removeAll { f in
        guard let t = f.timestampMS else { return false }
        if let s = options.sinceMS, t < s { return true }
        if let u = options.untilMS, t >= u { return true }
        return false
      }
      out.outsideWindow = before - all.count
    }
    // Records dropped per file while reading (the usual path; the filter above is a safety net).
    out.outsideWindow += out.stats.outsideWindow
    // Logs are mostly written in time order: sort only when they are not.
    if !all.indices.dropFirst().allSatisfy({ !Self.precedes(all[$0], all[$0 - 1]) }) {
      sortInPlace(&all)
    }
    // De-duplicate on request id (+ dedup key); keep the most complete record of each.
    // Compacted in place: `w` is the next kept position. Keys are 64-bit hashes of the id.
    let index = HashTable64(capacity: 1_024)
    var w = 0
    for i in all.indices {
      guard let key = dedupHash(all[i]) else {
        if w != i { all.swapAt(w, i) }
        w += 1
        continue
      }
      let f = all[i]
      if let found = index.value(key) {
        let k = Int(found)
        out.duplicatesDropped += 1
        if completeness(f) > completeness(all[k]) {
          let first = all[k]
          all[k] = f
          // Keep the first sighting's time and place so the order stays stable.
          all[k].timestampMS = first.timestampMS ?? f.timestampMS
          all[k].source = first.source
        }
      } else {
        index.set(key, UInt64(w))
        if w != i { all.swapAt(w, i) }
        w += 1
      }
    }
    all.removeLast(all.count - w)
    out.facts = all
    return out
  }

  /// Sorts by `precedes` without the merge buffer a sort of the (large) elements would need: the
  /// indices are sorted, then the permutation is applied in place by swapping along its cycles.
  static func sortInPlace(_ all: inout [CallFacts]) {
    let keys = all.map { (time: $0.timestampMS, source: $0.source) }
    var order = Array(all.indices)
    order.sort { a, b in
      switch (keys[a].time, keys[b].time) {
      case (let x?, let y?) where x != y: return x < y
      case (nil, _?): return false
      case (_?, nil): return true
      default: return keys[a].source < keys[b].source
      }
    }
    for start in order.indices where order[start] != start {
      var i = start
      while true {
        let j = order[i]
        order[i] = i
        if j == start { break }
        all.swapAt(i, j)
        i = j
      }
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

  static func precedes(_ a: CallFacts, _ b: CallFacts) -> Bool {
    switch (a.timestampMS, b.timestampMS) {
    case (let x?, let y?) where x != y: return x < y
    case (nil, _?): return false
    case (_?, nil): return true
    default: return a.source < b.source
    }
  }
}
