import Foundation

/// Finds the input files below the paths given on the command line.
public enum InputDiscovery {
  /// Names that are read when found in a directory (other files are read only when named).
  static let logSuffixes = [
    ".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".json.gz", ".gz", ".json", ".log", ".log.gz",
  ]
  /// Logs compressed with codecs tokenaudit does not decode: listed as file problems that say how
  /// to unpack them, rather than passed over in silence.
  static let undecodedLogSuffixes = [
    ".jsonl.zst", ".json.zst", ".log.zst", ".jsonl.zstd", ".jsonl.xz", ".json.xz", ".log.xz", ".jsonl.bz2",
    ".json.bz2", ".log.bz2", ".jsonl.lz4", ".json.lz4", ".log.lz4",
  ]

  /// The files to read, sorted, with problems for paths that cannot be used.
  ///
  /// - Parameter paths: Files and directories.
  /// - Returns: Files (deduplicated by real path) and problems (missing paths, loops, unreadable folders).
  public static func files(in paths: [String]) -> (files: [String], problems: [IngestIssue]) {
    let fm = FileManager.default
    var files: [String] = []
    var seenReal = Set<String>()
    var problems: [IngestIssue] = []
    func problem(_ path: String, _ msg: String) {
      problems.append(IngestIssue(location: SourceLocation(file: path, line: 0), kind: .unreadableFile, message: msg))
    }
    func walk(_ dir: String, _ ancestors: Set<String>) {
      let real = (dir as NSString).resolvingSymlinksInPath
      if ancestors.contains(real) {
        problem(dir, "symbolic-link loop: this folder contains itself; skipped")
        return
      }
      guard let names = try? fm.contentsOfDirectory(atPath: dir) else {
        problem(dir, "cannot list this folder (permission?)")
        return
      }
      for name in names.sorted() where !name.hasPrefix(".") {
        let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
          problem(path, "dangling symbolic link")
          continue
        }
        if isDir.boolValue {
          walk(path, ancestors.union([real]))
        } else if isLogName(name) {
          add(path)
        } else if isIgnoredByName(name) {
          continue
        } else {
          // Rotated logs (`app.log.1`, `llm.jsonl-20261120`), names without an extension, archives:
          // told by their first bytes.
          switch InputFile.sniff(path: path) {
          case .log, .undecoded: add(path)
          case .other:
            problems.append(
              IngestIssue(
                location: SourceLocation(file: path, line: 0), kind: .ignoredFile,
                message: "not a log (neither JSON nor gzip in its first bytes); passed over"))
          }
        }
      }
    }
    func add(_ path: String) {
      let real = (path as NSString).resolvingSymlinksInPath
      if seenReal.insert(real).inserted { files.append(path) }
    }
    for p in paths {
      var isDir: ObjCBool = false
      if !fm.fileExists(atPath: p, isDirectory: &isDir) {
        problem(p, "no such file or directory")
      } else if isDir.boolValue {
        walk(p, [])
      } else {
        add(p)
      }
    }
    return (files.sorted(), problems)
  }

  /// Files of a folder that are never logs and are passed over without a word: the Claude Code
  /// sidecars (read by their format with their transcript) and checksums next to exports.
  static func isIgnoredByName(_ name: String) -> Bool {
    let lower = name.lowercased()
    return lower.hasSuffix(".meta.json") || lower.hasSuffix(".sha256") || lower.hasSuffix(".md5")
  }

  static func isLogName(_ name: String) -> Bool {
    let lower = name.lowercased()
    if lower.hasSuffix(".meta.json") { return false }  // Claude Code sidecars, read by their format
    return logSuffixes.contains { lower.hasSuffix($0) } || undecodedLogSuffixes.contains { lower.hasSuffix($0) }
  }
}
