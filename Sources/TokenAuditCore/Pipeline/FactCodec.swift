/// A compact binary form of `CallFacts` for the incremental cache: varints, fixed 64-bit hashes
/// and length-prefixed UTF-8, written and read field by field (Foundation's JSON coders took
/// longer than reading the logs). Not an interchange format: the cache salt changes with it.
enum FactCodec {
  /// Stored properties of `CallFacts` this codec writes (a test compares it with the type's).
  static let fieldCount = 55

  /// Appends one call's facts to `w`.
  static func encode(_ f: CallFacts, into w: inout BinaryWriter) {
    w.string(f.source.file)
    w.int(f.source.line)
    w.string(f.format)
    w.optionalInt(f.timestampMS.map(Int.init))
    w.optionalString(f.requestID)
    w.optionalString(f.dedupKey)
    w.optionalString(f.traceID)
    w.string(f.agent)
    w.bool(f.agentInferred)
    w.string(f.phase)
    w.string(f.provider)
    w.string(f.model)
    w.int(f.status)
    w.optionalString(f.errorType)
    w.optionalDouble(f.latencyMS)
    w.bool(f.isBatch)
    w.bool(f.streamed)
    w.optionalString(f.finishReason)
    w.optionalInt(f.maxOutputTokens)
    let u = f.usage
    for n in [u.inputTokens, u.cacheReadTokens, u.cacheWrite5mTokens, u.cacheWrite1hTokens, u.outputTokens] {
      w.int(n)
    }
    w.int(u.reasoningTokens)
    w.string(f.usageSource.rawValue)
    w.optionalDouble(f.loggedCostUSD)
    w.hash(f.requestHash)
    w.hash(f.systemHash)
    w.hash(f.toolsHash)
    w.hashes(f.prefixHashes)
    w.ints(f.prefixTokens)
    w.int(f.messageCount)
    w.int(f.userTurns)
    w.strings(f.toolNames)
    w.ints(f.toolDefinitionTokens)
    w.strings(f.calledTools)
    w.bool(f.usesCacheControl)
    let a = f.anatomy
    for n in [a.systemTokens, a.toolTokens, a.historyTokens, a.toolResultTokens, a.latestUserTokens] { w.int(n) }
    w.string(f.latestUserText)
    w.string(f.responseExcerpt)
    w.hash(f.responseHash)
    w.int(f.responseChars)
    w.int(f.systemChars)
    w.int(f.latestUserBytes)
    w.int(f.promptTokenEstimate)
    w.ints(f.turnStarts)
    w.int(f.whitespaceTokens)
    w.int(f.jsonWhitespaceTokens)
    w.int(f.systemRepeatedTokens)
    w.string(f.systemRepeatedExcerpt)
    w.int(f.contextChunks)
    w.int(f.contextChunksUsed)
    w.int(f.unusedContextTokens)
    w.string(f.outputShape.rawValue)
    w.bool(f.requestsStructuredOutput)
    w.hash(f.systemStableHash)
    w.optionalInt(f.systemVolatileOffset)
    w.hash(f.contextHash)
    w.bool(f.latestUserIsLast)
    w.int(Int(f.serviceTier.rawValue))
    w.int(f.usage.webSearchRequests)
  }

