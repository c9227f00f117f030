/// The engineering workflow: the `planner` (long stable system prompt, 24 tools of which three
/// are ever called, a timestamp at the top of the prompt in some traces) breaks a request into
/// tasks; the `coder` runs a tool-use loop that re-sends every file it read and every test log;
/// a reasoning model reviews the patch. Now and then the coder reads a huge generated file and
/// its last prompt crosses 200k tokens.
enum SampleEngineeringScenario {
  static let features = [
    "rate limiting", "CSV export", "webhook retries", "partial refunds", "address validation", "coupon stacking",
    "audit logging", "cursor pagination", "idempotency keys", "multi-currency invoices", "carrier fallback",
    "session timeouts",
  ]

  static func run(_ day: SampleDayBuilder, at start: Int64) {
    let trace = day.traceID()
    let module = day.rng.pick(SampleCode.modules)
    let feature = day.rng.pick(features)
    let repo = "acme/" + module.lowercased()
    let task =
      "Add \(feature) to \(module). \(day.pool.prose(&day.rng, sentences: day.rng.int(2...4)))\n"
      + "Acceptance criteria:\n- \(day.pool.prose(&day.rng, sentences: 1))\n- \(day.pool.prose(&day.rng, sentences: 1))"
    let meta = [("repo", repo), ("task_source", "linear")]
    let (plan, taskID, end) = planner(
      day, trace: trace, task: task, feature: feature, repo: repo, meta: meta, at: start)
    let coderStart = end + Int64(day.rng.int(2000...60_000))
    let (patches, coderEnd) = SampleCoderLoop.run(
      day, trace: trace, task: "Implement \(taskID): \(task)\n\nPlan:\n\(plan)", meta: meta, at: coderStart)
    review(
      day, trace: trace, task: task, patches: patches, meta: meta, at: coderEnd + Int64(day.rng.int(1000...20_000)))
  }

  /// Three or four planner calls; returns the final plan text, the first task id and the end time.
  private static func planner(
    _ day: SampleDayBuilder, trace: String, task: String, feature: String, repo: String, meta: [(String, String)],
    at start: Int64
  ) -> (String, String, Int64) {
    // Two traces in five put the time at the top of the prompt (the second and fourth, so small
    // samples have some).
    let timestamped = day.coderTraces % 5 == 1 || day.coderTraces % 5 == 3
    var messages: [SampleMessage] = [.user(task)]
    var clock = start
    let taskCount = day.rng.int(1...3)
    let taskIDs = (0..<taskCount).map { _ in "T-\(day.rng.int(1000...9999))" }
    let assign = day.rng.chance(0.7)
    let plan =
      "Plan for \(feature):\n"
      + taskIDs.enumerated().map { i, id in
        "\(i + 1). \(id): \(day.pool.prose(&day.rng, sentences: 2))"
      }.joined(separator: "\n")
    var steps = toolSteps(day, feature: feature, repo: repo, taskIDs: taskIDs, assign: assign)
    steps.append([.text(SampleText(plan))])
    for (i, response) in steps.enumerated() {
      let header = timestamped ? SampleText("Current date and time: \(SampleClock.plain(clock)) UTC") : nil
      let isFinal = i == steps.count - 1
      var call = SampleCall(
        agent: .planner, phase: "plan", traceID: trace, model: .gpt41,
        system: SampleSystem(id: 20, header: header, blocks: [day.pool.prompts.planner], cache: .none, asBlocks: false),
        messages: messages, maxTokens: 2048, response: response, finish: isFinal ? .stop : .toolUse)
      call.tools = day.pool.plannerTools
      call.temperature = "0.2"
      call.extendsTracePrefix = i > 0
      call.metadata = meta
      clock = day.emit(call, at: clock).end + Int64(day.rng.int(80...2500))
      if isFinal { break }
      messages.append(SampleMessage(user: false, response))
      messages.append(toolResults(day, response, taskIDs: taskIDs))
    }
    return (plan, taskIDs[0], clock)
  }

  /// The planner's tool calls: search, create tasks, and (usually) assign them.
  private static func toolSteps(
    _ day: SampleDayBuilder, feature: String, repo: String, taskIDs: [String], assign: Bool
  ) -> [[SampleBlock]] {
    let search = SampleToolInput.use(
      day, .openAI, "search_code",
      [("query", .string(feature.replacingSpaces())), ("repo", .string(repo)), ("max_results", .int(20))])
    var steps: [[SampleBlock]] = [[.toolUse(search)]]
    steps.append(
      taskIDs.map { _ in
        let fields: [(String, SampleArgument)] = [
          ("title", .string("Implement " + feature + ": " + day.pool.prose(&day.rng, sentences: 1))),
          ("description", .string(day.pool.prose(&day.rng, sentences: 3))), ("assignee", .string("coder")),
          ("priority", .string(day.rng.pick(["low", "medium", "high"]))),
        ]
        return .toolUse(SampleToolInput.use(day, .openAI, "create_task", fields))
      })
    if assign {
      steps.append(
        taskIDs.map {
          .toolUse(
            SampleToolInput.use(day, .openAI, "assign_agent", [("task_id", .string($0)), ("agent", .string("coder"))]))
        })
    }
    return steps
  }

  /// What the planner's tools returned, as the next user turn.
  private static func toolResults(_ day: SampleDayBuilder, _ response: [SampleBlock], taskIDs: [String])
    -> SampleMessage
  {
    SampleMessage(
      user: true,
      response.enumerated().map { k, b in
        guard case .toolUse(let u) = b else { return b }
        let result: String
        switch u.name {
        case "search_code": result = SampleToolInput.searchHits(day, count: day.rng.int(6...18))
        case "create_task": result = "{\"task_id\": \"\(taskIDs[k])\", \"status\": \"created\"}"
        default: result = "{\"ok\": true}"
        }
        return .toolResult(id: u.id, content: SampleText(result), isError: false)
      })
  }

  private static func review(
    _ day: SampleDayBuilder, trace: String, task: String, patches: [String], meta: [(String, String)], at time: Int64
  ) {
    let verdict = day.rng.chance(0.75) ? "APPROVE" : "REQUEST_CHANGES"
    var call = SampleCall(
      agent: .coder, phase: "review", traceID: trace, model: .o4Mini,
      system: SampleSystem(id: 22, header: nil, blocks: [day.pool.prompts.reviewer], cache: .none, asBlocks: false),
      messages: [.user("Task: \(task)\n\nPatch:\n" + patches.joined(separator: "\n"))], maxTokens: 8000,
      response: [.text(SampleText(verdict + "\n\n" + day.pool.prose(&day.rng, sentences: day.rng.int(2...6))))],
      finish: .stop)
    call.reasoningTokens = day.rng.int(4...48) * 64
    call.reasoningEffort = "medium"
    call.metadata = meta
    day.emit(call, at: time)
  }
}

extension String {
  /// Spaces replaced by `_` (search queries built from feature names).
  fileprivate func replacingSpaces() -> String {
    String(self.map { $0 == " " ? "_" : $0 })
  }
}
