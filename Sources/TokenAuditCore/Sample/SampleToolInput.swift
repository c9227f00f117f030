/// A scalar argument of a tool call.
enum SampleArgument {
  case string(String)
  case int(Int)
  case bool(Bool)
}

/// Builds tool-call arguments as JSON object text.
enum SampleToolInput {
  /// `{"key": value, …}` in the given order.
  static func make(_ fields: [(String, SampleArgument)]) -> SampleText {
    var w = SampleJSONWriter(capacity: 256)
    w.beginObject()
    for (k, v) in fields {
      w.dynamicKey(k)
      switch v {
      case .string(let s): w.string(s)
      case .int(let n): w.int(n)
      case .bool(let b): w.bool(b)
      }
    }
    w.endObject()
    return SampleText(String(decoding: w.bytes, as: UTF8.self))
  }

  /// A tool use block with a fresh id.
  static func use(
    _ day: SampleDayBuilder, _ provider: SampleProvider, _ name: String,
    _ fields: [(String, SampleArgument)]
  ) -> SampleToolUse {
    SampleToolUse(id: day.toolUseID(provider), name: name, input: make(fields))
  }

  /// `path:line:  code` search hits from the pooled source files.
  static func searchHits(_ day: SampleDayBuilder, count: Int) -> String {
    var s = ""
    for _ in 0..<count {
      let f = day.rng.below(day.pool.codeFiles.count)
      let lines = day.pool.codeLines[f]
      let n = day.rng.below(lines.count)
      s += day.pool.codeFiles[f].path + ":" + String(n + 1) + ":" + lines[n] + "\n"
    }
    return s
  }

  /// A unified diff against one pooled file.
  static func patch(_ day: SampleDayBuilder) -> (path: String, diff: String, added: Int, removed: Int) {
    let f = day.rng.below(day.pool.codeFiles.count)
    let file = day.pool.codeFiles[f]
    let lines = day.pool.codeLines[f]
    let start = day.rng.below(max(1, lines.count - 12))
    let window = lines[start..<min(lines.count, start + day.rng.int(6...12))]
    var body = ""
    var added = 0
    var removed = 0
    for line in window {
      switch day.rng.below(6) {
      case 0:
        body += "-\(line)\n"
        removed += 1
      case 1:
        body += "+\(line)\n+    // \(day.pool.prose(&day.rng, sentences: 1))\n"
        added += 2
      default: body += " \(line)\n"
      }
    }
    let header =
      "--- a/\(file.path)\n+++ b/\(file.path)\n@@ -\(start + 1),\(window.count - added) "
      + "+\(start + 1),\(window.count + added - removed) @@\n"
    return (file.path, header + body, added, removed)
  }
}
