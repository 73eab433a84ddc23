# tests/fuzz/fuzz.mk - the fuzz harnesses (tests/fuzz/README.md).
#
# Copyright (c) 2026 The ccmetrics authors.
# SPDX-License-Identifier: MIT
#
# Included by the top-level Makefile.am; only extends shared variables.
#
# 'make check' builds each harness with the normal compiler, linked with
# tests/fuzz/replay.c instead of libFuzzer, and replays its committed corpus
# (tests/fuzz/corpus/<harness>/).  'make fuzz' (never run by 'make check' or
# CI) builds the harnesses with clang's libFuzzer and sanitizers and runs
# each for FUZZ_SECONDS.  'make coverage' (at the end) measures the line and
# branch coverage of lib/ by 'make check' in a separate instrumented build.

# ---------------------------------------------------------------------------
# Replays of the committed corpora ('make check').

fuzz_replays = \
	tests/fuzz/replay_csv \
	tests/fuzz/replay_events \
	tests/fuzz/replay_snapshot
check_PROGRAMS += $(fuzz_replays)
TESTS += $(fuzz_replays)

fuzz_shared_sources = \
	tests/fuzz/replay.c \
	tests/fuzz/fuzz_common.h \
	tests/fuzz/fuzz_invariants.c \
	tests/fuzz/fuzz_invariants.h
fuzz_cppflags = -I$(top_srcdir)/include -I$(top_srcdir)/tests/fuzz

# The CSV reader and the record-to-event bridge of ccm-report, built from
# their sources (csv_small.c includes report_csv.c again with a tiny block).
tests_fuzz_replay_csv_SOURCES = \
	$(fuzz_shared_sources) \
	tests/fuzz/fuzz_csv.c \
	tests/fuzz/csv_small.c \
	examples/report_csv.c examples/report_csv.h \
	examples/report_evtype.c examples/report_evtype.h \
	examples/report_idcache.c examples/report_idcache.h \
	examples/report_ingest.c examples/report_ingest.h \
	examples/report_number.c examples/report_number.h \
	examples/report_strtab.c examples/report_strtab.h
tests_fuzz_replay_csv_CPPFLAGS = $(fuzz_cppflags) -I$(top_srcdir)/examples -DREPLAY_CORPUS='"csv"'
tests_fuzz_replay_csv_LDADD = lib/libccmetrics.la $(LIBM)

tests_fuzz_replay_events_SOURCES = $(fuzz_shared_sources) tests/fuzz/fuzz_events.c
# The replay checks every view after every event (libFuzzer every 50th).
tests_fuzz_replay_events_CPPFLAGS = $(fuzz_cppflags) -DREPLAY_CORPUS='"events"' -DFUZZ_FULL_EVERY=1
tests_fuzz_replay_events_LDADD = lib/libccmetrics.la $(LIBM)

tests_fuzz_replay_snapshot_SOURCES = $(fuzz_shared_sources) tests/fuzz/fuzz_snapshot.c
tests_fuzz_replay_snapshot_CPPFLAGS = $(fuzz_cppflags) -DREPLAY_CORPUS='"snapshot"'
tests_fuzz_replay_snapshot_LDADD = lib/libccmetrics.la $(LIBM)

EXTRA_DIST += \
	tests/fuzz/README.md \
	tests/fuzz/run-fuzz.sh \
	tests/fuzz/list-corpus.sh \
	tests/fuzz/csv.dict \
	tests/fuzz/crashes/README.md

# ---------------------------------------------------------------------------
# 'make fuzz': libFuzzer builds, run for FUZZ_SECONDS each (variables may be
# given on the command line: make fuzz FUZZ_TARGETS=events FUZZ_SECONDS=60).

FUZZ_CC = clang
FUZZ_SECONDS = 600
FUZZ_TARGETS = csv events snapshot
FUZZ_WORKDIR = $${TMPDIR:-/tmp}/ccm-fuzz
FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CPPFLAGS =
FUZZ_ARGS =

fuzz_cc = $(FUZZ_CC) $(FUZZ_CPPFLAGS) -I$(top_srcdir)/include -I$(top_srcdir)/lib -I$(top_srcdir)/examples \
	-I$(top_srcdir)/tests/fuzz $(FUZZ_CFLAGS)
fuzz_lib = tests/fuzz/libccmetrics-fuzz.a
fuzz_invariants_obj = tests/fuzz/fuzz_invariants-fuzz.o
FUZZ_BINARIES = tests/fuzz/fuzz_csv-fuzzer tests/fuzz/fuzz_events-fuzzer tests/fuzz/fuzz_snapshot-fuzzer
CLEANFILES += $(FUZZ_BINARIES) $(fuzz_lib) $(fuzz_invariants_obj) tests/fuzz/libfuzz-*.o

# The library with coverage feedback for libFuzzer (every .c of
# lib_libccmetrics_la_SOURCES, so the list stays in lib/local.mk).
$(fuzz_lib): $(lib_libccmetrics_la_SOURCES)
	@$(MKDIR_P) tests/fuzz
	$(AM_V_GEN)set -e; rm -f $@ tests/fuzz/libfuzz-*.o; \
	for f in $(lib_libccmetrics_la_SOURCES); do \
	  case $$f in \
	    *.c) $(fuzz_cc) -fsanitize=fuzzer-no-link -DCCM_BUILDING_LIBRARY \
	           -c $(top_srcdir)/$$f -o tests/fuzz/libfuzz-`basename $$f .c`.o ;; \
	  esac; \
	done; \
	$(AR) cr $@ tests/fuzz/libfuzz-*.o; $(RANLIB) $@

# The invariant checks are not the code under test: no coverage feedback,
# which would also slow them down.
$(fuzz_invariants_obj): tests/fuzz/fuzz_invariants.c tests/fuzz/fuzz_invariants.h tests/fuzz/fuzz_common.h
	@$(MKDIR_P) tests/fuzz
	$(AM_V_CC)$(fuzz_cc) -c $(top_srcdir)/tests/fuzz/fuzz_invariants.c -o $@

# A 64 KiB reader block instead of 1 MiB: inputs are at most 4 KiB, so it
# reads them the same way, and AddressSanitizer then recycles the buffer
# instead of mapping 1 MiB per input (three times the executions).
tests/fuzz/fuzz_csv-fuzzer: tests/fuzz/fuzz_csv.c tests/fuzz/csv_small.c examples/report_csv.c \
		examples/report_evtype.c examples/report_idcache.c examples/report_ingest.c examples/report_number.c \
		examples/report_strtab.c $(fuzz_invariants_obj) $(fuzz_lib)
	$(AM_V_CCLD)$(fuzz_cc) -fsanitize=fuzzer -DBLOCK_BYTES=65536 -o $@ $(top_srcdir)/tests/fuzz/fuzz_csv.c \
	  $(top_srcdir)/tests/fuzz/csv_small.c $(top_srcdir)/examples/report_csv.c \
	  $(top_srcdir)/examples/report_evtype.c $(top_srcdir)/examples/report_idcache.c \
	  $(top_srcdir)/examples/report_ingest.c $(top_srcdir)/examples/report_number.c \
	  $(top_srcdir)/examples/report_strtab.c $(fuzz_invariants_obj) $(fuzz_lib) $(LIBM)

tests/fuzz/fuzz_events-fuzzer: tests/fuzz/fuzz_events.c $(fuzz_invariants_obj) $(fuzz_lib)
	$(AM_V_CCLD)$(fuzz_cc) -fsanitize=fuzzer -o $@ $(top_srcdir)/tests/fuzz/fuzz_events.c \
	  $(fuzz_invariants_obj) $(fuzz_lib) $(LIBM)

tests/fuzz/fuzz_snapshot-fuzzer: tests/fuzz/fuzz_snapshot.c $(fuzz_invariants_obj) $(fuzz_lib)
	$(AM_V_CCLD)$(fuzz_cc) -fsanitize=fuzzer -o $@ $(top_srcdir)/tests/fuzz/fuzz_snapshot.c \
	  $(fuzz_invariants_obj) $(fuzz_lib) $(LIBM)

.PHONY: fuzz fuzz-programs fuzz-corpus-list
fuzz-programs: $(FUZZ_BINARIES)

fuzz: fuzz-programs
	FUZZ_ARGS='$(FUZZ_ARGS)' $(SHELL) $(top_srcdir)/tests/fuzz/run-fuzz.sh --bindir tests/fuzz \
	  --srcdir $(top_srcdir)/tests/fuzz --workdir "$(FUZZ_WORKDIR)" --seconds $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Rewrite the corpus list below after adding or removing corpus files.
