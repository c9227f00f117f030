import Foundation

/// Resolves fixture paths from this file's location, and compares goldens.
enum Fixtures {
  /// The repository root.
  static let root: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path
  }()

  /// Absolute path of `fixtures/<relative>`.
  static func path(_ relative: String) -> String { root + "/fixtures/" + relative }

  /// A fresh temporary directory.
  static func tempDir(_ name: String = "t") -> String {
    let dir = NSTemporaryDirectory() + "tokenaudit-\(name)-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  /// Compares `actual` with `fixtures/golden/<name>`; with TOKENAUDIT_RECORD_GOLDENS=1 writes it and fails.
  static func matchesGolden(_ actual: String, _ name: String) -> (Bool, String) {
    let path = Self.path("golden/" + name)
    if ProcessInfo.processInfo.environment["TOKENAUDIT_RECORD_GOLDENS"] == "1" {
      try? FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try? actual.write(toFile: path, atomically: true, encoding: .utf8)
      return (false, "recorded \(path); unset TOKENAUDIT_RECORD_GOLDENS and run again")
    }
    guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
      return (false, "missing golden \(path); run with TOKENAUDIT_RECORD_GOLDENS=1")
    }
    if expected == actual { return (true, "") }
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    for i in 0..<max(a.count, e.count) {
      let x = i < a.count ? String(a[i]) : "<eof>"
      let y = i < e.count ? String(e[i]) : "<eof>"
      if x != y { return (false, "golden \(name) differs at line \(i + 1):\n  expected: \(y)\n  actual:   \(x)") }
    }
    return (false, "golden differs")
  }
}
