/// Texts generated once per run and reused by every call: system prompts, knowledge-base chunks,
/// source files, test logs and a sentence pool for fast dynamic prose.
///
/// Reuse is deliberate: real agent logs repeat most of their bytes (system prompts, re-sent
/// history), and the analyzer's memoisation should see that.
final class SampleTextPool {
  typealias V = SampleVocabulary

  let triageSystem: SampleText
  let answerSystem: SampleText
  let summarizeSystem: SampleText
  let plannerSystem: SampleText
  let coderSystemIntro: SampleText
  let coderSystemRules: SampleText
  let reviewerSystem: SampleText
  let digestSystem: SampleText
  let extractorSystem: SampleText
  let faqSystem: SampleText
  /// Knowledge-base chunks per intent (index into `SampleVocabulary.intents`).
  let kbChunks: [[SampleText]]
  /// Source files of the coder's repository.
  let codeFiles: [(path: String, text: SampleText)]
  /// The lines of each source file (search hits, patches).
  let codeLines: [[String]]
  /// Test-run logs.
  let testOutputs: [SampleText]
  /// Ready-made sentences for answers and documents.
  let sentences: [String]
  let plannerTools: SampleToolSet
  let coderTools: SampleToolSet

  init(seed: UInt64) {
    var rng = SampleRandom(seed: seed, stream: 0x900)
    sentences = (0..<3000).map { _ in SampleProse.sentence(&rng) }
    let labels = V.intents.map { "- \($0.label): \($0.topic.lowercased())" }.joined(separator: "\n")
    triageSystem = SampleText(
      SampleProse.document(
        &rng,
        header: "You are the triage classifier for Acme Commerce customer support.\n"
          + "Read the customer's message and reply with exactly one label from the list below, and nothing else.\n"
          + "Labels:\n\(labels)\n- other: anything else",
        sections: ["Edge cases", "Ambiguous messages"], targetTokens: 700))
    answerSystem = SampleText(
      SampleProse.document(
        &rng,
        header: "You are Acme Commerce's customer support assistant. Answer the customer using only the "
          + "knowledge-base excerpts given in <knowledge_base> tags. If the excerpts do not cover the question, "
          + "say so and offer to escalate to a human agent. Never invent order details.",
        sections: ["Tone", "Refund policy", "Shipping policy", "Escalation", "Privacy", "Formatting"],
        targetTokens: 2600))
    summarizeSystem = SampleText(
      "Summarize the support conversation for the CRM in at most three bullet points: the customer's problem, "
        + "what was promised, and any follow-up owed. Do not include personal data beyond the first name.")
    plannerSystem = SampleText(
      SampleProse.document(
        &rng,
        header: "You are the planning agent of Acme's engineering team. Break the request into tasks, look up "
          + "the relevant code first, then create tasks and assign each one to the right agent. Use tools; "
          + "do not write code yourself.",
        sections: ["Planning rules", "Task sizing", "Repositories", "Ownership", "Definition of done", "Examples"],
        targetTokens: 3200))
    coderSystemIntro = SampleText(
      "You are the coding agent for Acme Commerce. You work in a checked-out repository through tools. "
        + "Read before you write, keep changes minimal, and run the tests before you finish.")
    coderSystemRules = SampleText(
      SampleProse.document(
        &rng, header: "# Repository conventions",
        sections: ["Style", "Testing", "Error handling", "Logging", "Commits", "Security"], targetTokens: 2300))
    reviewerSystem = SampleText(
      SampleProse.document(
        &rng,
        header: "You review patches written by the coding agent. Report correctness problems first, then "
          + "missing tests, then style. Answer with a short verdict line: APPROVE or REQUEST_CHANGES.",
        sections: ["Checklist"], targetTokens: 600))
    digestSystem = SampleText(
      SampleProse.document(
        &rng,
        header: "You write the nightly account digest. Given one account's activity log for the previous day, "
          + "write a short digest for the account owner: notable changes, anomalies, and suggested actions.",
        sections: ["Anomalies", "Tone", "Format", "What to leave out"], targetTokens: 1400))
    extractorSystem = SampleText(
      "Extract invoice fields from the email below. Reply with a JSON object with exactly these keys: "
        + "vendor, invoice_number, total, currency, due_date (YYYY-MM-DD). Use null for a missing field. "
        + "Do not add any other text. " + SampleProse.paragraph(&rng, sentences: 12))
    faqSystem = SampleText(
      SampleProse.document(
        &rng,
        header: "Answer questions about Acme Cloud using the FAQ below. Answer in at most three sentences.",
        sections: ["FAQ: plans", "FAQ: limits", "FAQ: security"], targetTokens: 1150))
    kbChunks = V.intents.enumerated().map { i, intent in
      (0..<24).map { k in
        var s = "[KB-\(1000 + i * 100 + k)] \(intent.topic) — \(SampleProse.capitalized(rng.pick(V.adjectives))) "
        s += SampleProse.plural(rng.pick(V.nouns)) + "\n"
        s += SampleProse.paragraph(&rng, sentences: rng.int(12...24))
        return SampleText(s)
      }
    }
    codeFiles = (0..<120).map { _ in SampleCode.file(&rng) }
    codeLines = codeFiles.map { $0.text.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
    testOutputs = (0..<30).map { _ in SampleText(SampleCode.testLog(&rng)) }
    plannerTools = SampleToolCatalog.planner()
    coderTools = SampleToolCatalog.coder()
  }

  /// A generated source file above 800 KB, read whole by the coder in long-context traces.
  private(set) lazy var generatedFile: SampleText = {
    var s = "// Generated by schema-gen from schemas/registry.yaml. DO NOT EDIT.\n\n"
    var i = 0
    while s.utf8.count < 840_000 {
      s += codeFiles[i % codeFiles.count].text.text + "\n"
      i += 7
    }
    return SampleText(s)
  }()

  /// `count` pooled sentences joined into one paragraph.
  func prose(_ rng: inout SampleRandom, sentences count: Int) -> String {
    var s = ""
    for i in 0..<count {
      if i > 0 { s += " " }
      s += sentences[rng.below(sentences.count)]
    }
    return s
  }
}