fuzz-corpus-list:
	$(SHELL) $(top_srcdir)/tests/fuzz/list-corpus.sh $(top_srcdir)

# ---------------------------------------------------------------------------
# 'make coverage': configure a copy of the tree in $(COVERAGE_DIR) with gcov
# instrumentation (static library, no optimisation), run 'make check' there
# and report the line and branch coverage of lib/ with gcovr: a summary,
# per-file tables (lines, then branches) and the functions with the most
# lines never run.  Reports are also written to $(COVERAGE_DIR)/coverage-*.txt.

COVERAGE_DIR = coverage-build
COVERAGE_CFLAGS = --coverage -fprofile-update=atomic -O0 -g
GCOVR = gcovr
COVERAGE_WORST = 25

.PHONY: coverage coverage-report
coverage:
	rm -rf $(COVERAGE_DIR)
	$(MKDIR_P) $(COVERAGE_DIR)
	cd $(COVERAGE_DIR) && $(abs_top_srcdir)/configure --disable-shared CFLAGS='$(COVERAGE_CFLAGS)' \
	  --with-shared-dir='$(SHARED_DIR)' > configure.log
	cd $(COVERAGE_DIR) && { $(MAKE) $(AM_MAKEFLAGS) -k all $(check_PROGRAMS) $(check_SCRIPTS) || \
	  echo "coverage: some programs do not build; their tests fail below" >&2; }
	cd $(COVERAGE_DIR) && { $(MAKE) $(AM_MAKEFLAGS) -k check-TESTS || \
	  echo "coverage: some tests failed (the figures count what ran)" >&2; }
	$(MAKE) $(AM_MAKEFLAGS) coverage-report

coverage-report:
	@cd $(COVERAGE_DIR) && \
	$(GCOVR) --root $(abs_top_srcdir) --filter '$(abs_top_srcdir)/lib/' --object-directory . \
	  --exclude-unreachable-branches --json coverage.json --txt coverage-lines.txt \
	  --print-summary . > coverage-summary.txt && \
	$(GCOVR) --root $(abs_top_srcdir) --filter '$(abs_top_srcdir)/lib/' --object-directory . \
	  --exclude-unreachable-branches --branches --txt coverage-branches.txt . && \
	$(PYTHON) $(abs_top_srcdir)/tests/fuzz/coverage-functions.py --worst $(COVERAGE_WORST) coverage.json \
	  > coverage-functions.txt && \
	cat coverage-lines.txt coverage-branches.txt coverage-functions.txt coverage-summary.txt

mostlyclean-local:
	-rm -rf $(COVERAGE_DIR)
EXTRA_DIST += tests/fuzz/coverage-functions.py

