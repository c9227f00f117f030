import Foundation

/// Counts the prompt tokens of an OpenAI Chat Completions request the way the API bills them:
/// message texts plus the fixed framing tokens the API adds around them.
///
/// Rules, from OpenAI's cookbook notebook "How to count tokens with tiktoken"
/// (`num_tokens_from_messages` and `num_tokens_for_tools`, whose results the notebook checks
/// against the API's `usage.prompt_tokens` for gpt-3.5-turbo, gpt-4, gpt-4o and gpt-4o-mini):
/// - every message costs 3 tokens (`<|start|>{role}<|message|>…<|end|>`) plus the tokens of its
///   role, content and, if present, name; a name costs 1 more token;
/// - every reply is primed with `<|start|>assistant<|message|>`: 3 tokens per request;
/// - with tool (function) definitions, per function: `functionStart` tokens, plus the tokens of
///   `"{name}:{description}"` (one trailing `.` removed); if it has parameter properties,
///   `propertiesStart` once, and per property `propertyKey` plus the tokens of
///   `"{key}:{type}:{description}"` (one trailing `.` removed), and if the property has an `enum`,
///   `enumStart` plus, per item, `enumItem` and the item's tokens; after all functions,
///   `functionsEnd` once. The constants differ by model family (`ToolFormatting`).
///
/// Limits of these rules (as in the notebook): nested object properties, `required`, and
/// non-string types are not modelled, so requests with complex schemas are estimates. Tool calls in
/// assistant messages and tool results should be passed as message content (their text). The
/// framing of newer models and the Responses API is not published; the gpt-4o constants are used.
/// Independent of the rest of TokenAuditCore except the tokenizer that counts the texts.
public enum ChatTokenFraming {
  /// Framing tokens per message.
  public static let tokensPerMessage = 3
  /// Extra tokens for a message with a `name`.
  public static let tokensPerName = 1
  /// Tokens that prime the assistant's reply, once per request.
  public static let replyPrimerTokens = 3

  /// One chat message's texts.
  public struct Message: Sendable, Equatable {
    /// `system`, `developer`, `user`, `assistant` or `tool`.
    public var role: String
    /// The message text (for multi-part content, the text parts joined).
    public var content: String
    /// The optional participant name.
    public var name: String?

    /// Creates a message.
    public init(role: String, content: String, name: String? = nil) {
      self.role = role
      self.content = content
      self.name = name
    }
  }

  /// The per-model constants for tool definitions (see the type's documentation).
  public struct ToolFormatting: Sendable, Equatable {
    /// Tokens at the start of each function (`func_init`).
    public var functionStart: Int
    /// Tokens before a function's properties, if it has any (`prop_init`).
    public var propertiesStart: Int
    /// Tokens per property (`prop_key`).
    public var propertyKey: Int
    /// Tokens for a property's `enum` list (`enum_init`, negative).
    public var enumStart: Int
    /// Tokens per enum item, besides the item's own tokens (`enum_item`).
    public var enumItem: Int
    /// Tokens after all functions, once per request (`func_end`).
    public var functionsEnd: Int

    /// gpt-4o and gpt-4o-mini (and, as the best published guess, later o200k_base models).
    public static let gpt4o = ToolFormatting(
      functionStart: 7, propertiesStart: 3, propertyKey: 3, enumStart: -3, enumItem: 3, functionsEnd: 12)
    /// gpt-3.5-turbo and gpt-4 (cl100k_base models).
    public static let gpt4 = ToolFormatting(
      functionStart: 10, propertiesStart: 3, propertyKey: 3, enumStart: -3, enumItem: 3, functionsEnd: 12)

    /// The constants for a model name: `gpt4` for cl100k_base models, `gpt4o` otherwise.
    ///
    /// - Parameter model: An OpenAI model name.
    /// - Returns: The formatting constants.
    public static func forModel(_ model: String) -> ToolFormatting {
      BPEEncoding.Name.forModel(model) == .cl100kBase ? gpt4 : gpt4o
    }
  }

