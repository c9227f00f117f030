/// The published pre-tokenizer pattern an encoding splits text with before merging.
public enum SplitPattern: String, Sendable, CaseIterable {
  /// `'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s`
  case cl100k
  /// The o200k_base alternation: two case-aware word rules with optional contraction suffix,
  /// `\p{N}{1,3}`, ` ?[^\s\p{L}\p{N}]+[\r\n/]*`, `\s*[\r\n]+`, `\s+(?!\S)`, `\s+`.
  case o200k
}
