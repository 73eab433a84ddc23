-- peer-query.sql - the metrics of ccm-report by skill x 15-minute interval,
-- in SQL, over the canonical CSV loaded as table ev (one row per line, rowid
-- in file order).  Runs unchanged in DuckDB and SQLite (window functions,
-- named windows, no dialect-specific function).
--
-- Copyright (c) 2026 The ccmetrics authors.
-- SPDX-License-Identifier: MIT
--
-- It reproduces doc/CHOICES.md for these metrics, as an oracle independent
-- of the library: every contribution is credited at the timestamp of the
-- event that completes it, to the contact's current skill at that event
-- (the contact_start skill, replaced by each queue_enter skill and each
-- transfer skill that is given).  While a queue visit or an agent contact
-- is open that current skill is the visit's and the agent contact's, so the
-- only events that need another skill are transfer (its agent contact's
-- skill, before the transfer changes it) and acw_end (the skill of the agent
-- contact whose after-contact work it closes).
--
--   offered        queue_enter
--   answered       answer with a queue visit open; wait = answer - enter
--   abandoned      queue_abandon; short when wait < 5 s
--   asa            wait_answered.sum / answered
--   service_level  answered with wait <= 20 s / (answered + abandoned - short)
--   aht            handle_time.sum / handled: agent_end or transfer counts one
--                  handled and adds end - answer; acw_end adds acw_end - end
--                  of the newest agent contact of the same agent still in
--                  after-contact work (matched as parentheses per agent)
--   agent_responses agent_message whose previous customer/agent message
--                  (bot messages ignored) is not an agent's
--   avg_agent_frt  first agent_message of an open agent contact of a
--                  digital contact (not voice or video): message - answer
--   avg_resolution_time resolve of an unresolved contact (never resolved,
--                  or reopened since): resolve - contact_start
--
-- Output: skill ('' for none), bucket (interval start, ms since the epoch),
-- then the nine metrics; averages in seconds, rounded to whole ms first;
-- NULL where undefined.
--
-- Not reproduced (does not occur in ccm-gen's output): a fourth agent
-- contact waiting in after-contact work (the engine drops the oldest), an
-- acw_end without an agent while several agents' contacts are in
-- after-contact work, rejected events (the input must be fully valid).
WITH
e1 AS (
  SELECT rowid AS rid, ts, event, contact,
         NULLIF(skill, '') AS skill,
         NULLIF(agent, '') AS agent,
         FIRST_VALUE(ts) OVER wc AS start_ts,
         FIRST_VALUE(channel) OVER wc AS chan,
         COUNT(CASE WHEN event = 'queue_enter' THEN 1 END) OVER wc AS vq,
         COUNT(CASE WHEN event = 'answer' THEN 1 END) OVER wc AS acn,
         COUNT(CASE WHEN event IN ('contact_start', 'queue_enter')
                      OR (event = 'transfer' AND NULLIF(skill, '') IS NOT NULL)
                    THEN 1 END) OVER wc AS sg,
         MAX(CASE WHEN event = 'customer_message' THEN rowid * 2
                  WHEN event = 'agent_message' THEN rowid * 2 + 1 END) OVER wp AS lastmsg,
         MAX(CASE WHEN event = 'reopen' THEN rowid * 2
                  WHEN event = 'resolve' THEN rowid * 2 + 1 END) OVER wp AS lastres
  FROM ev
  WINDOW wc AS (PARTITION BY contact ORDER BY rowid ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
         wp AS (PARTITION BY contact ORDER BY rowid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
e2 AS (
  SELECT rid, ts, event, contact, skill, agent, start_ts, chan, vq, acn, lastmsg, lastres,
         FIRST_VALUE(ts) OVER wq AS q_ts,
         COUNT(CASE WHEN event IN ('answer', 'queue_abandon', 'queue_exit') THEN 1 END) OVER wqp AS q_closed,
         FIRST_VALUE(skill) OVER ws AS cur_skill
  FROM e1
  WHERE event IN ('contact_start', 'queue_enter', 'answer', 'queue_abandon', 'queue_exit',
                  'agent_end', 'transfer', 'acw_end', 'agent_message', 'resolve')
  WINDOW wq AS (PARTITION BY contact, vq ORDER BY rid ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
         wqp AS (PARTITION BY contact, vq ORDER BY rid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
         ws AS (PARTITION BY contact, sg ORDER BY rid ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
e3 AS (
  SELECT rid, ts, event, contact, agent, start_ts, chan, vq, acn, lastmsg, lastres, q_ts, q_closed, cur_skill,
         FIRST_VALUE(ts) OVER wa AS ac_ts,
         FIRST_VALUE(cur_skill) OVER wa AS ac_skill,
         FIRST_VALUE(agent) OVER wa AS ac_agent,
         COUNT(CASE WHEN event IN ('agent_end', 'transfer') THEN 1 END) OVER wap AS leg_ended,
         COUNT(CASE WHEN event = 'agent_message' THEN 1 END) OVER wap AS leg_msgs
  FROM e2
  WINDOW wa AS (PARTITION BY contact, acn ORDER BY rid ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
         wap AS (PARTITION BY contact, acn ORDER BY rid ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
-- after-contact work: agent contact ends (keyed by the answering agent) and
-- acw_end events (keyed by their agent), matched like parentheses
a1 AS (
  SELECT rid, ts, event, contact, ac_skill,
         CASE WHEN event = 'acw_end' THEN agent ELSE ac_agent END AS k
  FROM e3
  WHERE event IN ('agent_end', 'transfer', 'acw_end')
),
a2 AS (
  SELECT rid, ts, event, contact, ac_skill, k,
         SUM(CASE WHEN event = 'acw_end' THEN -1 ELSE 1 END)
           OVER (PARTITION BY contact, k ORDER BY rid ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS d
  FROM a1
),
a3 AS (
  SELECT event, ts,
         LAG(ts) OVER w AS end_ts,
         LAG(ac_skill) OVER w AS leg_skill,
         LAG(event) OVER w AS prev_event
  FROM (SELECT rid, ts, event, contact, ac_skill, k,
               CASE WHEN event = 'acw_end' THEN d + 1 ELSE d END AS lvl
        FROM a2) a
  WINDOW w AS (PARTITION BY contact, k, lvl ORDER BY rid)
),
contrib AS (
  SELECT CASE WHEN event IN ('agent_end', 'transfer') THEN ac_skill ELSE cur_skill END AS skill,
         ts - ts % 900000 AS bucket,
         CASE WHEN event = 'queue_enter' THEN 1 ELSE 0 END AS offered,
         CASE WHEN event = 'answer' AND vq > 0 AND q_closed = 0 THEN 1 ELSE 0 END AS answered,
         CASE WHEN event = 'answer' AND vq > 0 AND q_closed = 0 THEN ts - q_ts ELSE 0 END AS wait_sum,
         CASE WHEN event = 'answer' AND vq > 0 AND q_closed = 0 AND ts - q_ts <= 20000 THEN 1 ELSE 0 END AS in_sl,
         CASE WHEN event = 'queue_abandon' THEN 1 ELSE 0 END AS abandoned,
         CASE WHEN event = 'queue_abandon' AND ts - q_ts < 5000 THEN 1 ELSE 0 END AS short_ab,
         CASE WHEN event IN ('agent_end', 'transfer') THEN 1 ELSE 0 END AS handled,
         CASE WHEN event IN ('agent_end', 'transfer') THEN ts - ac_ts ELSE 0 END AS handle_sum,
         CASE WHEN event = 'agent_message' AND (lastmsg IS NULL OR lastmsg % 2 = 0) THEN 1 ELSE 0 END AS responses,
         CASE WHEN event = 'agent_message' AND acn > 0 AND leg_ended = 0 AND leg_msgs = 0
                   AND chan NOT IN ('voice', 'video') THEN 1 ELSE 0 END AS frt_n,
         CASE WHEN event = 'agent_message' AND acn > 0 AND leg_ended = 0 AND leg_msgs = 0
                   AND chan NOT IN ('voice', 'video') THEN ts - ac_ts ELSE 0 END AS frt_sum,
         CASE WHEN event = 'resolve' AND (lastres IS NULL OR lastres % 2 = 0) THEN 1 ELSE 0 END AS closed,
         CASE WHEN event = 'resolve' AND (lastres IS NULL OR lastres % 2 = 0) THEN ts - start_ts ELSE 0 END AS res_sum
  FROM e3
  WHERE event IN ('queue_enter', 'answer', 'queue_abandon', 'agent_end', 'transfer', 'agent_message', 'resolve')
  UNION ALL
  SELECT leg_skill, ts - ts % 900000, 0, 0, 0, 0, 0, 0, 0, ts - end_ts, 0, 0, 0, 0, 0
  FROM a3
  WHERE event = 'acw_end' AND prev_event IN ('agent_end', 'transfer')
)
SELECT COALESCE(skill, '') AS skill,
       bucket,
       SUM(offered) AS offered,
       SUM(answered) AS answered,
       SUM(abandoned) AS abandoned,
       CASE WHEN SUM(answered) > 0
            THEN ROUND(CAST(SUM(wait_sum) AS DOUBLE) / CAST(SUM(answered) AS DOUBLE)) / 1000 END AS asa,
       CASE WHEN SUM(answered) + SUM(abandoned) - SUM(short_ab) > 0
            THEN CAST(SUM(in_sl) AS DOUBLE) * 100
                 / CAST(SUM(answered) + SUM(abandoned) - SUM(short_ab) AS DOUBLE) END AS service_level,
       CASE WHEN SUM(handled) > 0
            THEN ROUND(CAST(SUM(handle_sum) AS DOUBLE) / CAST(SUM(handled) AS DOUBLE)) / 1000 END AS aht,
       SUM(responses) AS agent_responses,
       CASE WHEN SUM(frt_n) > 0
            THEN ROUND(CAST(SUM(frt_sum) AS DOUBLE) / CAST(SUM(frt_n) AS DOUBLE)) / 1000 END AS avg_agent_frt,
       CASE WHEN SUM(closed) > 0
            THEN ROUND(CAST(SUM(res_sum) AS DOUBLE) / CAST(SUM(closed) AS DOUBLE)) / 1000 END AS avg_resolution_time
FROM contrib
GROUP BY COALESCE(skill, ''), bucket
ORDER BY 1, 2;