  /// Reads one call's facts, sharing repeated labels through `labels`.
  static func decode(_ r: inout BinaryReader, labels: LabelTable) throws -> CallFacts {
    let source = SourceLocation(file: try r.label(labels), line: try r.int())
    var f = CallFacts(
      source: source, format: try r.label(labels), timestampMS: try r.optionalInt().map(Int64.init),
      requestID: try r.optionalString(), dedupKey: try r.optionalString(), traceID: try r.optionalString(),
      agent: try r.label(labels), agentInferred: try r.bool(), phase: try r.label(labels),
      provider: try r.label(labels), model: try r.label(labels), status: try r.int(),
      errorType: try r.bool() ? try r.label(labels) : nil, latencyMS: try r.optionalDouble(), isBatch: try r.bool(),
      streamed: try r.bool(), finishReason: try r.bool() ? try r.label(labels) : nil,
      maxOutputTokens: try r.optionalInt(), usage: TokenUsage(), usageSource: .missing, loggedCostUSD: nil)
    f.usage.inputTokens = try r.int()
    f.usage.cacheReadTokens = try r.int()
    f.usage.cacheWrite5mTokens = try r.int()
    f.usage.cacheWrite1hTokens = try r.int()
    f.usage.outputTokens = try r.int()
    f.usage.reasoningTokens = try r.int()
    guard let usageSource = UsageSource(rawValue: try r.string()) else { throw BinaryReader.Malformed() }
    f.usageSource = usageSource
    f.loggedCostUSD = try r.optionalDouble()
    f.requestHash = try r.hash()
    f.systemHash = try r.hash()
    f.toolsHash = try r.hash()
    f.prefixHashes = try r.hashes()
    f.prefixTokens = try r.ints()
    f.messageCount = try r.int()
    f.userTurns = try r.int()
    f.toolNames = try r.array { try $0.label(labels) }
    f.toolDefinitionTokens = try r.ints()
    f.calledTools = try r.array { try $0.label(labels) }
    f.usesCacheControl = try r.bool()
    f.anatomy.systemTokens = try r.int()
    f.anatomy.toolTokens = try r.int()
    f.anatomy.historyTokens = try r.int()
    f.anatomy.toolResultTokens = try r.int()
    f.anatomy.latestUserTokens = try r.int()
    f.latestUserText = try r.string()
    f.responseExcerpt = try r.string()
    f.responseHash = try r.hash()
    f.responseChars = try r.int()
    f.systemChars = try r.int()
    f.latestUserBytes = try r.int()
    f.promptTokenEstimate = try r.int()
    f.turnStarts = try r.ints()
    f.whitespaceTokens = try r.int()
    f.jsonWhitespaceTokens = try r.int()
    f.systemRepeatedTokens = try r.int()
    f.systemRepeatedExcerpt = try r.label(labels)
    f.contextChunks = try r.int()
    f.contextChunksUsed = try r.int()
    f.unusedContextTokens = try r.int()
    guard let shape = OutputShape(rawValue: try r.string()) else { throw BinaryReader.Malformed() }
    f.outputShape = shape
    f.requestsStructuredOutput = try r.bool()
    f.systemStableHash = try r.hash()
    f.systemVolatileOffset = try r.optionalInt()
    f.contextHash = try r.hash()
    f.latestUserIsLast = try r.bool()
    guard let tier = ServiceTier(rawValue: UInt8(truncatingIfNeeded: try r.int())) else {
      throw BinaryReader.Malformed()
    }
    f.serviceTier = tier
    f.usage.webSearchRequests = try r.int()
    return f
  }
}

extension FactCodec {
  /// Reads only what calibration needs of one call's record, skipping the rest without making
  /// strings or arrays (the fields are in `encode`'s order; a test compares it with `decode`).
  static func calibrationSample(_ r: inout BinaryReader) throws -> Calibrator.Sample {
    try r.skipString()  // file
    _ = try r.int()  // line
    try r.skipString()  // format
    _ = try r.optionalInt()  // timestamp
    for _ in 0..<3 { try r.skipOptionalString() }  // request id, dedup key, trace id
    try r.skipString()  // agent
    _ = try r.bool()
    try r.skipString()  // phase
    let provider = try r.string()
    try r.skipString()  // model
    let status = try r.int()
    let hasError = try r.bool()
    if hasError { try r.skipString() }
    _ = try r.optionalDouble()  // latency
    _ = try r.bool()  // batch
    _ = try r.bool()  // streamed
    try r.skipOptionalString()  // finish reason
    _ = try r.optionalInt()  // max output tokens
    let input = try r.int()
    for _ in 0..<5 { _ = try r.int() }  // cache reads, writes, output, reasoning
    guard let usageSource = UsageSource(rawValue: try r.string()) else { throw BinaryReader.Malformed() }
    _ = try r.optionalDouble()  // logged cost
    for _ in 0..<3 { _ = try r.hash() }  // request, system, tools
    try r.skip { _ = try $0.hash() }  // prefix hashes
    try r.skip { _ = try $0.int() }  // prefix tokens
    _ = try r.int()  // messages
    _ = try r.int()  // user turns
    try r.skip { try $0.skipString() }  // tool names
    try r.skip { _ = try $0.int() }  // tool definition tokens
    try r.skip { try $0.skipString() }  // called tools
    _ = try r.bool()  // cache control
    for _ in 0..<5 { _ = try r.int() }  // anatomy
    try r.skipString()  // latest user text
    try r.skipString()  // response excerpt
    _ = try r.hash()  // response hash
    for _ in 0..<3 { _ = try r.int() }  // response chars, system chars, latest user bytes
    let estimate = try r.int()
    return Calibrator.Sample(
      provider: provider, usageSource: usageSource, inputTokens: input,
      failed: status < 200 || status >= 300 || hasError, promptTokenEstimate: estimate)
  }
}

/// Appends primitive values in `FactCodec`'s encoding.
struct BinaryWriter {
  /// The bytes written so far.
  var bytes: [UInt8] = []

