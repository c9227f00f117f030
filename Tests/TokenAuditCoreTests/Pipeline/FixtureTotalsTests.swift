import Foundation
import Testing

@testable import TokenAuditCore

/// The report's totals on generated fixture logs, checked to the cent against an independent
/// computation: Foundation's JSON parser, the provider usage rules written out here, and prices
/// read straight from LiteLLM's table.
@Suite struct FixtureTotalsTests {
  struct Expected {
    var calls = 0
    var input = 0
    var output = 0
    var cacheRead = 0
    var cacheWrite = 0
    var costUSD = 0.0
    var failed = 0
    var perAgent: [String: Double] = [:]
  }

  static func priceTable() throws -> [String: [String: Any]] {
    let url = try #require(
      Bundle.module.url(
        forResource: "model_prices_and_context_window.json", withExtension: "gz",
        subdirectory: "Resources") ?? Self.resourceURL())
    let bytes = try GzipByteSource.decompress(Array(try Data(contentsOf: url)))
    return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: [String: Any]])
  }

  static func resourceURL() -> URL? {
    URL(fileURLWithPath: Fixtures.root + "/Sources/TokenAuditCore/Resources/model_prices_and_context_window.json.gz")
  }

  /// Independent cost of one call's raw usage.
  static func expected(lines: [String], prices: [String: [String: Any]]) throws -> Expected {
    var e = Expected()
    var seen = Set<String>()
    for line in lines where !line.isEmpty {
      guard let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
      if let id = obj["request_id"] as? String, !seen.insert(id).inserted { continue }
      e.calls += 1
      let status = obj["status"] as? Int ?? 200
      if status >= 300 { e.failed += 1 }
      let response = obj["response"] as? [String: Any] ?? [:]
      guard let usage = response["usage"] as? [String: Any] else { continue }
      let model = obj["model"] as? String ?? ""
      let batch = obj["batch"] as? Bool ?? false
      var input = 0
      var read = 0
      var w5 = 0
      var w1h = 0
      var out = 0
      if obj["provider"] as? String == "anthropic" {
        let cc = usage["cache_creation"] as? [String: Any]
        w5 = cc?["ephemeral_5m_input_tokens"] as? Int ?? (usage["cache_creation_input_tokens"] as? Int ?? 0)
        w1h = cc?["ephemeral_1h_input_tokens"] as? Int ?? 0
        read = usage["cache_read_input_tokens"] as? Int ?? 0
        input = (usage["input_tokens"] as? Int ?? 0) + read + w5 + w1h
        out = usage["output_tokens"] as? Int ?? 0
      } else {
        input = usage["prompt_tokens"] as? Int ?? 0
        read = (usage["prompt_tokens_details"] as? [String: Any])?["cached_tokens"] as? Int ?? 0
        out = usage["completion_tokens"] as? Int ?? 0
      }
      e.input += input
      e.output += out
      e.cacheRead += read
      e.cacheWrite += w5 + w1h
      let p = try #require(prices[model], "no price for \(model)")
      let inPrice = p["input_cost_per_token"] as? Double ?? 0
      let outPrice = p["output_cost_per_token"] as? Double ?? 0
      let readPrice = p["cache_read_input_token_cost"] as? Double ?? inPrice
      let w5Price = p["cache_creation_input_token_cost"] as? Double ?? inPrice
      let w1hPrice = p["cache_creation_input_token_cost_above_1hr"] as? Double ?? w5Price
      // Batch: the table's batch prices; cache reads scaled by the same discount as input.
      let bIn = batch ? (p["input_cost_per_token_batches"] as? Double ?? inPrice / 2) : inPrice
      let bOut = batch ? (p["output_cost_per_token_batches"] as? Double ?? outPrice / 2) : outPrice
      let scale = inPrice > 0 ? bIn / inPrice : 1
      let cost =
        Double(input - read - w5 - w1h) * bIn + Double(read) * readPrice * scale + Double(w5) * w5Price * scale
        + Double(w1h) * w1hPrice * scale + Double(out) * bOut
      e.costUSD += cost
      e.perAgent[obj["agent"] as? String ?? "", default: 0] += cost
    }
    return e
  }

  @Test func generatedWeekTotalsMatchToTheCent() throws {
    var c = SampleLogGenerator.Configuration.preset(.fixture, seed: 99)
    c.missingUsageRate = 0
    c.longContextEvery = 0
    let dir = Fixtures.tempDir("totals")
    try SampleLogGenerator(c).write(to: dir, gzip: true)
    let text = try Self.readAll(dir + "/" + SampleLogGenerator.fileName(index: 0, gzip: true))
    let exp = try Self.expected(lines: text.split(separator: "\n").map(String.init), prices: try Self.priceTable())

    let pipeline = AuditPipeline(
      options: AuditOptions(), costModel: TableCostModel(table: try PriceTable.bundled()),
      makeCounter: { RoughTokenCounter() })
    let outcome = try pipeline.run(paths: [dir], run: RunInfo(toolVersion: "test", generatedAt: "t", inputs: [dir]))
    let t = outcome.result.totals
    #expect(t.calls == exp.calls)
    #expect(t.inputTokens == exp.input)
    #expect(t.outputTokens == exp.output)
    #expect(t.cacheReadTokens == exp.cacheRead)
    #expect(t.cacheWriteTokens == exp.cacheWrite)
    #expect(t.failedCalls == exp.failed)
    #expect(abs(t.costUSD - exp.costUSD) < 0.005, "cost \(t.costUSD) vs expected \(exp.costUSD)")
    for row in outcome.result.byAgent {
      #expect(abs(row.costUSD - (exp.perAgent[row.agent] ?? 0)) < 0.005, "agent \(row.agent)")
    }
    // The JSON report carries the same figures.
    let json = JSONRenderer.render(outcome.result)
    let decoded = try JSONRenderer.decode(json)
    #expect(decoded.totals.costUSD == t.costUSD)
  }

  @Test func committedFixtureDecodesToTheGeneratorsBytes() throws {
    let committed = try Self.readAll(Fixtures.path("logs/requests-001.jsonl.gz"))
    let (files, _) = SampleLogGenerator(.preset(.fixture, seed: 2026)).generateInMemory()
    #expect(String(decoding: files[0], as: UTF8.self) == committed)
  }

  @Test func resultsDoNotDependOnFileOrder() throws {
    var c = SampleLogGenerator.Configuration.preset(.fixture, seed: 5)
    c.files = 3
    let dir = Fixtures.tempDir("order")
    try SampleLogGenerator(c).write(to: dir, files: 3, gzip: false)
    let model = TableCostModel(table: try PriceTable.bundled())
    var reports: [String] = []
    for workers in [1, 2, 3] {
      var o = AuditOptions()
      o.workers = workers
      let p = AuditPipeline(options: o, costModel: model, makeCounter: { RoughTokenCounter() })
      let r = try p.run(paths: [dir], run: RunInfo(toolVersion: "t", generatedAt: "t", inputs: ["x"]))
      var result = r.result
      result.tokenizer = nil  // memo hits depend on which thread saw a text first
      reports.append(JSONRenderer.render(result))
    }
    #expect(reports[0] == reports[1])
    #expect(reports[1] == reports[2])
  }

  static func readAll(_ path: String) throws -> String {
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    let raw = bytes.starts(with: [0x1F, 0x8B]) ? try GzipByteSource.decompress(bytes) : bytes
    return String(decoding: raw, as: UTF8.self)
  }
}
