/// A set of tool definitions pre-rendered in both providers' request shapes.
struct SampleToolSet {
  /// Stable identity for cache-prefix keys.
  let id: Int
  /// Tool names in definition order.
  let names: [String]
  /// `tools` array of an OpenAI Chat Completions request.
  let openAI: [UInt8]
  /// `tools` array of an Anthropic Messages request.
  let anthropic: [UInt8]
  /// Estimated prompt tokens of the definitions.
  let tokens: Int
}

/// The tool definitions the sample agents send.
///
/// Specs are compact: a parameter is `name:type:description`, a `*` before the name makes it
/// required, and `enum(a|b)` as the type lists allowed strings.
enum SampleToolCatalog {
  /// The planner's 24 tools, of which only `search_code`, `create_task` and `assign_agent` are called.
  static let plannerCalled = ["search_code", "create_task", "assign_agent"]

  static func planner() -> SampleToolSet {
    makeSet(id: 1, specs: plannerSpecs)
  }

  static func coder() -> SampleToolSet {
    makeSet(id: 2, specs: coderSpecs)
  }

  private static let plannerSpecs: [(String, String, [String])] = [
    (
      "search_code", "Search the organisation's repositories for code matching a query. Returns paths and snippets.",
      [
        "*query:string:Search terms or a regular expression", "repo:string:Repository name, e.g. acme/orders",
        "max_results:integer:Maximum number of matches to return",
      ]
    ),
    (
      "create_task", "Create a task on the engineering board and return its id.",
      [
        "*title:string:Short imperative title", "*description:string:What needs to be done and why",
        "assignee:string:Agent or person to assign", "priority:enum(low|medium|high|urgent):Task priority",
      ]
    ),
    (
      "assign_agent", "Hand a task to one of the team's agents.",
      ["*task_id:string:Id returned by create_task", "*agent:enum(coder|reviewer|extractor):Agent to run the task"]
    ),
    (
      "get_calendar_events", "List calendar events between two dates.",
      ["*start:string:ISO 8601 start", "*end:string:ISO 8601 end", "calendar_id:string:Calendar to read"]
    ),
    (
      "create_calendar_event", "Create a calendar event and invite attendees.",
      [
        "*title:string:Event title", "*start:string:ISO 8601 start", "*duration_minutes:integer:Length",
        "attendees:string:Comma-separated email addresses",
      ]
    ),
    (
      "send_email", "Send an email from the team's shared address.",
      ["*to:string:Recipient address", "*subject:string:Subject line", "*body:string:Plain-text body"]
    ),
    (
      "lookup_customer", "Fetch a customer's profile, plan and open tickets.",
      ["*customer_id:string:Customer id such as cus_1234"]
    ),
    ("get_order", "Fetch an order with its items, payments and shipments.", ["*order_id:string:Order number"]),
    (
      "issue_refund", "Refund all or part of an order's payment.",
      [
        "*order_id:string:Order number", "*amount:number:Amount in the order's currency",
        "*reason:enum(damaged|late|duplicate|other):Refund reason",
      ]
    ),
    (
      "query_metrics", "Read a time series from the metrics store.",
      [
        "*metric:string:Metric name", "window:string:Look-back window such as 24h or 7d",
        "group_by:string:Label to group by",
      ]
    ),
    (
      "run_sql", "Run a read-only SQL query against the analytics warehouse.",
      ["*query:string:A single SELECT statement", "limit:integer:Row limit"]
    ),
    ("fetch_url", "Download a web page and return its text.", ["*url:string:Absolute URL"]),
    (
      "summarize_document", "Summarise a stored document.",
      ["*document_id:string:Document id", "max_words:integer:Length limit"]
    ),
    (
      "translate_text", "Translate text into another language.",
      ["*text:string:Text to translate", "*target_language:string:ISO 639-1 code"]
    ),
    (
      "create_jira_issue", "Open an issue in the issue tracker.",
      [
        "*project:string:Project key", "*summary:string:One-line summary", "description:string:Details",
        "issue_type:enum(bug|task|story):Issue type",
      ]
    ),
    (
      "post_slack_message", "Post a message to a chat channel.",
      ["*channel:string:Channel name without #", "*text:string:Message text"]
    ),
    (
      "get_weather", "Get the current weather for a location.",
      ["*location:string:City and country", "unit:enum(celsius|fahrenheit):Temperature unit"]
    ),
    (
      "list_pull_requests", "List pull requests of a repository.",
      ["*repo:string:Repository name", "state:enum(open|closed|all):Filter by state"]
    ),
    (
      "merge_pull_request", "Merge a pull request after checks pass.",
      [
        "*repo:string:Repository name", "*number:integer:Pull request number",
        "method:enum(merge|squash|rebase):Merge method",
      ]
    ),
    (
      "deploy_service", "Deploy a service version to an environment.",
      [
        "*service:string:Service name", "*environment:enum(staging|production):Target environment",
        "*version:string:Git tag or commit",
      ]
    ),
    (
      "rollback_deployment", "Roll a service back to its previous version.",
      ["*service:string:Service name", "*environment:enum(staging|production):Environment"]
    ),
    (
      "page_oncall", "Page the on-call engineer of a service.",
      [
        "*service:string:Service name", "*severity:enum(sev1|sev2|sev3):Incident severity",
        "summary:string:What is happening",
      ]
    ),
    ("search_web", "Search the public web.", ["*query:string:Search query", "num_results:integer:How many results"]),
    (
      "generate_image", "Generate an image from a prompt.",
      ["*prompt:string:Image description", "size:enum(256x256|512x512|1024x1024):Image size"]
    ),
  ]

