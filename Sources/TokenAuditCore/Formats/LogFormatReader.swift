/// What happened to one input line.
public enum LineOutcome: Sendable, Equatable {
  /// The line produced this many call records.
  case records(Int)
  /// The line is valid for its format but is not a billed call (a user turn, a session header…).
  case context
  /// The line was skipped for a reason.
  case skipped(IngestIssueKind, String)
}

/// Kinds of skipped lines and warnings, stable snake_case ids used in both reports.
public enum IngestIssueKind: String, Sendable, Codable, Hashable, CaseIterable {
  case invalidJSON = "invalid_json"
  case notAnObject = "not_an_object"
  case unknownFormat = "unknown_format"
  case missingField = "missing_field"
  case invalidUsage = "invalid_usage"
  case invalidTimestamp = "invalid_timestamp"
  case invalidUTF8 = "invalid_utf8"
  case oversizedLine = "oversized_line"
  case blankLine = "blank_line"
  case truncatedFile = "truncated_file"
  case corruptFile = "corrupt_file"
  case unreadableFile = "unreadable_file"
  case outsideWindow = "outside_window"
  case duplicate = "duplicate"
  /// An event of a batch line (CloudWatch `logEvents`) that is not a call: a warning on the line,
  /// whose other events were read.
  case skippedEvent = "skipped_event"
  /// A file in a searched folder that is not a log (no JSON or gzip in its first bytes): named in
  /// the report so that nothing is passed over in silence, but not a problem (`--strict` ignores it).
  case ignoredFile = "ignored_file"
}

/// A skipped line or a warning about a counted one.
public struct IngestIssue: Sendable, Hashable, Codable {
  /// Where.
  public var location: SourceLocation
  /// What kind.
  public var kind: IngestIssueKind
  /// A short explanation with at most 80 characters of the line.
  public var message: String
  /// How many lines this issue stands for: 1, or, for the summary of the lines of one kind in one
  /// file past the first `IssueLog.keptPerKind`, how many there were (they are not listed one by
  /// one, so that a file of millions of bad lines takes the memory of a few).
  public var count: Int

  /// Creates an issue.
  public init(location: SourceLocation, kind: IngestIssueKind, message: String, count: Int = 1) {
    self.location = location
    self.kind = kind
    self.message = message
    self.count = count
  }
}

/// The issues of one file: the first `keptPerKind` of each kind one by one, the rest of that kind
/// as one summary issue with a count.
public struct IssueLog: Sendable {
  /// Issues of one kind kept one by one per file (the report shows at most 20 examples a kind).
  public static let keptPerKind = 20
  private var kept: [IngestIssue] = []
  private var perKind: [IngestIssueKind: Int] = [:]
  private var omitted: [IngestIssueKind: (count: Int, first: SourceLocation)] = [:]

  /// An empty log.
  public init() {}

  /// Records one issue.
  public mutating func add(_ issue: IngestIssue) {
    add(issue.location, issue.kind, issue.message)
  }

  /// Records one issue; its message is made only when it is kept one by one (a file of millions
  /// of bad lines does not build millions of excerpts).
  public mutating func add(_ location: SourceLocation, _ kind: IngestIssueKind, _ message: @autoclosure () -> String) {
    let n = perKind[kind, default: 0]
    perKind[kind] = n + 1
    if n < Self.keptPerKind {
      kept.append(IngestIssue(location: location, kind: kind, message: message()))
    } else if let o = omitted[kind] {
      omitted[kind] = (o.count + 1, o.first)
    } else {
      omitted[kind] = (1, location)
    }
  }

  /// The kept issues in order, then one summary issue per kind for those past the first few.
  public var issues: [IngestIssue] {
    kept
      + omitted.sorted { $0.key.rawValue < $1.key.rawValue }.map { kind, o in
        IngestIssue(
          location: o.first, kind: kind, message: "\(o.count) more lines like these, the first at line \(o.first.line)",
          count: o.count)
      }
  }
}

/// Facts about the file being read that formats may use (path layout, sidecar files).
public struct FileContext: Sendable {
  /// Path of the file.
  public var path: String
  /// Options of the run.
  public var options: IngestOptions

  /// Creates a context.
  public init(path: String, options: IngestOptions) {
    self.path = path
    self.options = options
  }
}

/// Collects the records and warnings a reader produces for one file.
public struct RecordSink {
  /// Records produced so far.
  public var records: [CallRecord] = []
  /// Warnings about counted lines (the first few of each kind one by one, then counts).
  public var warnings: [IngestIssue] { log.issues }
  private var log = IssueLog()

  /// Creates an empty sink.
  public init() {}

  /// Adds a record.
  public mutating func emit(_ record: CallRecord) { records.append(record) }

  /// Adds a warning about a counted line.
  public mutating func warn(_ location: SourceLocation, _ kind: IngestIssueKind, _ message: @autoclosure () -> String) {
    log.add(location, kind, message())
  }
}

/// A log format: recognises its lines and maps them to `CallRecord`s.
///
/// One instance reads one file, so a format may keep per-file state (running totals, request and
/// response lines to join). Detection is per line: a file may mix formats.
public protocol LogFormatReader: AnyObject {
  /// Stable id shown in reports (`native`, `claude-code`, …).
  static var id: String { get }
  /// Human name.
  static var displayName: String { get }
  /// Whether a parsed line belongs to this format. Must be cheap: it runs on every line.
  ///
  /// - Parameters:
  ///   - root: The line's top-level object.
  ///   - context: The file.
  /// - Returns: `true` when this format should read the line.
  static func matches(_ root: JSONValue, context: FileContext) -> Bool
  /// Creates a reader for one file.
  init(context: FileContext)
  /// Reads one line of this format.
  ///
  /// - Parameters:
  ///   - root: The line's top-level object (valid only during the call).
  ///   - location: Where the line is.
  ///   - sink: Where records and warnings go.
  /// - Returns: What the line amounted to.
  func read(_ root: JSONValue, at location: SourceLocation, into sink: inout RecordSink) -> LineOutcome
  /// Whether a record is final once emitted (see the extension's default, `true`).
  static var emitsFinalRecords: Bool { get }
  /// Called once at the end of the file, for formats that join or buffer lines.
  ///
  /// - Parameter sink: Where remaining records go.
  func finish(into sink: inout RecordSink)
}

extension LogFormatReader {
  public func finish(into sink: inout RecordSink) {}

  /// Whether a record is final once emitted. Readers that later update records they emitted
  /// (joining split lines, batch requests with results, spans with their parents) say `false`:
  /// their file's records are then held until the end of the file instead of being streamed.
  public static var emitsFinalRecords: Bool { true }
}
