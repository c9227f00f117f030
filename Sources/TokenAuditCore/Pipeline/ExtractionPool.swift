import Foundation

/// Turns records into facts on worker threads while files are still being read, so one large
/// file uses every core: one thread decompresses, one parses, and the workers extract facts.
///
/// Records arrive in numbered batches per file; each batch's facts are encoded into the run's
/// `FactSpill` at once, and their references come back in the same order, so results do not
/// depend on scheduling. At most `capacity` batches wait at a time (memory stays constant).
final class ExtractionPool: @unchecked Sendable {
  struct Batch {
    var file: Int
    var seq: Int
    var records: [CallRecord]
  }

  private let condition = NSCondition()
  private var queue: [Batch] = []
  private var head = 0
  private let capacity: Int
  private var closed = false
  private var running = 0
  private var results: [Int: [Int: [FactRef]]] = [:]
  private let spill: FactSpill
  private var stats: [Int: TokenizerStats] = [:]
  private var distinct = Set<UInt64>()
  private var freshLookups = 0

  /// Starts `workers` threads, each with its own token counter.
  init(workers: Int, spill: FactSpill, makeCounter: @escaping @Sendable () -> TokenCounting) {
    self.spill = spill
    capacity = max(4, workers * 4)
    running = workers
    for _ in 0..<workers {
      let t = Thread { [self] in self.work(makeCounter()) }
      t.stackSize = 4 << 20
      t.start()
    }
  }

  /// Queues a batch; waits while the queue is full.
  func submit(_ batch: Batch) {
    condition.lock()
    while queue.count - head >= capacity { condition.wait() }
    queue.append(batch)
    condition.signal()
    condition.unlock()
  }

  /// Waits for every queued batch, stops the workers and returns the references to the facts per
  /// file, in order, and the tokenizer counters per file.
  func finish() -> (facts: [Int: [FactRef]], stats: [Int: TokenizerStats], distinct: Int, lookups: Int) {
    condition.lock()
    closed = true
    condition.broadcast()
    while running > 0 { condition.wait() }
    condition.unlock()
    var out: [Int: [FactRef]] = [:]
    for file in results.keys.sorted() {
      let batches = results.removeValue(forKey: file) ?? [:]
      var joined: [FactRef] = []
      joined.reserveCapacity(batches.values.reduce(0) { $0 + $1.count })
      for seq in batches.keys.sorted() { joined += batches[seq] ?? [] }
      out[file] = joined
    }
    return (out, stats, distinct.count, freshLookups)
  }

  private func work(_ counter: TokenCounting) {
    counter.warmUp()
    let extractor = FactExtractor(countHashed: { text, hash, model in counter.count(text, hash: hash, model: model) })
    var encoded = BinaryWriter()
    while true {
      condition.lock()
      while head == queue.count && !closed { condition.wait() }
      if head == queue.count {
        distinct.formUnion(counter.distinctTexts)
        freshLookups += counter.stats.lookups + extractor.memo.answeredLookups
        running -= 1
        condition.broadcast()
        condition.unlock()
        return
      }
      let batch = queue[head]
      // Drop the queue's reference at once: a taken batch's records (whole prompts) must not
      // outlive its extraction while the queue waits to be compacted.
      queue[head].records = []
      head += 1
      if head > 256 && head * 2 > queue.count {
        queue.removeFirst(head)
        head = 0
      }
      condition.broadcast()
      condition.unlock()

      let before = counter.stats
      let answeredBefore = extractor.memo.answeredLookups
      // Encoded as they are made: the facts themselves never outlive the batch.
      var refs: [FactRef] = []
      refs.reserveCapacity(batch.records.count)
      encoded.bytes.removeAll(keepingCapacity: true)
      for r in batch.records {
        let f = extractor.facts(of: r)
        let start = encoded.bytes.count
        FactCodec.encode(f, into: &encoded)
        refs.append(FactRef(f, offset: Int64(start), length: encoded.bytes.count - start))
      }
      let base = spill.append(encoded.bytes)
      for i in refs.indices { refs[i].offset += base }
      var delta = counter.stats
      delta.subtract(before)
      let answered = extractor.memo.answeredLookups - answeredBefore
      delta.lookups += answered
      delta.memoHits += answered

      condition.lock()
      results[batch.file, default: [:]][batch.seq] = refs
      stats[batch.file, default: TokenizerStats()].merge(delta)
      condition.unlock()
    }
  }
}
