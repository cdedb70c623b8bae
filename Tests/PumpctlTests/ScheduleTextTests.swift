import PumpCore
import PumpctlKit
import Testing

/// `--flex`, `--flex-on` and the files' schedules: steps START=RATE in the one unit grammar, and
/// errors that name the token and what was expected.
@Suite struct ScheduleTextTests {
    @Test func stepsAreReadInTheOneGrammar() throws {
        let schedule = try ScheduleText.parse("00:00=400ug/day, 08:00=0.6mg/day,20:00:30=20 µg/h")
        #expect(schedule.steps.map(\.start.description) == ["00:00", "08:00", "20:00:30"])
        #expect(schedule.steps.map(\.rate.nanogramsPerDay) == [400_000, 600_000, 480_000])
    }

    @Test(arguments: [
        ("00:00=400ug/day,08:00600ug/day", "step 2 \"08:00600ug/day\" has no \"=\": expected START=RATE"),
        ("00:00=400ug/day,8:00=600ug/day", "step 2 \"8:00=600ug/day\": start \"8:00\" is not a time of day: expected HH:MM"),
        ("00:00=400ug/day,08:00=600ug/dy", "step 2 \"08:00=600ug/dy\": \"ug/dy\" is not a dose rate unit"),
        ("00:00=400ug/day,08:00=600", "step 2 \"08:00=600\": \"600\" has no unit"),
        ("00:00=400ug/day,,08:00=600ug/day", "step 2 is empty"),
        ("", "no steps given"),
    ])
    func aBadStepIsNamedWithWhatWasExpected(text: String, message: String) {
        #expect(throws: (any Error).self) { try ScheduleText.parse(text) }
        do {
            _ = try ScheduleText.parse(text)
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test func aWeekdayScheduleNamesItsDayAndAMisspeltDayGetsASuggestion() throws {
        let (day, schedule) = try ScheduleText.parseWeekday("Saturday=00:00=300ug/day,12:00=500ug/day")
        #expect(day == .saturday)
        #expect(schedule.steps.count == 2)
        do {
            _ = try ScheduleText.parseWeekday("saturdya=00:00=300ug/day")
            Issue.record("a misspelt day was taken")
        } catch {
            #expect(error.description.contains("\"saturdya\" is not a weekday: did you mean \"saturday\"?"), "\(error.description)")
        }
    }

    @Test func theTextOfASchedulePrintsExactlyAndParsesBack() throws {
        let schedule = DailySchedule(steps: [
            FlexStep(start: .midnight, rate: MassRate(nanogramsPerDay: 516_666)),
            FlexStep(start: TimeOfDay(hour: 8, minute: 30, second: 15)!, rate: MassRate(nanogramsPerDay: 1)),
        ])
        let text = ScheduleText.text(schedule)
        #expect(text == "00:00=516.666 µg/day, 08:30:15=1 ng/day")
        #expect(try ScheduleText.parse(text) == schedule)
    }
}
