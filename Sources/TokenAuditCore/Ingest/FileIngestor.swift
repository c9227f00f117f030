/// Per-file counts for the report's input section.
public struct FileStats: Sendable, Codable, Hashable {
  /// Lines read, blank lines included.
  public var lines = 0
  /// Records produced.
  public var records = 0
  /// Valid lines that carry no billed call.
  public var contextLines = 0
  /// Lines skipped.
  public var skippedLines = 0
  /// Lines per format id.
  public var linesByFormat: [String: Int] = [:]
  /// Uncompressed bytes read.
  public var bytes = 0
  /// Compressed (on-disk) bytes read.
  public var diskBytes = 0
  /// Records dropped because their time is outside the window (set by the per-file fact stage).
  public var outsideWindow = 0

  /// Creates zeroed stats.
  public init() {}

  /// Adds another file's counts.
  /// Counts a line a reader read: its format, and whether it was context; returns the reason when
  /// the reader skipped it.
  mutating func count(_ outcome: LineOutcome, of format: String) -> (IngestIssueKind, String)? {
    linesByFormat[format, default: 0] += 1
    switch outcome {
    case .records: return nil
    case .context:
      contextLines += 1
      return nil
    case .skipped(let kind, let message): return (kind, message)
    }
  }

  public mutating func merge(_ o: FileStats) {
    lines += o.lines
    records += o.records
    contextLines += o.contextLines
    skippedLines += o.skippedLines
    bytes += o.bytes
    diskBytes += o.diskBytes
    outsideWindow += o.outsideWindow
    for (k, v) in o.linesByFormat { linesByFormat[k, default: 0] += v }
  }
}

/// What reading one file produced.
public struct FileIngestResult: Sendable {
  /// The file.
  public var path: String
  /// Records in line order.
  public var records: [CallRecord] = []
  /// Skipped lines and warnings.
  public var issues: [IngestIssue] = []
  /// Counts.
  public var stats = FileStats()
}

/// Reads one file line by line, detects each line's format and collects records.
public struct FileIngestor {
  /// The run's options.
  public var options: IngestOptions
  /// Formats to try, in order.
  public var formats: [any LogFormatReader.Type] = FormatRegistry.all
  /// When set, records are handed over as they are produced instead of being collected in the
  /// result, so memory stays constant however large the file.
  public var recordHandler: ((CallRecord) -> Void)?

  /// Creates an ingestor.
  public init(options: IngestOptions) { self.options = options }

  /// Reads `path` to the end, or to the first unrecoverable damage.
  ///
  /// A file whose first non-blank line is not valid JSON but starts with `{` or `[` may be one
  /// pretty-printed JSON document (an OTLP export, a saved API response): it is then parsed whole,
  /// and a top-level array gives one record per element; an array larger than `--max-line-bytes` is
  /// streamed element by element. When the file is no such document, it is read line by line as
  /// usual.
  ///
  /// - Parameters:
  ///   - path: The file.
  ///   - prefetch: Whether to decompress on a second thread.
  ///   - resume: For a plain file that only grew: skip the bytes and lines read before (see
  ///     `IngestCache`); line numbers continue after them. Such a file is read line by line.
  /// - Returns: Records, issues and counts; a damaged file keeps the records before the damage.
  public func ingest(path: String, prefetch: Bool = false, resume: ResumePoint? = nil) -> FileIngestResult {
    if let resume {
      return ingestLines(path: path, prefetch: prefetch, allowWholeDocument: false, resume: resume)
        ?? FileIngestResult(path: path)
    }
    if let result = ingestLines(path: path, prefetch: prefetch, allowWholeDocument: true) { return result }
    if let result = ingestWholeDocument(path: path) { return result }
    // A JSON array too large to hold whole (a big export): element by element.
    if let result = ingestArrayStream(path: path) { return result }
    // JSON objects one after the other, each over several lines (`jq .` output, telemetry logs).
    if let result = ingestArrayStream(path: path, sequence: true) { return result }
    return ingestLines(path: path, prefetch: prefetch, allowWholeDocument: false) ?? FileIngestResult(path: path)
  }

