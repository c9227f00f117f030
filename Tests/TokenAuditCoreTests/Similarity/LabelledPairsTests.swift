import Foundation
import Testing

@testable import TokenAuditCore

/// Precision and recall of similar-call grouping on `fixtures/similarity/labelled-pairs.jsonl`:
/// paraphrases (English, Spanish, French, German), copies with typos, look-alikes that differ only
/// in an id, a name, a date or an amount, negations, antonyms, other intents, translations and
/// templates. Each pair goes through the same path as the detector: index one text, query with
/// the other, verify candidates with the scorer.
@Suite struct LabelledPairsTests {
  struct Pair: Decodable {
    var a: String
    var b: String
    var similar: Bool
    var category: String
  }

  static func load(_ name: String = "labelled-pairs.jsonl") throws -> [Pair] {
    let text = try String(contentsOfFile: Fixtures.path("similarity/" + name), encoding: .utf8)
    return try text.split(separator: "\n").map { try JSONDecoder().decode(Pair.self, from: Data($0.utf8)) }
  }

  /// Whether the detector's path would group `b` with an earlier `a`, and the score.
  static func grouped(_ p: Pair, threshold: Double, builder: SignatureBuilder) -> (Bool, Double?) {
    let (sa, _) = builder.signature(p.a)
    let (sb, _) = builder.signature(p.b)
    var index = SimilarityIndex()
    index.insert(0, sa, block: SimilarityIndex.block(context: 7, sa))
    let found = index.candidates(sb, block: SimilarityIndex.block(context: 7, sb)).contains(0)
    let score = SimilarityScorer.score(sa, sb)
    return (found && (score ?? 0) >= threshold, score)
  }

  @Test func precisionAndRecallOnLabelledPairs() throws {
    let pairs = try Self.load()
    #expect(pairs.count >= 150)
    let (precision, recall) = Self.measure(pairs, "labelled pairs")
    #expect(precision >= 0.95)
    #expect(recall >= 0.7)
  }

  /// Two smaller sets written after the lexicon and weights were first settled, reported with a
  /// looser bar to show how the method does on text it was not built from. The first one exposed
  /// gaps that were then fixed (it is no longer blind); the second one was measured once, untuned.
  @Test(arguments: ["holdout-pairs.jsonl", "holdout2-pairs.jsonl"])
  func heldOutPairs(_ name: String) throws {
    let pairs = try Self.load(name)
    let (precision, recall) = Self.measure(pairs, name)
    #expect(precision >= 0.9)
    #expect(recall >= 0.5)
  }

  static func measure(_ pairs: [Pair], _ label: String) -> (precision: Double, recall: Double) {
    let builder = SignatureBuilder()
    let threshold = SimilarCallsDetector.defaultThreshold
    var tp = 0
    var fp = 0
    var fn = 0
    var misses: [String] = []
    for p in pairs {
      let (g, score) = Self.grouped(p, threshold: threshold, builder: builder)
      if g && p.similar { tp += 1 }
      if g && !p.similar {
        fp += 1
        misses.append("FP [\(p.category)] \(score.map { String(format: "%.2f", $0) } ?? "-"): \(p.a) | \(p.b)")
      }
      if !g && p.similar {
        fn += 1
        misses.append("FN [\(p.category)] \(score.map { String(format: "%.2f", $0) } ?? "-"): \(p.a) | \(p.b)")
      }
    }
    let precision = tp + fp == 0 ? 1 : Double(tp) / Double(tp + fp)
    let recall = tp + fn == 0 ? 1 : Double(tp) / Double(tp + fn)
    print(
      String(
        format: "%@: %d (%d similar), threshold %.2f: precision %.3f, recall %.3f", label, pairs.count,
        pairs.filter(\.similar).count, threshold, precision, recall))
    for m in misses { print("  " + m) }
    return (precision, recall)
  }
}