  private static let coderSpecs: [(String, String, [String])] = [
    (
      "read_file", "Read a file from the working tree. Returns its full text.",
      ["*path:string:Path relative to the repository root"]
    ),
    (
      "write_file", "Create or overwrite a file with the given content.",
      ["*path:string:Path relative to the repository root", "*content:string:The complete new file content"]
    ),
    ("apply_patch", "Apply a unified diff to the working tree.", ["*patch:string:A unified diff"]),
    (
      "search_code", "Search the working tree with ripgrep.",
      ["*pattern:string:Regular expression", "glob:string:Limit to files matching this glob"]
    ),
    (
      "run_tests", "Run the test suite, or a filtered part of it, and return the output.",
      ["filter:string:Test name filter", "verbose:boolean:Print every test case"]
    ),
    (
      "list_directory", "List files under a directory.",
      ["*path:string:Directory path", "recursive:boolean:Descend into subdirectories"]
    ),
  ]

  // MARK: - Rendering

  private static func makeSet(id: Int, specs: [(String, String, [String])]) -> SampleToolSet {
    var openAI = SampleJSONWriter(capacity: 16_384)
    var anthropic = SampleJSONWriter(capacity: 16_384)
    openAI.beginArray()
    anthropic.beginArray()
    var tokens = 0
    for (name, description, params) in specs {
      let schema = schemaJSON(params)
      openAI.beginObject()
      openAI.key("type")
      openAI.string("function")
      openAI.key("function")
      let start = openAI.bytes.count
      openAI.beginObject()
      openAI.key("name")
      openAI.string(name)
      openAI.key("description")
      openAI.string(description)
      openAI.key("parameters")
      openAI.raw(schema)
      openAI.endObject()
      tokens += SampleText.tokens(forBytes: openAI.bytes.count - start) + 4
      openAI.endObject()
      anthropic.beginObject()
      anthropic.key("name")
      anthropic.string(name)
      anthropic.key("description")
      anthropic.string(description)
      anthropic.key("input_schema")
      anthropic.raw(schema)
      anthropic.endObject()
    }
    openAI.endArray()
    anthropic.endArray()
    return SampleToolSet(
      id: id, names: specs.map(\.0), openAI: openAI.bytes, anthropic: anthropic.bytes, tokens: tokens + 12)
  }

  /// `{"type": "object", "properties": {...}, "required": [...]}` from compact specs.
  private static func schemaJSON(_ params: [String]) -> [UInt8] {
    var w = SampleJSONWriter(capacity: 1024)
    var required: [String] = []
    w.beginObject()
    w.key("type")
    w.string("object")
    w.key("properties")
    w.beginObject()
    for spec in params {
      let parts = spec.split(separator: ":", maxSplits: 2).map(String.init)
      var name = parts[0]
      if name.hasPrefix("*") {
        name.removeFirst()
        required.append(name)
      }
      w.dynamicKey(name)
      w.beginObject()
      w.key("type")
      if parts[1].hasPrefix("enum(") {
        w.string("string")
        w.key("enum")
        w.beginArray()
        for v in parts[1].dropFirst(5).dropLast().split(separator: "|") { w.string(String(v)) }
        w.endArray()
      } else {
        w.string(parts[1])
      }
      w.key("description")
      w.string(parts[2])
      w.endObject()
    }
    w.endObject()
    w.key("required")
    w.beginArray()
    for r in required { w.string(r) }
    w.endArray()
    w.endObject()
    return w.bytes
  }
}
