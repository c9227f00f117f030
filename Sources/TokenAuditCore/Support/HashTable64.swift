/// An open-addressing hash map from 64-bit keys that are already hashes (content hashes, word
/// hashes) to 64-bit values: no `Hasher` rounds, no per-entry allocation, linear probing in one
/// flat buffer. Keys are scrambled once more (Fibonacci hashing), so any bits of the key may vary.
///
/// A value type with copy-on-write storage is not needed here: each table is owned by one thread
/// and one stage (a token memo, a scratch set), so this is a final class.
final class HashTable64 {
  private var keys: UnsafeMutablePointer<UInt64>
  private var values: UnsafeMutablePointer<UInt64>
  /// Slot occupancy; a separate array so that key 0 is an ordinary key.
  private var used: UnsafeMutablePointer<Bool>
  private var shift: UInt64
  private var mask: Int
  /// Entries stored.
  private(set) var count = 0

  /// Creates a table that holds `capacity` entries before it first grows.
  init(capacity: Int = 16) {
    var slots = 16
    while slots < capacity * 2 { slots <<= 1 }
    (keys, values, used, mask, shift) = Self.buffers(slots)
  }

  /// Empty buffers of `slots` (a power of two) slots, with their mask and shift.
  private static func buffers(_ slots: Int) -> (
    UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<Bool>, Int, UInt64
  ) {
    let used = UnsafeMutablePointer<Bool>.allocate(capacity: slots)
    used.initialize(repeating: false, count: slots)
    return (
      .allocate(capacity: slots), .allocate(capacity: slots), used, slots - 1, UInt64(64 - slots.trailingZeroBitCount)
    )
  }

  deinit {
    keys.deallocate()
    values.deallocate()
    used.deallocate()
  }

  @inline(__always) private func slot(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
  }

  /// The value stored for `key`, or nil.
  @inline(__always) func value(_ key: UInt64) -> UInt64? {
    var i = slot(key)
    while used[i] {
      if keys[i] == key { return values[i] }
      i = (i + 1) & mask
    }
    return nil
  }

  /// Whether `key` is stored.
  @inline(__always) func contains(_ key: UInt64) -> Bool { value(key) != nil }

  /// The slot holding `key`, or the empty slot where it goes (growing first when needed).
  @inline(__always) private func slotForWriting(_ key: UInt64) -> Int {
    if (count + 1) * 4 > (mask + 1) * 3 { grow() }
    var i = slot(key)
    while used[i] && keys[i] != key { i = (i + 1) & mask }
    if !used[i] {
      used[i] = true
      keys[i] = key
      values[i] = 0
      count += 1
    }
    return i
  }

  /// The value slot of `key`, inserted as 0 when absent; valid until the next insertion.
  @inline(__always) func valuePointer(_ key: UInt64) -> UnsafeMutablePointer<UInt64> {
    values + slotForWriting(key)
  }

  /// Stores `value` for `key` (replacing an earlier value).
  func set(_ key: UInt64, _ value: UInt64) {
    let i = slotForWriting(key)  // first: it may grow the table and move `values`
    values[i] = value
  }

  /// Inserts `key` (value 0) and tells whether it was new.
  @discardableResult
  func insert(_ key: UInt64) -> Bool {
    let before = count
    _ = slotForWriting(key)
    return count > before
  }

  /// Adds `delta` to the value of `key` (0 when absent) and returns the new value.
  @discardableResult
  func add(_ key: UInt64, _ delta: UInt64 = 1) -> UInt64 {
    let i = slotForWriting(key)
    values[i] &+= delta
    return values[i]
  }

  /// Removes every entry, keeping the buffers.
  func removeAll() {
    used.update(repeating: false, count: mask + 1)
    count = 0
  }

  /// Calls `body` with every stored key.
  func forEachKey(_ body: (UInt64) -> Void) {
    for i in 0...mask where used[i] { body(keys[i]) }
  }

  private func grow() {
    let (oldKeys, oldValues, oldUsed, oldSlots) = (keys, values, used, mask + 1)
    (keys, values, used, mask, shift) = Self.buffers(oldSlots * 2)
    for j in 0..<oldSlots where oldUsed[j] {
      var i = slot(oldKeys[j])
      while used[i] { i = (i + 1) & mask }
      used[i] = true
      keys[i] = oldKeys[j]
      values[i] = oldValues[j]
    }
    oldKeys.deallocate()
    oldValues.deallocate()
    oldUsed.deallocate()
  }
}
