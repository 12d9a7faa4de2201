import Testing
import MeshcertSupport

@Suite struct DurationListTests {
    @Test func readsSecondsAndKeepsTheLabelsAsWritten() throws {
        let list = try DurationList(parsing: "3d, 36h,90m", option: "--renew-at", allowZero: false)
        #expect(list.seconds == [259_200, 129_600, 5_400] as [Int64])
        #expect(list.labels == ["3d", "36h", "90m"])
    }

    @Test func noneAndZeroMeanNoDurationOnlyWhereAllowed() throws {
        #expect(try DurationList(parsing: "none,0,48h", option: "--outage", allowZero: true).seconds == [0, 0, 172_800] as [Int64])
        #expect(throws: DurationList.Invalid(message: "--renew-at: `0` is not a duration above zero (use 90s, 15m, 36h or 7d)")) {
            try DurationList(parsing: "0", option: "--renew-at", allowZero: false)
        }
    }

    @Test func namesTheOptionAndTheBadItem() {
        #expect(throws: DurationList.Invalid(message: "--outage: `soon` is not a duration above zero (use 90s, 15m, 36h or 7d)")) {
            try DurationList(parsing: "24h,soon", option: "--outage", allowZero: true)
        }
        #expect(throws: DurationList.Invalid(message: "--outage: give at least one duration")) {
            try DurationList(parsing: "", option: "--outage", allowZero: true)
        }
    }
}
