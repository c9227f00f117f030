/// Finds secrets and personal data that a word-by-word look cannot see, because they are known by
/// their context or span several words, and masks them before `Redactor` classifies the words:
///
/// - private key blocks (`-----BEGIN … PRIVATE KEY-----` to its `END` line) → `[private key]`;
/// - passwords in URLs (`postgres://user:pa55@host`) → `postgres://user:[secret]@host`;
/// - values of secret-named keys (`password=…`, `"api_key": "…"`, `DB_PASSWORD: …`,
///   `Authorization: Bearer …`, `client_secret=…`, `Cookie: …`) → `[secret]`;
/// - `Bearer` tokens anywhere → `Bearer [secret]`;
/// - base64 secrets with `/` or `+` (AWS secret access keys) and shorter random-looking mixed-case
///   tokens (20-31 characters) → `[secret]` / `[token]`;
/// - payment card numbers (13-19 digits, grouped or not, passing the Luhn check) → `[card]`;
/// - phone numbers (`+49 30 1234567`, `(415) 555-0100`, `415-555-0100`) → `[phone]`;
/// - US social security numbers (`123-45-6789`) → `[ssn]`;
/// - IBANs (checked with their mod-97 check digits) → `[iban]`.
///
/// It works on UTF-8 bytes and cuts only at ASCII bytes, so any text stays valid. Short numbers
/// (order #12345, dates, times, amounts) are never masked.
enum SecretMasker {
  /// `text` with the secrets above masked (the same string when there are none).
  static func mask(_ text: String) -> String {
    text.withUTF8Bytes { t in
      guard let out = mask(t) else { return text }
      return String(decoding: out, as: UTF8.self)
    }
  }

  /// The masked bytes of `t`, or nil when nothing in it is masked.
  static func mask(_ t: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
    var found: [(Range<Int>, StaticString)] = []
    var i = 0
    let n = t.count
    while i < n {
      // Inside a word nothing starts but a `-----BEGIN` line or a `://` (see `match`).
      if i > 0 && isWordByte(t[i - 1]) && t[i] != 0x2D && t[i] != 0x3A {
        i += 1
        continue
      }
      if let (r, label) = match(t, at: i) {
        if !r.isEmpty { found.append((r, label)) }
        i = max(r.upperBound, i + 1)
      } else {
        i += 1
      }
    }
    guard !found.isEmpty else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(n)
    var k = 0
    for (r, label) in found {
      out.append(contentsOf: UnsafeBufferPointer(rebasing: t[k..<r.lowerBound]))
      label.withUTF8Buffer { out.append(contentsOf: $0) }
      k = r.upperBound
    }
    out.append(contentsOf: UnsafeBufferPointer(rebasing: t[k..<n]))
    return out
  }

  /// What to mask starting at `i`: the range (empty when the match masks nothing but is passed
  /// over whole) and its label, or nil when nothing starts at `i`.
  private static func match(_ t: UnsafeBufferPointer<UInt8>, at i: Int) -> (Range<Int>, StaticString)? {
    let b = t[i]
    let boundary = i == 0 || !isWordByte(t[i - 1])
    if b == 0x2D, let r = privateKey(t, i) { return (r, "[private key]") }
    if b == 0x3A, let r = urlPassword(t, i) { return r.isEmpty ? (r, "") : (r, "[secret]") }
    if boundary && (ASCIIBytes.isLetter(b) || b == 0x5F) {
      if let r = keyedValue(t, i) { return (r, "[secret]") }
    }
    if boundary, ASCIIBytes.isDigit(b) || b == 0x2B || b == 0x28 {
      if let r = number(t, i) { return r }
    }
    if boundary && ASCIIBytes.isUpper(b), let r = iban(t, i) { return (r, "[iban]") }
    if i == 0 || !isBase64Byte(t[i - 1]), isBase64Byte(b) {
      var j = i
      while j < t.count && isBase64Byte(t[j]) { j += 1 }
      // A JSON Web Token (`eyJ….….…`), whose parts are joined by dots.
      if hasPrefix(t, i, "eyJ") && j + 1 < t.count && t[j] == 0x2E && isBase64Byte(t[j + 1]) {
        var e = j
        while e < t.count && (isBase64Byte(t[e]) || (t[e] == 0x2E && e + 1 < t.count && isBase64Byte(t[e + 1]))) {
          e += 1
        }
        return (i..<e, "[secret]")
      }
      // A run that goes on after a dot (`a1b2.c3d4`) is a word `Redactor` judges whole.
      let dotted = (i > 0 && t[i - 1] == 0x2E) || (j + 1 < t.count && t[j] == 0x2E && isBase64Byte(t[j + 1]))
      if !dotted, let label = randomRun(t, i..<j) { return (i..<j, label) }
    }
    return nil
  }

