import ArgumentParser
import Foundation
import TokenAuditCore

/// `tokenaudit sample`: write realistic, deterministic multi-agent logs (fixtures, benchmarks).
struct SampleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sample",
    abstract: "Write deterministic sample logs of a multi-agent team (for demos, fixtures and benchmarks)."
  )

  @Option(help: "Output folder (created if missing).")
  var out: String

  @Option(help: "Random seed: the same seed writes the same bytes.")
  var seed: UInt64 = 2026

  @Option(help: "Days of traffic.")
  var days: Int = 7

  @Option(help: "First day (YYYY-MM-DD).")
  var start: String = "2026-11-16"

  @Option(help: "Approximate uncompressed size in MB (overrides --calls-per-day).")
  var sizeMb: Int?

  @Option(help: "Calls per weekday.")
  var callsPerDay: Int = 400

  @Option(help: "Number of files.")
  var files: Int = 1

  @Option(help: "A preset: fixture or benchmark (other options then only change seed).")
  var preset: String?

  @Flag(help: "Write .jsonl.gz files.")
  var gzip = false

  @Flag(help: "Add malformed lines of every kind.")
  var malformed = false

  @Option(help: "Also write the generator's ground truth (JSON) to this path.")
  var truth: String?

  func validate() throws {
    if days < 1 { throw ValidationError("--days must be at least 1") }
    if files < 1 { throw ValidationError("--files must be at least 1") }
    if SampleLogGenerator.CalendarDate(start) == nil { throw ValidationError("--start must be YYYY-MM-DD") }
    if let p = preset, SampleLogGenerator.Preset(rawValue: p) == nil {
      throw ValidationError("--preset must be fixture or benchmark")
    }
  }

  func run() throws {
    var c: SampleLogGenerator.Configuration
    if let p = preset.flatMap(SampleLogGenerator.Preset.init(rawValue:)) {
      c = .preset(p, seed: seed)
    } else {
      let volume: SampleLogGenerator.Volume =
        sizeMb.map { .targetBytes($0 * 1_000_000) } ?? .callsPerDay(callsPerDay)
      c = SampleLogGenerator.Configuration(
        seed: seed, days: days,
        startDate: SampleLogGenerator.CalendarDate(start)
          ?? SampleLogGenerator.CalendarDate(year: 2026, month: 11, day: 16),
        volume: volume, files: files, malformed: malformed)
    }
    if malformed { c.malformed = true }
    let result = try SampleLogGenerator(c).write(to: out, files: preset == nil ? files : nil, gzip: gzip)
    if let truth {
      let enc = JSONEncoder()
      enc.keyEncodingStrategy = .convertToSnakeCase
      enc.outputFormatting = [.sortedKeys, .prettyPrinted]
      try ReportWriter.write(String(decoding: try enc.encode(result), as: UTF8.self) + "\n", to: truth)
    }
    print(
      "wrote \(result.records) calls in \(result.files.count) file(s), \(result.uncompressedBytes / 1_000_000) MB uncompressed, to \(out)"
    )
  }
}
