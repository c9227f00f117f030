import Foundation
import Testing

@testable import TokenAuditCore

/// Namespace of the format reader suites, so that `swift test --filter Formats` selects them all.
@Suite enum Formats {}

/// Paths of the format fixtures, resolved from this file's location, and small helpers.
enum FormatFixtures {
  /// The repository root.
  static let root: String = {
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    parts.removeLast(4)  // Formats/FormatFixtures.swift, TokenAuditCoreTests, Tests
    return parts.joined(separator: "/")
  }()

  /// The path of `fixtures/formats/<relative>`.
  static func path(_ relative: String) -> String { root + "/fixtures/formats/" + relative }

  /// Ingests one fixture file.
  static func ingest(_ relative: String, options: IngestOptions = IngestOptions()) -> FileIngestResult {
    FileIngestor(options: options).ingest(path: path(relative))
  }

  /// Ingests `lines` written to a temporary JSONL file.
  static func ingest(lines: [String], options: IngestOptions = IngestOptions()) -> FileIngestResult {
    let file = Fixtures.tempDir("lines") + "/lines.jsonl"
    FileManager.default.createFile(atPath: file, contents: Data((lines.joined(separator: "\n") + "\n").utf8))
    return FileIngestor(options: options).ingest(path: file)
  }

  /// The field-by-field sum of the records' usage.
  static func total(_ records: [CallRecord]) -> TokenUsage {
    records.reduce(TokenUsage()) { $0 + ($1.usage ?? TokenUsage()) }
  }

  /// Keeps one record per (`requestID`, `dedupKey`), the one with the most tokens, as the pipeline's
  /// global de-duplication does.
  static func deduplicated(_ records: [CallRecord]) -> [CallRecord] {
    var best: [String: CallRecord] = [:]
    var order: [String] = []
    for r in records {
      let key = (r.requestID ?? "") + "\u{1F}" + (r.dedupKey ?? "")
      if let existing = best[key] {
        if (r.usage?.totalTokens ?? 0) > (existing.usage?.totalTokens ?? 0) { best[key] = r }
      } else {
        best[key] = r
        order.append(key)
      }
    }
    return order.compactMap { best[$0] }
  }
}
