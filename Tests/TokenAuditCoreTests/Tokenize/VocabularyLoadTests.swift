import Foundation
import Testing

@testable import TokenAuditCore

/// The vocabulary load's fast paths (pointer-based rank-file parsing, merge pairs found through
/// the short-token table) against the previous general versions, on the bundled vocabularies and
/// on random rank files (unsorted, with gaps, blank lines, CRLF and repeated token bytes).
@Suite struct VocabularyLoadTests {
  /// The previous rank-file parser, verbatim but for the names: `(bytes, offsets)`.
  static func referenceParse(_ text: [UInt8]) -> (bytes: [UInt8], offsets: [UInt32])? {
    var entries: [(rank: UInt32, start: Int, end: Int)] = []
    var decoded: [UInt8] = []
    var position = 0
    while position < text.count {
      var end = position
      while end < text.count && text[end] != 0x0A { end += 1 }
      let line = text[position..<end]
      position = end + 1
      if line.allSatisfy({ $0 == 0x0D || $0 == 0x20 }) { continue }
      guard let space = line.firstIndex(of: 0x20) else { return nil }
      var rank: UInt32 = 0
      var seen = false
      for byte in line[(space + 1)...] where byte != 0x0D {
        guard byte >= 0x30 && byte <= 0x39, rank < 100_000_000 else { return nil }
        rank = rank * 10 + UInt32(byte - 0x30)
        seen = true
      }
      guard seen, rank < PairRankTable.rankLimit else { return nil }
      let start = decoded.count
      let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
      var accumulator: UInt32 = 0
      var bits = 0
      var padding = 0
      for byte in line[line.startIndex..<space] {
        if byte == 0x3D {
          padding += 1
          continue
        }
        guard let value = alphabet.firstIndex(of: byte), padding == 0 else { return nil }
        accumulator = accumulator << 6 | UInt32(value)
        bits += 6
        if bits >= 8 {
          bits -= 8
          decoded.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
        }
      }
      guard padding <= 2 else { return nil }
      entries.append((rank, start, decoded.count))
    }
    entries.sort { $0.rank < $1.rank }
    var bytes: [UInt8] = []
    var offsets: [UInt32] = [0]
    for (index, entry) in entries.enumerated() {
      if index > 0 && entries[index - 1].rank == entry.rank { return nil }
      while offsets.count <= Int(entry.rank) { offsets.append(UInt32(bytes.count)) }
      bytes.append(contentsOf: decoded[entry.start..<entry.end])
      offsets.append(UInt32(bytes.count))
    }
    return (bytes, offsets)
  }

  static func bundledRankFile(_ name: String) throws -> [UInt8] {
    let url = TokenizerFixtures.repositoryRoot()
      .appendingPathComponent("Sources/TokenAuditCore/Resources/\(name).tiktoken.gz")
    return try GzipByteSource.decompress([UInt8](try Data(contentsOf: url)))
  }

  /// The merge pairs of the fast path and of the all-lengths index.
  static func bothMergePairs(_ file: RankFile) -> (fast: [[UInt32]], general: [[UInt32]]) {
    var byteRanks = [UInt32](repeating: UInt32.max, count: 256)
    for rank in 0..<file.rankCount where file.offsets[rank + 1] - file.offsets[rank] == 1 {
      let byte = Int(file.bytes[Int(file.offsets[rank])])
      if byteRanks[byte] == UInt32.max { byteRanks[byte] = UInt32(rank) }
    }
    let short = ShortTokenTable(file)
    defer { short.deallocate() }
    let fast = TokenBytesIndex(file, minimumLength: PieceCache.maxPieceLength + 1)
      .mergePairs(byteRanks: byteRanks, shortTokens: short).map { [$0.left, $0.right, $0.merged] }
    let general = TokenBytesIndex(file).mergePairs().map { [$0.left, $0.right, $0.merged] }
    return (fast, general)
  }

  @Test(arguments: ["o200k_base", "cl100k_base"])
  func bundledVocabularyLoadsAsBefore(name: String) throws {
    let text = try Self.bundledRankFile(name)
    let file = try RankFile(parsing: text)
    let reference = try #require(Self.referenceParse(text))
    #expect(file.bytes == reference.bytes)
    #expect(file.offsets == reference.offsets)
    let pairs = Self.bothMergePairs(file)
    #expect(pairs.fast.count > 100_000)
    #expect(pairs.fast == pairs.general)
  }

  @Test(arguments: [31, 32, 33])
  func randomRankFilesParseAndMergeAsBefore(seed: UInt64) throws {
    var rng = SplitMix(seed: seed)
    for _ in 0..<40 {
      // Every byte, then random tokens of 2 ... 40 bytes made from a small alphabet (so that
      // many splits are tokens), some repeated, ranks shuffled with gaps.
      var tokens: [[UInt8]] = (0..<256).map { [UInt8($0)] }
      for _ in 0..<(50 + rng.int(400)) {
        if rng.int(10) == 0, let again = tokens.randomElement(using: &rng) {
          tokens.append(again)
        } else {
          tokens.append((0..<(2 + rng.int(rng.int(3) == 0 ? 39 : 6))).map { _ in UInt8(0x61 + rng.int(4)) })
        }
      }
      var next: UInt32 = 0
      var ranks: [UInt32] = tokens.map { _ in
        defer { next += UInt32(1 + rng.int(2)) }
        return next
      }
      if rng.int(4) != 0 { ranks.shuffle(using: &rng) }
      var text: [UInt8] = []
      for (token, rank) in zip(tokens, ranks) {
        text += Array(Data(token).base64EncodedString().utf8) + Array(" \(rank)".utf8)
        text += rng.int(8) == 0 ? [0x0D, 0x0A] : [0x0A]
        if rng.int(20) == 0 { text += [0x20, 0x0A] }
      }
      let file = try RankFile(parsing: text)
      let reference = try #require(Self.referenceParse(text))
      #expect(file.bytes == reference.bytes)
      #expect(file.offsets == reference.offsets)
      let pairs = Self.bothMergePairs(file)
      #expect(pairs.fast == pairs.general)
    }
  }

  @Test func malformedLinesStillThrow() {
    for bad in ["QQ== x\n", "QQ==\n", "Q!== 1\n", "QQ=A 1\n", "QQ== 1\nQg== 1\n"] {
      #expect(throws: BPEEncodingError.self) { try RankFile(parsing: Array(bad.utf8)) }
      #expect(Self.referenceParse(Array(bad.utf8)) == nil)
    }
  }
}
