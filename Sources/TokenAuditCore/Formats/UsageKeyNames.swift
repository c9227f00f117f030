/// What a token-count key means, told from the words of its name, for loggers that name their counts
/// their own way: `tokens_in`, `num_input_tokens`, `n_prompt_tokens`, `inputTokenCount`,
/// `request_tokens` / `response_tokens` (Pydantic AI), `cached_input_tokens`, `cache_read`…
///
/// A name is split into lowercase words at `_`, `-`, `.`, spaces and camelCase humps. Outside a
/// usage object a name must also say `token` or `tokens` (a bare `input` on a log line is a text),
/// and names about money, time, characters or limits (`cost`, `ms`, `chars`, `max`…) are never counts.
enum UsageKeyNames {
  enum Role: Equatable {
    case input, output, cacheRead, cacheWrite, reasoning, total
  }

  /// The role of a count named `key`; `nested` when the key is inside a usage object.
  static func role(of key: String, nested: Bool) -> Role? {
    let words = self.words(key)
    guard !words.isEmpty else { return nil }
    let set = Set(words)
    if !nested && !set.contains("token") && !set.contains("tokens") { return nil }
    if !set.isDisjoint(with: excluded) { return nil }
    let cache = set.contains("cache") || set.contains("cached")
    if cache {
      if set.contains("miss") || set.contains("misses") { return nil }
      if !set.isDisjoint(with: ["write", "writes", "written", "creation", "create", "created"]) { return .cacheWrite }
      return .cacheRead
    }
    if !set.isDisjoint(with: ["reasoning", "thinking", "thoughts", "thought"]) { return .reasoning }
    if set.contains("total") { return .total }
    if !set.isDisjoint(with: ["input", "prompt", "in", "request", "context"]) { return .input }
    if !set.isDisjoint(with: ["output", "completion", "out", "response", "generated", "generation", "candidates"]) {
      return .output
    }
    return nil
  }

  /// Words that make a number something other than a token count.
  static let excluded: Set<String> = [
    "cost", "costs", "price", "usd", "ms", "seconds", "sec", "duration", "latency", "time", "chars", "characters",
    "bytes", "length", "len", "max", "limit", "budget", "remaining", "rate", "per", "audio", "image", "images",
    "details", "percent", "ratio", "window", "estimate", "estimated",
  ]

  /// The lowercase words of a key.
  static func words(_ key: String) -> [String] {
    var out: [String] = []
    var current = ""
    var previousLower = false
    for ch in key {
      if ch == "_" || ch == "-" || ch == "." || ch == " " {
        if !current.isEmpty { out.append(current) }
        current = ""
        previousLower = false
        continue
      }
      if ch.isUppercase && previousLower {
        out.append(current)
        current = ""
      }
      current += ch.lowercased()
      previousLower = ch.isLowercase || ch.isNumber
    }
    if !current.isEmpty { out.append(current) }
    return out
  }
}
