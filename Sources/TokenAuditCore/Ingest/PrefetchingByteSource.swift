import Foundation

/// Reads ahead from another source on a background thread, so decompression and parsing of one
/// file run on two cores. At most `depth` chunks are buffered: memory stays constant.
public final class PrefetchingByteSource: ByteSource, @unchecked Sendable {
  private let inner: ByteSource
  private let chunkSize: Int
  private let depth: Int
  private let condition = NSCondition()
  private var ready: [(UnsafeMutableRawBufferPointer, Int)] = []
  private var free: [UnsafeMutableRawBufferPointer] = []
  private var finished = false
  private var failure: Error?
  private var cancelled = false
  private var current: (UnsafeMutableRawBufferPointer, Int)?
  private var offset = 0
  private var thread: Thread?

  /// Starts reading `inner` ahead.
  ///
  /// - Parameters:
  ///   - inner: The source to read ahead from.
  ///   - chunkSize: Bytes per chunk.
  ///   - depth: Chunks buffered at most.
  public init(_ inner: ByteSource, chunkSize: Int = 1 << 20, depth: Int = 4) {
    self.inner = inner
    self.chunkSize = chunkSize
    self.depth = depth
    for _ in 0..<depth { free.append(.allocate(byteCount: chunkSize, alignment: 16)) }
    let t = Thread { [unowned self] in self.produce() }
    t.stackSize = 1 << 20
    thread = t
    t.start()
  }

  deinit {
    condition.lock()
    cancelled = true
    condition.broadcast()
    while !finished { condition.wait() }
    condition.unlock()
    for b in free { b.deallocate() }
    for (b, _) in ready { b.deallocate() }
    if let c = current { c.0.deallocate() }
  }

  private func produce() {
    while true {
      condition.lock()
      while free.isEmpty && !cancelled { condition.wait() }
      if cancelled {
        finished = true
        condition.broadcast()
        condition.unlock()
        return
      }
      let buf = free.removeLast()
      condition.unlock()
      var n = 0
      var err: Error?
      do { n = try inner.read(into: buf) } catch { err = error }
      condition.lock()
      if n > 0 { ready.append((buf, n)) } else { free.append(buf) }
      if n == 0 || err != nil {
        failure = err
        finished = true
        condition.broadcast()
        condition.unlock()
        if n > 0, err == nil { continue }
        return
      }
      condition.broadcast()
      condition.unlock()
    }
  }

  public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    while true {
      if let (buf, n) = current {
        let take = min(buffer.count, n - offset)
        buffer.baseAddress!.copyMemory(from: buf.baseAddress! + offset, byteCount: take)
        offset += take
        if offset == n {
          condition.lock()
          free.append(buf)
          condition.broadcast()
          condition.unlock()
          current = nil
          offset = 0
        }
        return take
      }
      condition.lock()
      while ready.isEmpty && !finished { condition.wait() }
      if !ready.isEmpty {
        current = ready.removeFirst()
        offset = 0
        condition.unlock()
        continue
      }
      let err = failure
      failure = nil
      condition.unlock()
      if let err { throw err }
      return 0
    }
  }
}
