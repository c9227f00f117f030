import Foundation

/// Recorded HTTP interactions with a model API, as replay tools save them:
/// `{"recordID", "interactions": [{"request": {"method", "url", "headers", "bodySegments": [body]},
/// "response": {"statusCode", "headers", "bodySegments": [body or stream chunks]}}]}` (the replay
/// recordings of Google's SDKs), and VCR-style cassettes (`request.uri`, `request.body`,
/// `response.status.code`, `response.body.string`).
///
/// Each interaction is a call, read by the shape of its bodies as the native envelope reads them
/// (Gemini, OpenAI Chat or Responses, Anthropic Messages, Bedrock Converse); a response of several
/// segments is a stream (usage taken once). The model comes from the bodies, else from the URL path
/// (`…/models/gemini-2.5-flash:generateContent`); the provider from the host; the time from the
/// response's `Date` header.
public final class HTTPRecordingReader: LogFormatReader {
  public static let id = "http-recording"
  public static let displayName = "Recorded HTTP interactions with a model API (SDK replays, VCR cassettes)"

  public static func matches(_ root: JSONValue, context: FileContext) -> Bool {
    guard let first = root["interactions"]?.element(at: 0) else { return false }
    return first["request"]?.isObject == true && first["response"]?.isObject == true
  }

  public init(context: FileContext) {}

  public func read(_ root: JSONValue, at location: SourceLocation, into sink: inout RecordSink) -> LineOutcome {
    var produced = 0
    var problem: String?
    root["interactions"]?.forEachElement { interaction in
      guard let request = interaction["request"], let response = interaction["response"] else { return }
      var r = CallRecord(source: location, format: Self.id)
      let url = (request["url"] ?? request["uri"])?.string ?? ""
      let host = request["serverAddress"]?.string ?? Self.host(of: url)
      r.status = (response["statusCode"] ?? response["status_code"] ?? response["status"]?["code"])?.int
      if let code = r.status, code >= 400 { r.errorType = "http_\(code)" }
      let headers = response["headers"]
      let date = headers?["Date"] ?? headers?["date"]
      r.timestampMS = Timestamp.milliseconds(date?.isArray == true ? date?.element(at: 0) : date)
      if let id = root["recordID"]?.string { r.labels["recordID"] = id }
      let provider = Self.provider(host: host) ?? "openai"
      let segments = Self.bodies(response)
      let requestBody = Self.bodies(request).first
      FormatSupport.withDecoded(requestBody) { decodedRequest in
        if segments.count > 1 {
          NativeEnvelopeReader.readBodies(
            request: decodedRequest, response: nil, provider: provider, into: &r, sink: &sink)
          let doc = JSONDocument()
          let joined =
            "[" + segments.map { $0.isString ? ($0.string ?? "null") : $0.rawJSON }.joined(separator: ",") + "]"
          if (try? doc.parse(string: joined)) != nil { StreamedResponse.read(doc.root, into: &r, sink: &sink) }
        } else {
          FormatSupport.withDecoded(segments.first) { decodedResponse in
            NativeEnvelopeReader.readBodies(
              request: decodedRequest, response: decodedResponse, provider: provider, into: &r, sink: &sink)
          }
        }
      }
      if r.model == nil || r.model?.isEmpty == true { r.model = Self.modelInPath(url) }
      r.provider = r.provider ?? FormatSupport.providerFamily(provider, model: r.model)
      if r.status == nil { r.status = r.errorType == nil ? 200 : 500 }
      guard r.model?.isEmpty == false else {
        problem = "an interaction names no model (in its bodies or its URL)"
        return
      }
      sink.emit(r)
      produced += 1
    }
    if produced > 0 { return .records(produced) }
    return .skipped(.missingField, problem ?? "no interaction with a request and a response")
  }

  /// The bodies of a recorded request or response: `bodySegments`, else `body` (a VCR cassette's
  /// `body.string` holds the text).
  static func bodies(_ side: JSONValue) -> [JSONValue] {
    if let segments = side["bodySegments"], segments.isArray { return segments.elements }
    guard let body = side["body"], !body.isNull else { return [] }
    if let text = body["string"], text.isString { return [text] }
    return [body]
  }

  /// The host of a URL (`https://api.openai.com/v1/…` → `api.openai.com`); empty for a bare path.
  static func host(of url: String) -> String {
    guard let scheme = url.range(of: "://") else { return "" }
    let rest = url[scheme.upperBound...]
    return String(rest.prefix { $0 != "/" && $0 != ":" && $0 != "?" })
  }

  /// The provider family a host serves.
  static func provider(host: String) -> String? {
    let h = host.lowercased()
    if h.contains("generativelanguage") || h.contains("aiplatform") { return "gemini" }
    if h.contains("anthropic") { return "anthropic" }
    if h.contains("openai") { return "openai" }
    if h.contains("bedrock") { return "bedrock" }
    return h.isEmpty ? nil : FormatSupport.providerFamily(h, model: nil)
  }

  /// The model named in a URL path: `…/models/<model>:generateContent` (Gemini, Vertex) or
  /// `…/model/<model>/invoke` (Bedrock).
  static func modelInPath(_ url: String) -> String? {
    for marker in ["/models/", "/model/"] {
      guard let r = url.range(of: marker) else { continue }
      let model = url[r.upperBound...].prefix { $0 != ":" && $0 != "/" && $0 != "?" }
      if !model.isEmpty { return String(model).removingPercentEncoding ?? String(model) }
    }
    return nil
  }
}
