import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Per-file results of earlier runs, kept in `<state>/files/` so a weekly run reads only new data.
///
/// A file is not read again when its path, size, modification time and fingerprint (hashes of the
/// first and last 64 KiB) match an entry, and the entry's facts cover the window now asked for.
/// - A file that only grew (same head, the old last 64 KiB unchanged) is resumed from the old end
///   when it is plain text in line-independent formats; otherwise it is read again whole.
/// - A renamed file (same fingerprint, new path) reuses its entry with the path rewritten.
/// - A new file at an old path (rotation: different head) is read whole; request-id
///   de-duplication in `FactMerger` keeps overlapping content from counting twice.
/// Entries store the facts kept for the window of the run that read them, plus the file's first
/// and last timestamp: a later window that needs nothing outside that window reuses them.
public struct IngestCache: Sendable {
  /// Version of the cache layout; other versions are ignored (and rebuilt).
  static let layoutVersion = 4
  /// Formats whose lines are read independently of each other: only these files may be resumed
  /// after an append (formats that join lines keep state a resumed read would lose).
  static let resumableFormats: Set<String> = ["native", "blank"]

  /// The folder (`<state>/files`).
  public var directory: String
  /// Whether entries may be reused (`false` for `--full`: read everything, refresh the cache).
  public var reuse: Bool
  /// Anything else the facts depend on (tokenizer, options); entries with another salt are unused.
  public var salt: String

  /// Creates a cache in `directory`.
  ///
  /// - Parameters:
  ///   - directory: The folder for entries.
  ///   - reuse: `false` to read every file (`--full`) but still refresh the entries.
  ///   - salt: Identifies the token counter and anything else facts depend on.
  public init(directory: String, reuse: Bool = true, salt: String = "") {
    self.directory = directory
    self.reuse = reuse
    self.salt = salt
  }

  var indexPath: String { directory + "/index.json" }

  /// Entries are keyed by absolute path, so runs from another working directory find them.
  static func key(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

  /// The cache's key for what the facts depend on besides the file.
  func effectiveSalt(_ options: IngestOptions) -> String {
    [
      "v\(Self.layoutVersion)", TokenAuditVersion.current, "formats-\(FormatRegistry.revision)", salt,
      options.agentField ?? "", options.phaseField ?? "",
      options.traceField ?? "", "\(options.maxLineBytes)",
    ].joined(separator: "|")
  }

  // MARK: - Index

  func loadIndex() -> IngestCacheIndex {
    guard let data = FileManager.default.contents(atPath: indexPath),
      let index = try? AtomicFile.decoder(snakeCase: true).decode(IngestCacheIndex.self, from: data),
      index.layoutVersion == Self.layoutVersion
    else { return IngestCacheIndex() }
    return index
  }

  func saveIndex(_ index: IngestCacheIndex) throws {
    let data = try AtomicFile.encoder(pretty: false, snakeCase: true).encode(index)
    try AtomicFile.write(data, to: indexPath)
  }

  /// The facts of an entry, or `nil` when missing or damaged.
  func loadFacts(_ entry: IngestCacheEntry) -> [CallFacts]? {
    var facts: [CallFacts] = []
    facts.reserveCapacity(entry.factCount)
    guard forEachRecord(entry, { f, _ in facts.append(f) }) else { return nil }
    return facts
  }

  /// Copies an entry's facts kept by `window` into `spill` and returns their references, or `nil`
  /// when the facts file is missing or damaged (then nothing it held is referenced).
  func loadFacts(_ entry: IngestCacheEntry, window: TimeWindow, into spill: FactSpill) -> [FactRef]? {
    var refs: [FactRef] = []
    var pending = BinaryWriter()
    var pendingRefs = 0
    func flush() {
      let base = spill.append(pending.bytes)
      for i in (refs.count - pendingRefs)..<refs.count { refs[i].offset += base }
      pending.bytes.removeAll(keepingCapacity: true)
      pendingRefs = 0
    }
    let ok = forEachRecord(entry) { f, bytes in
      guard window.keeps(f.timestampMS) else { return }
      refs.append(FactRef(f, offset: Int64(pending.bytes.count), length: bytes.count))
      pending.bytes.append(contentsOf: bytes)
      pendingRefs += 1
      if pending.bytes.count >= 1 << 20 { flush() }
    }
    guard ok else { return nil }
    flush()
    return refs
  }

  /// Calls `body` with each record of an entry's facts file, decoded and as stored; false when the
  /// file is missing or damaged or does not hold `entry.factCount` records.
  private func forEachRecord(
    _ entry: IngestCacheEntry, _ body: (CallFacts, UnsafeRawBufferPointer) -> Void
  ) -> Bool {
    let labels = LabelTable()
    var count = 0
    do {
      let source = try GzipByteSource(try FileByteSource(path: directory + "/" + entry.factsFile))
      var buffer: [UInt8] = []
      var start = 0
      var chunk = [UInt8](repeating: 0, count: 1 << 20)
      var ended = false
      var checkedMagic = false
      // Records are `varint length, bytes`; the buffer keeps the unread tail of what was inflated.
      while true {
        if !ended {
          let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
          if n == 0 { ended = true } else { buffer.append(contentsOf: chunk[0..<n]) }
        }
        if !checkedMagic {
          guard buffer.count >= Self.factsMagic.count || ended else { continue }
          guard buffer.starts(with: Self.factsMagic) else { return false }
          start = Self.factsMagic.count
          checkedMagic = true
        }
        let consumed = try buffer.withUnsafeBytes { all -> Int in
          var r = BinaryReader(UnsafeRawBufferPointer(rebasing: all[start...]))
          var done = 0
          while !r.atEnd {
            var probe = r
            guard let length = try? probe.count() else { break }  // the length itself is cut off
            let bytes = UnsafeRawBufferPointer(rebasing: probe.base[probe.position..<(probe.position + length)])
            var record = BinaryReader(bytes)
            let f = try FactCodec.decode(&record, labels: labels)
            guard record.atEnd else { throw BinaryReader.Malformed() }
            body(f, bytes)
            count += 1
            r.position = probe.position + length
            done = r.position
          }
          return done
        }
        start += consumed
        if ended { break }
        if start > 1 << 20 {
          buffer.removeSubrange(0..<start)
          start = 0
        }
      }
      guard start == buffer.count else { return false }  // a record cut off at the end
    } catch {
      return false
    }
    return count == entry.factCount
  }

  /// Writes facts in `FactCodec`'s binary form, gzip-compressed and streaming (memory stays at
  /// one chunk), to a temporary name renamed into place. Not flushed to disk: a damaged entry is
  /// just read again.
  func saveFacts(_ facts: [CallFacts], as name: String) throws {
    var record = BinaryWriter()
    try writeFactsFile(name) { write in
      for f in facts {
        record.bytes.removeAll(keepingCapacity: true)
        FactCodec.encode(f, into: &record)
        try record.bytes.withUnsafeBytes { try write($0) }
      }
    }
  }

  /// Writes the spilled records of `refs` as a facts file (the bytes are copied, not re-encoded).
  func saveFacts(_ refs: [FactRef], from spill: FactSpill, as name: String) throws {
    var reader = FactReader(spill)
    try writeFactsFile(name) { write in
      for r in refs {
        guard try reader.withBytes(r, { try write($0) }) != nil else {
          throw TokenAuditError.cannotWrite(path: name, reason: "the temporary facts file could not be read back")
        }
      }
    }
  }

  /// Writes a facts file from the records `records` hands to its argument.
  private func writeFactsFile(
    _ name: String, _ records: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void
  ) throws {
    let path = directory + "/" + name
    let tmp = directory + "/" + AtomicFile.temporaryPrefix + "\(getpid())-" + name
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      let gzip = try GzipWriter(path: tmp, level: 3)
      var out = BinaryWriter()
      out.bytes.reserveCapacity(1 << 20)
      out.bytes += Self.factsMagic
      try records { bytes in
        out.int(bytes.count)
        out.bytes.append(contentsOf: bytes)
        if out.bytes.count >= 1 << 20 {
          try gzip.write(out.bytes)
          out.bytes.removeAll(keepingCapacity: true)
        }
      }
      try gzip.write(out.bytes)
      try gzip.close()
      if rename(tmp, path) != 0 {
        throw TokenAuditError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
      }
    } catch {
      unlink(tmp)
      if let e = error as? TokenAuditError { throw e }
      throw TokenAuditError.cannotWrite(path: path, reason: "\(error)")
    }
  }

