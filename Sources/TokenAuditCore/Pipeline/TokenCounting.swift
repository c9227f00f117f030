/// Counts tokens of texts for a model; one instance per thread (it may memoise).
public protocol TokenCounting: AnyObject {
  /// Tokens of `text` as `model` would count them (exact or estimated).
  func count(_ text: String, model: String) -> Int
  /// Tokens of `text`, whose `ContentHash.hash` the caller already has (saves a pass over the text).
  func count(_ text: String, hash: UInt64, model: String) -> Int
  /// Counters so far.
  var stats: TokenizerStats { get }
  /// Hashes of the distinct texts this counter tokenized (see `TokenCounter.missedTexts`).
  var distinctTexts: Set<UInt64> { get }
  /// Loads what the first count would load (a vocabulary), so that it happens while the
  /// first records are still being read rather than after.
  func warmUp()
}

extension TokenCounting {
  public var distinctTexts: Set<UInt64> { [] }
  public func warmUp() {}
  public func count(_ text: String, hash: UInt64, model: String) -> Int { count(text, model: model) }
}

/// Memo and estimate counters of a token counter.
public struct TokenizerStats: Sendable, Hashable, Codable {
  /// Texts asked for.
  public var lookups = 0
  /// Lookups answered from the memo.
  public var memoHits = 0

  /// Creates zero stats.
  public init(lookups: Int = 0, memoHits: Int = 0) {
    self.lookups = lookups
    self.memoHits = memoHits
  }

  /// Adds another's counts.
  public mutating func merge(_ o: TokenizerStats) {
    lookups += o.lookups
    memoHits += o.memoHits
  }

  /// Subtracts an earlier snapshot.
  public mutating func subtract(_ o: TokenizerStats) {
    lookups -= o.lookups
    memoHits -= o.memoHits
  }

  func summary(estimatedCalls: Int) -> TokenizerSummary {
    TokenizerSummary(
      textsCounted: lookups, memoHits: memoHits,
      memoHitRate: lookups == 0 ? 0 : Double(memoHits) / Double(lookups), estimatedCalls: estimatedCalls,
      calibrations: [])
  }
}

/// A counter of about 4 characters a token, memoised (used when no tokenizer is wired, and in tests).
public final class RoughTokenCounter: TokenCounting {
  public private(set) var stats = TokenizerStats()
  /// Creates a counter.
  public init() {}
  public func count(_ text: String, model: String) -> Int {
    stats.lookups += 1
    return FactExtractor.roughCount(text, model)
  }
}
