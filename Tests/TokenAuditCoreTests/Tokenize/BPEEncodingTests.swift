import Foundation
import Testing

@testable import TokenAuditCore

@Suite struct BPEEncodingTests {
  @Test func reproducesAllReferenceVectors() throws {
    let vectors = try TokenizerFixtures.vectors()
    #expect(vectors.count == 3000)
    let encodings = [try BPEEncoding.cl100kBase, try BPEEncoding.o200kBase]
    for encoding in encodings {
      let tokenizer = encoding.makeTokenizer()
      var failures = 0
      for vector in vectors {
        let expected = encoding.name == "o200k_base" ? vector.o200kBase : vector.cl100kBase
        let actual = tokenizer.encode(vector.text)
        if actual != expected {
          failures += 1
          if failures <= 3 { Issue.record("\(encoding.name) mismatch for \(vector.text.debugDescription.prefix(120))") }
        }
        #expect(tokenizer.count(vector.text) == expected.count)
      }
      #expect(failures == 0, "\(encoding.name): \(failures) of \(vectors.count) vectors differ")
    }
  }

  @Test func encodingMethodsAgreeWithOwnTokenizer() throws {
    let vectors = try TokenizerFixtures.vectors().prefix(300)
    let encoding = try BPEEncoding.o200kBase
    let tokenizer = encoding.makeTokenizer(cacheCapacity: 64)
    for vector in vectors {
      #expect(encoding.encode(vector.text) == vector.o200kBase)
      #expect(tokenizer.encode(vector.text) == vector.o200kBase)
      #expect(encoding.count(vector.text) == vector.o200kBase.count)
    }
  }

  /// One shared encoding, one tokenizer per task, two tasks at once (as the CLI runs on 2 cores).
  @Test func sharedEncodingWorksFromTwoThreads() async throws {
    let vectors = Array(try TokenizerFixtures.vectors().prefix(400))
    let encoding = try BPEEncoding.o200kBase
    let failures = await withTaskGroup(of: Int.self) { group in
      for half in 0..<2 {
        group.addTask {
          let tokenizer = encoding.makeTokenizer()
          var failures = 0
          for (index, vector) in vectors.enumerated() where index % 2 == half {
            if tokenizer.encode(vector.text) != vector.o200kBase { failures += 1 }
            // The encoding's own methods share a pool of caches between the threads.
            if encoding.count(vector.text) != vector.o200kBase.count { failures += 1 }
          }
          return failures
        }
      }
      return await group.reduce(0, +)
    }
    #expect(failures == 0)
  }

  @Test func decodeRoundTripsValidText() throws {
    let encoding = try BPEEncoding.cl100kBase
    let text = "Héllo, wörld! 👋 \n\t<|endoftext|> 12345"
    #expect(encoding.decode(encoding.encode(text)) == Array(text.utf8))
  }

  @Test func specialTokenTextIsOrdinaryText() throws {
    let encoding = try BPEEncoding.o200kBase
    let ids = encoding.encode("<|endoftext|>")
    #expect(ids.count > 1)
    #expect(!ids.contains(199_999))
    #expect(encoding.specialTokens["<|endoftext|>"] == 199_999)
  }

  @Test func sharedInstancesAndNames() throws {
    #expect(try BPEEncoding.named("o200k_base") === BPEEncoding.o200kBase)
    #expect(try BPEEncoding.named("cl100k_base").vocabularySize == 100_256)
    #expect(throws: BPEEncodingError.unknownEncoding("p50k_base")) { try BPEEncoding.named("p50k_base") }
    #expect(BPEEncoding.Name.forModel("gpt-4o-mini") == .o200kBase)
    #expect(BPEEncoding.Name.forModel("openai/gpt-4.1") == .o200kBase)
    #expect(BPEEncoding.Name.forModel("gpt-4-0613") == .cl100kBase)
    #expect(BPEEncoding.Name.forModel("gpt-3.5-turbo") == .cl100kBase)
    #expect(BPEEncoding.Name.forModel("ft:gpt-3.5-turbo:acme::abc123") == .cl100kBase)
    #expect(BPEEncoding.Name.forModel("gpt-4-turbo-2024-04-09") == .cl100kBase)
    #expect(BPEEncoding.Name.forModel("text-embedding-3-small") == .cl100kBase)
    #expect(BPEEncoding.Name.forModel("o3-mini") == .o200kBase)
    #expect(BPEEncoding.Name.forModel("gpt-5") == .o200kBase)
  }

  @Test func malformedRankFileThrows() {
    #expect(throws: BPEEncodingError.self) {
      try BPEEncoding(name: "bad", pattern: .cl100k, rankFile: Array("QQ== x\n".utf8))
    }
    // Valid lines, but not every byte is a token.
    #expect(throws: BPEEncodingError.self) {
      try BPEEncoding(name: "bad", pattern: .cl100k, rankFile: Array("QQ== 0\n".utf8))
    }
  }
}
