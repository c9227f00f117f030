import Foundation

extension PriceTable {
  // MARK: - Override files

  /// A copy of this table with a user's price file applied.
  ///
  /// The file has the shape of LiteLLM's `model_prices_and_context_window.json` (optionally
  /// gzip-compressed). An entry for a model already in the table overrides only the fields it
  /// states (`null` removes a field), as LiteLLM's `register_model` does; an entry for a new model
  /// adds it and must state `input_cost_per_token`, or `alias_of` naming a priced key. Keys match
  /// existing ones exactly, else up to letter case. `sample_spec` is ignored.
  ///
  /// - Parameter path: The file given with `--prices`.
  /// - Returns: The merged table.
  /// - Throws: `PriceTableError.unreadableOverrideFile` or `.invalidOverrideFile`, naming `path`.
  public func merging(overrideFile path: String) throws(PriceTableError) -> PriceTable {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw .unreadableOverrideFile(path: path, reason: Self.readFailure(error))
    }
    var bytes = Array(data)
    if bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b {
      do {
        bytes = try GzipByteSource.decompress(bytes)
      } catch {
        throw .invalidOverrideFile(path: path, reason: "\(error)")
      }
    }
    return try merging(overrideJSON: bytes, source: path)
  }

  /// A copy of this table with price JSON applied; see `merging(overrideFile:)`.
  ///
  /// - Parameters:
  ///   - bytes: UTF-8 JSON.
  ///   - source: The name used in error messages and `sources`.
  /// - Returns: The merged table.
  /// - Throws: `PriceTableError.invalidOverrideFile`.
  public func merging(overrideJSON bytes: [UInt8], source: String) throws(PriceTableError) -> PriceTable {
    let root: [String: Any]
    do throws(RootError) {
      root = try Self.parseRoot(bytes)
    } catch {
      throw .invalidOverrideFile(path: source, reason: error.reason)
    }
    var merged = entries
    var lowercasedKeys: [String: String] = [:]
    for key in entries.keys.sorted() where lowercasedKeys[key.lowercased()] == nil {
      lowercasedKeys[key.lowercased()] = key
    }
    // Sorted so that the first error reported is always the same one.
    for key in root.keys.sorted() where key != Self.sampleSpecKey {
      guard let fields = root[key] as? [String: Any] else {
        throw .invalidOverrideFile(path: source, reason: "model \"\(key)\": the entry must be a JSON object")
      }
      let target = merged[key] == nil ? (lowercasedKeys[key.lowercased()] ?? key) : key
      var price = merged[target] ?? ModelPrice(key: target)
      do throws(PriceFieldError) {
        try price.apply(litellmFields: fields, strict: true)
      } catch {
        throw .invalidOverrideFile(path: source, reason: "model \"\(key)\": \(error.field) \(error.reason)")
      }
      if merged[target] == nil && !price.hasTokenPrices && price.aliasOf == nil {
        throw .invalidOverrideFile(
          path: source,
          reason: "model \"\(key)\" is not in the price table and states no input_cost_per_token (or alias_of)")
      }
      merged[target] = price
    }
    let table = PriceTable(entries: merged, sources: sources + [source])
    for key in root.keys.sorted() {
      guard let price = table.entries[key], !price.hasTokenPrices, let target = price.aliasOf else { continue }
      if table.pricedKey(for: key) == nil {
        throw .invalidOverrideFile(
          path: source, reason: "model \"\(key)\": alias_of \"\(target)\" names no priced model")
      }
    }
    return table
  }

  private static func readFailure(_ error: any Error) -> String {
    let ns = error as NSError
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
      let text = strerror(Int32(underlying.code))
    {
      return String(cString: text)
    }
    switch ns.code {
    case NSFileReadNoSuchFileError: return "no such file"
    case NSFileReadNoPermissionError: return "permission denied"
    default: return ns.localizedDescription
    }
  }
}
