import Foundation

/// Where one call's encoded facts are in a `FactSpill`, with what the merge sorts and de-duplicates
/// on (40 bytes a call, against about 1.3 kB for the decoded facts).
struct FactRef: Sendable {
  /// First byte of the `FactCodec` record.
  var offset: Int64
  /// Timestamp (milliseconds), valid when `hasTime`.
  var time: Int64
  /// `FactMerger.dedupHash` of the call (0: the call has no id).
  var dedup: UInt64
  /// Record length in bytes.
  var length: UInt32
  /// Index of the source file in the store's `paths` (set by the merge).
  var file: UInt32
  /// Line in the source file (a file of more than 2^32 lines reads as its last line number).
  private var lineNumber: UInt32
  /// Whether the call has a timestamp.
  var hasTime: Bool

  /// Line in the source file.
  var line: Int {
    get { Int(lineNumber) }
    set { lineNumber = UInt32(clamping: newValue) }
  }

  /// The reference to `bytes` just written at `offset` for `f`.
  init(_ f: CallFacts, offset: Int64, length: Int) {
    self.offset = offset
    self.length = UInt32(length)
    time = f.timestampMS ?? 0
    hasTime = f.timestampMS != nil
    lineNumber = UInt32(clamping: f.source.line)
    // 0 means "no id": an id whose hash happens to be 0 is stored as 1.
    dedup = FactMerger.dedupHash(f).map { $0 == 0 ? 1 : $0 } ?? 0
    file = 0
  }

  /// The timestamp, as the facts hold it.
  var timestampMS: Int64? { hasTime ? time : nil }
}

/// Every kept call's facts, in time order: encoded in a temporary file (`FactSpill`) and decoded
/// when read, so the memory held does not grow with the number of calls (40 bytes a call stay
/// in memory, the facts themselves do not). Small sets made in memory (tests, library callers)
/// behave the same.
///
/// Reading is by iteration, `forEach` or `chunks` (decoded on every core); the subscript reads one
/// call (a disk read each time: for occasional lookups, not loops).
public final class FactStore: @unchecked Sendable, RandomAccessCollection {
  private let spill: FactSpill?
  private let memory: [CallFacts]
  let refs: [FactRef]
  /// Source paths by `FactRef.file`.
  let paths: [String]
  /// Calibration of estimated usage, applied to each call as it is read (set once, before reading).
  var adjustment: Calibrator.Adjustment?
  /// Threads `forEach()` decodes on (set once, before reading).
  var workers = 1

  /// A store of calls held in memory.
  public init(_ facts: [CallFacts]) {
    spill = nil
    memory = facts
    refs = []
    paths = []
  }

  /// A store of spilled calls, in `refs` order.
  init(spill: FactSpill, refs: [FactRef], paths: [String]) {
    self.spill = spill
    self.refs = refs
    self.paths = paths
    memory = []
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { spill == nil ? memory.count : refs.count }

  public subscript(position: Int) -> CallFacts {
    guard let spill else { return adjusted(memory[position]) }
    var reader = FactReader(spill, blockSize: 0)
    return decode(refs[position], &reader)
  }

  public func makeIterator() -> Iterator { Iterator(store: self) }

  /// Reads the calls in order, one at a time.
  public struct Iterator: IteratorProtocol {
    let store: FactStore
    var position = 0
    var reader: FactReader?

    init(store: FactStore) {
      self.store = store
      reader = store.spill.map { FactReader($0) }
    }

    public mutating func next() -> CallFacts? {
      guard position < store.endIndex else { return nil }
      defer { position += 1 }
      guard reader != nil else { return store.adjusted(store.memory[position]) }
      return store.decode(store.refs[position], &reader!)
    }
  }

  /// Calls `body` with consecutive chunks of at most `size` calls, in order; each chunk is decoded
  /// on `workers` threads.
  func chunks(size: Int = 4_096, workers: Int, _ body: ([CallFacts]) -> Void) {
    let n = endIndex
    guard n > 0 else { return }
    guard let spill else {
      var start = 0
      while start < n {
        let end = Swift.min(n, start + size)
        body(adjustment == nil ? Array(memory[start..<end]) : memory[start..<end].map(adjusted))
        start = end
      }
      return
    }
    let parts = Swift.max(1, workers)
    // One reader per part, kept across chunks so each keeps its blocks warm.
    let readers = (0..<parts).map { _ in ReaderBox(FactReader(spill)) }
    var start = 0
    while start < n {
      let end = Swift.min(n, start + size)
      let count = end - start
      let chunk = [CallFacts](unsafeUninitializedCapacity: count) { buffer, initialized in
        let base = SendablePointer(buffer.baseAddress!)
        let first = start
        let per = (count + parts - 1) / parts
        DispatchQueue.concurrentPerform(iterations: parts) { w in
          let lo = w * per
          let hi = Swift.min(count, lo + per)
          guard lo < hi else { return }
          for i in lo..<hi { (base.pointer + i).initialize(to: decode(refs[first + i], &readers[w].reader)) }
        }
        initialized = count
      }
      body(chunk)
      start = end
    }
  }

  /// Calls `body` with every call in order, decoded a chunk at a time on `workers` threads (default:
  /// the store's); `beforeChunk` (when set) sees each decoded chunk first, so another stage can work
  /// on it at the same time.
  func forEach(workers: Int? = nil, beforeChunk: (([CallFacts]) -> Void)? = nil, _ body: (CallFacts) -> Void) {
    chunks(workers: workers ?? self.workers) { chunk in
      beforeChunk?(chunk)
      chunk.withUnsafeBufferPointer { calls in
        guard let base = calls.baseAddress else { return }
        // `base[i]` is passed in place, not copied (a copy retains each string and array).
        for i in 0..<calls.count { body(base[i]) }
      }
    }
  }

  /// Calls `body` with what calibration reads of each call, in order, without decoding the calls.
  func forEachCalibrationSample(_ body: (Calibrator.Sample) -> Void) {
    guard let spill else {
      for f in memory { body(Calibrator.Sample(f)) }
      return
    }
    var reader = FactReader(spill)
    for ref in refs {
      let sample = reader.withBytes(ref) { bytes -> Calibrator.Sample? in
        var r = BinaryReader(bytes)
        return try? FactCodec.calibrationSample(&r)
      }
      guard let sample = sample ?? nil else { Self.unreadable(ref) }
      body(sample)
    }
  }

  /// Calls `body` with each call's timestamp, in order, without decoding the calls.
  func forEachTimestamp(_ body: (Int64?) -> Void) {
    guard spill != nil else {
      for f in memory { body(f.timestampMS) }
      return
    }
    for ref in refs { body(ref.timestampMS) }
  }

  /// The calls in memory (for tests and small sets).
  public var all: [CallFacts] { Array(self) }

  /// A call held in memory, with the calibration applied.
  func adjusted(_ f: CallFacts) -> CallFacts {
    guard let adjustment else { return f }
    var f = f
    adjustment.apply(&f)
    return f
  }

  /// A spilled call, at its place and time in the merged order, with the calibration applied.
  func decode(_ ref: FactRef, _ reader: inout FactReader) -> CallFacts {
    guard var f = reader.decode(ref) else { Self.unreadable(ref) }
    f.source = SourceLocation(file: paths.isEmpty ? f.source.file : paths[Int(ref.file)], line: ref.line)
    f.timestampMS = ref.timestampMS
    adjustment?.apply(&f)
    return f
  }

  /// The spill's own file could not be read back (an I/O error of the temporary disk): the run
  /// cannot go on without inventing calls.
  static func unreadable(_ ref: FactRef) -> Never {
    fatalError("tokenaudit: the temporary facts file could not be read back (offset \(ref.offset))")
  }
}

/// A pointer handed to worker threads that write disjoint parts of its buffer.
struct SendablePointer<T>: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<T>
  init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}

