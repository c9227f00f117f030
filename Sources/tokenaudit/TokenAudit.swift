import ArgumentParser
import TokenAuditCore

@main
struct TokenAudit: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tokenaudit",
    abstract: "Audit what LLM agent teams spend on tokens, and how to cut it.",
    discussion: """
      Exit codes: 0 the analysis completed (even with skipped lines or findings); 1 a fatal error \
      (nothing readable, an output that cannot be written); 2 --strict and lines were skipped; \
      3 --fail-on-regression and cost per task rose or a fixed finding came back; 64 bad \
      arguments; 75 another run holds the state folder's lock (try again later).
      """,
    version: TokenAuditVersion.current,
    subcommands: [AnalyzeCommand.self, TokensCommand.self, SampleCommand.self, BenchTokenizerCommand.self],
    defaultSubcommand: AnalyzeCommand.self
  )

  /// Parses and runs, first turning a bare `--fail-on-regression` into `--fail-on-regression=10`
  /// (the argument parser has no options with an optional value).
  static func main() async {
    let arguments = Self.expandingOptionalValues(Array(CommandLine.arguments.dropFirst()))
    do {
      var command = try parseAsRoot(arguments)
      if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
    } catch {
      exit(withError: error)
    }
  }

  /// `--fail-on-regression` not followed by a number gets the default percentage.
  static func expandingOptionalValues(_ args: [String]) -> [String] {
    var out: [String] = []
    for (i, a) in args.enumerated() {
      if a == "--fail-on-regression" && (i + 1 >= args.count || Double(args[i + 1]) == nil) {
        out.append("--fail-on-regression=\(Int(AnalyzeCommand.defaultRegressionPercent))")
      } else {
        out.append(a)
      }
      if a == "--" {
        out += args[(i + 1)...]
        break
      }
    }
    return out
  }
}
