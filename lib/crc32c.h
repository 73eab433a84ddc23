/*
 * crc32c.h - CRC-32C (Castagnoli), the checksum of snapshots (crc32c.c).
 */
#ifndef CCM_CRC32C_H
#define CCM_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/* The CRC-32C of data, continuing from crc (0 to start): reflected
 * polynomial 0x82F63B78, initial value and final xor 0xFFFFFFFF, so
 * ccm_crc32c(0, "123456789", 9) == 0xE3069283 and
 * ccm_crc32c(ccm_crc32c(0, a, n), b, m) is the CRC of a followed by b. */
uint32_t ccm_crc32c(uint32_t crc, const void *data, size_t len);

#endif
