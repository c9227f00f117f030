// Checks TokenAuditCore's tokenizer against reference ids from tiktoken (see scripts/fuzz-vs-tiktoken.sh).
// Input: JSON lines {"text": ..., "cl100k_base": [ids], "o200k_base": [ids]}.
// usage: TokenizerCompare CASES.jsonl
import Foundation
import TokenAuditCore

struct Case: Decodable {
  let text: String
  let cl100kBase: [UInt32]
  let o200kBase: [UInt32]

  enum CodingKeys: String, CodingKey {
    case text
    case cl100kBase = "cl100k_base"
    case o200kBase = "o200k_base"
  }
}

guard CommandLine.arguments.count == 2 else {
  print("usage: TokenizerCompare CASES.jsonl")
  exit(2)
}
let data = try Data(contentsOf: URL(fileURLWithPath: CommandLine.arguments[1]))
let o200k = try BPEEncoding.o200kBase.makeTokenizer()
let cl100k = try BPEEncoding.cl100kBase.makeTokenizer()
let decoder = JSONDecoder()
var cases = 0
var mismatches = 0
for line in data.split(separator: 0x0A) {
  let item = try decoder.decode(Case.self, from: line)
  cases += 1
  for (name, tokenizer, expected) in [("o200k_base", o200k, item.o200kBase), ("cl100k_base", cl100k, item.cl100kBase)]
  where tokenizer.encode(item.text) != expected {
    mismatches += 1
    if mismatches <= 10 {
      let scalars = item.text.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }
      print("mismatch \(name): \(scalars.joined(separator: " "))")
    }
  }
}
print("\(cases) cases, \(mismatches) mismatches")
exit(mismatches == 0 ? 0 : 1)
