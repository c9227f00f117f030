import Foundation
import Testing

@testable import TokenAuditCore

extension Formats {
  @Suite struct FormatRegistryTests {
    @Test func readerIdsAreUniqueAndTheCatchAllsAreLast() {
      let ids = FormatRegistry.all.map { $0.id }
      #expect(Set(ids).count == ids.count)
      #expect(ids.suffix(2) == ["native", "flat-usage"])
      #expect(
        Set(ids)
          == [
            "claude-code", "codex", "openai-responses", "openai-batch", "anthropic-batch", "litellm", "langfuse",
            "langsmith", "openai-agents",
            "otel-genai", "otel-logs", "gemini", "stream-events", "http-recording", "bare-body", "helicone",
            "bedrock-invocation",
            "native", "flat-usage",
          ])
    }

    @Test func everyReaderHasAFixtureFolder() {
      for id in FormatRegistry.all.map({ $0.id }) {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: FormatFixtures.path(id), isDirectory: &isDirectory)
        #expect(exists && isDirectory.boolValue, "missing fixtures/formats/\(id)/")
      }
    }

    @Test func aFolderMixingAllFormatsIsIngested() throws {
      let folder = FormatFixtures.path("mixed")
      let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
      var stats = FileStats()
      var records: [CallRecord] = []
      var issues: [IngestIssue] = []
      for file in files {
        let result = FileIngestor(options: IngestOptions()).ingest(path: folder + "/" + file)
        stats.merge(result.stats)
        records += result.records
        issues += result.issues
      }
      #expect(issues.isEmpty)
      #expect(Set(stats.linesByFormat.keys) == Set(FormatRegistry.all.map { $0.id }))
      #expect(Set(records.map(\.format)) == Set(FormatRegistry.all.map { $0.id }))
      // The mixed JSONL has one line per format; the OTLP document adds one more otel-genai "line".
      #expect(stats.linesByFormat.values.reduce(0, +) == 21)
      #expect(stats.linesByFormat["otel-genai"] == 2)
      #expect(stats.lines == 21)
      #expect(stats.skippedLines == 0)
    }
  }
}
