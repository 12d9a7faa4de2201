// Why meshcert keeps a hand-written JSON parser (MeshcertSupport/JSONParser.swift): it reads every
// file under a folder with that parser, with Foundation's JSONSerialization, and with Foundation's
// JSONDecoder into a schemaless value (what reading an arbitrary App Mesh export needs), best of
// N rounds each. Built by Scripts/bench/json.sh with the parser's own sources.
import Foundation

enum AnyJSON: Decodable {
    case null, bool(Bool), number(Double), string(String), array([AnyJSON]), object([String: AnyJSON])
    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([AnyJSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: AnyJSON].self)) }
    }
}

let folder = CommandLine.arguments[1]
let rounds = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2])! : 3
var files: [[UInt8]] = []
let walker = FileManager.default.enumerator(atPath: folder)!
while let name = walker.nextObject() as? String {
    if name.hasSuffix(".json") { files.append(Array(FileManager.default.contents(atPath: folder + "/" + name)!)) }
}
let datas = files.map { Data($0) }

func best(_ body: () throws -> Int) rethrows -> (Double, Int) {
    var t = Double.infinity, n = 0
    for _ in 0..<rounds {
        let s = DispatchTime.now().uptimeNanoseconds
        n = try body()
        t = min(t, Double(DispatchTime.now().uptimeNanoseconds - s) / 1e9)
    }
    return (t, n)
}
let (ours, a) = try best { var n = 0; for f in files { if case .object(let o) = try JSONParser.parse(f) { n += o.count } }; return n }
let (serial, b) = try best { var n = 0; for d in datas { n += (try JSONSerialization.jsonObject(with: d) as! [String: Any]).count }; return n }
let decoder = JSONDecoder()
let (decodable, c) = try best { var n = 0; for d in datas { if case .object(let o) = try decoder.decode(AnyJSON.self, from: d) { n += o.count } }; return n }
precondition(a == b && b == c, "the three readers disagree")
print(String(format: "%d files, %.1f MB", files.count, Double(files.reduce(0) { $0 + $1.count }) / 1e6))
func row(_ name: String, _ t: Double, _ ratio: String = "") {
    print(name.padding(toLength: 40, withPad: " ", startingAt: 0) + String(format: "%8.3f s", t) + ratio)
}
row("meshcert JSONParser", ours)
row("Foundation JSONSerialization", serial, String(format: "  (%.2fx meshcert)", serial / ours))
row("Foundation JSONDecoder (schemaless)", decodable, String(format: "  (%.2fx meshcert)", decodable / ours))
