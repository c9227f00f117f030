import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes state files so that readers see the old content or the new, never a part: a temporary
/// file in the same folder, flushed to disk, then renamed over the target.
enum AtomicFile {
  /// Prefix of temporary files (a killed run may leave some; `removeStaleTemporaries` sweeps them).
  static let temporaryPrefix = ".tmp-"

  /// Writes `data` to `path`, creating the folder.
  ///
  /// - Throws: `TokenAuditError.cannotWrite`.
  static func write(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let dir = url.deletingLastPathComponent().path
    do {
      try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    } catch {
      throw TokenAuditError.cannotWrite(path: path, reason: error.localizedDescription)
    }
    let tmp = dir + "/" + temporaryPrefix + "\(getpid())-" + url.lastPathComponent
    let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw TokenAuditError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
    var failure: String?
    data.withUnsafeBytes { buf in
      var done = 0
      while done < buf.count, let base = buf.baseAddress {
        let n = Glibc.write(fd, base + done, buf.count - done)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 {
          failure = String(cString: strerror(errno))
          return
        }
        done += n
      }
    }
    if failure == nil && fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
    close(fd)
    if failure == nil && rename(tmp, path) != 0 { failure = String(cString: strerror(errno)) }
    if let failure {
      unlink(tmp)
      throw TokenAuditError.cannotWrite(path: path, reason: failure)
    }
  }

  /// Deletes temporary files left in `dir` by killed runs (call with the state lock held).
  static func removeStaleTemporaries(in dir: String) {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
    for name in names where name.hasPrefix(temporaryPrefix) {
      try? FileManager.default.removeItem(atPath: dir + "/" + name)
    }
  }

  /// A JSON encoder for state files: sorted keys, no escaped slashes; snake_case keys for the
  /// human-readable history files, Swift names for the bulky per-file caches.
  static func encoder(pretty: Bool, snakeCase: Bool) -> JSONEncoder {
    let e = JSONEncoder()
    if snakeCase { e.keyEncodingStrategy = .convertToSnakeCase }
    e.outputFormatting =
      pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
    e.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return e
  }

  /// The matching decoder. Snake_case keys are turned back with units and ids in capitals
  /// (`cost_usd` → `costUSD`, `run_id` → `runID`), which Foundation's own strategy does not do.
  static func decoder(snakeCase: Bool) -> JSONDecoder {
    let d = JSONDecoder()
    if snakeCase {
      d.keyDecodingStrategy = .custom { path in
        let last = path.last?.stringValue ?? ""
        return StateKey(camelCase(last))
      }
    }
    d.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return d
  }

  /// Suffixes written in capitals in Swift names.
  static let capitalParts: Set<String> = ["usd", "ms", "ns", "id", "ids"]

  /// `cost_per_call_usd` → `costPerCallUSD`.
  static func camelCase(_ key: String) -> String {
    let parts = key.split(separator: "_", omittingEmptySubsequences: true)
    guard parts.count > 1 else { return key }
    var out = String(parts[0])
    for p in parts.dropFirst() {
      let lower = p.lowercased()
      if capitalParts.contains(lower) {
        out += lower == "ids" ? "IDs" : lower.uppercased()
      } else {
        out += p.prefix(1).uppercased() + p.dropFirst()
      }
    }
    return out
  }
}

/// A coding key made from a string.
struct StateKey: CodingKey {
  var stringValue: String
  var intValue: Int?
  init(_ s: String) { stringValue = s }
  init?(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) {
    stringValue = "\(intValue)"
    self.intValue = intValue
  }
}
