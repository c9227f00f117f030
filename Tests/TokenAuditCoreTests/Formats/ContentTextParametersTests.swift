import Testing

@testable import TokenAuditCore

/// `ContentText.parameters` (keys sorted once per body type, text built in place) against the
/// previous version (keys sorted per call, parts joined), on bodies with keys in random order.
@Suite struct ContentTextParametersTests {
  static func reference(_ body: JSONValue, keys: [String]) -> String? {
    var parts: [String] = []
    for k in keys.sorted() {
      if let v = body[k], !v.isNull { parts.append("\"\(k)\":\(v.rawJSON)") }
    }
    return parts.isEmpty ? nil : "{" + parts.joined(separator: ",") + "}"
  }

  static let keyLists = [
    OpenAIChatBody.parameterKeys, AnthropicMessagesBody.parameterKeys, GeminiBody.parameterKeys,
    OpenAIResponsesBody.parameterKeys,
  ]
  static let sortedKeyLists = [
    OpenAIChatBody.sortedParameterKeys, AnthropicMessagesBody.sortedParameterKeys, GeminiBody.sortedParameterKeys,
    OpenAIResponsesBody.sortedParameterKeys,
  ]
  static let values = ["null", "0.7", "1", "true", "\"x\"", "[\"a\", \"b\"]", "{\"type\": \"json_object\"}", "-3e2"]

  @Test(arguments: [1, 2, 3])
  func matchesTheSortingVersion(seed: UInt64) throws {
    var rng = SplitMix(seed: seed)
    let doc = JSONDocument()
    for round in 0..<300 {
      let list = round % Self.keyLists.count
      let keys = Self.keyLists[list]
      var members = ["\"model\": \"m\"", "\"messages\": []"]
      for k in keys where rng.int(3) == 0 { members.append("\"\(k)\": \(Self.values[rng.int(Self.values.count)])") }
      members.shuffle(using: &rng)
      try doc.parse(string: "{" + members.joined(separator: ", ") + "}")
      let got = ContentText.parameters(doc.root, sortedKeys: Self.sortedKeyLists[list])
      #expect(got == Self.reference(doc.root, keys: keys))
      #expect(got.map { Array($0.utf8) } == Self.reference(doc.root, keys: keys).map { Array($0.utf8) })
    }
  }
}
