/// The tool's version, shown in reports and `--version`.
public enum TokenAuditVersion {
  /// Semantic version.
  public static let current = "0.1.0"
}
