extension EntityExtractor {
  // MARK: - Recognising one value

  /// `E_CONN_RESET`, `user_id`, `getUserName`, `HttpClient`: code identifiers, wherever they stand.
  static func isIdentifier(_ c: [Character]) -> Bool {
    guard c.count >= 3, c.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), c.contains(where: \.isLetter) else {
      return false
    }
    if c.contains("_") { return c.first != "_" || c.count > 3 }
    for i in 1..<c.count where c[i].isUppercase && c[i - 1].isLowercase { return i + 1 < c.count }
    return false
  }

  static func isUUID(_ c: [Character]) -> Bool {
    guard c.count == 36 else { return false }
    for (i, ch) in c.enumerated() {
      if i == 8 || i == 13 || i == 18 || i == 23 {
        if ch != "-" { return false }
      } else if !ch.isHexDigit {
        return false
      }
    }
    return true
  }

  /// Digits with optional thousands separators and one decimal part, canonical (`12,345` → `12345`).
  static func number(_ c: ArraySlice<Character>) -> String? {
    guard let f = c.first, f.isASCII, f.isNumber, let l = c.last, l.isASCII, l.isNumber else { return nil }
    var groups: [String] = [""]
    var seps: [Character] = []
    for ch in c {
      if ch.isASCII && ch.isNumber {
        groups[groups.count - 1].append(ch)
      } else if ch == "," || ch == "." || ch == "'" {
        seps.append(ch)
        groups.append("")
      } else {
        return nil
      }
    }
    if groups.contains(where: \.isEmpty) { return nil }
    if seps.isEmpty { return Self.trimZeros(groups[0]) }
    // Thousands: every later group has three digits and (all separators equal or a final decimal).
    let lastSep = seps[seps.count - 1]
    let thousandsAll = groups.dropFirst().allSatisfy { $0.count == 3 } && Set(seps).count == 1 && seps.count > 1
    if thousandsAll { return Self.trimZeros(groups.joined()) }
    if seps.count == 1 {
      if groups[1].count == 3 && lastSep == "," { return Self.trimZeros(groups.joined()) }
      return Self.trimZeros(groups[0]) + "." + groups[1]
    }
    let intPart = groups.dropLast().joined()
    return Self.trimZeros(intPart) + "." + groups[groups.count - 1]
  }

  private static func trimZeros(_ s: String) -> String {
    let t = s.drop { $0 == "0" }
    return t.isEmpty ? "0" : String(t)
  }

  static func canonicalID(_ s: String) -> String {
    String(s.uppercased().filter { $0.isLetter || $0.isNumber })
  }

  static func canonicalURL(_ s: String) -> String {
    var t = Substring(s)
    for p in ["https://", "http://", "www."] where t.hasPrefix(p) { t = t.dropFirst(p.count) }
    if t.hasPrefix("www.") { t = t.dropFirst(4) }
    while t.last == "/" { t = t.dropLast() }
    return String(t)
  }

  /// `2024-05-01`, `2024-05-01T10:00Z`, `05/01/2024`, `1.5.2024`, `5/1`.
  static func numericDate(_ c: [Character]) -> String? {
    var parts: [String] = [""]
    var seps: [Character] = []
    var rest = ""
    for (i, ch) in c.enumerated() {
      if ch.isASCII && ch.isNumber {
        parts[parts.count - 1].append(ch)
      } else if ch == "-" || ch == "/" || ch == "." {
        if parts.count == 3 { return nil }
        seps.append(ch)
        parts.append("")
      } else if (ch == "T" || ch == "t") && parts.count == 3 {
        rest = String(c[i...])
        break
      } else {
        return nil
      }
    }
    guard parts.count >= 2, !parts.contains(where: \.isEmpty), Set(seps).count == 1 else { return nil }
    let n = parts.map { Int($0) ?? -1 }
    if parts.count == 3 && parts[0].count == 4 && n[1] <= 12 && n[2] <= 31 {
      return "\(n[0])-\(n[1])-\(n[2])" + rest.lowercased()
    }
    guard n[0] <= 31 && n[1] <= 31 && (n[0] <= 12 || n[1] <= 12) else { return nil }
    if parts.count == 2 {
      // "1.5" is a number, "5/1" a date.
      return seps[0] == "/" ? "\(n[0])-\(n[1])" : nil
    }
    guard parts[2].count == 2 || parts[2].count == 4 else { return nil }
    return "\(n[0])-\(n[1])-\(n[2])"
  }

  /// `14:30`, `2:30pm`, `3pm`, `14h`, `9h30`.
  static func time(_ s: String) -> String? {
    var t = Substring(s)
    var suffix = ""
    for sfx in ["a.m", "p.m", "am", "pm", "uhr", "h"] where t.hasSuffix(sfx) && t.count > sfx.count {
      suffix = sfx.filter { $0 != "." }
      t = t.dropLast(sfx.count)
      break
    }
    let pieces = t.split(separator: ":", omittingEmptySubsequences: false)
    let hPieces = suffix.isEmpty ? pieces : t.split(separator: "h", omittingEmptySubsequences: false)
    let use = pieces.count > 1 ? pieces : hPieces
    guard use.count <= 3, use.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else {
      return nil
    }
    guard use.count > 1 || !suffix.isEmpty, var h = Int(use[0]), h <= 24 else { return nil }
    let m = use.count > 1 ? (Int(use[1]) ?? 0) : 0
    guard m < 60 else { return nil }
    if suffix == "pm" && h < 12 { h += 12 }
    if suffix == "am" && h == 12 { h = 0 }
    return "\(h):" + (m < 10 ? "0" : "") + "\(m)"
  }

  static func ordinal(_ s: String) -> String? {
    let digits = s.prefix { $0.isASCII && $0.isNumber }
    let tail = s.dropFirst(digits.count)
    guard !digits.isEmpty, ["st", "nd", "rd", "th", "er", "e", "º", "ª", "o", "a", "."].contains(String(tail)) else {
      return nil
    }
    return String(digits)
  }

  static func isPath(_ c: [Character], _ lower: String) -> Bool {
    if (c.contains("/") || c.contains("\\")) && c.contains(where: \.isLetter) && c.count > 2 { return true }
    if let dot = lower.lastIndex(of: "."), dot != lower.startIndex {
      let ext = lower[lower.index(after: dot)...]
      return fileExtensions.contains(String(ext))
    }
    return false
  }

  static func isDomain(_ lower: String) -> Bool {
    let pieces = lower.split(separator: ".", omittingEmptySubsequences: false)
    guard pieces.count >= 2, let tld = pieces.last, (2...6).contains(tld.count), tld.allSatisfy(\.isLetter) else {
      return false
    }
    return pieces.allSatisfy { p in p.count >= 2 && p.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }
  }
}
