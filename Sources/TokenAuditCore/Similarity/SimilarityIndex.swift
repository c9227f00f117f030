/// Finds candidate near-duplicates without comparing all pairs: MinHash signatures of each text's
/// concepts and words (20 bands of 3 rows) and of its character trigrams (5 bands of 4 rows), plus
/// one band on the exact normalised meaning, bucketed by band within a block.
///
/// The block holds what must be equal anyway (the request context, the entities, the negation), so
/// look-alikes never even meet. Two texts whose concept sets have Jaccard 0.6 (about the least a
/// pair scoring 0.8 can have) share a band with probability 1 - (1 - 0.6³)^20 ≈ 0.99; at 0.5 it is
/// 0.93, at 0.34 (the least for a 0.6 score) 0.55, and unrelated texts sharing one word in ten
/// (0.05) meet with probability 0.3%. The trigram bands catch copies with small edits (0.93 at a
/// trigram Jaccard of 0.8, 2% at 0.25: texts that only share a phrasing rarely meet).
///
/// Bounded: a bucket keeps its `bucketCapacity` most recent items (so a very common band value
/// cannot make a query quadratic), and items are 32-bit ids; the caller stores the signatures.
/// Buckets are linked lists, newest first, in one array of nodes (8 bytes per insertion: the
/// caller bounds the items, and so the insertions), so adding an item allocates nothing per bucket.
struct SimilarityIndex {
  /// Bands over concepts and words.
  static let featureBands = 20
  /// Bands over character trigrams.
  static let trigramBands = 5
  /// Rows (hashes) per feature band.
  static let rows = 3
  /// Rows per trigram band.
  static let trigramRows = 4
  /// Items kept per bucket.
  let bucketCapacity: Int
  /// The newest node of each bucket.
  private var heads = KeyTable()
  /// Item ids and the index of the next older node of the same bucket (-1 at the end).
  private var nodes: [(id: Int32, next: Int32)] = []

  /// Creates an empty index.
  ///
  /// - Parameter bucketCapacity: Most recent items kept per bucket.
  init(bucketCapacity: Int = 32) { self.bucketCapacity = max(1, bucketCapacity) }

  /// Number of buckets (for tests and memory estimates).
  var bucketCount: Int { heads.count }

  /// Makes room for `count` buckets and insertions without growing.
  mutating func reserveCapacity(_ count: Int) {
    heads.reserveCapacity(count)
    nodes.reserveCapacity(count)
  }

  /// The block of a signature within a request context: equal context, entities and negation.
  static func block(context: UInt64, _ s: TextSignature) -> UInt64 {
    var h = ContentHasher()
    h.combine(context)
    h.combine(s.entityKey)
    h.combine(s.negated ? 1 : 0)
    return h.value
  }

  /// Adds an item.
  mutating func insert(_ id: Int32, _ s: TextSignature, block: UInt64) {
    insert(id, keys: Self.bandKeys(s, block: block))
  }

  /// Adds an item under band keys computed once with `bandKeys`.
  mutating func insert(_ id: Int32, keys: [UInt64]) {
    for key in keys where nodes.count < Int32.max {
      let node = Int32(nodes.count)
      // An item added twice in a row to a bucket is kept once.
      if let head = heads[key], nodes[Int(head)].id == id { continue }
      let next = heads.updateValue(node, forKey: key) ?? -1
      nodes.append((id, next))
    }
  }

  /// Forgets every item whose id is below `cut` (ids grow with time, so these are the oldest):
  /// their nodes go, buckets left empty go, and each bucket keeps its other items in the same
  /// order, so `candidates` answers as before for every id at or above `cut`.
  ///
  /// Items are inserted in id order, so their nodes are too: the nodes kept are a suffix of
  /// `nodes`, moved to the front, and a link into the part dropped ends its chain.
  mutating func removeItems(below cut: Int32) {
    var low = 0
    var high = nodes.count
    while low < high {
      let mid = (low + high) / 2
      if nodes[mid].id < cut { low = mid + 1 } else { high = mid }
    }
    let shift = Int32(low)
    guard shift > 0 else { return }
    var live: [(UInt64, Int32)] = []
    heads.forEach { key, head in
      if head >= shift { live.append((key, head - shift)) }
    }
    var kept = KeyTable()
    kept.reserveCapacity(live.count)
    for (key, head) in live { _ = kept.updateValue(head, forKey: key) }
    heads = kept
    nodes = nodes[low...].map { node in (node.id, node.next >= shift ? node.next - shift : -1) }
  }

  /// Items sharing at least one band with `s` in `block`, most recent first, without repeats.
  func candidates(_ s: TextSignature, block: UInt64) -> [Int32] {
    candidates(keys: Self.bandKeys(s, block: block))
  }

