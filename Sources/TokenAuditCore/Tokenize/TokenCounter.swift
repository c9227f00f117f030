/// Token counts memoised per distinct text, keyed by a 64-bit `ContentHash` of the bytes.
///
/// Agent logs re-send the same system prompts and history over and over, so most texts have been
/// counted before. A lookup hashes the bytes (much cheaper than tokenizing) and returns the stored
/// count; a miss tokenizes with the owned `BPETokenizer` and stores the result. The byte length is
/// stored with the count and compared too, so a wrong hit needs a 64-bit hash collision between two
/// texts of equal length (about 1 in 10^7 for 10^6 distinct texts).
///
/// Bounded: at most `capacity` entries (16 bytes each, plus dictionary overhead); when full, the
/// memo is cleared and refills. Not thread-safe: use one counter per thread and add up their
/// `statistics`.
public final class TokenCounter {
  /// Memo hit and miss counts, for the report.
  public struct Statistics: Sendable, Equatable {
    /// Lookups answered from the memo.
    public var hits = 0
    /// Lookups that tokenized.
    public var misses = 0
    /// Bytes of the texts answered from the memo.
    public var hitBytes = 0
    /// Bytes of the texts that were tokenized.
    public var missBytes = 0

    /// Creates statistics (all zero by default).
    public init(hits: Int = 0, misses: Int = 0, hitBytes: Int = 0, missBytes: Int = 0) {
      self.hits = hits
      self.misses = misses
      self.hitBytes = hitBytes
      self.missBytes = missBytes
    }

    /// All lookups.
    public var lookups: Int { hits + misses }

    /// The fraction of lookups that hit, 0 when there were none.
    public var hitRate: Double { lookups == 0 ? 0 : Double(hits) / Double(lookups) }

    /// The fraction of looked-up bytes that hit, 0 when there were none.
    public var byteHitRate: Double {
      hitBytes + missBytes == 0 ? 0 : Double(hitBytes) / Double(hitBytes + missBytes)
    }

    /// Sums two counters' statistics (e.g. from two threads).
    public static func + (lhs: Statistics, rhs: Statistics) -> Statistics {
      Statistics(
        hits: lhs.hits + rhs.hits, misses: lhs.misses + rhs.misses, hitBytes: lhs.hitBytes + rhs.hitBytes,
        missBytes: lhs.missBytes + rhs.missBytes)
    }
  }

  /// The tokenizer that counts misses.
  public let tokenizer: BPETokenizer
  /// The most entries kept before the memo is cleared.
  public let capacity: Int
  /// Hits and misses so far.
  public private(set) var statistics = Statistics()

  /// hash → `length << 32 | count` (both truncated to 32 bits).
  private let memo: HashTable64

  /// Creates a counter around a tokenizer.
  ///
  /// - Parameters:
  ///   - tokenizer: Counts texts not seen before; owned by this counter from now on.
  ///   - capacity: The most memo entries kept (default 1,048,576, about 40 MB).
  public init(tokenizer: BPETokenizer, capacity: Int = 1 << 20) {
    self.tokenizer = tokenizer
    self.capacity = max(1, capacity)
    memo = HashTable64(capacity: min(self.capacity, 1 << 16))
  }

  /// Creates a counter with a new tokenizer for `encoding`.
  ///
  /// - Parameters:
  ///   - encoding: The encoding to count with.
  ///   - capacity: The most memo entries kept.
  public convenience init(encoding: BPEEncoding, capacity: Int = 1 << 20) {
    self.init(tokenizer: encoding.makeTokenizer(), capacity: capacity)
  }

  /// The number of tokens of UTF-8 bytes, from the memo when the same bytes were counted before.
  ///
  /// - Parameter bytes: The text.
  /// - Returns: Its token count.
  public func count(_ bytes: UnsafeRawBufferPointer) -> Int {
    count(bytes, hash: ContentHash.hash(bytes))
  }

  /// The number of tokens of a string, from the memo when the same text was counted before.
  ///
  /// - Parameter text: The text.
  /// - Returns: Its token count.
  public func count(_ text: String) -> Int {
    text.withUTF8Bytes { count(UnsafeRawBufferPointer($0)) }
  }

  /// The number of tokens of UTF-8 bytes whose `ContentHash.hash` the caller already has.
  ///
  /// - Parameters:
  ///   - bytes: The text.
  ///   - hash: `ContentHash.hash(bytes)` (seed 0).
  /// - Returns: Its token count.
  public func count(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> Int {
    let length = UInt64(truncatingIfNeeded: UInt32(truncatingIfNeeded: bytes.count))
    if let entry = memo.value(hash), entry >> 32 == length {
      statistics.hits += 1
      statistics.hitBytes += bytes.count
      return Int(entry & 0xFFFF_FFFF)
    }
    let tokens = tokenizer.count(bytes)
    if recordsMisses { missed.insert(hash ^ length) }
    statistics.misses += 1
    statistics.missBytes += bytes.count
    if memo.count >= capacity { memo.removeAll() }
    memo.set(hash, length << 32 | UInt64(UInt32(clamping: tokens)))
    return tokens
  }

  /// Whether to keep the hashes of missed texts (`missedTexts`); off by default.
  public var recordsMisses = false
  /// Hashes of the texts that missed the memo: their union over several counters is the number of
  /// distinct texts, which gives a memo hit rate that does not depend on thread scheduling.
  public var missedTexts: Set<UInt64> {
    var all = Set<UInt64>(minimumCapacity: missed.count)
    missed.forEachKey { all.insert($0) }
    return all
  }
  private let missed = HashTable64()

  /// Sets the statistics back to zero (the memo is kept).
  public func resetStatistics() { statistics = Statistics() }
}
