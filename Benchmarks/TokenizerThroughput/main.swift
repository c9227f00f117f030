// Single-thread tokenizer throughput on a NUL-separated corpus (see scripts/bench-tokenizer.sh).
// usage: TokenizerThroughput CORPUS [ENCODING ...] [--repetitions N]
import Foundation
import TokenAuditCore

var arguments = Array(CommandLine.arguments.dropFirst())
var repetitions = 3
if let flag = arguments.firstIndex(of: "--repetitions"), flag + 1 < arguments.count {
  repetitions = Int(arguments[flag + 1]) ?? 3
  arguments.removeSubrange(flag...(flag + 1))
}
guard let corpus = arguments.first else {
  print("usage: TokenizerThroughput CORPUS [ENCODING ...] [--repetitions N]")
  exit(2)
}
let encodings = arguments.count > 1 ? Array(arguments.dropFirst()) : ["o200k_base", "cl100k_base"]
for name in encodings {
  print(try TokenizerBenchmark.run(corpusPath: corpus, encodingName: name, repetitions: repetitions))
}
