/// A two-level lookup table from Unicode scalar to `ScalarClass`, built once from
/// `UnicodeClassData.runs`.
///
/// Immutable after `init`; the storage lives as long as the process (the shared instance is never
/// released), so the raw pointers handed to scanners stay valid.
final class UnicodeClassTable: @unchecked Sendable {
  /// The process-wide table. Read it once per encode call, not in a hot loop (`swift_once`).
  static let shared = UnicodeClassTable()

  /// `ScalarClass.Bit` of each ASCII scalar.
  let ascii: UnsafeMutablePointer<UInt16>
  /// Block number (of 256 scalars) for each `scalar >> 8`, for 0x1100 blocks.
  let stage1: UnsafeMutablePointer<UInt8>
  /// Distinct blocks of 256 classes each.
  let stage2: UnsafeMutablePointer<UInt8>

  private init() {
    let runs = UnicodeClassData.runs
    let flat = UnsafeMutablePointer<UInt8>.allocate(capacity: 0x110000)
    defer { flat.deallocate() }
    for (index, run) in runs.enumerated() {
      let start = Int(run >> 3)
      let end = index + 1 < runs.count ? Int(runs[index + 1] >> 3) : 0x110000
      (flat + start).initialize(repeating: UInt8(run & 7), count: end - start)
    }
    var blockIndex: [[UInt8]: UInt8] = [:]
    var blocks: [[UInt8]] = []
    stage1 = .allocate(capacity: 0x1100)
    for block in 0..<0x1100 {
      let content = Array(UnsafeBufferPointer(start: flat + block << 8, count: 256))
      if let known = blockIndex[content] {
        stage1[block] = known
      } else {
        // Unicode 16 has 140 distinct blocks; 256 would overflow the UInt8 index.
        precondition(blocks.count < 256, "too many distinct Unicode class blocks")
        let number = UInt8(blocks.count)
        blockIndex[content] = number
        blocks.append(content)
        stage1[block] = number
      }
    }
    stage2 = .allocate(capacity: blocks.count << 8)
    for (number, content) in blocks.enumerated() {
      _ = UnsafeMutableBufferPointer(start: stage2 + number << 8, count: 256).initialize(from: content)
    }
    ascii = .allocate(capacity: 128)
    for scalar in 0..<128 { (ascii + scalar).initialize(to: 1 << UInt16(flat[scalar])) }
  }

  /// The class of `scalar` (any value up to 0x10FFFF).
  @inline(__always)
  func classOf(_ scalar: UInt32) -> UInt8 {
    let block = Int(stage1[Int(scalar >> 8)])
    return stage2[block << 8 | Int(scalar & 0xFF)]
  }
}
