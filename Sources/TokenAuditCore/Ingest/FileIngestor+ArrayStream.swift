// MARK: - Large JSON arrays, streamed

extension FileIngestor {
  /// Reads a file that is one JSON array (an export of runs, observations or requests, pretty-printed
  /// or not) element by element, in memory that does not grow with the file: each top-level element
  /// is cut out of the byte stream by a scanner that follows strings and nesting, then parsed and
  /// read as one record at the line where it starts. An element longer than `--max-line-bytes` is
  /// skipped as an oversized line; a break in the array (bad bytes between elements, a truncated
  /// file) is reported at its line, and the elements before it are kept.
  ///
  /// With `sequence`, the file is a stream of JSON objects one after the other, each pretty-printed
  /// over several lines (what `jq .` makes of JSONL, or a telemetry log that appends documents):
  /// each object is one record.
  ///
  /// - Returns: `nil` when the file does not start with `[` (`{` for a sequence), breaks before its
  ///   first element, or (a sequence) its first object is not a multi-line JSON object: then it is
  ///   read line by line.
  func ingestArrayStream(path: String, sequence: Bool = false) -> FileIngestResult? {
    var result = FileIngestResult(path: path)
    guard let (source, raw) = try? InputFile.open(path: path) else { return nil }
    let counting = CountingByteSource(source)
    var dispatcher = RecordDispatcher(context: FileContext(path: path, options: options), formats: formats)
    let doc = JSONDocument()
    var skipped = IssueLog()
    var scanner = ArrayScanner(maxElementBytes: options.maxLineBytes, sequence: sequence)
    // A sequence is taken for one only if its first object is a pretty-printed JSON object.
    var abandoned = false
    var chunk = [UInt8](repeating: 0, count: 1 << 20)

    func process(_ element: ArrayScanner.Element) {
      if abandoned { return }
      if sequence && result.stats.lines == 0 {
        guard let bytes = element.bytes, bytes.contains(0x0A), (try? doc.parse(copying: bytes)) != nil,
          doc.root.isObject
        else {
          abandoned = true
          return
        }
      }
      result.stats.lines += 1
      let location = SourceLocation(file: path, line: element.line)
      func skip(_ kind: IngestIssueKind, _ message: @autoclosure () -> String) {
        result.stats.skippedLines += 1
        skipped.add(location, kind, message())
      }
      guard let bytes = element.bytes else {
        skip(
          .oversizedLine, "array element of \(element.length) bytes exceeds --max-line-bytes \(options.maxLineBytes)")
        return
      }
      let parsed: Bool = bytes.withUnsafeBytes { b in
        do {
          try doc.parse(b)
          return true
        } catch {
          skip(.invalidJSON, "\(error) in the array element: \(Self.excerpt(b))")
          return false
        }
      }
      guard parsed else { return }
      let root = doc.root
      guard root.isObject else {
        skip(.notAnObject, "a JSON \(root.kind) is not a log record")
        return
      }
      if doc.hasInvalidUTF8 { dispatcher.sink.warn(location, .invalidUTF8, "invalid UTF-8 replaced with U+FFFD") }
      guard let (format, outcome) = dispatcher.dispatch(root, at: location) else {
        skip(.unknownFormat, "no known log format matches this array element")
        return
      }
      if let (kind, message) = result.stats.count(outcome, of: format) { skip(kind, message) }
      drain(&dispatcher, &result)
    }

    readLoop: while true {
      let n: Int
      do {
        n = try chunk.withUnsafeMutableBytes { try counting.read(into: $0) }
      } catch let error as ByteSourceError {
        let kind: IngestIssueKind = error == .truncatedGzip ? .truncatedFile : .corruptFile
        result.issues.append(
          IngestIssue(
            location: SourceLocation(file: path, line: scanner.line), kind: kind,
            message: "\(error); \(result.stats.lines) array elements before it were kept"))
        break
      } catch {
        result.issues.append(
          IngestIssue(location: SourceLocation(file: path, line: scanner.line), kind: .corruptFile, message: "\(error)")
        )
        break
      }
      if n == 0 {
        if abandoned || (sequence && result.stats.lines == 0) { return nil }
        if scanner.state != .done && scanner.state != .notArray && !(sequence && scanner.state != .inElement) {
          skipped.add(
            SourceLocation(file: path, line: scanner.line), .invalidJSON,
            sequence
              ? "the last JSON value breaks off at the end of the file"
              : "the JSON array breaks off at the end of the file")
          result.stats.skippedLines += 1
        }
        break
      }
      let outcome = chunk.withUnsafeBytes { scanner.scan(UnsafeRawBufferPointer(rebasing: $0[0..<n]), process) }
      if abandoned { return nil }
      switch outcome {
      case .notArray: return nil
      case .broken(let message):
        // Not an array after all (a first line that merely starts with `[`): read it line by line.
        if result.stats.lines == 0 { return nil }
        skipped.add(SourceLocation(file: path, line: scanner.line), .invalidJSON, message)
        result.stats.skippedLines += 1
        break readLoop
      case .more: continue
      }
    }
    complete(&result, dispatcher: &dispatcher, skipped: skipped, bytes: counting.count, diskBytes: raw.bytesRead)
    return result
  }
}

