import Foundation

/// Prices calls with LiteLLM's price table (bundled, plus `--prices` overrides).
///
/// Detectors price every call several times, so model resolutions and the effective per-token
/// prices of each `PriceKey` are cached (behind a lock: the model is shared by threads).
public struct TableCostModel: CostModel {
  /// The table.
  public let table: PriceTable
  private let cache = Cache()

  /// Creates a cost model over `table`.
  public init(table: PriceTable) { self.table = table }

  final class Cache: @unchecked Sendable {
    let lock = NSLock()
    var resolved: [String: ResolvedModel?] = [:]
    var effective: [PriceKey: EffectiveTokenPrices] = [:]
  }

  private func resolve(_ model: String, _ provider: String?) -> ResolvedModel? {
    let key = (provider ?? "") + "\u{1}" + model
    cache.lock.lock()
    if let hit = cache.resolved[key] {
      cache.lock.unlock()
      return hit
    }
    cache.lock.unlock()
    let r = table.resolve(model: model, provider: provider)
    cache.lock.lock()
    cache.resolved[key] = .some(r)
    cache.lock.unlock()
    return r
  }

  public func priceKey(model: String, provider: String, usage: TokenUsage, batch: Bool) -> PriceKey? {
    guard let resolved = resolve(model, provider == "unknown" ? nil : provider) else { return nil }
    let tier = resolved.price.longContextTier(forInputTokens: usage.inputTokens)
    return PriceKey(model: resolved.key, batch: batch, tierTokens: tier.thresholdTokens)
  }

  public func cost(of usage: TokenUsage, at key: PriceKey) -> CostBreakdown {
    cache.lock.lock()
    var prices = cache.effective[key]
    cache.lock.unlock()
    if prices == nil {
      guard let price = resolve(key.model, nil)?.price else { return CostBreakdown() }
      let p = price.effectivePrices(batch: key.batch, tier: LongContextTier(thresholdTokens: key.tierTokens))
      cache.lock.lock()
      cache.effective[key] = p
      cache.lock.unlock()
      prices = p
    }
    guard let prices else { return CostBreakdown() }
    return prices.cost(of: usage)
  }
}
