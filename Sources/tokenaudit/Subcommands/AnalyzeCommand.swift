import ArgumentParser
import Foundation
import TokenAuditCore

/// `tokenaudit analyze PATH…`: read logs, write the markdown (and JSON) report.
struct AnalyzeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "analyze",
    abstract: "Analyse request logs and write the savings report.",
    discussion: """
      PATHs are files or folders (read recursively): .jsonl, .ndjson, .json, .log and .gz files, \
      gzip recognised by its first bytes. Formats are detected line by line (see docs/formats.md).
      """
  )

  @Argument(help: "Log files or folders.")
  var paths: [String]

  @Option(name: [.short, .long], help: "Markdown report path, or - for stdout (default: reports/tokenaudit-DATE.md).")
  var output: String?

  @Option(help: "Also write the JSON report to this path (- for stdout).")
  var json: String?

  @Option(help: "Report format for --output: markdown or json.")
  var format: ReportFormat = .markdown

  @Option(name: .customLong("prices"), help: "A prices file in LiteLLM's JSON shape that adds or overrides models (repeatable).")
  var prices: [String] = []

  @Option(help: "Dotted path of the agent label in each line (e.g. metadata.agent_name).")
  var agentField: String?

  @Option(help: "Dotted path of the phase label.")
  var phaseField: String?

  @Option(help: "Dotted path of the workflow (trace) id.")
  var traceField: String?

  @Option(help: "Longest line read, in bytes; longer lines are skipped and reported.")
  var maxLineBytes: Int = 64 << 20

  @Option(help: "Worker threads (default: number of cores).")
  var workers: Int?

  @Option(help: "Run only these detectors (comma-separated ids).")
  var only: String?

  @Option(help: "Skip these detectors (comma-separated ids).")
  var skip: String?

  @Flag(help: "Print nothing but errors (for cron).")
  var quiet = false

  @Flag(help: "Exit with status 2 when any input line was skipped.")
  var strict = false

  @Flag(help: "Print stage timings to stderr.")
  var verbose = false

  func validate() throws {
    if maxLineBytes < 1024 { throw ValidationError("--max-line-bytes must be at least 1024") }
    if let w = workers, w < 1 { throw ValidationError("--workers must be at least 1") }
  }

  func run() throws {
    let diagnostics = Diagnostics(quiet: quiet)
    do {
      try analyze(diagnostics)
    } catch let e as TokenAuditError {
      diagnostics.error(e.description)
      if case .strictFailure = e { throw ExitCode(2) }
      throw ExitCode.failure
    } catch let e as PriceTableError {
      diagnostics.error(e.description)
      throw ExitCode.failure
    }
  }

  private func analyze(_ diagnostics: Diagnostics) throws {
    var options = AuditOptions()
    options.ingest.maxLineBytes = maxLineBytes
    options.ingest.agentField = agentField
    options.ingest.phaseField = phaseField
    options.ingest.traceField = traceField
    if let workers { options.workers = workers }
    if let only { options.onlyDetectors = Set(only.split(separator: ",").map { String($0).trimmed }) }
    if let skip { options.skipDetectors = Set(skip.split(separator: ",").map { String($0).trimmed }) }

    let table = try PriceTable.load(overrideFiles: prices)
    let costModel = TableCostModel(table: table)
    let progress: ProgressObserver? = (!quiet && isatty(STDERR_FILENO) == 1) ? TerminalProgress() : nil
    let now = Date()
    let run = RunInfo(toolVersion: TokenAuditVersion.current, generatedAt: Self.rfc3339(now), inputs: paths)
    let pipeline = AuditPipeline(options: options, costModel: costModel, makeCounter: { RoughTokenCounter() })
    let outcome = try pipeline.run(paths: paths, run: run, progress: progress)
    (progress as? TerminalProgress)?.finish()
    let result = outcome.result

    let markdown = format == .markdown ? MarkdownRenderer.render(result) : JSONRenderer.render(result)
    let reportPath = output ?? "reports/tokenaudit-\(Self.day(now))\(format == .markdown ? ".md" : ".json")"
    try ReportWriter.write(markdown, to: reportPath)
    if let json { try ReportWriter.write(JSONRenderer.render(result), to: json) }

    diagnostics.printIssues(result.input)
    if verbose {
      for (stage, seconds) in outcome.timings { diagnostics.note(String(format: "%-28@ %8.3f s", stage as NSString, seconds)) }
    }
    if !quiet && reportPath != "-" && json != "-" {
      print(TerminalSummary.render(result, reportPath: reportPath, jsonPath: json))
    }
    if strict && result.input.skipped + result.input.fileProblems.reduce(0, { $0 + $1.count }) > 0 {
      throw TokenAuditError.strictFailure(skipped: result.input.skipped)
    }
  }

  static func rfc3339(_ d: Date) -> String {
    Timestamp.isoString(Int64(d.timeIntervalSince1970 * 1000))
  }

  static func day(_ d: Date) -> String { Timestamp.dayString(Int64(d.timeIntervalSince1970 * 1000)) }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
  case markdown, json
}

extension String {
  var trimmed: String { trimmingCharacters(in: .whitespaces) }
}
