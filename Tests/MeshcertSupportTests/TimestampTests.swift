import Testing
@testable import MeshcertSupport

@Suite struct TimestampTests {
    @Test func roundTripsRFC3339() {
        let t = Timestamp.parse("2026-12-01T00:00:00Z")
        #expect(t == 1_796_083_200)
        #expect(Timestamp.format(1_796_083_200) == "2026-12-01T00:00:00Z")
    }

    @Test func acceptsOffsetsFractionsAndDates() {
        #expect(Timestamp.parse("2026-12-01T02:00:00+02:00") == 1_796_083_200)
        #expect(Timestamp.parse("2026-12-01T00:00:00.250Z") == 1_796_083_200)
        #expect(Timestamp.parse("2026-12-01") == 1_796_083_200)
        #expect(Timestamp.parse("@1796083200") == 1_796_083_200)
        #expect(Timestamp.parse("27/11/2026, 07:20:44") == nil)
        #expect(Timestamp.parse("2026-13-01") == nil)
    }

    @Test func spaceAroundATimeIsTrimmed() {
        #expect(Timestamp.parse(" 2026-12-01T00:00:00Z\n") == 1_796_083_200)
        #expect(Timestamp.parse("\t@1796083200 ") == 1_796_083_200)
        #expect(Timestamp.parse("   ") == nil)
    }

    @Test func parsesDurations() {
        #expect(DurationText.parse("90s") == 90)
        #expect(DurationText.parse("15m") == 900)
        #expect(DurationText.parse("36h") == 129_600)
        #expect(DurationText.parse("7d") == 604_800)
        #expect(DurationText.parse("1d12h") == 129_600)
        #expect(DurationText.parse("soon") == nil)
        #expect(DurationText.format(-43200) == "-12h")
        #expect(DurationText.format(5400) == "1h30m")
    }

    @Test func jsonKeepsOrderAndNulls() {
        let doc = JSON.object([("b", .int(1)), ("a", .null), ("s", .string("q\"\n"))])
        #expect(doc.render(pretty: false) == #"{"b":1,"a":null,"s":"q\"\n"}"#)
        #expect(JSON.double(395).render() == "395.0")
        #expect(JSON.double(0.058).render() == "0.058")
    }
}

@Suite struct DurationBoundsTests {
    /// Found by Scripts/fuzz.sh FuzzScenario: a 66-digit lifetime trapped converting to Int64.
    @Test func absurdDurationsAreRejectedNotTrapped() {
        #expect(DurationText.parse(String(repeating: "9", count: 66) + "d") == nil)
        #expect(DurationText.parse("9223372036854775807") == nil)
        #expect(DurationText.parse("36500d") != nil)
        #expect(DurationText.parse("99999d") == nil)
        #expect(DurationText.parse("50000d50000d") == nil)
    }

    /// Over the bound is said as such ("more than 100 years"), not as "not a duration".
    @Test func overTheBoundIsToldApartFromMalformed() {
        #expect(DurationText.isOverLimit("99999d"))
        #expect(DurationText.isOverLimit("50000d50000d"))
        #expect(DurationText.isOverLimit(String(repeating: "9", count: 66) + "d"))
        #expect(!DurationText.isOverLimit("36500d"))
        #expect(!DurationText.isOverLimit("soon"))
        #expect(!DurationText.isOverLimit("5ms"))
        // The parts add up before the one rounding: 1.5s1.5s is 3 s (each part rounded, it was 4).
        #expect(DurationText.parse("1.5s1.5s") == 3)
        #expect(DurationText.parse("0.4s0.4s") == 1)
        #expect(DurationText.parse("1.5m") == 90)
        #expect(DurationText.isWholeSeconds("0.5s0.5s") && DurationText.isWholeSeconds("1.5m") && !DurationText.isWholeSeconds("0.5s"))
        #expect(DurationText.isWholeSeconds("0.1m0.1m0.1m"))   // 18 s, whatever binary fractions say
        #expect(DurationText.parse("-5") == -5)
    }

    /// The integer formatting (civil from days) writes what gmtime_r gives, at the edges of
    /// years 0 and 9999, around leap days and the epoch, and at 20,000 seeded random seconds.
    @Test func integerFormattingEqualsGmtime() {
        var samples: [EpochSeconds] = [0, -1, 1, 86399, 86400, -86400, -86401, 951_782_400, 951_868_799, 4_107_542_400,
                                       -62_167_219_200, -62_167_219_201, 253_402_300_799, 253_402_300_800,
                                       -2_208_988_800, 1_796_083_200, 32_503_680_000]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            samples.append(EpochSeconds(Int64(bitPattern: state >> 1) % 320_000_000_000) - 62_200_000_000)
        }
        for t in samples {
            #expect(Timestamp.format(t) == Timestamp.formatWithGmtime(t), "\(t)")
            var bytes: [UInt8] = []
            Timestamp.write(t, into: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == Timestamp.formatWithGmtime(t))
        }
    }
}
