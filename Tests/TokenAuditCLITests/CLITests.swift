import Foundation
import Testing

/// Runs the built `tokenaudit` binary on fixtures and checks exit codes, reports and stderr.
@Suite struct CLITests {
  static let root: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()

  /// The binary next to the test bundle.
  static var binary: String? {
    // The test runner lives in the same build folder as the binary (any --scratch-path).
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var dirs = [(exe as NSString).deletingLastPathComponent]
    dirs += Bundle.allBundles.map { ($0.bundlePath as NSString).deletingLastPathComponent }
    let candidates = dirs.map { $0 + "/tokenaudit" } + [root + "/.build/debug/tokenaudit"]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static func run(_ args: [String]) throws -> Run {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: try #require(binary, "tokenaudit binary not built"))
    p.arguments = args
    p.currentDirectoryURL = URL(fileURLWithPath: root)
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return Run(
      status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
      stderr: String(decoding: e, as: UTF8.self))
  }

  static func tempDir() -> String {
    let d = NSTemporaryDirectory() + "tokenaudit-cli-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
  }

  @Test func analyzesMalformedFixturesAndExitsZero() throws {
    let dir = Self.tempDir()
    let r = try Self.run(["analyze", "fixtures/malformed", "--output", dir + "/r.md", "--json", dir + "/r.json"])
    #expect(r.status == 0)
    #expect(r.stderr.contains("invalid_json.jsonl:2: warning: [invalid_json]"))
    let md = try String(contentsOfFile: dir + "/r.md", encoding: .utf8)
    #expect(md.contains("## Input quality"))
    #expect(md.contains("invalid_json"))
    let json = try String(contentsOfFile: dir + "/r.json", encoding: .utf8)
    #expect(json.contains("\"schema_version\" : 1"))
  }

  @Test func strictFailsOnSkippedLines() throws {
    let dir = Self.tempDir()
    let r = try Self.run([
      "analyze", "fixtures/malformed/invalid_json.jsonl", "--strict", "--quiet", "--output", dir + "/r.md",
    ])
    #expect(r.status == 2)
    #expect(r.stdout.isEmpty)
  }

  @Test func quietPrintsNothingOnSuccess() throws {
    let dir = Self.tempDir()
    let r = try Self.run(["analyze", "fixtures/malformed/crlf_and_blank.jsonl", "--quiet", "--output", dir + "/r.md"])
    #expect(r.status == 0)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.isEmpty)
  }

  @Test func missingInputIsAClearError() throws {
    let r = try Self.run(["analyze", "no/such/dir"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("no log files found"))
  }

  @Test func emptyDirectoryIsAClearError() throws {
    let dir = Self.tempDir()
    let r = try Self.run(["analyze", dir])
    #expect(r.status == 1)
    #expect(r.stderr.contains("no log files found"))
  }

  @Test func logsCompressedWithOtherCodecsSayHowToUnpackThem() throws {
    let dir = Self.tempDir()
    try Data([0x28, 0xB5, 0x2F, 0xFD, 0x24, 0x00, 0x01]).write(to: URL(fileURLWithPath: dir + "/day1.jsonl.zst"))
    try Data("BZh91AY&SY".utf8).write(to: URL(fileURLWithPath: dir + "/day2.jsonl.bz2"))
    let r = try Self.run(["analyze", dir, "--output", dir + "/r.md"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("none of the 2 log files"))
    #expect(r.stderr.contains("day1.jsonl.zst: zstd file") && r.stderr.contains("(zstd -d)"))
    #expect(r.stderr.contains("day2.jsonl.bz2: bzip2 file"))
    // Next to readable logs, they are file problems in the report and the run completes.
    try FileManager.default.copyItem(
      atPath: Self.root + "/fixtures/malformed/crlf_and_blank.jsonl", toPath: dir + "/a.jsonl")
    let ok = try Self.run(["analyze", dir, "--quiet", "--output", dir + "/r.md"])
    #expect(ok.status == 0)
    let report = try String(contentsOfFile: dir + "/r.md", encoding: .utf8)
    #expect(report.contains("day1.jsonl.zst:0: zstd file: tokenaudit reads gzip and plain JSON lines"))
  }

  @Test func symlinkLoopIsReportedNotFollowedForever() throws {
    let dir = Self.tempDir()
    try FileManager.default.copyItem(
      atPath: Self.root + "/fixtures/malformed/crlf_and_blank.jsonl", toPath: dir + "/a.jsonl")
    try FileManager.default.createSymbolicLink(atPath: dir + "/loop", withDestinationPath: dir)
    let r = try Self.run(["analyze", dir, "--output", dir + "/r.md"])
    #expect(r.status == 0)
    #expect(r.stderr.contains("symbolic-link loop"))
  }

  @Test func badFlagIsAUsageError() throws {
    let r = try Self.run(["analyze", "fixtures/malformed", "--max-line-bytes", "5"])
    #expect(r.status == 64)
  }

  @Test func stdoutOutput() throws {
    let r = try Self.run(["analyze", "fixtures/malformed/crlf_and_blank.jsonl", "--output", "-", "--format", "json"])
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("{"))
  }
}
