/* hash.h: the hash functions of the engine's open-addressing tables. */
#ifndef CCM_HASH_H
#define CCM_HASH_H

#include <stddef.h>
#include <stdint.h>

/* FNV-1a over bytes: dictionary strings are short and interned once. */
static inline uint32_t ccm_hash_bytes(const char *s, size_t len) {
  uint32_t h = 2166136261u;
  size_t i;
  for (i = 0; i < len; i++) {
    h ^= (unsigned char)s[i];
    h *= 16777619u;
  }
  return h;
}

/* A 64-bit finaliser (splitmix64's): host keys may be sequential. */
static inline uint64_t ccm_hash_u64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

/* Combining step for cell keys. */
static inline uint64_t ccm_hash_mix(uint64_t h, uint64_t v) {
  return (h ^ v) * 0x9E3779B97F4A7C15ULL;
}

#endif
