// swift-tools-version:6.1
// Benchmarks for tokenaudit: a separate package so that the main build never resolves it.
// Run through scripts/bench-tokenizer.sh.
import PackageDescription

let package = Package(
  name: "TokenAuditBenchmarks",
  platforms: [.macOS(.v13)],
  dependencies: [
    .package(name: "tokenaudit", path: "..")
  ],
  targets: [
    .executableTarget(
      name: "TokenizerThroughput",
      dependencies: [.product(name: "TokenAuditCore", package: "tokenaudit")],
      path: "TokenizerThroughput"
    ),
    .executableTarget(
      name: "TokenizerCompare",
      dependencies: [.product(name: "TokenAuditCore", package: "tokenaudit")],
      path: "TokenizerCompare"
    ),
  ],
  swiftLanguageModes: [.v6]
)
