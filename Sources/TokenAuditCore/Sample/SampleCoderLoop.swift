/// The `coder` agent's tool-use loop on Claude: every call re-sends the task, each file read and
/// each test log so far, with incremental prompt caching (system prompt cached for an hour, a
/// 5-minute breakpoint on the newest message).
enum SampleCoderLoop {
  private static let intros = [
    "I'll look at the current implementation first.", "Let me check how this is wired up.",
    "Now I'll make the change.", "Let me run the tests to verify.", "I'll search for other call sites.",
    "Let me look at the directory layout.",
  ]

  /// Runs one loop; returns the patches written and the time the last response arrived.
  static func run(
    _ day: SampleDayBuilder, trace: String, task: String, meta: [(String, String)], at start: Int64
  ) -> ([String], Int64) {
    day.coderTraces += 1
    let every = day.options.longContextEvery
    let longContext = every > 0 && (day.coderTraces - 1) % every == min(7, every - 1)
    let pool = day.pool
    let system = SampleSystem(
      id: 21, header: nil, blocks: [pool.prompts.coderIntro, pool.prompts.coderRules], cache: .ephemeral1h,
      asBlocks: true)
    var actions = ["read_file"]
    if day.rng.chance(0.5) { actions.append(day.rng.chance(0.5) ? "search_code" : "list_directory") }
    if day.rng.chance(0.4) { actions.append("read_file") }
    actions += ["apply_patch", "run_tests"]
    if day.rng.chance(0.35) { actions += ["read_file", "apply_patch", "run_tests"] }
    if longContext { actions.append("read_generated") }
    var messages: [SampleMessage] = [.user(task)]
    var patches: [String] = []
    var clock = start
    for action in actions {
      let (use, result, toolMS) = step(day, action, patches: &patches)
      let response: [SampleBlock] = [.text(SampleText(day.rng.pick(intros))), .toolUse(use)]
      clock = day.emit(call(day, trace, system, messages, response, .toolUse, meta), at: clock).end + toolMS
      messages.append(SampleMessage(user: false, response))
      messages.append(SampleMessage(user: true, [.toolResult(id: use.id, content: result, isError: false)]))
    }
    let summary = "Done. \(pool.prose(&day.rng, sentences: day.rng.int(2...5))) All tests pass."
    var last = call(day, trace, system, messages, [.text(SampleText(summary))], .stop, meta)
    last.longContext = longContext
    let end = day.emit(last, at: clock).end
    return (patches, end)
  }

  private static func call(
    _ day: SampleDayBuilder, _ trace: String, _ system: SampleSystem, _ messages: [SampleMessage],
    _ response: [SampleBlock], _ finish: SampleFinish, _ meta: [(String, String)]
  ) -> SampleCall {
    var c = SampleCall(
      agent: .coder, phase: "execute", traceID: trace, model: .claudeSonnet45, system: system, messages: messages,
      maxTokens: 8192, response: response, finish: finish)
    c.tools = day.pool.coderTools
    c.cacheLastMessage = true
    c.metadata = meta
    return c
  }

  /// One tool call, its result and how long the tool took.
  private static func step(
    _ day: SampleDayBuilder, _ action: String, patches: inout [String]
  ) -> (SampleToolUse, SampleText, Int64) {
    let pool = day.pool
    switch action {
    case "read_file":
      let file = day.rng.pick(pool.codeFiles)
      return (
        SampleToolInput.use(day, .anthropic, "read_file", [("path", .string(file.path))]), file.text,
        Int64(day.rng.int(30...300))
      )
    case "read_generated":
      return (
        SampleToolInput.use(
          day, .anthropic, "read_file", [("path", .string("Sources/Generated/SchemaRegistry.swift"))]),
        pool.generatedFile, Int64(day.rng.int(200...900))
      )
    case "search_code":
      let hits = SampleToolInput.searchHits(day, count: day.rng.int(5...25))
      let pattern = day.rng.pick(SampleCode.codeVerbs) + day.rng.pick(SampleCode.typeNames)
      return (
        SampleToolInput.use(
          day, .anthropic, "search_code", [("pattern", .string(pattern)), ("glob", .string("*.swift"))]),
        SampleText(hits), Int64(day.rng.int(100...900))
      )
    case "list_directory":
      let module = day.rng.pick(SampleCode.modules)
      let listing = (0..<day.rng.int(8...30)).map { _ in day.rng.pick(pool.codeFiles).path }.joined(separator: "\n")
      return (
        SampleToolInput.use(
          day, .anthropic, "list_directory", [("path", .string("Sources/\(module)")), ("recursive", .bool(true))]),
        SampleText(listing), Int64(day.rng.int(20...200))
      )
    case "apply_patch":
      let p = SampleToolInput.patch(day)
      patches.append(p.diff)
      return (
        SampleToolInput.use(day, .anthropic, "apply_patch", [("patch", .string(p.diff))]),
        SampleText("Applied patch to \(p.path): 1 hunk, +\(p.added) -\(p.removed)"), Int64(day.rng.int(50...400))
      )
    default:
      return (
        SampleToolInput.use(day, .anthropic, "run_tests", [("verbose", .bool(true))]), day.rng.pick(pool.testOutputs),
        Int64(day.rng.int(5000...90_000))
      )
    }
  }
}
