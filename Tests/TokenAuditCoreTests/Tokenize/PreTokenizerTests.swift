import Testing

@testable import TokenAuditCore

/// A text and the pieces tiktoken's split pattern cuts it into.
struct PieceCase: Sendable, CustomTestStringConvertible {
  let text: String
  let pieces: [String]

  init(_ text: String, _ pieces: [String]) {
    self.text = text
    self.pieces = pieces
  }

  var testDescription: String { text.debugDescription }
}

/// Edge cases of the split patterns. Expected pieces come from a reference split whose token ids
/// were checked against tiktoken 0.14 for every case (contractions, numbers, whitespace runs before
/// non-space, CRLF, emoji, combining marks, case classes).
@Suite struct PreTokenizerTests {
  static let cl100kCases: [PieceCase] = [
    PieceCase("I'm", ["I", "'m"]),
    PieceCase("you'RE", ["you", "'RE"]),
    PieceCase("it'S here", ["it", "'S", " here"]),
    PieceCase("they'll've", ["they", "'ll", "'ve"]),
    PieceCase("'s", ["'s"]),
    PieceCase("don't", ["don", "'t"]),
    PieceCase("O'Neil's", ["O", "'Neil", "'s"]),
    PieceCase("we'Re", ["we", "'Re"]),
    PieceCase("x'\u{17F}", ["x", "'\u{17F}"]),
    PieceCase("'LL", ["'LL"]),
    PieceCase("12345", ["123", "45"]),
    PieceCase("1,234,567.89", ["1", ",", "234", ",", "567", ".", "89"]),
    PieceCase("x1234y", ["x", "123", "4", "y"]),
    PieceCase("\u{663}\u{664}\u{665}\u{666}", ["\u{663}\u{664}\u{665}", "\u{666}"]),
    PieceCase("\u{216B}\u{BD}7", ["\u{216B}\u{BD}7"]),
    PieceCase("a  b", ["a", " ", " b"]),
    PieceCase("a   \n\n  b", ["a", "   \n\n", " ", " b"]),
    PieceCase("a\r\nb", ["a", "\r\n", "b"]),
    PieceCase("\r\n\r\n", ["\r\n\r\n"]),
    PieceCase("  ", ["  "]),
    PieceCase("x  ", ["x", "  "]),
    PieceCase("\t\tfoo", ["\t", "\tfoo"]),
    PieceCase("a \u{A0}b", ["a", " ", "\u{A0}b"]),
    PieceCase("foo \n bar", ["foo", " \n", " bar"]),
    PieceCase("line1\r\nline2\r\n", ["line", "1", "\r\n", "line", "2", "\r\n"]),
    PieceCase("end\n  ", ["end", "\n  "]),
    PieceCase("\u{1F44D}\u{1F3FD} hi", ["\u{1F44D}\u{1F3FD}", " hi"]),
    PieceCase("\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", ["\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"]),
    PieceCase("\u{1F600}\u{1F600}", ["\u{1F600}\u{1F600}"]),
    PieceCase("e\u{301}", ["e", "\u{301}"]),
    PieceCase("\u{301}x", ["\u{301}x"]),
    PieceCase("Ame\u{301}lie", ["Ame", "\u{301}lie"]),
    PieceCase("\u{C9}COLE", ["\u{C9}COLE"]),
    PieceCase("\u{1C5}ungla", ["\u{1C5}ungla"]),
    PieceCase("\u{4E2D}\u{6587}\u{5B57}", ["\u{4E2D}\u{6587}\u{5B57}"]),
    PieceCase("HELLOworld", ["HELLOworld"]),
    PieceCase("HTTPServer", ["HTTPServer"]),
    PieceCase("camelCaseWord", ["camelCaseWord"]),
    PieceCase("...\n\n", ["...\n\n"]),
    PieceCase("//\n/x", ["//\n", "/x"]),
    PieceCase(" !!", [" !!"]),
    PieceCase("{\"a\": 1}", ["{\"", "a", "\":", " ", "1", "}"]),
    PieceCase("<|endoftext|>", ["<|", "endoftext", "|>"]),
    PieceCase(" $1,299.99", [" $", "1", ",", "299", ".", "99"]),
    PieceCase("a\u{301}A", ["a", "\u{301}A"]),
  ]
  static let o200kCases: [PieceCase] = [
    PieceCase("I'm", ["I'm"]),
    PieceCase("you'RE", ["you'RE"]),
    PieceCase("it'S here", ["it'S", " here"]),
    PieceCase("they'll've", ["they'll", "'ve"]),
    PieceCase("'s", ["'s"]),
    PieceCase("don't", ["don't"]),
    PieceCase("O'Neil's", ["O", "'Neil's"]),
    PieceCase("we'Re", ["we'Re"]),
    PieceCase("x'\u{17F}", ["x'\u{17F}"]),
    PieceCase("'LL", ["'LL"]),
    PieceCase("12345", ["123", "45"]),
    PieceCase("1,234,567.89", ["1", ",", "234", ",", "567", ".", "89"]),
    PieceCase("x1234y", ["x", "123", "4", "y"]),
    PieceCase("\u{663}\u{664}\u{665}\u{666}", ["\u{663}\u{664}\u{665}", "\u{666}"]),
    PieceCase("\u{216B}\u{BD}7", ["\u{216B}\u{BD}7"]),
    PieceCase("a  b", ["a", " ", " b"]),
    PieceCase("a   \n\n  b", ["a", "   \n\n", " ", " b"]),
    PieceCase("a\r\nb", ["a", "\r\n", "b"]),
    PieceCase("\r\n\r\n", ["\r\n\r\n"]),
    PieceCase("  ", ["  "]),
    PieceCase("x  ", ["x", "  "]),
    PieceCase("\t\tfoo", ["\t", "\tfoo"]),
    PieceCase("a \u{A0}b", ["a", " ", "\u{A0}b"]),
    PieceCase("foo \n bar", ["foo", " \n", " bar"]),
    PieceCase("line1\r\nline2\r\n", ["line", "1", "\r\n", "line", "2", "\r\n"]),
    PieceCase("end\n  ", ["end", "\n", "  "]),
    PieceCase("\u{1F44D}\u{1F3FD} hi", ["\u{1F44D}\u{1F3FD}", " hi"]),
    PieceCase("\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", ["\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"]),
    PieceCase("\u{1F600}\u{1F600}", ["\u{1F600}\u{1F600}"]),
    PieceCase("e\u{301}", ["e\u{301}"]),
    PieceCase("\u{301}x", ["\u{301}x"]),
    PieceCase("Ame\u{301}lie", ["Ame\u{301}lie"]),
    PieceCase("\u{C9}COLE", ["\u{C9}COLE"]),
    PieceCase("\u{1C5}ungla", ["\u{1C5}ungla"]),
    PieceCase("\u{4E2D}\u{6587}\u{5B57}", ["\u{4E2D}\u{6587}\u{5B57}"]),
    PieceCase("HELLOworld", ["HELLOworld"]),
    PieceCase("HTTPServer", ["HTTPServer"]),
    PieceCase("camelCaseWord", ["camel", "Case", "Word"]),
    PieceCase("...\n\n", ["...\n\n"]),
    PieceCase("//\n/x", ["//\n/", "x"]),
    PieceCase(" !!", [" !!"]),
    PieceCase("{\"a\": 1}", ["{\"", "a", "\":", " ", "1", "}"]),
    PieceCase("<|endoftext|>", ["<|", "endoftext", "|>"]),
    PieceCase(" $1,299.99", [" $", "1", ",", "299", ".", "99"]),
    PieceCase("a\u{301}A", ["a\u{301}", "A"]),
  ]

