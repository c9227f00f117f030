// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "tokenaudit",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "tokenaudit", targets: ["tokenaudit"]),
    .library(name: "TokenAuditCore", targets: ["TokenAuditCore"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
    .target(
      name: "TokenAuditCore",
      dependencies: ["CZlib"],
      resources: [.copy("Resources")]
    ),
    .executableTarget(
      name: "tokenaudit",
      dependencies: [
        "TokenAuditCore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "TokenAuditCoreTests", dependencies: ["TokenAuditCore"]),
    .testTarget(name: "TokenAuditCLITests", dependencies: ["TokenAuditCore"]),
  ],
  swiftLanguageModes: [.v6]
)
