/// Fits, per provider family, the factor from o200k_base counts of the logged prompt text to the
/// billed input tokens, and applies it to calls whose usage had to be estimated.
///
/// Only OpenAI's tokenizers are public; Anthropic's, Google's and others' are not, so their
/// estimates are o200k_base counts times a factor. The factor is fitted by least squares through
/// the origin (k = Σxy / Σx²) on calls of the same family that carry both text and billed usage
/// in the same logs; with fewer than `minimumSamples` such calls the documented default is used.
public enum Calibrator {
  /// Calls needed for a fit.
  public static let minimumSamples = 5

  /// Defaults when a family cannot be fitted: OpenAI's counts are exact (1.0); Anthropic's
  /// tokenizer yields about 15% more tokens than o200k_base on English prose and code (Anthropic
  /// documents that its newer tokenizer produces more tokens than earlier ones; the figure is a
  /// conservative middle of published comparisons); others are taken as equal to o200k_base.
  public static let defaultFactors: [String: Double] = ["openai": 1.0, "anthropic": 1.15]

  /// The family used for calibration.
  static func family(_ provider: String) -> String {
    switch provider {
    case "openai", "azure", "azure_openai": return "openai"
    case "anthropic", "bedrock", "claude": return "anthropic"
    case "gemini", "vertex_ai", "google": return "gemini"
    default: return provider
    }
  }

  /// The rescaling of estimated usage: per family, the fitted (or default) factor.
  public struct Adjustment: Sendable {
    var factors: [String: Double]

    /// Rescales an estimated call of a family without an exact tokenizer.
    func apply(_ f: inout CallFacts) {
      guard f.usageSource == .estimated else { return }
      let fam = family(f.provider)
      guard fam != "openai", let k = factors[fam], k != 1 else { return }
      f.usage.inputTokens = Int((Double(f.usage.inputTokens) * k).rounded())
      f.usage.outputTokens = Int((Double(f.usage.outputTokens) * k).rounded())
      f.anatomy = FactExtractor.scale(f.anatomy, to: f.usage.inputTokens)
    }
  }

  /// What the fit reads of a call (read from the spill without decoding the whole call).
  struct Sample {
    var provider: String
    var usageSource: UsageSource
    var inputTokens: Int
    var failed: Bool
    var promptTokenEstimate: Int

    init(provider: String, usageSource: UsageSource, inputTokens: Int, failed: Bool, promptTokenEstimate: Int) {
      self.provider = provider
      self.usageSource = usageSource
      self.inputTokens = inputTokens
      self.failed = failed
      self.promptTokenEstimate = promptTokenEstimate
    }

    init(_ f: CallFacts) {
      self.init(
        provider: f.provider, usageSource: f.usageSource, inputTokens: f.usage.inputTokens, failed: f.isFailure,
        promptTokenEstimate: f.promptTokenEstimate)
    }
  }

  /// Fits factors on `facts` and rescales the estimated usage of non-OpenAI calls.
  ///
  /// - Parameter facts: All calls; estimated ones are updated in place.
  /// - Returns: One calibration per family that has calls with text.
  public static func calibrate(_ facts: inout [CallFacts]) -> [Calibration] {
    let snapshot = facts
    let (calibrations, adjustment) = fit { body in for f in snapshot { body(Sample(f)) } }
    for i in facts.indices { adjustment.apply(&facts[i]) }
    return calibrations
  }

  /// Fits factors on the calls of `store` and sets its adjustment, so estimated calls are read rescaled.
  ///
  /// - Parameter store: All calls.
  /// - Returns: One calibration per family that has calls with text.
  static func calibrate(_ store: FactStore) -> [Calibration] {
    store.adjustment = nil
    // One read of the store: the fit goes over the samples twice, and only calls with an estimate
    // take part (a few dozen bytes each, held until the fit is done).
    var samples: [Sample] = []
    store.forEachCalibrationSample { if $0.promptTokenEstimate > 0 { samples.append($0) } }
    let (calibrations, adjustment) = fit { body in for s in samples { body(s) } }
    store.adjustment = adjustment.factors.values.contains { $0 != 1 } ? adjustment : nil
    return calibrations
  }

  /// Fits the factors over the calls `each` yields (called twice: the fit, then its error).
  static func fit(_ each: (_ body: (Sample) -> Void) -> Void) -> ([Calibration], Adjustment) {
    var sums: [String: (xy: Double, xx: Double, n: Int)] = [:]
    var families = Set<String>()
    each { f in
      guard f.promptTokenEstimate > 0 else { return }
      let fam = family(f.provider)
      families.insert(fam)
      guard f.usageSource == .logged, f.inputTokens > 0, !f.failed else { return }
      let x = Double(f.promptTokenEstimate)
      let y = Double(f.inputTokens)
      var s = sums[fam] ?? (0, 0, 0)
      s.xy += x * y
      s.xx += x * x
      s.n += 1
      sums[fam] = s
    }
    var factors: [String: (Double, Bool)] = [:]
    for fam in families {
      if let s = sums[fam], s.n >= minimumSamples, s.xx > 0 {
        factors[fam] = (s.xy / s.xx, true)
      } else {
        factors[fam] = (defaultFactors[fam] ?? 1.0, false)
      }
    }
    // Error of the fit (or of the default) on the calls with billed usage.
    var errors: [String: (sum: Double, n: Int)] = [:]
    if sums.values.contains(where: { $0.n > 0 }) {
      each { f in
        guard f.promptTokenEstimate > 0, f.usageSource == .logged, f.inputTokens > 0, !f.failed else { return }
        let fam = family(f.provider)
        let k = factors[fam]?.0 ?? 1
        let err = abs(k * Double(f.promptTokenEstimate) - Double(f.inputTokens)) / Double(f.inputTokens)
        var e = errors[fam] ?? (0, 0)
        e.sum += err
        e.n += 1
        errors[fam] = e
      }
    }
    let calibrations = families.sorted().map { fam in
      let (k, fitted) = factors[fam] ?? (1, false)
      let e = errors[fam]
      return Calibration(
        family: fam, factor: k, samples: sums[fam]?.n ?? 0,
        meanAbsErrorPercent: e.map { $0.n > 0 ? 100 * $0.sum / Double($0.n) : 0 } ?? 0, fitted: fitted)
    }
    return (calibrations, Adjustment(factors: factors.mapValues(\.0)))
  }
}
