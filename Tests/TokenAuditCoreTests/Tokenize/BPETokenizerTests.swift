import Testing

@testable import TokenAuditCore

/// A small deterministic generator (SplitMix64) for property-style tests.
typealias SeededGenerator = SplitMix

@Suite struct BPETokenizerTests {
  /// Random bytes, biased toward UTF-8 lead and continuation bytes, spaces and letters.
  private static func randomBytes(_ generator: inout SeededGenerator, count: Int) -> [UInt8] {
    let alphabet: [UInt8] = [
      0x20, 0x0A, 0x0D, 0x27, 0x61, 0x41, 0x73, 0x31, 0x2F, 0x80, 0xBF, 0xC3, 0xE2, 0xED, 0xF0, 0xF4,
    ]
    return (0..<count).map { _ in
      Bool.random(using: &generator)
        ? UInt8.random(in: 0...255, using: &generator) : alphabet.randomElement(using: &generator)!
    }
  }

  @Test(arguments: BPEEncoding.Name.allCases)
  func invalidUTF8NeverCrashesAndRoundTrips(_ name: BPEEncoding.Name) throws {
    let encoding = try BPEEncoding.shared(name)
    let tokenizer = encoding.makeTokenizer(cacheCapacity: 256)
    var generator = SeededGenerator(seed: 42)
    for round in 0..<300 {
      let bytes = Self.randomBytes(&generator, count: round % 97 + (round % 7 == 0 ? 400 : 0))
      bytes.withUnsafeBytes { raw in
        let ids = tokenizer.encode(raw)
        #expect(encoding.decode(ids) == bytes)
        #expect(tokenizer.count(raw) == ids.count)
        let pieces = tokenizer.pieces(raw)
        #expect(pieces.reduce(0) { $0 + $1.count } == bytes.count)
        #expect(zip(pieces, pieces.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
      }
    }
  }

  @Test func invalidBytesArePiecesOfTheirOwn() throws {
    let tokenizer = try BPEEncoding.o200kBase.makeTokenizer()
    // "ab", a stray continuation byte, "cd", a truncated 3-byte sequence, " x".
    let bytes: [UInt8] = [0x61, 0x62, 0x80, 0x63, 0x64, 0xE2, 0x82, 0x20, 0x78]
    let pieces = bytes.withUnsafeBytes { tokenizer.pieces($0) }
    #expect(pieces == [0..<2, 2..<3, 3..<5, 5..<6, 6..<7, 7..<9])
    // Whitespace before an invalid byte keeps its last space, as before any non-space.
    let spaced: [UInt8] = [0x20, 0x20, 0x20, 0xFF]
    #expect(spaced.withUnsafeBytes { tokenizer.pieces($0) } == [0..<2, 2..<3, 3..<4])
  }

  @Test func emptyInput() throws {
    let tokenizer = try BPEEncoding.cl100kBase.makeTokenizer()
    #expect(tokenizer.encode("").isEmpty)
    #expect(tokenizer.count("") == 0)
  }

  /// Long pieces take the heap-based merge; it must give what the quadratic merge gives.
  @Test(arguments: BPEEncoding.Name.allCases)
  func heapMergeMatchesLinearMerge(_ name: BPEEncoding.Name) throws {
    let encoding = try BPEEncoding.shared(name)
    var heap = BytePairMerger(encoding: encoding, linearLimit: 0)
    var linear = BytePairMerger(encoding: encoding, linearLimit: .max)
    defer {
      heap.deallocate()
      linear.deallocate()
    }
    var generator = SeededGenerator(seed: 7)
    let samples: [[UInt8]] =
      [Array(repeating: 0x61, count: 1000), Array(repeating: 0x3D, count: 301), Array(repeating: 0x20, count: 500)]
      + (0..<60).map { round in
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/=".utf8)
        return (0..<(round * 37 % 700 + 2)).map { _ in letters.randomElement(using: &generator)! }
      }
    for sample in samples {
      sample.withUnsafeBufferPointer { buffer in
        let p = buffer.baseAddress!
        // `merge` may reallocate `output`: read it only afterwards.
        let heapCount = heap.merge(p, buffer.count)
        let heapIds = Array(UnsafeBufferPointer(start: heap.output, count: heapCount))
        let linearCount = linear.merge(p, buffer.count)
        let linearIds = Array(UnsafeBufferPointer(start: linear.output, count: linearCount))
        #expect(heapIds == linearIds)
      }
    }
  }

