import Foundation
import Testing

@testable import TokenAuditCore

/// The ASCII fast paths and word caches of the similarity code must give exactly what its
/// general (`Character`-based) paths give: these tests run both on fixed, random and mixed-script
/// texts (the fast paths with one cache shared by all texts, the general paths with a fresh one).
///
/// Set `TOKENAUDIT_SIMILARITY_CORPUS` to a JSON array of strings to compare on a corpus too.
@Suite struct FastPathEquivalenceTests {
  /// Pieces random texts are made of: words the lexicon knows, values, punctuation, whitespace
  /// (carriage returns included) and non-ASCII letters, marks, quotes and symbols.
  static let pieces: [String] = [
    "order", "Order", "ORDER", "cancel", "Cancel", "subscription", "refund", "please", "the", "for", "to", "my",
    "is", "where", "Where", "tomorrow", "next", "week", "last", "May", "may", "March", "march", "Monday", "three",
    "two", "dollars", "USD", "EUR", "pm", "am", "de", "del", "la", "semana", "pasada", "für", "Mr.", "Dr.", "e.g.",
    "etc.", "don't", "can't", "isn't", "l'adresse", "n'est", "d'accord", "unsubscribe", "disable", "enable",
    "e-mail", "log-in", "sign/in", "user_id", "John", "Smith", "O'Brien", "Alice's", "Bob’s", "https://example.com/x/",
    "www.test.org", "example.com", "a@b.com", "@jdoe", "#123", "#A-7", "$50", "50$", "€20", "20€", "50%", "2024-05-01",
    "2024-05-01T10:00Z", "05/01/2024", "1.5.2024", "5/1", "1.5", "14:30", "3pm", "9h30", "14h", "1st", "2nd", "3.",
    "12,345", "1.234,56", "1'000", "007", "main.py", "/var/log/app.log", "C:\\dir\\x", "E_CONN_RESET", "getUserName",
    "HttpClient", "TCK-8812", "8f14e45f-ceea-467f-a0a3-4f2b5b3c6d7e", "sk-abcdefghijklmnop1234",
    "ghp_0123456789abcdefghij0123456789ABCD", "ab12cd34ef56gh78ij90kl12mn34op56qr", "Über", "Müller", "Bestellung",
    "Bestellungen", "pedido", "¿Dónde", "está", "commande", "Où", "où", "José", "Søren", "Łukasz", "naïve", "Straße",
    "subscripton", "cancelation", "changes", "changed", "changing", "connecter", "Termin", "am", "Uhr", "bucks",
    "\"", "'", "`", "“", "”", "«", "»", "„", "‘", "’", "(", ")", "[", "]", "{", "}", "<", ">", "*", "•", "-", "–",
    "—", ".", ",", "!", "?", ";", ":", "…", "¿", "¡", "/", "\\", "@", "#", "$", "%", "&", "+", "=", "_", "~", "|",
    "⟨", "⟩", "⟨number⟩", "é", "E\u{301}", "e\u{301}", "a\u{308}", "\u{301}", "\u{200D}", "\u{FE0F}", "😀", "👍🏽",
    "🇩🇪", "日本", "한국어", "\u{600}1", "\u{0915}\u{093F}", "ª", "º", "²", "½", "Ⅻ", "٣", "İ", "ǅ", "ﬁ", "\u{A0}",
    "\u{2028}", "\u{85}", "\u{3000}", "\u{B}", "\u{C}", "\u{1F}", "0", "7", "42", "x", "A", "I", "s", "'s", "’s",
    "password=", "api_key:", "Bearer", "Xk29fLq8Zr7TmB4nWc1Hd5", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "+1 415 555 0100", "(415) 555-0100", "4111 1111 1111 1111", "123-45-6789", "DE89 3704 0044 0532 0130 00",
    "postgres://u:p4ss@db/x", "-----BEGIN RSA PRIVATE KEY-----", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig",
  ]
  static let separators: [String] = [
    " ", " ", " ", " ", "  ", "\n", "\n\n", "\r\n", "\r", "\t", "", "", ". ", ", ", "! ", "? ", ": ", "; ",
  ]

  /// `count` random texts; with `asciiOnly`, only pieces that are ASCII (carriage returns too).
  static func randomTexts(_ count: Int, seed: UInt64, asciiOnly: Bool) -> [String] {
    var g = SplitMix(state: seed)
    let usable = asciiOnly ? pieces.filter { $0.utf8.allSatisfy { $0 < 0x80 } } : pieces
    var out: [String] = []
    for _ in 0..<count {
      var s = ""
      for _ in 0..<Int.random(in: 0...24, using: &g) {
        s += usable.randomElement(using: &g)!
        s += separators.randomElement(using: &g)!
      }
      out.append(s)
    }
    return out
  }

  static let fixedTexts: [String] = [
    "", " ", "\n", "\r\n", "a", "Where is my order #12345?", "Translate \"good morning\" to French",
    "Send the contract to John Smith", "Send the offer to Mr. Keller", "Refund the order for Alice",
    "Show sales for March 3", "Reserva para el 15 de marzo", "Termin am 3. März buchen",
    "Generate the report for next week", "Book a table for two", "Where Is My Order", "Wo ist meine Bestellung?",
    "¿Dónde está mi pedido?", "Où est ma commande ?", "Bitte storniere die Bestellung für Müller",
    "Hi, this is Søren Andersson.\n\nHas order #27313 shipped yet? I'm travelling next week.\n\nCheers, Søren",
    "Hello, Kwame Smith here.\r\n\r\nPlease update the address on order #42020; I moved to 109 Lindenstraße.",
    "He said 'hello there' and \"bye now\" and `code here` and “smart quotes” and «guillemets».",
    "I don't want to unsubscribe, please don't cancel the e-mail log-in for user_id 7.",
    "Pay USD 50 or 50 dollars or $50.00 or 1,234.56 EUR at 3 pm on Monday, May 5, 2025.",
    "Token sk-abcdefghijklmnop1234 and ghp_0123456789abcdefghij0123456789ABCD and mail bob@example.com",
    "⟨number⟩ ⟨name⟩ … the masked text\twith tabs\nand lines\r\nand more",
  ]

