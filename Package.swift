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
      resources: [.copy("Resources")],
      swiftSettings: [
        // The hot loops index value-type buffers inside classes; runtime exclusivity checks on
        // them cost about 10% of a run. Debug builds (and so the tests) keep the checks.
        .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))
      ]
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
