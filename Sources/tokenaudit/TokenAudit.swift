import ArgumentParser

@main
struct TokenAudit: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tokenaudit",
    abstract: "Audit what LLM agent teams spend on tokens, and how to cut it.",
    subcommands: []
  )
}
