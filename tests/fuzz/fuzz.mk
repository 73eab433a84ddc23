# tests/fuzz/fuzz.mk - fuzz harnesses (being written).
