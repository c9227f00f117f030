import Foundation

/// A byte-pair encoding (rank table plus split pattern), identical in output to tiktoken's
/// `encode_ordinary` for the same vocabulary.
///
/// Immutable and `Sendable`: load it once (the shared `o200kBase` and `cl100kBase` load lazily on
/// first use, thread-safely) and share it. Its `encode`/`count` methods are thread-safe and borrow
/// warm piece caches from a small internal pool (a lock per call); a thread doing bulk work can
/// instead own a `BPETokenizer` from `makeTokenizer()`.
/// Special-token text such as `<|endoftext|>` is encoded as ordinary text.
public final class BPEEncoding: @unchecked Sendable {
  /// The encodings bundled with TokenAuditCore.
  public enum Name: String, Sendable, CaseIterable {
    /// GPT-4o, GPT-4.1, GPT-5 and the o-series.
    case o200kBase = "o200k_base"
    /// GPT-4 and GPT-3.5 Turbo, text-embedding-3.
    case cl100kBase = "cl100k_base"

    /// The split pattern published with this encoding.
    public var pattern: SplitPattern { self == .o200kBase ? .o200k : .cl100k }

    /// The special tokens published with this encoding (for reference; never produced by `encode`).
    public var specialTokens: [String: UInt32] {
      switch self {
      case .o200kBase: return ["<|endoftext|>": 199_999, "<|endofprompt|>": 200_018]
      case .cl100kBase:
        return [
          "<|endoftext|>": 100_257, "<|fim_prefix|>": 100_258, "<|fim_middle|>": 100_259,
          "<|fim_suffix|>": 100_260, "<|endofprompt|>": 100_276,
        ]
      }
    }

    /// The encoding an OpenAI model name uses, following tiktoken's model table: cl100k_base for
    /// `gpt-4` and its dated or `-turbo`/`-32k` variants (not `gpt-4o`, `gpt-4.1`, `gpt-4.5`),
    /// `gpt-3.5`/`gpt-35`, `text-embedding-*` and `*-002` models; o200k_base for everything else
    /// (gpt-4o, gpt-4.1, gpt-5, o-series, gpt-oss, unknown models).
    ///
    /// - Parameter model: A model name such as `gpt-4o-2024-08-06`, optionally with a provider
    ///   prefix (`openai/gpt-4`) or fine-tune prefix (`ft:gpt-3.5-turbo:org::id`).
    /// - Returns: The encoding to count that model's tokens with.
    public static func forModel(_ model: String) -> Name {
      var name = Substring(model.lowercased())
      if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
      if name.hasPrefix("ft:") { name = name.dropFirst(3) }
      let cl100kPrefixes = ["gpt-3.5", "gpt-35", "text-embedding-", "gpt-4-"]
      if name == "gpt-4" || cl100kPrefixes.contains(where: { name.hasPrefix($0) }) || name.hasSuffix("-002") {
        return .cl100kBase
      }
      return .o200kBase
    }
  }

  /// The encoding's name, e.g. `o200k_base`.
  public let name: String
  /// The split pattern applied before merging.
  public let pattern: SplitPattern
  /// Special tokens by text (informational: `encode` treats their text as ordinary text).
  public let specialTokens: [String: UInt32]
  /// Number of mergeable ranks (ordinary tokens).
  public var vocabularySize: Int { tokenOffsets.count - 1 }

  let pairs: PairRankTable
  let shortTokens: ShortTokenTable
  let byteRanks: UnsafeMutablePointer<UInt32>
  let tokenBytes: [UInt8]
  let tokenOffsets: [UInt32]
  let classTable: UnicodeClassTable
  private let scratchPool = ScratchPool()

  private static let o200kResult = Result { try BPEEncoding(bundled: .o200kBase) }
  private static let cl100kResult = Result { try BPEEncoding(bundled: .cl100kBase) }

  /// The shared o200k_base encoding, loaded on first use.
  ///
  /// - Throws: `BPEEncodingError` if the bundled vocabulary is missing or damaged.
  public static var o200kBase: BPEEncoding { get throws { try o200kResult.get() } }

  /// The shared cl100k_base encoding, loaded on first use.
  ///
  /// - Throws: `BPEEncodingError` if the bundled vocabulary is missing or damaged.
  public static var cl100kBase: BPEEncoding { get throws { try cl100kResult.get() } }

  /// The shared instance of a bundled encoding.
  ///
  /// - Parameter name: Which encoding.
  /// - Returns: The encoding, loaded on first use.
  /// - Throws: `BPEEncodingError` if its vocabulary is missing or damaged.
  public static func shared(_ name: Name) throws -> BPEEncoding {
    switch name {
    case .o200kBase: return try o200kBase
    case .cl100kBase: return try cl100kBase
    }
  }

  /// The shared instance of a bundled encoding, by its tiktoken name.
  ///
  /// - Parameter name: `o200k_base` or `cl100k_base`.
  /// - Returns: The encoding, loaded on first use.
  /// - Throws: `BPEEncodingError.unknownEncoding` for another name, or a loading error.
  public static func named(_ name: String) throws -> BPEEncoding {
    guard let known = Name(rawValue: name) else { throw BPEEncodingError.unknownEncoding(name) }
    return try shared(known)
  }

  private convenience init(bundled name: Name) throws {
    let resource = name.rawValue + ".tiktoken"
    guard let url = Bundle.module.url(forResource: resource, withExtension: "gz", subdirectory: "Resources")
    else { throw BPEEncodingError.missingVocabulary(resource + ".gz") }
    let text: [UInt8]
    do {
      text = try GzipByteSource.decompress([UInt8](try Data(contentsOf: url)))
    } catch {
      throw BPEEncodingError.malformedVocabulary("\(url.path): \(error)")
    }
    try self.init(name: name.rawValue, pattern: name.pattern, rankFile: text, specialTokens: name.specialTokens)
  }

