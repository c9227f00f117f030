import Testing

@testable import TokenAuditCore

/// `HashTable64` against a `Dictionary` model under random operations.
@Suite struct HashTable64Tests {
  @Test(arguments: [1, 2, 3])
  func randomOperationsMatchADictionary(seed: UInt64) {
    var rng = SplitMix(seed: seed)
    let table = HashTable64(capacity: 2)
    var model: [UInt64: UInt64] = [:]
    // Few distinct keys (so that operations hit existing ones), key 0 among them, and keys that
    // differ only in their high bits (the same low bits: the scramble must spread them).
    let keys: [UInt64] = (0..<300).map { i in
      switch i % 3 {
      case 0: return UInt64(i)
      case 1: return UInt64(i) << 48
      default: return rng.next()
      }
    }
    for step in 0..<20_000 {
      let key = keys[Int(rng.next() % UInt64(keys.count))]
      switch rng.next() % 10 {
      case 0...3:
        let v = rng.next()
        table.set(key, v)
        model[key] = v
      case 4...5:
        let d = rng.next() % 5
        let got = table.add(key, d)
        model[key, default: 0] &+= d
        #expect(got == model[key])
      case 6:
        let inserted = table.insert(key)
        #expect(inserted == (model[key] == nil))
        if model[key] == nil { model[key] = 0 }
      case 7 where step % 2_000 == 7:
        table.removeAll()
        model.removeAll()
      default:
        #expect(table.value(key) == model[key])
        #expect(table.contains(key) == (model[key] != nil))
      }
      #expect(table.count == model.count)
    }
    var seen: [UInt64] = []
    table.forEachKey { seen.append($0) }
    #expect(seen.sorted() == model.keys.sorted())
    for (k, v) in model { #expect(table.value(k) == v) }
  }

  @Test func growsFromTheSmallestTable() {
    let table = HashTable64(capacity: 0)
    for k in 0..<10_000 as Range<UInt64> { table.set(k &* 0x9E37_79B9, k) }
    #expect(table.count == 10_000)
    for k in 0..<10_000 as Range<UInt64> { #expect(table.value(k &* 0x9E37_79B9) == k) }
    #expect(table.value(1) == nil)
  }
}
