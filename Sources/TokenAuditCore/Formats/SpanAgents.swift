/// The spans of a trace file, each with its parent and the agent it names (if any), so that a call
/// span's agent can be resolved once the whole file is read: parents are often written after
/// their children (a span is exported when it ends).
struct SpanAgents {
  private var nodes: [String: (parent: String?, agent: String?)] = [:]

  /// Records a span.
  mutating func add(_ id: String, parent: String?, agent: String?) { nodes[id] = (parent, agent) }

  /// The agent of the nearest ancestor of `id` that names one (at most 256 levels up, so a cycle
  /// in bad data ends).
  func nearestAgent(above id: String) -> String? {
    var current = nodes[id]?.parent
    var hops = 0
    while let parent = current, hops < 256, let node = nodes[parent] {
      if let agent = node.agent { return agent }
      current = node.parent
      hops += 1
    }
    return nil
  }
}
