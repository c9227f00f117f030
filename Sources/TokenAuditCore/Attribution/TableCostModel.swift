/// Prices calls with LiteLLM's price table (bundled, plus `--prices` overrides).
public struct TableCostModel: CostModel {
  /// The table.
  public let table: PriceTable

  /// Creates a cost model over `table`.
  public init(table: PriceTable) { self.table = table }

  public func priceKey(model: String, provider: String, usage: TokenUsage, batch: Bool) -> PriceKey? {
    guard let resolved = table.resolve(model: model, provider: provider == "unknown" ? nil : provider) else {
      return nil
    }
    let tier = resolved.price.longContextTier(forInputTokens: usage.inputTokens)
    return PriceKey(model: resolved.key, batch: batch, tierTokens: tier.thresholdTokens)
  }

  public func cost(of usage: TokenUsage, at key: PriceKey) -> CostParts {
    guard let price = table.resolve(model: key.model)?.price else { return CostParts() }
    let b = price.cost(of: usage, batch: key.batch, tier: LongContextTier(thresholdTokens: key.tierTokens))
    return CostParts(inputUSD: b.inputUSD, cacheReadUSD: b.cacheReadUSD, cacheWriteUSD: b.cacheWriteUSD, outputUSD: b.outputUSD)
  }
}