  /// tiktoken looks a piece up as a whole before merging it; the tokenizer only does so for short
  /// pieces. That is the same as long as merging any token's bytes gives the token back.
  @Test(arguments: BPEEncoding.Name.allCases)
  func everyTokenMergesBackToItself(_ name: BPEEncoding.Name) throws {
    let encoding = try BPEEncoding.shared(name)
    var merger = BytePairMerger(encoding: encoding)
    defer { merger.deallocate() }
    var failures: [UInt32] = []
    encoding.tokenBytes.withUnsafeBufferPointer { bytes in
      for token in 0..<encoding.vocabularySize {
        let start = Int(encoding.tokenOffsets[token])
        let length = Int(encoding.tokenOffsets[token + 1]) - start
        guard length > 0, let base = bytes.baseAddress else { continue }
        let count = merger.merge(base + start, length)
        if count != 1 || merger.output[0] != UInt32(token) { failures.append(UInt32(token)) }
      }
    }
    #expect(failures.isEmpty, "\(failures.count) tokens do not merge back, e.g. \(failures.prefix(5))")
  }

  @Test func longPiecesMatchTiktoken() throws {
    // Token counts from tiktoken 0.14 encode_ordinary.
    let cases: [(String, o200k: Int, cl100k: Int)] = [
      (String(repeating: "a", count: 1000), 125, 125),
      (" " + String(repeating: "=", count: 300), 5, 6),
      (String(repeating: " ", count: 500) + "x", 6, 6),
      (String(repeating: "\n", count: 300), 20, 10),
      (String(repeating: "z", count: 257), 128, 129),
    ]
    let o200k = try BPEEncoding.o200kBase.makeTokenizer()
    let cl100k = try BPEEncoding.cl100kBase.makeTokenizer()
    for (text, o200kCount, cl100kCount) in cases {
      #expect(o200k.count(text) == o200kCount)
      #expect(cl100k.count(text) == cl100kCount)
      #expect(o200k.encode(text).count == o200kCount)
    }
    #expect(o200k.encode(" " + String(repeating: "=", count: 300)) == [36014, 17686, 17686, 193856, 76059])
  }

  /// Cached and uncached tokenizers agree, including after cache collisions (a 2-entry cache).
  @Test func cacheSizesAgree() throws {
    let encoding = try BPEEncoding.o200kBase
    let text =
      "The quick brown fox, the QUICK brown fox's den; 12345 foxes!\n\n  indented\tline "
      + String(repeating: "longidentifierwithoutspaces", count: 3)
    let reference = encoding.makeTokenizer(cacheCapacity: 0).encode(text)
    for capacity in [2, 64, BPETokenizer.defaultCacheCapacity] {
      let tokenizer = encoding.makeTokenizer(cacheCapacity: capacity)
      for _ in 0..<3 {
        #expect(tokenizer.encode(text) == reference)
        #expect(tokenizer.count(text) == reference.count)
      }
    }
  }

  @Test func encodeAppendsToExistingTokens() throws {
    let tokenizer = try BPEEncoding.cl100kBase.makeTokenizer()
    var tokens: [UInt32] = [1, 2]
    let text = Array(String(repeating: "word ", count: 2000).utf8)
    text.withUnsafeBytes { tokenizer.encode($0, into: &tokens) }
    #expect(Array(tokens.prefix(2)) == [1, 2])
    #expect(tokens.count == 2 + tokenizer.count(String(repeating: "word ", count: 2000)))
  }
}