  private static func split(_ text: String, _ encoding: BPEEncoding) -> [String] {
    let bytes = Array(text.utf8)
    let ranges = bytes.withUnsafeBytes { encoding.makeTokenizer(cacheCapacity: 0).pieces($0) }
    return ranges.map { String(decoding: bytes[$0], as: UTF8.self) }
  }

  @Test(arguments: cl100kCases)
  func cl100kSplits(_ example: PieceCase) throws {
    #expect(Self.split(example.text, try BPEEncoding.cl100kBase) == example.pieces)
  }

  @Test(arguments: o200kCases)
  func o200kSplits(_ example: PieceCase) throws {
    #expect(Self.split(example.text, try BPEEncoding.o200kBase) == example.pieces)
  }

  @Test func unicodeTableMatchesVersion16() {
    let table = UnicodeClassTable.shared
    #expect(UnicodeClassData.unicodeVersion == "16.0.0")
    #expect(table.ascii[Int(UInt8(ascii: "a"))] == ScalarClass.Bit.lower)
    #expect(table.ascii[Int(UInt8(ascii: "\r"))] == ScalarClass.Bit.newline)
    #expect(table.classOf(0x00E9) == ScalarClass.lower)  // é
    #expect(table.classOf(0x01C5) == ScalarClass.upper)  // ǅ (Lt)
    #expect(table.classOf(0x4E2D) == ScalarClass.caseless)  // 中
    #expect(table.classOf(0x0301) == ScalarClass.mark)
    #expect(table.classOf(0x0663) == ScalarClass.number)  // Arabic-Indic 3
    #expect(table.classOf(0x3000) == ScalarClass.space)
    #expect(table.classOf(0x10D50) == ScalarClass.upper)  // Garay capital (new in Unicode 16)
    #expect(table.classOf(0x1F600) == ScalarClass.other)
    #expect(table.classOf(0x10FFFF) == ScalarClass.other)
  }
}
