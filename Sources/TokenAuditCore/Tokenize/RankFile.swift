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
    // One pass over the text with pointers: lines found with `memchr`, base64 decoded straight
    // into one buffer (decoded bytes are never more than the text's).
    var entries: [(rank: UInt32, start: Int, end: Int)] = []
    entries.reserveCapacity(text.count / 12)
    var decoded = [UInt8](repeating: 0, count: text.count)
    var decodedCount = 0
    var sorted = true
    let values = Self.base64Values
    try values.withUnsafeBufferPointer { table in
      try text.withUnsafeBufferPointer { t in
        try decoded.withUnsafeMutableBufferPointer { out in
          guard let base = t.baseAddress, let outBase = out.baseAddress else { return }
          let n = t.count
          var lineNumber = 0
          var position = 0
          while position < n {
            lineNumber += 1
            let end =
              memchr(base + position, 0x0A, n - position).map {
                UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base
              } ?? n
            let line = UnsafeBufferPointer(rebasing: t[position..<end])
            position = end + 1
            if line.allSatisfy({ $0 == 0x0D || $0 == 0x20 }) { continue }
            guard let space = line.firstIndex(of: 0x20),
              let rank = Self.parseRank(UnsafeBufferPointer(rebasing: line[(space + 1)...])),
              rank < PairRankTable.rankLimit
            else { throw BPEEncodingError.malformedVocabulary("line \(lineNumber): expected 'base64 rank'") }
            let start = decodedCount
            guard
              Self.decodeBase64(
                UnsafeBufferPointer(rebasing: line[..<space]), table.baseAddress!, into: outBase, at: &decodedCount)
            else {
              throw BPEEncodingError.malformedVocabulary("line \(lineNumber): bad base64")
            }
            if let last = entries.last, last.rank > rank { sorted = false }
            entries.append((rank, start, decodedCount))
          }
        }
      }
    }
    // Rank files list ranks in order; sort only when this one does not (the sort is stable).
    if !sorted { entries.sort { $0.rank < $1.rank } }
    // `offsets[r] ..< offsets[r + 1]` for each rank; an unused rank gets an empty range.
    offsets = [UInt32](repeating: 0, count: Int(entries.last?.rank ?? 0) + (entries.isEmpty ? 1 : 2))
    if sorted {
      // The entries were decoded in rank order, one after the other: `decoded` is the bytes.
      decoded.removeSubrange(decodedCount...)
      bytes = decoded
    } else {
      bytes.reserveCapacity(decodedCount)
    }
    var nextRank = 0
    var total = 0
    for (index, entry) in entries.enumerated() {
      if index > 0 && entries[index - 1].rank == entry.rank {
        throw BPEEncodingError.malformedVocabulary("duplicate rank \(entry.rank)")
      }
      let rank = Int(entry.rank)
      while nextRank <= rank {
        offsets[nextRank] = UInt32(total)
        nextRank += 1
      }
      if !sorted { bytes.append(contentsOf: decoded[entry.start..<entry.end]) }
      total += entry.end - entry.start
      offsets[rank + 1] = UInt32(total)
    }
  }

  private static func parseRank(_ digits: UnsafeBufferPointer<UInt8>) -> UInt32? {
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

  /// Writes the decoded bytes of standard, padded base64 text at `output + count` (advancing
  /// `count`); false if it is not base64.
  private static func decodeBase64(
    _ text: UnsafeBufferPointer<UInt8>, _ values: UnsafePointer<UInt8>, into output: UnsafeMutablePointer<UInt8>,
    at count: inout Int
  ) -> Bool {
    do {
      var accumulator: UInt32 = 0
      var bits = 0
      var padding = 0
      var written = count
      for byte in text {
        if byte == 0x3D {
          padding += 1
          continue
        }
        let value = values[Int(byte)]
        guard value != 0xFF, padding == 0 else { return false }
        accumulator = accumulator << 6 | UInt32(value)
        bits += 6
        if bits >= 8 {
          bits -= 8
          output[written] = UInt8(truncatingIfNeeded: accumulator >> UInt32(bits))
          written += 1
        }
      }
      count = written
      return padding <= 2
    }
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
