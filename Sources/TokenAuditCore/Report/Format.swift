/// Number formatting shared by the renderers: money, token counts, percentages.
public enum Format {
  /// `$1,234.56`; small amounts keep significant digits (`$0.0042`); never `-$0.00`.
  public static func usd(_ v: Double) -> String {
    if !v.isFinite { return "n/a" }
    let a = abs(v)
    let sign = v < 0 && a >= 0.005 ? "-" : ""
    if a == 0 { return "$0.00" }
    if a < 0.01 {
      // Two significant digits for small amounts: $0.0042, $0.000013.
      var digits = 4
      var scaled = a * 10_000
      while scaled < 10 && digits < 8 {
        scaled *= 10
        digits += 1
      }
      return sign + "$" + trim(fixed(a, digits))
    }
    return sign + "$" + grouped(a, 2)
  }

  /// Whole dollars for big monthly figures (`$12,345`), cents under $100.
  public static func usdShort(_ v: Double) -> String {
    abs(v) >= 100 ? (v < 0 ? "-$" : "$") + grouped(abs(v), 0) : usd(v)
  }

  /// `12.3M tokens` style count: `950`, `12.4k`, `3.21M`, `1.05B`.
  public static func tokens(_ n: Int) -> String {
    let a = Double(abs(n))
    let s = n < 0 ? "-" : ""
    if a < 1000 { return "\(n)" }
    if a < 1_000_000 { return s + trim(fixed(a / 1000, a < 10_000 ? 2 : 1)) + "k" }
    if a < 1_000_000_000 { return s + trim(fixed(a / 1_000_000, a < 10_000_000 ? 2 : 1)) + "M" }
    return s + trim(fixed(a / 1_000_000_000, 2)) + "B"
  }

  /// `1,234,567`.
  public static func int(_ n: Int) -> String { (n < 0 ? "-" : "") + grouped(Double(abs(n)), 0) }

  /// `12.3%` of a fraction.
  public static func percent(_ f: Double, digits: Int = 1) -> String {
    f.isFinite ? trim(fixed(f * 100, digits)) + "%" : "n/a"
  }

  /// A fixed-point string without Foundation.
  public static func fixed(_ v: Double, _ digits: Int) -> String {
    var p = 1.0
    for _ in 0..<digits { p *= 10 }
    let scaled = (abs(v) * p).rounded()
    let whole = Int(scaled / p)
    let frac = Int(scaled - Double(whole) * p)
    let sign = v < 0 && scaled != 0 ? "-" : ""
    if digits == 0 { return sign + "\(whole)" }
    let fs = String(frac)
    return sign + "\(whole)." + String(repeating: "0", count: max(0, digits - fs.count)) + fs
  }

  static func grouped(_ v: Double, _ digits: Int) -> String {
    let s = fixed(v, digits)
    let parts = s.split(separator: ".", maxSplits: 1)
    var whole = String(parts[0])
    var out = ""
    while whole.count > 3 {
      out = "," + whole.suffix(3) + out
      whole = String(whole.dropLast(3))
    }
    out = whole + out
    return parts.count > 1 ? out + "." + parts[1] : out
  }

  /// A period length: `1 day`, `2.5 days`.
  public static func days(_ d: Double) -> String {
    let n = trim(fixed(d, 1))
    return n == "1" ? "1 day" : n + " days"
  }

  static func trim(_ s: String) -> String {
    guard s.contains(".") else { return s }
    var t = s
    while t.hasSuffix("0") { t.removeLast() }
    if t.hasSuffix(".") { t.removeLast() }
    return t
  }
}
