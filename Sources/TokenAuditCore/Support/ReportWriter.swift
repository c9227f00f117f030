import Foundation

/// Writes reports atomically (a temporary file, then rename), so a killed run never leaves a
/// half-written report in place of the previous one.
public enum ReportWriter {
  /// Writes `text` to `path`, or to stdout for `-`; creates missing folders.
  ///
  /// - Parameters:
  ///   - text: The content.
  ///   - path: Destination.
  /// - Throws: `TokenAuditError.cannotWrite`.
  public static func write(_ text: String, to path: String) throws {
    if path == "-" {
      FileHandle.standardOutput.write(Data(text.utf8))
      return
    }
    let url = URL(fileURLWithPath: path)
    let dir = url.deletingLastPathComponent()
    do {
      try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
      let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
      try Data(text.utf8).write(to: tmp)
      if rename(tmp.path, url.path) != 0 {
        let why = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: tmp)
        throw TokenAuditError.cannotWrite(path: path, reason: why)
      }
    } catch let e as TokenAuditError {
      throw e
    } catch {
      throw TokenAuditError.cannotWrite(path: path, reason: error.localizedDescription)
    }
  }
}
