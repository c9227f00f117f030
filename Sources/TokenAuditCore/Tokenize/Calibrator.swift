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

  /// Fits factors on `facts` and rescales the estimated usage of non-OpenAI calls.
  ///
  /// - Parameter facts: All calls; estimated ones are updated in place.
  /// - Returns: One calibration per family that has calls with text.
  public static func calibrate(_ facts: inout [CallFacts]) -> [Calibration] {
    var sums: [String: (xy: Double, xx: Double, n: Int)] = [:]
    var families = Set<String>()
    for f in facts where f.promptTokenEstimate > 0 {
      let fam = family(f.provider)
      families.insert(fam)
      guard f.usageSource == .logged, f.usage.inputTokens > 0, !f.isFailure else { continue }
      let x = Double(f.promptTokenEstimate)
      let y = Double(f.usage.inputTokens)
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
    for f in facts
    where f.promptTokenEstimate > 0 && f.usageSource == .logged && f.usage.inputTokens > 0 && !f.isFailure {
      let fam = family(f.provider)
      let k = factors[fam]?.0 ?? 1
      let err = abs(k * Double(f.promptTokenEstimate) - Double(f.usage.inputTokens)) / Double(f.usage.inputTokens)
      var e = errors[fam] ?? (0, 0)
      e.sum += err
      e.n += 1
      errors[fam] = e
    }
    // Apply to estimated calls of families without an exact tokenizer.
    for i in facts.indices where facts[i].usageSource == .estimated {
      let fam = family(facts[i].provider)
      guard fam != "openai", let k = factors[fam]?.0, k != 1 else { continue }
      facts[i].usage.inputTokens = Int((Double(facts[i].usage.inputTokens) * k).rounded())
      facts[i].usage.outputTokens = Int((Double(facts[i].usage.outputTokens) * k).rounded())
      facts[i].anatomy = FactExtractor.scale(facts[i].anatomy, to: facts[i].usage.inputTokens)
    }
    return families.sorted().map { fam in
      let (k, fitted) = factors[fam] ?? (1, false)
      let e = errors[fam]
      return Calibration(
        family: fam, factor: k, samples: sums[fam]?.n ?? 0,
        meanAbsErrorPercent: e.map { $0.n > 0 ? 100 * $0.sum / Double($0.n) : 0 } ?? 0, fitted: fitted)
    }
  }
}
