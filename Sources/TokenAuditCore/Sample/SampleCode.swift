/// Pseudo source files and test logs for the coding agent's tool results.
enum SampleCode {
  static let modules = ["OrdersKit", "BillingCore", "ShippingService", "CatalogAPI", "NotificationCenter", "AuthKit"]
  static let typeNames = [
    "Order", "Invoice", "Customer", "Shipment", "Refund", "Cart", "Coupon", "Carrier", "Ledger", "Webhook",
    "Session", "Address",
  ]
  static let typeSuffixes = ["Store", "Service", "Validator", "Client", "Formatter", "Repository", "Handler", "Policy"]
  static let codeVerbs = [
    "load", "save", "update", "validate", "fetch", "apply", "compute", "merge", "encode", "decode", "render",
    "resolve", "sync", "refresh", "build",
  ]
  static let valueTypes = [
    "String", "Int", "Order", "Invoice", "Customer", "Shipment", "[LineItem]", "Decimal", "Bool",
  ]

  /// A path and a plausible Swift file of 40 to 300 lines.
  static func file(_ rng: inout SampleRandom) -> (path: String, text: SampleText) {
    let module = rng.pick(modules)
    let type = rng.pick(typeNames) + rng.pick(typeSuffixes)
    let path = "Sources/\(module)/\(type).swift"
    var s = "// \(module)/\(type).swift\n// Copyright (c) Acme Commerce. All rights reserved.\n\nimport Foundation\n\n"
    s += "/// \(SampleProse.sentence(&rng))\npublic struct \(type) {\n"
    for _ in 0..<rng.int(2...6) {
      s += "  public var \(rng.pick(SampleVocabulary.nouns))\(rng.pick(typeNames)): \(rng.pick(valueTypes))\n"
    }
    for _ in 0..<rng.int(3...14) {
      s += method(&rng, owner: type)
    }
    s += "}\n"
    return (path, SampleText(s))
  }

  private static func method(_ rng: inout SampleRandom, owner: String) -> String {
    let noun = rng.pick(SampleVocabulary.nouns)
    let other = rng.pick(SampleVocabulary.nouns) + "Result"
    let verb = rng.pick(codeVerbs)
    let t = rng.pick(valueTypes)
    var s = "\n  /// \(SampleProse.sentence(&rng))\n"
    s += "  public func \(verb)\(SampleProse.capitalized(noun))(_ \(noun): \(t)) throws -> \(rng.pick(valueTypes)) {\n"
    for _ in 0..<rng.int(2...9) {
      switch rng.below(5) {
      case 0: s += "    guard \(noun).isValid else { throw \(owner)Error.invalid\(SampleProse.capitalized(noun)) }\n"
      case 1: s += "    let \(other) = try store.\(rng.pick(codeVerbs))(\(noun).id)\n"
      case 2:
        s += "    if \(other).is\(SampleProse.capitalized(rng.pick(SampleVocabulary.adjectives))) { return \(other) }\n"
      case 3: s += "    logger.debug(\"\(verb) \(noun) \\(\(noun).id)\")\n"
      default: s += "    metrics.increment(\"\(owner.lowercased()).\(verb)\")\n"
      }
    }
    s += "    return \(other).\(rng.pick(codeVerbs))(with: \(noun))\n  }\n"
    return s
  }

  /// A `swift test` log with 20 to 120 cases, sometimes with failures.
  static func testLog(_ rng: inout SampleRandom) -> String {
    let module = rng.pick(modules)
    var s = "Building for debugging...\n[\(rng.int(10...60))/\(rng.int(61...140))] Compiling \(module) "
    s +=
      "\(rng.pick(typeNames))\(rng.pick(typeSuffixes)).swift\nBuild complete! (\(rng.int(3...40)).\(rng.int(10...99))s)\n"
    s += "Test run started.\n"
    let cases = rng.int(20...120)
    var failures = 0
    for _ in 0..<cases {
      let name =
        "\(rng.pick(codeVerbs))\(rng.pick(typeNames))\(SampleProse.capitalized(rng.pick(SampleVocabulary.adjectives)))"
      if rng.chance(0.03) {
        failures += 1
        s +=
          "✘ Test \(name)() recorded an issue at \(rng.pick(typeNames))Tests.swift:\(rng.int(12...400)):\(rng.int(5...40)): "
        s += "Expectation failed: (result.count → \(rng.int(0...9))) == \(rng.int(10...20))\n"
      } else {
        s += "✔ Test \(name)() passed after 0.\(rng.int(100...999)) seconds.\n"
      }
    }
    s +=
      failures == 0
      ? "✔ Test run with \(cases) tests passed after \(rng.int(1...9)).\(rng.int(100...999)) seconds.\n"
      : "✘ Test run with \(cases) tests failed after \(rng.int(1...9)).\(rng.int(100...999)) seconds with \(failures) issues.\n"
    return s
  }
}
