/// The support workflow: `support-triage` labels the ticket on an expensive model, then
/// `support-answer` holds a multi-turn conversation that re-sends the whole history and fresh
/// knowledge-base chunks on every turn (half the conversations cache the system prompt), and
/// a cheap model summarises it for the CRM. Some tickets come back: word for word, in other words,
/// or about a neighbouring order.
enum SampleSupportScenario {
  typealias V = SampleVocabulary

  static func run(_ day: SampleDayBuilder, at start: Int64) {
    let ticket = SampleSupportTicket(&day.rng, dayNumber: day.dayNumber)
    let turns = 1 + day.rng.weighted([3, 4, 3, 2, 1])
    let firstAnswer = ticket.answer(&day.rng, pool: day.pool, turn: 1)
    let original = conversation(day, ticket, firstAnswer: firstAnswer, turns: turns, at: start, full: true)
    if day.rng.chance(day.options.repeatRate) {
      let again = conversation(day, ticket, firstAnswer: firstAnswer, turns: 1, at: day.laterTime(after: start))
      day.truth.exactRepeats.append([original.triage, again.triage])
      day.truth.exactRepeats.append([original.answer, again.answer])
    }
    if day.rng.chance(day.options.paraphraseRate) {
      let other = ticket.paraphrased(&day.rng)
      let answer = other.answer(&day.rng, pool: day.pool, turn: 1)
      let again = conversation(day, other, firstAnswer: answer, turns: 1, at: day.laterTime(after: start))
      day.truth.paraphrases.append([original.triage, again.triage])
      day.truth.paraphrases.append([original.answer, again.answer])
    }
    if day.rng.chance(day.options.lookAlikeRate) {
      let (other, entity) = ticket.lookAlike(&day.rng, dayNumber: day.dayNumber)
      let answer = other.answer(&day.rng, pool: day.pool, turn: 1)
      let again = conversation(day, other, firstAnswer: answer, turns: 1, at: day.laterTime(after: start))
      day.truth.lookAlikes.append(.init(first: original.triage, second: again.triage, entity: entity))
      day.truth.lookAlikes.append(.init(first: original.answer, second: again.answer, entity: entity))
    }
  }

  /// Triage, `turns` answers and (for full conversations) a summary; returns the triage and
  /// first-answer request ids.
  private static func conversation(
    _ day: SampleDayBuilder, _ ticket: SampleSupportTicket, firstAnswer: String, turns: Int, at start: Int64,
    full: Bool = false
  ) -> (triage: String, answer: String) {
    let trace = day.traceID()
    let meta = [
      ("ticket_id", "T-\(day.rng.int(100_000...999_999))"), ("channel", day.rng.chance(0.7) ? "email" : "chat"),
    ]
    let customerText = ticket.text
    var triage = SampleCall(
      agent: .supportTriage, phase: "classify", traceID: trace, model: .claudeOpus45,
      system: SampleSystem(id: 10, header: nil, blocks: [day.pool.prompts.triage], cache: .none, asBlocks: false),
      messages: [.user(customerText)], maxTokens: 16, response: [.text(SampleText(ticket.label))], finish: .stop)
    triage.temperature = "0"
    triage.metadata = meta
    let t1 = day.emit(triage, at: start)

    let system = SampleSystem(
      id: 11, header: nil, blocks: [day.pool.prompts.answer], cache: ticket.cachedSystem ? .ephemeral5m : .none,
      asBlocks: ticket.cachedSystem)
    let kb = day.pool.kbChunks[ticket.intent]
    var history: [SampleMessage] = []
    var chunks = ticket.chunks
    var customer = "Customer message:\n" + customerText
    var answerText = firstAnswer
    var clock = t1.end + Int64(day.rng.int(150...1500))
    var firstAnswerID = ""
    var transcript = "Customer: \(customerText)\n"
    for turn in 1...turns {
      let blocks = chunks.map { SampleBlock.text(kb[$0]) } + [.text(SampleText(customer))]
      history.append(SampleMessage(user: true, blocks))
      var call = SampleCall(
        agent: .supportAnswer, phase: "answer", traceID: trace, model: .claudeSonnet45, system: system,
        messages: history, maxTokens: 1024, response: [.text(SampleText(answerText))], finish: .stop)
      call.temperature = "0.3"
      call.metadata = meta
      let r = day.emit(call, at: clock, noise: .init(retry: true, truncate: turn > 1, dropUsage: true))
      if turn == 1 { firstAnswerID = r.id }
      transcript += "Agent: \(answerText)\n"
      history.append(SampleMessage(user: false, [.text(SampleText(answerText))]))
      clock = r.end + Int64(day.rng.int(30_000...360_000))
      customer = SampleProse.fill(day.rng.pick(V.followUps), [("product", ticket.product)])
      transcript += "Customer: \(customer)\n"
      chunks = (0..<day.rng.int(2...4)).map { _ in day.rng.below(kb.count) }
      answerText = ticket.answer(&day.rng, pool: day.pool, turn: turn + 1)
    }
    if full {
      var summary = SampleCall(
        agent: .supportAnswer, phase: "summarize", traceID: trace, model: .claudeHaiku45,
        system: SampleSystem(id: 12, header: nil, blocks: [day.pool.prompts.summarize], cache: .none, asBlocks: false),
        messages: [.user(transcript)], maxTokens: 300,
        response: [.text(SampleText(summaryText(day, ticket)))], finish: .stop)
      summary.metadata = meta
      day.emit(summary, at: clock - Int64(day.rng.int(20_000...29_000)))
    }
    return (t1.id, firstAnswerID)
  }

  private static func summaryText(_ day: SampleDayBuilder, _ ticket: SampleSupportTicket) -> String {
    "- Problem: \(V.intents[ticket.intent].topic.lowercased()) (\(ticket.label)).\n- Promised: "
      + day.pool.prose(&day.rng, sentences: 1) + "\n- Follow-up: " + day.pool.prose(&day.rng, sentences: 1)
  }
}
