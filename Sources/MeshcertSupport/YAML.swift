import Yams

/// meshcert's one YAML layer: every YAML input (scenarios, plans, lab topologies, App Mesh CRDs)
/// is composed here into `YAMLNode`s that keep each node's line and column, so that readers
/// report problems where they are. Plain scalars are typed by one set of YAML 1.1 rules
/// (`YAML.plain`); quoted scalars stay strings. Composing uses Yams' basic resolver: regex tag
/// resolution costs more than the whole parse on Linux, and our rules type the scalars anyway.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(String, quoted: Bool)
        case sequence([YAMLNode])
        /// In document order; keys are nodes (a complex key is kept, and refused by `keyText`).
        case mapping([(key: YAMLNode, value: YAMLNode)])
        /// An alias (`*name`): meshcert's inputs have no use for them; read as null.
        case alias
    }

    public var content: Content
    /// An explicit local tag as written (`!Ref`, `!GetAtt`: CloudFormation's short forms); nil
    /// for untagged nodes and the standard `!!` tags.
    public var tag: String?
    /// 1-based position in the file.
    public var line: Int
    public var column: Int

    /// The text of a scalar (plain or quoted); nil for anything else.
    public var text: String? {
        if case .scalar(let s, _) = content { return s }
        return nil
    }

    public var items: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    public var pairs: [(key: YAMLNode, value: YAMLNode)]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// A mapping's values by key text (a repeated key: the last wins); nil if not a mapping.
    public var fields: [String: YAMLNode]? {
        guard let pairs else { return nil }
        var out: [String: YAMLNode] = [:]
        for (k, v) in pairs { out[k.text ?? ""] = v }
        return out
    }

    /// The value with meshcert's typing rules: a mapping's keys by their text (the last of a
    /// repeated key wins in readers that look keys up), an alias as null.
    public var value: JSON {
        switch content {
        case .scalar(let s, let quoted): return quoted ? .string(s) : YAML.plain(s)
        case .sequence(let items): return .array(items.map(\.value))
        case .mapping(let pairs): return .object(pairs.map { ($0.key.text ?? "", $0.value.value) })
        case .alias: return .null
        }
    }

    /// The first mapping key that is not a scalar, anywhere below this node (keys must be text).
    public var firstComplexKey: YAMLNode? {
        switch content {
        case .mapping(let pairs):
            for (k, v) in pairs {
                if k.text == nil { return k }
                if let found = v.firstComplexKey { return found }
            }
            return nil
        case .sequence(let items):
            for item in items { if let found = item.firstComplexKey { return found } }
            return nil
        default: return nil
        }
    }
}

public enum YAML {
    /// The first (only) document of `text`, or nil for an empty file.
    public static func document(_ text: String, file: String) throws(Diagnostic) -> YAMLNode? {
        let node: Node?
        do { node = try Yams.compose(yaml: text, .basic) } catch { throw diagnostic(error, file: file) }
        return node.map(convert)
    }

    /// Every document of a multi-document file (`---`). A syntax error ends the list; the
    /// documents before it are returned beside the error.
    public static func documents(_ text: String, file: String) -> (documents: [YAMLNode], error: Diagnostic?) {
        var out: [YAMLNode] = []
        do {
            // The sequence stops at a parse error and keeps it in `error`: check it after the loop.
            var sequence = try Yams.compose_all(yaml: text, .basic)
            while let node = sequence.next() { out.append(convert(node)) }
            if let error = sequence.error { throw error }
        } catch {
            return (out, diagnostic(error, file: file))
        }
        return (out, nil)
    }

    /// One document of a multi-document file, read on its own: its node (nil when empty or
    /// broken), its syntax error with file line and column, and its text (to name a broken one).
    public struct Document: Sendable {
        public var node: YAMLNode?
        public var error: Diagnostic?
        /// 1-based file line of the document's first line.
        public var firstLine: Int
        public var text: Substring
    }

    /// Every document of `text`, each parsed on its own so that one broken document does not
    /// lose the others. The whole file is composed in one pass first; only a file with a syntax
    /// error is split at its `---` / `...` lines (at column 0, which never occur inside a
    /// document's content in block style) and composed document by document.
    public static func eachDocument(_ text: String, file: String) -> [Document] {
        let (nodes, error) = documents(text, file: file)
        if error == nil { return nodes.map { Document(node: $0, error: nil, firstLine: $0.line, text: "") } }
        var out: [Document] = []
        for (chunk, firstLine) in split(text) {
            let empty = chunk.split(separator: "\n", omittingEmptySubsequences: true).allSatisfy {
                let t = $0.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
                return t.isEmpty || t.hasPrefix("#") || t.hasPrefix("%")
            }
            if empty { continue }
            do {
                let node = try Yams.compose(yaml: String(chunk), .basic).map(convert)
                out.append(Document(node: node.map { shifted($0, by: firstLine - 1) }, error: nil, firstLine: firstLine, text: chunk))
            } catch {
                let d = diagnostic(error, file: file, lineOffset: firstLine - 1)
                out.append(Document(node: nil, error: d, firstLine: firstLine, text: chunk))
            }
        }
        return out
    }

