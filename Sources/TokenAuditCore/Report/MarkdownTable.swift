/// Builds GitHub-flavoured markdown tables with escaped cells.
struct MarkdownTable {
  enum Align { case left, right }
  var columns: [(String, Align)]
  var rows: [[String]] = []

  init(_ columns: [(String, Align)]) { self.columns = columns }

  mutating func add(_ cells: [String]) { rows.append(cells) }

  func render() -> String {
    var out = "| " + columns.map { Self.escape($0.0) }.joined(separator: " | ") + " |\n"
    out += "|" + columns.map { $0.1 == .right ? "---:" : ":---" }.joined(separator: "|") + "|\n"
    for r in rows {
      out += "| " + r.map(Self.escape).joined(separator: " | ") + " |\n"
    }
    return out
  }

  /// Escapes pipes, backslashes, HTML-significant characters and newlines in a cell.
  static func escape(_ s: String) -> String {
    var out = ""
    for ch in s {
      switch ch {
      case "|": out += "\\|"
      case "\n", "\r": out += " "
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      default: out.append(ch)
      }
    }
    return out
  }

  /// Escapes text for inline use in paragraphs (not tables).
  static func inline(_ s: String) -> String {
    var out = ""
    for ch in s {
      switch ch {
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "*", "_", "`", "[", "]", "#": out += "\\" + String(ch)
      case "\n", "\r": out += " "
      default: out.append(ch)
      }
    }
    return out
  }
}
