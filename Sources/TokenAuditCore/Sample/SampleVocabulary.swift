/// Word lists and templates the sample texts are built from (all invented; no real data).
enum SampleVocabulary {
  static let firstNames = [
    "Emma", "Liam", "Olivia", "Noah", "Ava", "Mateo", "Sofia", "Lucas", "Mia", "Ethan", "Amelia", "James",
    "Harper", "Benjamin", "Chloé", "José", "Zoë", "Łukasz", "Søren", "Björn", "Priya", "Arjun", "Mei", "Hiroshi",
    "Fatima", "Omar", "Ingrid", "Pedro", "Aisha", "Kwame", "Nina", "Tomás", "Elena", "Dmitri", "Grace", "Rafael",
    "Hannah", "Jonas", "Leila", "Marco", "Anya", "Diego", "Clara", "Samuel", "Yuki", "Noor", "Felix", "Isabel",
  ]
  static let lastNames = [
    "García", "Müller", "Nguyen", "Smith", "Johnson", "Kowalski", "Rossi", "Silva", "Tanaka", "Okafor", "Larsen",
    "Dubois", "Novak", "Patel", "Kim", "Hansen", "Schneider", "Moreau", "Ferreira", "Ivanova", "O'Brien", "Murphy",
    "Andersson", "Yilmaz", "Haddad", "Mensah", "Lindqvist", "Costa", "Fischer", "Walker", "Chen", "Romero",
    "Svensson", "Bakker", "Nowak", "Popescu", "Herrera", "Dalton", "Quinn", "Brennan",
  ]
  static let products = [
    "wireless earbuds", "standing desk", "espresso machine", "ergonomic chair", "4K monitor", "mechanical keyboard",
    "air purifier", "robot vacuum", "smart thermostat", "hiking backpack", "cast-iron skillet", "electric kettle",
    "noise-cancelling headphones", "yoga mat", "laptop sleeve", "desk lamp", "water filter", "running shoes",
    "portable charger", "webcam", "bluetooth speaker", "fitness tracker", "blender", "rain jacket",
  ]
  static let cities = [
    "Lisbon", "Austin", "Toronto", "Berlin", "Melbourne", "Dublin", "Denver", "Lyon", "Kraków", "Osaka",
    "Portland", "Valencia", "Rotterdam", "Seattle", "Malmö", "Bristol",
  ]
  static let streets = [
    "Maple Avenue", "Harbour Road", "Elm Street", "Rua Augusta", "King Street West", "Lindenstraße", "Ocean Drive",
    "Station Road", "Calle Mayor", "Queen Street", "Bridge Lane", "Park Boulevard",
  ]
  static let months = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December",
  ]

  // MARK: - Pseudo-prose

  static let nouns = [
    "account", "order", "invoice", "shipment", "customer", "payment", "refund", "warehouse", "carrier", "policy",
    "request", "subscription", "discount", "address", "label", "package", "return", "replacement", "warranty",
    "receipt", "balance", "plan", "team", "workspace", "report", "dashboard", "integration", "token", "limit",
    "region", "schedule", "deadline", "ticket", "escalation", "agent", "queue", "template", "record", "profile",
    "session", "service", "deployment", "release", "build", "migration", "index", "cache", "endpoint", "field",
  ]
  static let verbs = [
    "updates", "confirms", "reviews", "approves", "tracks", "sends", "applies", "checks", "records", "cancels",
    "processes", "routes", "validates", "resolves", "schedules", "notifies", "exports", "imports", "refreshes",
    "verifies", "assigns", "archives", "calculates", "reconciles", "flags",
  ]
  static let adjectives = [
    "pending", "standard", "expedited", "damaged", "partial", "recurring", "annual", "monthly", "primary",
    "secondary", "legacy", "regional", "manual", "automatic", "verified", "temporary", "international", "default",
    "previous", "current", "overdue", "eligible", "missing", "duplicate",
  ]
  static let connectives = [
    "before", "after", "when", "unless", "once", "while", "because", "until", "so that", "even if",
  ]
  static let adverbs = [
    "usually", "always", "only", "automatically", "manually", "immediately", "typically", "never", "quickly",
    "within two business days",
  ]

  // MARK: - Support tickets

  /// One customer intent with paraphrased wordings; `{order}`, `{product}`, `{date}`, `{amount}`,
  /// `{city}` are filled per ticket.
  struct Intent {
    let label: String
    let topic: String
    let templates: [String]
  }

  static let intents: [Intent] = [
    Intent(
      label: "order_status", topic: "Shipping and delivery",
      templates: [
        "Where is my order #{order}?",
        "Can you tell me the status of order #{order}?",
        "I placed order #{order} on {date} and it still hasn't arrived. Any update?",
        "Has order #{order} shipped yet? The tracking page shows nothing.",
      ]),
    Intent(
      label: "refund_request", topic: "Returns and refunds",
      templates: [
        "I want a refund for order #{order}, the {product} arrived damaged.",
        "Please refund order #{order}. The {product} was broken when it arrived.",
        "The {product} from order #{order} came damaged, how do I get my money back?",
      ]),
    Intent(
      label: "billing_dispute", topic: "Billing and payments",
      templates: [
        "I was charged twice ({amount}) for order #{order}.",
        "My card shows two charges of {amount} for order #{order}, please fix this.",
        "Why did you bill me {amount} two times for order #{order}?",
      ]),
    Intent(
      label: "address_change", topic: "Shipping and delivery",
      templates: [
        "Can I change the delivery address for order #{order} to {street}, {city}?",
        "I need order #{order} delivered to {street}, {city} instead.",
        "Please update the shipping address on order #{order}; I moved to {street}, {city}.",
      ]),
    Intent(
      label: "cancel_subscription", topic: "Subscriptions",
      templates: [
        "How do I cancel my subscription before the renewal on {date}?",
        "Please cancel my plan, it renews on {date} and I don't want to be charged.",
        "I'd like to stop my subscription before {date}.",
      ]),
    Intent(
      label: "login_problem", topic: "Account access",
      templates: [
        "I can't log in since {date}, the reset email never arrives.",
        "Password reset emails aren't reaching me and I've been locked out since {date}.",
        "My account is locked since {date} and the reset link doesn't come through.",
      ]),
    Intent(
      label: "invoice_copy", topic: "Billing and payments",
      templates: [
        "Can you send me a copy of the invoice for order #{order}?",
        "I need the VAT invoice for order #{order} for my expense report.",
        "Please email me the invoice for order #{order}.",
      ]),
    Intent(
      label: "warranty_claim", topic: "Warranty and repairs",
      templates: [
        "My {product} from order #{order} stopped working, is it under warranty?",
        "The {product} I bought (order #{order}) died after a few weeks. Warranty claim please.",
        "Is order #{order}'s {product} still covered by the warranty? It no longer turns on.",
      ]),
  ]

  static let greetings = ["Hi, this is {first} {last}.", "Hello, {first} {last} here.", "Hey there,", "Good morning,"]
  static let signoffs = ["Thanks, {first}", "Best regards,\n{first} {last}", "Cheers, {first}", "Thank you!\n{first}"]
  static let contextOpeners = [
    "I ordered it as a gift for my", "This is the second time this happened with my", "I need it urgently for my",
    "I already contacted you about my", "It was supposed to be ready for my", "I'm travelling next week for my",
  ]
  static let contextObjects = [
    "sister's birthday", "new apartment", "team offsite", "daughter's graduation", "home office", "anniversary",
    "conference talk", "camping trip", "parents' visit", "client workshop", "move", "marathon",
  ]
  static let followUps = [
    "Thanks. Can you also check whether the {product} can be exchanged instead?",
    "OK, and how long will that take?",
    "That doesn't answer my question. I was told last week it would be sorted already.",
    "Could you send the confirmation to my other email as well?",
    "Great. Is there anything I need to print or sign?",
    "Can I get a discount code for the trouble?",
    "And what happens if the carrier loses it again?",
  ]
}
