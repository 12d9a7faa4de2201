/// Evaluates CloudFormation intrinsic functions in a template as far as the template alone
/// allows: parameters resolve to their `Default`, `Fn::GetAtt` of a resource's own property to
/// that property, `Fn::Sub`/`Join`/`Select`/`FindInMap` when their parts resolve, `Fn::If` when
/// its condition can be evaluated from the defaults. Anything else (`!ImportValue`, pseudo
/// parameters, ARNs known only after deployment) stays an opaque value shown as written, never
/// a guess. YAML short tags arrive here in their JSON form (`!Ref X` is `{"Ref": "X"}`).
struct CloudFormationResolver {
    enum Syntax { case yaml, json }

    enum Resolved {
        case value(DocValue)
        /// Known only at deployment: the original expression.
        case opaque(DocValue)
        /// `!Ref AWS::NoValue`: the property is absent.
        case noValue
    }

    let syntax: Syntax
    var parameters: [String: DocValue] = [:]
    var mappings: [String: DocValue] = [:]
    var conditions: [String: DocValue] = [:]
    var resources: [String: DocValue] = [:]
    /// Conditions that could not be evaluated, for the current resource.
    var notes: [String] = []
    private var depth = 0
    /// Steps left for one top-level evaluation: a template whose references fan out (a property
    /// joining two references to one that joins two more...) would otherwise take exponential
    /// time. What is left unevaluated stays opaque.
    private var budget = 0
    static let steps = 100_000

    init(template: [String: DocValue], syntax: Syntax) {
        self.syntax = syntax
        if case .object(let params)? = template["Parameters"] {
            for (name, p) in params {
                guard case .object(let fields) = p, let d = fields["Default"] else { continue }
                // A Number parameter's default may be written as a string.
                if case .string(let s)? = fields["Type"], s == "Number", case .string(let text) = d, let i = Int(text) {
                    parameters[name] = .int(i)
                } else {
                    parameters[name] = d
                }
            }
        }
        if case .object(let m)? = template["Mappings"] { mappings = m }
        if case .object(let c)? = template["Conditions"] { conditions = c }
        if case .object(let r)? = template["Resources"] { resources = r }
    }

    /// `value` with every intrinsic evaluated; opaque parts become their written form (a string).
    mutating func resolve(_ value: DocValue) -> DocValue? {
        budget = Self.steps
        switch eval(value) {
        case .value(let v): return v
        case .opaque(let v): return .string(written(v))
        case .noValue: return nil
        }
    }

    mutating func eval(_ value: DocValue) -> Resolved {
        depth += 1
        budget -= 1
        defer { depth -= 1 }
        guard depth < 64, budget > 0 else { return .opaque(value) }
        switch value {
        case .array(let items):
            var out: [DocValue] = []
            for item in items {
                switch eval(item) {
                case .value(let v): out.append(v)
                case .opaque(let v): out.append(.string(written(v)))
                case .noValue: break
                }
            }
            return .value(.array(out))
        case .object(let fields):
            if fields.count == 1, let (name, arg) = fields.first, name == "Ref" || name.hasPrefix("Fn::") {
                return intrinsic(name, arg, whole: value)
            }
            var out: [String: DocValue] = [:]
            for (k, v) in fields {
                switch eval(v) {
                case .value(let r): out[k] = r
                case .opaque(let r): out[k] = .string(written(r))
                case .noValue: break
                }
            }
            return .value(.object(out))
        default:
            return .value(value)
        }
    }

