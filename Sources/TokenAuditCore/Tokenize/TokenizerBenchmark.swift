import Foundation

/// Single-thread throughput of the tokenizer on a corpus, for `tokenaudit bench-tokenizer` and
/// `scripts/bench-tokenizer.sh` (a developer tool, not part of an audit).
///
/// The corpus is a file of messages separated by NUL bytes (see `scripts/gen-chat-corpus.py`).
/// Each message is tokenized on its own, as an audit does, with no memo: every repetition starts
/// with a fresh `BPETokenizer` (empty piece cache). Times are CPU seconds of the measuring thread
/// (less distorted by other processes on a shared machine than wall-clock time); the best of the
/// repetitions is reported.
public enum TokenizerBenchmark {
  /// One measured configuration.
  public struct Measurement: Sendable {
    /// What was measured, e.g. `encode`, `count`, `count (no piece cache)`.
    public let label: String
    /// Total tokens produced per pass.
    public let tokens: Int
    /// Best wall-clock time of one pass, in seconds.
    public let seconds: Double
  }

  /// The measurements for one encoding on one corpus.
  public struct Report: Sendable, CustomStringConvertible {
    /// The encoding's name.
    public let encoding: String
    /// Corpus size in bytes (without separators).
    public let bytes: Int
    /// Number of messages.
    public let messages: Int
    /// Encoding load time in seconds (0 if it was already loaded).
    public let loadSeconds: Double
    /// The configurations measured.
    public let measurements: [Measurement]

    /// One line per measurement: MB/s (10^6 bytes) and tokens/s.
    public var description: String {
      var lines = ["encoding \(encoding): \(bytes) bytes, \(messages) messages, load \(format(loadSeconds * 1000)) ms"]
      for m in measurements {
        let megabytes = Double(bytes) / 1e6 / m.seconds
        let tokensPerSecond = Double(m.tokens) / m.seconds
        lines.append(
          "swift \(m.label): \(format(megabytes)) MB/s, \(format(tokensPerSecond / 1e6)) M tokens/s, "
            + "\(m.tokens) tokens, \(format(m.seconds)) s")
      }
      return lines.joined(separator: "\n")
    }

    private func format(_ value: Double) -> String { String(format: "%.2f", value) }
  }

  /// Benchmarks a corpus file.
  ///
  /// - Parameters:
  ///   - corpusPath: A file of NUL-separated messages.
  ///   - encodingName: `o200k_base` or `cl100k_base`.
  ///   - repetitions: Passes per configuration; the fastest counts.
  /// - Returns: The report.
  /// - Throws: If the file cannot be read or the encoding is unknown.
  public static func run(corpusPath: String, encodingName: String, repetitions: Int = 3) throws -> Report {
    let corpus = [UInt8](try Data(contentsOf: URL(fileURLWithPath: corpusPath)))
    let start = threadCPUSeconds()
    let encoding = try BPEEncoding.named(encodingName)
    let load = threadCPUSeconds() - start
    return run(corpus: corpus, encoding: encoding, repetitions: repetitions, loadSeconds: load)
  }

  /// Benchmarks an in-memory corpus.
  ///
  /// - Parameters:
  ///   - corpus: NUL-separated messages.
  ///   - encoding: The encoding to apply.
  ///   - repetitions: Passes per configuration; the fastest counts.
  ///   - loadSeconds: Reported as the load time.
  /// - Returns: The report.
  public static func run(corpus: [UInt8], encoding: BPEEncoding, repetitions: Int = 3, loadSeconds: Double = 0)
    -> Report
  {
    var ranges: [Range<Int>] = []
    var start = 0
    for (index, byte) in corpus.enumerated() where byte == 0 {
      if index > start { ranges.append(start..<index) }
      start = index + 1
    }
    if start < corpus.count { ranges.append(start..<corpus.count) }
    let bytes = ranges.reduce(0) { $0 + $1.count }
    let measurements = corpus.withUnsafeBytes { raw in
      let messages = ranges.map { UnsafeRawBufferPointer(rebasing: raw[$0]) }
      return [
        measure("encode", repetitions, encoding, cacheCapacity: BPETokenizer.defaultCacheCapacity) { worker in
          var tokens: [UInt32] = []
          var total = 0
          for message in messages {
            tokens.removeAll(keepingCapacity: true)
            worker.encode(message, into: &tokens)
            total += tokens.count
          }
          return total
        },
        measure("count", repetitions, encoding, cacheCapacity: BPETokenizer.defaultCacheCapacity) { worker in
          messages.reduce(0) { $0 + worker.count($1) }
        },
        measure("count (no piece cache)", repetitions, encoding, cacheCapacity: 0) { worker in
          messages.reduce(0) { $0 + worker.count($1) }
        },
      ]
    }
    return Report(
      encoding: encoding.name, bytes: bytes, messages: ranges.count, loadSeconds: loadSeconds,
      measurements: measurements)
  }

  /// Times `body` `repetitions` times, each with a fresh tokenizer, and keeps the fastest pass.
  private static func measure(
    _ label: String, _ repetitions: Int, _ encoding: BPEEncoding, cacheCapacity: Int,
    _ body: (BPETokenizer) -> Int
  ) -> Measurement {
    var best = Double.infinity
    var tokens = 0
    for _ in 0..<max(1, repetitions) {
      let start = threadCPUSeconds()
      tokens = body(encoding.makeTokenizer(cacheCapacity: cacheCapacity))
      best = min(best, threadCPUSeconds() - start)
    }
    return Measurement(label: label, tokens: tokens, seconds: best)
  }

  /// CPU time consumed by the calling thread, in seconds.
  private static func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }
}
