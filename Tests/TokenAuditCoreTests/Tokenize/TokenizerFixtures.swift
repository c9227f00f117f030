import Foundation

@testable import TokenAuditCore

/// Locates and loads the tokenizer fixtures under the repository's `fixtures/vocab/`.
enum TokenizerFixtures {
  /// One reference case from tiktoken 0.14 `encode_ordinary`.
  struct Vector: Decodable, Sendable {
    let text: String
    let cl100kBase: [UInt32]
    let o200kBase: [UInt32]

    enum CodingKeys: String, CodingKey {
      case text
      case cl100kBase = "cl100k_base"
      case o200kBase = "o200k_base"
    }
  }

  /// The repository root, found from this file's path.
  static func repositoryRoot(filePath: String = #filePath) -> URL {
    URL(fileURLWithPath: filePath)
      .deletingLastPathComponent()  // Tokenize
      .deletingLastPathComponent()  // TokenAuditCoreTests
      .deletingLastPathComponent()  // Tests
      .deletingLastPathComponent()
  }

  /// The 3,000 reference vectors (`fixtures/vocab/token-vectors.jsonl.gz`).
  static func vectors() throws -> [Vector] {
    let url = repositoryRoot().appendingPathComponent("fixtures/vocab/token-vectors.jsonl.gz")
    let text = try GzipByteSource.decompress([UInt8](try Data(contentsOf: url)))
    let decoder = JSONDecoder()
    return try text.split(separator: 0x0A).map { try decoder.decode(Vector.self, from: Data($0)) }
  }
}
