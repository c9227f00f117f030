/// The data team's jobs and the lean FAQ bot.
///
/// - `nightly-digest`: at 02:00 UTC every night, one independent call per account with the same
///   instructions, sent one by one instead of through a batch API.
/// - `extractor`: invoice-field extraction with short JSON outputs on a mid-priced model; about a
///   third of ingest runs already use the batch API; some invoices are ingested twice.
/// - `lean-faq`: the control agent — short prompt, cheap model, prefix-cached, bounded output,
///   no history re-sent. It should produce no findings.
enum SampleBackgroundScenarios {
  typealias V = SampleVocabulary

  static let actions = ["updated", "created", "deleted", "exported", "approved", "refunded", "invited", "archived"]
  static let objects = ["invoice", "order", "user", "webhook", "API key", "payout", "coupon", "shipment"]
  static let vendors = ["Northwind", "Contoso", "Globex", "Initech", "Umbrella Logistics", "Stark Supplies", "Hooli"]
  static let currencies = ["USD", "EUR", "GBP", "CAD"]
  static let faqTopics = ["SSO", "audit logs", "data export", "API rate limits", "seat billing", "EU data residency"]
  static let plans = ["Starter", "Team", "Business", "Enterprise"]

  // MARK: - Nightly digest

  static func nightlyDigest(_ day: SampleDayBuilder, accounts: Int) {
    let trace = day.traceID()
    var clock = day.dayStartMS + 2 * 3_600_000 + Int64(day.rng.below(4000))
    let yesterday = SampleClock.date(days: day.dayNumber - 1)
    for i in 0..<accounts {
      let account = "acct_\(10_000 + i * 37 % 9000)"
      var doc = "Account: \(account) (\(day.rng.pick(vendors)) \(day.rng.pick(["GmbH", "Inc.", "Ltd", "S.A."])))\n"
      doc += "Activity for \(yesterday):\n"
      let minutes = (0..<day.rng.int(20...70)).map { _ in day.rng.below(1440) }.sorted()
      for minute in minutes {
        let h = minute / 60
        let m = minute % 60
        doc += "\(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m) u_\(day.rng.int(1000...9999)) "
        doc += "\(day.rng.pick(actions)) \(day.rng.pick(objects)) #\(day.rng.int(10_000...99_999))"
        doc += day.rng.chance(0.4) ? " (amount \(day.rng.int(5...2000)).\(day.rng.int(10...99)) USD)\n" : "\n"
      }
      let digest = "Digest for \(account), \(yesterday)\n\n" + day.pool.prose(&day.rng, sentences: day.rng.int(5...18))
      var call = SampleCall(
        agent: .nightlyDigest, phase: "summarize", traceID: trace, model: .gpt4o,
        system: SampleSystem(id: 30, header: nil, blocks: [day.pool.prompts.digest], cache: .none, asBlocks: false),
        messages: [.user(doc)], maxTokens: 700, response: [.text(SampleText(digest))], finish: .stop)
      call.temperature = "0.4"
      call.metadata = [("job", "nightly-digest"), ("account_id", account)]
      let r = day.emit(call, at: clock, noise: .init(retry: true, truncate: true, dropUsage: true))
      // Sequential with a little concurrency: the next call starts before this one ends.
      clock = max(clock + Int64(day.rng.int(300...1500)), r.end - Int64(day.rng.int(0...3000)))
    }
  }

  // MARK: - Extractor

  /// An ingest run of several invoices; returns nothing, records duplicates in the truth.
  static func ingest(_ day: SampleDayBuilder, at start: Int64, batch: Bool, reingest: inout [(SampleCall, String)]) {
    let trace = day.traceID()
    var clock = start
    for _ in 0..<day.rng.int(2...8) {
      var call = extraction(day, trace: trace)
      call.batch = batch
      let r = day.emit(call, at: clock)
      if day.rng.chance(0.05) { reingest.append((call, r.id)) }
      clock = batch ? clock + Int64(day.rng.int(5...200)) : r.end + Int64(day.rng.int(50...800))
    }
  }

  /// The same invoices ingested again later by another run (exact repeats).
  static func reingest(_ day: SampleDayBuilder, _ items: [(SampleCall, String)], at start: Int64) {
    let trace = day.traceID()
    var clock = start
    for (original, id) in items {
      var call = original
      call.traceID = trace
      call.batch = false
      let r = day.emit(call, at: clock)
      day.truth.exactRepeats.append([id, r.id])
      clock = r.end + Int64(day.rng.int(50...800))
    }
  }

  private static func extraction(_ day: SampleDayBuilder, trace: String) -> SampleCall {
    let vendor = day.rng.pick(vendors)
    let number = "INV-\(day.rng.int(2026...2027))-\(day.rng.int(10_000...99_999))"
    let total = "\(day.rng.int(40...25_000)).\(day.rng.int(10...99))"
    let currency = day.rng.pick(currencies)
    let due = SampleClock.date(days: day.dayNumber + day.rng.int(10...45))
    var email = "From: billing@\(vendor.lowercased().split(separator: " ")[0]).example\n"
    email += "Subject: Invoice \(number)\n\nHello,\n\n\(day.pool.prose(&day.rng, sentences: day.rng.int(3...8)))\n\n"
    email += "Invoice number: \(number)\nAmount due: \(total) \(currency)\nDue date: \(due)\n\n"
    email += day.pool.prose(&day.rng, sentences: day.rng.int(4...20)) + "\n\nKind regards,\n\(vendor) Accounts"
    let json =
      "{\"vendor\": \"\(vendor)\", \"invoice_number\": \"\(number)\", \"total\": \(total), "
      + "\"currency\": \"\(currency)\", \"due_date\": \"\(due)\"}"
    var call = SampleCall(
      agent: .extractor, phase: "extract", traceID: trace, model: .gpt4o,
      system: SampleSystem(id: 31, header: nil, blocks: [day.pool.prompts.extractor], cache: .none, asBlocks: false),
      messages: [.user(email)], maxTokens: 300, response: [.text(SampleText(json))], finish: .stop)
    call.jsonMode = true
    call.temperature = "0"
    call.metadata = [("document_id", "doc_\(day.rng.token(12, from: SampleRandom.hex))")]
    return call
  }

  // MARK: - Lean FAQ

  static func faqSession(_ day: SampleDayBuilder, at start: Int64) {
    let trace = day.traceID()
    var clock = start
    for _ in 0..<day.rng.weighted([0, 5, 3, 2]) {
      let question =
        "Does the \(day.rng.pick(plans)) plan include \(day.rng.pick(faqTopics)) for "
        + "\(day.rng.int(2...500)) seats? \(SampleProse.sentence(&day.rng))"
      let answer = day.pool.prose(&day.rng, sentences: day.rng.int(1...3))
      var call = SampleCall(
        agent: .leanFAQ, phase: "answer", traceID: trace, model: .gpt4oMini,
        system: SampleSystem(id: 40, header: nil, blocks: [day.pool.prompts.faq], cache: .none, asBlocks: false),
        messages: [.user(question)], maxTokens: 200, response: [.text(SampleText(answer))], finish: .stop)
      call.temperature = "0.2"
      call.metadata = [("channel", "widget")]
      clock = day.emit(call, at: clock, noise: .none).end + Int64(day.rng.int(5000...90_000))
    }
  }
}
