/// Why a BPE encoding could not be loaded.
public enum BPEEncodingError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The named encoding is not one this build knows (`o200k_base`, `cl100k_base`).
  case unknownEncoding(String)
  /// The rank-file resource is missing from the bundle (its expected name).
  case missingVocabulary(String)
  /// The rank file could not be read or parsed (why).
  case malformedVocabulary(String)

  public var description: String {
    switch self {
    case .unknownEncoding(let name):
      return "unknown encoding '\(name)' (known: o200k_base, cl100k_base)"
    case .missingVocabulary(let name):
      return "vocabulary resource \(name) is missing from the TokenAuditCore bundle; rebuild the package"
    case .malformedVocabulary(let why):
      return "vocabulary file is malformed: \(why)"
    }
  }
}
