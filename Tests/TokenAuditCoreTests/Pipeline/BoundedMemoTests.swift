import Testing

@testable import TokenAuditCore

/// `BoundedMemo` (a `HashTable64` index over an array) against the `Dictionary` version it
/// replaced, under random stores and look-ups that fill and empty it many times.
@Suite struct BoundedMemoTests {
  /// The previous implementation.
  struct ReferenceMemo<Value> {
    let capacity: Int
    var values: [UInt64: Value] = [:]
    subscript(key: UInt64) -> Value? { values[key] }
    mutating func store(_ key: UInt64, _ value: Value) {
      if values.count >= capacity { values.removeAll(keepingCapacity: true) }
      values[key] = value
    }
    mutating func value(_ key: UInt64, orMake make: () -> Value) -> Value {
      if let known = values[key] { return known }
      let v = make()
      store(key, v)
      return v
    }
  }

  @Test(arguments: [61, 62, 63])
  func behavesLikeTheDictionaryVersion(seed: UInt64) {
    var rng = SplitMix(seed: seed)
    for capacity in [1, 2, 7, 64] {
      var memo = BoundedMemo<String>(capacity: capacity)
      var reference = ReferenceMemo<String>(capacity: capacity)
      for step in 0..<5_000 {
        let key = UInt64(rng.int(capacity * 3)) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(rng.int(2))
        switch rng.int(3) {
        case 0:
          #expect(memo[key] == reference[key])
        case 1:
          memo.store(key, "v\(step)")
          reference.store(key, "v\(step)")
        default:
          #expect(memo.value(key) { "m\(step)" } == reference.value(key, orMake: { "m\(step)" }))
        }
      }
    }
  }
}