/// A reader's box, so that one worker of a `concurrentPerform` can use it in place.
final class ReaderBox: @unchecked Sendable {
  var reader: FactReader
  init(_ reader: FactReader) { self.reader = reader }
}

/// Decodes spilled records through a small cache of blocks, so reads in time order stay cheap when
/// the calls of several files interleave (one block per file being read, in practice).
struct FactReader {
  let spill: FactSpill
  let blockSize: Int
  /// Cached blocks: first offset, bytes, last use.
  private var blocks: [(start: Int64, bytes: [UInt8], used: Int)] = []
  private var clock = 0
  private var scratch: [UInt8] = []
  private let labels = LabelTable()
  static let cachedBlocks = 32

  /// A reader of `spill`; `blockSize` 0 reads each record on its own.
  init(_ spill: FactSpill, blockSize: Int = 256 << 10) {
    self.spill = spill
    self.blockSize = blockSize
  }

  /// The facts of `ref` (nil when its bytes cannot be read or decoded).
  mutating func decode(_ ref: FactRef) -> CallFacts? {
    let labels = self.labels
    return withBytes(ref) { Self.decodeRecord($0, labels) } ?? nil
  }

  /// Calls `body` with the stored bytes of `ref` (nil when they cannot be read).
  mutating func withBytes<T>(_ ref: FactRef, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T? {
    let length = Int(ref.length)
    let start = blockSize > 0 ? ref.offset - ref.offset % Int64(blockSize) : 0
    if blockSize > 0, ref.offset + Int64(length) <= start + Int64(blockSize) {
      clock += 1
      let slot: Int
      if let hit = blocks.firstIndex(where: { $0.start == start }) {
        slot = hit
      } else {
        let count = Int(min(Int64(blockSize), spill.size - start))
        var bytes = [UInt8](repeating: 0, count: max(0, count))
        guard count >= Int(ref.offset - start) + length,
          bytes.withUnsafeMutableBytes({ spill.read(at: start, into: $0) })
        else { return nil }
        if blocks.count < Self.cachedBlocks {
          blocks.append((start, bytes, clock))
          slot = blocks.count - 1
        } else {
          slot = blocks.indices.min { blocks[$0].used < blocks[$1].used }!
          blocks[slot] = (start, bytes, clock)
        }
      }
      blocks[slot].used = clock
      let from = Int(ref.offset - start)
      let bytes = blocks[slot].bytes
      return try bytes.withUnsafeBytes { all in try body(UnsafeRawBufferPointer(rebasing: all[from..<(from + length)]))
      }
    }
    if scratch.count < length { scratch = [UInt8](repeating: 0, count: length) }
    guard scratch.withUnsafeMutableBytes({ spill.read(at: ref.offset, into: .init(rebasing: $0[0..<length])) })
    else { return nil }
    let bytes = scratch
    return try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
  }

  private static func decodeRecord(_ bytes: UnsafeRawBufferPointer, _ labels: LabelTable) -> CallFacts? {
    var r = BinaryReader(bytes)
    guard let f = try? FactCodec.decode(&r, labels: labels), r.atEnd else { return nil }
    return f
  }
}