  /// The prompt tokens of one request, split by source.
  public struct Count: Sendable, Equatable {
    /// Message texts and their framing, including the reply primer.
    public var messages = 0
    /// Tool definitions and their framing.
    public var tools = 0
    /// Tool definitions that were not a JSON object with a function `name` (counted as raw text).
    public var invalidToolDefinitions = 0
    /// `messages + tools`.
    public var total: Int { messages + tools }
  }

  /// Counts a request's prompt tokens.
  ///
  /// - Parameters:
  ///   - messages: The request's messages, in order.
  ///   - toolDefinitions: JSON texts of the `tools` entries (`{"type":"function","function":{…}}`)
  ///     or of legacy `functions` entries (`{"name":…,"parameters":…}`).
  ///   - formatting: The tool constants for the model.
  ///   - countTokens: Counts the tokens of a text (e.g. `TokenCounter.count` or
  ///     `BPETokenizer.count` for the model's encoding).
  /// - Returns: The counts.
  public static func promptTokens(
    messages: [Message], toolDefinitions: [String] = [], formatting: ToolFormatting = .gpt4o,
    countTokens: (String) -> Int
  ) -> Count {
    var result = Count()
    for message in messages {
      result.messages += tokensPerMessage + countTokens(message.role) + countTokens(message.content)
      if let name = message.name { result.messages += tokensPerName + countTokens(name) }
    }
    result.messages += replyPrimerTokens
    guard !toolDefinitions.isEmpty else { return result }
    for json in toolDefinitions {
      if let function = functionObject(json) {
        result.tools += functionTokens(function, formatting, countTokens)
      } else {
        result.invalidToolDefinitions += 1
        result.tools += countTokens(json)
      }
    }
    result.tools += formatting.functionsEnd
    return result
  }

  /// Counts a request's prompt tokens with a tokenizer and the model's tool constants.
  ///
  /// - Parameters:
  ///   - messages: The request's messages.
  ///   - toolDefinitions: JSON texts of the tool definitions.
  ///   - model: The model name, for `ToolFormatting.forModel`.
  ///   - tokenizer: A tokenizer for the model's encoding.
  /// - Returns: The counts.
  public static func promptTokens(
    messages: [Message], toolDefinitions: [String] = [], model: String, tokenizer: BPETokenizer
  ) -> Count {
    promptTokens(
      messages: messages, toolDefinitions: toolDefinitions, formatting: .forModel(model),
      countTokens: { tokenizer.count($0) })
  }

  // MARK: - Tool definitions

  /// The function object of a tool definition, or nil if the JSON is not one.
  private static func functionObject(_ json: String) -> [String: Any]? {
    guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return nil }
    let function = object["function"] as? [String: Any] ?? object
    return function["name"] is String ? function : nil
  }

  private static func functionTokens(
    _ function: [String: Any], _ formatting: ToolFormatting, _ countTokens: (String) -> Int
  ) -> Int {
    let name = function["name"] as? String ?? ""
    let description = withoutFinalPeriod(function["description"] as? String ?? "")
    var tokens = formatting.functionStart + countTokens("\(name):\(description)")
    let parameters = function["parameters"] as? [String: Any]
    guard let properties = parameters?["properties"] as? [String: Any], !properties.isEmpty else { return tokens }
    tokens += formatting.propertiesStart
    for key in properties.keys.sorted() {
      let property = properties[key] as? [String: Any] ?? [:]
      tokens += formatting.propertyKey
      if let items = property["enum"] as? [Any] {
        tokens += formatting.enumStart
        for item in items { tokens += formatting.enumItem + countTokens(text(of: item)) }
      }
      let type = text(of: property["type"] ?? "")
      let description = withoutFinalPeriod(property["description"] as? String ?? "")
      tokens += countTokens("\(key):\(type):\(description)")
    }
    return tokens
  }

  /// A JSON value as text: strings as they are, arrays of strings joined with `|`, others as JSON.
  private static func text(of value: Any) -> String {
    if let string = value as? String { return string }
    if let strings = value as? [String] { return strings.joined(separator: "|") }
    if let number = value as? NSNumber { return number.stringValue }
    guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys])
    else { return "" }
    return String(decoding: data, as: UTF8.self)
  }

  private static func withoutFinalPeriod(_ text: String) -> String {
    text.hasSuffix(".") ? String(text.dropLast()) : text
  }
}