/// Cuts the top-level elements out of a JSON array fed in chunks (or, with `sequence`, the values
/// of a stream of JSON values separated by whitespace): it follows strings (and their escapes) and
/// nesting, counts lines, and hands each complete element with the line it starts on. It checks
/// structure only between elements; each element is parsed on its own afterwards.
struct ArrayScanner {
  /// A top-level element: its bytes (nil when it was longer than the limit), length and line.
  struct Element {
    var bytes: [UInt8]?
    var length: Int
    var line: Int
  }

  enum State: Equatable {
    /// Before the opening `[`.
    case start
    /// Between elements (after `[` or a `,`), expecting an element or `]`.
    case expectElement
    /// After an element, expecting `,` or `]`.
    case afterElement
    /// Inside an element.
    case inElement
    /// After the closing `]`.
    case done
    /// The input does not start with `[`.
    case notArray
  }

  enum Outcome: Equatable {
    case more
    case notArray
    case broken(String)
  }

  let maxElementBytes: Int
  /// Whether the input is a sequence of values rather than one array.
  let sequence: Bool
  private(set) var state = State.start
  /// The 1-based line of the scan position.
  private(set) var line = 1
  private var element: [UInt8] = []
  private var elementLength = 0
  private var elementLine = 1
  private var depth = 0
  private var inString = false
  private var escape = false
  /// Whether the element is a bare scalar (a number or literal), which ends at a delimiter.
  private var scalar = false
  private var seenElement = false

  init(maxElementBytes: Int, sequence: Bool = false) {
    self.maxElementBytes = maxElementBytes
    self.sequence = sequence
  }

  @inline(__always) private static func isSpace(_ b: UInt8) -> Bool {
    b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
  }

  private mutating func finish(_ emit: (Element) -> Void) {
    emit(Element(bytes: elementLength <= maxElementBytes ? element : nil, length: elementLength, line: elementLine))
    element.removeAll(keepingCapacity: element.capacity <= 1 << 20)
    elementLength = 0
    state = .afterElement
    seenElement = true
  }

  private mutating func append(_ b: UInt8) {
    elementLength += 1
    if elementLength <= maxElementBytes { element.append(b) } else if !element.isEmpty { element = [] }
  }

  /// Scans `bytes`, calling `emit` for each complete element.
  mutating func scan(_ bytes: UnsafeRawBufferPointer, _ emit: (Element) -> Void) -> Outcome {
    var i = 0
    let n = bytes.count
    while i < n {
      let b = bytes[i]
      switch state {
      case .start:
        if b == 0x0A { line += 1 }
        if Self.isSpace(b) || b == 0xEF || b == 0xBB || b == 0xBF {
          i += 1
          continue
        }
        if sequence {
          guard b == UInt8(ascii: "{") else {
            state = .notArray
            return .notArray
          }
          state = .expectElement
          continue  // the first value starts here
        }
        guard b == UInt8(ascii: "[") else {
          state = .notArray
          return .notArray
        }
        state = .expectElement
      case .expectElement, .afterElement:
        if b == 0x0A { line += 1 }
        if Self.isSpace(b) {
          i += 1
          continue
        }
        if sequence {
          // Values follow each other with nothing but whitespace between them.
          guard b != UInt8(ascii: ","), b != UInt8(ascii: "]") else {
            return .broken("the JSON values break at line \(line): unexpected \(Self.describe(b)) between values")
          }
          state = .expectElement
        }
        if b == UInt8(ascii: "]") && !sequence && (state == .afterElement || !seenElement) {
          state = .done
        } else if b == UInt8(ascii: ",") && state == .afterElement && !sequence {
          state = .expectElement
        } else if state == .expectElement && b != UInt8(ascii: ",") && b != UInt8(ascii: "]") {
          state = .inElement
          elementLine = line
          depth = 0
          inString = false
          escape = false
          scalar = !(b == UInt8(ascii: "{") || b == UInt8(ascii: "[") || b == UInt8(ascii: "\""))
          continue  // the element's first byte is read below
        } else {
          return .broken("the JSON array breaks at line \(line): unexpected \(Self.describe(b)) between elements")
        }
      case .inElement:
        if scalar {
          if Self.isSpace(b) || b == UInt8(ascii: ",") || b == UInt8(ascii: "]") {
            finish(emit)
            continue  // the delimiter is read as being after the element
          }
          append(b)
        } else {
          append(b)
          if b == 0x0A { line += 1 }
          if inString {
            if escape {
              escape = false
            } else if b == UInt8(ascii: "\\") {
              escape = true
            } else if b == UInt8(ascii: "\"") {
              inString = false
              if depth == 0 { finish(emit) }
            }
          } else if b == UInt8(ascii: "\"") {
            inString = true
          } else if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") {
            depth += 1
          } else if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") {
            depth -= 1
            if depth == 0 { finish(emit) }
          }
        }
      case .done:
        if b == 0x0A { line += 1 }
        if !Self.isSpace(b) {
          return .broken("characters after the end of the JSON array at line \(line)")
        }
      case .notArray:
        return .notArray
      }
      i += 1
    }
    return .more
  }

  static func describe(_ b: UInt8) -> String {
    b >= 0x21 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16))"
  }
}
