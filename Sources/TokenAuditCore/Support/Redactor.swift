/// Removes secrets and personal data from text shown in reports and diagnostics.
///
/// Replaces emails with `[email]`, API keys and bearer-like tokens (known prefixes such as `sk-`,
/// `sk-ant-`, `ghp_`, `AKIA`, `AIza`, `xox`, JWTs) with `[secret]`, and any other run of 32+
/// letters and digits mixed with `[token]`.
public enum Redactor {
  static let secretPrefixes = [
    "sk-", "sk_", "pk_", "rk_", "ghp_", "gho_", "ghs_", "ghu_", "github_pat_", "xoxb-", "xoxp-", "xoxa-", "akia",
    "asia", "aiza", "eyj", "hf_", "glpat-", "sess-", "key-", "bearer",
  ]

  /// Redacts `text`.
  ///
  /// - Parameter text: Any text.
  /// - Returns: The text with secrets replaced.
  public static func redact(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    var run = ""
    func flush() {
      if !run.isEmpty {
        out += classify(run)
        run = ""
      }
    }
    for ch in text {
      if ch.isLetter || ch.isNumber || ch == "_" || ch == "-" || ch == "." || ch == "@" || ch == "+" || ch == "=" {
        run.append(ch)
      } else {
        flush()
        out.append(ch)
      }
    }
    flush()
    return out
  }

  static func classify(_ run: String) -> String {
    if let at = run.firstIndex(of: "@"), at != run.startIndex {
      let domain = run[run.index(after: at)...]
      if domain.contains("."), domain.first?.isLetter == true || domain.first?.isNumber == true { return "[email]" }
    }
    let lower = run.lowercased()
    if run.count >= 16, secretPrefixes.contains(where: { lower.hasPrefix($0) }) { return "[secret]" }
    if run.count >= 32 {
      var letters = 0
      var digits = 0
      for c in run {
        if c.isLetter { letters += 1 } else if c.isNumber { digits += 1 }
      }
      if letters > 0 && digits > 0 && !run.contains(".") { return "[token]" }
    }
    return run
  }

  /// Redacts and shortens to at most `limit` characters, marking the cut with `…`.
  ///
  /// - Parameters:
  ///   - text: Any text.
  ///   - limit: Longest result.
  public static func excerpt(_ text: String, limit: Int = 80) -> String {
    let flat = text.split(whereSeparator: { $0.isNewline || $0 == "\t" }).joined(separator: " ")
    let r = redact(String(flat.prefix(limit * 2)))
    return r.count > limit ? String(r.prefix(limit - 1)) + "…" : r
  }
}
