/// Fatal problems: the run cannot produce a report.
public enum TokenAuditError: Error, CustomStringConvertible, Sendable {
  /// No input file could be found (`found` 0) or none of the `found` files could be read.
  case noInput(paths: [String], problems: [String], found: Int = 0)
  /// A bad option value.
  case badOption(String)
  /// A prices file that cannot be used.
  case badPrices(path: String, reason: String)
  /// An output that cannot be written.
  case cannotWrite(path: String, reason: String)
  /// `--strict` and lines were skipped.
  case strictFailure(skipped: Int)
  /// Another run holds the state folder's lock (exit 75).
  case locked(path: String, holder: String)

  public var description: String {
    switch self {
    case .noInput(let paths, let problems, let found):
      let detail = problems.isEmpty ? "" : "\n" + problems.prefix(10).map { "  " + $0 }.joined(separator: "\n")
      if found > 0 {
        return "none of the \(found) log files in \(paths.joined(separator: ", ")) could be read:\(detail)"
      }
      return
        "no log files found in \(paths.joined(separator: ", ")) (looked for .jsonl, .ndjson, .json, .log and .gz files)\(detail)"
    case .badOption(let why): return why
    case .badPrices(let path, let reason): return "\(path): cannot use this prices file: \(reason)"
    case .cannotWrite(let path, let reason): return "\(path): cannot write: \(reason)"
    case .strictFailure(let n):
      return "--strict: \(n) input lines were skipped (see the report's Input quality section)"
    case .locked(let path, let holder):
      return "\(path): another tokenaudit run is using this state folder\(holder.isEmpty ? "" : " (\(holder))"); "
        + "not starting a second one. Try again when it has finished, or use another --state folder."
    }
  }
}
