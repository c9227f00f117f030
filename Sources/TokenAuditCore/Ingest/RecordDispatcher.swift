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
    guard let format = formats.first(where: { $0.matches(root, context: context) }) else { return nil }
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

  /// Whether every format seen so far emits final records, so they may be handed on at once.
  private(set) var recordsAreFinal = true

  /// Lets every reader used for the file flush joined or buffered records.
  mutating func finish() {
    for key in order { readers[key]?.finish(into: &sink) }
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
