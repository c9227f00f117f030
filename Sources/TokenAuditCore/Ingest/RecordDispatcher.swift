/// Hands parsed records of one file to the first matching format reader, keeping one reader per
/// format for the file, and applies the `--agent-field`/`--phase-field`/`--trace-field` mappings.
struct RecordDispatcher {
  let context: FileContext
  let formats: [any LogFormatReader.Type]
  private var readers: [ObjectIdentifier: any LogFormatReader] = [:]
  private var order: [ObjectIdentifier] = []
  /// Records and warnings so far.
  var sink = RecordSink()

  init(context: FileContext, formats: [any LogFormatReader.Type]) {
    self.context = context
    self.formats = formats
  }

  /// Reads one record (a line, or an element of a whole-document array).
  ///
  /// - Returns: The id of the format that read it and its outcome, or `nil` when no format matches.
  mutating func dispatch(_ root: JSONValue, at location: SourceLocation) -> (format: String, outcome: LineOutcome)? {
    guard let format = formats.first(where: { $0.matches(root, context: context) }) else {
      return unwrap(root, at: location)
    }
    let key = ObjectIdentifier(format)
    let formatReader: any LogFormatReader
    if let existing = readers[key] {
      formatReader = existing
    } else {
      formatReader = format.init(context: context)
      readers[key] = formatReader
      order.append(key)
      if !format.emitsFinalRecords { recordsAreFinal = false }
    }
    let before = sink.records.count
    let outcome = formatReader.read(root, at: location, into: &sink)
    applyFieldMappings(root, from: before)
    return (format.id, outcome)
  }

  /// String members in which log shippers carry an application's JSON line: Docker's json-file
  /// driver and Fluent Bit (`log`), Logstash/Vector/journald (`message`, `msg`, `MESSAGE`).
  static let wrapperStringKeys = ["log", "message", "msg", "MESSAGE"]
  /// Object members that hold the application's JSON line: Google Cloud Logging (`jsonPayload`),
  /// and the `payload`, `data`, `event` or `record` member of an application's own event envelope.
  static let wrapperObjectKeys = ["jsonPayload", "payload", "data", "event", "record"]

  /// Reads a line that no format matches but that wraps one: a log shipper's envelope whose string
  /// or object member holds the application's JSON line, or a CloudWatch Logs batch
  /// (`logEvents[].message`, as subscriptions and Firehose deliver them). Field mappings may name
  /// members of the envelope (`--agent-field kubernetes.labels.app`) as well as of the line.
  ///
  /// - Returns: The inner line's format and outcome (a batch: its events' records summed), or
  ///   `nil` when nothing inside is a known format either.
  private mutating func unwrap(_ root: JSONValue, at location: SourceLocation) -> (
    format: String, outcome: LineOutcome
  )? {
    guard depth < 2 else { return nil }
    depth += 1
    defer { depth -= 1 }
    // Reads a wrapped line; the envelope's members may answer the field mappings too.
    func read(_ inner: JSONValue) -> (format: String, outcome: LineOutcome)? {
      let before = sink.records.count
      guard let answer = dispatch(inner, at: location) else { return nil }
      applyFieldMappings(root, from: before)
      return answer
    }
    if let events = root["logEvents"], events.isArray {
      var format: String?
      var records = 0
      // Events that are not calls are warnings on the batch's line: the line is counted, and
      // nothing in it goes unreported.
      var problems: [String] = []
      var index = 0
      events.forEachElement { event in
        defer { index += 1 }
        guard let inner = FormatSupport.embeddedDocument(event["message"]), inner.root.isObject else {
          problems.append("logEvents[\(index)].message is not a JSON object")
          return
        }
        guard let (f, outcome) = withExtendedLifetime(inner, { read(inner.root) }) else {
          problems.append("logEvents[\(index)]: no known log format matches")
          return
        }
        format = format ?? f
        switch outcome {
        case .records(let n): records += n
        case .context: break
        case .skipped(let kind, let message): problems.append("logEvents[\(index)]: \(kind.rawValue): \(message)")
        }
      }
      guard let format else { return nil }
      for p in problems { sink.warn(location, .skippedEvent, p) }
      return (format, records > 0 ? .records(records) : .context)
    }
    for key in Self.wrapperObjectKeys {
      if let inner = root[key], inner.isObject, let answer = read(inner) { return answer }
    }
    for key in Self.wrapperStringKeys {
      guard let inner = FormatSupport.embeddedDocument(root[key]), inner.root.isObject else { continue }
      if let answer = withExtendedLifetime(inner, { read(inner.root) }) { return answer }
    }
    return nil
  }

  /// How many envelopes deep `unwrap` is (a line inside a line inside a line is not followed).
  private var depth = 0

  /// Whether every format seen so far emits final records, so they may be handed on at once.
  private(set) var recordsAreFinal = true

  /// Lets every reader used for the file flush joined or buffered records.
  mutating func finish() {
    for key in order { readers[key]?.finish(into: &sink) }
    // Records completed or labelled at the end of the file (joined streams, labels of a trace or
    // an ancestor span) take the field mappings from their labels now.
    applyLabelMappings()
  }

  /// Applies `--agent-field`/`--phase-field`/`--trace-field` to the records still held, from their
  /// labels (the lines they came from are gone).
  private mutating func applyLabelMappings() {
    let options = context.options
    guard options.agentField != nil || options.phaseField != nil || options.traceField != nil else { return }
    for i in sink.records.indices {
      if let path = options.agentField, let a = sink.records[i].labels[path], !a.isEmpty { sink.records[i].agent = a }
      if let path = options.phaseField, let p = sink.records[i].labels[path], !p.isEmpty { sink.records[i].phase = p }
      if let path = options.traceField, let t = sink.records[i].labels[path], !t.isEmpty {
        sink.records[i].traceID = t
      }
    }
  }

  private mutating func applyFieldMappings(_ root: JSONValue, from start: Int) {
    let options = context.options
    guard start < sink.records.count,
      options.agentField != nil || options.phaseField != nil || options.traceField != nil
    else { return }
    func lookup(_ path: String?, _ r: CallRecord) -> String? {
      guard let path else { return nil }
      if let v = root.value(atPath: path)?.scalarText, !v.isEmpty { return v }
      return r.labels[path]
    }
    for i in start..<sink.records.count {
      if let a = lookup(options.agentField, sink.records[i]) { sink.records[i].agent = a }
      if let p = lookup(options.phaseField, sink.records[i]) { sink.records[i].phase = p }
      if let t = lookup(options.traceField, sink.records[i]) { sink.records[i].traceID = t }
    }
  }
}