  /// A signed integer (zig-zag varint).
  mutating func int(_ v: Int) {
    var u = UInt64(bitPattern: Int64((v << 1) ^ (v >> 63)))
    while u >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: u) | 0x80)
      u >>= 7
    }
    bytes.append(UInt8(u))
  }

  /// A 64-bit hash (8 bytes, little-endian).
  mutating func hash(_ v: UInt64) {
    withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
  }

  mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }

  /// UTF-8 bytes after their count.
  mutating func string(_ s: String) {
    int(s.utf8.count)
    bytes.append(contentsOf: s.utf8)
  }

  mutating func optionalString(_ s: String?) {
    bool(s != nil)
    if let s { string(s) }
  }

  mutating func optionalInt(_ v: Int?) {
    bool(v != nil)
    if let v { int(v) }
  }

  mutating func optionalDouble(_ v: Double?) {
    bool(v != nil)
    if let v { hash(v.bitPattern) }
  }

  mutating func ints(_ v: [Int]) {
    int(v.count)
    for x in v { int(x) }
  }

  mutating func hashes(_ v: [UInt64]) {
    int(v.count)
    for x in v { hash(x) }
  }

  mutating func strings(_ v: [String]) {
    int(v.count)
    for x in v { string(x) }
  }
}

/// Reads `BinaryWriter`'s encoding, never past the end of its buffer.
struct BinaryReader {
  /// The buffer ended early or held an impossible value.
  struct Malformed: Error {}

  let base: UnsafeRawBufferPointer
  var position = 0

  /// Reads from `base`, starting at its first byte.
  init(_ base: UnsafeRawBufferPointer) { self.base = base }

  /// Whether every byte has been read.
  var atEnd: Bool { position >= base.count }

  mutating func byte() throws -> UInt8 {
    guard position < base.count else { throw Malformed() }
    position += 1
    return base[position - 1]
  }

  @inline(__always)
  mutating func int() throws -> Int {
    // Most values fit one byte: read it in place; longer ones take the loop.
    if position < base.count {
      let b = base[position]
      if b < 0x80 {
        position += 1
        return Int(Int64(bitPattern: UInt64(b) >> 1) ^ -Int64(bitPattern: UInt64(b) & 1))
      }
    }
    return try multiByteInt()
  }

  /// `int()` of a varint of any length.
  mutating func multiByteInt() throws -> Int {
    var u: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      let b = try byte()
      guard shift < 64 else { throw Malformed() }
      u |= UInt64(b & 0x7F) << shift
      if b < 0x80 { break }
      shift += 7
    }
    // Zig-zag back: a logical shift of the unsigned value, then the sign from the low bit.
    return Int(Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1))
  }

  mutating func hash() throws -> UInt64 {
    guard position + 8 <= base.count else { throw Malformed() }
    let v = base.loadUnaligned(fromByteOffset: position, as: UInt64.self)
    position += 8
    return UInt64(littleEndian: v)
  }

  mutating func bool() throws -> Bool {
    switch try byte() {
    case 0: return false
    case 1: return true
    default: throw Malformed()
    }
  }

  /// A count that must fit in what is left of the buffer (each element takes a byte at least).
  mutating func count() throws -> Int {
    let n = try int()
    guard n >= 0, n <= base.count - position else { throw Malformed() }
    return n
  }

  mutating func string() throws -> String {
    let n = try count()
    defer { position += n }
    return String(decoding: UnsafeRawBufferPointer(rebasing: base[position..<(position + n)]), as: UTF8.self)
  }

  /// A string read through `labels` (shared with equal earlier ones).
  mutating func label(_ labels: LabelTable) throws -> String {
    let n = try count()
    defer { position += n }
    return labels.label(UnsafeRawBufferPointer(rebasing: base[position..<(position + n)]))
  }

  mutating func optionalString() throws -> String? { try bool() ? try string() : nil }
  mutating func optionalInt() throws -> Int? { try bool() ? try int() : nil }
  mutating func optionalDouble() throws -> Double? { try bool() ? Double(bitPattern: try hash()) : nil }

  /// A count, then that many elements read by `element`.
  mutating func array<T>(_ element: (inout BinaryReader) throws -> T) throws -> [T] {
    let n = try count()
    var out: [T] = []
    out.reserveCapacity(n)
    for _ in 0..<n { out.append(try element(&self)) }
    return out
  }

  /// Skips a string.
  mutating func skipString() throws { position += try count() }
  mutating func skipOptionalString() throws { if try bool() { try skipString() } }

  /// Skips a count and that many elements, each skipped by `element`.
  mutating func skip(_ element: (inout BinaryReader) throws -> Void) throws {
    let n = try count()
    for _ in 0..<n { try element(&self) }
  }

  mutating func ints() throws -> [Int] { try array { try $0.int() } }
  mutating func hashes() throws -> [UInt64] { try array { try $0.hash() } }
  mutating func strings() throws -> [String] { try array { try $0.string() } }
}
