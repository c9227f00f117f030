/// The system prompts of the sample agents, built once per run.
struct SampleSystemPrompts {
  typealias V = SampleVocabulary

  let triage: SampleText
  let answer: SampleText
  let summarize: SampleText
  let planner: SampleText
  let coderIntro: SampleText
  let coderRules: SampleText
  let reviewer: SampleText
  let digest: SampleText
  let extractor: SampleText
  let faq: SampleText

  init(_ rng: inout SampleRandom) {
    let labels = V.intents.map { "- \($0.label): \($0.topic.lowercased())" }.joined(separator: "\n")
    triage = SampleText(
      SampleProse.document(
        &rng,
        header: "You are the triage classifier for Acme Commerce customer support.\n"
          + "Read the customer's message and reply with exactly one label from the list below, and nothing else.\n"
          + "Labels:\n\(labels)\n- other: anything else",
        sections: ["Edge cases", "Ambiguous messages"], targetTokens: 700))
    answer = SampleText(
      SampleProse.document(
        &rng,
        header: "You are Acme Commerce's customer support assistant. Answer the customer using only the "
          + "knowledge-base excerpts given in <knowledge_base> tags. If the excerpts do not cover the question, "
          + "say so and offer to escalate to a human agent. Never invent order details.",
        sections: ["Tone", "Refund policy", "Shipping policy", "Escalation", "Privacy", "Formatting"],
        targetTokens: 2600))
    summarize = SampleText(
      "Summarize the support conversation for the CRM in at most three bullet points: the customer's problem, "
        + "what was promised, and any follow-up owed. Do not include personal data beyond the first name.")
    planner = SampleText(
      SampleProse.document(
        &rng,
        header: "You are the planning agent of Acme's engineering team. Break the request into tasks, look up "
          + "the relevant code first, then create tasks and assign each one to the right agent. Use tools; "
          + "do not write code yourself.",
        sections: ["Planning rules", "Task sizing", "Repositories", "Ownership", "Definition of done", "Examples"],
        targetTokens: 3200))
    coderIntro = SampleText(
      "You are the coding agent for Acme Commerce. You work in a checked-out repository through tools. "
        + "Read before you write, keep changes minimal, and run the tests before you finish.")
    coderRules = SampleText(
      SampleProse.document(
        &rng, header: "# Repository conventions",
        sections: ["Style", "Testing", "Error handling", "Logging", "Commits", "Security"], targetTokens: 2300))
    reviewer = SampleText(
      SampleProse.document(
        &rng,
        header: "You review patches written by the coding agent. Report correctness problems first, then "
          + "missing tests, then style. Answer with a short verdict line: APPROVE or REQUEST_CHANGES.",
        sections: ["Checklist"], targetTokens: 600))
    digest = SampleText(
      SampleProse.document(
        &rng,
        header: "You write the nightly account digest. Given one account's activity log for the previous day, "
          + "write a short digest for the account owner: notable changes, anomalies, and suggested actions.",
        sections: ["Anomalies", "Tone", "Format", "What to leave out"], targetTokens: 1400))
    extractor = SampleText(
      "Extract invoice fields from the email below. Reply with a JSON object with exactly these keys: "
        + "vendor, invoice_number, total, currency, due_date (YYYY-MM-DD). Use null for a missing field. "
        + "Do not add any other text. " + SampleProse.paragraph(&rng, sentences: 12))
    faq = SampleText(
      SampleProse.document(
        &rng,
        header: "Answer questions about Acme Cloud using the FAQ below. Answer in at most three sentences.",
        sections: ["FAQ: plans", "FAQ: limits", "FAQ: security"], targetTokens: 1150))
  }
}
