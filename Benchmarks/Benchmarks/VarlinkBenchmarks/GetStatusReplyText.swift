/// A GetStatus reply as pumpd sent it (simulated rig, 500 µg/day, 0.5.0), 1932 bytes without its
/// NUL: the size and shape the encoder benchmarks work on.
let getStatusReplyText = #"""
{"parameters":{"status":{"alarms":[],"annunciation":{"lastSelfTest":{"durationMs":0,"interrupted":false,"items\#
":[{"evidence":"sense read silent before, sounding while driven on, silent after","outcome":"passed","subject"\#
:"buzzer"},{"evidence":"lit once; nothing reads a lamp back","outcome":"unverified","subject":"red LED"},{"evi\#
dence":"lit once; nothing reads a lamp back","outcome":"unverified","subject":"yellow LED"},{"evidence":"ENABL\#
E driven on and off with no step; driver-fault line clear throughout","outcome":"passed","subject":"ENABLE pat\#
h"},{"evidence":"while ENABLE was on with no step: sim:encoder saw no pulse, sim:diag stayed clear","outcome":\#
"passed","subject":"motion inputs"},{"evidence":"19 Pa","outcome":"passed","subject":"sensor sim:pressure"},{"\#
evidence":"reads clear","outcome":"passed","subject":"sensor sim:occlusionSwitch"},{"evidence":"3599 mV","outc\#
ome":"passed","subject":"sensor sim:battery"},{"evidence":"reads clear","outcome":"passed","subject":"sensor s\#
im:reservoirSwitch"}],"kind":"selfTest","passed":true,"time":"2026-12-05T07:19:29+00:00"},"testing":false},"ba\#
salRate":250000000,"battery":{"level":"good"},"callerRole":"clinician","deliveredLastDay":0,"deliveredLastHour\#
":0,"deliveredToday":0,"deliveredTodayVolume":0,"deliveredTotal":0,"deliveredUnrecordedAtMost":0,"deliveredUnr\#
ecordedVolumeAtMost":0,"doseRate":500000,"missedTotal":0,"mode":"running","programmed":true,"rate":250000000,"\#
reservoir":{"drug":{"concentration":2000,"name":"baclofen"},"emptyAt":"2027-05-12T07:19:37+00:00","emptyExpect\#
edAt":"2027-05-12T07:19:37+00:00","fillVolume":40000000,"filledAt":"2026-12-05T07:19:29+00:00","level":"ok","l\#
owReservoirAt":"2027-05-06T07:19:37+00:00","lowReservoirExpectedAt":"2027-05-06T07:19:37+00:00","remaining":40\#
000000},"rig":{"clock":"real","name":"simulated","profile":"hw-profiles/sim.toml","simulated":true},"stepVolum\#
e":250000,"stepsMoved":0,"time":"2026-12-05T07:19:37+00:00"}}}
"""#
