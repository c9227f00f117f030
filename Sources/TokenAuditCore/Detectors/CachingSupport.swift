/// Helpers shared by the caching detectors (`exact-repeats`, `similar-calls`, `prompt-caching`).
enum CachingSupport {
  /// The evidence id of a call: its request id, else `file:line`.
  static func evidence(_ f: CallFacts) -> String { EvidenceSample.id(of: f) }

  /// A finding id that names the same waste run after run: built by `FindingID.make` from the
  /// detector, kind, agent, phase and the hash of the prompt prefix it is about (the qualifier
  /// `prefix-<8 hex>`), never from counts or dollars.
  static func findingID(detector: String, kind: String, agent: String, phase: String?, prefix: UInt64) -> String {
    FindingID.make(
      detector: detector, kind: kind, agent: agent, phase: phase, qualifier: "prefix-" + hex(prefix >> 32, digits: 8))
  }

  /// The evidence of a finding: a deterministic sample of at most 20 of `ids`.
  static func sample<S: Sequence>(_ ids: S) -> [String] where S.Element == String {
    var s = EvidenceSample()
    for id in ids { s.add(id) }
    return s.ids
  }

  /// The stable part of a call's prompt prefix: its tools and its system prompt with volatile
  /// values masked.
  static func prefixKey(_ f: CallFacts) -> UInt64 {
    var h = ContentHasher()
    h.combine(f.toolsHash)
    h.combine(f.systemStableHash)
    return h.value
  }

  /// Zero-padded lower-case hexadecimal.
  static func hex(_ v: UInt64, digits: Int) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: max(0, digits - s.count)) + s
  }

  /// The dollars of `usage` (integer tokens of many calls) on a model, priced once.
  ///
  /// - Parameters:
  ///   - usage: Summed usage.
  ///   - model: Model as logged.
  ///   - provider: Provider family.
  ///   - batch: Batch pricing.
  ///   - perCall: A typical single call's usage (chooses the long-context tier).
  ///   - context: The detector context with the cost model.
  /// - Returns: Dollars, or nil when the model has no price.
  static func cost(
    _ usage: TokenUsage, model: String, provider: String, batch: Bool, service: ServiceTier = .standard,
    perCall: TokenUsage, _ context: DetectorContext
  ) -> Double? {
    guard
      let key = context.costModel.priceKey(
        model: model, provider: provider, usage: perCall, batch: batch, service: service)
    else { return nil }
    return context.costModel.cost(of: usage, at: key).totalUSD
  }

  /// Human duration: `90 s`, `5 min`, `24 h`.
  static func duration(seconds: Double) -> String {
    if seconds < 120 { return "\(Int(seconds.rounded())) s" }
    if seconds < 7_200 { return "\(Int((seconds / 60).rounded())) min" }
    return "\(Int((seconds / 3_600).rounded())) h"
  }

  /// `1 call`, `3 calls`.
  static func plural(_ n: Int, _ word: String, _ plural: String? = nil) -> String {
    "\(Format.int(n)) " + (n == 1 ? word : plural ?? word + "s")
  }
}
