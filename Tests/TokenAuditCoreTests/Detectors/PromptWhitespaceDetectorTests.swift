import Foundation
import Testing

@testable import TokenAuditCore

extension Advisor {
  @Suite struct PromptWhitespaceDetectorTests {
    @Test func flagsPrettyPrintedJSON() throws {
      let (r, fs) = try AdvisorFixtures.findings(PromptWhitespaceDetector.id, "triggering")
      let f = try #require(fs.first)
      #expect(fs.count == 1)
      AdvisorFixtures.checkShape(f, r)
      #expect(f.kind == "pretty-json" && f.agent == "report-bot" && f.confidence == "high")
      #expect(f.how.contains("separators"))
    }

    @Test func compactJSONIsNotFlagged() throws {
      let (_, fs) = try AdvisorFixtures.findings(PromptWhitespaceDetector.id, "clean")
      #expect(fs.isEmpty)
    }

    @Test func minifiesAJSONDocumentOutsideStrings() throws {
      let pretty =
        "{\n    \"name\": \"Ada  Lovelace\",\n    \"tags\": [\n        \"a b\",\n        \"c\"\n    ],\n"
        + "    \"nested\": {\n        \"x\": 1\n    }\n}"
      let c = try #require(PromptMeasures.compacted(pretty))
      #expect(c.isJSON)
      #expect(c.text == "{\"name\":\"Ada  Lovelace\",\"tags\":[\"a b\",\"c\"],\"nested\":{\"x\":1}}")
    }

    @Test func dedentsProseAndCollapsesBlankLines() throws {
      let prose =
        (0..<6).map { "        Line \($0) of an indented template,   with  gaps.   " }.joined(separator: "\n")
        + "\n\n\n\n        The end."
      let c = try #require(PromptMeasures.compacted(prose))
      #expect(!c.isJSON)
      #expect(c.text.hasPrefix("Line 0 of an indented template, with gaps.\nLine 1"))
      #expect(c.text.hasSuffix("gaps.\n\nThe end."))
    }

    @Test func leavesTidyTextAlone() {
      let tidy = (0..<10).map { "Line \($0) is tidy text without extra spaces." }.joined(separator: "\n")
      #expect(PromptMeasures.compacted(tidy) == nil)
      #expect(PromptMeasures.compacted("{\"a\":1,\"b\":[1,2,3],\"c\":{\"d\":\"e f g h i j k l m n o p q\"}}") == nil)
    }
  }
}
