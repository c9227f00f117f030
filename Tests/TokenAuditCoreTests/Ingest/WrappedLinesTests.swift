import Testing

@testable import TokenAuditCore

/// JSON lines inside log shippers' envelopes and behind text prefixes are read, not skipped.
@Suite struct WrappedLinesTests {
  static func ingest(_ file: String, options: IngestOptions = IngestOptions()) -> FileIngestResult {
    FileIngestor(options: options).ingest(path: Fixtures.path("formats/ingest/wrapped/" + file))
  }

  @Test func textPrefixesBeforeTheJSONAreSkipped() throws {
    let r = Self.ingest("prefixed.log")
    #expect(r.records.map(\.requestID) == ["req_w1", "req_w2"])
    #expect(r.stats.lines == 3)
    // A line with no JSON at all is still reported, at its line.
    #expect(r.stats.skippedLines == 1)
    #expect(r.issues.map(\.kind) == [.invalidJSON])
    #expect(r.issues.first?.location.line == 3)
  }

  @Test func dockerGCPAndCloudWatchEnvelopesAreOpened() throws {
    let docker = Self.ingest("docker.jsonl")
    #expect(docker.records.map(\.requestID) == ["req_w3"])
    #expect(docker.issues.map(\.kind) == [.unknownFormat])  // the plain-text `log` line
    #expect(docker.stats.linesByFormat == ["native": 1])

    var options = IngestOptions()
    options.agentField = "resource.labels.container_name"
    let gcp = Self.ingest("gcp.jsonl", options: options)
    #expect(gcp.records.map(\.requestID) == ["req_w4"])
    #expect(gcp.records.first?.agent == "triage")  // a mapping may name the envelope's members
    #expect(gcp.records.first?.usage == TokenUsage(inputTokens: 100, outputTokens: 5))

    let cloudWatch = Self.ingest("cloudwatch.json")
    #expect(cloudWatch.records.map(\.requestID) == ["req_w5", "req_w6"])
    #expect(cloudWatch.stats.lines == 1)
    #expect(cloudWatch.stats.records == 2)
    #expect(cloudWatch.stats.skippedLines == 0)
    // The batch's other events (a plain-text line, an unknown object) are warnings on its line.
    #expect(cloudWatch.issues.map(\.kind) == [.skippedEvent, .skippedEvent])
    #expect(
      cloudWatch.issues.map(\.message) == [
        "logEvents[2].message is not a JSON object", "logEvents[3]: no known log format matches",
      ])
    #expect(cloudWatch.issues.allSatisfy { $0.location.line == 1 })
  }

  @Test(
    arguments: [
      ("2026-11-20T14:03:11Z {\"a\":1}", 21), ("INFO [llm] {\"a\":1}  ", 11), ("{\"a\":1", nil), ("{\"a\":1}", nil),
      ("key=\"v\" {\"a\":1}", nil), ("no json here", nil), ("x {\"a\":1} trailing", nil),
    ] as [(String, Int?)])
  func prefixDetection(line: String, start: Int?) {
    let bytes = Array(line.utf8)
    let found = bytes.withUnsafeBytes { FileIngestor.jsonAfterTextPrefix($0) }
    #expect(found == start)
  }
}
