import Foundation
import TokenAuditCore

/// Prints diagnostics to stderr in compiler form, at most 20 per kind.
struct Diagnostics {
  var quiet: Bool
  static let perKind = 20

  func error(_ message: String) {
    FileHandle.standardError.write(Data("tokenaudit: error: \(message)\n".utf8))
  }

  func note(_ message: String) {
    FileHandle.standardError.write(Data("\(message)\n".utf8))
  }

  /// Skipped lines and file problems as `path:line: warning: [kind] message`.
  func printIssues(_ input: InputSummary) {
    guard !quiet else { return }
    var text = ""
    for group in input.fileProblems + input.skippedByReason + input.warnings {
      for e in group.examples.prefix(Self.perKind) {
        // Examples are "file:line: message".
        if let r = e.range(of: ": ") {
          text += "\(e[..<r.lowerBound]): warning: [\(group.kind)] \(e[r.upperBound...])\n"
        } else {
          text += "warning: [\(group.kind)] \(e)\n"
        }
      }
      if group.count > group.examples.count {
        text +=
          "warning: [\(group.kind)] \(group.count - group.examples.count) more (see the report's Input quality section)\n"
      }
    }
    if !text.isEmpty { FileHandle.standardError.write(Data(text.utf8)) }
  }
}

/// Bytes done, rate and ETA on one stderr line, only when stderr is a terminal.
final class TerminalProgress: ProgressObserver, @unchecked Sendable {
  private let lock = NSLock()
  private let start = Date()
  private var lastPrint = Date.distantPast

  func progress(diskBytesDone: Int, diskBytesTotal: Int) {
    lock.lock()
    defer { lock.unlock() }
    let now = Date()
    guard now.timeIntervalSince(lastPrint) > 0.2 || diskBytesDone >= diskBytesTotal else { return }
    lastPrint = now
    let elapsed = max(0.001, now.timeIntervalSince(start))
    let rate = Double(diskBytesDone) / elapsed
    let eta = rate > 0 ? Double(diskBytesTotal - diskBytesDone) / rate : 0
    let line = String(
      format: "\r  read %.1f of %.1f MB (%.1f MB/s on disk), ETA %.0f s   ", Double(diskBytesDone) / 1e6,
      Double(diskBytesTotal) / 1e6, rate / 1e6, eta)
    FileHandle.standardError.write(Data(line.utf8))
  }

  func finish() {
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
  }
}
