import Foundation

/// Per-model prices: LiteLLM's table embedded in the package, plus any `--prices` override files.
///
/// Immutable after creation and safe to share between threads; `resolve(model:provider:)` keeps a
/// locked cache of its answers.
public final class PriceTable: Sendable {
  /// Every entry by table key, including entries that have no per-token prices.
  public let entries: [String: ModelPrice]
  /// Where the entries came from, in load order (`bundled`, then override paths).
  public let sources: [String]

  // Alias key (an entry without prices of its own) → the priced key its `alias_of` chain ends at.
  let aliasTargets: [String: String]
  // Lowercased key → keys with token prices.
  let lowercasedIndex: [String: [String]]
  // Normalized base name → keys with token prices (fine-tuning `ft:` keys excluded).
  let normalizedIndex: [String: [String]]
  // Key → its normalized name, for ranking candidates.
  let normalizedNames: [String: NormalizedModelName]
  let resolutionCache = ResolutionCache()

  /// Creates a table from entries.
  ///
  /// - Parameters:
  ///   - entries: Prices by table key.
  ///   - sources: Where they came from, for diagnostics.
  public init(entries: [String: ModelPrice], sources: [String] = []) {
    self.entries = entries
    self.sources = sources
    var lowercased: [String: [String]] = [:]
    var normalized: [String: [String]] = [:]
    var names: [String: NormalizedModelName] = [:]
    let aliases = Self.aliasTargets(of: entries)
    for (key, price) in entries where price.hasTokenPrices || aliases[key] != nil {
      lowercased[key.lowercased(), default: []].append(key)
      let name = ModelNameNormalizer.normalize(key)
      names[key] = name
      if !key.lowercased().hasPrefix("ft:") { normalized[name.base, default: []].append(key) }
    }
    self.aliasTargets = aliases
    self.lowercasedIndex = lowercased
    self.normalizedIndex = normalized
    self.normalizedNames = names
  }

  // Follows `alias_of` from unpriced entries, at most 8 hops (a cycle or a dangling target is
  // simply not an alias).
  private static func aliasTargets(of entries: [String: ModelPrice]) -> [String: String] {
    var result: [String: String] = [:]
    for (key, price) in entries where !price.hasTokenPrices && price.aliasOf != nil {
      var current = price
      for _ in 0..<8 {
        guard let next = current.aliasOf, let target = entries[next] else { break }
        if target.hasTokenPrices {
          result[key] = next
          break
        }
        current = target
      }
    }
    return result
  }

  /// The key whose prices `key` uses: `key` itself, or the end of its `alias_of` chain.
  ///
  /// - Parameter key: A table key.
  /// - Returns: A key with token prices, or nil when `key` has none and is no alias.
  func pricedKey(for key: String) -> String? {
    if entries[key]?.hasTokenPrices == true { return key }
    return aliasTargets[key]
  }

  /// The entry stored under exactly `key`.
  public subscript(key: String) -> ModelPrice? { entries[key] }

  /// The number of entries.
  public var count: Int { entries.count }

  // MARK: - Loading

  /// The embedded LiteLLM table, decompressed and parsed once per process.
  ///
  /// - Returns: The shared table.
  /// - Throws: `PriceTableError.bundledTableUnavailable` when the resource is missing or damaged.
  public static func bundled() throws(PriceTableError) -> PriceTable {
    try bundledResult.get()
  }

  /// The embedded table with override files applied in order (later files win).
  ///
  /// - Parameter overrideFiles: Paths given with `--prices`, in JSON (or gzip-compressed JSON).
  /// - Returns: The merged table.
  /// - Throws: `PriceTableError` naming the file that cannot be read or parsed.
  public static func load(overrideFiles: [String]) throws(PriceTableError) -> PriceTable {
    var table = try bundled()
    for path in overrideFiles {
      table = try table.merging(overrideFile: path)
    }
    return table
  }

  private static let bundledResult: Result<PriceTable, PriceTableError> = Result {
    () throws(PriceTableError) -> PriceTable in
    let name = "model_prices_and_context_window.json"
    guard
      let url = Bundle.module.url(forResource: name, withExtension: "gz", subdirectory: "Resources")
        ?? Bundle.module.url(forResource: name, withExtension: "gz")
    else {
      throw .bundledTableUnavailable(reason: "resource \(name).gz not found in \(Bundle.module.bundlePath)")
    }
    let bytes: [UInt8]
    do {
      bytes = try GzipByteSource.decompress(Array(try Data(contentsOf: url)))
    } catch {
      throw .bundledTableUnavailable(reason: "\(error)")
    }
    let root: [String: Any]
    do throws(RootError) {
      root = try parseRoot(bytes)
    } catch {
      throw .bundledTableUnavailable(reason: error.reason)
    }
    var entries: [String: ModelPrice] = [:]
    entries.reserveCapacity(root.count)
    let names = PriceFieldNames()
    for (key, value) in root where key != sampleSpecKey {
      guard let fields = value as? [String: Any] else { continue }
      // Lenient: a mistyped field is skipped (`strict: false` never throws).
      entries[key] = try? ModelPrice(key: key, litellmFields: fields, strict: false, names: names)
    }
    return PriceTable(entries: entries, sources: ["bundled"])
  }

  // LiteLLM's documentation entry, not a model.
  static let sampleSpecKey = "sample_spec"

  struct RootError: Error {
    var reason: String
  }

  /// Parses a price file into plain values: `String`, `Int` (a number written without fraction or
  /// exponent), `Double`, `Bool`, `NSNull`, `[Any]` and `[String: Any]` (a repeated key: the last wins).
  ///
  /// With the tape parser, not `JSONSerialization`: the bundled table (about 4,900 entries) is read
  /// at every start, and Foundation's parser and `NSNumber` bridging took about 0.2 s of it.
  static func parseRoot(_ bytes: [UInt8]) throws(RootError) -> [String: Any] {
    let doc = JSONDocument()
    do {
      try doc.parse(copying: bytes)
    } catch {
      throw RootError(reason: "not valid JSON (\(error.reason) at byte \(error.offset))")
    }
    guard let root = plainValue(doc.root) as? [String: Any] else {
      throw RootError(reason: "the top level must be a JSON object keyed by model name")
    }
    return root
  }

  private static func plainValue(_ v: JSONValue) -> Any {
    switch v.kind {
    case .object:
      var out: [String: Any] = [:]
      v.forEachMember { k, x in out[k.string ?? ""] = plainValue(x) }
      return out
    case .array:
      var out: [Any] = []
      v.forEachElement { out.append(plainValue($0)) }
      return out
    case .string: return v.string ?? ""
    case .bool: return v.bool ?? false
    case .null: return NSNull()
    case .number:
      let raw = v.rawBytes
      if !raw.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }),
        let i = v.int
      {
        return i
      }
      return v.double ?? Double.nan
    }
  }
}
