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

  @Option(
    name: .customLong("prices"),
    help: "A prices file in LiteLLM's JSON shape that adds or overrides models (repeatable).")
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

  // MARK: Weekly runs (docs/weekly.md)

  @Option(help: "Keep calls at or after this date (local midnight) or RFC 3339 time; inclusive.")
  var since: String?

  @Option(help: "Keep calls before this date (local midnight) or RFC 3339 time; exclusive.")
  var until: String?

  @Option(help: "Keep calls of the last span before now (the run time): 7d, 36h, 2w.")
  var last: String?

  @Option(help: "Keep calls of one ISO week, Monday 00:00 to Monday 00:00: 2026-W47, or last.")
  var week: String?

  @Option(help: "Zone of day and week boundaries: UTC, +02:00, or an IANA name like Europe/Berlin.")
  var timezone = "UTC"

  @Option(help: "History and cache folder (default: .tokenaudit-state beside the report).")
  var state: String?

  @Flag(help: "Keep no history and no cache.")
  var noState = false

  @Flag(help: "Read every file again instead of reusing results of earlier runs (the cache is refreshed).")
  var full = false

  @Option(help: "Runs shown in the trend charts, this one included.")
  var trendRuns = 8

  @Option(
    name: .customLong("fail-on-regression"),
    help: ArgumentHelp(
      "Exit 3 when cost per task rose by more than PCT percent since the last run, or a fixed finding came back.",
      discussion: "Written --fail-on-regression (10%) or --fail-on-regression=PCT.", valueName: "pct"))
  var failOnRegression: Double?

  func validate() throws {
    if maxLineBytes < 1024 { throw ValidationError("--max-line-bytes must be at least 1024") }
    if let w = workers, w < 1 { throw ValidationError("--workers must be at least 1") }
    try validateHistoryFlags()
  }

  func run() throws {
    let diagnostics = Diagnostics(quiet: quiet)
    do {
      try analyze(diagnostics)
    } catch let e as TokenAuditError {
      diagnostics.error(e.description)
      if case .strictFailure = e { throw ExitCode(2) }
      if case .locked = e { throw ExitCode(Self.exitLocked) }
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
    let now = Date()
    let window = try makeWindow(now: now)
    options.ingest.sinceMS = window.sinceMS
    options.ingest.untilMS = window.untilMS
    options.timeZone = window.timeZone
    let reportPath =
      output ?? "reports/tokenaudit-\(Self.reportName(window, now))\(format == .markdown ? ".md" : ".json")"
    let history = try openHistory(reportPath: reportPath)
    if let history { options.ingestCache = history.cache(full: full) }

    // The tokenizer's tables load on another core while the prices load on this one (both are
    // read once per process; the readers wait for them only if they are not ready yet).
    DispatchQueue.global().async { BPETokenCounter().warmUp() }
    let table = try PriceTable.load(overrideFiles: prices)
    let costModel = TableCostModel(table: table)
    let progress: ProgressObserver? = (!quiet && isatty(STDERR_FILENO) == 1) ? TerminalProgress() : nil
    let run = RunInfo(toolVersion: TokenAuditVersion.current, generatedAt: Self.rfc3339(now), inputs: paths)
    let pipeline = AuditPipeline(options: options, costModel: costModel, makeCounter: { BPETokenCounter() })
    let outcome = try pipeline.run(paths: paths, run: run, progress: progress)
    (progress as? TerminalProgress)?.finish()
    var result = outcome.result
    let update = history?.apply(to: &result, outcome: outcome, window: window, options: options, now: now)

    let markdown = format == .markdown ? MarkdownRenderer.render(result) : JSONRenderer.render(result)
    try ReportWriter.write(markdown, to: reportPath)
    if let json { try ReportWriter.write(JSONRenderer.render(result), to: json) }
    // The snapshot is written last: a run killed before this point leaves history as it was.
    if let history, let update { try history.save(update, diagnostics: diagnostics, verbose: verbose) }
    if verbose || !quiet, let cache = outcome.cache { Self.noteCache(cache, diagnostics, verbose: verbose) }

    diagnostics.printIssues(result.input)
    if verbose {
      for (stage, seconds) in outcome.timings {
        diagnostics.note(String(format: "%-28@ %8.3f s", stage as NSString, seconds))
      }
    }
    if !quiet && reportPath != "-" && json != "-" {
      print(TerminalSummary.render(result, reportPath: reportPath, jsonPath: json))
    }
    if strict && result.input.skipped + result.input.fileProblems.reduce(0, { $0 + $1.count }) > 0 {
      throw TokenAuditError.strictFailure(skipped: result.input.skipped)
    }
    try checkRegression(result, diagnostics)
    withExtendedLifetime(history) {}
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
