// MARK: - Whole-document fallback

extension FileIngestor {
  /// Whether a line that failed to parse starts like a multi-line JSON document (`{` or `[`).
  static func startsLikeDocument(_ bytes: UnsafeRawBufferPointer) -> Bool {
    for c in bytes where !(c == 0x20 || c == 0x09 || c == 0x0D || c == 0xEF || c == 0xBB || c == 0xBF) {
      return c == UInt8(ascii: "{") || c == UInt8(ascii: "[")
    }
    return false
  }

  /// Reads `path` as one JSON document: an object is one record at line 1, an array one record per
  /// element (at the line where the element starts).
  ///
  /// - Returns: `nil` when the file is larger than `--max-line-bytes`, cannot be read to its end,
  ///   or is not one JSON document, so that the caller reads it line by line instead.
  func ingestWholeDocument(path: String) -> FileIngestResult? {
    guard let (bytes, diskBytes) = Self.readWhole(path: path, limit: options.maxLineBytes) else { return nil }
    var result = FileIngestResult(path: path)
    var dispatcher = RecordDispatcher(context: FileContext(path: path, options: options), formats: formats)
    let doc = JSONDocument()
    var skipped = IssueLog()
    let parsed: Bool = bytes.withUnsafeBytes { buffer in
      do { try doc.parse(buffer) } catch { return false }
      let root = doc.root
      var lineNo = 1
      var scanned = 0
      func read(_ value: JSONValue) {
        // The 1-based line where the value starts, counted incrementally (elements come in order).
        var offset = 0
        if let base = buffer.baseAddress, let at = value.rawBytes.baseAddress { offset = base.distance(to: at) }
        let end = max(scanned, min(buffer.count, offset))
        for c in buffer[scanned..<end] where c == 0x0A { lineNo += 1 }
        scanned = end
        result.stats.lines += 1
        let location = SourceLocation(file: path, line: lineNo)
        guard value.isObject else {
          result.stats.skippedLines += 1
          skipped.add(
            IngestIssue(location: location, kind: .notAnObject, message: "a JSON \(value.kind) is not a log record"))
          return
        }
        guard let (format, outcome) = dispatcher.dispatch(value, at: location) else {
          result.stats.skippedLines += 1
          skipped.add(
            IngestIssue(location: location, kind: .unknownFormat, message: "no known log format matches this document"))
          return
        }
        if let (kind, message) = result.stats.count(outcome, of: format) {
          result.stats.skippedLines += 1
          skipped.add(IngestIssue(location: location, kind: kind, message: message))
        }
      }
      if doc.hasInvalidUTF8 {
        dispatcher.sink.warn(SourceLocation(file: path, line: 1), .invalidUTF8, "invalid UTF-8 replaced with U+FFFD")
      }
      if root.isArray {
        root.forEachElement(read)
      } else {
        read(root)
      }
      return true
    }
    guard parsed else { return nil }
    complete(&result, dispatcher: &dispatcher, skipped: skipped, bytes: bytes.count, diskBytes: diskBytes)
    return result
  }

  /// The decoded bytes of a whole file and its on-disk size, or `nil` when it is larger than
  /// `limit` or damaged.
  static func readWhole(path: String, limit: Int) -> ([UInt8], Int)? {
    guard let (source, raw) = try? InputFile.open(path: path) else { return nil }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      guard let n = try? chunk.withUnsafeMutableBytes({ try source.read(into: $0) }) else { return nil }
      if n == 0 { return (out, raw.bytesRead) }
      if out.count + n > limit { return nil }
      out.append(contentsOf: chunk[0..<n])
    }
  }
}