  static func check(_ texts: [String]) {
    let extractor = EntityExtractor()
    let builder = SignatureBuilder()
    var cache = WordCache()
    for text in texts {
      let t = text.debugDescription
      var fresh = WordCache()
      let a = extractor.extract(text, cache: &cache)
      let b = extractor.extract(text, cache: &fresh, fastPath: false)
      #expect(a.entities == b.entities, "\(t)")
      #expect(a.words == b.words, "\(t)")
      #expect(a.masked == b.masked, "\(t)")
      #expect(a.firstEntityOffset == b.firstEntityOffset, "\(t)")
      #expect(a.characterCount == b.characterCount, "\(t)")
      #expect(a.language == b.language, "\(t)")
      fresh = WordCache()
      let (sa, ea) = builder.signature(text, cache: &cache)
      let (sb, eb) = builder.signature(text, cache: &fresh, fastPath: false)
      #expect(sa == sb, "\(t)")
      #expect(ea.masked == eb.masked, "\(t)")
      #expect(builder.signature(text).0 == sb, "\(t)")
      for limit in [1, 2, 5, 24, 40, 60, 90] {
        #expect(Redactor.excerpt(text, limit: limit) == Redactor.excerptGeneral(text, limit: limit), "\(t)")
        #expect(Redactor.excerpt(ea.masked, limit: limit) == Redactor.excerptGeneral(eb.masked, limit: limit))
      }
      #expect(Redactor.redact(text) == Redactor.redactGeneral(text), "\(t)")
      #expect(Redactor.redact(ea.masked) == Redactor.redactGeneral(eb.masked), "\(t)")
      for n in [0, 1, 5, 120] { #expect(ASCIIBytes.prefix(text, n) == String(text.prefix(n))) }
      let p = ResponseSignature.parts(text)
      let q = ResponseSignature.parts(text, fastPath: false)
      #expect(p.numbers == q.numbers && p.words == q.words, "\(t)")
      #expect(SignatureBuilder.sketch(p.words) == SignatureBuilder.sketch(q.words, fastPath: false), "\(t)")
    }
  }

  /// The comparisons above are not vacuous: plain ASCII texts (and masked ones) take the fast paths.
  @Test func fastPathsAreTaken() {
    let text = "Send order #12345 to bob@example.com\tnow"
    let ext = EntityExtractor().extract(text)
    #expect(ext.ascii)
    #expect(Redactor.redactSimple(text) == "Send order #12345 to [email]\tnow")
    #expect(Redactor.redactSimple(ext.masked) != nil)
    #expect(Redactor.excerptSimple(text, limit: 20) != nil)
    #expect(!EntityExtractor().extract("Send it to Søren").ascii)
    #expect(Redactor.redactSimple("Søren") == nil)
  }

  @Test func fixedTextsMatch() {
    Self.check(Self.fixedTexts + Self.pieces)
  }

  @Test(arguments: [1, 2, 3] as [UInt64])
  func randomASCIITextsMatch(_ seed: UInt64) {
    Self.check(Self.randomTexts(400, seed: seed, asciiOnly: true))
  }

  @Test(arguments: [11, 12, 13] as [UInt64])
  func randomMixedScriptTextsMatch(_ seed: UInt64) {
    Self.check(Self.randomTexts(400, seed: seed, asciiOnly: false))
  }

  /// `é` and `e` + combining acute are equal strings but fold and stem differently: a shared
  /// cache must keep them apart.
  @Test func canonicallyEqualSpellingsKeepTheirOwnResults() {
    let texts = [
      "Café Müller wants the café menu", "Cafe\u{301} Mu\u{308}ller wants the cafe\u{301} menu",
      "Réservez pour lundi", "Re\u{301}servez pour lundi", "Straße Éclair élan", "Straße E\u{301}clair e\u{301}lan",
    ]
    Self.check(texts + texts.reversed())
  }

  /// The index's linked buckets and key table give what buckets of arrays (each trimmed to its
  /// newest items) gave.
  @Test func indexBucketsMatchArrays() {
    var g = SplitMix(state: 99)
    var index = SimilarityIndex(bucketCapacity: 4)
    var reference: [UInt64: [Int32]] = [:]
    for id in Int32(0)..<3_000 {
      // Few distinct keys (0 included) so that buckets overflow; repeats within one insert too.
      let keys = (0..<Int.random(in: 0...6, using: &g)).map { _ in UInt64.random(in: 0...60, using: &g) &* 0x9E37 }
      index.insert(id, keys: keys)
      for key in keys {
        var list = reference[key, default: []]
        if list.last == id { continue }
        list.append(id)
        if list.count > 4 { list.removeFirst(list.count - 4) }
        reference[key] = list
      }
      let query = (0..<3).map { _ in UInt64.random(in: 0...70, using: &g) &* 0x9E37 }
      let expected = Array(Set(query.flatMap { reference[$0] ?? [] })).sorted(by: >)
      #expect(index.candidates(keys: query) == expected)
    }
    #expect(index.bucketCount == reference.count)
  }

  @Test func corpusMatches() throws {
    guard let path = ProcessInfo.processInfo.environment["TOKENAUDIT_SIMILARITY_CORPUS"] else { return }
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let texts = try JSONDecoder().decode([String].self, from: data)
    Self.check(texts)
  }
}
