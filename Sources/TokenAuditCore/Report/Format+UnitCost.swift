extension Format {
  /// Per-call and per-task amounts with three significant digits under $1 (`$0.0426`), so
  /// week-to-week changes of small unit costs stay visible; larger amounts as `Format.usd`.
  public static func unitUSD(_ v: Double) -> String {
    let a = abs(v)
    guard a > 0, a < 1, v.isFinite else { return Format.usd(v) }
    var digits = 2
    var scaled = a * 100
    while scaled < 100 && digits < 8 {
      scaled *= 10
      digits += 1
    }
    return (v < 0 ? "-" : "") + "$" + Format.trim(Format.fixed(a, digits))
  }
}