  /// Thrown out of the line loop when the first line suggests a multi-line JSON document.
  private struct WholeDocumentCandidate: Error {}

  /// Reads `path` line by line; `nil` when `allowWholeDocument` is set and the file looks like one
  /// multi-line JSON document.
  private func ingestLines(
    path: String, prefetch: Bool, allowWholeDocument: Bool, resume: ResumePoint? = nil
  ) -> FileIngestResult? {
    var result = FileIngestResult(path: path)
    let context = FileContext(path: path, options: options)
    let source: ByteSource
    let raw: FileByteSource
    do {
      let opened = try resume.map { try InputFile.openPlain(path: path, at: $0) } ?? InputFile.open(path: path)
      raw = opened.1
      source = prefetch ? PrefetchingByteSource(opened.0) : opened.0
    } catch {
      result.issues.append(
        IngestIssue(location: SourceLocation(file: path, line: 0), kind: .unreadableFile, message: "\(error)"))
      return result
    }
    let counting = CountingByteSource(source)
    let reader = LineReader(source: counting, maxLineBytes: options.maxLineBytes)
    reader.skipLineNumbers(resume?.lineNumber ?? 0)
    let doc = JSONDocument()
    var dispatcher = RecordDispatcher(context: context, formats: formats)
    var sawContent = false
    var skipped = IssueLog()

    func skip(_ line: Int, _ kind: IngestIssueKind, _ message: @autoclosure () -> String) {
      result.stats.skippedLines += 1
      skipped.add(SourceLocation(file: path, line: line), kind, message())
    }

    do {
      try reader.forEachLine { lineNo, line in
        result.stats.lines += 1
        switch line {
        case .oversized(let length):
          sawContent = true
          skip(lineNo, .oversizedLine, "line of \(length) bytes exceeds --max-line-bytes \(options.maxLineBytes)")
        case .text(let bytes):
          if Self.isBlank(bytes) {
            result.stats.contextLines += 1
            result.stats.linesByFormat["blank", default: 0] += 1
            return
          }
          defer { sawContent = true }
          do {
            try doc.parse(bytes)
          } catch let error as JSONParseError {
            if allowWholeDocument && !sawContent && Self.startsLikeDocument(bytes) { throw WholeDocumentCandidate() }
            // A log line with a text prefix (`2026-11-20T10:00:00.123Z {...}`, `INFO app: {...}`).
            // The control lines of a captured server-sent-event stream carry no call.
            if Self.isSSEControlLine(bytes) {
              result.stats.contextLines += 1
              result.stats.linesByFormat["sse", default: 0] += 1
              return
            }
            guard let start = Self.jsonAfterTextPrefix(bytes),
              (try? doc.parse(UnsafeRawBufferPointer(rebasing: bytes[start...]))) != nil
            else {
              skip(lineNo, .invalidJSON, "\(error.reason) at byte \(error.offset): \(Self.excerpt(bytes))")
              return
            }
          }
          let root = doc.root
          guard root.isObject else {
            skip(lineNo, .notAnObject, "a JSON \(root.kind) is not a log record: \(Self.excerpt(bytes))")
            return
          }
          let location = SourceLocation(file: path, line: lineNo)
          if doc.hasInvalidUTF8 {
            dispatcher.sink.warn(location, .invalidUTF8, "invalid UTF-8 replaced with U+FFFD")
          }
          guard let (format, outcome) = dispatcher.dispatch(root, at: location) else {
            skip(lineNo, .unknownFormat, "no known log format matches: \(Self.excerpt(bytes))")
            return
          }
          if let (kind, message) = result.stats.count(outcome, of: format) { skip(lineNo, kind, message) }
          drain(&dispatcher, &result)
        }
      }
    } catch is WholeDocumentCandidate {
      return nil
    } catch let error as ByteSourceError {
      let kind: IngestIssueKind = error == .truncatedGzip ? .truncatedFile : .corruptFile
      result.issues.append(
        IngestIssue(
          location: SourceLocation(file: path, line: reader.lineNumber + 1), kind: kind,
          message: "\(error); \(reader.lineNumber) lines before it were kept"))
    } catch {
      result.issues.append(
        IngestIssue(
          location: SourceLocation(file: path, line: reader.lineNumber + 1), kind: .corruptFile, message: "\(error)"))
    }
    complete(&result, dispatcher: &dispatcher, skipped: skipped, bytes: counting.count, diskBytes: raw.bytesRead)
    return result
  }