# ---------------------------------------------------------------------------
# The committed corpora and reproducers, for the distribution
# (generated by 'make fuzz-corpus-list'; do not edit by hand).
# BEGIN CORPUS LIST
EXTRA_DIST += \
	tests/fuzz/corpus/csv/00db3216668253253443ab29aa0f03371fc96e2b \
	tests/fuzz/corpus/csv/033684c6001fbdc0ed85c096d4b9be02c19b18d6 \
	tests/fuzz/corpus/csv/039075aa0b39087f0e795ee9fe70592ae9934624 \
	tests/fuzz/corpus/csv/03b29eb9aac79e898447bfd856af687cb4a92e19 \
	tests/fuzz/corpus/csv/050d8effd7ded991cc9a8c1ae72dc7a40a6bd7ae \
	tests/fuzz/corpus/csv/06a705a85ed1f362606f04bad5958844daa767dc \
	tests/fuzz/corpus/csv/074f8039fdcdfd960f658a0c6bb06ec357a8f589 \
	tests/fuzz/corpus/csv/07c104564543dafb47dff779094d60cb851ea476 \
	tests/fuzz/corpus/csv/0ba6c12afc19fa8b38d905a944557e5f90f964aa \
	tests/fuzz/corpus/csv/0c28bd721ece29632562f8c94f3e7ad9f7af41a5 \
	tests/fuzz/corpus/csv/0c8dd56e9a4c8fc975d9e476a63ac58717397184 \
	tests/fuzz/corpus/csv/100104d00b0291559758f95da6d804df51215a2c \
	tests/fuzz/corpus/csv/1179769544836fa7304a7430fdc48e5d8b19eb33 \
	tests/fuzz/corpus/csv/1296f022b7be13b3227b302418fd97da492c08e7 \
	tests/fuzz/corpus/csv/1592c22d1857aac8be3863cd07bf6dcb3f430a40 \
	tests/fuzz/corpus/csv/17006c1646d5ce02f59b99c4c3107e48677ecf78 \
	tests/fuzz/corpus/csv/1a037482fee350d4594a81c6da436c22ba3e794f \
	tests/fuzz/corpus/csv/1a7c8c2fa1df9bee27986542894c1bce14c60c2f \
	tests/fuzz/corpus/csv/1af8cd1555ece3def0610546d14d65c7f9fea999 \
	tests/fuzz/corpus/csv/1cead0be8599af4a6ddd50b15d9a648580a11f91 \
	tests/fuzz/corpus/csv/1d60a1fcf5a6d6a17d79083c5571c84915170c57 \
	tests/fuzz/corpus/csv/1f371bd35e2982d3c5a919ed9824cf72259d4a91 \
	tests/fuzz/corpus/csv/203b0184393d4c0ab639643b64aaebdab8780003 \
	tests/fuzz/corpus/csv/20ad88cb363be59754053190afd6b9e8ea29873f \
	tests/fuzz/corpus/csv/22ceb1f832742a9385bec09f24ceec0052ad1490 \
	tests/fuzz/corpus/csv/24e3d73df4daa928cbf5e321033bd2b82399da4c \
	tests/fuzz/corpus/csv/25fede1c806dbc32796a3bea1537a20933beba9c \
	tests/fuzz/corpus/csv/266278b0ebd507a138114182ac183e4b5de8639b \
	tests/fuzz/corpus/csv/272b9d0798598d543c5f0697b02a4e568fdcc07e \
	tests/fuzz/corpus/csv/27eace20e624d39293bc9f0a8fadb23e9edb5ce2 \
	tests/fuzz/corpus/csv/28ed3a797da3c48c309a4ef792147f3c56cfec40 \
	tests/fuzz/corpus/csv/2935060324b21bacc676a7c8381a40e7ea2e7816 \
	tests/fuzz/corpus/csv/2b60a0f5ef4cb063bd2951524a6628aa7774c72d \
	tests/fuzz/corpus/csv/2d4b1e0ab61e310f4ea33bffb29fa2caaab49e7d \
	tests/fuzz/corpus/csv/2e35a8e5649e8fc49e91dcf716154fa82c66e9af \
	tests/fuzz/corpus/csv/2e48d348c30417b148b7f1c149ed3f1f4bb47588 \
	tests/fuzz/corpus/csv/2e4a688690959b889842d3408c80cf801c9ef3f0 \
	tests/fuzz/corpus/csv/2fb25926ba62fa6553b4bbb8fd1dc28f6eb5e17f \
	tests/fuzz/corpus/csv/2fe38e1029778ac11602d3fb54a924914e1f0794 \
	tests/fuzz/corpus/csv/31327a06012dcd964b2b60f89a6f6da903958602 \
	tests/fuzz/corpus/csv/315cacf2f18c7d27a8a0d8191bbe0a25cdd57acd \
	tests/fuzz/corpus/csv/324679cd84cead96614ca2419c638bbf6923cc80 \
	tests/fuzz/corpus/csv/33544050e0c03f0ef4d2fbfc49c7fa5d9d73de97 \
	tests/fuzz/corpus/csv/34dd1d9560947a49321d4c3bd9d18d5cff93a777 \
	tests/fuzz/corpus/csv/37c69714555d208236702258e59717fe3425624e \
	tests/fuzz/corpus/csv/3a7734dc6b002db8f9d8d22d01b842a8281edf3d \
	tests/fuzz/corpus/csv/3e073a2ce31c184f8eafe15071c97341d3654a5b \
	tests/fuzz/corpus/csv/403531fa213ce046562dd77f7b4c9415f7f46c42 \
	tests/fuzz/corpus/csv/4127ee8810c7299d79c4d560adb5217950246b07 \
	tests/fuzz/corpus/csv/41d1f6fe5f46f5db03322a16d724c62ae2811f33 \
	tests/fuzz/corpus/csv/43b44d3761bedb889515d17fe21bdc559dafcb19 \
	tests/fuzz/corpus/csv/44802be4e559cda63aaed11069937ed25a09304b \
	tests/fuzz/corpus/csv/4578de075fc5969c594c19e9180d005c562a88aa \
	tests/fuzz/corpus/csv/4617d56e8dd501f4d34affe1ce7bc9e30a504ceb \
	tests/fuzz/corpus/csv/4a76039ef46562537af4c6de798591004f533f54 \
	tests/fuzz/corpus/csv/4b1c8d68a1605c1039c11a926921a6d8062c9786 \
	tests/fuzz/corpus/csv/4ddcc2ce42a3dddd80fb891a4edf8ed0f19dbc3c \
	tests/fuzz/corpus/csv/4e642f81eadfa357d02b47f0877b95c7233355a4 \
	tests/fuzz/corpus/csv/4eab7454ba98de5a674cb531773ee10d62333c8c \
	tests/fuzz/corpus/csv/52388a6f5730fe13547874703ff6586465d766eb \
	tests/fuzz/corpus/csv/52d4fc9c11e90845b88086ac284609d42a5118c9 \
	tests/fuzz/corpus/csv/58114b23c63fddbf5cfd326b3690bf79e29a2b74 \
	tests/fuzz/corpus/csv/5b0b027f683429b926b541759aea17aac2670567 \
	tests/fuzz/corpus/csv/5ca9f901e9121e1c3d12f8f3d0892afc85b3c985 \
	tests/fuzz/corpus/csv/5f7b4ef9030f00eb185f97f3c6a9f08d78a68744 \
	tests/fuzz/corpus/csv/61112dcb2152ea4fe959f95cd8e1f29e11f0b88c \
	tests/fuzz/corpus/csv/6129861ffd7e00c742dd627b2e2d06730b030ede \
	tests/fuzz/corpus/csv/627f65ec301e03493a235f67d5cd3c647e6dd9b7 \
	tests/fuzz/corpus/csv/637749447ec9f77a2cd402477eddc109139d1f7c \
	tests/fuzz/corpus/csv/63dd16864a6c7877751d11284b5cfed7e077b90d \
	tests/fuzz/corpus/csv/64105a82503d858b138f1f58ba0efd99f864dac2 \
	tests/fuzz/corpus/csv/64cc5e3d3462e6e9fe90cd6b958b580d016f5350 \
	tests/fuzz/corpus/csv/66e93097226665982b6bdc74f7b882a4a755f513 \
	tests/fuzz/corpus/csv/68237b8a8583184c5950ed4bd22a5251c0d28309 \
	tests/fuzz/corpus/csv/69a957ab57545037ce9a492ad0bd89c1d7e2220d \
	tests/fuzz/corpus/csv/6dd2ef64017ad676bcf984f16769bc9b7694b614 \
	tests/fuzz/corpus/csv/706ce970f1d837257612d30bbe80fb0b6a443ba3 \
	tests/fuzz/corpus/csv/73132aa44b6ec60f3ba76dc0235e068514581ec9 \
	tests/fuzz/corpus/csv/75d0354d2d64472dd8ada097e006f95237e8383c \
	tests/fuzz/corpus/csv/78af2dd4fbfde88aa28581ea491185a6d60d745e \
	tests/fuzz/corpus/csv/78f72b3c497844e8231ace47b02a6b41b63d3bb1 \
	tests/fuzz/corpus/csv/7a474e321c06d2d6ba8d5cf7bf236d6ecbd6ff58 \
	tests/fuzz/corpus/csv/7d429d38b9efedc68325cb15951701e0ccb63a44 \
	tests/fuzz/corpus/csv/7f1f36111f96c359fb675cd98f8c688a556f7708 \
	tests/fuzz/corpus/csv/8019d09cb8861064d584e4f43c721f057f389d94 \
	tests/fuzz/corpus/csv/807badf26cbf4fb0e369f1e3f96e2702d1fc1559 \
	tests/fuzz/corpus/csv/80c16ae5d8db09f42e82f088ffbfbb4e4faf8a74 \
	tests/fuzz/corpus/csv/815c1bb79c2caaffed50a9694e8d1d42104fbbae \
	tests/fuzz/corpus/csv/817711a067298df9291660313e298ac6fca3a846 \
	tests/fuzz/corpus/csv/81c8a68b534141003326d24188828a7c2d7fdece \
	tests/fuzz/corpus/csv/8363406a6fcb9863409af427a5cdac3cd0f76bf6 \
	tests/fuzz/corpus/csv/837c61f59b4c998cdd2e43333efe85439a96a1da \
	tests/fuzz/corpus/csv/845658d6c0f67d20de84601ca27f216ac65ccc49 \
	tests/fuzz/corpus/csv/85529d99dc25f1d4700dc6de43f541e51f2c8166 \
	tests/fuzz/corpus/csv/857bd05c69b6b4ba2cd18f46b2f955a18ac8c4fc \
	tests/fuzz/corpus/csv/8715b1c6b4912a3aecd685eef09a7187d0a52dc3 \
	tests/fuzz/corpus/csv/87e3c652d4d7e197c38371d041005f0842a3aacc \
	tests/fuzz/corpus/csv/881d1a61438c96ebd1238ed7f41f0584e2c7b221 \
	tests/fuzz/corpus/csv/8bbd4787e2dc5f3c9e45b479f1a5fc1770147943 \
	tests/fuzz/corpus/csv/8c188033f0ce10ec06cf1df5cf3e3b59bfd66c0a \
	tests/fuzz/corpus/csv/8e0f954e760062bdfe808757e2d5703488e44c03 \
	tests/fuzz/corpus/csv/9183566a9b64fd14eaa97787207c2f89f9e0632d \
	tests/fuzz/corpus/csv/937d5b33d1b2806dc60ecb419744a367942c6f85 \
	tests/fuzz/corpus/csv/95c8cda0695e70de90fa20036b807cb630508ec8 \
	tests/fuzz/corpus/csv/95f66faf38d9775c8e1866cd4103c811d4bf34f0 \
	tests/fuzz/corpus/csv/986f5bdf59b5bffa03f4da87aa7d492efc5b26c5 \
	tests/fuzz/corpus/csv/98ffc645d174e89628dc9ab8dfc4fcddc7161e91 \
	tests/fuzz/corpus/csv/9a22e55c7ae164fd59709cead909808130ce3837 \
	tests/fuzz/corpus/csv/9a65f28413be4d496f2bc298dcf9373129c6da68 \
	tests/fuzz/corpus/csv/9bfac052f3b378d0d21f79d8255910d8ddd72ff0 \
	tests/fuzz/corpus/csv/9c39dadcc94942e4c4cc0c9db0770844e556fb79 \
	tests/fuzz/corpus/csv/9c52cb1916e9e280177e5317e9d0e1dee51c8a7b \
	tests/fuzz/corpus/csv/9d61f92928f074d564090269d533ce1556390b57 \
	tests/fuzz/corpus/csv/9ef5b8fc01a7a4f4f1296ff2b9928341bee23a22 \
	tests/fuzz/corpus/csv/a10c34e0061a67d2f135ae405559467983a77f64 \
	tests/fuzz/corpus/csv/a25576d09ba1fc17412a5bc44c001344f6f50256 \
	tests/fuzz/corpus/csv/a25e6b3839eae83c15cfb156a7a616da660d5cae \
	tests/fuzz/corpus/csv/a34a92522ed1aeade2cbf7fb999945e8afae8f43 \
	tests/fuzz/corpus/csv/a390997513cfe14cd155294b68d8cf685da8649e \
	tests/fuzz/corpus/csv/a5b0beb7cd6b6caf956b73e965f7c3456e789eff \
	tests/fuzz/corpus/csv/a65c4c01dd17c9ac8021e919eb531691e38c6bc1 \
	tests/fuzz/corpus/csv/a7463fd098c3cf79bb51423952c6a845d2dfe8b6 \
	tests/fuzz/corpus/csv/a75b29d507b4c58464d1418149d8e8bd32287bf3 \
	tests/fuzz/corpus/csv/a84bdface787d32096abeeff5a2c25932c3ac325 \
	tests/fuzz/corpus/csv/a9113c725770e281682351076e2a7235128583be \
	tests/fuzz/corpus/csv/aba899e65d2cb129220b0f1ce40d05342fcd143b \
	tests/fuzz/corpus/csv/ad527b9c4f8883f3eb8ec9095b3e6eea620f12ce \
	tests/fuzz/corpus/csv/ad9616c9778f81cd7b7053e2495750aee0cbe168 \
	tests/fuzz/corpus/csv/b090361bf99141def44b0993ccc1544d816f0bd9 \
	tests/fuzz/corpus/csv/b33dff7524a7fd0ef02e9e53420aa29d88828dca \
	tests/fuzz/corpus/csv/b362e47599621df181dc8e9bb52af8217944d14b \
	tests/fuzz/corpus/csv/b3fcec03702e703af9e0764a70cbb115952d9fb7 \
	tests/fuzz/corpus/csv/b4613f8681b1e26686a2e88299525a4dc89c46d5 \
	tests/fuzz/corpus/csv/b76dd48921df7ada625536b7e5a29aa5cc8a4983 \
	tests/fuzz/corpus/csv/b7def4b04e0aa7882d0c6e9da6b1fe3b4c211546 \
	tests/fuzz/corpus/csv/b88f0466e17c25177d67a25525a7536b38420e06 \
	tests/fuzz/corpus/csv/b962d2979cabb91f1c56c1184856b92410e34919 \
	tests/fuzz/corpus/csv/b9f15f5660d2afd7d6cca091687c08832d48cb4b \
	tests/fuzz/corpus/csv/ba957dafc20f4090d83504b0fbeaafc83bb24d50 \
	tests/fuzz/corpus/csv/bad-quotes \
	tests/fuzz/corpus/csv/bb30f01f9039bba74ba610b2c58a51a7a334c99b \
	tests/fuzz/corpus/csv/bba1b5f2c8604b1b5d70ce1ce51721fd9fbb0943 \
	tests/fuzz/corpus/csv/bc5dcaa373b861e65cfc86c49515edaf5f228d20 \
	tests/fuzz/corpus/csv/bd6d4c3a42a31cf926420dc9708d032495eef9ca \
	tests/fuzz/corpus/csv/bf08b5d02764fd97f868034338c555a9b083a7a0 \
	tests/fuzz/corpus/csv/bf65972037b00b012e59346f05c9b515908cae7a \
	tests/fuzz/corpus/csv/c1823e7c4e24874d8c22c35240ba82b1af0d8753 \
	tests/fuzz/corpus/csv/c43879c0c2cbb23e2f7c7f09123a661201d2478a \
	tests/fuzz/corpus/csv/c4c074b337aed50027fbfe82b1acfdf2f89411d6 \
	tests/fuzz/corpus/csv/c79b2adc261dd8c742dab811691f54be12c249bd \
	tests/fuzz/corpus/csv/c930d7cb2abb5906e3e659f4d41e3056ee51ddfe \
	tests/fuzz/corpus/csv/c9a1a7d4679c2007be5c58aa4e7f995d3098614a \
	tests/fuzz/corpus/csv/c9f12469bcf6d536329a9a7cb5f054fef43a9de6 \
	tests/fuzz/corpus/csv/cfebb69c15a9fc6c08c455dc0083c07d6fedc093 \
	tests/fuzz/corpus/csv/cff83972755723246ca5a3856173795019113aa5 \
	tests/fuzz/corpus/csv/d040b28a073f48ee222b9ec1dcb3b5d997beb506 \
	tests/fuzz/corpus/csv/d10c8989e27526d41e9ec40c81a450773777c101 \
	tests/fuzz/corpus/csv/d2e6e83150fb64589088ce80d6b019533be34855 \
	tests/fuzz/corpus/csv/d46a442edda9b86df1773953d303b2fa2df73508 \
	tests/fuzz/corpus/csv/d4cac654fa7090eec8ae3c2810e49f1823677696 \
	tests/fuzz/corpus/csv/d50321fe4ca4fdb120a682668001f3abad1d6a28 \
	tests/fuzz/corpus/csv/d8e1a9c4eb252ff03e75f67e9aa7ea08cc9d1f0e \
	tests/fuzz/corpus/csv/dc8203a2033e4a341bf8a4952e9bc74378d2b34c \
	tests/fuzz/corpus/csv/deb765a6f24a692231d8f41f73a5e39432a22578 \
	tests/fuzz/corpus/csv/e0c31c77bafefcce02ad01e5689ba4535907dc4a \
	tests/fuzz/corpus/csv/e1671434bc3d4b897683a149a2105e9f5e58aa38 \
	tests/fuzz/corpus/csv/e388e41cad7be60a9cbdc9916fa058993db42047 \
	tests/fuzz/corpus/csv/e4ef069ce4b31ae9cf3cb608ff9838434afd7a8a \
	tests/fuzz/corpus/csv/e543f3127f148f5134fee38a0ce67b4dbdb43d55 \
	tests/fuzz/corpus/csv/ea218d13c75fbb6c4b0830037fe8c02e25770848 \
	tests/fuzz/corpus/csv/ea8c842eed557ceb2e51050a0dbb2de6ddbd8e7e \
	tests/fuzz/corpus/csv/ed4c243cd16f1f24d39cc3ac7bbe41d34ac3f34a \
	tests/fuzz/corpus/csv/ed793bbf236c42ad0d6af9dd8ec8c3218ebf72ad \
	tests/fuzz/corpus/csv/ed9de5419a14fd422ef112f2978e916a5667d15e \
	tests/fuzz/corpus/csv/ee84fa6c3adb263e3d3fdfa149ac12f5a103cf40 \
	tests/fuzz/corpus/csv/empty \
	tests/fuzz/corpus/csv/events-md-example \
	tests/fuzz/corpus/csv/f06d3065971b0f5484c479fda411eb7399e7f195 \
	tests/fuzz/corpus/csv/f0731f060d7cc405129d1eda9ef371c541d7bb57 \
	tests/fuzz/corpus/csv/f1c4f1d1aa71921495f290169cc32b122c7df728 \
	tests/fuzz/corpus/csv/f5abd7dfb7e484453e3f198ec7bac5ff5acbb312 \
	tests/fuzz/corpus/csv/f667cc6218f1ba7f415437ceb3a1b9cbf46b6b92 \
	tests/fuzz/corpus/csv/f6bb43b4c87f68cd820cc911a787b06060e85227 \
	tests/fuzz/corpus/csv/f726f738c18dbb02e1172558fde338256d4d59bb \
	tests/fuzz/corpus/csv/f83c0f12659ebbe2f59d1825d12f3cb8cf2c9e8e \
	tests/fuzz/corpus/csv/f845a6c4edbc83d090540c90884ba2bead1dd522 \
	tests/fuzz/corpus/csv/f89d1b5f57eaf612914480cd4965a07aa781d793 \
	tests/fuzz/corpus/csv/f9313fcd4bb38dc664150b455a60345e947125ef \
	tests/fuzz/corpus/csv/families \
	tests/fuzz/corpus/csv/families-by-tag-date \
	tests/fuzz/corpus/csv/families-month \
	tests/fuzz/corpus/csv/fc2a3809ec956465d69fbdcaa4127ea0211b3395 \
	tests/fuzz/corpus/csv/fdc0cf203ab4c0a9469b6a504e40c3f0ae2ac6b5 \
	tests/fuzz/corpus/csv/ff5cfb2b5f7b0565d1201a5371e25528c1bd23cd \
	tests/fuzz/corpus/csv/ffafb3755f1c2ab684eb376c593ab30ba9000950 \
	tests/fuzz/corpus/csv/field-errors \
	tests/fuzz/corpus/csv/header-only-with-id \
	tests/fuzz/corpus/csv/ids-duplicates \
	tests/fuzz/corpus/csv/not-a-header \
	tests/fuzz/corpus/csv/own-header-crlf-bom \
	tests/fuzz/corpus/csv/quoting \
	tests/fuzz/corpus/csv/regress-far-future-agent-span \
	tests/fuzz/corpus/events/0051c3e6a0c7270864207564a0c5d9cb0966d9d2 \
	tests/fuzz/corpus/events/0125e55292a3c6305910407f096029418f1e307d \
	tests/fuzz/corpus/events/03a17656168d462302e84d7cbee4b89fa0eec225 \
	tests/fuzz/corpus/events/04fe8c38fc5ccb2237345e2e94a1824fb5e097d0 \
	tests/fuzz/corpus/events/06f05f3a85e60a13a28347939c68eda65bf37d45 \
	tests/fuzz/corpus/events/072b559fc5d601ba8e9960515ab2d7d11001b06f \
	tests/fuzz/corpus/events/0991ec2f7d42e91e39cb30991d9d901edbb7dffa \
	tests/fuzz/corpus/events/0cbd7c18373c80d0be27742f57dcbc22e1ad85db \
	tests/fuzz/corpus/events/0d46cd3ceeec015b6f51d374344967af439ea889 \
	tests/fuzz/corpus/events/0f09bbdf7ca18b916a63e453aced81931eaae43b \
	tests/fuzz/corpus/events/110864a638d51c2f23fd7cb3236093c5532305ae \
	tests/fuzz/corpus/events/12b7dc54c813b8d66a232f6d670c4e82308a4acb \
	tests/fuzz/corpus/events/153fe51438a2ea975ae49c12c0fc0becfc31e78c \
	tests/fuzz/corpus/events/1685c3cb432a829931b16b1a53d4600a4fcc798b \
	tests/fuzz/corpus/events/17d438a801cdc2e1e265f88edef23f8101c60bb3 \
	tests/fuzz/corpus/events/19a8778f2636a6947c91c1a297db86148af9f0e8 \
	tests/fuzz/corpus/events/1a209c2e46858961786f1efaec68e37ab73787ea \
	tests/fuzz/corpus/events/1a517faceb3e55d2e47edd384c36d90cbf79a6e9 \
	tests/fuzz/corpus/events/1a7ad7e3be31f710eba2bcf344d362b1ed523896 \
	tests/fuzz/corpus/events/1b70887b59122b3e5afe3a14145eab4e1fd173d3 \
	tests/fuzz/corpus/events/1b8aa0864f0ffca6191718538bf8ff5f51093217 \
	tests/fuzz/corpus/events/1d03fbd921a02d8fadfe1bf1a0b2c206aebdbcd5 \
	tests/fuzz/corpus/events/22dfaaf206c811c84ac8836c5049e410b5511d0a \
	tests/fuzz/corpus/events/22f0ba951d37466a17d8cefd3bf6b92c259eb504 \
	tests/fuzz/corpus/events/26b96b30764c6380121d155c720111d26adba456 \
	tests/fuzz/corpus/events/27bab48b1abcbf155a0955cda4e0be4b1a70e956 \
	tests/fuzz/corpus/events/27ee434c772542758442301e5bfa0e204d96796c \
	tests/fuzz/corpus/events/2901e27d2decf4ff0dcdf18c3daa681fbc6d9e69 \
	tests/fuzz/corpus/events/29821d2a7e868ee2cbec39ef5d9b9f200e66bf66 \
	tests/fuzz/corpus/events/2e43da4124f4b6082ccf991502cc88be330f7e47 \
	tests/fuzz/corpus/events/2ed674528bcbc671485b18b85e1e0974f3b2c174 \
	tests/fuzz/corpus/events/2fae624c7baab81de60192496a0257ad8e31195b \
	tests/fuzz/corpus/events/305300da23fd8c39c9332162d8a489c609a62f42 \
	tests/fuzz/corpus/events/3068d613f7a9492344c3553016ad408fa9fc3ce7 \
	tests/fuzz/corpus/events/32c1543929462b5f1a03f6271864dbcebf7c5b3e \
	tests/fuzz/corpus/events/33491f2cdfcf8a6120c3c328bc7fa36f975a4f41 \
	tests/fuzz/corpus/events/33f18fc57160024f83647156336e6ef4988771cc \
	tests/fuzz/corpus/events/34e1bf141151496936afaf0b44f160814d1647b3 \
	tests/fuzz/corpus/events/353eb3990443a9228d4afddf8d5f1001ad4fd740 \
	tests/fuzz/corpus/events/369de8d806103beb20e94f6d7eeea9e3052bf9c1 \
	tests/fuzz/corpus/events/3b129d0cc77f585a793b0eb8742cd04fb47f43c7 \
	tests/fuzz/corpus/events/3b88ee6311c670049ccdaced7e27b4ed59016b00 \
	tests/fuzz/corpus/events/3d05b1198c0bbaf46132cc1b0a3a80cea459f9a5 \
	tests/fuzz/corpus/events/3e03f1c1063cb0870fe3e01cdfe56c93aeb42d11 \
	tests/fuzz/corpus/events/3edc6439fa6a57f780651cbb167c4e7fc1c7a6a2 \
	tests/fuzz/corpus/events/3ee1ae35fd71787a4062f0dddfa6b0a1431a88db \
	tests/fuzz/corpus/events/3f819e5b9b78b093426674781afc35c3da3ce633 \
	tests/fuzz/corpus/events/40144060ff09120468dc2ba332b40c2ba912d02b \
	tests/fuzz/corpus/events/407f1768228bfb7a5a7a6824d1fc76749cd650b0 \
	tests/fuzz/corpus/events/44bb74ff04d537f6cb6493729e80a63d7b242b1f \
	tests/fuzz/corpus/events/44fd74e4b0c02c28061d727e34772b41722a956e \
	tests/fuzz/corpus/events/458a5ff4d53fc4011ac498cadbfc96905a09e44a \
	tests/fuzz/corpus/events/4603eb60a7a9157669d02589139c5f626c991475 \
	tests/fuzz/corpus/events/47b1352b3c2db859947516262f81636b40222849 \
	tests/fuzz/corpus/events/49e49829c5e6cd74254b8e908d60d2079ae228f7 \
	tests/fuzz/corpus/events/4a3c8bbbf132a2f219bd4ed52f826aa2c4c56adf \
	tests/fuzz/corpus/events/4ae698ffc8d3e6a39a32561f2345c489ed330325 \
	tests/fuzz/corpus/events/4c73aecd86aac3efec384740e87bfeb382341465 \
	tests/fuzz/corpus/events/4dc4571f8bf056f0d3be6e3c68a1125fe86824ba \
	tests/fuzz/corpus/events/4dfb95cb3aaf4d064467d800d61146933058eb18 \
	tests/fuzz/corpus/events/4eb6e22c824c9e05606a163586eb368933cf34a2 \
	tests/fuzz/corpus/events/4ffa2c5c8f27aeebc50ab996d927ad640f2cb510 \
	tests/fuzz/corpus/events/510f2137e663e41258778744a3fa53f95aeb2320 \
	tests/fuzz/corpus/events/552ee7fa4dc5e818748ae95b7dc50fbc0bbde26e \
	tests/fuzz/corpus/events/5e0b74402b24b60f3068b594ab037f6efc7722b2 \
	tests/fuzz/corpus/events/5e5d6805b69cc2b69e672b713b2ee1e70d71c1a9 \
	tests/fuzz/corpus/events/61cc1e610b1e5459e68767fdff5b17e549309f1f \
	tests/fuzz/corpus/events/669bb86d310671ab41d03aac296b9b106c874b80 \
	tests/fuzz/corpus/events/6758215cd2d6e84b9d49211166d7745235b4052a \
	tests/fuzz/corpus/events/6a618788b63602f1c7093d270d65ca029711efd0 \
	tests/fuzz/corpus/events/6b269194744118d2f896706cc3feb84c86131a62 \
	tests/fuzz/corpus/events/6c615b5289b0575d212eee59236ee31858e1a4b2 \
	tests/fuzz/corpus/events/6cf643f709b1405390aa0945190216a8d5b9f553 \
	tests/fuzz/corpus/events/6f5bbe0339cc733ed549968b741e25464f666c96 \
	tests/fuzz/corpus/events/73b8ee5bcbc8c95d335ec63bffb6feec4d74a05d \
	tests/fuzz/corpus/events/75476c4413fc4ed8be354c12faecb05c1ac2103b \
	tests/fuzz/corpus/events/7a407ab00ccef0db632b619d7af17ad17c9b3d7b \
	tests/fuzz/corpus/events/8126d3dfcc709cd1a956a135a30d038c33d26e84 \
	tests/fuzz/corpus/events/82115115cb7458d3c674201a8868cc1fb4a77630 \
	tests/fuzz/corpus/events/82bfcf879cf06331cc06ed1b000cde7a171fb85c \
	tests/fuzz/corpus/events/83084bb5a9a1016491e89ee8f6f4db1c5f96b823 \
	tests/fuzz/corpus/events/83f95e5a433182c6274e561d59acec7f4e544a7b \
	tests/fuzz/corpus/events/871d0c74911a9813b505a6bede57eaa5f7c3851d \
	tests/fuzz/corpus/events/891063459ef45bfba1cf3e11e0d8a6077259e5f2 \
	tests/fuzz/corpus/events/89fc963305000867db175743869596972e2f3895 \
	tests/fuzz/corpus/events/8a4edcaa24ea155d8af43195d31e1b21c3be5fd6 \
	tests/fuzz/corpus/events/8df9df93912b81a97929bacfb763738067f788f0 \
	tests/fuzz/corpus/events/92466d0bbcbda1ce09b833edd3b1cde3b2bc0d2d \
	tests/fuzz/corpus/events/93a9a553f29464e7a547d125e41a2e415bebefc9 \
	tests/fuzz/corpus/events/955bdb3d0acbdb46f23317353b90b925d6611807 \
	tests/fuzz/corpus/events/958b6b1348ad0f1b89640b231ede36542112abc3 \
	tests/fuzz/corpus/events/95c37cd093ab15229866fdb5bf2d091016e0fcdc \
	tests/fuzz/corpus/events/976b92bf609b24c13e164bcfe68900571edd6323 \
	tests/fuzz/corpus/events/989fac91c9c66d103884b47cb0e725337b9ba8fa \
	tests/fuzz/corpus/events/9aa1b1dbbe5b911acf00d05786da8c5d4983b8fc \
	tests/fuzz/corpus/events/9bb26383648cbaf32a8bfd705da5bab2f32dedea \
	tests/fuzz/corpus/events/9bde7271c510d2992dec262df45952a088e627a4 \
	tests/fuzz/corpus/events/9c8589f893f01d1686ed0f7522331c5f722a8863 \
	tests/fuzz/corpus/events/9d98e83a2e7e2ab4ecfe30eba2cf8a285808f63c \
	tests/fuzz/corpus/events/9e764e75132b48f9929da8d7ab4ae69300633907 \
	tests/fuzz/corpus/events/9eb11e9725512f5f90be8f6667a413d888ff8bec \
	tests/fuzz/corpus/events/a162135579fa09ae446d2d2ffeee15ddaa382990 \
	tests/fuzz/corpus/events/a40d99a5c69a097d06eb27a750bcbcff3b468c55 \
	tests/fuzz/corpus/events/a772811218ae69ac00171512e89b9f40c6cc4641 \
	tests/fuzz/corpus/events/a785cf7571cfe3f2f88f30ce800c74829c188e88 \
	tests/fuzz/corpus/events/a7d3186b9dbdbfbf783144415b572fdf29b3b6b5 \
	tests/fuzz/corpus/events/a84b50970d5790d40a34c7f33950a6996b1bb51c \
	tests/fuzz/corpus/events/ab3b3d5d0b1858efcf0e79c3c35f326c9ab1c9a9 \
	tests/fuzz/corpus/events/abandon-us-spring \
	tests/fuzz/corpus/events/ac0e5c7cc0b99cd3f334381c1e1302bbaf9970db \
	tests/fuzz/corpus/events/af41abc3738ad58947a2e7c12ad6993dca79c167 \
	tests/fuzz/corpus/events/agent-states-lord-howe-calendar \
	tests/fuzz/corpus/events/b210eeb8e0aadee58275689d878aa576a94c2551 \
	tests/fuzz/corpus/events/b3753332647c07cb0b494059577429e00711be7b \
	tests/fuzz/corpus/events/b38058f75e030b3716d17ec89a178524810e7787 \
	tests/fuzz/corpus/events/b555c8c1e19b49b77afc8ddfa7c848624d4b10fb \
	tests/fuzz/corpus/events/b5814d4f7f607092ca82b50204a85c0279fd1777 \
	tests/fuzz/corpus/events/b703fae5f723af7bc82f1dceef3906007bad178d \
	tests/fuzz/corpus/events/bc38c03a78041b531e55474e45add56419509ad7 \
	tests/fuzz/corpus/events/bc9e13bbd87e45d66c7a379a956d11d38744de1b \
	tests/fuzz/corpus/events/be937adc1cb027f1aad270aea4a9b0d094c749df \
	tests/fuzz/corpus/events/c1f211f9b2dec513d8a06823d47019b477577ada \
	tests/fuzz/corpus/events/c293823a12aca6689af35edae08a8f671d86dd36 \
	tests/fuzz/corpus/events/c3abcf55986817e88d9feb187f665572d1f112d1 \
	tests/fuzz/corpus/events/c58aefb9ade130dc05bc77a42a949df28859faeb \
	tests/fuzz/corpus/events/c676bbdb94d07baed6d21fe70a7ebbd65ab2e09c \
	tests/fuzz/corpus/events/c69522c9798967a5b9ad5a2676b74a0d2dd1242e \
	tests/fuzz/corpus/events/c9a85fa75de1a85f5d96c026f62d0c4949d3e54a \
	tests/fuzz/corpus/events/cb8e7158954ab45de1810714d24cf6a7650c36ba \
	tests/fuzz/corpus/events/ccdcac935d188d4db620aee735f85257b4eb4b58 \
	tests/fuzz/corpus/events/ceeff1900b14df13eb824a76e8c541b052edb4a5 \
	tests/fuzz/corpus/events/cf7c25704df12e6248c2c0b64e49167c0c38412a \
	tests/fuzz/corpus/events/chat-transfer-eu-fallback \
	tests/fuzz/corpus/events/d29fbfdd43f9e39e242c11a3810137180ce81384 \
	tests/fuzz/corpus/events/d35ea7985885352e349b596b680c52d82c5b22b4 \
	tests/fuzz/corpus/events/d48bbc944844542de20fc4ededbf96c5909dc9fb \
	tests/fuzz/corpus/events/d5745494f3caa6d3bdc489be61c12e0a1eda1034 \
	tests/fuzz/corpus/events/d8a0eac0841b7ff167254e68dd43360dcc880634 \
	tests/fuzz/corpus/events/d943983a08ac7c9c5d08500132d728f206692b4b \
	tests/fuzz/corpus/events/dd5464eb617e78664909d34c9a072b0e05120755 \
	tests/fuzz/corpus/events/def92b97696b6a0150ed4819683161b492ed94ca \
	tests/fuzz/corpus/events/e038dffddcc70d26981fe8e557605d36080ed4ce \
	tests/fuzz/corpus/events/e10b8c1bab45263bf0dbedadd0edfc065d675a6d \
	tests/fuzz/corpus/events/e2391d3b4d0e001aaf5c7f4766e3dd571ba54a90 \
	tests/fuzz/corpus/events/e545af7f8408cb1968fa3c78903bbb35c96b310a \
	tests/fuzz/corpus/events/e6a2b3ffe4880274371e1efff0b62975456e4dd6 \
	tests/fuzz/corpus/events/e7b2e3e005bac67ef86eaad3b67dbba19f9a1b3f \
	tests/fuzz/corpus/events/eb08e4728c15aa4586c81e2b4e423fb5e1426614 \
	tests/fuzz/corpus/events/ecf03dd4909e6f4d35d4a020fdcc790f32fa2f54 \
	tests/fuzz/corpus/events/efb74522f994506b9b81aba327a1ae0545935cfc \
	tests/fuzz/corpus/events/everything \
	tests/fuzz/corpus/events/f1d9631b8b68ccac7c1fbf34615a0a79259359fd \
	tests/fuzz/corpus/events/f46c37ae2a68140c9c7b21a0a9d22807d2e4a07b \
	tests/fuzz/corpus/events/f4acaed0be327af304984fc5e62c6a7a56aace35 \
	tests/fuzz/corpus/events/f54d4a357945c32b2fc5a43e444c911c6712cb86 \
	tests/fuzz/corpus/events/f6c1ae8fb6c6bcede0b8975d6e9be75022062a41 \
	tests/fuzz/corpus/events/f8454602242e052475b4ce8ce6cdbd97d2e77fbb \
	tests/fuzz/corpus/events/f9e145b28e992471f632ced9e14d2f47ae98e8cb \
	tests/fuzz/corpus/events/fddbed1ef4d2fb532092f8df6863257674435d4b \
	tests/fuzz/corpus/events/fe6c663e73c6818b64c3c9bb6b2d98121a008c50 \
	tests/fuzz/corpus/events/ff598960f56c2ab2bce8346d3b4fc5a4b96fe011 \
	tests/fuzz/corpus/events/ffb36a224b4d082f72b38bfbad7f4e14579394f2 \
	tests/fuzz/corpus/events/lateness-ids \
	tests/fuzz/corpus/events/ledger-surveys-short-timers \
	tests/fuzz/corpus/events/outbound-blocked-flowout-us-fallback \
	tests/fuzz/corpus/events/regress-held-id-remembered \
	tests/fuzz/corpus/events/regress-huge-advance \
	tests/fuzz/corpus/events/regress-ripe-refused-id-evicts \
	tests/fuzz/corpus/events/small-capacity-dedup \
	tests/fuzz/corpus/events/spoiled-fields \
	tests/fuzz/corpus/events/voice-call \
	tests/fuzz/corpus/snapshot/032e938faa0e3a3b88ce251586ddebb541872d63 \
	tests/fuzz/corpus/snapshot/070c3b0f81bbabc329098d5ace32779b9f7aab47 \
	tests/fuzz/corpus/snapshot/0730f4bfc6e9b85f1d322d4877e9e5aacc0216d9 \
	tests/fuzz/corpus/snapshot/0874fc1289b7f7a3d65b6fc54619e5b5a3989be1 \
	tests/fuzz/corpus/snapshot/0882947a15ab29e727072fe58d799bec3768a0a4 \
	tests/fuzz/corpus/snapshot/09f4c5dc959c26f73bb1e4f217f40e3246173d9c \
	tests/fuzz/corpus/snapshot/0b89d85ccc119c2e6e29a04d267575e4a7fc0c6f \
	tests/fuzz/corpus/snapshot/0bf4287ab6bb33eaf8fe4d040cb9128e00a19b4a \
	tests/fuzz/corpus/snapshot/0c4e8d46f1669e7aec0344f083abb9234b680e53 \
	tests/fuzz/corpus/snapshot/115282fcecb7b4f9b13565bf520705a4c492f69d \
	tests/fuzz/corpus/snapshot/1399f72e12229c35372b98b44923dcec59302eef \
	tests/fuzz/corpus/snapshot/1ac3d6db7a0ca30bacd83501adc04ae4559e8f0c \
	tests/fuzz/corpus/snapshot/1e1d2f9304fd016518e91e9cdbdfb73ea1d8e0fc \
	tests/fuzz/corpus/snapshot/1f1986a3a77a74597220fa674fd1770093337eee \
	tests/fuzz/corpus/snapshot/1f8e9565a563dfafc2587fb42501db899f581e5b \
	tests/fuzz/corpus/snapshot/2098936509726515cfaaae00fc819eaadc63bcf8 \
	tests/fuzz/corpus/snapshot/23502ab92278055fe19a6bbb074347561b0ab1d0 \
	tests/fuzz/corpus/snapshot/2375e0d4439771296d1cc8c5f8f3bd858c6bbc08 \
	tests/fuzz/corpus/snapshot/24ef3ad71a61c4fd4296a8f3de038462c7e3f052 \
	tests/fuzz/corpus/snapshot/2b03c7f14c693b9f1d39245074cc138ad020b767 \
	tests/fuzz/corpus/snapshot/2be013d2a7aa8937213533981fd8c2e12a3dd5e8 \
	tests/fuzz/corpus/snapshot/2dab436d4f525d93dba03815337e074fa499022b \
	tests/fuzz/corpus/snapshot/31a2dad191b992bd0b7d2c58acd61d356fb4a696 \
	tests/fuzz/corpus/snapshot/36f1e537f8dab48ace4e53e5da3d421264c4b139 \
	tests/fuzz/corpus/snapshot/37339083bd084cc9f3aba2a20453d8cd736ea336 \
	tests/fuzz/corpus/snapshot/37af2f97799580dc65dca41977c2820fb4eceecc \
	tests/fuzz/corpus/snapshot/390bdea06738921c0a6f4b507b2f34726439f932 \
	tests/fuzz/corpus/snapshot/393c1676865d1837a94634278a88977964b7228e \
	tests/fuzz/corpus/snapshot/39a1b991d1c75b11511c0282c5ed751eec9ce88f \
	tests/fuzz/corpus/snapshot/3a3ecfb166d96c229c88153b6dffb43b459f227b \
	tests/fuzz/corpus/snapshot/3ce1cf8917ad176628239b7e27868e4d537100a6 \
	tests/fuzz/corpus/snapshot/3d6906b9e00b524a32bd46fb0bd67138ce4069ea \
	tests/fuzz/corpus/snapshot/3d82f3b3771aeb7b6b1e2c5889d2935e617f782c \
	tests/fuzz/corpus/snapshot/3e4597de5e8e217d158ed373321e6b45710267c5 \
	tests/fuzz/corpus/snapshot/3f76a18dfb726236d802307eb31882722b38c33a \
	tests/fuzz/corpus/snapshot/3fcdd1147e90202a0d7c7840d1f52a4594cd45de \
	tests/fuzz/corpus/snapshot/41a8016f621e0be56c6d44cded1457f1df1657ab \
	tests/fuzz/corpus/snapshot/42342a38101e1955d74617fe8fc73e52f242b032 \
	tests/fuzz/corpus/snapshot/44b192f720867a4bbc681c783ced2ae06ebb2cb8 \
	tests/fuzz/corpus/snapshot/45a01e242a883e5d007f97722831fe7ca29b8e99 \
	tests/fuzz/corpus/snapshot/46cc96ed9780fcff9e8e6071bfc137c0bd9f2a6d \
	tests/fuzz/corpus/snapshot/4817f111d37580fffb9bd6721cf7243cf50cf5c9 \
	tests/fuzz/corpus/snapshot/4c269c06f02e7909506496304e03d7261c43f4d9 \
	tests/fuzz/corpus/snapshot/4f19ef24226fbc027233395be25b422731197c0b \
	tests/fuzz/corpus/snapshot/4f6641640ed229c606af9e14b2cb75891fd6f8bf \
	tests/fuzz/corpus/snapshot/51b3d4b8d81a572cf821ef5bbb27f51e424caf25 \
	tests/fuzz/corpus/snapshot/548c5c2ee15e780ae7f3fbb46ca2ae7cea78d812 \
	tests/fuzz/corpus/snapshot/5493d8734fbc2b435fa2cd823a50fdfed1d2af65 \
	tests/fuzz/corpus/snapshot/5620794e8ed167e644a5cd3d39f09397827584b7 \
	tests/fuzz/corpus/snapshot/5d5cc44612871aeac2b85d3316b47bf298cfd31e \
	tests/fuzz/corpus/snapshot/5e1fa73e2427663b575937cdc068af2dd7961284 \
	tests/fuzz/corpus/snapshot/62f973f261587839118866a4ecef24ba38946647 \
	tests/fuzz/corpus/snapshot/669245f1623ff3c5642311a399c59589fb5bae49 \
	tests/fuzz/corpus/snapshot/674bd224942fa856be20b146c0a560fcea17a349 \
	tests/fuzz/corpus/snapshot/67eecdaaf51cc2056f0a78637807a7cdea63185c \
	tests/fuzz/corpus/snapshot/683cb0a1171e62ea69855c2ff9df58ea56e72b9f \
	tests/fuzz/corpus/snapshot/6890ea6f87b7f28a4eb76542d697eb3c86e806c4 \
	tests/fuzz/corpus/snapshot/6a731ce5f7edc402eea12e50171ac5a62c67a679 \
	tests/fuzz/corpus/snapshot/6afc48d29d3590a9123b8b2fd98b34200146ab38 \
	tests/fuzz/corpus/snapshot/719a893f0427d6406f76926bbfb3e523197d5d91 \
	tests/fuzz/corpus/snapshot/772f4b91cea60b0a11a8cf5bb60f9f3e13eff777 \
	tests/fuzz/corpus/snapshot/775293bb545928e29cc54d3212dc24ce9158375f \
	tests/fuzz/corpus/snapshot/7932508464adccc13eb21b24ae94f5936a086c49 \
	tests/fuzz/corpus/snapshot/79d08874ad9c80ee524a10b2314d5632594a0578 \
	tests/fuzz/corpus/snapshot/7a792aa0adb7c1dc50f5da26726b86c6004051fc \
	tests/fuzz/corpus/snapshot/7c28e028a88421ee2790d5df61ab64eb94472f17 \
	tests/fuzz/corpus/snapshot/7de35daa4b741e13de4f8dda71300986f9ea2531 \
	tests/fuzz/corpus/snapshot/7e9057c3accea33367d658cec98ff001adb35a74 \
	tests/fuzz/corpus/snapshot/7eed8645a931a90c34cb7876e7f8f5bc8ee287e3 \
	tests/fuzz/corpus/snapshot/805e28af2f4cfeaf447ee801b6033e13fb401d2c \
	tests/fuzz/corpus/snapshot/814e9eb3757e61fcdc948c376415d2e365310bab \
	tests/fuzz/corpus/snapshot/81e0e07381ec1adf5edfdde69a20b862677609df \
	tests/fuzz/corpus/snapshot/834b2efd177793167753de9617a0ceca447faa02 \
	tests/fuzz/corpus/snapshot/834b350826092a900e0c1709dafc4aa25f92b06a \
	tests/fuzz/corpus/snapshot/84ec49a9514ef3fbe727b40b2487af26221ff597 \
	tests/fuzz/corpus/snapshot/8830805e37046c1f3a8b6171585512ee231385d9 \
	tests/fuzz/corpus/snapshot/89280365b3d445669513e2c6b4c8f513ca76371d \
	tests/fuzz/corpus/snapshot/8a5cdda35e5543966141d7362181273eb640845c \
	tests/fuzz/corpus/snapshot/8ccb89b6a69ed4cefaa2e33a5d32bd7b5e1cd24c \
	tests/fuzz/corpus/snapshot/93f2683662bf41b68a15fb5b6b3bea2939a3c66f \
	tests/fuzz/corpus/snapshot/95f3b90d6c9d6218f8b833d28f29187d8ba098b5 \
	tests/fuzz/corpus/snapshot/96e09288e738a1af739180a070e733a652de45f4 \
	tests/fuzz/corpus/snapshot/98101f1504f0545abbbce8bf176aa43e1af085c2 \
	tests/fuzz/corpus/snapshot/9c1764c04dc12e871abfd71db9fc33eb47f2d218 \
	tests/fuzz/corpus/snapshot/9cd8e29ebe10bfd93b0d1de4785e93136a065fe4 \
	tests/fuzz/corpus/snapshot/9ee415effd07344810a443136d6b03942d24028e \
	tests/fuzz/corpus/snapshot/9fe1c5bb2cecae71f814cc1311f0195d76c715a2 \
	tests/fuzz/corpus/snapshot/a2ebbd2e67d3ba1def617b37a38672707bfa65dc \
	tests/fuzz/corpus/snapshot/a402f1a1ad7916ee39e4c67ac1c739686ce87dfd \
	tests/fuzz/corpus/snapshot/af5eff9a5fac7e0cc23c59dd1c78f2aee7891b2c \
	tests/fuzz/corpus/snapshot/b20103d862ffb06718bceba01532a0e0f93efb67 \
	tests/fuzz/corpus/snapshot/b26124c6f2b76db8fdd6e7a3d94aa52231869e18 \
	tests/fuzz/corpus/snapshot/ba15a4a3bdd7ed655dfd1d46a2cb55ea098313c1 \
	tests/fuzz/corpus/snapshot/bf594fd2a20dc6051722cc674e1183c23fcc0aa9 \
	tests/fuzz/corpus/snapshot/c086deeef837dd620afb9edd081c4bfad15283ed \
	tests/fuzz/corpus/snapshot/c32832cfa48d56a15efe72f3f9bd952c5c8a8fa1 \
	tests/fuzz/corpus/snapshot/c48d2198b7afac3c99f8044359879b67901c19bf \
	tests/fuzz/corpus/snapshot/c67f7215f0f83e3a64eb9550652b767b7727b062 \
	tests/fuzz/corpus/snapshot/c79df89793565364a719d38eef869ea8704f4e6a \
	tests/fuzz/corpus/snapshot/c960dc96a9a456ad4186aeff956f7cbf3936e68f \
	tests/fuzz/corpus/snapshot/ccb07958f2d5963b571dbf3d47a5916fe2ecdc08 \
	tests/fuzz/corpus/snapshot/ccf9d61ad710d54bd9d48098f9c4bfbb744021ec \
	tests/fuzz/corpus/snapshot/cdbe701be5e3c77ddeb6a6954265b2c133eecc73 \
	tests/fuzz/corpus/snapshot/d256995dcf943cbd6b1a70ba0772d1c03378f1ba \
	tests/fuzz/corpus/snapshot/d6351dad2221af977a4aa9e5d7facb96a3f6b5ad \
	tests/fuzz/corpus/snapshot/d6a36f3f01a15b9696bcb16aaa1452ac955fa552 \
	tests/fuzz/corpus/snapshot/d6c79baed8a83e36025a882e50a55b6fbde71666 \
	tests/fuzz/corpus/snapshot/da3d781b4a46a1c22426edb68ce888f33787b6a1 \
	tests/fuzz/corpus/snapshot/dbf74f770d9fdcb3eb6c3e4558938b13320dd00a \
	tests/fuzz/corpus/snapshot/dfb97a585f3fc7a99560acb9be9aa1c4826d7f5a \
	tests/fuzz/corpus/snapshot/e0120b5ad053d0020020946fd59b31d36d906bf1 \
	tests/fuzz/corpus/snapshot/e0725fd3665092998ddbac7e69b81fb503d01c72 \
	tests/fuzz/corpus/snapshot/e3aa558fedbce10a590fb1853b7734c046157e3e \
	tests/fuzz/corpus/snapshot/e46c6afd921c229424e7181cb53133001ca625f9 \
	tests/fuzz/corpus/snapshot/e4d05e96c3d7906eef7bd779dfba3a64c0bcdf32 \
	tests/fuzz/corpus/snapshot/e4e560de943960aeca1d16b97165e62a3bd7f803 \
	tests/fuzz/corpus/snapshot/e521e9d0920874b05cbd7bbc4db2c509f58c9be3 \
	tests/fuzz/corpus/snapshot/e55738a1d6d55b6354da9c1285b8b2f7915acf27 \
	tests/fuzz/corpus/snapshot/e6b03b493292d85e2333424d6a3bf71da04f8849 \
	tests/fuzz/corpus/snapshot/ecb2a341e9398f315468de8b42b9dfd137c79958 \
	tests/fuzz/corpus/snapshot/ede024035a21f1e0aa22426a1e9e6024cc498e6d \
	tests/fuzz/corpus/snapshot/ef3fb1e48378cc93ec17255b1838d04720c09ce8 \
	tests/fuzz/corpus/snapshot/f07f2d94dec33e19edf0a16ecf0e53edf4aa90d3 \
	tests/fuzz/corpus/snapshot/f33e51cda6c28abe96f2702ad69fd40566fba6d5 \
	tests/fuzz/corpus/snapshot/f42ba725ebdec80d4f2996dcad95eaaff8af897c \
	tests/fuzz/corpus/snapshot/f4bc794505dcee145db9e2e6209a48770b708bc2 \
	tests/fuzz/corpus/snapshot/f5bf26c535324685c9d7bf585246787968e21ab7 \
	tests/fuzz/corpus/snapshot/f6219f26d5b3e1dc8a236380ed2b90364a47a560 \
	tests/fuzz/corpus/snapshot/f7453bde559ea30defafbf77a1af8fd80c62d60a \
	tests/fuzz/corpus/snapshot/f80e76a7b067e52c8b4bfa254ea4417aef5babff \
	tests/fuzz/corpus/snapshot/f91ca80cbc1063a31a63cd340a0a3788dffaad95 \
	tests/fuzz/corpus/snapshot/fb69422a5d2b9f28e37b263e9958025b498c1249 \
	tests/fuzz/corpus/snapshot/fd1ea692088d70c4a7df6e47669e11b94464f3ca \
	tests/fuzz/corpus/snapshot/fe55771fd58bb5fcbcb349c25690b8f5d8cae9f7 \
	tests/fuzz/corpus/snapshot/gen0 \
	tests/fuzz/corpus/snapshot/gen1 \
	tests/fuzz/corpus/snapshot/gen2 \
	tests/fuzz/corpus/snapshot/gen3 \
	tests/fuzz/corpus/snapshot/gen4 \
	tests/fuzz/corpus/snapshot/gen5 \
	tests/fuzz/corpus/snapshot/snap-082c14ef-3130 \
	tests/fuzz/corpus/snapshot/snap-697bb06f-3252 \
	tests/fuzz/corpus/snapshot/snap-8b5a1ff0-8488 \
	tests/fuzz/corpus/snapshot/snap-e9079ce8-15084 \
	tests/fuzz/corpus/snapshot/snap-f4acb134-16975 \
	tests/fuzz/corpus/snapshot/snap-fcb15238-12683
# END CORPUS LIST
