/// Langfuse observations: export rows (public API `camelCase`, blob-storage `snake_case`), API pages
/// (`{data: [...], meta}`), and SDK ingestion batches (`{batch: [{type: "generation-create",
/// body}, ...]}`).
///
/// Only `GENERATION` and `EMBEDDING` observations are calls; spans, agents, tools, events, traces and
/// scores are context (they are used for attribution). A `generation-update` event completes the
/// record its `generation-create` started. Usage comes from `usageDetails` (Langfuse keys are
/// disjoint: `input` excludes `input_cached_tokens`/`cache_read_input_tokens`, which are added; see
/// `LangfuseUsage`), else the legacy `usage` object. Cost: `costDetails.total`, else
/// `calculatedTotalCost`/`totalCost`.
///
/// Agent: `metadata.agent_name`/`metadata.agent`, else the name of the nearest ancestor observation
/// of type `AGENT`. Phase: the observation `name`. Workflow: `traceId`. Labels: `name`,
/// `metadata.*`, `trace.name`, `sessionId`, `userId`, `environment`, `tags`.
public final class LangfuseReader: LogFormatReader {
  public static let id = "langfuse"
  public static let displayName = "Langfuse observations (export rows, API pages, ingestion batches)"
  /// It updates records it emitted earlier in the file (see `LogFormatReader.emitsFinalRecords`).
  public static var emitsFinalRecords: Bool { false }

  static let observationTypes: Set<String> = [
    "GENERATION", "SPAN", "EVENT", "AGENT", "TOOL", "CHAIN", "RETRIEVER", "EVALUATOR", "EMBEDDING", "GUARDRAIL",
  ]
  static let callTypes: Set<String> = ["GENERATION", "EMBEDDING"]

  public static func matches(_ root: JSONValue, context: FileContext) -> Bool {
    if let batch = root["batch"], batch.isArray {
      return batch.element(at: 0)?["body"]?.isObject == true
    }
    if let data = root["data"], data.isArray, root["meta"] != nil {
      return data.element(at: 0).map(isObservation) ?? true
    }
    return isObservation(root)
  }

  static func isObservation(_ v: JSONValue) -> Bool {
    guard let type = v["type"]?.string, observationTypes.contains(type) else { return false }
    return FormatSupport.field(v, "traceId", "trace_id") != nil
      && FormatSupport.field(v, "startTime", "start_time") != nil
  }

  /// What attribution needs to know about every observation seen.
  struct Node {
    var type: String
    var name: String?
    var parentID: String?
    var agent: String?
  }

  private var nodes: [String: Node] = [:]
  private var recordIndex: [String: Int] = [:]
  private var traceLabels: [String: [String: String]] = [:]

  public init(context: FileContext) {}

  public func read(_ root: JSONValue, at location: SourceLocation, into sink: inout RecordSink) -> LineOutcome {
    let before = sink.records.count
    if let batch = root["batch"], batch.isArray {
      batch.forEachElement { event in
        guard let body = event["body"], body.isObject, let type = event["type"]?.string else { return }
        switch type {
        case "trace-create":
          readTrace(body)
        case "generation-create", "generation-update", "observation-create", "observation-update", "span-create",
          "span-update", "event-create", "agent-create", "tool-create", "embedding-create":
          let implied = type.hasPrefix("generation") ? "GENERATION" : type.prefix { $0 != "-" }.uppercased()
          readObservation(body, impliedType: implied, isUpdate: type.hasSuffix("-update"), at: location, into: &sink)
        default:
          break
        }
      }
    } else if let data = root["data"], data.isArray {
      data.forEachElement { readObservation($0, impliedType: nil, isUpdate: false, at: location, into: &sink) }
    } else {
      readObservation(root, impliedType: nil, isUpdate: false, at: location, into: &sink)
    }
    let produced = sink.records.count - before
    return produced > 0 ? .records(produced) : .context
  }

  private func readTrace(_ body: JSONValue) {
    guard let id = body["id"]?.scalarText else { return }
    var labels: [String: String] = [:]
    if let name = body["name"]?.string { labels["trace.name"] = name }
    for key in ["sessionId", "userId", "environment", "release"] {
      if let v = body[key]?.scalarText, !v.isEmpty { labels[key] = v }
    }
    let tags = body["tags"]?.elements.compactMap(\.scalarText) ?? []
    if !tags.isEmpty { labels["tags"] = tags.joined(separator: ",") }
    traceLabels[id] = labels
  }

  private func readObservation(
    _ obs: JSONValue, impliedType: String?, isUpdate: Bool, at location: SourceLocation, into sink: inout RecordSink
  ) {
    guard obs.isObject else { return }
    let id = obs["id"]?.scalarText ?? "line:\(location.line)"
    let type = obs["type"]?.string ?? impliedType ?? nodes[id]?.type ?? "SPAN"
    let metadataAgent = FormatSupport.withDecoded(obs["metadata"]) { m in
      m?["agent_name"]?.string ?? m?["agent"]?.string
    }
    var node = nodes[id] ?? Node(type: type)
    if let name = obs["name"]?.string { node.name = name }
    if let parent = FormatSupport.field(obs, "parentObservationId", "parent_observation_id")?.scalarText {
      node.parentID = parent
    }
    if let metadataAgent { node.agent = metadataAgent }
    nodes[id] = node
    guard Self.callTypes.contains(type) else { return }
    var r = CallRecord(source: location, format: Self.id)
    r.requestID = id
    LangfuseObservation.read(obs, into: &r, sink: &sink)
    r.agent = metadataAgent
    if let trace = r.traceID, let labels = traceLabels[trace] { r.labels.merge(labels) { current, _ in current } }
    if let index = recordIndex[id] {
      if r.latencyMS == nil {
        let end = Timestamp.milliseconds(FormatSupport.field(obs, "endTime", "end_time"))
        r.latencyMS = FormatSupport.latency(from: sink.records[index].timestampMS, to: end)
      }
      LangfuseObservation.merge(r, into: &sink.records[index])
      return
    }
    if isUpdate && r.usage == nil && r.model == nil { return }
    recordIndex[id] = sink.records.count
    sink.emit(r)
  }

  /// Fills the agent of records that have none from their nearest `AGENT` ancestor.
  public func finish(into sink: inout RecordSink) {
    for (id, index) in recordIndex where sink.records[index].agent == nil {
      var current = nodes[id]?.parentID
      var hops = 0
      while let parentID = current, hops < 64, let parent = nodes[parentID] {
        if let agent = parent.agent ?? (parent.type == "AGENT" ? parent.name : nil) {
          sink.records[index].agent = agent
          break
        }
        current = parent.parentID
        hops += 1
      }
    }
  }
}
