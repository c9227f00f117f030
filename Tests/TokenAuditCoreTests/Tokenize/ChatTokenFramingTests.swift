import Testing

@testable import TokenAuditCore

/// Expected totals are the API's `usage.prompt_tokens` quoted in OpenAI's cookbook notebook
/// "How to count tokens with tiktoken".
@Suite struct ChatTokenFramingTests {
  private static let jargonMessages: [ChatTokenFraming.Message] = [
    .init(
      role: "system",
      content: "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."),
    .init(role: "system", content: "New synergies will help drive top-line growth.", name: "example_user"),
    .init(role: "system", content: "Things working well together will increase revenue.", name: "example_assistant"),
    .init(
      role: "system",
      content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.",
      name: "example_user"),
    .init(
      role: "system", content: "Let's talk later when we're less busy about how to do better.",
      name: "example_assistant"),
    .init(
      role: "user",
      content: "This late pivot means we don't have time to boil the ocean for the client deliverable."),
  ]

  private static let weatherMessages: [ChatTokenFraming.Message] = [
    .init(role: "system", content: "You are a helpful assistant that can answer to questions about the weather."),
    .init(role: "user", content: "What's the weather like in San Francisco?"),
  ]

  private static let weatherTool = """
    {"type": "function", "function": {"name": "get_current_weather",
      "description": "Get the current weather in a given location",
      "parameters": {"type": "object", "properties": {
        "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
        "unit": {"type": "string", "description": "The unit of temperature to return",
                 "enum": ["celsius", "fahrenheit"]}},
      "required": ["location"]}}}
    """

  @Test func messagesMatchCookbook() throws {
    let o200k = try BPEEncoding.o200kBase.makeTokenizer()
    let cl100k = try BPEEncoding.cl100kBase.makeTokenizer()
    let gpt4o = ChatTokenFraming.promptTokens(messages: Self.jargonMessages, model: "gpt-4o", tokenizer: o200k)
    #expect(gpt4o.total == 124)
    #expect(gpt4o.tools == 0)
    let gpt4 = ChatTokenFraming.promptTokens(messages: Self.jargonMessages, model: "gpt-4", tokenizer: cl100k)
    #expect(gpt4.total == 129)
  }

  @Test func toolsMatchCookbook() throws {
    let o200k = try BPEEncoding.o200kBase.makeTokenizer()
    let cl100k = try BPEEncoding.cl100kBase.makeTokenizer()
    let gpt4o = ChatTokenFraming.promptTokens(
      messages: Self.weatherMessages, toolDefinitions: [Self.weatherTool], model: "gpt-4o-mini", tokenizer: o200k)
    #expect(gpt4o.total == 101)
    #expect(gpt4o.invalidToolDefinitions == 0)
    let gpt4 = ChatTokenFraming.promptTokens(
      messages: Self.weatherMessages, toolDefinitions: [Self.weatherTool], model: "gpt-3.5-turbo", tokenizer: cl100k)
    #expect(gpt4.total == 105)
  }

  @Test func legacyFunctionsAndBadJSON() throws {
    let tokenizer = try BPEEncoding.o200kBase.makeTokenizer()
    let bare = #"{"name": "ping", "description": "Ping.", "parameters": {"type": "object", "properties": {}}}"#
    let count = ChatTokenFraming.promptTokens(messages: [], toolDefinitions: [bare, "not json"]) { tokenizer.count($0) }
    #expect(count.invalidToolDefinitions == 1)
    let expected = 7 + tokenizer.count("ping:Ping") + tokenizer.count("not json") + 12
    #expect(count.tools == expected)
    #expect(count.messages == ChatTokenFraming.replyPrimerTokens)
  }
}
