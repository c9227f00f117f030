import ArgumentParser
import Foundation
import TokenAuditCore

/// `tokenaudit tokens`: count (or list) the tokens of a text, exactly as OpenAI's tokenizers do.
struct TokensCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tokens",
    abstract: "Count the tokens of a file or of standard input (o200k_base or cl100k_base).",
    discussion: """
      Special-token text such as <|endoftext|> is counted as ordinary text. For models without a \
      public tokenizer (Claude, Gemini) the o200k_base count is printed; analyze calibrates it \
      against billed usage.
      """
  )

  @Option(help: "Encoding: o200k_base or cl100k_base.")
  var encoding: String?

  @Option(help: "Pick the encoding of this model (e.g. gpt-4o, gpt-4).")
  var model: String?

  @Flag(help: "Print the token ids instead of the count.")
  var ids = false

  @Argument(help: "A file, or - (the default) for standard input.")
  var file: String = "-"

  func validate() throws {
    if encoding != nil && model != nil { throw ValidationError("give --encoding or --model, not both") }
    if let e = encoding, BPEEncoding.Name(rawValue: e) == nil {
      throw ValidationError("--encoding must be o200k_base or cl100k_base")
    }
  }

  func run() throws {
    let name = encoding.flatMap(BPEEncoding.Name.init(rawValue:)) ?? model.map(BPEEncoding.Name.forModel) ?? .o200kBase
    let data: Data
    if file == "-" {
      data = FileHandle.standardInput.readDataToEndOfFile()
    } else {
      guard let d = FileManager.default.contents(atPath: file) else {
        FileHandle.standardError.write(Data("tokenaudit: error: \(file): cannot read this file\n".utf8))
        throw ExitCode.failure
      }
      data = d
    }
    let enc = try BPEEncoding.shared(name)
    let bytes = [UInt8](data)
    if ids {
      let tokens = bytes.withUnsafeBytes { enc.encode($0) }
      print(tokens.map(String.init).joined(separator: " "))
    } else {
      print(bytes.withUnsafeBytes { enc.count($0) })
    }
  }
}

/// `tokenaudit bench-tokenizer`: single-thread tokenizer throughput on a corpus (see scripts/bench-tokenizer.sh).
struct BenchTokenizerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench-tokenizer", abstract: "Measure single-thread tokenizer throughput on a corpus file.",
    shouldDisplay: false)

  @Argument(help: "Corpus file (texts separated by NUL bytes).")
  var corpus: String

  @Option(help: "Encoding.")
  var encoding: String = "o200k_base"

  @Option(help: "Repetitions.")
  var repetitions: Int = 3

  func run() throws {
    print(try TokenizerBenchmark.run(corpusPath: corpus, encodingName: encoding, repetitions: repetitions))
  }
}
