import Foundation

/// Turns records into facts on worker threads while files are still being read, so one large
/// file uses every core: one thread decompresses, one parses, and the workers extract facts.
///
/// Records arrive in numbered batches per file; facts come back in the same order, so results do
/// not depend on scheduling. At most `capacity` batches wait at a time (memory stays constant).
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
  private var results: [Int: [Int: [CallFacts]]] = [:]
  private var stats: [Int: TokenizerStats] = [:]
  private var distinct = Set<UInt64>()
  private var freshLookups = 0

  /// Starts `workers` threads, each with its own token counter.
  init(workers: Int, makeCounter: @escaping @Sendable () -> TokenCounting) {
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

  /// Waits for every queued batch, stops the workers and returns the facts per file, in order,
  /// and the tokenizer counters per file.
  func finish() -> (facts: [Int: [CallFacts]], stats: [Int: TokenizerStats], distinct: Int, lookups: Int) {
    condition.lock()
    closed = true
    condition.broadcast()
    while running > 0 { condition.wait() }
    condition.unlock()
    // Each file's batches are joined into one exactly sized array, each batch freed once copied,
    // so at no point two copies of every call are held.
    var out: [Int: [CallFacts]] = [:]
    for file in results.keys.sorted() {
      var batches = results.removeValue(forKey: file) ?? [:]
      let order = batches.keys.sorted()
      var joined: [CallFacts] = []
      joined.reserveCapacity(batches.values.reduce(0) { $0 + $1.count })
      for (k, seq) in order.enumerated() {
        joined.append(contentsOf: batches.removeValue(forKey: seq) ?? [])
        // Freed batches are small blocks among kept strings: hand their pages back as we go, so
        // the join never holds two copies' worth of memory.
        if k % 1_024 == 1_023 { MemoryRelease.trim() }
      }
      out[file] = joined
    }
    return (out, stats, distinct.count, freshLookups)
  }

  private func work(_ counter: TokenCounting) {
    counter.warmUp()
    let extractor = FactExtractor(countHashed: { text, hash, model in counter.count(text, hash: hash, model: model) })
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
      var facts: [CallFacts] = []
      facts.reserveCapacity(batch.records.count)
      for r in batch.records { facts.append(extractor.facts(of: r)) }
      var delta = counter.stats
      delta.subtract(before)
      let answered = extractor.memo.answeredLookups - answeredBefore
      delta.lookups += answered
      delta.memoHits += answered

      condition.lock()
      results[batch.file, default: [:]][batch.seq] = facts
      stats[batch.file, default: TokenizerStats()].merge(delta)
      condition.unlock()
    }
  }
}
