import Testing

@testable import TokenAuditCore

/// Secrets and personal data in the shapes they take in real prompts, tool results and logs never
/// reach a report; ordinary text (order numbers, dates, amounts, paths, code) is left alone.
@Suite struct RedactorTests {
  /// (text, a secret part that must not survive, what must replace it).
  static let secrets: [(String, String, String)] = [
    ("Use sk-proj-4fR9xQ2mLp8ZtW1vB6nK3sD0aJ7cE5hG for the call", "4fR9xQ2mLp8Z", "[secret]"),
    ("anthropic key sk-ant-api03-Xy7_Qw3-Er5TyUi9OpAs", "Xy7_Qw3", "[secret]"),
    ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "K7MDENG", "[secret]"),
    ("the key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY leaked", "bPxRfiCY", "[secret]"),
    ("password=hunter2 and more", "hunter2", "[secret]"),
    ("DB_PASSWORD: Summer", "Summer", "[secret]"),
    ("{\"api_key\": \"a1b2c3\", \"model\": \"gpt-4o\"}", "a1b2c3", "[secret]"),
    ("{'client_secret': 'sh0rt'}", "sh0rt", "[secret]"),
    ("x-api-key: 12345678", "12345678", "[secret]"),
    ("spring.datasource.password=pa55w0rd!", "pa55w0rd", "[secret]"),
    ("Authorization: Bearer abc123def456ghi", "abc123def456ghi", "[secret]"),
    ("Authorization: Basic dXNlcjpwYXNz", "dXNlcjpwYXNz", "[secret]"),
    ("curl -H 'Authorization: token ghx_notaprefix99'", "notaprefix99", "[secret]"),
    ("send it with bearer Qm9vbGVhbi5leGFtcGxl.sig", "Qm9vbGVhbi5", "[secret]"),
    ("refresh_token=def50200a1b2", "def50200a1b2", "[secret]"),
    ("Cookie: session=9f8e7d6c5b4a", "9f8e7d6c5b4a", "[secret]"),
    ("connect to postgres://admin:s3cretPass@db.internal:5432/app", "s3cretPass", "[secret]"),
    ("redis://:onlypassword@cache:6379", "onlypassword", "[secret]"),
    (
      "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\nabc\n-----END RSA PRIVATE KEY-----", "MIIEowIB",
      "[private key]"
    ),
    ("key: -----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAA", "b3BlbnNz", "[private key]"),
    ("card 4111 1111 1111 1111 exp 12/27", "1111 1111", "[card]"),
    ("card 4111-1111-1111-1111", "1111-1111", "[card]"),
    ("card 4111111111111111.", "4111111111111111", "[card]"),
    ("amex 3782 822463 10005", "822463", "[card]"),
    ("call me at +1 415 555 0100 today", "555 0100", "[phone]"),
    ("Tel. +49 30 12345678", "12345678", "[phone]"),
    ("ring +441632960961", "1632960961", "[phone]"),
    ("office (415) 555-0100", "555-0100", "[phone]"),
    ("office 415-555-0100.", "555-0100", "[phone]"),
    ("SSN 123-45-6789", "45-6789", "[ssn]"),
    ("IBAN DE89 3704 0044 0532 0130 00 please", "3704 0044", "[iban]"),
    ("IBAN GB82WEST12345698765432", "WEST1234", "[iban]"),
    ("token Xk29fLq8Zr7TmB4nWc1Hd5 in the header", "Xk29fLq8", "[token]"),
    ("mail jane.doe+test@example.co.uk now", "jane.doe", "[email]"),
    ("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "eyJzdWIi", "[secret]"),
    ("id_token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", "SflKxw", "[secret]"),
    ("the value Xk29fLq8Zr7TmB4nWc1Hd5.", "Xk29fLq8", "[token]"),
  ]

  @Test(arguments: 0..<secrets.count)
  func secretIsMasked(_ k: Int) {
    let (text, secret, label) = Self.secrets[k]
    for out in [Redactor.redact(text), Redactor.redactGeneral(text), Redactor.excerpt(text, limit: 200)] {
      #expect(!out.contains(secret), "\(text.debugDescription) → \(out.debugDescription)")
      #expect(out.contains(label), "\(text.debugDescription) → \(out.debugDescription)")
    }
  }

  /// Text that carries no secret comes back unchanged.
  static let ordinary: [String] = [
    "Where is my order #12345? It was placed on 2024-05-01T10:00Z.",
    "Order 12346 and order 12345 differ; refund $1,234.56 by 05/01/2024 at 14:30.",
    "The build ran 1732108991201 ms since epoch; version 1.2.3-4; IP 192.168.1.10.",
    "Set max_tokens: 1024 and input_tokens = 500; the tokens field counts tokens.",
    "The password reset page is at https://example.com/account/password-reset",
    "Visit https://example.com/path?q=1#top and https://example.com:8443/x",
    "See /Users/JohnSmith/Projects/App2/Sources/Main.swift and frontend/src/Components/Header",
    "Call getUserBalance2024ForCustomer in HttpClientFactory",
    "Parameters: {\"password\": {\"type\": \"string\"}, \"token\": null}",
    "The token: none was given; password: \"\" (empty); secret = [redacted]",
    "Ticket TCK-8812 for invoice INV-2024-000123, 3 items, 42 units.",
    "Übersetze bitte die Bestellung 4711 für Herrn Müller.",
    "Bearer tokens must be rotated.",
  ]

