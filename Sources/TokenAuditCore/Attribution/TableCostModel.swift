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
    var resolved: [ResolutionKey: Resolution] = [:]
    var effective: [PriceKey: EffectiveTokenPrices] = [:]
  }

  /// A cache key: the provider (empty when none) and the model as logged (two strings hashed in
  /// place, not a joined copy made per call).
  struct ResolutionKey: Hashable {
    var provider: String
    var model: String
  }

  /// A cached resolution, shared by reference: a hit costs one retain, not a copy of the entry's
  /// prices and strings.
  final class Resolution: Sendable {
    let resolved: ResolvedModel?
    init(_ resolved: ResolvedModel?) { self.resolved = resolved }
  }

  private func resolve(_ model: String, _ provider: String?) -> Resolution {
    let key = ResolutionKey(provider: provider ?? "", model: model)
    cache.lock.lock()
    if let hit = cache.resolved[key] {
      cache.lock.unlock()
      return hit
    }
    cache.lock.unlock()
    let r = Resolution(table.resolve(model: model, provider: provider))
    cache.lock.lock()
    cache.resolved[key] = r
    cache.lock.unlock()
    return r
  }

  public func priceKey(model: String, provider: String, usage: TokenUsage, batch: Bool) -> PriceKey? {
    priceKey(model: model, provider: provider, usage: usage, batch: batch, service: .standard)
  }

  public func priceKey(
    model: String, provider: String, usage: TokenUsage, batch: Bool, service: ServiceTier
  ) -> PriceKey? {
    let r = resolve(model, provider == "unknown" ? nil : provider)
    guard let tier = r.resolved?.price.longContextTier(forInputTokens: usage.inputTokens), let key = r.resolved?.key
    else { return nil }
    // Batch calls are priced at batch rates whatever tier they name.
    return PriceKey(model: key, batch: batch, tierTokens: tier.thresholdTokens, service: batch ? .standard : service)
  }

  public func cost(of usage: TokenUsage, at key: PriceKey) -> CostBreakdown {
    cache.lock.lock()
    var prices = cache.effective[key]
    cache.lock.unlock()
    if prices == nil {
      guard let price = resolve(key.model, nil).resolved?.price else { return CostBreakdown() }
      let p = price.effectivePrices(
        batch: key.batch, tier: LongContextTier(thresholdTokens: key.tierTokens), service: key.service)
      cache.lock.lock()
      cache.effective[key] = p
      cache.lock.unlock()
      prices = p
    }
    guard let prices else { return CostBreakdown() }
    return prices.cost(of: usage)
  }
}
