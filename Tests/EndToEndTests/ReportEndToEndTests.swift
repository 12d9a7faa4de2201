import Foundation
import Testing

/// `meshcert report` run as a real process on the shipped demo data: the JSON against the
/// component subcommands, the page parsed (Python's html.parser) and rendered (headless Chromium).
@Suite(.serialized) struct ReportEndToEndTests {
    static let at = "2026-12-02T00:00:00Z"
    static let scanFlags = ["--at", at, "--pkcs12-password-file", "Certs/pki/pkcs12-password.txt", "--trust", "Certs/pki/root-ca.pem"]

    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func readJSON(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// Compares JSON values as parsed by Foundation (numbers by value, keys unordered).
    func same(_ a: Any?, _ b: Any?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return NSDictionary(dictionary: ["v": a]).isEqual(to: ["v": b])
    }

    /// The full demo report, once per suite run (the lab takes a few seconds).
    static let demo: Result<URL, Error> = Result(catching: {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("meshcert-report-demo-\(UUID().uuidString)")
        let run = try MeshcertBinary.run(["report", "--certs", "Certs", "--mesh", "Certs/appmesh", "--scenario", "Certs/scenarios/demo.yaml",
                                          "--lab", "--out", dir.appendingPathComponent("out").path] + scanFlags, timeout: 300)
        guard run.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: ["run": run.stdout + run.stderr]) }
        return dir.appendingPathComponent("out")
    })

    @Test func demoReportWritesBothFilesPrivately() throws {
        let out = try Self.demo.get()
        let fm = FileManager.default
        #expect((try fm.attributesOfItem(atPath: out.path)[.posixPermissions] as? Int) == 0o700)
        for name in ["report.html", "report.json"] {
            #expect((try fm.attributesOfItem(atPath: out.appendingPathComponent(name).path)[.posixPermissions] as? Int) == 0o600, "\(name)")
        }
        let leftovers = try fm.contentsOfDirectory(atPath: out.path).filter { $0.contains(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test func reportJSONEmbedsWhatTheComponentsPrint() throws {
        let report = try readJSON(Self.demo.get().appendingPathComponent("report.json"))
        #expect(report["schema"] as? String == "meshcert.report.v1")
        #expect(report["evaluatedAt"] as? String == Self.at)
        let components = try #require(report["components"] as? [String: Any])

        // The scan, exactly as `meshcert scan --format json` prints it.
        let scan = try MeshcertBinary.run(["scan", "Certs", "--format", "json"] + Self.scanFlags)
        #expect(same(components["scan"], try scan.json()))

        // The rotation of the mesh's services, exactly as `meshcert rotate simulate --from-mesh` prints it.
        let rotate = try MeshcertBinary.run(["rotate", "simulate", "Certs/scenarios/demo.yaml", "--from-mesh", "Certs/appmesh", "--format", "json"])
        #expect(rotate.status == 1)  // the demo scenario is exposed on purpose
        #expect(same(components["rotation"], try rotate.json()))

        // The mesh, exactly as `meshcert mesh scan --certs` prints it (configured certificate paths
        // linked to the same inventory).
        let mesh = try MeshcertBinary.run(["mesh", "scan", "Certs/appmesh", "--certs", "Certs", "--at", Self.at, "--format", "json"]).json()
        #expect(same(components["mesh"], mesh))
        func blockers(_ doc: [String: Any]) -> [String] {
            ((doc["nodes"] as? [[String: Any]]) ?? []).flatMap { n in
                ((n["findings"] as? [[String: Any]]) ?? []).filter { $0["severity"] as? String == "blocker" }.map { "\(n["name"]!)/\($0["code"]!)" }
            }
        }
        #expect(blockers(mesh).sorted() == ["frontend/mtls_client", "users/mtls_server"])

        // The plans: the same Service Connect configurations as `meshcert mesh plan`.
        let plan = try MeshcertBinary.run(["mesh", "plan", "Certs/appmesh", "--pca-arn",
                                           "arn:aws:acm-pca:REGION:ACCOUNT:certificate-authority/SHORT-LIVED-CA"]).json()
        let configurations = { (doc: Any?) in ((doc as? [String: Any])?["plans"] as? [[String: Any]] ?? []).map { $0["serviceConnectConfiguration"] ?? NSNull() } }
        #expect(same(configurations(components["plan"]), configurations(plan)))

        // The lab on the mesh's services: frontend calls users, stock and stock-v2.
        let lab = try #require(components["handshake"] as? [String: Any])
        #expect(lab["schema"] as? String == "meshcert.lab.v1")
        #expect((lab["cells"] as? [Any])?.count == 24)
        #expect(((lab["summary"] as? [String: Any])?["missedExpectation"] as? Int) == 0)

        // The summary and the joined services agree with the components.
        let summary = try #require(report["summary"] as? [String: Any])
        let services = try #require(summary["services"] as? [String: Any])
        #expect(services["ready"] as? Int == 0 && services["blocked"] as? Int == 4)
        let rows = try #require(report["services"] as? [[String: Any]])
        #expect(rows.map { $0["name"] as? String } == ["frontend", "stock", "stock-v2", "users", "shop-gateway"])
        let users = try #require(rows.first { $0["name"] as? String == "users" })
        #expect(users["blockedBy"] as? [String] == ["mtls_server"])
        let userCerts = ((users["certificates"] as? [[String: Any]]) ?? []).compactMap { $0["subjectCommonName"] as? String }
        #expect(userCerts.contains("users.apps.local") && userCerts.contains("users.sc.internal"))
        let worst = try #require((summary["rotation"] as? [String: Any])?["worst"] as? [String: Any])
        #expect(worst["service"] as? String == "stock")
    }

    /// Python's html.parser checks the page's structure and that it references nothing outside it.
    static let pageChecker = #"""
    import json, re, sys
    from html.parser import HTMLParser

    class Check(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.headings, self.ids, self.problems = [], set(), []
            self.tags, self.th_without_scope, self.tables, self.captions = {}, 0, 0, 0
            self.svgs, self.svg_titles, self.style, self.in_style = [], 0, "", False
        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            self.tags[tag] = self.tags.get(tag, 0) + 1
            if "id" in a: self.ids.add(a["id"])
            if re.fullmatch(r"h[1-6]", tag): self.headings.append(int(tag[1]))
            if tag == "table": self.tables += 1
            if tag == "caption": self.captions += 1
            if tag == "th" and "scope" not in a: self.th_without_scope += 1
            if tag == "svg": self.svgs.append(a)
            if tag == "style": self.in_style = True
            for name, value in attrs:
                v = (value or "").strip().lower()
                if name in ("src", "href", "action", "srcset", "data", "poster", "xlink:href") and not v.startswith("#"):
                    self.problems.append(f"{tag} {name}={value}")
                if name.startswith("on"): self.problems.append(f"{tag} event handler {name}")
                if name == "style" and "url(" in v: self.problems.append(f"{tag} style url(")
        def handle_endtag(self, tag):
            if tag == "style": self.in_style = False
        def handle_data(self, data):
            if self.in_style: self.style += data

    c = Check()
    c.feed(open(sys.argv[1], encoding="utf-8").read())
    for tag in ("script", "link", "img", "iframe", "object", "embed", "base", "frame", "audio", "video", "image", "foreignobject"):
        if c.tags.get(tag): c.problems.append(f"<{tag}> element")
    if "@import" in c.style: c.problems.append("@import in CSS")
    if re.search(r"url\(", c.style): c.problems.append("url( in CSS")
    skipped = [f"h{a} -> h{b}" for a, b in zip(c.headings, c.headings[1:]) if b > a + 1]
    print(json.dumps({
        "problems": c.problems, "headings": c.headings, "skipped": skipped, "ids": sorted(c.ids),
        "tables": c.tables, "captions": c.captions, "thWithoutScope": c.th_without_scope,
        "svgs": len(c.svgs), "svgsWithAlternative": sum(1 for s in c.svgs if s.get("role") == "img" and s.get("aria-labelledby")),
    }))
    """#

    func checkPage(_ html: URL) throws -> [String: Any] {
        let script = try temporaryDirectory().appendingPathComponent("check.py")
        try Self.pageChecker.write(to: script, atomically: true, encoding: .utf8)
        let (status, out, err) = try runTool("/usr/bin/env", ["python3", script.path, html.path])
        #expect(status == 0, "\(err)")
        return try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    }

    @Test func pageHasItsSectionsAndNoExternalReference() throws {
        let html = try Self.demo.get().appendingPathComponent("report.html")
        let page = try checkPage(html)
        #expect((page["problems"] as? [String]) == [], "\(page["problems"] ?? "")")
        let ids = Set(page["ids"] as? [String] ?? [])
        for section in ["summary", "services", "certificates", "rotation", "handshakes", "cost", "inputs"] {
            #expect(ids.contains(section), "section \(section)")
        }
        let headings = page["headings"] as? [Int] ?? []
        #expect(headings.first == 1 && headings.filter { $0 == 1 }.count == 1)
        #expect((page["skipped"] as? [String]) == [])
        #expect((page["thWithoutScope"] as? Int) == 0)
        #expect((page["tables"] as? Int) ?? 0 >= 6)
        #expect((page["captions"] as? Int) == (page["tables"] as? Int))
        #expect((page["svgs"] as? Int) == 2)  // expiry and rotation timelines
        #expect((page["svgsWithAlternative"] as? Int) == 2)
        let text = try String(contentsOf: html, encoding: .utf8)
        #expect(!text.contains("http://") && !text.contains("https://"))
        for words in ["Services ready", "Blocked services and why", "Worst rotation exposure", "Handshake matrix", "GENERAL_PURPOSE",
                      "SHORT_LIVED_CERTIFICATE", "mtls_server", "users.sc.internal"] {
            #expect(text.contains(words), "\(words)")
        }
    }

    @Test func pageRegeneratesFromItsJSON() throws {
        let out = try Self.demo.get()
        let copy = try temporaryDirectory()
        try FileManager.default.copyItem(at: out.appendingPathComponent("report.json"), to: copy.appendingPathComponent("report.json"))
        let run = try MeshcertBinary.run(["report", "--rerender", copy.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Data(contentsOf: copy.appendingPathComponent("report.html")) == Data(contentsOf: out.appendingPathComponent("report.html")))
    }

    /// Every section at once (since last report, migration progress, the lab's handshakes with
    /// their timings, rotation, cost): the page drawn by the run is the page `--rerender` draws
    /// from the written report.json (the run reads its document back from the encoded tree, not
    /// from the text).
    @Test func everySectionRegeneratesToTheSamePage() throws {
        let dir = try temporaryDirectory()
        let out = dir.appendingPathComponent("out")
        let run = try MeshcertBinary.run(["report", "--certs", "Certs", "--mesh", "Certs/appmesh", "--scenario", "Certs/scenarios/demo.yaml", "--lab",
                                          "--aws", "Tests/Fixtures/aws/sample-snapshot", "--previous", try Self.demo.get().path,
                                          "--out", out.path] + Self.scanFlags, timeout: 300)
        #expect(run.status == 0, "\(run.stderr)")
        let page = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        for id in ["since", "migration", "services", "certificates", "rotation", "handshakes", "cost"] {
            #expect(page.contains("<section id=\"\(id)\""), "\(id)")
        }
        let copy = dir.appendingPathComponent("copy")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: out.appendingPathComponent("report.json"), to: copy.appendingPathComponent("report.json"))
        let rerender = try MeshcertBinary.run(["report", "--rerender", copy.path])
        #expect(rerender.status == 0, "\(rerender.stderr)")
        #expect(try String(contentsOf: copy.appendingPathComponent("report.html"), encoding: .utf8) == page)
    }

    /// report.json is read back as a typed document: a renamed field is an error (exit 2) that
    /// names the file and the field, for `--previous` and `--rerender` alike.
    @Test func aRenamedFieldInReportJSONIsNamed() throws {
        let out = try Self.demo.get()
        let text = try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8)
        #expect(text.components(separatedBy: "\"notInMesh\"").count == 2)  // summary.services only
        let broken = try temporaryDirectory()
        try text.replacingOccurrences(of: "\"notInMesh\"", with: "\"notInTheMesh\"")
            .write(to: broken.appendingPathComponent("report.json"), atomically: true, encoding: .utf8)
        let path = broken.appendingPathComponent("report.json").path
        let previous = try MeshcertBinary.run(["report", "--certs", "Certs/pki", "--at", Self.at, "--out", broken.appendingPathComponent("next").path,
                                               "--previous", broken.path])
        #expect(previous.status == 2)
        #expect(previous.stderr.contains("--previous \(path): summary.services.notInMesh: missing field 'notInMesh'"), "\(previous.stderr)")
        let rerender = try MeshcertBinary.run(["report", "--rerender", broken.path])
        #expect(rerender.status == 2)
        #expect(rerender.stderr.contains("--rerender \(path): summary.services.notInMesh: missing field 'notInMesh'"), "\(rerender.stderr)")
        #expect(!FileManager.default.fileExists(atPath: broken.appendingPathComponent("report.html").path))
    }

    /// The embedded component documents are read back as their typed documents too: a field
    /// renamed inside one is an error (exit 2) naming its path, for `--previous` and `--rerender`.
    @Test func aRenamedFieldInAnEmbeddedComponentIsNamed() throws {
        let out = try Self.demo.get()
        let text = try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8)
        for (field, renamed, expected) in [("currency", "currencyCode", "components.rotation.cost.currency: missing field 'currency'"),
                                           ("signatureAlgorithm", "signature",
                                            "components.scan.certificates[0].signatureAlgorithm: missing field 'signatureAlgorithm'")] {
            #expect(text.contains("\"\(field)\""))
            let broken = try temporaryDirectory()
            try text.replacingOccurrences(of: "\"\(field)\"", with: "\"\(renamed)\"")
                .write(to: broken.appendingPathComponent("report.json"), atomically: true, encoding: .utf8)
            let path = broken.appendingPathComponent("report.json").path
            let previous = try MeshcertBinary.run(["report", "--certs", "Certs/pki", "--at", Self.at, "--out", broken.appendingPathComponent("next").path,
                                                   "--previous", broken.path])
            #expect(previous.status == 2)
            #expect(previous.stderr.contains("--previous \(path): \(expected)"), "\(previous.stderr)")
            let rerender = try MeshcertBinary.run(["report", "--rerender", broken.path])
            #expect(rerender.status == 2)
            #expect(rerender.stderr.contains("--rerender \(path): \(expected)"), "\(rerender.stderr)")
            #expect(!FileManager.default.fileExists(atPath: broken.appendingPathComponent("report.html").path))
        }
    }

    /// Headless Chromium renders the page at 1280 px: a PNG of the requested size that is not
    /// blank, and a document no wider than the window (no horizontal scrolling).
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first(where: FileManager.default.isExecutableFile)

    @Test(.enabled(if: chromium != nil, "skipped: chromium is not installed (Scripts/test.sh installs Debian's chromium package through MESHCERT_EXTRA_DEBS)"))
    func pageRendersInChromiumAt1280Pixels() throws {
        let chromium = try #require(Self.chromium)
        let html = try Self.demo.get().appendingPathComponent("report.html")
        let dir = try temporaryDirectory()
        let png = dir.appendingPathComponent("report.png")
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-dev-shm-usage",
                     "--user-data-dir=" + dir.appendingPathComponent("profile").path]
        let shot = try runTool(chromium, flags + ["--window-size=1280,2400", "--screenshot=" + png.path, html.absoluteString])
        #expect(shot.status == 0, "\(shot.err)")

        // Width, height and pixels, decoded by Python's zlib (no imaging library needed).
        let decoder = dir.appendingPathComponent("png.py")
        try Self.pngStats.write(to: decoder, atomically: true, encoding: .utf8)
        let stats = try runTool("/usr/bin/env", ["python3", decoder.path, png.path])
        let s = try #require(try JSONSerialization.jsonObject(with: Data(stats.out.utf8)) as? [String: Any], "\(stats.err)")
        #expect(s["width"] as? Int == 1280 && s["height"] as? Int == 2400)
        #expect((s["colours"] as? Int) ?? 0 > 50, "a blank or flat image: \(s)")
        #expect((s["nonWhite"] as? Double) ?? 0 > 0.03, "\(s)")
        #expect((s["nonWhite"] as? Double) ?? 1 < 0.9, "\(s)")

        // Printable: Chromium prints it to a PDF of a few pages.
        let pdf = dir.appendingPathComponent("report.pdf")
        let print = try runTool(chromium, flags + ["--no-pdf-header-footer", "--print-to-pdf=" + pdf.path, html.absoluteString])
        #expect(print.status == 0, "\(print.err)")
        let pdfText = String(decoding: try Data(contentsOf: pdf), as: UTF8.self)
        let pages = try NSRegularExpression(pattern: #"/Type\s*/Page(?!s)"#)
            .numberOfMatches(in: pdfText, range: NSRange(pdfText.startIndex..., in: pdfText))
        #expect(pdfText.hasPrefix("%PDF"))
        #expect((2...30).contains(pages), "\(pages) pages")

        // No horizontal scrolling at 1280 px: the demo page, and the same report with names and
        // paths of 150 characters without a break (regenerated from an edited report.json).
        try expectNoHorizontalScroll(chromium, flags, html, dir)
        let long = String(repeating: "verylongservicename", count: 8)
        let edited = try String(contentsOf: html.deletingLastPathComponent().appendingPathComponent("report.json"), encoding: .utf8)
            .replacingOccurrences(of: "\"users\"", with: "\"\(long)\"")
            .replacingOccurrences(of: "users.sc.internal", with: long + ".sc.internal")
            .replacingOccurrences(of: "Certs/pki/", with: "Certs/" + long + "/")
        let hostile = dir.appendingPathComponent("hostile")
        try FileManager.default.createDirectory(at: hostile, withIntermediateDirectories: true)
        try edited.write(to: hostile.appendingPathComponent("report.json"), atomically: true, encoding: .utf8)
        let rerender = try MeshcertBinary.run(["report", "--rerender", hostile.path])
        #expect(rerender.status == 0, "\(rerender.stderr)")
        #expect(try String(contentsOf: hostile.appendingPathComponent("report.html"), encoding: .utf8).contains(long))
        try expectNoHorizontalScroll(chromium, flags, hostile.appendingPathComponent("report.html"), dir)
    }

    /// Measures the document's scroll width at a 1280 px window, in the browser, on a copy with a probe.
    func expectNoHorizontalScroll(_ chromium: String, _ flags: [String], _ html: URL, _ dir: URL) throws {
        let probe = dir.appendingPathComponent("probe.html")
        let page = try String(contentsOf: html, encoding: .utf8)
        try page.replacingOccurrences(of: "</body>", with: "<script>document.title='W'+document.documentElement.scrollWidth+'/'+window.innerWidth</script></body>")
            .write(to: probe, atomically: true, encoding: .utf8)
        let dom = try runTool(chromium, flags + ["--window-size=1280,1000", "--dump-dom", probe.absoluteString])
        let match = dom.out.range(of: #"<title>W(\d+)/(\d+)</title>"#, options: .regularExpression).map { String(dom.out[$0]) }
        let numbers = (match ?? "").dropFirst(8).dropLast(8).split(separator: "/").compactMap { Int($0) }
        #expect(numbers.count == 2, "\(dom.out.prefix(300)) \(dom.err)")
        if numbers.count == 2 { #expect(numbers[0] <= numbers[1], "\(html.lastPathComponent): scroll width \(numbers[0]) > window \(numbers[1])") }
    }

    static let pngStats = #"""
    import json, struct, sys, zlib
    data = open(sys.argv[1], "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR": ihdr = struct.unpack(">IIBBBBB", body)
        if kind == b"IDAT": idat += body
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = ihdr
    assert depth == 8 and interlace == 0 and ctype in (2, 6), ihdr
    bpp = 3 if ctype == 2 else 4
    raw, stride = zlib.decompress(idat), w * bpp
    prev, colours, nonwhite, i = bytearray(stride), set(), 0, 0
    for y in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], (prev[x - bpp] if x >= bpp else 0)
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        if y % 4 == 0:
            for x in range(0, w, 4):
                px = bytes(line[x * bpp:x * bpp + 3]); colours.add(px)
                if px != b"\xff\xff\xff": nonwhite += 1
        prev = line
    print(json.dumps({"width": w, "height": h, "colours": len(colours), "nonWhite": nonwhite / (((h + 3) // 4) * ((w + 3) // 4))}))
    """#

    @Test func emptyInputSaysSoInsteadOfFailing() throws {
        let dir = try temporaryDirectory()
        let empty = dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        for extra in [[], ["--certs", empty.path, "--mesh", empty.path]] {
            let out = dir.appendingPathComponent("out-\(extra.count)")
            let run = try MeshcertBinary.run(["report", "--out", out.path, "--at", Self.at] + extra)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("nothing to report"))
            let json = try readJSON(out.appendingPathComponent("report.json"))
            #expect((json["summary"] as? [String: Any])?["empty"] as? Bool == true)
            let html = out.appendingPathComponent("report.html")
            #expect(try String(contentsOf: html, encoding: .utf8).contains("Nothing to report"))
            #expect((try checkPage(html)["problems"] as? [String]) == [])
        }
    }

    /// Inputs given and none of them readable is exit 2 naming them (it was "nothing to report",
    /// exit 0, so a gate passed); an empty folder stays "nothing to report".
    @Test func unreadableInputsExitTwo() throws {
        let dir = try temporaryDirectory()
        let garbage = dir.appendingPathComponent("garbage.pem")
        try Data("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n".utf8).write(to: garbage)
        let certs = try MeshcertBinary.run(["report", "--out", dir.appendingPathComponent("a").path, "--at", Self.at,
                                            "--certs", garbage.path])
        #expect(certs.status == 2)
        #expect(certs.stderr.contains("--certs: nothing readable: \(garbage.path):"), "\(certs.stderr)")
        let mesh = try MeshcertBinary.run(["report", "--out", dir.appendingPathComponent("b").path, "--at", Self.at,
                                           "--mesh", "Certs/pki/frontend.pem"])
        #expect(mesh.status == 2)
        #expect(mesh.stderr.contains("no App Mesh configuration found in Certs/pki/frontend.pem"), "\(mesh.stderr)")
    }

    @Test func sinceLastReportListsRenewalsAndBlockers() throws {
        let dir = try temporaryDirectory()
        let certs = dir.appendingPathComponent("certs")
        try FileManager.default.copyItem(at: MeshcertBinary.repoRoot.appendingPathComponent("Certs/short-lived"), to: certs)
        // The mesh before its users listener required client certificates: no mtls_server yet.
        let before = dir.appendingPathComponent("mesh-before")
        try FileManager.default.copyItem(at: MeshcertBinary.repoRoot.appendingPathComponent("Certs/appmesh/aws"), to: before)
        let users = before.appendingPathComponent("shop/virtual-nodes/users.json")
        var node = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: users)) as? [String: Any])
        var vn = node["virtualNode"] as! [String: Any], spec = vn["spec"] as! [String: Any]
        spec["listeners"] = (spec["listeners"] as! [[String: Any]]).map { l in
            var l = l, tls = l["tls"] as! [String: Any]
            tls["validation"] = nil
            l["tls"] = tls
            return l
        }
        vn["spec"] = spec
        node["virtualNode"] = vn
        try JSONSerialization.data(withJSONObject: node).write(to: users)

        let first = dir.appendingPathComponent("first"), second = dir.appendingPathComponent("second")
        #expect(try MeshcertBinary.run(["report", "--certs", certs.path, "--mesh", before.path, "--at", Self.at, "--out", first.path]).status == 0)
        // Re-issue the short-lived certificates (new serials and dates, same names); mTLS on users.
        let regenerate = try runTool("/usr/bin/env", ["python3", "Certs/generate.py", "--short-lived-now", "--out", certs.path])
        #expect(regenerate.status == 0, "\(regenerate.err)")
        let run = try MeshcertBinary.run(["report", "--certs", certs.path, "--mesh", "Certs/appmesh/aws", "--at", Self.at,
                                          "--out", second.path, "--previous", first.path])
        #expect(run.status == 0, "\(run.stderr)")
        let since = try #require(try readJSON(second.appendingPathComponent("report.json"))["sinceLastReport"] as? [String: Any])
        let renewed = (since["certificatesRenewed"] as? [[String: Any]] ?? []).compactMap { $0["subjectCommonName"] as? String }
        #expect(renewed.sorted() == ["frontend.sc.internal", "stock.sc.internal", "users.sc.internal"])
        #expect((since["certificatesAdded"] as? [Any])?.count == 0)
        let newBlockers = (since["blockersNew"] as? [[String: Any]] ?? []).map { "\($0["service"] ?? ""): \($0["code"] ?? "")" }
        #expect(newBlockers == ["users: mtls_server"])
        #expect(try String(contentsOf: second.appendingPathComponent("report.html"), encoding: .utf8).contains("Since last report"))

        // And back: the blocker is fixed when the listener no longer requires client certificates.
        let third = dir.appendingPathComponent("third")
        #expect(try MeshcertBinary.run(["report", "--certs", certs.path, "--mesh", before.path, "--at", Self.at, "--out", third.path,
                                        "--previous", second.path]).status == 0)
        let back = try #require(try readJSON(third.appendingPathComponent("report.json"))["sinceLastReport"] as? [String: Any])
        #expect((back["blockersFixed"] as? [[String: Any]] ?? []).map { "\($0["service"] ?? ""): \($0["code"] ?? "")" } == ["users: mtls_server"])

        // An input left out is not a fix: without --mesh, blockers are not compared, and the notes say so.
        let fourth = dir.appendingPathComponent("fourth")
        #expect(try MeshcertBinary.run(["report", "--certs", certs.path, "--at", Self.at, "--out", fourth.path, "--previous", second.path]).status == 0)
        let left = try readJSON(fourth.appendingPathComponent("report.json"))
        #expect(((left["sinceLastReport"] as? [String: Any])?["blockersFixed"] as? [Any])?.count == 0)
        #expect((left["notes"] as? [String])?.contains("since last report: blockers not compared (this report has no --mesh, the previous one had)") == true)
    }

    /// A plan's checks join the services they name; a check that misses its expectation exits 1.
    @Test func handshakePlanChecksJoinTheirServices() throws {
        let dir = try temporaryDirectory()
        // Port 1 on loopback: nothing listens there, so the outcome is known without a server.
        let plan = dir.appendingPathComponent("plan.yaml")
        let trust = MeshcertBinary.repoRoot.appendingPathComponent("Certs/short-lived/short-lived-ca.pem").path
        func write(_ expect: String) throws {
            try """
            checks:
              - {name: frontend-to-users, client: frontend, server: users, connect: "127.0.0.1:1", serverName: users.sc.internal, trust: \(trust), expect: \(expect), timeout: 2s}
            """.write(to: plan, atomically: true, encoding: .utf8)
        }
        try write("connection_refused")
        let out = dir.appendingPathComponent("out")
        let run = try MeshcertBinary.run(["report", "--mesh", "Certs/appmesh", "--plan", plan.path, "--at", Self.at, "--out", out.path])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try readJSON(out.appendingPathComponent("report.json"))
        #expect(((report["components"] as? [String: Any])?["handshake"] as? [String: Any])?["schema"] as? String == "meshcert.handshake.v1")
        let row = try #require((report["handshakes"] as? [[String: Any]])?.first)
        #expect(row["client"] as? String == "frontend" && row["server"] as? String == "users" && row["reason"] as? String == "connection_refused")
        let users = try #require((report["services"] as? [[String: Any]])?.first { $0["name"] as? String == "users" })
        let asServer = (users["handshakes"] as? [String: Any])?["asServer"] as? [String: Any]
        #expect(asServer?["checks"] as? Int == 1)

        try write("ok")
        let missed = try MeshcertBinary.run(["report", "--plan", plan.path, "--at", Self.at, "--out", dir.appendingPathComponent("missed").path])
        #expect(missed.status == 1)
        #expect(missed.stdout.contains("1 missed their expectation"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("missed/report.html").path))
    }

    @Test func exitCodes() throws {
        let dir = try temporaryDirectory()
        func status(_ args: [String]) throws -> (Int32, String) {
            let r = try MeshcertBinary.run(["report"] + args)
            return (r.status, r.stderr)
        }
        #expect(try status(["--certs", "Certs/pki"]).0 == 2)                                       // no --out
        #expect(try status(["--lab", "--plan", "x.yaml", "--out", dir.path]).0 == 2)              // both
        let missing = try status(["--certs", "no-such-dir", "--out", dir.appendingPathComponent("a").path])
        #expect(missing.0 == 2 && missing.1.contains("no-such-dir"))
        let previous = try status(["--certs", "Certs/pki", "--out", dir.appendingPathComponent("b").path, "--previous", dir.path])
        #expect(previous.0 == 2 && previous.1.contains("report.json"))
        #expect(try status(["--mesh", "Certs/appmesh", "--out", dir.appendingPathComponent("c").path, "--fail-on", "nonsense"]).0 == 2)
        // The message names the unknown value and the known ones (known values before it do not matter).
        let unknown = try status(["--mesh", "Certs/appmesh", "--out", dir.appendingPathComponent("c").path, "--fail-on", "blocker,nonsense"])
        #expect(unknown.0 == 2)
        #expect(unknown.1.contains("--fail-on: unknown value 'nonsense'; known: blocker, expired, exposure, handshake"), "\(unknown.1)")
        // Blockers are in the report (exit 0) unless --fail-on blocker asks for 1.
        #expect(try status(["--mesh", "Certs/appmesh", "--out", dir.appendingPathComponent("d").path]).0 == 0)
        #expect(try status(["--mesh", "Certs/appmesh", "--out", dir.appendingPathComponent("e").path, "--fail-on", "blocker"]).0 == 1)
        // The lab without its PKI.
        let lab = try status(["--lab", "--pki", dir.appendingPathComponent("no-pki").path, "--out", dir.appendingPathComponent("f").path])
        #expect(lab.0 == 2 && lab.1.contains("demo PKI"))
        // --previous may name the --out folder itself: it is read before being replaced.
        let same = dir.appendingPathComponent("same")
        #expect(try status(["--certs", "Certs/pki", "--out", same.path]).0 == 0)
        #expect(try status(["--certs", "Certs/pki", "--certs", "Certs/short-lived", "--out", same.path, "--previous", same.path]).0 == 0)
        let since = try #require(try readJSON(same.appendingPathComponent("report.json"))["sinceLastReport"] as? [String: Any])
        #expect((since["certificatesAdded"] as? [Any])?.count == 4)  // three short-lived leaves and their CA
        // --out naming a file is an error, not a crash.
        let file = dir.appendingPathComponent("file")
        try Data().write(to: file)
        let notDir = try status(["--mesh", "Certs/appmesh", "--out", file.path])
        #expect(notDir.0 == 2 && notDir.1.contains("not a folder"))
    }

    /// Runs a helper program (python3, chromium) in the repository root.
    func runTool(_ path: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = MeshcertBinary.repoRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try MeshcertBinary.launch(process)
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if group.wait(timeout: .now() + 180) == .timedOut { process.terminate(); group.wait() }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