  /// Builds an encoding from the text of a `.tiktoken` rank file.
  ///
  /// - Parameters:
  ///   - name: A name for messages.
  ///   - pattern: The split pattern to apply.
  ///   - rankFile: Uncompressed rank-file text (`base64 rank` lines); every single byte must be a token.
  ///   - specialTokens: Special tokens, for reference only.
  /// - Throws: `BPEEncodingError.malformedVocabulary` if the file cannot be parsed.
  public init(name: String, pattern: SplitPattern, rankFile: [UInt8], specialTokens: [String: UInt32] = [:]) throws {
    let file = try RankFile(parsing: rankFile)
    // Single bytes: the lowest rank of each (as a hash look-up of the byte would find).
    var byteRanks = [UInt32](repeating: UInt32.max, count: 256)
    for rank in 0..<file.rankCount where file.offsets[rank + 1] - file.offsets[rank] == 1 {
      let byte = Int(file.bytes[Int(file.offsets[rank])])
      if byteRanks[byte] == UInt32.max { byteRanks[byte] = UInt32(rank) }
    }
    if let byte = byteRanks.firstIndex(of: UInt32.max) {
      throw BPEEncodingError.malformedVocabulary("byte \(byte) is not a token")
    }
    // Merge pairs: pieces of 2 ... 16 bytes are found in the short-token table the tokenizer
    // uses anyway; only longer tokens need an index of their own.
    let shortTokens = ShortTokenTable(file)
    let index = TokenBytesIndex(file, minimumLength: PieceCache.maxPieceLength + 1)
    let merges = index.mergePairs(byteRanks: byteRanks, shortTokens: shortTokens)
    var pairs = PairRankTable(expected: merges.count)
    for merge in merges { pairs.insert(merge.left, merge.right, merged: merge.merged) }
    self.name = name
    self.pattern = pattern
    self.specialTokens = specialTokens
    self.pairs = pairs
    self.shortTokens = shortTokens
    self.byteRanks = .allocate(capacity: 256)
    self.byteRanks.initialize(from: byteRanks, count: 256)
    self.tokenBytes = file.bytes
    self.tokenOffsets = file.offsets
    self.classTable = UnicodeClassTable.shared
  }

  deinit {
    pairs.deallocate()
    shortTokens.deallocate()
    byteRanks.deallocate()
  }

  /// Creates a worker with its own piece cache, for use on one thread at a time.
  ///
  /// - Parameter cacheCapacity: Piece-cache entries (rounded up to a power of two; 0 disables it).
  /// - Returns: A new tokenizer.
  public func makeTokenizer(cacheCapacity: Int = BPETokenizer.defaultCacheCapacity) -> BPETokenizer {
    BPETokenizer(encoding: self, cacheCapacity: cacheCapacity)
  }

  /// Encodes bytes into token ids (thread-safe).
  ///
  /// - Parameter bytes: UTF-8 text; invalid bytes become pieces of their own (see `PreTokenizer`).
  /// - Returns: The token ids.
  public func encode(_ bytes: UnsafeRawBufferPointer) -> [UInt32] {
    withPooledTokenizer { $0.encode(bytes) }
  }

  /// Encodes a string into token ids, as tiktoken's `encode_ordinary`.
  ///
  /// - Parameter text: The text.
  /// - Returns: The token ids.
  public func encode(_ text: String) -> [UInt32] {
    withPooledTokenizer { $0.encode(text) }
  }

  /// Counts the tokens of bytes without building the id array.
  ///
  /// - Parameter bytes: UTF-8 text.
  /// - Returns: The number of tokens `encode` would return.
  public func count(_ bytes: UnsafeRawBufferPointer) -> Int {
    withPooledTokenizer { $0.count(bytes) }
  }

  /// Counts the tokens of a string.
  ///
  /// - Parameter text: The text.
  /// - Returns: The number of tokens `encode` would return.
  public func count(_ text: String) -> Int {
    withPooledTokenizer { $0.count(text) }
  }

  /// The bytes of one token, or nil if `token` is not an ordinary token of this encoding.
  ///
  /// - Parameter token: A token id.
  /// - Returns: Its bytes.
  public func bytes(of token: UInt32) -> [UInt8]? {
    guard Int(token) < vocabularySize else { return nil }
    let start = Int(tokenOffsets[Int(token)])
    let end = Int(tokenOffsets[Int(token) + 1])
    return end > start ? Array(tokenBytes[start..<end]) : nil
  }

  /// Concatenates the bytes of tokens (unknown ids are skipped).
  ///
  /// - Parameter tokens: Token ids.
  /// - Returns: The decoded bytes (not necessarily valid UTF-8 for a partial sequence).
  public func decode(_ tokens: [UInt32]) -> [UInt8] {
    var result: [UInt8] = []
    for token in tokens where Int(token) < vocabularySize {
      result.append(contentsOf: tokenBytes[Int(tokenOffsets[Int(token)])..<Int(tokenOffsets[Int(token) + 1])])
    }
    return result
  }

  /// Runs `body` with a tokenizer whose caches come from (and go back to) the pool.
  private func withPooledTokenizer<Result>(_ body: (BPETokenizer) -> Result) -> Result {
    let scratch =
      scratchPool.take() ?? TokenizerScratch(encoding: self, cacheCapacity: BPETokenizer.defaultCacheCapacity)
    defer { scratchPool.put(scratch) }
    return body(BPETokenizer(encoding: self, scratch: scratch))
  }
}
