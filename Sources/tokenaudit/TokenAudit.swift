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
      64 bad arguments.
      """,
    version: TokenAuditVersion.current,
    subcommands: [AnalyzeCommand.self, SampleCommand.self],
    defaultSubcommand: AnalyzeCommand.self
  )
}