  // MARK: - Byte classes

  /// Letters, digits and `_`: bytes a keyword or number must not touch.
  @inline(__always) static func isWordByte(_ b: UInt8) -> Bool {
    ASCIIBytes.isLetter(b) || ASCIIBytes.isDigit(b) || b == 0x5F
  }

  /// Letters, digits and `+ / = _ -`: the bytes of base64 and URL-safe base64.
  @inline(__always) static func isBase64Byte(_ b: UInt8) -> Bool {
    isWordByte(b) || b == 0x2B || b == 0x2F || b == 0x3D || b == 0x2D
  }

  /// Bytes that end an unquoted value: whitespace, quotes, `, ; ) ] } > <` and `&`.
  @inline(__always) static func endsValue(_ b: UInt8) -> Bool {
    ASCIIBytes.isSpace(b) || b == 0x22 || b == 0x27 || b == 0x60 || b == 0x2C || b == 0x3B || b == 0x29
      || b == 0x5D || b == 0x7D || b == 0x3E || b == 0x3C || b == 0x26
  }

  static func hasPrefix(_ t: UnsafeBufferPointer<UInt8>, _ i: Int, _ p: StaticString, caseless: Bool = false) -> Bool {
    p.withUTF8Buffer { p in
      guard i + p.count <= t.count else { return false }
      for k in 0..<p.count {
        let c = caseless ? ASCIIBytes.lower(t[i + k]) : t[i + k]
        if c != p[k] { return false }
      }
      return true
    }
  }

  // MARK: - Private keys and URLs

  /// `-----BEGIN … PRIVATE KEY-----` through its `-----END … PRIVATE KEY-----` (or the end).
  private static func privateKey(_ t: UnsafeBufferPointer<UInt8>, _ i: Int) -> Range<Int>? {
    guard hasPrefix(t, i, "-----BEGIN ") else { return nil }
    var j = i + 11
    // The label (`RSA PRIVATE KEY`, `OPENSSH PRIVATE KEY`, `PRIVATE KEY`) on the same line.
    while j < t.count && t[j] != 0x2D && t[j] != 0x0A && j - i < 60 { j += 1 }
    guard j - i > 22, hasPrefix(t, j - 11, "PRIVATE KEY"), hasPrefix(t, j, "-----") else { return nil }
    var k = j + 5
    while k < t.count {
      if t[k] == 0x2D && hasPrefix(t, k, "-----END ") {
        var e = k + 9
        while e < t.count && t[e] != 0x0A && !hasPrefix(t, e, "-----") { e += 1 }
        return i..<min(t.count, hasPrefix(t, e, "-----") ? e + 5 : e)
      }
      k += 1
    }
    return i..<t.count
  }

  /// At `://`: the password of `scheme://user:password@host` (empty when the authority has none,
  /// so that the rest of the URL is read as usual).
  private static func urlPassword(_ t: UnsafeBufferPointer<UInt8>, _ i: Int) -> Range<Int>? {
    guard hasPrefix(t, i, "://") else { return nil }
    let start = i + 3
    var j = start
    var colon: Int?
    var at: Int?
    while j < t.count {
      let b = t[j]
      if b == 0x2F || b == 0x3F || b == 0x23 || endsValue(b) { break }
      if b == 0x3A && colon == nil && at == nil { colon = j }
      if b == 0x40 { at = j }
      j += 1
    }
    guard let colon, let at, at > colon + 1 else { return i..<i }
    return (colon + 1)..<at
  }

  // MARK: - Keyed values

  /// Key names whose value is a secret, compared with the end of a key (lower case, `-` and `.`
  /// read as `_`): `DB_PASSWORD`, `x-api-key`, `spring.datasource.password`, `refresh_token`.
  static let secretKeys: [[UInt8]] = [
    "password", "passwd", "pwd", "passphrase", "secret", "api_key", "apikey", "access_key", "secret_key",
    "private_key", "signing_key", "encryption_key", "token", "authorization", "cookie", "credentials",
    "credential", "session_id", "sessionid",
  ].map { Array($0.utf8) }

  /// Values that are not secrets (placeholders, empty markers, schema words).
  static let harmlessValues: Set<String> = [
    "null", "none", "nil", "true", "false", "undefined", "redacted", "string", "required", "optional",
    "masked", "hidden", "secret", "token", "password", "xxx", "xxxx", "***", "****", "...", "…", "n/a",
  ]

