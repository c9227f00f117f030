import Testing

@testable import TokenAuditCore

@Suite struct EntityExtractorTests {
  static let extractor = EntityExtractor()

  static func entities(_ text: String) -> [String] {
    extractor.extract(text).entities.map { "\($0.kind.rawValue):\($0.value)" }
  }

  @Test(arguments: [
    ("Where is my order #12345?", ["number:12345"]),
    ("order 12,345 and order 12345", ["number:12345"]),
    ("Ticket TCK-8812 is open", ["number:TCK8812"]),
    ("Refund $25 to my card", ["amount:usd:25"]),
    ("Refund 25 dollars", ["amount:usd:25"]),
    ("Transfer EUR 100 now", ["amount:eur:100"]),
    ("Überweise 50 Euro", ["amount:eur:50"]),
    ("Increase it by 10%", ["percent:10"]),
    ("Send it to alice@example.com", ["email:alice@example.com"]),
    ("Read https://example.com/post/1/", ["url:example.com/post/1"]),
    ("Look up 8f14e45f-ceea-467f-a0a3-4f2b5b3c6d7e", ["uuid:8f14e45f-ceea-467f-a0a3-4f2b5b3c6d7e"]),
    ("Book it for 2024-05-01", ["date:2024-5-1"]),
    ("Book it for 05/01/2024", ["date:5-1-2024"]),
    ("Show sales for March 3", ["date:m3-d3"]),
    ("Reserva para el 15 de marzo", ["date:m3-d15"]),
    ("Termin am 3. März buchen", ["date:m3-d3"]),
    ("What meetings do I have tomorrow?", ["date:tomorrow"]),
    ("Generate the report for next week", ["date:next week"]),
    ("Schedule it for Monday", ["date:monday"]),
    ("Meet at 3pm", ["time:15:00"]),
    ("Remind me at 14:30", ["time:14:30"]),
    ("Book a table for two", ["number:2"]),
    ("Translate \"good morning\" to French", ["name:french", "quote:good morning"]),
    ("Explain what main.py does", ["path:main.py"]),
    ("Open /var/log/app.log", ["path:/var/log/app.log"]),
    ("Refund the order for Alice", ["name:alice"]),
    ("Send the contract to John Smith", ["name:john smith"]),
    ("Send the offer to Mr. Keller", ["name:keller"]),
    ("Email the summary to @jdoe", ["name:jdoe"]),
    ("What does E_CONN_RESET mean?", ["number:ECONNRESET"]),
  ])
  func finds(_ text: String, _ expected: [String]) {
    #expect(Self.entities(text).sorted() == expected.sorted())
  }

  @Test(arguments: [
    "Where is my order?",
    "Cancel my subscription please",
    "May I get a refund?",
    "I want to change my password",
    "Where Is My Order",
    "Wo ist meine Bestellung?",
    "¿Dónde está mi pedido?",
    "Summarize the following text",
  ])
  func findsNothingInPlainRequests(_ text: String) {
    #expect(Self.entities(text).isEmpty)
  }

  @Test func germanNounsAreNotNamesButTriggeredNamesAre() {
    #expect(Self.entities("Bitte storniere die Bestellung für Müller") == ["name:muller"])
    #expect(Self.extractor.extract("Bitte storniere die Bestellung für Müller").language == .de)
  }

  @Test func sentenceStartIsNotAName() {
    #expect(Self.entities("Refund order 5. Thanks") == ["number:5"])
    #expect(Self.entities("Alice wants a refund").isEmpty)
  }

  @Test func maskedTextReplacesValuesWithSlots() {
    let e = Self.extractor.extract("Generate a shipping label for order 7001 to Berlin")
    #expect(e.masked == "Generate a shipping label for order ⟨number⟩ to ⟨name⟩")
    #expect(e.firstEntityOffset == 36)
  }

  @Test func languageDetection() {
    #expect(Self.extractor.extract("Where is my order?").language == .en)
    #expect(Self.extractor.extract("¿Dónde está mi pedido?").language == .es)
    #expect(Self.extractor.extract("Où est ma commande ?").language == .fr)
    #expect(Self.extractor.extract("Wo ist meine Bestellung?").language == .de)
    #expect(Self.extractor.extract("12345").language.isEmpty)
  }
}