  @Test func ordinaryTextIsKept() {
    for text in Self.ordinary {
      #expect(Redactor.redact(text) == text, "\(text)")
      #expect(Redactor.redactGeneral(text) == text, "\(text)")
    }
  }

  /// An excerpt that cuts a key in two drops the first part rather than show it.
  @Test func excerptDropsAWordItCut() {
    // 150 characters of words, then a key the 160-character window cuts after 10 characters;
    // the email before it shrinks to `[email]`, which would bring the cut key into view.
    let words = String(repeating: "word ", count: 22)
    let text = "a.very.long.address.of.someone@example.com " + words + "sk-proj-abcdefghijklmnopqrstuvwxyz"
    for out in [Redactor.excerpt(text, limit: 200), Redactor.excerptGeneral(text, limit: 200)] {
      #expect(!out.contains("sk-"), "\(out)")
      #expect(out.hasPrefix("[email] word"))
    }
  }

  @Test func wordPrefixNeverEndsInACutWord() {
    #expect(Redactor.wordPrefix("use sk-proj-abcdef now", 10) == "use ")
    #expect(Redactor.wordPrefix("use sk-proj-abcdef now", 19) == "use sk-proj-abcdef ")
    #expect(Redactor.wordPrefix("use sk-proj-abcdef now", 18) == "use sk-proj-abcdef")
    #expect(Redactor.wordPrefix("short", 10) == "short")
    #expect(Redactor.wordPrefix("Müller schreibt", 3) == "")
    #expect(Redactor.wordPrefix("日本語 text", 2) == "")
    #expect(Redactor.wordPrefix("日本 text", 3) == "日本 ")
    let long = "x " + String(repeating: "a", count: 40)
    #expect(Redactor.wordPrefix(long, 38) == String(long.prefix(38)))
  }

  @Test func clippedMarksTheCut() {
    #expect(Redactor.clipped("short text", 80) == "short text")
    #expect(Redactor.clipped("never share internal tickets", 24) == "never share internal…")
    #expect(Redactor.clipped("one two", 5) == "one…")
  }

  /// Random text built from the pieces the masker looks for never crashes it, and both redaction
  /// paths agree on it.
  @Test func randomPiecesNeverCrashTheMasker() {
    var g = SplitMix(state: 77)
    let pieces = [
      "password", "=", ":", " ", "\"", "'", "Bearer", "-----BEGIN ", "PRIVATE KEY-----", "-----END ", "://", "@", "+",
      "(", ")", "-", ".", "4111", "1111", "555", "0100", "DE89", "3704", "eyJ", "abc", "Xk29fL", "/", "\n", "é", "日",
      "[", "]", "{", "}", ",", "0", "9", "GB82WEST",
    ]
    for _ in 0..<3_000 {
      let text = (0..<Int.random(in: 0...30, using: &g)).map { _ in pieces.randomElement(using: &g)! }.joined()
      _ = SecretMasker.mask(text)
      #expect(Redactor.redact(text) == Redactor.redactGeneral(text), "\(text.debugDescription)")
      for n in [0, 1, 5, 17, 40] {
        #expect(Redactor.wordPrefix(text, n) == Redactor.wordPrefixGeneral(text, n), "\(text.debugDescription) \(n)")
      }
      _ = Redactor.excerpt(text, limit: 20)
    }
  }

  @Test func luhnAndIBANChecksDecide() {
    #expect(SecretMasker.luhn([4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]))
    #expect(!SecretMasker.luhn([4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]))
    #expect(Redactor.redact("card 4111 1111 1111 1112") == "card 4111 1111 1111 1112")
    #expect(!Redactor.redact("IBAN DE89 3704 0044 0532 0130 01").contains("[iban]"))
  }

  /// Masking keeps every byte around a secret and keeps non-ASCII text valid.
  @Test func maskingKeepsTheRest() {
    #expect(Redactor.redact("Müller: password=grün42 ✓") == "Müller: password=[secret] ✓")
    #expect(Redactor.redact("日本 +81 3 1234 5678 です") == "日本 [phone] です")
    #expect(SecretMasker.mask("nothing here") == "nothing here")
  }

  /// Diagnostics of bad lines show a redacted excerpt, cut with `…`.
  @Test func badLineExcerptIsRedacted() {
    let line = Array(
      "{\"api_key\": \"live_9f8e7d6c5b4a\", \"prompt\": \"\(String(repeating: "x ", count: 100))\"}".utf8)
    let out = line.withUnsafeBytes { FileIngestor.excerpt($0) }
    #expect(!out.contains("9f8e7d6c5b4a"))
    #expect(out.hasSuffix("…"))
    #expect(out.count == 80)
  }
}