  /// At the start of a word: the value after a secret-named key and `:` or `=` (quoted or not),
  /// or the token after `Bearer`.
  private static func keyedValue(_ t: UnsafeBufferPointer<UInt8>, _ i: Int) -> Range<Int>? {
    var j = i
    while j < t.count && (isWordByte(t[j]) || t[j] == 0x2D || t[j] == 0x2E) { j += 1 }
    // Most words are followed by neither `:`/`=` nor are `Bearer`: decided without copying them.
    var peek = j
    if peek < t.count && (t[peek] == 0x22 || t[peek] == 0x27) { peek += 1 }
    while peek < t.count && t[peek] == 0x20 { peek += 1 }
    let assigned = peek < t.count && (t[peek] == 0x3A || t[peek] == 0x3D)
    guard assigned || (j - i == 6 && hasPrefix(t, i, "bearer", caseless: true)) else { return nil }
    let key = t[i..<j].map { b -> UInt8 in
      let l = ASCIIBytes.lower(b)
      return l == 0x2D || l == 0x2E ? 0x5F : l
    }
    if key.count == 6 && key.elementsEqual("bearer".utf8) { return bearerToken(t, j) }
    guard
      secretKeys.contains(where: { k in
        key.count >= k.count && key.suffix(k.count).elementsEqual(k)
          && (key.count == k.count || key[key.count - k.count - 1] == 0x5F)
      })
    else { return nil }
    // `key: v`, `key=v`, `"key": "v"`, `key => v`, `key := v`.
    var k = j
    if k < t.count && (t[k] == 0x22 || t[k] == 0x27) { k += 1 }
    while k < t.count && t[k] == 0x20 { k += 1 }
    guard k < t.count, t[k] == 0x3A || t[k] == 0x3D else { return nil }
    k += 1
    if k < t.count && (t[k] == 0x3D || t[k] == 0x3E) { k += 1 }
    while k < t.count && (t[k] == 0x20 || t[k] == 0x09) { k += 1 }
    guard k < t.count else { return nil }
    var v: Range<Int>
    if t[k] == 0x22 || t[k] == 0x27 {
      let quote = t[k]
      var e = k + 1
      while e < t.count && t[e] != quote && t[e] != 0x0A && e - k < 512 {
        if t[e] == 0x5C { e += 1 }
        e += 1
      }
      v = (k + 1)..<min(e, t.count)
    } else {
      var e = k
      while e < t.count && !endsValue(t[e]) { e += 1 }
      v = k..<e
    }
    // `Authorization: Bearer abc…`, `Authorization: Basic …`: the credentials follow the scheme.
    let scheme = String(decoding: UnsafeBufferPointer(rebasing: t[v]), as: UTF8.self).lowercased()
    if ["bearer", "basic", "token", "digest", "apikey"].contains(scheme), v.upperBound < t.count,
      t[v.upperBound] == 0x20
    {
      return bearerToken(t, v.upperBound) ?? v
    }
    guard v.count >= 3, !harmlessValues.contains(scheme), t[v.lowerBound] != 0x5B, t[v.lowerBound] != 0x7B,
      t[v.lowerBound] != 0x3C
    else { return nil }
    return v
  }

  /// After `Bearer`: spaces, then a token of at least 8 bytes.
  private static func bearerToken(_ t: UnsafeBufferPointer<UInt8>, _ j: Int) -> Range<Int>? {
    var k = j
    while k < t.count && t[k] == 0x20 { k += 1 }
    guard k > j else { return nil }
    var e = k
    while e < t.count && (isBase64Byte(t[e]) || t[e] == 0x2E || t[e] == 0x7E) { e += 1 }
    return e - k >= 8 ? k..<e : nil
  }

  // MARK: - Numbers

