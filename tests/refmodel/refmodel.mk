# tests/refmodel/refmodel.mk - the reference model and its comparisons with
# ccm-report (included by the top-level Makefile.am; only extends shared
# variables).
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# - test-refmodel-fixtures.py: the model and ccm-report against hand-computed
#   outputs (events_example.md, fixtures/fixtures.md);
# - test-refmodel.py: ccm-gen streams, ccm-report against the model;
# - test-refmodel-chaos.py: random (mostly invalid) event sequences,
#   ccm-report against the model.
# The .py tests run through $(PYTHON) (TEST_EXTENSIONS); without python3 they
# are skipped.  They need examples/ccm-report and examples/ccm-gen, which
# `make check` builds first (else they skip with 77).

REFMODEL_TESTS = \
	tests/refmodel/test-refmodel-fixtures.py \
	tests/refmodel/test-refmodel.py \
	tests/refmodel/test-refmodel-chaos.py \
	tests/refmodel/test-refmodel-local.py
TESTS += $(REFMODEL_TESTS)
dist_check_SCRIPTS += $(REFMODEL_TESTS)

EXTRA_DIST += \
	tests/refmodel/ccm_refmodel.py \
	tests/refmodel/fixtures/local.cal \
	tests/refmodel/fixtures/local.md \
	tests/refmodel/fixtures/local_cases.txt \
	tests/refmodel/fixtures/local_fallback.csv \
	tests/refmodel/fixtures/local_fallback.date.expected \
	tests/refmodel/fixtures/local_fallback.date_nocal.expected \
	tests/refmodel/fixtures/local_fallback.dow.expected \
	tests/refmodel/fixtures/local_fallback.hour.expected \
	tests/refmodel/fixtures/local_fallback.interval15.expected \
	tests/refmodel/fixtures/local_fallback.interval60.expected \
	tests/refmodel/fixtures/local_fallback.month.expected \
	tests/refmodel/fixtures/local_fallback.stderr \
	tests/refmodel/fixtures/local_fallback.week.expected \
	tests/refmodel/fixtures/local_pct.csv \
	tests/refmodel/fixtures/local_pct.skill.expected \
	tests/refmodel/fixtures/local_pct.stderr \
	tests/refmodel/fixtures/local_pct.total.expected \
	tests/refmodel/fixtures/local_spring.csv \
	tests/refmodel/fixtures/local_spring.date.expected \
	tests/refmodel/fixtures/local_spring.interval120.expected \
	tests/refmodel/fixtures/local_spring.interval60.expected \
	tests/refmodel/fixtures/local_spring.stderr \
	tests/refmodel/compare.py \
	tests/refmodel/events_example.csv \
	tests/refmodel/events_example.md \
	tests/refmodel/events_example.stderr \
	tests/refmodel/events_example.skill.expected \
	tests/refmodel/events_example.agent.expected \
	tests/refmodel/fixtures/cases.txt \
	tests/refmodel/fixtures/fixtures.md \
	tests/refmodel/fixtures/acw_many.csv \
	tests/refmodel/fixtures/acw_many.stderr \
	tests/refmodel/fixtures/acw_many.agent.expected \
	tests/refmodel/fixtures/followon_transfer.csv \
	tests/refmodel/fixtures/followon_transfer.stderr \
	tests/refmodel/fixtures/followon_transfer.agent.expected \
	tests/refmodel/fixtures/followon_transfer.team_skill.expected \
	tests/refmodel/fixtures/hold_focus.csv \
	tests/refmodel/fixtures/hold_focus.stderr \
	tests/refmodel/fixtures/hold_focus.agent.expected \
	tests/refmodel/fixtures/offer_miss_team.csv \
	tests/refmodel/fixtures/offer_miss_team.stderr \
	tests/refmodel/fixtures/offer_miss_team.agent_team.expected \
	tests/refmodel/fixtures/queue.csv \
	tests/refmodel/fixtures/queue.stderr \
	tests/refmodel/fixtures/queue.agent_team.expected \
	tests/refmodel/fixtures/queue.campaign_direction_channel.expected \
	tests/refmodel/fixtures/queue.skill.expected \
	tests/refmodel/fixtures/reader.csv \
	tests/refmodel/fixtures/reader.stderr \
	tests/refmodel/fixtures/reader.agent.expected \
	tests/refmodel/fixtures/rejects.csv \
	tests/refmodel/fixtures/rejects.stderr \
	tests/refmodel/fixtures/rejects.agent.expected \
	tests/refmodel/fixtures/reopen_tags.csv \
	tests/refmodel/fixtures/reopen_tags.stderr \
	tests/refmodel/fixtures/reopen_tags.agent_team.expected \
	tests/refmodel/fixtures/reopen_tags.tag.expected \
	tests/refmodel/fixtures/time_keys.csv \
	tests/refmodel/fixtures/time_keys.stderr \
	tests/refmodel/fixtures/time_keys.date.expected \
	tests/refmodel/fixtures/time_keys.dow.expected \
	tests/refmodel/fixtures/time_keys.hour.expected \
	tests/refmodel/fixtures/time_keys.interval60.expected \
	tests/refmodel/fixtures/transfer_acw.csv \
	tests/refmodel/fixtures/transfer_acw.stderr \
	tests/refmodel/fixtures/transfer_acw.agent.expected \
	tests/refmodel/fixtures/transfer_acw.agent_interval.expected \
	tests/refmodel/fixtures/transfer_acw.disposition.expected \
	tests/refmodel/fixtures/transfer_acw.skill.expected \
	tests/refmodel/fixtures/transfer_acw.type_campaign.expected \
	tests/refmodel/fixtures/agent_states.csv \
	tests/refmodel/fixtures/agent_states.stderr \
	tests/refmodel/fixtures/agent_states.agent_team.expected \
	tests/refmodel/fixtures/agent_states.agent_interval.expected \
	tests/refmodel/fixtures/agent_states.team_date.expected \
	tests/refmodel/fixtures/agent_states.agent_asof.expected \
	tests/refmodel/fixtures/agent_states.agent_asof_early.expected \
	tests/refmodel/fixtures/fcr.csv \
	tests/refmodel/fixtures/fcr.stderr \
	tests/refmodel/fixtures/fcr.agent.expected \
	tests/refmodel/fixtures/fcr.interval.expected \
	tests/refmodel/fixtures/fcr.total.expected \
	tests/refmodel/fixtures/fcr.total_window.expected \
	tests/refmodel/fixtures/ledger.csv \
	tests/refmodel/fixtures/ledger.stderr \
	tests/refmodel/fixtures/ledger.campaign.expected \
	tests/refmodel/fixtures/ledger.total.expected \
	tests/refmodel/fixtures/ledger.skill_channel.expected \
	tests/refmodel/fixtures/ledger.agent.expected \
	tests/refmodel/fixtures/rejects_new.csv \
	tests/refmodel/fixtures/rejects_new.stderr \
	tests/refmodel/fixtures/rejects_new.total.expected \
	tests/refmodel/fixtures/surveys.csv \
	tests/refmodel/fixtures/surveys.stderr \
	tests/refmodel/fixtures/surveys.agent_team.expected \
	tests/refmodel/fixtures/surveys.channel_tag.expected \
	tests/refmodel/fixtures/surveys.disposition_campaign_skill.expected \
	tests/refmodel/fixtures/surveys.direction.expected \
	tests/refmodel/fixtures/levels.csv \
	tests/refmodel/fixtures/levels.stderr \
	tests/refmodel/fixtures/levels.skill_interval.expected \
	tests/refmodel/fixtures/levels.skill_interval_asof.expected \
	tests/refmodel/fixtures/levels.agent_team.expected \
	tests/refmodel/fixtures/levels.channel_asof.expected \
	tests/refmodel/fixtures/levels.tag.expected \
	tests/refmodel/fixtures/levels.disposition.expected \
	tests/refmodel/fixtures/levels.hour.expected \
	tests/refmodel/fixtures/levels.interval_model.expected \
	tests/refmodel/fixtures/agent_gauges.csv \
	tests/refmodel/fixtures/agent_gauges.stderr \
	tests/refmodel/fixtures/agent_gauges.team_interval.expected \
	tests/refmodel/fixtures/agent_gauges.team_interval_model.expected \
	tests/refmodel/fixtures/agent_gauges.agent_team_model.expected \
	tests/refmodel/fixtures/stock.csv \
	tests/refmodel/fixtures/stock.stderr \
	tests/refmodel/fixtures/stock.date_base.expected \
	tests/refmodel/fixtures/stock.date.expected \
	tests/refmodel/fixtures/stock.campaign_base.expected \
	tests/refmodel/fixtures/stock.campaign_date_base.expected \
	tests/refmodel/fixtures/stock.campaign_date_model.expected \
	tests/refmodel/fixtures/stock.dow_base.expected \
	tests/refmodel/fixtures/gauge_moves.csv \
	tests/refmodel/fixtures/gauge_moves.stderr \
	tests/refmodel/fixtures/gauge_moves.tag_interval.expected \
	tests/refmodel/fixtures/gauge_moves.disposition_interval.expected \
	tests/refmodel/fixtures/gauge_moves.tag.expected \
	tests/refmodel/fixtures/gauge_moves.disposition_tag.expected \
	tests/refmodel/fixtures/gauge_moves.tag_interval_model.expected \
	tests/refmodel/fixtures/awaiting.csv \
	tests/refmodel/fixtures/awaiting.stderr \
	tests/refmodel/fixtures/awaiting.interval.expected \
	tests/refmodel/fixtures/awaiting.channel.expected \
	tests/refmodel/fixtures/awaiting.interval_model.expected

# Streams kept by a failing comparison (in the build tree).
CLEANFILES += \
	tests/refmodel/failed-seed-*.csv \
	tests/refmodel/failed-chaos-*.csv

# A failing local-time run keeps its stream and calendar for a look.
CLEANFILES += tests/refmodel/failed-local-*.csv tests/refmodel/failed-local-*.cal
