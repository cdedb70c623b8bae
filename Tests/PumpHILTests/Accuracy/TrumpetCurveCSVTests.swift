import PumpCore
import PumpHIL
import Testing

@Suite struct TrumpetCurveCSVTests {
    @Test func fieldsWithCommasQuotesOrLineBreaksAreQuotedAndQuotesDoubled() {
        #expect(CSVTable.escape("plain") == "plain")
        #expect(CSVTable.escape(" spaced ") == " spaced ")
        #expect(CSVTable.escape("a,b") == "\"a,b\"")
        #expect(CSVTable.escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVTable.escape("two\nlines") == "\"two\nlines\"")
        #expect(CSVTable.escape("cr\rhere") == "\"cr\rhere\"")
        #expect(CSVTable.escape("") == "")
    }

    @Test func everyRecordEndsWithCRLF() {
        var table = CSVTable(header: ["a", "b"])
        table.append(["1", "x,y"])
        #expect(table.text == "a,b\r\n1,\"x,y\"\r\n")
    }

    @Test func theTableHasOneRowPerWindowAndOneForTheOverallError() throws {
        let rate = VolumeRate.microlitresPerDay(250)
        let step = StepVolume.nanolitres(250)
        let curve = try TrumpetCurve(
            samples: SteppedDelivery(rate: rate, step: step).samples(), rate: rate, quantisation: QuantisationLimit(stepVolume: step))
        let text = TrumpetCurveCSV.text(for: curve, rig: "sim \"bench\", rack 2")
        let lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        #expect(lines.count == 8)  // header, 5 windows, overall, and the empty string after the last CRLF
        #expect(lines[0] == "rig,set_rate_ul_per_h,step_nl,kind,window_min,ep_max_percent,ep_min_percent,quantisation_limit_percent,within_limit")
        #expect(lines[1] == "\"sim \"\"bench\"\", rack 2\",10.417,250,window,2,+44.0000,-28.0000,72.0000,true")
        #expect(lines[5] == "\"sim \"\"bench\"\", rack 2\",10.417,250,window,31,+2.1935,-2.4516,4.6452,true")
        #expect(lines[6] == "\"sim \"\"bench\"\", rack 2\",10.417,250,overall,60,+0.8000,+0.8000,2.4000,true")
        #expect(lines[7] == "")
    }
}
