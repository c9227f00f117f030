/// The contents of a `.tiktoken` rank file: every token's bytes, indexed by rank.
///
/// The format is one token per line, `base64(bytes) SP decimal-rank LF`, as published with tiktoken.
struct RankFile {
  /// All tokens' bytes, concatenated in rank order.
  var bytes: [UInt8] = []
  /// `offsets[r] ..< offsets[r + 1]` is token `r`'s slice of `bytes`; an unused rank is empty.
  var offsets: [UInt32] = [0]

  /// The number of ranks (highest rank + 1).
  var rankCount: Int { offsets.count - 1 }

  /// Parses rank-file text.
  ///
  /// - Parameter text: The uncompressed file.
  /// - Throws: `BPEEncodingError.malformedVocabulary` on a bad line, a duplicate or too-large rank.
  init(parsing text: [UInt8]) throws {
    var entries: [(rank: UInt32, start: Int, end: Int)] = []
    var decoded: [UInt8] = []
    decoded.reserveCapacity(text.count)
    var lineNumber = 0
    var position = 0
    while position < text.count {
      lineNumber += 1
      var end = position
      while end < text.count && text[end] != 0x0A { end += 1 }
      let line = text[position..<end]
      position = end + 1
      if line.allSatisfy({ $0 == 0x0D || $0 == 0x20 }) { continue }
      guard let space = line.firstIndex(of: 0x20),
        let rank = Self.parseRank(line[(space + 1)...]), rank < PairRankTable.rankLimit
      else { throw BPEEncodingError.malformedVocabulary("line \(lineNumber): expected 'base64 rank'") }
      let start = decoded.count
      guard Self.decodeBase64(line[line.startIndex..<space], into: &decoded) else {
        throw BPEEncodingError.malformedVocabulary("line \(lineNumber): bad base64")
      }
      entries.append((rank, start, decoded.count))
    }
    entries.sort { $0.rank < $1.rank }
    for (index, entry) in entries.enumerated() {
      if index > 0 && entries[index - 1].rank == entry.rank {
        throw BPEEncodingError.malformedVocabulary("duplicate rank \(entry.rank)")
      }
      while offsets.count <= Int(entry.rank) { offsets.append(UInt32(bytes.count)) }
      bytes.append(contentsOf: decoded[entry.start..<entry.end])
      offsets.append(UInt32(bytes.count))
    }
  }

  private static func parseRank(_ digits: ArraySlice<UInt8>) -> UInt32? {
    var value: UInt32 = 0
    var seen = false
    for byte in digits where byte != 0x0D {
      guard byte >= 0x30 && byte <= 0x39, value < 100_000_000 else { return nil }
      value = value * 10 + UInt32(byte - 0x30)
      seen = true
    }
    return seen ? value : nil
  }

  private static let base64Values: [UInt8] = {
    var table = [UInt8](repeating: 0xFF, count: 256)
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    for (value, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(value) }
    return table
  }()

  /// Appends the decoded bytes of standard, padded base64 text; false if it is not base64.
  private static func decodeBase64(_ text: ArraySlice<UInt8>, into output: inout [UInt8]) -> Bool {
    var accumulator: UInt32 = 0
    var bits = 0
    var padding = 0
    for byte in text {
      if byte == 0x3D {
        padding += 1
        continue
      }
      let value = base64Values[Int(byte)]
      guard value != 0xFF, padding == 0 else { return false }
      accumulator = accumulator << 6 | UInt32(value)
      bits += 6
      if bits >= 8 {
        bits -= 8
        output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
      }
    }
    return padding <= 2
  }
}
