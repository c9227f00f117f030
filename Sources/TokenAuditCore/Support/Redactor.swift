/// Removes secrets and personal data from text shown in reports and diagnostics.
///
/// First `SecretMasker` masks what is known by its context or spans several words (private keys,
/// passwords in URLs, values of secret-named keys, `Bearer` tokens, base64 keys, card and phone
/// numbers, SSNs, IBANs); then each word is looked at alone: emails become `[email]`, API keys
/// and bearer-like tokens (known prefixes such as `sk-`, `sk-ant-`, `ghp_`, `AKIA`, `AIza`, `xox`,
/// JWTs) `[secret]`, and any other run of 32+ letters and digits mixed `[token]`. An excerpt never
/// ends in the first part of a word it cut.
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
    let masked = SecretMasker.mask(text)
    return redactRunsSimple(masked) ?? redactRuns(masked)
  }

  /// `redact` on `Character`s, for any text (`redact` takes it when the fast path does not apply).
  static func redactGeneral(_ text: String) -> String { redactRuns(SecretMasker.mask(text)) }

  /// The first `count` characters of `text`; when that cuts a word in two, without the word's
  /// first part (unless it is long enough to be judged whole), so that the cut text never
  /// ends in the first part of a key that `redact` would not recognise.
  static func wordPrefix(_ text: String, _ count: Int) -> String {
    let head = text.characterPrefix(count)
    let cut = head.utf8.count
    guard cut < text.utf8.count else { return head }
    // ASCII around the cut (the common case): decided on bytes, without walking characters.
    let ascii: Int?? = text.withUTF8Bytes { u in
      guard u[cut] < 0x80, cut + 1 >= u.count || u[cut + 1] < 0x80 else { return nil }
      guard isRunByte(u[cut]) else { return .some(nil) }
      var run = 0
      while run < cut && u[cut - 1 - run] < 0x80 && isRunByte(u[cut - 1 - run]) { run += 1 }
      // A run that goes on into non-ASCII letters is left to the general path.
      guard run == cut || u[cut - 1 - run] < 0x80 else { return nil }
      return .some(run)
    }
    if let decided = ascii {
      guard let run = decided, run < shortestJudgedRun else { return head }
      return String(decoding: text.utf8.prefix(cut - run), as: UTF8.self)
    }
    return wordPrefixGeneral(text, count)
  }

  /// `wordPrefix` on `Character`s, for any text.
  static func wordPrefixGeneral(_ text: String, _ count: Int) -> String {
    let head = String(text.prefix(max(0, count)))
    let cut = head.utf8.count
    guard cut < text.utf8.count, isRunCharacter(text[text.utf8.index(text.startIndex, offsetBy: cut)]) else {
      return head
    }
    let run = head.reversed().prefix(while: isRunCharacter).count
    return run < shortestJudgedRun ? String(head.dropLast(run)) : head
  }

  /// `text` cut to at most `count` characters at a word (see `wordPrefix`), with `…` marking a cut.
  static func clipped(_ text: String, _ count: Int) -> String {
    let head = wordPrefix(text, max(0, count - 1))
    guard head.utf8.count < text.utf8.count else { return text }
    var trimmed = Substring(head)
    while let last = trimmed.last, last.isWhitespace { trimmed = trimmed.dropLast() }
    return trimmed + "…"
  }

  /// Whether a character belongs to a run (a word `classify` looks at).
  static func isRunCharacter(_ ch: Character) -> Bool {
    ch.isLetter || ch.isNumber || ch == "_" || ch == "-" || ch == "." || ch == "@" || ch == "+" || ch == "="
  }

  /// The word-by-word pass of `redactGeneral` (after masking).
  private static func redactRuns(_ text: String) -> String {
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
      if isRunCharacter(ch) {
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
    if let fast = excerptSimple(text, limit: limit) { return fast }
    return excerptGeneral(text, limit: limit)
  }

  /// `excerpt` on `Character`s, for any text (`excerpt` takes it when the fast path does not apply).
  static func excerptGeneral(_ text: String, limit: Int) -> String {
    let flat = text.split(whereSeparator: { $0.isNewline || $0 == "\t" }).joined(separator: " ")
    var head = flat.prefix(limit * 2)
    // A word cut in two is dropped (its first part could be the start of a key), unless it is
    // long enough to be judged whole.
    if head.endIndex < flat.endIndex, isRunCharacter(flat[head.endIndex]) {
      let run = head.reversed().prefix(while: isRunCharacter).count
      if run < shortestJudgedRun { head = head.dropLast(run) }
    }
    let r = redactGeneral(String(head))
    return r.count > limit ? String(r.prefix(limit - 1)) + "…" : r
  }

  // MARK: - Fast path for simple text

  /// Whether `text` is made of scalars that are each a `Character` of their own and whose
  /// properties are known: ASCII, and the `⟨`, `⟩` and `…` that masked texts and excerpts use.
  /// A carriage return followed by a line feed is one `Character`, but neither is ever part of
  /// a run nor counted, so the fast paths treat them alike.
  private static func isSimple(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    let n = t.count
    while i < n {
      let b = t[i]
      if b < 0x80 {
        i += 1
        continue
      }
      // U+27E8 ⟨ and U+27E9 ⟩ are E2 9F A8/A9, U+2026 … is E2 80 A6.
      guard b == 0xE2, i + 2 < n else { return false }
      let (b1, b2) = (t[i + 1], t[i + 2])
      guard (b1 == 0x9F && (b2 == 0xA8 || b2 == 0xA9)) || (b1 == 0x80 && b2 == 0xA6) else { return false }
      i += 3
    }
    return true
  }

  /// Whether an ASCII byte belongs to a run (`isLetter`, `isNumber` or one of `_-.@+=`).
  @inline(__always) private static func isRunByte(_ b: UInt8) -> Bool {
    ASCIIBytes.isLetter(b) || ASCIIBytes.isDigit(b) || b == 0x5F || b == 0x2D || b == 0x2E || b == 0x40
      || b == 0x2B || b == 0x3D
  }

  /// Runs at least this long are judged even when an excerpt cut them.
  static let shortestJudgedRun = 32

  /// `redact` for simple text (nil for any other).
  static func redactSimple(_ text: String) -> String? { redactRunsSimple(SecretMasker.mask(text)) }

  /// The word-by-word pass of `redactSimple` (after masking).
  private static func redactRunsSimple(_ text: String) -> String? {
    var copy = text
    return copy.withUTF8 { t -> String? in
      guard isSimple(t) else { return nil }
      var out: [UInt8] = []
      out.reserveCapacity(t.count)
      redactBytes(t, 0..<t.count, into: &out)
      return String(decoding: out, as: UTF8.self)
    }
  }

  /// Appends the redacted bytes of `t[r]` (simple text) to `out`.
  private static func redactBytes(_ t: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, into out: inout [UInt8]) {
    var i = r.lowerBound
    while i < r.upperBound {
      guard isRunByte(t[i]) else {
        out.append(t[i])
        i += 1
        continue
      }
      var j = i
      while j < r.upperBound && isRunByte(t[j]) { j += 1 }
      let run = UnsafeBufferPointer(rebasing: t[i..<j])
      if let replacement = classifySimple(run) {
        out.append(contentsOf: replacement.utf8)
      } else {
        out.append(contentsOf: run)
      }
      i = j
    }
  }

  /// `classify` for a run of ASCII bytes: the replacement, or nil to keep the run.
  private static func classifySimple(_ run: UnsafeBufferPointer<UInt8>) -> String? {
    let n = run.count
    if let at = run.firstIndex(of: 0x40), at != 0 {
      let domain = run[(at + 1)...]
      if domain.contains(0x2E), let f = domain.first, ASCIIBytes.isLetter(f) || ASCIIBytes.isDigit(f) {
        return "[email]"
      }
    }
    if n >= 16 {
      for p in secretPrefixBytes where p.count <= n {
        var matches = true
        for (k, b) in p.enumerated() where ASCIIBytes.lower(run[k]) != b {
          matches = false
          break
        }
        if matches { return "[secret]" }
      }
    }
    if n >= 32 {
      var letters = 0
      var digits = 0
      var dot = false
      for b in run {
        if ASCIIBytes.isLetter(b) {
          letters += 1
        } else if ASCIIBytes.isDigit(b) {
          digits += 1
        } else if b == 0x2E {
          dot = true
        }
      }
      if letters > 0 && digits > 0 && !dot { return "[token]" }
    }
    return nil
  }

  private static let secretPrefixBytes: [[UInt8]] = secretPrefixes.map { Array($0.utf8) }

  /// `excerpt` for simple text (nil for any other): every scalar is one character.
  static func excerptSimple(_ text: String, limit: Int) -> String? {
    var copy = text
    return copy.withUTF8 { t -> String? in
      guard isSimple(t) else { return nil }
      // Lines (split at newlines and tabs, empty ones dropped) joined by spaces, cut at `limit * 2`
      // characters.
      let maxChars = limit * 2
      var flat: [UInt8] = []
      flat.reserveCapacity(min(t.count, maxChars * 3))
      var chars = 0
      var pendingSpace = false
      for b in t {
        if b == 0x09 || ASCIIBytes.isNewline(b) {
          pendingSpace = !flat.isEmpty
          continue
        }
        let starts = b & 0xC0 != 0x80
        if starts {
          if pendingSpace {
            if chars == maxChars { break }
            flat.append(0x20)
            chars += 1
            pendingSpace = false
          }
          if chars == maxChars {
            // Cut inside a word: drop its first part (see `excerptGeneral`).
            if isRunByte(b) {
              var run = 0
              while run < flat.count && isRunByte(flat[flat.count - 1 - run]) { run += 1 }
              if run < shortestJudgedRun { flat.removeLast(run) }
            }
            break
          }
          chars += 1
        }
        flat.append(b)
      }
      let masked = flat.withUnsafeBufferPointer { SecretMasker.mask($0) } ?? flat
      var out: [UInt8] = []
      out.reserveCapacity(masked.count + 8)
      masked.withUnsafeBufferPointer { redactBytes($0, 0..<$0.count, into: &out) }
      var count = 0
      var cut = out.count
      for (k, b) in out.enumerated() where b & 0xC0 != 0x80 {
        if count == limit - 1 { cut = k }
        count += 1
      }
      guard count > limit else { return String(decoding: out, as: UTF8.self) }
      return String(decoding: out[..<cut], as: UTF8.self) + "…"
    }
  }
}
