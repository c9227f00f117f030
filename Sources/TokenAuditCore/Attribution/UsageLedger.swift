/// Calls and integer token counts of one group at one price.
public struct UsageCell: Sendable, Hashable {
  /// Calls.
  public var calls = 0
  /// Tokens.
  public var usage = TokenUsage()
  /// Failed calls.
  public var failedCalls = 0
  /// Tokens of failed calls.
  public var failedUsage = TokenUsage()
}

/// Integer token totals per group and price, turned into dollars once, at the end.
///
/// Summing per-call floating costs over millions of records drifts; summing integers per
/// (group, price) and pricing each sum once does not.
public struct UsageLedger<Group: Hashable & Sendable>: Sendable {
  /// Priced cells: group → price → cell.
  public private(set) var priced: [Group: [PriceKey: UsageCell]] = [:]
  /// Unpriced cells: group → model → cell.
  public private(set) var unpriced: [Group: [String: UsageCell]] = [:]

  /// Creates an empty ledger.
  public init() {}

  /// Adds one call.
  public mutating func add(_ group: Group, key: PriceKey?, model: String, usage: TokenUsage, failed: Bool) {
    func update(_ c: inout UsageCell) {
      c.calls += 1
      c.usage += usage
      if failed {
        c.failedCalls += 1
        c.failedUsage += usage
      }
    }
    if let key {
      update(&priced[group, default: [:]][key, default: UsageCell()])
    } else {
      update(&unpriced[group, default: [:]][model, default: UsageCell()])
    }
  }

  /// Adds the calls of `cell` (calls, tokens and failures already summed).
  public mutating func add(_ group: Group, key: PriceKey?, model: String, cell: UsageCell) {
    func merge(_ c: inout UsageCell) {
      c.calls += cell.calls
      c.usage += cell.usage
      c.failedCalls += cell.failedCalls
      c.failedUsage += cell.failedUsage
    }
    if let key {
      merge(&priced[group, default: [:]][key, default: UsageCell()])
    } else {
      merge(&unpriced[group, default: [:]][model, default: UsageCell()])
    }
  }

  /// Every group seen.
  public var groups: Set<Group> { Set(priced.keys).union(unpriced.keys) }

  /// Totals of one group, priced with `costModel`.
  public func summary(_ group: Group, costModel: CostModel) -> GroupSummary {
    var s = GroupSummary()
    // Sorted, so floating-point sums do not depend on hash order.
    for (key, cell) in (priced[group] ?? [:]).sorted(by: { $0.key < $1.key }) {
      s.calls += cell.calls
      s.usage += cell.usage
      s.failedCalls += cell.failedCalls
      s.cost += costModel.cost(of: cell.usage, at: key)
      s.failedCostUSD += costModel.cost(of: cell.failedUsage, at: key).totalUSD
    }
    for (_, cell) in unpriced[group] ?? [:] {
      s.calls += cell.calls
      s.usage += cell.usage
      s.failedCalls += cell.failedCalls
      s.unpricedCalls += cell.calls
    }
    return s
  }
}

/// Totals of one group.
public struct GroupSummary: Sendable {
  /// Calls.
  public var calls = 0
  /// Tokens.
  public var usage = TokenUsage()
  /// Dollars of priced calls.
  public var cost = CostBreakdown()
  /// Failed calls.
  public var failedCalls = 0
  /// Dollars of failed calls.
  public var failedCostUSD = 0.0
  /// Calls whose model has no price (excluded from `cost`).
  public var unpricedCalls = 0
}