    private mutating func intrinsic(_ name: String, _ arg: DocValue, whole: DocValue) -> Resolved {
        switch name {
        case "Ref":
            guard case .string(let ref) = arg else { return .opaque(whole) }
            if ref == "AWS::NoValue" { return .noValue }
            if let d = parameters[ref] { return eval(d) }
            return .opaque(whole)
        case "Fn::GetAtt":
            guard let (resource, attribute) = getAttParts(arg),
                  case .object(let r)? = resources[resource], case .object(let props)? = r["Properties"],
                  let v = props[attribute] else { return .opaque(whole) }
            return eval(v)
        case "Fn::Sub":
            return sub(arg) ?? .opaque(whole)
        case "Fn::Join":
            guard case .array(let parts) = arg, parts.count == 2, case .value(.string(let delimiter)) = eval(parts[0]),
                  let items = list(parts[1]) else { return .opaque(whole) }
            var texts: [String] = []
            for item in items {
                guard let t = scalarText(item) else { return .opaque(whole) }
                texts.append(t)
            }
            return .value(.string(texts.joined(separator: delimiter)))
        case "Fn::Select":
            guard case .array(let parts) = arg, parts.count == 2, case .value(let i) = eval(parts[0]),
                  let index = scalarText(i).flatMap({ Int($0) }), let items = list(parts[1]),
                  items.indices.contains(index) else { return .opaque(whole) }
            return .value(items[index])
        case "Fn::FindInMap":
            guard case .array(let parts) = arg, parts.count == 3 else { return .opaque(whole) }
            var keys: [String] = []
            for p in parts {
                guard case .value(let v) = eval(p), let t = scalarText(v) else { return .opaque(whole) }
                keys.append(t)
            }
            guard case .object(let top)? = mappings[keys[0]], case .object(let second)? = top[keys[1]], let v = second[keys[2]] else {
                return .opaque(whole)
            }
            return eval(v)
        case "Fn::If":
            guard case .array(let parts) = arg, parts.count == 3, case .string(let condition) = parts[0] else { return .opaque(whole) }
            if let known = evaluate(condition: condition) { return eval(known ? parts[1] : parts[2]) }
            let yes = eval(parts[1]), no = eval(parts[2])
            let pick = strictness(yes) >= strictness(no) ? yes : no
            notes.append("condition \(condition) cannot be evaluated from parameter defaults: the stricter branch of \(written(whole)) is reported")
            return pick
        default:
            // Fn::ImportValue, Fn::Base64, Fn::GetAZs, Fn::Cidr, Fn::Split, Fn::Transform...
            return .opaque(whole)
        }
    }

    /// `A.B` (short form) or `[A, B]`.
    private func getAttParts(_ arg: DocValue) -> (String, String)? {
        switch arg {
        case .string(let s):
            guard let dot = s.firstIndex(of: ".") else { return nil }
            return (String(s[..<dot]), String(s[s.index(after: dot)...]))
        case .array(let parts):
            guard parts.count == 2, case .string(let a) = parts[0], case .string(let b) = parts[1] else { return nil }
            return (a, b)
        default:
            return nil
        }
    }

    /// `Fn::Sub` with `${Name}`, `${Resource.Attribute}` and `${!Literal}`; nil when a part is unknown.
    private mutating func sub(_ arg: DocValue) -> Resolved? {
        var template: String
        var variables: [String: DocValue] = [:]
        switch arg {
        case .string(let s): template = s
        case .array(let parts):
            guard parts.count == 2, case .string(let s) = parts[0], case .object(let vars) = parts[1] else { return nil }
            template = s
            variables = vars
        default: return nil
        }
        var out = ""
        while let open = template.range(of: "${") {
            out += template[..<open.lowerBound]
            guard let close = template[open.upperBound...].firstIndex(of: "}") else { return nil }
            let name = String(template[open.upperBound..<close])
            template = String(template[template.index(after: close)...])
            if name.hasPrefix("!") { out += "${" + name.dropFirst() + "}"; continue }
            let expression: DocValue
            if let v = variables[name] { expression = v }
            else if parameters[name] != nil { expression = .object(["Ref": .string(name)]) }
            else if name.contains(".") { expression = .object(["Fn::GetAtt": .string(name)]) }
            else { return nil }
            guard case .value(let v) = eval(expression), let text = scalarText(v) else { return nil }
            out += text
        }
        return .value(.string(out + template))
    }

    /// A condition by name: true, false, or nil when it depends on something unknown.
    mutating func evaluate(condition name: String) -> Bool? {
        if depth == 0 { budget = Self.steps }
        budget -= 1
        guard let expression = conditions[name], depth < 64, budget > 0 else { return nil }
        depth += 1
        defer { depth -= 1 }
        return evaluate(expression)
    }