  /// Lets the readers flush what they joined, hands on the last records, and adds the records,
  /// issues and byte counts of a file read to its end (or to its damage) to `result`.
  func complete(
    _ result: inout FileIngestResult, dispatcher: inout RecordDispatcher, skipped: IssueLog, bytes: Int, diskBytes: Int
  ) {
    dispatcher.finish()
    drain(&dispatcher, &result, finished: true)
    result.records += dispatcher.sink.records
    result.issues += skipped.issues
    result.issues += dispatcher.sink.warnings
    result.stats.records += dispatcher.sink.records.count
    result.stats.bytes = bytes
    result.stats.diskBytes = diskBytes
  }

  /// Hands produced records to `recordHandler`, when set.
  func drain(_ dispatcher: inout RecordDispatcher, _ result: inout FileIngestResult, finished: Bool = false) {
    guard let handler = recordHandler, !dispatcher.sink.records.isEmpty else { return }
    // Records a reader may still update stay in the sink until the file ends (`finish` drains).
    guard dispatcher.recordsAreFinal || finished else { return }
    result.stats.records += dispatcher.sink.records.count
    for r in dispatcher.sink.records { handler(r) }
    dispatcher.sink.records.removeAll(keepingCapacity: true)
  }

  /// Where a JSON object starts after a plain-text prefix, as loggers, `docker logs --timestamps`,
  /// `kubectl logs --timestamps` and syslog write them (`2026-11-20 10:00:00 [INFO] llm: {...}`):
  /// the prefix (at most 512 bytes) has no `{` or `"`, and the line ends with `}`.
  ///
  /// - Returns: The offset of the `{`, or `nil` when the line is not shaped so.
  static func jsonAfterTextPrefix(_ b: UnsafeRawBufferPointer) -> Int? {
    var end = b.count
    while end > 0, b[end - 1] == 0x20 || b[end - 1] == 0x09 || b[end - 1] == 0x0D { end -= 1 }
    guard end > 1, b[end - 1] == UInt8(ascii: "}") else { return nil }
    for i in 0..<min(end, 512) {
      switch b[i] {
      case UInt8(ascii: "{"): return i > 0 ? i : nil
      case UInt8(ascii: "\""): return nil
      default: continue
      }
    }
    return nil
  }

  /// A server-sent-event line that is not a `data: {…}` payload: `event: …`, `id: …`, `retry: …`, a
  /// `: comment`, or the `data: [DONE]` that ends an OpenAI stream.
  static func isSSEControlLine(_ b: UnsafeRawBufferPointer) -> Bool {
    var from = 0
    while from < b.count, b[from] == 0x20 || b[from] == 0x09 { from += 1 }
    func starts(_ prefix: StaticString) -> Bool {
      let n = prefix.utf8CodeUnitCount
      guard b.count - from >= n else { return false }
      let p = prefix.utf8Start
      for i in 0..<n where b[from + i] != p[i] { return false }
      return true
    }
    return starts("event:") || starts("id:") || starts("retry:") || starts(": ") || starts("data: [DONE]")
      || starts("data:[DONE]")
  }

  static func isBlank(_ b: UnsafeRawBufferPointer) -> Bool {
    for c in b where !(c == 0x20 || c == 0x09 || c == 0x0D) { return false }
    return true
  }

  /// At most 80 characters of a line, redacted, for diagnostics.
  static func excerpt(_ b: UnsafeRawBufferPointer) -> String {
    // 640 bytes hold the 160 characters `Redactor.excerpt` looks at, in any script.
    Redactor.excerpt(String(decoding: b.prefix(640), as: UTF8.self), limit: 80)
  }
}

/// Counts the bytes that pass through a source.
final class CountingByteSource: ByteSource {
  let inner: ByteSource
  var count = 0
  init(_ inner: ByteSource) { self.inner = inner }
  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    let n = try inner.read(into: buffer)
    count += n
    return n
  }
}
