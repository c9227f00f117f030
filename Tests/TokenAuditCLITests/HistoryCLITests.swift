import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Weekly runs from cron: the state folder's lock, killed runs, regressions and window flags.
@Suite struct HistoryCLITests {
  static func fixture(_ name: String) -> String { CLITests.root + "/fixtures/history/" + name }

  /// Runs the binary in `cwd`.
  static func run(_ args: [String], cwd: String) throws -> CLITests.Run {
    let p = try start(args, cwd: cwd)
    let o = (p.standardOutput as? Pipe)?.fileHandleForReading.readDataToEndOfFile() ?? Data()
    let e = (p.standardError as? Pipe)?.fileHandleForReading.readDataToEndOfFile() ?? Data()
    p.waitUntilExit()
    return CLITests.Run(
      status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
      stderr: String(decoding: e, as: UTF8.self))
  }

  static func start(_ args: [String], cwd: String, quietPipes: Bool = false) throws -> Process {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: try #require(CLITests.binary, "tokenaudit binary not built"))
    p.arguments = args
    p.currentDirectoryURL = URL(fileURLWithPath: cwd)
    if quietPipes {
      p.standardOutput = FileHandle.nullDevice
      p.standardError = FileHandle.nullDevice
    } else {
      p.standardOutput = Pipe()
      p.standardError = Pipe()
    }
    try p.run()
    return p
  }

  /// A temporary folder with `logs/` holding the given fixtures.
  static func workspace(_ fixtures: [String]) throws -> String {
    let dir = CLITests.tempDir()
    try FileManager.default.createDirectory(atPath: dir + "/logs", withIntermediateDirectories: true)
    for f in fixtures { try FileManager.default.copyItem(atPath: fixture(f), toPath: dir + "/logs/" + f) }
    return dir
  }

  /// week46.jsonl moved by two weeks: the researcher's repeats come back in 2026-W48.
  static func writeWeek48(_ dir: String) throws {
    var text = try String(contentsOfFile: fixture("week46.jsonl"), encoding: .utf8)
    for day in 9...15 {
      text = text.replacingOccurrences(of: "2026-11-\(day < 10 ? "0" : "")\(day)T", with: "2026-11-\(day + 14)T")
    }
    try text.replacingOccurrences(of: "\"w46-", with: "\"w48-").write(
      toFile: dir + "/logs/week48.jsonl", atomically: true, encoding: .utf8)
  }

  static func week(_ w: String, _ extra: [String] = []) -> [String] {
    ["analyze", "logs", "--week", w, "--output", "r/\(w).md", "--json", "r/\(w).json", "--quiet"] + extra
  }

  @Test func concurrentRunIsRefusedWithExit75() throws {
    let dir = try Self.workspace(["week47.jsonl"])
    let state = dir + "/state"
    try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
    let fd = open(state + "/lock", O_RDWR | O_CREAT, 0o644)
    #expect(fd >= 0)
    defer { close(fd) }
    #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
    let r = try Self.run(Self.week("2026-W47", ["--state", "state"]), cwd: dir)
    #expect(r.status == 75)
    #expect(r.stderr.contains("another tokenaudit run is using this state folder"))
    #expect(!FileManager.default.fileExists(atPath: dir + "/r/2026-W47.md"))
    flock(fd, LOCK_UN)
    #expect(try Self.run(Self.week("2026-W47", ["--state", "state"]), cwd: dir).status == 0)
  }