  /// At a digit, `+` or `(` that starts a word: a card number, phone number or SSN.
  private static func number(_ t: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Range<Int>, StaticString)? {
    // Digit groups separated by one space, `-` or `.` (and `(…)` around an area code).
    var digits: [UInt8] = []
    var groups: [Int] = []
    var seps: [UInt8] = []
    var j = i
    let plus = t[j] == 0x2B
    if plus { j += 1 }
    var paren = false
    while j < t.count {
      if t[j] == 0x28 && groups.isEmpty && !paren {
        paren = true
        j += 1
        continue
      }
      var g = 0
      while j < t.count && ASCIIBytes.isDigit(t[j]) {
        digits.append(t[j] &- 0x30)
        g += 1
        j += 1
      }
      guard g > 0 else { break }
      groups.append(g)
      if paren && j < t.count && t[j] == 0x29 {
        paren = false
        j += 1
        if j < t.count && t[j] == 0x20 { j += 1 }
        seps.append(0x29)
        continue
      }
      guard j + 1 < t.count, t[j] == 0x20 || t[j] == 0x2D || t[j] == 0x2E, ASCIIBytes.isDigit(t[j + 1]) else { break }
      seps.append(t[j])
      j += 1
    }
    // Never end inside a word (`12345abc`, `2024-05-01T10:00`).
    guard !groups.isEmpty, !paren, j == t.count || !isWordByte(t[j]) else { return nil }
    let count = digits.count
    let uniform = Set(seps).count <= 1
    if plus {
      return (8...15).contains(count) && (groups.count > 1 || count >= 10) ? (i..<j, "[phone]") : nil
    }
    // Cards start with 2-6 (epoch milliseconds, which start with 1, are not cards).
    if (13...19).contains(count), (2...6).contains(digits[0]), uniform, !seps.contains(0x2E), luhn(digits),
      groups.count == 1 || groups.dropLast().allSatisfy({ $0 == 4 }) || groups == [4, 6, 5] || groups == [4, 6, 4]
    {
      return (i..<j, "[card]")
    }
    // North American numbers: `(415) 555-0100`, `415-555-0100`, `415.555.0100`, `415 555 0100`.
    if groups == [3, 3, 4] && (seps.first == 0x29 || uniform) { return (i..<j, "[phone]") }
    if groups == [3, 2, 4] && seps == [0x2D, 0x2D] { return (i..<j, "[ssn]") }
    return nil
  }

  /// The Luhn check of a card number.
  static func luhn(_ digits: [UInt8]) -> Bool {
    var sum = 0
    for (k, d) in digits.reversed().enumerated() {
      var x = Int(d)
      if k % 2 == 1 {
        x *= 2
        if x > 9 { x -= 9 }
      }
      sum += x
    }
    return sum % 10 == 0
  }

  /// At an upper-case letter: an IBAN (`DE89 3704 0044 0532 0130 00` or unbroken) whose check
  /// digits are right.
  private static func iban(_ t: UnsafeBufferPointer<UInt8>, _ i: Int) -> Range<Int>? {
    guard i + 15 <= t.count, ASCIIBytes.isUpper(t[i + 1]), ASCIIBytes.isDigit(t[i + 2]), ASCIIBytes.isDigit(t[i + 3])
    else { return nil }
    var chars: [UInt8] = []
    var j = i
    while j < t.count && chars.count < 34 {
      let b = t[j]
      if ASCIIBytes.isUpper(b) || ASCIIBytes.isDigit(b) {
        chars.append(b)
        j += 1
      } else if b == 0x20, chars.count % 4 == 0, j + 1 < t.count,
        ASCIIBytes.isUpper(t[j + 1]) || ASCIIBytes.isDigit(t[j + 1])
      {
        j += 1
      } else {
        break
      }
    }
    guard chars.count >= 15, j == t.count || !isWordByte(t[j]) else { return nil }
    // Move the first four characters to the end, letters as 10…35, and take the rest mod 97.
    var rem = 0
    for b in chars[4...] + chars[..<4] {
      let v = ASCIIBytes.isDigit(b) ? Int(b - 0x30) : Int(b - 0x41) + 10
      rem = (v > 9 ? rem * 100 + v : rem * 10 + v) % 97
    }
    return rem == 1 ? i..<j : nil
  }

  // MARK: - Random-looking runs

  /// A run of base64 bytes that looks random: `[secret]` for 32+ bytes with `/` or `+`
  /// (an AWS secret access key, a base64 key), `[token]` for 20-31 letters and digits of mixed
  /// case; nil for words, paths, identifiers in camel case and anything shorter.
  static func randomRun(_ t: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> StaticString? {
    let n = r.count
    guard n >= 20, t[r.lowerBound] != 0x2F else { return nil }
    var upper = 0
    var lower = 0
    var digit = 0
    var slashOrPlus = 0
    var other = 0
    var changes = 0
    var last = 0
    for k in r {
      let b = t[k]
      let c: Int
      if ASCIIBytes.isUpper(b) {
        upper += 1
        c = 1
      } else if ASCIIBytes.isLetter(b) {
        lower += 1
        c = 2
      } else if ASCIIBytes.isDigit(b) {
        digit += 1
        c = 3
      } else {
        if b == 0x2F || b == 0x2B { slashOrPlus += 1 } else { other += 1 }
        c = 4
      }
      if last != 0 && c != last { changes += 1 }
      last = c
    }
    guard upper >= 2, lower >= 2, digit >= 1, changes * 100 >= n * 35 else { return nil }
    if n >= 32 && slashOrPlus > 0 && slashOrPlus * 6 <= n { return "[secret]" }
    if n < 32 && slashOrPlus == 0 && other <= 2 && digit >= 2 && changes * 100 >= n * 40 { return "[token]" }
    return nil
  }
}