    private mutating func evaluate(_ expression: DocValue) -> Bool? {
        guard case .object(let fields) = expression, fields.count == 1, let (name, arg) = fields.first else {
            if case .bool(let b) = expression { return b }
            return nil
        }
        let items: [DocValue]
        if case .array(let a) = arg { items = a } else { items = [arg] }
        switch name {
        case "Condition":
            guard case .string(let other) = arg else { return nil }
            return evaluate(condition: other)
        case "Fn::Equals":
            guard items.count == 2, case .value(let a) = eval(items[0]), case .value(let b) = eval(items[1]),
                  let x = scalarText(a), let y = scalarText(b) else { return nil }
            return x == y
        case "Fn::Not":
            guard items.count == 1 else { return nil }
            return evaluate(items[0]).map { !$0 }
        case "Fn::And", "Fn::Or":
            let values = items.map { evaluate($0) }
            let decisive = name == "Fn::And" ? false : true
            if values.contains(decisive) { return decisive }
            return values.contains(nil) ? nil : !decisive
        default:
            return nil
        }
    }

    /// How strict a branch is: TLS over none, STRICT over PERMISSIVE, validation over none.
    private func strictness(_ r: Resolved) -> Int {
        guard case .value(let v) = r else { return 0 }
        return CloudFormationResolver.strictness(v)
    }

    static func strictness(_ v: DocValue) -> Int {
        switch v {
        case .string("STRICT"): return 3
        case .string("PERMISSIVE"): return 2
        case .array(let items): return items.reduce(0) { $0 + strictness($1) }
        case .object(let fields):
            var score = 0
            for (k, value) in fields {
                switch k {
                case "TLS", "tls": score += 4
                case "Validation", "validation": score += 2
                case "Certificate", "certificate": score += 1
                default: break
                }
                score += strictness(value)
            }
            return score
        default: return 0
        }
    }

    private func scalarText(_ v: DocValue) -> String? {
        switch v {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return String(b)
        default: return nil
        }
    }

    /// A list whose every item resolves (nil when one is known only at deployment).
    private mutating func list(_ v: DocValue) -> [DocValue]? {
        if case .array(let items) = v {
            var out: [DocValue] = []
            for item in items {
                switch eval(item) {
                case .value(let r): out.append(r)
                case .opaque: return nil
                case .noValue: break
                }
            }
            return out
        }
        guard case .value(.array(let items)) = eval(v) else { return nil }
        return items
    }

    /// An expression as the template wrote it: `!ImportValue AppMeshCert` (YAML) or
    /// `{"Fn::ImportValue": "AppMeshCert"}` (JSON).
    func written(_ v: DocValue) -> String {
        switch syntax {
        case .yaml: return yaml(v, top: true)
        case .json: return json(v)
        }
    }

    private func yaml(_ v: DocValue, top: Bool) -> String {
        switch v {
        case .object(let f) where f.count == 1 && (f.keys.first == "Ref" || f.keys.first!.hasPrefix("Fn::")):
            let (k, arg) = f.first!
            let tag = k == "Ref" ? "!Ref" : "!" + k.dropFirst(4)
            if k == "Fn::GetAtt", case .array(let parts) = arg, parts.count == 2 {
                return "\(tag) \(yaml(parts[0], top: false)).\(yaml(parts[1], top: false))"
            }
            return "\(tag) \(yaml(arg, top: false))"
        case .object(let f):
            return "{" + f.keys.sorted().map { "\($0): \(yaml(f[$0]!, top: false))" }.joined(separator: ", ") + "}"
        case .array(let items): return "[" + items.map { yaml($0, top: false) }.joined(separator: ", ") + "]"
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return String(b)
        case .null: return "null"
        }
    }

    private func json(_ v: DocValue) -> String {
        switch v {
        case .object(let f): return "{" + f.keys.sorted().map { "\"\($0)\": \(json(f[$0]!))" }.joined(separator: ", ") + "}"
        case .array(let items): return "[" + items.map(json).joined(separator: ", ") + "]"
        case .string(let s): return "\"" + s.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return String(b)
        case .null: return "null"
        }
    }
}
