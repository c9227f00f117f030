/// Fatal problems while loading the price table or a user's price override file.
///
/// Every message names the file and says how to fix it.
public enum PriceTableError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The embedded LiteLLM price table is missing or damaged (a packaging problem).
  case bundledTableUnavailable(reason: String)
  /// A `--prices` file could not be read.
  case unreadableOverrideFile(path: String, reason: String)
  /// A `--prices` file was read but is not a valid price table.
  case invalidOverrideFile(path: String, reason: String)

  /// The message printed for the error: the file, what is wrong and how to fix it.
  public var description: String {
    switch self {
    case .bundledTableUnavailable(let reason):
      return "the embedded price table model_prices_and_context_window.json.gz cannot be loaded (\(reason)); "
        + "reinstall tokenaudit or pass a complete table with --prices FILE"
    case .unreadableOverrideFile(let path, let reason):
      return "\(path): cannot read price file (\(reason)); check the path given to --prices"
    case .invalidOverrideFile(let path, let reason):
      return "\(path): invalid price file: \(reason); expected LiteLLM's model_prices_and_context_window.json "
        + "shape, e.g. {\"my-model\": {\"input_cost_per_token\": 1e-06, \"output_cost_per_token\": 2e-06}}"
    }
  }
}
