import Foundation
import Testing

@testable import TokenAuditCore

/// ~50,000 synthetic calls through the three caching detectors: completes, and finds the planted
/// exact repeats, paraphrase groups and cacheable prefixes without merging look-alikes. Time and
/// memory are printed, never asserted.
@Suite struct CachingScaleTests {
  /// A small deterministic generator (SplitMix64).
  typealias Rng = SplitMix

  static let paraphrases = [
    "Where is my order #%d?", "Can you tell me where my order #%d is?", "Order #%d status?",
    "Track order #%d please", "What's the status of order %d?",
  ]

  struct Planted {
    var facts: [CallFacts] = []
    var exact: [[String]] = []
    var similar: [[String]] = []
    var lookalikes = Set<String>()
  }

  /// Calls like an agent team's logs: three in five are steps of agent loops (the same task
  /// re-sent with a growing history of tool calls and results), the rest single requests: unique
  /// ones, look-alikes about other orders, negations, and the planted repeats and paraphrases.
  static func generate(count: Int) -> Planted {
    var rng = Rng(state: 42)
    let extractor = FactExtractor(countTokens: FactExtractor.roughCount)
    let filler = String(
      repeating: "Rule: cite primary sources, prefer recent work and state uncertainty explicitly. ", count: 60)
    // Pseudo-words of two or three syllables: plain lower-case words the lexicon does not know.
    let syllables = ["ka", "lo", "mi", "ne", "pu", "ra", "si", "to", "vu", "ze", "bar", "dol", "fen", "gur", "hil"]
    let vocabulary = (0..<3000).map { (i: Int) -> String in
      let third: String = i >= 225 ? syllables[(i / 225) % 15] : ""
      return syllables[i % 15] + syllables[(i / 15) % 15] + third
    }
    func words(_ k: Int) -> String { (0..<k).map { _ in vocabulary[rng.int(vocabulary.count)] }.joined(separator: " ") }
    var p = Planted()
    var n = 0
    func make(_ agent: Int, _ messages: [ChatMessage], _ t: Int64, answer: String? = nil) -> CallFacts {
      n += 1
      var r = CallRecord(source: SourceLocation(file: "synthetic.jsonl", line: n), format: "native")
      r.requestID = "r\(n)"
      r.timestampMS = t
      r.agent = "agent-\(agent)"
      r.phase = "main"
      let anthropic = agent % 2 == 1
      r.provider = anthropic ? "anthropic" : "openai"
      r.model = anthropic ? "claude-sonnet-4-5" : "gpt-4o-mini"
      r.system = "You are agent \(agent) of the Acme team. " + (agent < 4 ? filler : "Answer briefly.")
      r.messages = messages
      r.responseText = answer ?? "Done: \(messages.last?.text.prefix(40) ?? "")"
      let chars = messages.reduce(r.system!.utf8.count) {
        $0 + $1.text.utf8.count + $1.toolResults.reduce(0) { $0 + $1.text.utf8.count }
      }
      r.usage = TokenUsage(inputTokens: chars / 4 + 10, outputTokens: 60)
      r.usageSource = .logged
      r.status = 200
      return extractor.facts(of: r)
    }
    func user(_ text: String) -> [ChatMessage] { [ChatMessage(role: .user, text: text)] }
    var t: Int64 = 1_772_000_000_000
    var exactPlan: [(agent: Int, text: String, left: Int, ids: [String])] = (0..<100).map {
      (agent: 4 + $0 % 6, text: "Summarise policy section \($0) for the onboarding guide", left: 5, ids: [])
    }
    var similarPlan: [(agent: Int, id: Int, next: Int, ids: [String])] = (0..<40).map {
      (agent: 10 + $0 % 5, id: 900_000 + $0, next: 0, ids: [])
    }
    while p.facts.count < count {
      t += 3_000
      let roll = rng.int(100)
      if roll < 60 {
        // An agent loop: the task, then tool calls and results, five steps.
        let agent = rng.int(4)
        var history = user("Research " + words(6) + " and write a brief")
        for step in 0..<5 where p.facts.count < count {
          p.facts.append(make(agent, history, t))
          t += 2_000
          history.append(
            ChatMessage(
              role: .assistant,
              toolCalls: [ToolCall(id: "c\(step)", name: "search", arguments: "{\"q\": \"\(words(2))\"}")]))
          history.append(ChatMessage(role: .tool, toolResults: [ToolResult(toolCallID: "c\(step)", text: words(60))]))
        }
      } else if roll < 62, let k = exactPlan.indices.first(where: { exactPlan[$0].left > 0 && rng.int(3) == 0 }) {
        let f = make(exactPlan[k].agent, user(exactPlan[k].text), t)
        exactPlan[k].left -= 1
        exactPlan[k].ids.append(f.requestID!)
        p.facts.append(f)
      } else if roll < 63, let k = similarPlan.indices.first(where: { similarPlan[$0].next < 5 && rng.int(3) == 0 }) {
        let s = similarPlan[k]
        let text = String(format: Self.paraphrases[s.next], s.id)
        let f = make(s.agent, user(text), t, answer: "Order #\(s.id) shipped yesterday and arrives on Friday.")
        similarPlan[k].next += 1
        similarPlan[k].ids.append(f.requestID!)
        p.facts.append(f)
      } else if roll < 75 {
        // Look-alikes: the same questions about other orders, and negated requests.
        let id = 100_000 + p.facts.count
        let text =
          roll < 72
          ? String(format: Self.paraphrases[rng.int(5)], id)
          : (roll == 72 ? "Cancel my order #%d" : "Don't cancel my order #%d").replacingOccurrences(
            of: "%d", with: "\(id % 700)")
        let f = make(10 + rng.int(5), user(text), t, answer: "About order \(id).")
        p.lookalikes.insert(f.requestID!)
        p.facts.append(f)
      } else {
        p.facts.append(make(4 + rng.int(16), user("Please handle " + words(8)), t))
      }
    }
    p.exact = exactPlan.map(\.ids).filter { $0.count == 5 }
    p.similar = similarPlan.map(\.ids).filter { $0.count == 5 }
    return p
  }