  /// First bytes of a facts file (format and version of `FactCodec`).
  static let factsMagic = Array("TAFACTS1".utf8)

  /// Suffix of facts files.
  static let factsSuffix = ".facts.bin.gz"
}

/// What the cache did in one run (for `--verbose` and the terminal summary).
public struct IngestCacheReport: Sendable, Hashable {
  /// Files taken from the cache without reading them.
  public var reused = 0
  /// Of those, files found under a new name.
  public var renamed = 0
  /// Files read only from where the last run stopped.
  public var resumed = 0
  /// Files read whole.
  public var read = 0
  /// Entries that could not be written (the next run reads those files again).
  public var writeErrors: [String] = []
  /// Creates an empty report.
  public init() {}
}

/// The cache's table of contents: input path → entry.
struct IngestCacheIndex: Codable, Sendable {
  var layoutVersion = IngestCache.layoutVersion
  var entries: [String: IngestCacheEntry] = [:]
}

/// What the cache knows about one input file.
struct IngestCacheEntry: Codable, Sendable {
  var path: String
  var fingerprint: FileFingerprint
  var salt: String
  /// The window the stored facts were filtered by.
  var sinceMS: Int64?
  var untilMS: Int64?
  /// Facts file in the cache folder, and its number of facts.
  var factsFile: String
  var factCount: Int
  /// Facts without a timestamp (kept by every window).
  var untimedFacts: Int
  var issues: [IngestIssue]
  var stats: FileStats
  var tokenizerStats: TokenizerStats
  var firstTimestampMS: Int64?
  var lastTimestampMS: Int64?
  /// Whether a later append can be read from `fingerprint.size` on.
  var resumable: Bool

  var window: TimeWindow { TimeWindow(sinceMS: sinceMS, untilMS: untilMS) }

  var timeRange: ClosedRange<Int64>? {
    guard let a = firstTimestampMS, let b = lastTimestampMS, a <= b else { return nil }
    return a...b
  }

  /// Whether the stored facts hold every call `window` needs from this file.
  func covers(_ window: TimeWindow) -> Bool {
    guard let range = timeRange else { return true }
    return self.window.covers(window, within: range)
  }

  /// Whether `window` needs any stored fact (untimed facts are always needed).
  func needsFacts(_ window: TimeWindow) -> Bool {
    guard factCount > 0 else { return false }
    if untimedFacts > 0 { return true }
    guard let range = timeRange else { return true }
    let lo = max(window.sinceMS ?? range.lowerBound, range.lowerBound)
    let hi = min(window.untilMS.map { $0 - 1 } ?? range.upperBound, range.upperBound)
    return lo <= hi
  }
}