  @Test func killedRunLeavesReportsAndStateIntact() throws {
    let dir = try Self.workspace(["week46.jsonl"])
    #expect(try Self.run(Self.week("2026-W46"), cwd: dir).status == 0)
    let state = dir + "/r/.tokenaudit-state"
    // What a week-47 run must never touch.
    let keep =
      ["r/2026-W46.md", "r/2026-W46.json"]
      + (try FileManager.default.contentsOfDirectory(atPath: state + "/snapshots")).map {
        "r/.tokenaudit-state/snapshots/" + $0
      }
    var before: [String: Data] = [:]
    for k in keep { before[k] = FileManager.default.contents(atPath: dir + "/" + k) }
    // A big week 47 (about 10 MB) so the kill lands mid-run.
    let lines = try String(contentsOfFile: Self.fixture("week47.jsonl"), encoding: .utf8).split(separator: "\n")
    var big = ""
    for copy in 0..<200 {
      for l in lines { big += l.replacingOccurrences(of: "\"w47-", with: "\"w47c\(copy)-") + "\n" }
    }
    try big.write(toFile: dir + "/logs/week47.jsonl", atomically: true, encoding: .utf8)

    for delay in [0.05, 0.2, 0.5, 1.0] {
      let p = try Self.start(
        ["analyze", "logs", "--week", "2026-W47", "--output", "r/2026-W47.md"], cwd: dir, quietPipes: true)
      Thread.sleep(forTimeInterval: delay)
      kill(p.processIdentifier, SIGKILL)
      p.waitUntilExit()
      for k in keep {
        #expect(FileManager.default.contents(atPath: dir + "/" + k) == before[k], "\(k) after kill at \(delay)s")
      }
      // Whatever was written is whole: every state file parses, a new report is complete.
      for sub in ["", "/snapshots", "/files"] {
        for n in (try? FileManager.default.contentsOfDirectory(atPath: state + sub)) ?? []
        where n.hasSuffix(".json") && !n.hasPrefix(".") {
          let data = try #require(FileManager.default.contents(atPath: state + sub + "/" + n))
          #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "\(sub)/\(n) after kill at \(delay)s")
        }
      }
      if let md = try? String(contentsOfFile: dir + "/r/2026-W47.md", encoding: .utf8) {
        #expect(md.contains("_Generated by tokenaudit"))
      }
    }
    // Leftovers of a killed run (temporary files) do not disturb the next one.
    try "{\"trunc".write(toFile: state + "/snapshots/.tmp-99999-2026-11-22-x.json", atomically: false, encoding: .utf8)
    try "# half a rep".write(toFile: dir + "/r/.2026-W47.md.tmp-99999", atomically: false, encoding: .utf8)
    let r = try Self.run(["analyze", "logs", "--week", "2026-W47", "--output", "r/2026-W47.md", "--quiet"], cwd: dir)
    #expect(r.status == 0)
    #expect(r.stderr.isEmpty)
    let md = try String(contentsOfFile: dir + "/r/2026-W47.md", encoding: .utf8)
    #expect(md.contains("## Since last run: 2026-W47 vs 2026-W46"))
    #expect(!FileManager.default.fileExists(atPath: state + "/snapshots/.tmp-99999-2026-11-22-x.json"))
  }

  @Test func failOnRegressionExitsThree() throws {
    let dir = try Self.workspace(["week46.jsonl", "week47.jsonl"])
    try Self.writeWeek48(dir)
    #expect(try Self.run(Self.week("2026-W46", ["--fail-on-regression"]), cwd: dir).status == 0)
    // Cost per task fell and the researcher's waste is gone: no regression.
    let w47 = try Self.run(Self.week("2026-W47", ["--fail-on-regression=5"]), cwd: dir)
    #expect(w47.status == 0)
    #expect(w47.stderr.isEmpty)
    let json47 = try String(contentsOfFile: dir + "/r/2026-W47.json", encoding: .utf8)
    #expect(json47.contains("\"since_last_run\" : {"))
    #expect(json47.contains("\"resolved_findings\" : ["))
    // W48 repeats W46: cost per task rose by 63%, and what W47 fixed is back.
    let r = try Self.run(["analyze", "--fail-on-regression"] + Array(Self.week("2026-W48").dropFirst()), cwd: dir)
    #expect(r.status == 3)
    #expect(r.stderr.contains("regression since 2026-W47: cost per task rose"))
    #expect(r.stderr.contains("more than the 10% allowed"))
    #expect(r.stdout.isEmpty)
    // With room for the cost rise, only returning findings (if any detector flagged them) fail.
    let lenient = try Self.run(Self.week("2026-W48", ["--fail-on-regression", "70"]), cwd: dir)
    #expect(!lenient.stderr.contains("cost per task rose"))
    #expect(lenient.status == (lenient.stderr.contains("regressed") ? 3 : 0))
  }

  @Test func defaultNamesFollowTheWeekAndStateSitsBesideTheReports() throws {
    let dir = try Self.workspace(["week47.jsonl"])
    let r = try Self.run(["analyze", "logs", "--week", "2026-W47", "--quiet"], cwd: dir)
    #expect(r.status == 0)
    #expect(r.stdout.isEmpty && r.stderr.isEmpty)
    #expect(FileManager.default.fileExists(atPath: dir + "/reports/tokenaudit-2026-W47.md"))
    #expect(FileManager.default.fileExists(atPath: dir + "/reports/.tokenaudit-state/index.json"))
    let none = try Self.run(["analyze", "logs", "--no-state", "--output", "x/r.md", "--quiet"], cwd: dir)
    #expect(none.status == 0)
    #expect(!FileManager.default.fileExists(atPath: dir + "/x/.tokenaudit-state"))
  }

  @Test(arguments: [
    (["--week", "2026-W60"], "--week 2026-W60"),
    (["--week", "last", "--last", "7d"], "only one of"),
    (["--since", "2026-11-20", "--until", "2026-11-19"], "must be after"),
    (["--last", "7 days"], "--last 7 days"),
    (["--timezone", "Mars/Base"], "unknown time zone"),
    (["--trend-runs", "1"], "--trend-runs"),
    (["--no-state", "--fail-on-regression"], "needs the history"),
  ])
  func badWindowFlagsAreUsageErrors(_ flags: [String], _ message: String) throws {
    let dir = try Self.workspace(["week47.jsonl"])
    let r = try Self.run(["analyze", "logs", "--output", "r.md"] + flags, cwd: dir)
    #expect(r.status == 64)
    #expect(r.stderr.contains(message))
  }
}