  static func residentMB() -> Double {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in s.split(separator: "\n") where line.hasPrefix("VmRSS:") {
      let kb = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
      return kb / 1024
    }
    return 0
  }

  @Test func fiftyThousandCalls() throws {
    let start = Date()
    let planted = Self.generate(count: 50_000)
    let facts = planted.facts
    let generated = Date()
    var merged = MergedInput()
    merged.facts = FactStore(facts)
    let result = Attributor(costModel: CachingHarness.costModel).attribute(
      merged, files: 1, run: RunInfo(toolVersion: "test", generatedAt: "2026-03-03T00:00:00Z", inputs: []))
    let config = AuditConfiguration()
    let context = DetectorContext(result: result, costModel: CachingHarness.costModel, configuration: config)
    let before = Self.residentMB()
    var times: [String] = []
    var t0 = Date()
    let exact = DetectorRunner.runOne(ExactRepeatsDetector.self, facts, config, context)
    times.append("exact-repeats \(String(format: "%.2f", Date().timeIntervalSince(t0))) s")
    t0 = Date()
    let similar = DetectorRunner.runOne(SimilarCallsDetector.self, facts, config, context)
    times.append("similar-calls \(String(format: "%.2f", Date().timeIntervalSince(t0))) s")
    t0 = Date()
    let prompt = DetectorRunner.runOne(PromptCachingDetector.self, facts, config, context)
    times.append("prompt-caching \(String(format: "%.2f", Date().timeIntervalSince(t0))) s")
    print(
      "scale: \(facts.count) calls; facts built in \(String(format: "%.2f", generated.timeIntervalSince(start))) s; "
        + times.joined(separator: ", ") + "; resident \(String(format: "%.0f", before)) → "
        + "\(String(format: "%.0f", Self.residentMB())) MB")

    // Every planted exact group is found whole.
    #expect(planted.exact.count >= 50)
    let exactGroups = Set(exact.repeatGroups.map { Set($0.requestIds) })
    for g in planted.exact { #expect(exactGroups.contains(Set(g))) }

    // Every planted paraphrase group lands in one similar group, which holds nothing else.
    #expect(planted.similar.count >= 20)
    let similarGroups = similar.repeatGroups.map { Set($0.requestIds) }
    for g in planted.similar {
      let holder = similarGroups.first { !$0.isDisjoint(with: g) }
      #expect(holder == Set(g))
    }
    // Look-alikes (other order ids, negations) are never grouped.
    #expect(similarGroups.allSatisfy { $0.isDisjoint(with: planted.lookalikes) })
    #expect(similar.sections.contains { $0.id == "templated-prompts" })

    // The long shared system prompts of the Anthropic agents are worth caching.
    #expect(prompt.findings.contains { $0.agent == "agent-1" && $0.kind == "prompt-caching" })
  }
}
