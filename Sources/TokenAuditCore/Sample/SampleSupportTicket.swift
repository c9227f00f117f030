/// The facts behind one customer message, so it can be re-sent, paraphrased or varied by one entity.
struct SampleSupportTicket {
  typealias V = SampleVocabulary

  var intent: Int
  var template: Int
  var greeting: Int
  var signoff: Int
  var first: String
  var last: String
  var order: Int
  var product: String
  var date: String
  var amount: String
  var street: String
  var city: String
  var context: String
  /// Knowledge-base chunks retrieved for the first message (indices into the intent's chunks).
  var chunks: [Int]
  /// Whether this conversation's system prompt carries `cache_control`.
  var cachedSystem: Bool

  init(_ rng: inout SampleRandom, dayNumber: Int) {
    intent = rng.below(V.intents.count)
    template = rng.below(V.intents[intent].templates.count)
    greeting = rng.below(V.greetings.count)
    signoff = rng.below(V.signoffs.count)
    first = rng.pick(V.firstNames)
    last = rng.pick(V.lastNames)
    order = rng.int(10_000...99_999)
    product = rng.pick(V.products)
    date = SampleClock.date(days: dayNumber - rng.int(2...25))
    amount = "$\(rng.int(12...480)).\(rng.int(10...99))"
    street = "\(rng.int(1...240)) \(rng.pick(V.streets))"
    city = rng.pick(V.cities)
    context = "\(rng.pick(V.contextOpeners)) \(rng.pick(V.contextObjects)), and it's been \(rng.int(2...21)) days."
    chunks = Array(Set((0..<rng.int(3...5)).map { _ in rng.below(24) })).sorted()
    cachedSystem = rng.chance(0.5)
  }

  var label: String { V.intents[intent].label }

  /// Whether the chosen wording mentions an order number.
  var mentionsOrder: Bool { V.intents[intent].templates[template].contains("{order}") }

  private var values: [(String, String)] {
    [
      ("order", String(order)), ("product", product), ("date", date), ("amount", amount), ("street", street),
      ("city", city), ("first", first), ("last", last),
    ]
  }

  /// The customer's message as sent.
  var text: String {
    let v = values
    return SampleProse.fill(V.greetings[greeting], v) + "\n\n"
      + SampleProse.fill(V.intents[intent].templates[template], v)
      + " " + context + "\n\n" + SampleProse.fill(V.signoffs[signoff], v)
  }

  /// The same request in other words: another wording and greeting, same entities.
  func paraphrased(_ rng: inout SampleRandom) -> SampleSupportTicket {
    var t = self
    let n = V.intents[intent].templates.count
    t.template = (template + 1 + rng.below(n - 1)) % n
    t.greeting = (greeting + 1 + rng.below(V.greetings.count - 1)) % V.greetings.count
    return t
  }

  /// The same message about another order, date or customer; returns the entity changed.
  func lookAlike(_ rng: inout SampleRandom, dayNumber: Int) -> (SampleSupportTicket, String) {
    var t = self
    let wording = V.intents[intent].templates[template]
    if wording.contains("{order}") {
      t.order = order + (rng.chance(0.5) ? 1 : -1) * rng.int(1...9)
      return (t, "order")
    }
    if wording.contains("{date}") {
      t.date = SampleClock.date(days: dayNumber - rng.int(26...40))
      return (t, "date")
    }
    while t.first == first { t.first = rng.pick(V.firstNames) }
    return (t, "customer")
  }

  /// A reply from the support assistant.
  func answer(_ rng: inout SampleRandom, pool: SampleTextPool, turn: Int) -> String {
    var s = "Hi \(first),\n\n"
    s += turn == 1 ? "Thanks for reaching out" : "Thanks for the follow-up"
    s += mentionsOrder ? " about order #\(order). " : ". "
    s += pool.prose(&rng, sentences: rng.int(3...9))
    s += "\n\nIs there anything else I can help you with?\n\nBest,\nAcme Support"
    return s
  }
}
