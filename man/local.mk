# man/local.mk - the manual: one man3 page per public function (aliases are
# one-line .so pages), ccm_event(3), ccm_allocator(3), and the ccmetrics(7)
# overview, whose configuration, measure and metric tables are generated at
# build time from the library itself.
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# Included by the top-level Makefile.am; only extends shared variables.
# tests/test-manpages.sh checks that this list, the pages and the public
# header agree.

dist_man3_MANS += \
	man/ccm_agent_state_id.3 \
	man/ccm_agent_state_name.3 \
	man/ccm_allocator.3 \
	man/ccm_calendar_add_holiday.3 \
	man/ccm_calendar_add_hours.3 \
	man/ccm_calendar_free.3 \
	man/ccm_calendar_new.3 \
	man/ccm_calendar_parse.3 \
	man/ccm_config_bounds.3 \
	man/ccm_config_free.3 \
	man/ccm_config_get.3 \
	man/ccm_config_name.3 \
	man/ccm_config_new.3 \
	man/ccm_config_set.3 \
	man/ccm_config_set_calendar.3 \
	man/ccm_config_set_tz.3 \
	man/ccm_config_set_utc_offset_fn.3 \
	man/ccm_cursor_free.3 \
	man/ccm_cursor_key.3 \
	man/ccm_cursor_measure.3 \
	man/ccm_cursor_merge.3 \
	man/ccm_cursor_metric.3 \
	man/ccm_cursor_new.3 \
	man/ccm_cursor_next.3 \
	man/ccm_cursor_quantile.3 \
	man/ccm_dim_name.3 \
	man/ccm_engine_advance.3 \
	man/ccm_engine_business_time.3 \
	man/ccm_engine_config.3 \
	man/ccm_engine_errmsg.3 \
	man/ccm_engine_expire.3 \
	man/ccm_engine_flush.3 \
	man/ccm_engine_free.3 \
	man/ccm_engine_local_time.3 \
	man/ccm_engine_merge.3 \
	man/ccm_engine_new.3 \
	man/ccm_engine_rejected.3 \
	man/ccm_engine_restore.3 \
	man/ccm_engine_snapshot.3 \
	man/ccm_engine_snapshot_size.3 \
	man/ccm_engine_stat.3 \
	man/ccm_engine_view.3 \
	man/ccm_erlang_a.3 \
	man/ccm_erlang_agents.3 \
	man/ccm_erlang_c.3 \
	man/ccm_error_name.3 \
	man/ccm_event.3 \
	man/ccm_event_init.3 \
	man/ccm_event_label_dim.3 \
	man/ccm_event_name.3 \
	man/ccm_event_type.3 \
	man/ccm_ingest.3 \
	man/ccm_ingest_batch.3 \
	man/ccm_intern.3 \
	man/ccm_lookup.3 \
	man/ccm_measure_by_name.3 \
	man/ccm_measure_count.3 \
	man/ccm_measure_kind.3 \
	man/ccm_measure_name.3 \
	man/ccm_measures_clear.3 \
	man/ccm_measures_free.3 \
	man/ccm_measures_get.3 \
	man/ccm_measures_histogram.3 \
	man/ccm_measures_metric.3 \
	man/ccm_measures_new.3 \
	man/ccm_measures_quantile.3 \
	man/ccm_measures_service_level_at.3 \
	man/ccm_measures_share_at_or_under.3 \
	man/ccm_metric_better.3 \
	man/ccm_metric_by_name.3 \
	man/ccm_metric_count.3 \
	man/ccm_metric_description.3 \
	man/ccm_metric_formula.3 \
	man/ccm_metric_name.3 \
	man/ccm_metric_seeds.3 \
	man/ccm_metric_supported.3 \
	man/ccm_metric_timer.3 \
	man/ccm_metric_uses_levels.3 \
	man/ccm_metric_unit.3 \
	man/ccm_name.3 \
	man/ccm_query.3 \
	man/ccm_rollup.3 \
	man/ccm_strerror.3 \
	man/ccm_version_number.3 \
	man/ccm_version_string.3 \
	man/ccm_view_bucket.3 \
	man/ccm_view_bucket_next.3 \
	man/ccm_view_cells.3 \
	man/ccm_view_dims.3 \
	man/ccm_view_grain.3 \
	man/ccm_view_merge.3 \
	man/ccm_view_new.3

# ccmetrics(7): never distributed, always built from the template with the
# tables of the library linked in this tree:
#  - metrics:  examples/ccm-report --list-metrics (the catalog, lib/catalog.c)
#  - settings: man/ccm-config-list (ccm_config_name(), ccm_config_bounds())
#  - measures: lib/measures.h (the X-macro list)
man7_MANS += man/ccmetrics.7

noinst_PROGRAMS += man/ccm-config-list
man_ccm_config_list_SOURCES = man/ccm-config-list.c
man_ccm_config_list_CPPFLAGS = -I$(top_srcdir)/include
man_ccm_config_list_LDADD = lib/libccmetrics.la

man/ccmetrics.7: $(srcdir)/man/ccmetrics.7.in $(srcdir)/man/gen-metric-table.sh \
		$(top_srcdir)/lib/measures.h examples/ccm-report$(EXEEXT) \
		man/ccm-config-list$(EXEEXT)
	$(AM_V_GEN)$(MKDIR_P) man && \
	rm -f $@ $@.tmp man/ccmetrics.7.metrics man/ccmetrics.7.config && \
	examples/ccm-report$(EXEEXT) --list-metrics > man/ccmetrics.7.metrics && \
	man/ccm-config-list$(EXEEXT) > man/ccmetrics.7.config && \
	$(SHELL) $(srcdir)/man/gen-metric-table.sh \
	  --metrics man/ccmetrics.7.metrics --config man/ccmetrics.7.config \
	  --measures $(top_srcdir)/lib/measures.h --version '$(PACKAGE_VERSION)' \
	  $(srcdir)/man/ccmetrics.7.in > $@.tmp && \
	rm -f man/ccmetrics.7.metrics man/ccmetrics.7.config && \
	mv -f $@.tmp $@

EXTRA_DIST += \
	man/ccmetrics.7.in \
	man/gen-metric-table.sh

CLEANFILES += \
	man/ccmetrics.7 \
	man/ccmetrics.7.tmp \
	man/ccmetrics.7.metrics \
	man/ccmetrics.7.config

TESTS += tests/test-manpages.sh
dist_check_SCRIPTS += tests/test-manpages.sh
