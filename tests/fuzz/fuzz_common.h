/*
 * fuzz_common.h - what every fuzz harness of libccmetrics shares.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 *
 * A harness defines LLVMFuzzerTestOneInput().  Built with clang
 * -fsanitize=fuzzer it is a libFuzzer target ('make fuzz'); linked with
 * replay.c it is a plain program that runs the committed corpus ('make
 * check').  A broken invariant prints what broke and aborts, which libFuzzer
 * reports as a crash and the replay as a failed test.
 */
#ifndef CCM_FUZZ_COMMON_H
#define CCM_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#if defined(__GNUC__)
#define FUZZ_NORETURN __attribute__((noreturn))
#define FUZZ_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define FUZZ_NORETURN
#define FUZZ_PRINTF(f, a)
#endif

/* Print "file:line: invariant broken: cond: message" and abort. */
FUZZ_NORETURN void fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...) FUZZ_PRINTF(4, 5);

/* Assert an invariant (the message is a printf format and its arguments). */
#define FUZZ_CHECK(cond_, ...)                                    \
  do {                                                            \
    if (!(cond_)) fuzz_fail(__FILE__, __LINE__, #cond_, __VA_ARGS__); \
  } while (0)

#endif
