/// Splits a byte stream into lines without copying them more than once.
///
/// Handles LF and CRLF endings, a last line without a newline, and lines longer than
/// `maxLineBytes` (reported through `onOversized` and skipped, in constant memory).
public final class LineReader {
  private let source: ByteSource
  private let maxLineBytes: Int
  private var buffer: UnsafeMutableRawBufferPointer
  private var start = 0
  private var end = 0
  private var eof = false
  /// The 1-based number of the last line handed out.
  public private(set) var lineNumber = 0

  /// Creates a reader.
  ///
  /// - Parameters:
  ///   - source: The bytes to split.
  ///   - maxLineBytes: Longest line kept; longer ones are skipped and reported.
  ///   - chunkSize: Initial buffer size.
  public init(source: ByteSource, maxLineBytes: Int = 64 << 20, chunkSize: Int = 1 << 20) {
    self.source = source
    self.maxLineBytes = max(16, maxLineBytes)
    self.buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(chunkSize, 4096), alignment: 16)
  }

  deinit { buffer.deallocate() }

  /// Starts numbering after `count` lines (when resuming a file part-way).
  ///
  /// - Parameter count: Lines already read before this reader's first byte.
  public func skipLineNumbers(_ count: Int) { lineNumber += max(0, count) }

  /// What the reader found for one line.
  public enum Line {
    /// A line's bytes, without the line terminator; valid only during the callback.
    case text(UnsafeRawBufferPointer)
    /// A line longer than the limit, with its length in bytes.
    case oversized(Int)
  }

  /// Calls `body` for every line, in order, with its 1-based line number.
  ///
  /// - Parameter body: Receives the line number and the line.
  /// - Throws: Errors of the byte source (after all lines before the damage were delivered), or
  ///   those thrown by `body`.
  public func forEachLine(_ body: (Int, Line) throws -> Void) throws {
    var oversizedLength = -1  // >= 0 while skipping an oversized line
    while true {
      // Look for a newline in the unread part.
      var scanFrom = start
      while true {
        if let nl = findNewline(from: scanFrom) {
          if oversizedLength >= 0 {
            oversizedLength += nl - start
            lineNumber += 1
            try body(lineNumber, .oversized(oversizedLength))
            oversizedLength = -1
          } else if nl - start > maxLineBytes {
            lineNumber += 1
            try body(lineNumber, .oversized(nl - start))
          } else {
            var lineEnd = nl
            if lineEnd > start && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            lineNumber += 1
            try body(lineNumber, .text(UnsafeRawBufferPointer(rebasing: buffer[start..<lineEnd])))
          }
          start = nl + 1
          scanFrom = start
        } else {
          break
        }
      }
      if eof {
        if oversizedLength >= 0 {
          oversizedLength += end - start
          lineNumber += 1
          try body(lineNumber, .oversized(oversizedLength))
        } else if end - start > maxLineBytes {
          lineNumber += 1
          try body(lineNumber, .oversized(end - start))
        } else if end > start {
          var lineEnd = end
          if buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
          lineNumber += 1
          try body(lineNumber, .text(UnsafeRawBufferPointer(rebasing: buffer[start..<lineEnd])))
        }
        start = end
        return
      }
      // Need more bytes: compact, grow or drop (oversized).
      let pending = end - start
      if oversizedLength >= 0 {
        oversizedLength += pending
        start = 0
        end = 0
      } else if pending > maxLineBytes {
        oversizedLength = pending
        start = 0
        end = 0
      } else if start > 0 {
        if pending > 0 {
          buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: pending)
        }
        start = 0
        end = pending
      }
      if end == buffer.count {
        let newSize = min(buffer.count * 2, maxLineBytes + 2)
        if newSize <= buffer.count {
          // The buffer is at the limit and still holds no newline: the line is oversized.
          oversizedLength = end
          start = 0
          end = 0
        } else {
          let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: newSize, alignment: 16)
          bigger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: end)
          buffer.deallocate()
          buffer = bigger
        }
      }
      do {
        let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end..<buffer.count]))
        if n == 0 { eof = true } else { end += n }
      } catch {
        // Deliver what was read before the damage, then report it.
        eof = true
        try deliverRemainder(oversizedLength: oversizedLength, body)
        throw error
      }
    }
  }

  private func deliverRemainder(oversizedLength: Int, _ body: (Int, Line) throws -> Void) throws {
    var scanFrom = start
    while let nl = findNewline(from: scanFrom) {
      var lineEnd = nl
      if lineEnd > start && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
      lineNumber += 1
      if oversizedLength >= 0 && scanFrom == start && start == 0 {
        try body(lineNumber, .oversized(oversizedLength + nl))
      } else {
        try body(lineNumber, .text(UnsafeRawBufferPointer(rebasing: buffer[start..<lineEnd])))
      }
      start = nl + 1
      scanFrom = start
    }
    // A partial last line before damage is dropped: it is incomplete by definition.
    start = end
  }

  @inline(__always)
  private func findNewline(from: Int) -> Int? {
    guard from < end, let base = buffer.baseAddress else { return nil }
    if let p = memchr(base + from, 0x0A, end - from) {
      return base.distance(to: UnsafeMutableRawPointer(p))
    }
    return nil
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
