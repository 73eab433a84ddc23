#!/bin/sh
# tests/report/test-example.sh - ccm-report on the EVENTS.md example, values
# computed by hand from CHOICES.md.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# The example (t0 = 1700000000000 ms = 2023-11-14T22:13:20Z, times below in
# seconds after t0):
#   c1 voice, skill billing: queue_enter 0, offer ann 10, answer ann/red 12,
#      hold 72, resume 102, agent_end 200, acw_end 230.
#   c2 voice, skill billing: queue_enter 1, queue_abandon 4.
#   c3 chat, skill support: customer_message 5, queue_enter 5, answer bob/blue
#      65, agent_message 95, customer_message 155, agent_message 175,
#      tag refund 180, resolve 190, agent_end 190.
#
# billing: offered 2 (c1, c2); answered 1 (c1) with wait 12 - 0 = 12 s, so
#   asa = 12.000; abandoned 1 (c2, wait 3 s); abandon_rate = 1 / 2 = 50 %.
#   c1's agent contact: answer 12 .. agent_end 200 = 188 s, on hold 72 .. 102
#   = 30 s, so talk = 158 s, hold_time 30 s on 1 held contact
#   (avg_hold_time = 30.000); after-contact work 200 .. 230 = 30 s; handle =
#   talk + hold + acw = 158 + 30 + 30 = 218 s over 1 handled: aht = 218.000.
# support: offered 1, answered 1 with wait 65 - 5 = 60 s (asa 60.000),
#   abandoned 0 (abandon_rate 0 / 1 = 0 %); c3's agent contact 65 .. 190 =
#   125 s, never held: talk 125, no acw_end: aht = 125.000; held_contacts 0:
#   avg_hold_time undefined (empty field).
#
# Company total: contacts 3, offered 3, answered 2, abandoned 1, handled 2,
#   agent_contacts 2, asa = (12 + 60) / 2 = 36.000, aht = (218 + 125) / 2 =
#   171.500, abandon_rate = 1 / 3 = 33.333333 %.
#
# By agent: queue measures other than answered carry no agent, so the
#   "none" agent (printed empty, sorted first) has a row with answered 0,
#   handled 0 and undefined averages; ann: answered 1, handled 1, talk 158 s,
#   acw 30 s, 1 hold; bob: answered 1, handled 1, talk 125 s, no acw (avg
#   undefined), no hold.
#
# By channel (turns of c3, CHOICES.md "Measures, event by event"):
#   customer_message 5: customer turn 1 (customer_responses 1).
#   agent_message 95: first agent message of the agent contact: agent_frt =
#     95 - 65 = 30 s, responded; first of the (inbound, digital) contact:
#     first_reply_time = 95 - 5 = 90 s; agent turn 1 after the customer turn
#     that began at 5: response_time 90 s.
#   customer_message 155: customer turn 2.
#   agent_message 175: agent turn 2, response_time 175 - 155 = 20 s.
#   resolve 190: closed, resolution_time = 190 - 5 = 185 s.
#   chat: contacts 1, agent_contacts 1, responded 1 (rate 100 %),
#     first_reply_time 90.000, avg_response_time (90 + 20) / 2 = 55.000,
#     customer_responses 2, agent_responses 2, total_responses 4,
#     avg_agent_frt 30.000, closed_contacts 1, avg_resolution_time 185.000.
#   voice: contacts 2, agent_contacts 1 (c1), responded at answer (voice):
#     100 %; no digital turns: first reply, response and FRT averages
#     undefined; responses 0; closed 0 (avg_resolution_time undefined).

. "$(dirname "$0")/lib.sh"
EX="$DATA/example.csv"

run --by skill --metrics offered,answered,abandoned,asa,abandon_rate,aht,avg_hold_time --format csv "$EX"
expect_status "by skill" 0
expect_out "by skill" 'skill,offered,answered,abandoned,asa,abandon_rate,aht,avg_hold_time
billing,2,1,1,12.000,50.000000,218.000,30.000
support,1,1,0,60.000,0.000000,125.000,'
expect_err_line "by skill summary" 'accepted 21, rejected 0'
expect_err_count "by skill: nothing rejected" 'line .*' 0

run --metrics contacts,offered,answered,abandoned,handled,agent_contacts,asa,aht,abandon_rate --format csv "$EX"
expect_status "total" 0
expect_out "total" 'contacts,offered,answered,abandoned,handled,agent_contacts,asa,aht,abandon_rate
3,3,2,1,2,2,36.000,171.500,33.333333'

run --by agent --metrics answered,handled,avg_talk_time,avg_acw_time,holds --format csv "$EX"
# holds is a measure, not a metric: the name is refused.
expect_status "measure name as metric" 2
run --by agent --metrics answered,handled,avg_talk_time,avg_acw_time --format csv "$EX"
expect_status "by agent" 0
expect_out "by agent" 'agent,answered,handled,avg_talk_time,avg_acw_time
,0,0,,
ann,1,1,158.000,30.000
bob,1,1,125.000,'

run --by channel --format csv --metrics contacts,agent_contacts,agent_first_response_rate,first_reply_time,avg_response_time,customer_responses,agent_responses,total_responses,avg_agent_frt,closed_contacts,avg_resolution_time "$EX"
expect_status "by channel" 0
expect_out "by channel" 'channel,contacts,agent_contacts,agent_first_response_rate,first_reply_time,avg_response_time,customer_responses,agent_responses,total_responses,avg_agent_frt,closed_contacts,avg_resolution_time
chat,1,1,100.000000,90.000,55.000,2,2,4,30.000,1,185.000
voice,2,1,100.000000,,,0,0,0,,0,'

# Standard input gives the same as the file.
status=0
"$REPORT" --by skill --metrics offered,asa --format csv - <"$EX" >"$TMP/out" 2>"$TMP/err" || status=$?
expect_status "stdin" 0
expect_out "stdin" 'skill,offered,asa
billing,2,12.000
support,1,60.000'

finish
