# examples/gen.mk: ccm-gen, the deterministic synthetic event generator.
# Included by the top-level Makefile.am, which sets bin_PROGRAMS, TESTS,
# dist_man1_MANS and EXTRA_DIST with '=' before the includes.
# ccm-gen uses only the C standard library (no libccmetrics).

bin_PROGRAMS += examples/ccm-gen
examples_ccm_gen_SOURCES = examples/ccm-gen.c

dist_man1_MANS += man/ccm-gen.1

# The bundled sample; its generating command is its second line.
EXTRA_DIST += examples/sample.csv

# Determinism, format and validity of the output (needs python3 for the
# replay of the engine's rules; that part is skipped without it).
TESTS += tests/test-gen.sh
EXTRA_DIST += tests/test-gen.sh