  /// Items sharing at least one of the band `keys`, most recent first, without repeats.
  func candidates(keys: [UInt64]) -> [Int32] {
    var out: [Int32] = []
    for key in keys {
      guard var n = heads[key] else { continue }
      // The bucket's `bucketCapacity` newest items.
      var kept = 0
      while n >= 0 && kept < bucketCapacity {
        out.append(nodes[Int(n)].id)
        n = nodes[Int(n)].next
        kept += 1
      }
    }
    guard out.count > 1 else { return out }
    out.sort(by: >)
    var unique: [Int32] = [out[0]]
    unique.reserveCapacity(out.count)
    for id in out.dropFirst() where id != unique[unique.count - 1] { unique.append(id) }
    return unique
  }

  static func bandKeys(_ s: TextSignature, block: UInt64) -> [UInt64] {
    var keys: [UInt64] = []
    keys.reserveCapacity(featureBands + trigramBands + 1)
    var exact = ContentHasher()
    exact.combine(block)
    exact.combine(0xE)
    exact.combine(s.exactKey)
    keys.append(exact.value)
    let features = s.features
    if features.isEmpty {
      var h = ContentHasher()
      h.combine(block)
      h.combine(0xE0)
      keys.append(h.value)
    } else {
      keys += bands(features, block: block, salt: 0, count: featureBands, rows: rows)
    }
    if !s.trigrams.isEmpty {
      // The 24 smallest trigram hashes stand for the text: near copies share most of them.
      keys += bands(Array(s.trigrams.prefix(24)), block: block, salt: 1_000, count: trigramBands, rows: trigramRows)
    }
    return keys
  }

  private static func bands(_ set: [UInt32], block: UInt64, salt: UInt64, count: Int, rows: Int) -> [UInt64] {
    var keys: [UInt64] = []
    for band in 0..<count {
      var h = ContentHasher()
      h.combine(block)
      h.combine(salt + UInt64(band))
      for row in 0..<rows {
        let seed = (salt + UInt64(band * rows + row)) &* 0x9E37_79B9_7F4A_7C15 &+ 0x632B_E59B_D9B4_E019
        var best = UInt64.max
        for f in set {
          // A cheap per-row permutation: multiply-xorshift of the 32-bit feature with the row seed.
          var v = (UInt64(f) | UInt64(f) << 32) ^ seed
          v = (v ^ (v >> 29)) &* 0xBF58_476D_1CE4_E5B9
          v ^= v >> 32
          if v < best { best = v }
        }
        h.combine(best)
      }
      keys.append(h.value)
    }
    return keys
  }

  /// SplitMix64's finaliser.
  static func mix(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// A map from 64-bit keys to 32-bit values with open addressing and linear probing: band keys are
/// hashes already, so they are not hashed again (`Dictionary` would run SipHash on each).
struct KeyTable {
  private var keys: [UInt64]
  private var values: [Int32]
  private var shift: UInt64
  /// Entries stored in the slots (key 0, the empty mark, is kept apart).
  private var stored = 0
  private var zero: Int32?

  /// An empty table.
  init() {
    keys = [UInt64](repeating: 0, count: 16)
    values = [Int32](repeating: 0, count: 16)
    shift = 60
  }

  /// Number of keys.
  var count: Int { stored + (zero == nil ? 0 : 1) }

  /// Calls `body` with every key and its value, in no particular order.
  func forEach(_ body: (UInt64, Int32) -> Void) {
    if let zero { body(0, zero) }
    for i in keys.indices where keys[i] != 0 { body(keys[i], values[i]) }
  }

  /// Makes room for `count` keys without growing.
  mutating func reserveCapacity(_ count: Int) {
    var capacity = keys.count
    while capacity < count * 2 { capacity *= 2 }
    if capacity > keys.count { rehash(capacity) }
  }

  @inline(__always) private func slot(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
  }

  /// The value of `key`.
  subscript(key: UInt64) -> Int32? {
    if key == 0 { return zero }
    let mask = keys.count - 1
    var i = slot(key)
    while true {
      let k = keys[i]
      if k == key { return values[i] }
      if k == 0 { return nil }
      i = (i + 1) & mask
    }
  }

  /// Sets the value of `key`, returning the old one.
  mutating func updateValue(_ value: Int32, forKey key: UInt64) -> Int32? {
    if key == 0 {
      defer { zero = value }
      return zero
    }
    if (stored + 1) * 2 > keys.count { rehash(keys.count * 2) }
    let mask = keys.count - 1
    var i = slot(key)
    while true {
      let k = keys[i]
      if k == key {
        let old = values[i]
        values[i] = value
        return old
      }
      if k == 0 {
        keys[i] = key
        values[i] = value
        stored += 1
        return nil
      }
      i = (i + 1) & mask
    }
  }

  private mutating func rehash(_ capacity: Int) {
    let oldKeys = keys
    let oldValues = values
    keys = [UInt64](repeating: 0, count: capacity)
    values = [Int32](repeating: 0, count: capacity)
    shift = UInt64(64 - capacity.trailingZeroBitCount)
    let mask = capacity - 1
    for (j, key) in oldKeys.enumerated() where key != 0 {
      var i = slot(key)
      while keys[i] != 0 { i = (i + 1) & mask }
      keys[i] = key
      values[i] = oldValues[j]
    }
  }
}