    /// The documents of `text` with the file line each starts on (the line after its `---`).
    static func split(_ text: String) -> [(Substring, Int)] {
        var out: [(Substring, Int)] = []
        var start = text.startIndex, startLine = 1, line = 1
        var i = text.startIndex
        while i < text.endIndex {
            let end = text[i...].firstIndex(of: "\n") ?? text.endIndex
            let content = text[i..<end]
            let marker = content.hasPrefix("---") && (content.count == 3 || content.dropFirst(3).first == " " || content.dropFirst(3).first == "\t" || content.dropFirst(3).first == "\r")
                || content == "..." || content == "...\r"
            if marker {
                out.append((text[start..<i], startLine))
                start = end < text.endIndex ? text.index(after: end) : end
                startLine = line + 1
            }
            line += 1
            i = end < text.endIndex ? text.index(after: end) : end
        }
        out.append((text[start..<text.endIndex], startLine))
        return out
    }

    static func shifted(_ node: YAMLNode, by offset: Int) -> YAMLNode {
        var n = node
        n.line += offset
        switch node.content {
        case .sequence(let items): n.content = .sequence(items.map { shifted($0, by: offset) })
        case .mapping(let pairs): n.content = .mapping(pairs.map { (key: shifted($0.key, by: offset), value: shifted($0.value, by: offset)) })
        default: break
        }
        return n
    }

    static func convert(_ node: Node) -> YAMLNode {
        let mark = node.mark
        let content: YAMLNode.Content
        // The tag as written (`Tag.description` does not resolve it: resolving costs a lookup per node).
        let written: String
        switch node {
        case .scalar(let s): content = .scalar(s.string, quoted: s.style != .plain); written = s.tag.description
        case .sequence(let seq): content = .sequence(seq.map(convert)); written = seq.tag.description
        case .mapping(let map): content = .mapping(map.map { (key: convert($0.key), value: convert($0.value)) }); written = map.tag.description
        case .alias: content = .alias; written = ""
        }
        // UTF-8 view: O(1) for the untagged nodes that nearly every input is made of.
        let bang = UInt8(ascii: "!")
        let tag = written.utf8.first == bang && written.utf8.count > 1 && written.utf8.dropFirst().first != bang ? written : nil
        return YAMLNode(content: content, tag: tag, line: mark?.line ?? 0, column: mark?.column ?? 0)
    }

    /// A syntax error as a diagnostic: position and problem only. Yams' own description quotes
    /// the offending line, which may hold a secret (a Secret's data beside App Mesh resources).
    /// `lineOffset`: lines before the text that was parsed (a document of a multi-document file),
    /// added to every line number the error names, its context's too.
    public static func diagnostic(_ error: any Error, file: String, lineOffset: Int = 0) -> Diagnostic {
        guard let yaml = error as? YamlError else {
            return Diagnostic(file: file, code: "not_yaml", message: "not valid YAML: unreadable")
        }
        func at(_ mark: Mark, _ problem: String, _ context: YamlError.Context?) -> Diagnostic {
            let more = context.map { " (\($0.text) from line \($0.mark.line + lineOffset), column \($0.mark.column))" } ?? ""
            return Diagnostic(file: file, line: mark.line + lineOffset, column: mark.column, code: "not_yaml",
                              message: "not valid YAML: \(problem)\(more)")
        }
        switch yaml {
        case .scanner(let context, let problem, let mark, _): return at(mark, problem, context)
        case .parser(let context, let problem, let mark, _): return at(mark, problem, context)
        case .composer(let context, let problem, let mark, _): return at(mark, problem, context)
        case .duplicatedKeysInMapping(let keys, let context):
            return Diagnostic(file: file, line: context.mark.line + lineOffset, column: context.mark.column, code: "not_yaml",
                              message: "not valid YAML: duplicate key(s) " + keys.sorted().joined(separator: ", "))
        case .reader(let problem, _, _, _): return Diagnostic(file: file, code: "not_yaml", message: "not valid YAML: \(problem)")
        default: return Diagnostic(file: file, code: "not_yaml", message: "not valid YAML: unreadable")
        }
    }

    /// A plain (unquoted) scalar typed with the YAML 1.1 rules Yams' default resolver uses:
    /// null, booleans (yes/no/on/off too), integers (decimal, 0x, 0o, leading-zero octal,
    /// underscores), floats; anything else is a string.
    public static func plain(_ s: String) -> JSON {
        switch s {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return .bool(true)
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return .bool(false)
        default: break
        }
        guard let first = s.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else { return .string(s) }
        let digits = s.replacing("_", with: "")
        var body = Substring(digits)
        var sign: Int64 = 1
        if body.hasPrefix("-") { sign = -1; body = body.dropFirst() } else if body.hasPrefix("+") { body = body.dropFirst() }
        if body.hasPrefix("0x"), let v = Int64(body.dropFirst(2), radix: 16) { return .int(sign * v) }
        if body.hasPrefix("0o"), let v = Int64(body.dropFirst(2), radix: 8) { return .int(sign * v) }
        if body.count > 1, body.hasPrefix("0"), body.allSatisfy({ $0 >= "0" && $0 <= "7" }), let v = Int64(body, radix: 8) { return .int(sign * v) }
        if !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int64(body) { return .int(sign * v) }
        if body.contains(where: { $0.isASCII && $0.isNumber }), body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "e" || $0 == "E" || $0 == "-" || $0 == "+") }),
           let d = Double(digits) { return .double(d) }
        return .string(s)
    }
}
