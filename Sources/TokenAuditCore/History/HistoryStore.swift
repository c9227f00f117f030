import Foundation

/// The state folder: one snapshot per run, a derived index, the per-file cache and the lock.
///
/// ```
/// <state>/lock                                    flock, held for the whole run
/// <state>/index.json                              list of runs (derived; rebuilt every run)
/// <state>/snapshots/<period-end>-<run-id>.json    one per run (RunSnapshot)
/// <state>/files/index.json, <hash>.facts.bin.gz  per-file partial results (IngestCache)
/// ```
/// Every file is written to a temporary name and renamed, so a killed run leaves the previous
/// state intact. Snapshots are the source of truth; the index is only for people and tools.
public struct HistoryStore: Sendable {
  /// The state folder.
  public var directory: String

  /// Creates a store over `directory` (nothing is read or created yet).
  public init(directory: String) { self.directory = directory }

  var snapshotsDirectory: String { directory + "/snapshots" }
  var indexPath: String { directory + "/index.json" }
  /// Folder of the incremental ingest cache.
  public var filesDirectory: String { directory + "/files" }

  /// Takes the state folder's lock (see `StateLock`).
  ///
  /// - Throws: `TokenAuditError.locked` when another run holds it.
  public func lock() throws -> StateLock {
    let lock = try StateLock.acquire(in: directory)
    AtomicFile.removeStaleTemporaries(in: directory)
    AtomicFile.removeStaleTemporaries(in: snapshotsDirectory)
    return lock
  }

  /// Every readable snapshot, oldest period first; unreadable or newer-version files give warnings.
  func loadSnapshots() -> (snapshots: [RunSnapshot], warnings: [String]) {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: snapshotsDirectory)) ?? [])
      .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
    var out: [RunSnapshot] = []
    var warnings: [String] = []
    let decoder = AtomicFile.decoder(snakeCase: true)
    for n in names {
      let path = snapshotsDirectory + "/" + n
      guard let data = FileManager.default.contents(atPath: path) else {
        warnings.append("\(path): cannot read this snapshot; ignored")
        continue
      }
      do {
        let s = try decoder.decode(RunSnapshot.self, from: data)
        if s.schemaVersion > RunSnapshot.currentSchemaVersion {
          warnings.append("\(path): written by a newer tokenaudit (schema \(s.schemaVersion)); ignored")
          continue
        }
        out.append(s)
      } catch {
        warnings.append("\(path): not a tokenaudit snapshot (\(error)); ignored")
      }
    }
    out.sort { ($0.period.endMS, $0.generatedAt, $0.runID) < ($1.period.endMS, $1.generatedAt, $1.runID) }
    return (out, warnings)
  }

  /// The runs before `current`, one per period (the latest run of each), oldest first: periods
  /// that end after the current one (a backfill) and re-runs of the current period are left out.
  static func earlierPeriods(_ all: [RunSnapshot], current: RunSnapshot) -> [RunSnapshot] {
    var latest: [String: RunSnapshot] = [:]
    for s in all where s.period.key != current.period.key && s.period.endMS <= current.period.endMS {
      if let e = latest[s.period.key], (e.generatedAt, e.runID) > (s.generatedAt, s.runID) { continue }
      latest[s.period.key] = s
    }
    return latest.values.sorted {
      ($0.period.endMS, $0.generatedAt, $0.runID) < ($1.period.endMS, $1.generatedAt, $1.runID)
    }
  }

  /// Writes a snapshot, then the index.
  ///
  /// - Parameter snapshot: The run's snapshot.
  /// - Returns: The snapshot's path.
  /// - Throws: `TokenAuditError.cannotWrite`.
  @discardableResult
  func save(_ snapshot: RunSnapshot) throws -> String {
    let safeID = String(snapshot.runID.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
    let path = snapshotsDirectory + "/\(snapshot.period.lastDay)-\(safeID).json"
    let data = try AtomicFile.encoder(pretty: true, snakeCase: true).encode(snapshot)
    try AtomicFile.write(data + Data("\n".utf8), to: path)
    try writeIndex()
    return path
  }

  /// Rewrites `index.json` from the snapshots on disk.
  func writeIndex() throws {
    let (all, _) = loadSnapshots()
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: snapshotsDirectory)) ?? [])
    var fileOf: [String: String] = [:]
    for n in names where n.hasSuffix(".json") && !n.hasPrefix(".") {
      for s in all where n.hasSuffix("-" + s.runID + ".json") { fileOf[s.runID] = "snapshots/" + n }
    }
    var latestOfPeriod: [String: String] = [:]
    for s in all { latestOfPeriod[s.period.key] = s.runID }
    let runs = all.map { s in
      HistoryIndex.Run(
        runID: s.runID, file: fileOf[s.runID] ?? "", period: s.period.label, generatedAt: s.generatedAt,
        calls: s.totals.calls, costUSD: s.totals.costUSD, costPerTaskUSD: s.costPerTask.meanUSD,
        findings: s.findings.filter { $0.unchecked != true }.count,
        supersededBy: latestOfPeriod[s.period.key] == s.runID ? nil : latestOfPeriod[s.period.key])
    }
    let data = try AtomicFile.encoder(pretty: true, snakeCase: true).encode(HistoryIndex(runs: runs))
    try AtomicFile.write(data + Data("\n".utf8), to: indexPath)
  }
}

/// `<state>/index.json`: the runs recorded, oldest period first.
struct HistoryIndex: Codable {
  var schemaVersion = 1
  var note = "Derived from snapshots/ after every run; safe to delete."
  var runs: [Run]

  struct Run: Codable {
    var runID: String
    var file: String
    var period: String
    var generatedAt: String
    var calls: Int
    var costUSD: Double
    var costPerTaskUSD: Double
    var findings: Int
    /// A later run of the same period, which comparisons use instead.
    var supersededBy: String?
  }
}
