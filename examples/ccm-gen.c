/*
 * ccm-gen - deterministic synthetic contact-center events.
 *
 * Writes the canonical event CSV of EVENTS.md: a discrete-event simulation
 * of a contact center (Poisson arrivals with a daily and weekly profile,
 * skill queues, agents in teams with skills and shifts, customer patience,
 * offers and ring-no-answer, talk, hold, transfers, after-contact work,
 * chats and emails with message turns, tags, dispositions, resolution,
 * reopen, outbound campaigns and callbacks), and unless --contacts-only
 * what follows from them: surveys and QA evaluations, each agent's states
 * (with breaks that keep the agent from taking work), costs and the
 * customer ledger. --contacts-only gives the bytes of the versions before
 * those families: they use their own random streams and, without it,
 * nothing of them touches the simulation but the breaks and the rota (shifts
 * planned from the expected load, agents logged in only during them).
 *
 * Every random draw comes from a xoshiro256** generator seeded with
 * splitmix64 and every computation is integer arithmetic (the logarithm and
 * exponential are fixed-point table lookups), so a seed gives the same bytes
 * on every platform and compiler.
 *
 * Uses only the C standard library.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0.1.0"
#endif

#define SEC 1000LL
#define MIN (60 * SEC)
#define HOUR (60 * MIN)
#define DAY_MS (24 * HOUR)
#define SLOT_MS (15 * MIN)
#define SLOTS_PER_DAY 96

#define MAX_AGENTS 10000
#define MAX_SKILLS 32
#define MAX_TEAMS 1000
#define MAX_DAYS 3660
#define MAX_CPD 10000000LL

/* ------------------------------------------------------------------------ */
/* Random numbers: splitmix64 seeding a xoshiro256** state.                  */

typedef struct rng {
  uint64_t s[4];
} rng;

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

static void rng_seed(rng *r, uint64_t seed, uint64_t stream) {
  uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ULL);
  for (int i = 0; i < 4; i++)
    r->s[i] = splitmix64(&x);
}

static uint64_t rotl64(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t rng_next(rng *r) {
  uint64_t *s = r->s;
  uint64_t out = rotl64(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl64(s[3], 45);
  return out;
}

/* Uniform integer in [0, n), n < 2^32. */
static uint32_t below(rng *r, uint32_t n) { return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32); }

/* Uniform integer in [lo, hi]. */
static int64_t urange(rng *r, int64_t lo, int64_t hi) {
  if (hi <= lo)
    return lo;
  return lo + (int64_t)below(r, (uint32_t)(hi - lo + 1));
}

/* True with probability ppm / 1e6. */
static int chance(rng *r, uint32_t ppm) { return below(r, 1000000) < ppm; }

/* ------------------------------------------------------------------------ */
/* Fixed-point arithmetic (Q20: 1.0 = 2^20).                                 */

#define Q20ONE (1LL << 20)
/* A constant given in thousandths, as Q20. */
#define Q20K(x1000) ((int64_t)(x1000) * Q20ONE / 1000)

/* ln(1 + i/256) * 2^30 rounded, i = 0..256 (computed once with Python:
 * round(math.log(1 + i / 256) * 2**30)). */
static const int32_t LN_TAB[257] = {
  0, 4186133, 8356010, 12509755, 16647494, 20769348, 24875440, 28965890, 33040817, 37100337,
  41144567, 45173622, 49187615, 53186658, 57170862, 61140337, 65095192, 69035533, 72961468,
  76873100, 80770534, 84653872, 88523216, 92378666, 96220323, 100048283, 103862646, 107663506,
  111450959, 115225099, 118986020, 122733814, 126468572, 130190384, 133899340, 137595529,
  141279038, 144949954, 148608363, 152254349, 155887996, 159509388, 163118608, 166715736,
  170300854, 173874042, 177435378, 180984941, 184522808, 188049057, 191563764, 195067003,
  198558849, 202039377, 205508659, 208966767, 212413774, 215849751, 219274768, 222688894,
  226092199, 229484751, 232866618, 236237867, 239598564, 242948775, 246288566, 249618000,
  252937143, 256246057, 259544806, 262833451, 266112055, 269380678, 272639381, 275888224,
  279127266, 282356568, 285576186, 288786179, 291986604, 295177518, 298358977, 301531038,
  304693756, 307847185, 310991380, 314126395, 317252283, 320369097, 323476891, 326575715,
  329665621, 332746662, 335818887, 338882346, 341937090, 344983168, 348020629, 351049522,
  354069895, 357081796, 360085271, 363080369, 366067135, 369045617, 372015859, 374977907,
  377931807, 380877602, 383815338, 386745058, 389666807, 392580626, 395486560, 398384650,
  401274940, 404157470, 407032282, 409899418, 412758919, 415610824, 418455175, 421292011,
  424121372, 426943297, 429757825, 432564995, 435364845, 438157413, 440942737, 443720854,
  446491803, 449255618, 452012338, 454761999, 457504636, 460240285, 462968983, 465690763,
  468405662, 471113713, 473814952, 476509412, 479197128, 481878132, 484552460, 487220142,
  489881214, 492535707, 495183654, 497825086, 500460037, 503088537, 505710618, 508326312,
  510935650, 513538662, 516135378, 518725830, 521310048, 523888061, 526459898, 529025591,
  531585167, 534138657, 536686088, 539227490, 541762891, 544292320, 546815803, 549333370,
  551845048, 554350865, 556850847, 559345022, 561833416, 564316057, 566792972, 569264185,
  571729724, 574189615, 576643883, 579092554, 581535654, 583973207, 586405240, 588831776,
  591252841, 593668459, 596078655, 598483453, 600882877, 603276951, 605665699, 608049145,
  610427311, 612800223, 615167901, 617530370, 619887653, 622239772, 624586750, 626928608,
  629265371, 631597058, 633923694, 636245299, 638561895, 640873503, 643180146, 645481844,
  647778619, 650070492, 652357483, 654639613, 656916903, 659189373, 661457044, 663719936,
  665978069, 668231463, 670480138, 672724113, 674963409, 677198044, 679428038, 681653410,
  683874180, 686090366, 688301988, 690509063, 692711611, 694909651, 697103200, 699292276,
  701476899, 703657087, 705832856, 708004225, 710171213, 712333835, 714492111, 716646057,
  718795691, 720941030, 723082092, 725218892, 727351448, 729479778, 731603897, 733723822,
  735839570, 737951158, 740058601, 742161915, 744261118
};

/* 2^(i/256) * 2^30 rounded, i = 0..256 (round(2 ** (i / 256) * 2**30)). */
static const uint32_t EXP2_TAB[257] = {
  1073741824, 1076653033, 1079572136, 1082499153, 1085434106, 1088377016, 1091327906, 1094286796,
  1097253708, 1100228665, 1103211687, 1106202798, 1109202018, 1112209370, 1115224875, 1118248556,
  1121280436, 1124320536, 1127368878, 1130425485, 1133490379, 1136563583, 1139645120, 1142735011,
  1145833280, 1148939949, 1152055042, 1155178580, 1158310587, 1161451085, 1164600099, 1167757650,
  1170923762, 1174098458, 1177281762, 1180473697, 1183674286, 1186883552, 1190101520, 1193328213,
  1196563654, 1199807867, 1203060876, 1206322705, 1209593378, 1212872918, 1216161350, 1219458698,
  1222764986, 1226080238, 1229404479, 1232737732, 1236080024, 1239431376, 1242791816, 1246161366,
  1249540052, 1252927899, 1256324931, 1259731174, 1263146652, 1266571390, 1270005413, 1273448747,
  1276901417, 1280363448, 1283834865, 1287315695, 1290805962, 1294305692, 1297814910, 1301333643,
  1304861917, 1308399756, 1311947188, 1315504238, 1319070932, 1322647296, 1326233356, 1329829140,
  1333434672, 1337049980, 1340675091, 1344310030, 1347954824, 1351609500, 1355274085, 1358948606,
  1362633090, 1366327563, 1370032052, 1373746586, 1377471191, 1381205894, 1384950723, 1388705706,
  1392470869, 1396246240, 1400031848, 1403827719, 1407633882, 1411450365, 1415277195, 1419114401,
  1422962010, 1426820052, 1430688553, 1434567544, 1438457051, 1442357104, 1446267730, 1450188960,
  1454120821, 1458063343, 1462016553, 1465980482, 1469955159, 1473940611, 1477936870, 1481943963,
  1485961921, 1489990772, 1494030547, 1498081275, 1502142985, 1506215708, 1510299473, 1514394310,
  1518500250, 1522617322, 1526745556, 1530884983, 1535035634, 1539197537, 1543370725, 1547555228,
  1551751076, 1555958300, 1560176931, 1564406999, 1568648537, 1572901575, 1577166143, 1581442275,
  1585730000, 1590029350, 1594340357, 1598663052, 1602997467, 1607343634, 1611701585, 1616071351,
  1620452965, 1624846459, 1629251865, 1633669214, 1638098541, 1642539877, 1646993254, 1651458706,
  1655936265, 1660425963, 1664927835, 1669441912, 1673968228, 1678506817, 1683057710, 1687620943,
  1692196547, 1696784557, 1701385007, 1705997930, 1710623359, 1715261330, 1719911875, 1724575029,
  1729250827, 1733939301, 1738640488, 1743354420, 1748081133, 1752820662, 1757573041, 1762338305,
  1767116489, 1771907628, 1776711757, 1781528911, 1786359126, 1791202437, 1796058879, 1800928489,
  1805811301, 1810707353, 1815616678, 1820539314, 1825475297, 1830424663, 1835387448, 1840363688,
  1845353420, 1850356681, 1855373507, 1860403934, 1865448001, 1870505744, 1875577199, 1880662405,
  1885761398, 1890874216, 1896000896, 1901141476, 1906295993, 1911464486, 1916646992, 1921843549,
  1927054196, 1932278970, 1937517909, 1942771053, 1948038440, 1953320108, 1958616096, 1963926443,
  1969251188, 1974590370, 1979944027, 1985312200, 1990694927, 1996092249, 2001504204, 2006930832,
  2012372174, 2017828268, 2023299156, 2028784876, 2034285470, 2039800978, 2045331439, 2050876895,
  2056437387, 2062012954, 2067603638, 2073209480, 2078830522, 2084466803, 2090118366, 2095785251,
  2101467502, 2107165158, 2112878262, 2118606857, 2124350982, 2130110682, 2135885998, 2141676973,
  2147483648
};

#define LN2_Q30 744261118LL
#define LOG2E_Q20 1512775LL

/* floor(a * b / 2^s) for unsigned 64-bit a, b without overflow (saturates). */
static uint64_t mulshr(uint64_t a, uint64_t b, unsigned s) {
  uint64_t al = a & 0xFFFFFFFFu, ah = a >> 32, bl = b & 0xFFFFFFFFu, bh = b >> 32;
  uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
  uint64_t mid = (ll >> 32) + (lh & 0xFFFFFFFFu) + (hl & 0xFFFFFFFFu);
  uint64_t lo = (ll & 0xFFFFFFFFu) | (mid << 32);
  uint64_t hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
  if (s == 0)
    return hi ? UINT64_MAX : lo;
  if (s >= 64)
    return hi >> (s - 64);
  if (hi >> s)
    return UINT64_MAX;
  return (hi << (64 - s)) | (lo >> s);
}

/* Floor division by a positive divisor. */
static int64_t floordiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b) != 0 && a < 0)
    q--;
  return q;
}

/* -ln(U) in Q20 for U uniform in (0, 1]: an exponential variate of mean 1. */
static uint64_t neglog_q20(rng *r) {
  uint64_t v = (rng_next(r) >> 11) + 1; /* 1 .. 2^53 */
  int k = 0;
  while ((v >> k) > 1)
    k++;
  uint64_t f = v - (1ULL << k);
  uint32_t f32 = k >= 32 ? (uint32_t)(f >> (k - 32)) : (uint32_t)(f << (32 - k));
  uint32_t i = f32 >> 24, rem = f32 & 0xFFFFFFu;
  int64_t lnm = LN_TAB[i] + (((int64_t)(LN_TAB[i + 1] - LN_TAB[i]) * rem) >> 24);
  int64_t q30 = (int64_t)(53 - k) * LN2_Q30 - lnm;
  if (q30 < 0)
    q30 = 0;
  return (uint64_t)q30 >> 10;
}

/* e^x for x in Q20 (|x| <= 10), result in Q20. */
static uint64_t exp_q20(int64_t x) {
  if (x > 10 * Q20ONE)
    x = 10 * Q20ONE;
  if (x < -10 * Q20ONE)
    x = -10 * Q20ONE;
  int64_t y = floordiv(x * LOG2E_Q20, Q20ONE); /* x / ln 2, Q20 */
  int64_t n = floordiv(y, Q20ONE);
  uint32_t f = (uint32_t)(y - n * Q20ONE);
  uint32_t i = f >> 12, rem = f & 0xFFFu;
  uint64_t v = EXP2_TAB[i] + ((((uint64_t)(EXP2_TAB[i + 1] - EXP2_TAB[i])) * rem) >> 12); /* Q30 */
  if (n >= 0)
    return (v << n) >> 10;
  return v >> (10 - n);
}

/* Standard normal variate in Q20 (Irwin-Hall, 12 uniforms). */
static int64_t normal_q20(rng *r) {
  int64_t sum = 0;
  for (int i = 0; i < 3; i++) {
    uint64_t x = rng_next(r);
    sum += (int64_t)(x & 0xFFFF) + (int64_t)((x >> 16) & 0xFFFF) + (int64_t)((x >> 32) & 0xFFFF) +
           (int64_t)(x >> 48);
  }
  return (sum - 6 * 65536) * 16;
}

/* Exponential duration with the given mean. */
static int64_t expo(rng *r, int64_t mean) { return (int64_t)mulshr((uint64_t)mean, neglog_q20(r), 20); }

/* Lognormal duration: median * e^(sigma Z), sigma in Q20. */
static int64_t lognorm(rng *r, int64_t median, int64_t sigma_q20) {
  int64_t x = sigma_q20 * normal_q20(r) / Q20ONE;
  return (int64_t)mulshr((uint64_t)median, exp_q20(x), 20);
}

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }

/* ------------------------------------------------------------------------ */
/* Names.                                                                    */

enum { CLS_VOICE, CLS_CHAT, CLS_EMAIL, NCLS };

#define NCHANNELS 8
#define CH_BAD 8
static const char *const CHANNEL_NAMES[NCHANNELS + 1] = {"voice",     "chat",  "email", "sms", "social",
                                                         "messaging", "video", "other", "fax"};
static const int CHANNEL_CLASS[NCHANNELS] = {CLS_VOICE, CLS_CHAT,  CLS_EMAIL, CLS_CHAT,
                                             CLS_CHAT,  CLS_CHAT, CLS_VOICE, CLS_EMAIL};

enum { DIR_IN = 1, DIR_OUT = 2 };

enum {
  T_NONE,
  T_CONTACT_START,
  T_QUEUE_ENTER,
  T_OFFER,
  T_OFFER_MISS,
  T_ANSWER,
  T_QUEUE_ABANDON,
  T_QUEUE_EXIT,
  T_BLOCKED,
  T_HOLD,
  T_RESUME,
  T_TRANSFER,
  T_ESCALATE,
  T_AGENT_END,
  T_ACW_END,
  T_CUSTOMER_MESSAGE,
  T_AGENT_MESSAGE,
  T_BOT_MESSAGE,
  T_FOCUS_START,
  T_FOCUS_END,
  T_TAG,
  T_DISPOSITION,
  T_RESOLVE,
  T_REOPEN,
  T_CONTACT_END,
  T_CSAT,
  T_NPS,
  T_CES,
  T_QA_SCORE,
  T_AGENT_STATE,
  T_COST,
  T_CUSTOMER_ACQUIRE,
  T_CUSTOMER_CHURN,
  T_CUSTOMER_REVENUE,
  T_BAD_NAME, /* an event name that does not exist (--bad) */
  T_COUNT
};

static const char *const EVENT_NAMES[T_COUNT] = {
    "",          "contact_start", "queue_enter",   "offer",         "offer_miss",
    "answer",    "queue_abandon", "queue_exit",    "blocked",       "hold",
    "resume",    "transfer",      "escalate",      "agent_end",     "acw_end",
    "customer_message", "agent_message", "bot_message", "focus_start", "focus_end",
    "tag",       "disposition",   "resolve",       "reopen",        "contact_end",
    "csat",      "nps",           "ces",           "qa_score",      "agent_state",
    "cost",      "customer_acquire", "customer_churn", "customer_revenue", "call_start"};

enum {
  /* contact types */
  L_INQUIRY,
  L_COMPLAINT_TYPE,
  L_ORDER,
  L_SERVICE_REQUEST,
  L_SALES_CALL,
  L_CALLBACK_TYPE,
  /* tags */
  L_TAG0,
  L_TAG_LAST = L_TAG0 + 9,
  /* dispositions */
  L_D_RESOLVED,
  L_D_INFO_GIVEN,
  L_D_FOLLOW_UP,
  L_D_ESCALATED,
  L_D_SALE,
  L_D_NO_SALE,
  L_D_CALLBACK_SCHEDULED,
  L_D_NOT_INTERESTED,
  L_D_NO_ANSWER,
  L_D_VOICEMAIL_LEFT,
  L_D_CUSTOMER_LEFT,
  /* queue_exit reasons */
  L_R_TIMEOUT,
  L_R_CALLBACK,
  L_R_VOICEMAIL,
  /* QA forms */
  L_F_VOICE,
  L_F_CHAT,
  L_F_EMAIL,
  /* agent states (CCM_STATE_* order), then one that does not exist (--bad) */
  L_S_LOGGED_OUT,
  L_S_AVAILABLE,
  L_S_BUSY,
  L_S_NOT_READY,
  L_S_ACW,
  L_S_BAD,
  L_COUNT
};
#define NTAGS (L_TAG_LAST - L_TAG0 + 1)

static const char *const LABEL_NAMES[L_COUNT] = {
    "inquiry",       "complaint",      "order",          "service_request", "sales_call",  "callback",
    "refund",        "complaint",      "password_reset", "invoice",         "upgrade",     "cancellation",
    "outage",        "delivery",       "vip",            "new_customer",    "resolved",    "info_given",
    "follow_up",     "escalated",      "sale",           "no_sale",         "callback_scheduled",
    "not_interested", "no_answer",     "voicemail_left", "customer_left",   "timeout",     "callback",
    "voicemail",     "voice_form",     "chat_form",      "email_form",      "logged_out",  "available",
    "busy",          "not_ready",      "acw",            "on_break"};

enum { CAMP_SPRING, CAMP_RENEWAL, CAMP_WINBACK, CAMP_CALLBACK, NCAMPAIGNS };
static const char *const CAMPAIGN_NAMES[NCAMPAIGNS] = {"spring_promo", "renewal", "winback", "callback"};

#define NAGENT_NAMES 64
static const char *const AGENT_NAMES[NAGENT_NAMES] = {
    "ann",   "bob",   "carla", "dan",   "eve",   "frank", "gina",  "hugo",  "iris",  "jack",  "kate",
    "leo",   "maria", "nick",  "olga",  "paul",  "quinn", "rosa",  "sam",   "tina",  "umar",  "vera",
    "walt",  "xena",  "yusuf", "zoe",   "alan",  "bea",   "chris", "dora",  "emil",  "fay",   "gus",
    "hana",  "ivan",  "jade",  "ken",   "lina",  "marc",  "nina",  "otto",  "pia",   "raj",   "sara",
    "tom",   "uma",   "vic",   "wendy", "yann",  "zara",  "abe",   "beth",  "cody",  "dina",  "eli",
    "fern",  "glen",  "hope",  "ian",   "joy",   "kyle",  "lucy",  "max",   "nora"};

#define NTEAM_NAMES 12
static const char *const TEAM_NAMES[NTEAM_NAMES] = {"red",    "blue", "green", "orange", "purple", "yellow",
                                                     "teal",   "pink", "brown", "grey",   "black",  "white"};

/* Hourly arrival profile (relative weights, hour 0..23). */
static const int HOURLY[24] = {2, 1, 1, 1, 1, 2, 6, 20, 50, 75, 85, 88, 78, 80, 85, 80, 72, 58, 42, 30, 20, 12, 7, 4};
/* Day-of-week volume in percent of --contacts-per-day, Monday first. */
static const int DOWF[7] = {110, 105, 100, 100, 95, 45, 30};
#define DOWF_MAX 110

/* Shift planning (with agent states): the mean agent time (busy or in
 * after-contact work) that one arrival of each class brings, measured on the
 * scripts below (voice includes the outbound calls it turns into; chat and
 * email the time with at least one of them open); the agents needed for an
 * offered load of A erlangs, A + 0.6 sqrt(A) but at least A / 0.85, a group
 * being closed below a quarter of an erlang; an eighth more for breaks;
 * shifts of 4 to 10 hours starting on the quarter hour, 8 hours of rest
 * between two. */
enum { G_VOICE, G_DIGITAL };
static const int64_t WORK_MS[NCLS] = {250 * SEC, 220 * SEC, 400 * SEC};
#define OPEN_Q16 (65536 / 4)
#define BETA_PCT 60
#define MAX_OCC_PCT 85
#define SHRINK_PCT 12
#define SHIFT_MIN 16
#define SHIFT_MAX 40
#define PLAN_W (SLOTS_PER_DAY + SHIFT_MAX)
#define REST_MS (8 * HOUR)

/* Agent capacity units and what each class of contact takes. */
#define CAP 6
static const int NEED[NCLS] = {6, 2, 3};

/* ------------------------------------------------------------------------ */
/* Events.                                                                   */

enum {
  F_AGENT = 1 << 0,
  F_TEAM = 1 << 1,
  F_SKILL = 1 << 2,
  F_LABEL = 1 << 3,
  F_VALUE = 1 << 4,
  F_CUST = 1 << 5,
  F_CHAN = 1 << 6,
  F_DIR = 1 << 7,
  F_CAMP = 1 << 8,
  F_NOCONTACT = 1 << 9,
  F_BADCONTACT = 1 << 10, /* contact printed as cxNNNNNN (never started) */
  F_BADAGENT = 1 << 11,   /* agent printed as "nobody" */
  F_DEC1 = 1 << 12        /* value in tenths, printed with one decimal */
};

/* not_ready reason codes (the value of an agent_state) */
enum { R_BREAK = 1, R_LUNCH = 2, R_TRAINING = 3, R_MISSED_OFFER = 4 };

enum { CTL_NONE, CTL_ENQUEUE, CTL_RELEASE };

/* A pending event in a contact's buffer (or a control step). */
typedef struct pev {
  int64_t ts;
  uint8_t type; /* T_* or T_NONE for a control step */
  uint8_t ctl;  /* CTL_* */
  uint16_t fl;
  int16_t agent;
  int16_t label;
  int32_t value;
  int8_t skill;
} pev;

/* An event ready for output. */
typedef struct oev {
  int64_t ts;
  int64_t key; /* ordering key for --interleave */
  uint64_t seq;
  uint32_t contact;
  uint32_t customer;
  int32_t value;
  uint16_t fl;
  int16_t agent;
  int16_t label;
  int16_t campaign;
  int8_t skill;
  uint8_t type, chan, dir;
} oev;

/* ------------------------------------------------------------------------ */
/* Simulation state.                                                         */

enum { ST_FREE, ST_PRE, ST_QUEUED, ST_RINGING, ST_LEG, ST_DONE };

typedef struct contact {
  uint32_t no;
  uint32_t customer;
  uint8_t chan, cls, dir, state;
  int8_t skill;  /* current skill */
  int8_t qskill; /* skill of the open queue visit */
  int16_t campaign;
  int16_t ctype;
  int16_t ring_agent;
  int16_t last_agent;
  uint8_t escalated, reopened, ntransfers, round, tagged;
  int32_t qprev, qnext;
  int64_t enq_at;
  uint32_t qgen, hgen;
  int64_t sched_ts;
  pev *buf;
  uint32_t head, n, cap;
} contact;

typedef struct agent {
  int16_t team;
  uint8_t media; /* bit per class */
  uint8_t on_duty;
  uint8_t want; /* on duty from the tick being run */
  int load;
  int rank;
  int nskills;
  int8_t skills[MAX_SKILLS];
  int64_t ready_at;
  int64_t idle_since;
  char name[32];
  /* agent states (not with --contacts-only) */
  int8_t prim;     /* primary skill */
  uint8_t logged;  /* logged in */
  uint8_t dirty;   /* state to recompute */
  uint8_t dialing; /* placing an outbound call not yet answered */
  int16_t st;      /* last state written (L_S_*), -1 none */
  int16_t nconn;   /* agent contacts connected */
  int16_t nacw;    /* agent contacts in after-contact work */
  int32_t st_reason;
  int32_t brk_reason;
  int32_t wage; /* minor units per hour */
  uint32_t bgen;
  int64_t st_ts;     /* time of the last state written */
  int64_t brk_due;   /* next break wanted from then on, INT64_MAX none */
  int64_t brk_until; /* end of the break being taken */
  int64_t last_lunch;
  /* planned shifts (with agent states): [shs, she) of the days of even and
   * odd number, she 0 for none; shg the group it covers (G_*) */
  int64_t shs[2], she[2];
  int8_t shg[2];
  int32_t nshifts; /* shifts worked so far */
} agent;

typedef struct queue {
  int32_t head, tail;
  int32_t len;
} queue;

typedef struct req {
  int64_t expire;
  uint32_t customer;
  int16_t campaign;
} req;

typedef struct reqlist {
  req *v;
  size_t head, n, cap;
} reqlist;

enum { K_TICK, K_ARRIVAL, K_BUF, K_QTIMER, K_RING, K_READY, K_OUTREQ, K_AGENT };
enum { KA_BREAK_DUE, KA_BREAK_END };
enum { QT_ABANDON, QT_FLOWOUT, QT_CALLBACK, QT_HELLO };

typedef struct hev {
  int64_t t;
  uint64_t seq;
  uint32_t a, b;
  uint8_t kind, sub;
} hev;

/* A binary min-heap of fixed-size elements ordered by the (int64 key,
 * uint64 seq) pair found `order_at` bytes into each element: the event
 * queue of the simulation and the output reorder buffers share it. */
typedef struct bheap {
  unsigned char *v;
  size_t n, cap;
  size_t size, order_at;
} bheap;

typedef struct options {
  uint64_t seed;
  int64_t days;
  int64_t start_day; /* days since the epoch */
  char start_str[16];
  int64_t cpd;
  int agents;
  int teams;
  int nskills;
  char skills[MAX_SKILLS][65];
  int64_t chan_w[NCHANNELS];
  int chan_given[NCHANNELS];
  int surveys;
  int contacts_only;
  int interleave;
  int64_t bad;
  const char *out;
} options;

typedef struct sim {
  options o;
  rng r;  /* the simulation */
  rng rs; /* surveys */
  rng rb; /* --bad injection */
  rng ra; /* agent breaks */
  rng rl; /* costs and the customer ledger */
  int do_surveys, do_states, do_ledger;
  int *dirty;
  int ndirty;
  int wound_down; /* with agent states: the work is over, everyone leaves */
  int64_t wclass[NCLS];
  int *ord;                          /* agents by rank */
  int *pl_slot, *pl_len, *pl_g;      /* a shift plan being tried */
  int64_t pl_need[2][PLAN_W];        /* agents needed per slot (Q16) */
  int pl_cov[2][PLAN_W];             /* agents planned per slot */
  int64_t pl_needk[2][MAX_SKILLS][PLAN_W]; /* agents needed per skill (Q16) */
  int pl_covk[2][MAX_SKILLS][PLAN_W];      /* agents planned with the skill */
  int64_t now;
  int64_t t0, horizon;
  int slotw[SLOTS_PER_DAY];
  int64_t sumw, maxw;
  int64_t skill_w[MAX_SKILLS], skill_wsum;
  int64_t chan_wsum;
  agent *ag;
  int na;
  int *skill_agents[MAX_SKILLS];
  int nskill_agents[MAX_SKILLS];
  queue q[MAX_SKILLS][NCLS];
  int qcap[MAX_SKILLS][NCLS];
  reqlist req_cb[MAX_SKILLS], req_camp[MAX_SKILLS];
  contact *c;
  size_t nc, capc;
  int32_t free_head;
  size_t active;
  uint32_t next_no;
  uint32_t *recent;
  size_t nrecent, recent_cap, recent_pos;
  uint32_t pool;
  bheap h; /* hev */
  uint64_t hseq;
  bheap oh; /* oev: --interleave reordering */
  uint64_t oseq;
  bheap sh; /* oev: pending survey events */
  uint64_t sseq;
  int64_t arrivals_done;
  int64_t bad_left, bad_kind, bad_expected;
  int in_bad;
  uint32_t bad_no;
  int64_t last_ts;
  FILE *f;
  char *ob;
  size_t obn;
  int io_error;
} sim;

static void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q) {
    fprintf(stderr, "ccm-gen: out of memory\n");
    exit(2);
  }
  return q;
}

/* ------------------------------------------------------------------------ */
/* The heaps (ordered by key, then insertion).                               */

#define BHEAP_MAX_ELEM 64

static void bheap_init(bheap *h, size_t size, size_t order_at) {
  h->size = size;
  h->order_at = order_at;
}

static int bheap_less(const bheap *h, const unsigned char *a, const unsigned char *b) {
  int64_t ka, kb;
  uint64_t sa, sb;
  memcpy(&ka, a + h->order_at, sizeof ka);
  memcpy(&kb, b + h->order_at, sizeof kb);
  memcpy(&sa, a + h->order_at + 8, sizeof sa);
  memcpy(&sb, b + h->order_at + 8, sizeof sb);
  return ka < kb || (ka == kb && sa < sb);
}

static const void *bheap_top(const bheap *h) { return h->v; }

static void bheap_push(bheap *h, const void *e) {
  size_t i;
  if (h->n == h->cap) {
    h->cap = h->cap ? h->cap * 2 : 1024;
    h->v = xrealloc(h->v, h->cap * h->size);
  }
  i = h->n++;
  while (i > 0) {
    size_t p = (i - 1) / 2;
    if (!bheap_less(h, e, h->v + p * h->size))
      break;
    memcpy(h->v + i * h->size, h->v + p * h->size, h->size);
    i = p;
  }
  memcpy(h->v + i * h->size, e, h->size);
}

static void bheap_pop(bheap *h, void *out) {
  unsigned char last[BHEAP_MAX_ELEM];
  size_t i = 0, n;
  memcpy(out, h->v, h->size);
  n = --h->n;
  memcpy(last, h->v + n * h->size, h->size);
  for (;;) {
    size_t l = 2 * i + 1, m = i;
    const unsigned char *best = last;
    if (l < n && bheap_less(h, h->v + l * h->size, best)) {
      m = l;
      best = h->v + l * h->size;
    }
    if (l + 1 < n && bheap_less(h, h->v + (l + 1) * h->size, best))
      m = l + 1;
    if (m == i)
      break;
    memcpy(h->v + i * h->size, h->v + m * h->size, h->size);
    i = m;
  }
  if (n)
    memcpy(h->v + i * h->size, last, h->size);
}

static void heap_push(sim *S, int64_t t, int kind, uint32_t a, uint32_t b, int sub) {
  hev e = {t, S->hseq++, a, b, (uint8_t)kind, (uint8_t)sub};
  bheap_push(&S->h, &e);
}

/* ------------------------------------------------------------------------ */
/* Output.                                                                   */

#define OBUF_SIZE (1u << 20)

static void out_flush(sim *S) {
  if (S->obn && fwrite(S->ob, 1, S->obn, S->f) != S->obn)
    S->io_error = 1;
  S->obn = 0;
}

static char *put_str(char *p, const char *s) {
  while (*s)
    *p++ = *s++;
  return p;
}

static char *put_u64(char *p, uint64_t v, int width) {
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n < width)
    tmp[n++] = '0';
  while (n)
    *p++ = tmp[--n];
  return p;
}

static char *put_i64(char *p, int64_t v) {
  if (v < 0) {
    *p++ = '-';
    return put_u64(p, (uint64_t)0 - (uint64_t)v, 1);
  }
  return put_u64(p, (uint64_t)v, 1);
}

static void write_line(sim *S, const oev *e) {
  if (S->obn > OBUF_SIZE - 1024)
    out_flush(S);
  char *p = S->ob + S->obn;
  const agent *a = (e->fl & F_AGENT) && !(e->fl & F_BADAGENT) ? &S->ag[e->agent] : NULL;
  p = put_i64(p, e->ts);
  *p++ = ',';
  p = put_str(p, EVENT_NAMES[e->type]);
  *p++ = ',';
  if (!(e->fl & F_NOCONTACT)) {
    *p++ = 'c';
    if (e->fl & F_BADCONTACT)
      *p++ = 'x';
    p = put_u64(p, e->contact, 6);
  }
  *p++ = ',';
  if (e->fl & F_CHAN)
    p = put_str(p, CHANNEL_NAMES[e->chan]);
  *p++ = ',';
  if (e->fl & F_DIR)
    p = put_str(p, e->dir == DIR_OUT ? "outbound" : "inbound");
  *p++ = ',';
  if (e->fl & F_CUST) {
    *p++ = 'u';
    p = put_u64(p, e->customer, 5);
  }
  *p++ = ',';
  if ((e->fl & F_SKILL) && e->skill >= 0)
    p = put_str(p, S->o.skills[e->skill]);
  *p++ = ',';
  if ((e->fl & F_CAMP) && e->campaign >= 0)
    p = put_str(p, CAMPAIGN_NAMES[e->campaign]);
  *p++ = ',';
  if (e->fl & F_BADAGENT)
    p = put_str(p, "nobody");
  else if (a)
    p = put_str(p, a->name);
  *p++ = ',';
  if (a && (e->fl & F_TEAM)) {
    int t = a->team;
    p = put_str(p, TEAM_NAMES[t % NTEAM_NAMES]);
    if (t >= NTEAM_NAMES)
      p = put_u64(p, (uint64_t)(t / NTEAM_NAMES + 1), 1);
  }
  *p++ = ',';
  if ((e->fl & F_VALUE) && (e->fl & F_DEC1)) {
    if (e->value < 0)
      *p++ = '-';
    uint64_t v = e->value < 0 ? (uint64_t)0 - (uint64_t)(int64_t)e->value : (uint64_t)e->value;
    p = put_u64(p, v / 10, 1);
    *p++ = '.';
    *p++ = (char)('0' + v % 10);
  } else if (e->fl & F_VALUE) {
    p = put_i64(p, e->value);
  }
  *p++ = ',';
  if (e->fl & F_LABEL)
    p = put_str(p, LABEL_NAMES[e->label]);
  *p++ = '\n';
  S->obn = (size_t)(p - S->ob);
}

/* --interleave: each contact's events are delayed by the same pseudo-random
 * lag of up to one hour, so a contact keeps its order but contacts mix. */
#define INTERLEAVE_MAX_LAG HOUR

static int64_t contact_lag(const sim *S, uint32_t no) {
  uint64_t x = S->o.seed ^ ((uint64_t)no * 0x9E3779B97F4A7C15ULL) ^ 0x5EEDULL;
  return (int64_t)(splitmix64(&x) % (uint64_t)INTERLEAVE_MAX_LAG);
}

static void inject_bad(sim *S, const oev *ans);
static void leg_event(sim *S, const oev *e);

static void output(sim *S, oev *e) {
  e->seq = S->oseq++;
  if (e->ts > S->last_ts)
    S->last_ts = e->ts;
  if (S->o.interleave) {
    e->key = e->ts + ((e->fl & (F_NOCONTACT | F_BADCONTACT)) ? 0 : contact_lag(S, e->contact));
    /* an invalid line without a contact stays after what is already written */
    if (S->in_bad && (e->fl & F_NOCONTACT) && e->key < S->now)
      e->key = S->now;
    bheap_push(&S->oh, e);
  } else {
    write_line(S, e);
  }
  if (!S->in_bad && (e->type == T_ANSWER || e->type == T_AGENT_END || e->type == T_TRANSFER || e->type == T_ACW_END))
    leg_event(S, e);
  if (e->type == T_ANSWER && S->bad_left > 0)
    inject_bad(S, e);
}

static void interleave_flush(sim *S, int64_t upto) {
  oev e;
  while (S->oh.n && ((const oev *)bheap_top(&S->oh))->key <= upto) {
    bheap_pop(&S->oh, &e);
    write_line(S, &e);
  }
}

/* ------------------------------------------------------------------------ */
/* Contacts and their pending events.                                        */

static contact *contact_new(sim *S) {
  int32_t i;
  if (S->free_head >= 0) {
    i = S->free_head;
    S->free_head = S->c[i].qnext;
  } else {
    if (S->nc == S->capc) {
      size_t old = S->capc;
      S->capc = S->capc ? S->capc * 2 : 1024;
      S->c = xrealloc(S->c, S->capc * sizeof *S->c);
      memset(S->c + old, 0, (S->capc - old) * sizeof *S->c);
    }
    i = (int32_t)S->nc++;
  }
  contact *c = &S->c[i];
  /* keep the buffer and the generation counters of a reused slot */
  pev *buf = c->buf;
  uint32_t cap = c->cap, qgen = c->qgen, hgen = c->hgen;
  memset(c, 0, sizeof *c);
  c->buf = buf;
  c->cap = cap;
  c->qgen = qgen + 1;
  c->hgen = hgen + 1;
  c->no = ++S->next_no;
  c->state = ST_PRE;
  c->campaign = -1;
  c->ring_agent = -1;
  c->last_agent = -1;
  c->qprev = c->qnext = -1;
  c->sched_ts = -1;
  S->active++;
  return c;
}

static uint32_t cidx(const sim *S, const contact *c) { return (uint32_t)(c - S->c); }

static void maybe_free(sim *S, contact *c) {
  if (c->state != ST_DONE || c->head < c->n)
    return;
  c->state = ST_FREE;
  c->head = c->n = 0;
  c->hgen++;
  c->qgen++;
  c->qnext = S->free_head;
  S->free_head = (int32_t)cidx(S, c);
  S->active--;
}

static void fill_oev(const contact *c, oev *o, int64_t ts, int type, unsigned fl, int agent, int skill, int label,
                     int32_t value) {
  memset(o, 0, sizeof *o);
  o->ts = ts;
  o->type = (uint8_t)type;
  o->fl = (uint16_t)fl;
  o->agent = (int16_t)agent;
  o->skill = (int8_t)skill;
  o->label = (int16_t)label;
  o->value = value;
  o->contact = c->no;
  o->customer = c->customer;
  o->chan = c->chan;
  o->dir = c->dir;
  o->campaign = c->campaign;
}

/* Emit an event of contact c now. */
static void emit(sim *S, contact *c, int type, unsigned fl, int agent, int skill, int label, int32_t value) {
  oev o;
  fill_oev(c, &o, S->now, type, fl, agent, skill, label, value);
  output(S, &o);
}

/* Buffer an event (or a control step) of contact c at time ts. */
static void bput(contact *c, int64_t ts, int type, int ctl, unsigned fl, int agent, int skill, int label,
                 int32_t value) {
  if (c->head == c->n)
    c->head = c->n = 0;
  if (c->head > 0 && c->n == c->cap) {
    memmove(c->buf, c->buf + c->head, (c->n - c->head) * sizeof *c->buf);
    c->n -= c->head;
    c->head = 0;
  }
  if (c->n == c->cap) {
    c->cap = c->cap ? c->cap * 2 : 32;
    c->buf = xrealloc(c->buf, c->cap * sizeof *c->buf);
  }
  uint32_t i = c->n++;
  while (i > c->head && c->buf[i - 1].ts > ts) {
    c->buf[i] = c->buf[i - 1];
    i--;
  }
  pev *p = &c->buf[i];
  p->ts = ts;
  p->type = (uint8_t)type;
  p->ctl = (uint8_t)ctl;
  p->fl = (uint16_t)fl;
  p->agent = (int16_t)agent;
  p->skill = (int8_t)skill;
  p->label = (int16_t)label;
  p->value = value;
}

#define B(c, ts, type, fl, agent, skill, label, value) bput(c, ts, type, CTL_NONE, fl, agent, skill, label, value)

/* Make sure the heap holds an entry for the head of c's buffer. */
static void resched(sim *S, contact *c) {
  if (c->head >= c->n)
    return;
  int64_t ts = c->buf[c->head].ts;
  if (c->sched_ts == ts)
    return;
  c->hgen++;
  c->sched_ts = ts;
  heap_push(S, ts, K_BUF, cidx(S, c), c->hgen, 0);
}

/* ------------------------------------------------------------------------ */
/* Agents and queues.                                                        */

static int agent_ok(const sim *S, const agent *a, int cls) {
  if (!a->on_duty || S->now < a->ready_at || !(a->media & (1u << cls)))
    return 0;
  /* on a break, or wanting one: finishes its work but takes no more */
  if (S->do_states && (a->brk_until > S->now || a->brk_due <= S->now))
    return 0;
  return cls == CLS_VOICE ? a->load == 0 : a->load + NEED[cls] <= CAP;
}

static void q_append(sim *S, contact *c) {
  queue *q = &S->q[(int)c->qskill][c->cls];
  int32_t i = (int32_t)cidx(S, c);
  /* keep the queue ordered by enqueue time (a missed offer goes back in place) */
  int32_t after = q->tail;
  while (after >= 0 && S->c[after].enq_at > c->enq_at)
    after = S->c[after].qprev;
  c->qprev = after;
  c->qnext = after >= 0 ? S->c[after].qnext : q->head;
  if (c->qnext >= 0)
    S->c[c->qnext].qprev = i;
  else
    q->tail = i;
  if (after >= 0)
    S->c[after].qnext = i;
  else
    q->head = i;
  q->len++;
}

static void q_remove(sim *S, contact *c) {
  queue *q = &S->q[(int)c->qskill][c->cls];
  if (c->qprev >= 0)
    S->c[c->qprev].qnext = c->qnext;
  else
    q->head = c->qnext;
  if (c->qnext >= 0)
    S->c[c->qnext].qprev = c->qprev;
  else
    q->tail = c->qprev;
  c->qprev = c->qnext = -1;
  q->len--;
}

static void agent_dirty(sim *S, int ai) {
  if (!S->do_states || S->ag[ai].dirty)
    return;
  S->ag[ai].dirty = 1;
  S->dirty[S->ndirty++] = ai;
}

static void agent_release(sim *S, int ai, int units) {
  agent *a = &S->ag[ai];
  a->load -= units;
  if (a->load < 0)
    a->load = 0;
  if (a->load == 0)
    a->idle_since = S->now;
  agent_dirty(S, ai);
}

static void dispatch_agent(sim *S, int ai);

static void offer(sim *S, contact *c, int ai) {
  agent *a = &S->ag[ai];
  rng *r = &S->r;
  q_remove(S, c);
  c->state = ST_RINGING;
  c->ring_agent = (int16_t)ai;
  a->load += NEED[c->cls];
  emit(S, c, T_OFFER, F_AGENT | F_TEAM, ai, -1, 0, 0);
  static const uint32_t miss_ppm[NCLS] = {40000, 50000, 20000};
  static const int64_t miss_after[NCLS] = {20 * SEC, 30 * SEC, 60 * SEC};
  static const int64_t ring_lo[NCLS] = {2 * SEC, 2 * SEC, 1 * SEC};
  static const int64_t ring_hi[NCLS] = {9 * SEC, 20 * SEC, 8 * SEC};
  if (chance(r, miss_ppm[c->cls]))
    heap_push(S, S->now + miss_after[c->cls], K_RING, cidx(S, c), c->qgen, 1);
  else
    heap_push(S, S->now + urange(r, ring_lo[c->cls], ring_hi[c->cls]), K_RING, cidx(S, c), c->qgen, 0);
}

/* Preference among the agents able to take a contact of class cls (smaller
 * is better): agents dedicated to the class first; digital work is packed
 * on the blended agents that already have some, so that others stay free
 * for calls; then the longest idle. */
static int64_t agent_pref(const agent *a, int cls) {
  int blended = (a->media & (1u << CLS_VOICE)) && (a->media & ((1u << CLS_CHAT) | (1u << CLS_EMAIL)));
  int64_t load = cls == CLS_VOICE ? 0 : blended ? CAP - a->load : a->load;
  return (int64_t)blended * 16 + load;
}

/* A contact just became the head of its queue: offer it to the best agent. */
static void dispatch_contact(sim *S, contact *c) {
  int s = c->qskill, best = -1;
  int64_t best_pref = 0;
  for (int k = 0; k < S->nskill_agents[s]; k++) {
    int ai = S->skill_agents[s][k];
    const agent *a = &S->ag[ai];
    if (!agent_ok(S, a, c->cls))
      continue;
    int64_t pref = agent_pref(a, c->cls);
    if (best < 0 || pref < best_pref || (pref == best_pref && a->idle_since < S->ag[best].idle_since)) {
      best = ai;
      best_pref = pref;
    }
  }
  if (best >= 0)
    offer(S, c, best);
}

static void dial(sim *S, int ai, int s, const req *rq);

static int in_campaign_hours(const sim *S) {
  int64_t h = (S->now - floordiv(S->now, DAY_MS) * DAY_MS) / HOUR;
  return h >= 8 && h < 20 && S->now < S->horizon;
}

/* Pop the oldest live request of the agent's skills from one family of lists. */
static int take_request(sim *S, agent *a, reqlist *lists, req *out, int *skill) {
  int best = -1;
  for (int k = 0; k < a->nskills; k++) {
    reqlist *l = &lists[(int)a->skills[k]];
    while (l->head < l->n && l->v[l->head].expire <= S->now)
      l->head++;
    if (l->head == l->n) {
      l->head = l->n = 0;
      continue;
    }
    if (best < 0 || l->v[l->head].expire < lists[best].v[lists[best].head].expire)
      best = a->skills[k];
  }
  if (best < 0)
    return 0;
  *out = lists[best].v[lists[best].head++];
  *skill = best;
  return 1;
}

/* An agent may have capacity: give it work, by priority voice, chat, email,
 * then outbound calls. */
static void dispatch_agent(sim *S, int ai) {
  agent *a = &S->ag[ai];
  for (;;) {
    contact *best = NULL;
    for (int cls = 0; cls < NCLS && !best; cls++) {
      if (!agent_ok(S, a, cls))
        continue;
      for (int k = 0; k < a->nskills; k++) {
        queue *q = &S->q[(int)a->skills[k]][cls];
        if (q->head < 0)
          continue;
        contact *c = &S->c[q->head];
        if (!best || c->enq_at < best->enq_at)
          best = c;
      }
    }
    if (best) {
      offer(S, best, ai);
      continue;
    }
    if (agent_ok(S, a, CLS_VOICE) && in_campaign_hours(S)) {
      req rq;
      int s;
      if (take_request(S, a, S->req_cb, &rq, &s) || take_request(S, a, S->req_camp, &rq, &s))
        dial(S, ai, s, &rq);
    }
    return;
  }
}

static void req_add(sim *S, int s, const req *rq) {
  reqlist *l = rq->campaign == CAMP_CALLBACK ? &S->req_cb[s] : &S->req_camp[s];
  if (l->n == l->cap) {
    if (l->head > 0) {
      memmove(l->v, l->v + l->head, (l->n - l->head) * sizeof *l->v);
      l->n -= l->head;
      l->head = 0;
    }
    if (l->n == l->cap) {
      l->cap = l->cap ? l->cap * 2 : 64;
      l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
  }
  l->v[l->n++] = *rq;
  if (!in_campaign_hours(S))
    return;
  for (int k = 0; k < S->nskill_agents[s]; k++) {
    int ai = S->skill_agents[s][k];
    if (agent_ok(S, &S->ag[ai], CLS_VOICE)) {
      dispatch_agent(S, ai);
      return;
    }
  }
}

/* ------------------------------------------------------------------------ */
/* Contact scripts.                                                          */

static int pick_other_skill(sim *S, int s) {
  int t = (int)below(&S->r, (uint32_t)(S->o.nskills - 1));
  return t >= s ? t + 1 : t;
}

/* A survey or QA event: kept apart from the simulation (its own random
 * stream and its own time-ordered heap, shared with the customer ledger), so
 * surveys only add lines. */
static void survey_put(sim *S, const contact *c, int64_t ts, int type, unsigned fl, int agent, int skill, int label,
                       int32_t value) {
  oev o;
  fill_oev(c, &o, ts, type, fl, agent, skill, label, value);
  o.key = ts;
  o.seq = S->sseq++;
  bheap_push(&S->sh, &o);
}

/* Emit the survey events due before time t. */
static void survey_flush(sim *S, int64_t t) {
  oev o;
  while (S->sh.n && ((const oev *)bheap_top(&S->sh))->key < t) {
    bheap_pop(&S->sh, &o);
    output(S, &o);
  }
}

/* A value from weights in percent (they sum to 100), first value lo. */
static int pick_pct(rng *r, const int *w, int n, int lo) {
  int x = (int)below(r, 100);
  for (int i = 0; i < n; i++) {
    if (x < w[i])
      return lo + i;
    x -= w[i];
  }
  return lo + n - 1;
}

/* When a customer answers a survey: mostly within the hour, some the next
 * day, a few days later. */
static int64_t survey_delay(rng *r) {
  uint32_t x = below(r, 100);
  if (x < 60)
    return urange(r, MIN, HOUR);
  if (x < 90)
    return urange(r, HOUR, DAY_MS);
  return urange(r, DAY_MS, 3 * DAY_MS);
}

/* Surveys after a contact is over (handled by an agent, or solved by
 * self-service). Worse answers after a transfer, an escalation or a reopen.
 * (One draw per statement: argument evaluation order is unspecified.) */
static void surveys(sim *S, contact *c, int64_t tend) {
  if (!S->do_surveys)
    return;
  rng *r = &S->rs;
  int a = c->last_agent, handled = a >= 0;
  int trouble = c->escalated || c->ntransfers > 0 || c->reopened;
  int64_t ts;
  if (chance(r, handled ? 250000 : 100000)) {
    static const int good[5] = {6, 6, 12, 31, 45}, bad[5] = {16, 15, 24, 25, 20};
    int v = pick_pct(r, trouble ? bad : good, 5, 1);
    unsigned fl = F_VALUE;
    if (chance(r, 500000))
      fl |= F_CUST;
    if (handled && chance(r, 250000)) /* the survey tool knows the agent */
      fl |= F_AGENT | F_TEAM | F_SKILL | F_CHAN;
    ts = tend + survey_delay(r);
    survey_put(S, c, ts, T_CSAT, fl, a, c->skill, 0, v);
  }
  if (chance(r, handled ? 100000 : 50000)) {
    static const int w[7] = {4, 5, 7, 11, 17, 26, 30};
    int v = pick_pct(r, w, 7, 1);
    if (trouble && v > 1)
      v -= (int)below(r, (uint32_t)(v < 4 ? v : 4));
    unsigned fl = F_VALUE;
    uint32_t x = below(r, 100);
    if (x < 10)
      fl |= F_CUST | F_NOCONTACT; /* only the customer */
    else if (x < 40)
      fl |= F_CUST;
    ts = tend + survey_delay(r);
    survey_put(S, c, ts, T_CES, fl, -1, -1, 0, v);
  }
  if (chance(r, 80000)) {
    static const int w[11] = {3, 2, 2, 3, 3, 6, 7, 12, 14, 21, 27};
    int v = pick_pct(r, w, 11, 0);
    unsigned fl = F_VALUE | F_CUST;
    if (chance(r, 700000))
      fl |= F_NOCONTACT; /* relationship NPS: the customer only */
    ts = tend + survey_delay(r);
    survey_put(S, c, ts, T_NPS, fl, -1, -1, 0, v);
  }
}

/* A quality evaluation of a sample of agent contacts (e: the agent_end or
 * transfer that ends one), hours to days later, on the channel's form. */
static void qa_sample(sim *S, const oev *e) {
  rng *r = &S->rs;
  if (!chance(r, 60000))
    return;
  oev o = *e;
  int v = chance(r, 100000) ? (int)urange(r, 30, 69) : (int)urange(r, 70, 100);
  o.fl = F_VALUE | F_AGENT | F_LABEL;
  o.value = v;
  if (v < 100 && chance(r, 300000)) { /* a form with half points */
    o.fl |= F_DEC1;
    o.value = v * 10 + 5;
  }
  o.label = (int16_t)(L_F_VOICE + CHANNEL_CLASS[e->chan]);
  o.skill = -1;
  o.type = T_QA_SCORE;
  o.ts = e->ts + urange(r, 2 * HOUR, 4 * DAY_MS);
  o.key = o.ts;
  o.seq = S->sseq++;
  bheap_push(&S->sh, &o);
}

/* A customer-ledger event (no contact) at a future time. */
static void ledger_put(sim *S, const contact *c, int64_t ts, int type, unsigned fl, int32_t value) {
  oev o;
  fill_oev(c, &o, ts, type, fl | F_NOCONTACT | F_CUST, -1, c->skill, 0, value);
  o.key = ts;
  o.seq = S->sseq++;
  bheap_push(&S->sh, &o);
}

/* Revenue after sales and orders, new customers won by sales, churn after
 * complaints and lost win-backs. */
static void ledger(sim *S, const contact *c, int64_t tend, int dispo) {
  if (!S->do_ledger || c->customer == 0)
    return;
  rng *r = &S->rl;
  unsigned camp = c->campaign >= 0 ? F_CAMP : 0;
  int order = c->dir == DIR_IN && c->ctype == L_ORDER;
  int64_t ts;
  if (dispo == L_D_SALE || (order && chance(r, 350000))) {
    int32_t v = (int32_t)(dispo == L_D_SALE ? urange(r, 2000, 60000) : urange(r, 900, 25000));
    ts = tend + urange(r, MIN, 2 * HOUR);
    ledger_put(S, c, ts, T_CUSTOMER_REVENUE, F_VALUE | F_CHAN | F_SKILL | camp, v);
  }
  uint32_t acq = dispo == L_D_SALE && c->campaign != CAMP_CALLBACK ? 300000 : order ? 50000 : c->dir == DIR_IN && camp ? 100000 : 0;
  if (acq && chance(r, acq)) {
    unsigned referral = chance(r, 200000) ? F_VALUE : 0;
    ts = tend + urange(r, MIN, HOUR);
    ledger_put(S, c, ts, T_CUSTOMER_ACQUIRE, camp | referral, 1);
  }
  uint32_t churn = c->dir == DIR_IN && c->ctype == L_COMPLAINT_TYPE ? 40000
                   : c->campaign == CAMP_WINBACK && dispo == L_D_NOT_INTERESTED ? 100000
                                                                                : 0;
  if (churn && chance(r, churn)) {
    ts = tend + urange(r, HOUR, 3 * DAY_MS);
    ledger_put(S, c, ts, T_CUSTOMER_CHURN, 0, 0);
  }
}

/* A contact is over at tend (dispo: its disposition, -1 none). */
static void after_contact(sim *S, contact *c, int64_t tend, int dispo) {
  surveys(S, c, tend);
  ledger(S, c, tend, dispo);
}

/* Tags of a contact (0-2 distinct, rarely one repeated), at the given times. */
static void put_tags(sim *S, contact *c, int64_t t1, int64_t t2) {
  rng *r = &S->r;
  if (c->tagged)
    return;
  c->tagged = 1;
  uint32_t x = below(r, 100);
  int n = x < 50 ? 0 : x < 85 ? 1 : 2;
  int first = (int)below(r, NTAGS);
  for (int i = 0; i < n; i++) {
    int tag = i == 0 ? first : (first + 1 + (int)below(r, NTAGS - 1)) % NTAGS;
    B(c, urange(r, t1, t2), T_TAG, F_LABEL, -1, -1, L_TAG0 + tag, 0);
  }
  if (n && chance(r, 20000)) /* the same tag again: counted once */
    B(c, t2, T_TAG, F_LABEL, -1, -1, L_TAG0 + first, 0);
}

static unsigned opt_agent(rng *r, uint32_t ppm) { return chance(r, ppm) ? F_AGENT : 0; }

/* After-contact work of a leg that ended at tend. */
static int64_t put_acw(sim *S, contact *c, int ai, int64_t tend, int64_t lo, int64_t median, int64_t hi) {
  int64_t acw = clamp64(lognorm(&S->r, median, Q20K(500)), lo, hi);
  B(c, tend + acw, T_ACW_END, F_AGENT, ai, -1, 0, 0);
  bput(c, tend + acw, T_NONE, CTL_RELEASE, 0, ai, -1, NEED[c->cls], 0);
  return tend + acw;
}

/* The leg ends as a transfer to another skill at time t. */
static void put_transfer(sim *S, contact *c, int ai, int64_t t) {
  int target = pick_other_skill(S, c->skill);
  c->ntransfers++;
  B(c, t, T_TRANSFER, F_AGENT | F_SKILL, ai, target, 0, 0);
  bput(c, t, T_NONE, CTL_ENQUEUE, 0, -1, target, 1, 0);
  put_acw(S, c, ai, t, 5 * SEC, 15 * SEC, 60 * SEC);
}

static int can_transfer(sim *S, const contact *c, uint32_t ppm) {
  return S->o.nskills > 1 && c->ntransfers < 2 && c->dir == DIR_IN && chance(&S->r, ppm);
}

/* A voice agent contact answered at ta. */
static void seg_voice(sim *S, contact *c, int ai, int64_t ta) {
  rng *r = &S->r;
  int out = c->dir == DIR_OUT;
  int64_t talk = clamp64(lognorm(r, out ? 170 * SEC : 210 * SEC, Q20K(550)), 15 * SEC, 2 * HOUR);
  int64_t hoff[2] = {0, 0}, hdur[2] = {0, 0};
  int nh = 0;
  if (chance(r, out ? 50000 : 200000)) {
    hoff[0] = talk * urange(r, 15, 60) / 100;
    hdur[0] = clamp64(lognorm(r, 40 * SEC, Q20K(700)), 5 * SEC, 10 * MIN);
    nh = 1;
    if (chance(r, 250000)) {
      hoff[1] = hoff[0] + (talk - hoff[0]) * urange(r, 30, 90) / 100;
      hdur[1] = clamp64(lognorm(r, 30 * SEC, Q20K(700)), 5 * SEC, 10 * MIN);
      nh = 2;
    }
  }
  int64_t shift = 0;
  for (int i = 0; i < nh; i++) {
    int64_t th = ta + hoff[i] + shift;
    unsigned fa = opt_agent(r, 500000);
    B(c, th, T_HOLD, fa, ai, -1, 0, 0);
    B(c, th + hdur[i], T_RESUME, fa, ai, -1, 0, 0);
    shift += hdur[i];
  }
  int64_t end = ta + talk + shift;
  put_tags(S, c, ta + 5 * SEC < end ? ta + 5 * SEC : ta, end);
  if (!c->escalated && !out && chance(r, 30000)) {
    c->escalated = 1;
    B(c, urange(r, ta + (end - ta) * 3 / 10, end), T_ESCALATE, F_AGENT, ai, -1, 0, 0);
  }
  if (!out && can_transfer(S, c, 80000)) {
    put_transfer(S, c, ai, end);
    return;
  }
  B(c, end, T_AGENT_END, opt_agent(r, 900000), ai, -1, 0, 0);
  B(c, end, T_CONTACT_END, 0, -1, -1, 0, 0);
  int64_t acw_end = put_acw(S, c, ai, end, 5 * SEC, 25 * SEC, 4 * MIN);
  int dispo;
  if (out) {
    static const int d[4] = {L_D_SALE, L_D_NO_SALE, L_D_CALLBACK_SCHEDULED, L_D_NOT_INTERESTED};
    dispo = d[below(r, 4)];
  } else {
    static const int d[4] = {L_D_RESOLVED, L_D_INFO_GIVEN, L_D_FOLLOW_UP, L_D_ESCALATED};
    dispo = c->escalated ? L_D_ESCALATED : d[below(r, 3)];
  }
  int64_t td = urange(r, end, acw_end);
  B(c, td, T_DISPOSITION, F_AGENT | F_LABEL, ai, -1, dispo, 0);
  if (chance(r, out ? 250000 : 450000)) {
    int64_t tr = urange(r, td, acw_end);
    B(c, tr, T_RESOLVE, opt_agent(r, 900000), ai, -1, 0, 0);
  }
  c->state = ST_DONE;
  after_contact(S, c, end, dispo);
}

/* End of a digital leg at t: resolve or not, disposition, agent_end, ACW,
 * then a reopen, a customer reply (email) or the contact's end. */
static void digital_close(sim *S, contact *c, int ai, int64_t t, int resolved, int dispo) {
  rng *r = &S->r;
  if (resolved)
    B(c, t, T_RESOLVE, opt_agent(r, 900000), ai, -1, 0, 0);
  B(c, t, T_DISPOSITION, F_AGENT | F_LABEL, ai, -1, dispo, 0);
  int64_t tend = t + urange(r, 0, 10 * SEC);
  B(c, tend, T_AGENT_END, opt_agent(r, 900000), ai, -1, 0, 0);
  put_acw(S, c, ai, tend, 5 * SEC, 25 * SEC, 3 * MIN);
  if (resolved && !c->reopened && chance(r, c->cls == CLS_CHAT ? 40000 : 20000)) {
    /* the customer writes back within minutes: reopen, more messages */
    c->reopened = 1;
    int64_t tr = t + urange(r, 60 * SEC, 240 * SEC);
    if (tr <= tend)
      tr = tend + SEC;
    B(c, tr, T_REOPEN, 0, -1, -1, 0, 0);
    int64_t tm = tr + urange(r, 0, 10 * SEC);
    B(c, tm, T_CUSTOMER_MESSAGE, 0, -1, -1, 0, 0);
    bput(c, tm, T_NONE, CTL_ENQUEUE, 0, -1, c->skill, 1, 0);
    return;
  }
  if (!resolved && c->cls == CLS_EMAIL && c->round < 3 && chance(r, 850000)) {
    /* the customer answers the email later */
    c->round++;
    int64_t tr = tend + clamp64(lognorm(r, 90 * MIN, Q20K(900)), 5 * MIN, 10 * HOUR);
    B(c, tr, T_CUSTOMER_MESSAGE, 0, -1, -1, 0, 0);
    if (chance(r, 150000)) { /* and adds something */
      tr += urange(r, 10 * SEC, 5 * MIN);
      B(c, tr, T_CUSTOMER_MESSAGE, 0, -1, -1, 0, 0);
    }
    bput(c, tr, T_NONE, CTL_ENQUEUE, 0, -1, c->skill, 1, 0);
    return;
  }
  B(c, tend, T_CONTACT_END, 0, -1, -1, 0, 0);
  c->state = ST_DONE;
  after_contact(S, c, tend, dispo);
}

/* A chat-like agent contact answered at ta. */
static void seg_chat(sim *S, contact *c, int ai, int64_t ta) {
  rng *r = &S->r;
  int64_t t = ta;
  int focus = 0;
  int rounds = (int)urange(r, 2, 4);
  int tag_round = (int)below(r, (uint32_t)rounds);
  for (int k = 0; k < rounds; k++) {
    int64_t first = t + (k == 0 ? urange(r, 4 * SEC, 45 * SEC)
                                : clamp64(lognorm(r, 35 * SEC, Q20K(600)), 5 * SEC, 10 * MIN));
    if (!focus && (k == 0 || chance(r, 600000))) {
      int64_t fs = first - urange(r, SEC, 15 * SEC);
      B(c, fs > t ? fs : t, T_FOCUS_START, opt_agent(r, 800000), ai, -1, 0, 0);
      focus = 1;
    }
    int nm = 1 + chance(r, 300000);
    nm += chance(r, 100000);
    t = first;
    B(c, t, T_AGENT_MESSAGE, F_AGENT, ai, -1, 0, 0);
    for (int m = 1; m < nm; m++) {
      t += urange(r, 3 * SEC, 20 * SEC);
      B(c, t, T_AGENT_MESSAGE, F_AGENT, ai, -1, 0, 0);
    }
    if (k == tag_round) {
      put_tags(S, c, t, t + 5 * SEC);
      t += 5 * SEC;
    }
    if (focus && (k == rounds - 1 || chance(r, 400000))) {
      t += urange(r, 500, 5 * SEC);
      B(c, t, T_FOCUS_END, opt_agent(r, 800000), ai, -1, 0, 0);
      focus = 0;
    }
    if (k == rounds - 1)
      break;
    int nc = 1 + chance(r, 350000);
    nc += chance(r, 100000);
    t += clamp64(lognorm(r, 40 * SEC, Q20K(700)), 3 * SEC, 15 * MIN);
    B(c, t, T_CUSTOMER_MESSAGE, 0, -1, -1, 0, 0);
    for (int m = 1; m < nc; m++) {
      t += urange(r, 2 * SEC, 25 * SEC);
      B(c, t, T_CUSTOMER_MESSAGE, 0, -1, -1, 0, 0);
    }
  }
  if (!c->escalated && chance(r, 20000)) {
    c->escalated = 1;
    t += urange(r, SEC, 10 * SEC);
    B(c, t, T_ESCALATE, F_AGENT, ai, -1, 0, 0);
  }
  if (can_transfer(S, c, 30000)) {
    put_transfer(S, c, ai, t + urange(r, 5 * SEC, 30 * SEC));
    return;
  }
  if (chance(r, 50000)) { /* the customer went away */
    digital_close(S, c, ai, t + urange(r, MIN, 5 * MIN), 0, L_D_CUSTOMER_LEFT);
    return;
  }
  int resolved = chance(r, c->reopened ? 950000 : 880000);
  digital_close(S, c, ai, t + urange(r, 2 * SEC, 20 * SEC), resolved,
                c->escalated ? L_D_ESCALATED : resolved ? L_D_RESOLVED : L_D_FOLLOW_UP);
}

/* An email-like agent contact answered at ta. */
static void seg_email(sim *S, contact *c, int ai, int64_t ta) {
  rng *r = &S->r;
  int64_t fs = ta + urange(r, 2 * SEC, 60 * SEC);
  B(c, fs, T_FOCUS_START, opt_agent(r, 800000), ai, -1, 0, 0);
  int64_t t = fs + clamp64(lognorm(r, 4 * MIN, Q20K(600)), 30 * SEC, 40 * MIN);
  B(c, t, T_AGENT_MESSAGE, F_AGENT, ai, -1, 0, 0);
  if (chance(r, 50000)) {
    t += urange(r, 10 * SEC, 2 * MIN);
    B(c, t, T_AGENT_MESSAGE, F_AGENT, ai, -1, 0, 0);
  }
  put_tags(S, c, fs, t);
  t += urange(r, SEC, 10 * SEC);
  B(c, t, T_FOCUS_END, opt_agent(r, 800000), ai, -1, 0, 0);
  if (can_transfer(S, c, 30000)) {
    put_transfer(S, c, ai, t + urange(r, SEC, 20 * SEC));
    return;
  }
  int resolved = chance(r, c->round >= 2 || c->reopened ? 900000 : 620000);
  digital_close(S, c, ai, t + urange(r, SEC, 5 * SEC), resolved, resolved ? L_D_RESOLVED : L_D_FOLLOW_UP);
}

static void segment(sim *S, contact *c, int ai, int64_t ta) {
  c->state = ST_LEG;
  c->last_agent = (int16_t)ai;
  if (c->cls == CLS_VOICE)
    seg_voice(S, c, ai, ta);
  else if (c->cls == CLS_CHAT)
    seg_chat(S, c, ai, ta);
  else
    seg_email(S, c, ai, ta);
}

/* An outbound call: the agent dials now. */
static void dial(sim *S, int ai, int s, const req *rq) {
  rng *r = &S->r;
  contact *c = contact_new(S);
  c->chan = 0;
  c->cls = CLS_VOICE;
  c->dir = DIR_OUT;
  c->skill = (int8_t)s;
  c->campaign = rq->campaign;
  c->customer = rq->customer;
  c->ctype = rq->campaign == CAMP_CALLBACK ? L_CALLBACK_TYPE : L_SALES_CALL;
  c->state = ST_LEG;
  S->ag[ai].load = CAP;
  S->ag[ai].dialing = 1;
  agent_dirty(S, ai);
  emit(S, c, T_CONTACT_START, F_CHAN | F_DIR | F_CUST | F_SKILL | F_CAMP | F_LABEL, -1, s, c->ctype, 0);
  int64_t ring = urange(r, 4 * SEC, 30 * SEC);
  if (chance(r, rq->campaign == CAMP_CALLBACK ? 800000 : 550000)) {
    B(c, S->now + ring, T_ANSWER, F_AGENT | F_TEAM, ai, -1, 0, 0);
    segment(S, c, ai, S->now + ring);
  } else {
    int64_t tend = S->now + urange(r, 20 * SEC, 35 * SEC);
    B(c, tend, T_CONTACT_END, 0, -1, -1, 0, 0);
    int64_t td = tend + urange(r, SEC, 8 * SEC);
    B(c, td, T_DISPOSITION, F_AGENT | F_LABEL, ai, -1, chance(r, 300000) ? L_D_VOICEMAIL_LEFT : L_D_NO_ANSWER, 0);
    bput(c, td, T_NONE, CTL_RELEASE, 0, ai, -1, CAP, 0);
    c->state = ST_DONE;
  }
  resched(S, c);
}

static uint32_t pick_customer(sim *S) {
  rng *r = &S->r;
  uint32_t u;
  if (S->nrecent > 0 && chance(r, 120000))
    u = S->recent[below(r, (uint32_t)S->nrecent)];
  else
    u = 1 + below(r, S->pool);
  S->recent[S->recent_pos] = u;
  S->recent_pos = (S->recent_pos + 1) % S->recent_cap;
  if (S->nrecent < S->recent_cap)
    S->nrecent++;
  return u;
}

static int pick_weighted(rng *r, const int64_t *w, int n, int64_t sum) {
  int64_t x = (int64_t)mulshr(rng_next(r) >> 11, (uint64_t)sum, 53);
  for (int i = 0; i < n; i++) {
    if (x < w[i])
      return i;
    x -= w[i];
  }
  return n - 1;
}

/* A new contact arrives now. */
static void arrival(sim *S) {
  rng *r = &S->r;
  int ch = pick_weighted(r, S->o.chan_w, NCHANNELS, S->chan_wsum);
  int s = pick_weighted(r, S->skill_w, S->o.nskills, S->skill_wsum);
  uint32_t cust = pick_customer(S);
  int cls = CHANNEL_CLASS[ch];
  int64_t t = S->now;
  if (cls == CLS_VOICE && chance(r, 80000)) {
    int64_t hour = (t - floordiv(t, DAY_MS) * DAY_MS) / HOUR;
    if (hour >= 9 && hour < 19) { /* an outbound campaign call to place */
      static const int64_t cw[3] = {5, 3, 2};
      req rq = {t + 3 * HOUR, cust, (int16_t)pick_weighted(r, cw, 3, 10)};
      int sk = s;
      for (int i = 0; i < S->o.nskills; i++)
        if (strcmp(S->o.skills[i], "sales") == 0)
          sk = i;
      req_add(S, sk, &rq);
      return;
    }
  }
  contact *c = contact_new(S);
  c->chan = (uint8_t)ch;
  c->cls = (uint8_t)cls;
  c->dir = DIR_IN;
  c->customer = cust;
  c->skill = (int8_t)s;
  static const int64_t tw[4] = {45, 15, 20, 20};
  c->ctype = (int16_t)pick_weighted(r, tw, 4, 100);
  if (strcmp(S->o.skills[s], "sales") == 0 && chance(r, 150000))
    c->campaign = (int16_t)below(r, 3);
  emit(S, c, T_CONTACT_START, F_CHAN | F_DIR | F_CUST | F_SKILL | F_CAMP | F_LABEL, -1, s, c->ctype, 0);
  if (cls == CLS_VOICE) {
    if (chance(r, 3000)) { /* trunks busy */
      emit(S, c, T_BLOCKED, F_SKILL, -1, s, 0, 0);
      c->state = ST_DONE;
      maybe_free(S, c);
      return;
    }
    int64_t ivr = urange(r, 8 * SEC, 45 * SEC);
    if (chance(r, 70000)) { /* self-service in the IVR */
      int solved = chance(r, 500000);
      if (solved)
        B(c, t + ivr, T_RESOLVE, 0, -1, -1, 0, 0);
      B(c, t + ivr, T_CONTACT_END, 0, -1, -1, 0, 0);
      c->state = ST_DONE;
      if (solved)
        after_contact(S, c, t + ivr, -1);
    } else {
      bput(c, t + ivr, T_NONE, CTL_ENQUEUE, 0, -1, s, 0, 0);
    }
  } else if (cls == CLS_CHAT) {
    emit(S, c, T_CUSTOMER_MESSAGE, 0, -1, -1, 0, 0);
    int64_t tq = t;
    if (chance(r, 250000)) {
      tq += urange(r, 2 * SEC, 15 * SEC);
      B(c, tq, T_CUSTOMER_MESSAGE, 0, -1, -1, 0, 0);
    }
    if (chance(r, 400000)) { /* a bot greets first */
      tq += urange(r, SEC, 3 * SEC);
      B(c, tq, T_BOT_MESSAGE, 0, -1, -1, 0, 0);
      tq += urange(r, 8 * SEC, 40 * SEC);
      B(c, tq, T_CUSTOMER_MESSAGE, 0, -1, -1, 0, 0);
      tq += urange(r, SEC, 3 * SEC);
      B(c, tq, T_BOT_MESSAGE, 0, -1, -1, 0, 0);
      if (chance(r, 120000)) { /* the bot solved it */
        tq += urange(r, 10 * SEC, 60 * SEC);
        B(c, tq, T_RESOLVE, 0, -1, -1, 0, 0);
        B(c, tq, T_CONTACT_END, 0, -1, -1, 0, 0);
        c->state = ST_DONE;
        after_contact(S, c, tq, -1);
        resched(S, c);
        return;
      }
    }
    bput(c, tq, T_NONE, CTL_ENQUEUE, 0, -1, s, 0, 0);
  } else {
    emit(S, c, T_CUSTOMER_MESSAGE, 0, -1, -1, 0, 0);
    if (chance(r, 300000))
      B(c, t + urange(r, SEC, 10 * SEC), T_BOT_MESSAGE, 0, -1, -1, 0, 0);
    bput(c, t, T_NONE, CTL_ENQUEUE, 0, -1, s, 0, 0);
  }
  resched(S, c);
}

/* CTL_ENQUEUE: the contact starts waiting in skill s now. */
static void enqueue(sim *S, contact *c, int s, int requeue) {
  rng *r = &S->r;
  queue *q = &S->q[s][c->cls];
  c->skill = (int8_t)s;
  if (!requeue && c->cls != CLS_EMAIL && q->len >= S->qcap[s][c->cls]) {
    emit(S, c, T_BLOCKED, F_SKILL, -1, s, 0, 0);
    c->state = ST_DONE;
    return;
  }
  emit(S, c, T_QUEUE_ENTER, F_SKILL, -1, s, 0, 0);
  c->qskill = (int8_t)s;
  c->state = ST_QUEUED;
  c->enq_at = S->now;
  c->qgen++;
  uint32_t ci = cidx(S, c);
  int64_t at = INT64_MAX;
  int kind = QT_ABANDON;
  if (c->cls == CLS_VOICE) {
    int64_t p = chance(r, 30000) ? urange(r, 500, 4900) : clamp64(lognorm(r, 150 * SEC, Q20K(900)), 5 * SEC, HOUR);
    at = S->now + (requeue ? 3 * p : p);
    if (!requeue && c->dir == DIR_IN && chance(r, 80000)) {
      int64_t cb = S->now + urange(r, MIN, 4 * MIN);
      if (cb < at) {
        at = cb;
        kind = QT_CALLBACK;
      }
    }
    if (S->now + 15 * MIN < at) {
      at = S->now + 15 * MIN;
      kind = QT_FLOWOUT;
    }
  } else if (c->cls == CLS_CHAT) {
    int64_t p = chance(r, 30000) ? urange(r, SEC, 4900) : clamp64(lognorm(r, 4 * MIN, Q20K(800)), 10 * SEC, HOUR);
    at = S->now + (requeue ? 2 * p : p);
    if (S->now + 20 * MIN < at) {
      at = S->now + 20 * MIN;
      kind = QT_FLOWOUT;
    }
    if (chance(r, 400000))
      heap_push(S, S->now + urange(r, 30 * SEC, 2 * MIN), K_QTIMER, ci, c->qgen, QT_HELLO);
  } else {
    at = S->now + 20 * HOUR;
    kind = QT_FLOWOUT;
  }
  heap_push(S, at, K_QTIMER, ci, c->qgen, kind);
  q_append(S, c);
  if (q->head == (int32_t)ci)
    dispatch_contact(S, c);
}

/* The contact leaves the queue without an agent (already emitted the event). */
static void leave_queue_end(sim *S, contact *c) {
  c->qgen++;
  emit(S, c, T_CONTACT_END, 0, -1, -1, 0, 0);
  c->state = ST_DONE;
  maybe_free(S, c);
}

static void on_qtimer(sim *S, contact *c, int kind) {
  rng *r = &S->r;
  if (kind == QT_HELLO) {
    if (c->state == ST_QUEUED || c->state == ST_RINGING) {
      emit(S, c, T_CUSTOMER_MESSAGE, 0, -1, -1, 0, 0);
      if (chance(r, 300000))
        heap_push(S, S->now + urange(r, 30 * SEC, 3 * MIN), K_QTIMER, cidx(S, c), c->qgen, QT_HELLO);
    }
    return;
  }
  if (kind == QT_ABANDON) {
    if (c->state == ST_QUEUED) {
      q_remove(S, c);
    } else if (c->state == ST_RINGING) {
      int ai = c->ring_agent;
      agent_release(S, ai, NEED[c->cls]);
      c->ring_agent = -1;
      emit(S, c, T_QUEUE_ABANDON, 0, -1, -1, 0, 0);
      leave_queue_end(S, c);
      dispatch_agent(S, ai);
      return;
    } else {
      return;
    }
    emit(S, c, T_QUEUE_ABANDON, 0, -1, -1, 0, 0);
    leave_queue_end(S, c);
    return;
  }
  /* flow-out: timeout or callback; not while ringing */
  if (c->state != ST_QUEUED) {
    if (c->state == ST_RINGING) /* try again a little later */
      heap_push(S, S->now + 30 * SEC, K_QTIMER, cidx(S, c), c->qgen, kind);
    return;
  }
  q_remove(S, c);
  int label = kind == QT_CALLBACK                ? L_R_CALLBACK
              : c->cls == CLS_VOICE && chance(r, 500000) ? L_R_VOICEMAIL
                                                         : L_R_TIMEOUT;
  emit(S, c, T_QUEUE_EXIT, F_LABEL, -1, -1, label, 0);
  if (c->cls == CLS_CHAT)
    emit(S, c, T_BOT_MESSAGE, 0, -1, -1, 0, 0);
  if (kind == QT_CALLBACK) {
    /* the callback request joins the outbound list a little later */
    heap_push(S, S->now + urange(r, 5 * MIN, 45 * MIN), K_OUTREQ, c->customer, (uint32_t)c->qskill, 0);
  }
  leave_queue_end(S, c);
}

static void on_ring(sim *S, contact *c, int miss) {
  rng *r = &S->r;
  int ai = c->ring_agent;
  agent *a = &S->ag[ai];
  c->ring_agent = -1;
  if (miss) {
    emit(S, c, T_OFFER_MISS, F_AGENT, ai, -1, 0, 0);
    agent_release(S, ai, NEED[c->cls]);
    a->ready_at = S->now + 20 * SEC + clamp64(expo(r, 40 * SEC), 0, 5 * MIN); /* not ready for a while */
    heap_push(S, a->ready_at, K_READY, (uint32_t)ai, 0, 0);
    c->state = ST_QUEUED;
    q_append(S, c);
    if (S->q[(int)c->qskill][c->cls].head == (int32_t)cidx(S, c))
      dispatch_contact(S, c);
    return;
  }
  c->qgen++; /* the queue visit is over: its timers are stale */
  emit(S, c, T_ANSWER, F_AGENT | F_TEAM, ai, -1, 0, 0);
  segment(S, c, ai, S->now);
  resched(S, c);
}

/* Run the due entries of a contact's buffer. */
static void on_buf(sim *S, contact *c) {
  c->sched_ts = -1;
  while (c->head < c->n && c->buf[c->head].ts <= S->now) {
    pev p = c->buf[c->head++];
    if (p.ctl == CTL_ENQUEUE) {
      enqueue(S, c, p.skill, p.label);
    } else if (p.ctl == CTL_RELEASE) {
      S->ag[p.agent].dialing = 0;
      agent_release(S, p.agent, p.label);
      dispatch_agent(S, p.agent);
    } else {
      oev o;
      fill_oev(c, &o, p.ts, p.type, p.fl, p.agent, p.skill, p.label, p.value);
      output(S, &o);
    }
  }
  resched(S, c);
  maybe_free(S, c);
}

/* ------------------------------------------------------------------------ */
/* Agent states.                                                             */

/* Each agent's state follows its work: logged in (available) when its
 * shift starts, busy while an agent contact is connected or an outbound call
 * is being placed, acw while only after-contact work is left, not_ready on a
 * break (which starts when the agent is idle: it takes no new work once the
 * break is due) or after a missed offer, logged_out when its shift is over
 * and its work done. The state is recomputed after each step of the
 * simulation for the agents that step touched. */

static int sim_running(const sim *S) { return !S->arrivals_done || S->active > 0; }

static void state_put(sim *S, int ai, int st, int32_t reason) {
  agent *a = &S->ag[ai];
  oev o;
  memset(&o, 0, sizeof o);
  o.ts = S->now;
  o.type = T_AGENT_STATE;
  o.fl = F_NOCONTACT | F_AGENT | F_TEAM | F_LABEL | (reason ? F_VALUE : 0);
  o.agent = (int16_t)ai;
  o.label = (int16_t)st;
  o.value = reason;
  o.skill = -1;
  o.campaign = -1;
  a->st = (int16_t)st;
  a->st_reason = reason;
  a->st_ts = S->now;
  output(S, &o);
}

/* The next break is wanted `after` from now (none once the run winds down). */
static void plan_break(sim *S, int ai, int64_t after) {
  agent *a = &S->ag[ai];
  a->bgen++;
  a->brk_due = INT64_MAX;
  if (!sim_running(S))
    return;
  a->brk_due = S->now + after;
  heap_push(S, a->brk_due, K_AGENT, (uint32_t)ai, a->bgen, KA_BREAK_DUE);
}

/* An idle agent whose break is due takes it: lunch three to four and a half
 * hours after logging in, sometimes a training, else a short break. */
static void start_break(sim *S, int ai) {
  agent *a = &S->ag[ai];
  rng *r = &S->ra;
  int64_t dur;
  int64_t lunch_after = 3 * HOUR + (int64_t)below(r, 90) * MIN;
  if (S->now - a->last_lunch >= lunch_after) {
    a->brk_reason = R_LUNCH;
    dur = urange(r, 30 * MIN, 45 * MIN);
    a->last_lunch = S->now;
  } else if (chance(r, 70000)) {
    a->brk_reason = R_TRAINING;
    dur = urange(r, 30 * MIN, 60 * MIN);
  } else {
    a->brk_reason = R_BREAK;
    dur = urange(r, 10 * MIN, 15 * MIN);
  }
  a->brk_until = S->now + dur;
  a->brk_due = INT64_MAX;
  a->bgen++;
  heap_push(S, a->brk_until, K_AGENT, (uint32_t)ai, a->bgen, KA_BREAK_END);
}

static void agent_sync(sim *S, int ai) {
  agent *a = &S->ag[ai];
  a->dirty = 0;
  if (!a->logged) {
    if (!a->on_duty)
      return;
    a->logged = 1;
    a->last_lunch = S->now;
    a->brk_until = 0;
    plan_break(S, ai, urange(&S->ra, 90 * MIN, 150 * MIN));
  }
  int working = a->nconn > 0 || a->dialing;
  int idle = !working && a->nacw == 0 && a->load == 0;
  if (!a->on_duty && idle) {
    a->logged = 0;
    a->brk_until = 0;
    a->brk_due = INT64_MAX;
    a->bgen++;
    state_put(S, ai, L_S_LOGGED_OUT, 0);
    return;
  }
  if (idle && a->brk_until <= S->now && a->brk_due <= S->now)
    start_break(S, ai);
  int st = L_S_AVAILABLE;
  int32_t reason = 0;
  if (working) {
    st = L_S_BUSY;
  } else if (a->nacw > 0) {
    st = L_S_ACW;
  } else if (a->brk_until > S->now) {
    st = L_S_NOT_READY;
    reason = a->brk_reason;
  } else if (a->load == 0 && S->now < a->ready_at) {
    st = L_S_NOT_READY;
    reason = R_MISSED_OFFER;
  }
  if (st != a->st || reason != a->st_reason)
    state_put(S, ai, st, reason);
}

static void agents_sync(sim *S) {
  for (int i = 0; i < S->ndirty; i++)
    agent_sync(S, S->dirty[i]);
  S->ndirty = 0;
}

static void on_agent(sim *S, int ai, uint32_t gen, int sub) {
  agent *a = &S->ag[ai];
  if (a->bgen != gen || !a->logged)
    return;
  if (sub == KA_BREAK_END) {
    plan_break(S, ai, urange(&S->ra, 100 * MIN, 140 * MIN));
    dispatch_agent(S, ai);
  }
  agent_dirty(S, ai);
}

/* An agent contact starts, ends or finishes its after-contact work (e is
 * the event written; not for --bad lines). */
static void leg_event(sim *S, const oev *e) {
  int ai = e->agent;
  if (ai < 0)
    return;
  if (S->do_states) {
    agent *a = &S->ag[ai];
    if (e->type == T_ANSWER) {
      a->nconn++;
      a->dialing = 0;
    } else if (e->type == T_ACW_END) {
      if (a->nacw > 0)
        a->nacw--;
    } else {
      if (a->nconn > 0)
        a->nconn--;
      a->nacw++;
    }
    agent_dirty(S, ai);
  }
  if (S->do_surveys && (e->type == T_AGENT_END || e->type == T_TRANSFER))
    qa_sample(S, e);
}

/* ------------------------------------------------------------------------ */
/* Costs: the staffed agents' wages per skill and channel each 15 minutes,   */
/* and a daily platform fee per channel and budget per campaign.            */

static void cost_put(sim *S, int skill, int chan, int campaign, int32_t value) {
  oev o;
  memset(&o, 0, sizeof o);
  o.ts = S->now;
  o.type = T_COST;
  o.fl = F_NOCONTACT | F_VALUE | F_CHAN | (skill >= 0 ? F_SKILL : 0) | (campaign >= 0 ? F_CAMP : 0);
  o.skill = (int8_t)skill;
  o.chan = (uint8_t)chan;
  o.campaign = (int16_t)campaign;
  o.agent = -1;
  o.value = value;
  output(S, &o);
}

static void book_costs(sim *S, int new_day) {
  if (!S->do_ledger || S->now >= S->horizon)
    return;
  rng *r = &S->rl;
  int cls_chan[NCLS] = {-1, -1, -1};
  for (int i = NCHANNELS - 1; i >= 0; i--)
    if (S->o.chan_w[i] > 0)
      cls_chan[CHANNEL_CLASS[i]] = i;
  if (new_day) {
    for (int i = 0; i < NCHANNELS; i++)
      if (S->o.chan_w[i] > 0)
        cost_put(S, -1, i, -1, (int32_t)urange(r, 3000, 8000));
    if (cls_chan[CLS_VOICE] >= 0)
      for (int k = 0; k < CAMP_CALLBACK; k++)
        cost_put(S, -1, cls_chan[CLS_VOICE], k, (int32_t)urange(r, 8000, 20000));
  }
  static int64_t sum[MAX_SKILLS][NCLS];
  memset(sum, 0, sizeof sum);
  for (int i = 0; i < S->na; i++) {
    const agent *a = &S->ag[i];
    if (!a->on_duty)
      continue;
    int nm = 0;
    for (int k = 0; k < NCLS; k++)
      nm += (a->media >> k) & 1;
    if (nm == 0)
      continue;
    int64_t q = a->wage / 4, share = q / nm, first = 1;
    for (int k = 0; k < NCLS; k++) {
      if (!((a->media >> k) & 1))
        continue;
      sum[(int)a->prim][k] += share + (first ? q - share * nm : 0);
      first = 0;
    }
  }
  for (int s = 0; s < S->o.nskills; s++)
    for (int k = 0; k < NCLS; k++)
      if (sum[s][k] > 0 && cls_chan[k] >= 0)
        cost_put(S, s, cls_chan[k], -1, (int32_t)sum[s][k]);
}

/* ------------------------------------------------------------------------ */
/* Invalid lines (--bad).                                                    */

#define NBAD_KINDS 17     /* with --contacts-only */
#define NBAD_KINDS_ALL 28 /* with the other event families */

static void inject_bad(sim *S, const oev *ans) {
  if (S->in_bad)
    return;
  /* only now and then, spread over the run */
  uint64_t expected = S->bad_expected > 0 ? (uint64_t)S->bad_expected : 1;
  if (expected > UINT32_MAX)
    expected = UINT32_MAX;
  if ((uint64_t)below(&S->rb, (uint32_t)expected) >= 2 * (uint64_t)S->bad_left)
    return;
  oev o = *ans;
  int kind = (int)(S->bad_kind % (S->o.contacts_only ? NBAD_KINDS : NBAD_KINDS_ALL));
  S->bad_left--;
  S->bad_kind++;
  o.fl = 0;
  o.value = 0;
  o.label = 0;
  o.skill = -1;
  o.type = T_BAD_NAME;
  switch (kind) {
  case 0: /* unknown event name */
    o.type = T_BAD_NAME;
    break;
  case 1: /* queue_enter without its skill */
    o.type = T_QUEUE_ENTER;
    break;
  case 2: /* a contact never started */
    o.type = T_CUSTOMER_MESSAGE;
    o.fl = F_BADCONTACT;
    o.contact = ++S->bad_no;
    break;
  case 3: /* resume without hold */
    o.type = T_RESUME;
    o.fl = F_AGENT;
    break;
  case 4: /* hold naming another agent than the leg's */
    o.type = T_HOLD;
    o.fl = F_AGENT | F_BADAGENT;
    break;
  case 5: /* answer while an agent contact is open */
    o.type = T_ANSWER;
    o.fl = F_AGENT | F_TEAM;
    break;
  case 6: /* contact_end while an agent contact is open */
    o.type = T_CONTACT_END;
    break;
  case 7: /* reopen of a contact that is not resolved */
    o.type = T_REOPEN;
    break;
  case 8: /* queue_abandon without a queue visit */
    o.type = T_QUEUE_ABANDON;
    break;
  case 9: /* focus_end without focus_start */
    o.type = T_FOCUS_END;
    o.fl = F_AGENT;
    break;
  case 10: /* contact_start for a contact that is open */
    o.type = T_CONTACT_START;
    o.fl = F_CHAN | F_DIR | F_CUST;
    break;
  case 11: /* time going backwards within the contact */
    o.type = T_HOLD;
    o.fl = F_AGENT;
    o.ts -= 5 * SEC;
    break;
  case 12: /* offer without its agent */
    o.type = T_OFFER;
    break;
  case 13: /* an unknown channel */
    o.type = T_CONTACT_START;
    o.fl = F_CHAN | F_DIR | F_CUST | F_BADCONTACT;
    o.chan = CH_BAD;
    o.contact = ++S->bad_no;
    break;
  case 14: /* tag without its label */
    o.type = T_TAG;
    break;
  case 15: /* offer_miss of an agent that was offered nothing */
    o.type = T_OFFER_MISS;
    o.fl = F_AGENT | F_BADAGENT; /* no open offer to that agent */
    break;
  case 16: /* contact_start without direction */
    o.type = T_CONTACT_START;
    o.fl = F_CHAN | F_CUST | F_BADCONTACT;
    o.contact = ++S->bad_no;
    break;
  case 17: /* csat out of its scale */
    o.type = T_CSAT;
    o.fl = F_VALUE;
    o.value = 6;
    break;
  case 18: /* nps out of its scale */
    o.type = T_NPS;
    o.fl = F_VALUE | F_CUST | F_NOCONTACT;
    o.value = 11;
    break;
  case 19: /* ces out of its scale */
    o.type = T_CES;
    o.fl = F_VALUE;
    o.value = 0;
    break;
  case 20: /* qa_score above 100 */
    o.type = T_QA_SCORE;
    o.fl = F_VALUE | F_DEC1 | F_AGENT | F_LABEL;
    o.value = 1005;
    o.label = (int16_t)(L_F_VOICE + CHANNEL_CLASS[o.chan]);
    break;
  case 21: /* an agent state that does not exist */
    o.type = T_AGENT_STATE;
    o.fl = F_NOCONTACT | F_AGENT | F_TEAM | F_LABEL;
    o.label = L_S_BAD;
    break;
  case 22: /* an agent state earlier than the agent's previous one */
    o.type = T_AGENT_STATE;
    o.fl = F_NOCONTACT | F_AGENT | F_TEAM | F_LABEL;
    o.label = L_S_AVAILABLE;
    o.ts = S->ag[o.agent].st_ts - SEC;
    break;
  case 23: /* an agent state without its state */
    o.type = T_AGENT_STATE;
    o.fl = F_NOCONTACT | F_AGENT;
    break;
  case 24: /* csat naming neither a contact nor a customer */
    o.type = T_CSAT;
    o.fl = F_VALUE | F_NOCONTACT;
    o.value = 4;
    break;
  case 25: /* a cost with a fraction of a minor unit */
    o.type = T_COST;
    o.fl = F_VALUE | F_DEC1 | F_CHAN | F_NOCONTACT;
    o.value = 125;
    break;
  case 26: /* customer_acquire with a referral flag other than 0 or 1 */
    o.type = T_CUSTOMER_ACQUIRE;
    o.fl = F_VALUE | F_CUST | F_NOCONTACT;
    o.value = 2;
    break;
  default: /* customer_revenue without its customer */
    o.type = T_CUSTOMER_REVENUE;
    o.fl = F_VALUE | F_NOCONTACT;
    o.value = 1500;
    break;
  }
  S->in_bad = 1;
  output(S, &o);
  S->in_bad = 0;
}

/* Whatever --bad still owes at the end: lines that need no contact state. */
static void inject_rest(sim *S) {
  static const int kinds[4] = {0, 2, 13, 16};
  int i = 0;
  while (S->bad_left > 0) {
    oev o;
    memset(&o, 0, sizeof o);
    o.ts = S->last_ts;
    o.skill = -1;
    o.campaign = -1;
    o.customer = 1;
    o.contact = ++S->bad_no;
    o.fl = F_BADCONTACT;
    switch (kinds[i++ % 4]) {
    case 0:
      o.type = T_BAD_NAME;
      break;
    case 2:
      o.type = T_CUSTOMER_MESSAGE;
      break;
    case 13:
      o.type = T_CONTACT_START;
      o.fl |= F_CHAN | F_DIR | F_CUST;
      o.chan = CH_BAD;
      o.dir = DIR_IN;
      break;
    default:
      o.type = T_CONTACT_START;
      o.fl |= F_CHAN | F_CUST;
      break;
    }
    S->bad_left--;
    output(S, &o);
  }
}

/* ------------------------------------------------------------------------ */
/* Arrivals, shifts, set-up.                                                 */

static int64_t day_of(int64_t t) { return floordiv(t, DAY_MS); }
static int dow_of_day(int64_t day) { return (int)(((day + 3) % 7 + 7) % 7); } /* 1970-01-01 was a Thursday */

/* The next arrival after t (piecewise-constant Poisson rates per 15 min). */
static int64_t next_arrival(sim *S, int64_t t) {
  if (S->o.cpd <= 0)
    return -1;
  for (;;) {
    if (t >= S->horizon)
      return -1;
    int64_t day = day_of(t);
    int64_t slot = (t - day * DAY_MS) / SLOT_MS;
    int64_t slot_end = day * DAY_MS + (slot + 1) * SLOT_MS;
    int64_t w = S->slotw[slot];
    int64_t denom = S->o.cpd * DOWF[dow_of_day(day)] * w;
    /* mean gap in ms, Q10 (the numerator stays below 2^56) */
    uint64_t mean_q10 = (uint64_t)((SLOT_MS << 10) * S->sumw * 100 / denom);
    int64_t gap = (int64_t)mulshr(mean_q10, neglog_q20(&S->r), 30);
    if (gap < slot_end - t)
      return t + gap;
    t = slot_end;
  }
}

static uint64_t isqrt64(uint64_t v) {
  uint64_t r = 0, bit = 1ULL << 62;
  while (bit > v)
    bit >>= 2;
  while (bit) {
    if (v >= r + bit) {
      v -= r + bit;
      r = (r >> 1) + bit;
    } else {
      r >>= 1;
    }
    bit >>= 2;
  }
  return r;
}

/* The load offered to group g (G_*) in the slot starting at t, Q16
 * erlangs: from the arrivals expected then, none after the end of the run
 * unless tail (the rota of a day after it is that of an ordinary day). */
static int64_t slot_load(const sim *S, int64_t t, int g, int tail) {
  if (S->o.cpd <= 0 || (!tail && t >= S->horizon))
    return 0;
  int64_t day = day_of(t);
  int slot = (int)((t - day * DAY_MS) / SLOT_MS);
  /* contacts arriving in the slot, Q16 */
  int64_t lam = S->o.cpd * DOWF[dow_of_day(day)] * S->slotw[slot] * 65536 / (100 * S->sumw);
  int64_t a = 0;
  for (int cls = 0; cls < NCLS; cls++)
    if ((cls == CLS_VOICE) == (g == G_VOICE))
      a += (lam * (S->wclass[cls] * 65536 / S->chan_wsum) >> 16) * WORK_MS[cls] / SLOT_MS;
  return a;
}

/* Agents needed for a load of a erlangs (Q16 both), 0 below the opening
 * threshold. */
static int64_t staff_for(int64_t a) {
  if (a < OPEN_Q16)
    return 0;
  int64_t n = a + (int64_t)isqrt64((uint64_t)a << 16) * BETA_PCT / 100;
  if (n < a * 100 / MAX_OCC_PCT)
    n = a * 100 / MAX_OCC_PCT;
  return n * 100 / (100 - SHRINK_PCT);
}

static int agent_in_group(const agent *a, int g) {
  return g == G_VOICE ? (a->media >> CLS_VOICE) & 1 : (a->media & ((1u << CLS_CHAT) | (1u << CLS_EMAIL))) != 0;
}

static int agent_blended(const agent *a) { return agent_in_group(a, G_VOICE) && agent_in_group(a, G_DIGITAL); }

/* How much a shift of group g over slots [s, s + len) by agent a would
 * fill the gaps of its skills (at four points of the shift). */
static int64_t plan_gain(const sim *S, const agent *a, int g, int s, int len) {
  int64_t gain = 0;
  for (int p = 0; p < 4; p++) {
    int k = s + len * p / 4;
    for (int j = 0; j < a->nskills; j++) {
      int sk = a->skills[j];
      int64_t gap = S->pl_needk[g][sk][k] - ((int64_t)S->pl_covk[g][sk][k] << 16);
      if (gap > 0)
        gain += gap;
    }
  }
  return gain;
}

/* The agent for a shift of group g over slots [s, s + len) of the day
 * starting at t_day, -1 none: one without a shift today whose last one is
 * over; rested if possible, dedicated to the group rather than blended,
 * then the one that fills most of the gaps of its skills, with the fewest
 * shifts so far, first in the day's rank. */
static int plan_pick(sim *S, int64_t t_day, int s, int len, int g, int prev) {
  int64_t ts = t_day + s * SLOT_MS;
  int best = -1, best_tired = 0;
  int64_t best_gain = 0;
  for (int i = 0; i < S->na; i++) {
    const agent *a = &S->ag[i];
    if (S->pl_slot[i] >= 0 || !agent_in_group(a, g) || a->she[prev] > ts)
      continue;
    int tired = a->she[prev] + REST_MS > ts;
    int64_t gain = plan_gain(S, a, g, s, len);
    if (best >= 0) {
      const agent *b = &S->ag[best];
      if (tired != best_tired) {
        if (tired)
          continue;
      } else if (agent_blended(a) != agent_blended(b)) {
        if (agent_blended(a))
          continue;
      } else if (gain != best_gain) {
        if (gain < best_gain)
          continue;
      } else if (a->nshifts > b->nshifts || (a->nshifts == b->nshifts && a->rank > b->rank)) {
        continue;
      }
    }
    best = i;
    best_tired = tired;
    best_gain = gain;
  }
  return best;
}

/* Try to cover pct percent of the needs with shifts starting today; 0 when
 * an agent is missing. */
static int plan_try(sim *S, int64_t t_day, int prev, int pct, int best_effort) {
  for (int i = 0; i < S->na; i++)
    S->pl_slot[i] = -1;
  memset(S->pl_cov, 0, sizeof S->pl_cov);
  for (int g = 0; g < 2; g++)
    for (int k = 0; k < S->o.nskills; k++)
      memset(S->pl_covk[g][k], 0, sizeof S->pl_covk[g][k]);
  /* what yesterday's shifts still cover */
  for (int i = 0; i < S->na; i++) {
    const agent *a = &S->ag[i];
    for (int s = 0; s < PLAN_W && t_day + s * SLOT_MS < a->she[prev]; s++) {
      S->pl_cov[(int)a->shg[prev]][s]++;
      for (int j = 0; j < a->nskills; j++)
        S->pl_covk[(int)a->shg[prev]][(int)a->skills[j]][s]++;
    }
  }
  for (int s = 0; s < SLOTS_PER_DAY; s++) {
    for (int g = 0; g < 2; g++) {
      int want = (int)((S->pl_need[g][s] * pct / 100 + 65535) >> 16);
      while (S->pl_cov[g][s] < want) {
        /* as long as the need outlasts the shifts already planned */
        int len = SHIFT_MAX;
        while (len > SHIFT_MIN &&
               S->pl_cov[g][s + len - 1] >= (int)((S->pl_need[g][s + len - 1] * pct / 100 + 65535) >> 16))
          len--;
        int ai = plan_pick(S, t_day, s, len, g, prev);
        if (ai < 0) {
          if (!best_effort)
            return 0;
          break;
        }
        S->pl_slot[ai] = s;
        S->pl_len[ai] = len;
        S->pl_g[ai] = g;
        for (int k = s; k < s + len; k++) {
          S->pl_cov[g][k]++;
          for (int j = 0; j < S->ag[ai].nskills; j++)
            S->pl_covk[g][(int)S->ag[ai].skills[j]][k]++;
        }
      }
    }
  }
  return 1;
}

/* The rota of the day starting at t_day (with agent states): shifts that
 * follow the expected load of each group of agents, as much of it as the
 * agents can cover. */
static void plan_day(sim *S, int64_t t_day) {
  int64_t day = day_of(t_day);
  int cur = (int)(day & 1), prev = !cur;
  int tail = t_day >= S->horizon;
  for (int g = 0; g < 2; g++)
    for (int s = 0; s < PLAN_W; s++) {
      int64_t a = slot_load(S, t_day + s * SLOT_MS, g, tail);
      S->pl_need[g][s] = 0;
      for (int k = 0; k < S->o.nskills; k++) {
        S->pl_needk[g][k][s] = staff_for(a * S->skill_w[k] / S->skill_wsum);
        if (g == G_VOICE)
          S->pl_need[g][s] += S->pl_needk[g][k][s];
      }
      if (g != G_VOICE || S->pl_need[g][s] < staff_for(a))
        S->pl_need[g][s] = staff_for(a);
    }
  if (!plan_try(S, t_day, prev, 100, 0)) {
    /* not enough agents: the largest share of the needs they cover, or
     * when even a little is too much (too few agents of a group), as much
     * as they can, earliest first */
    int lo = 0, hi = 100;
    while (hi - lo > 1) {
      int mid = (lo + hi) / 2;
      if (plan_try(S, t_day, prev, mid, 0))
        lo = mid;
      else
        hi = mid;
    }
    plan_try(S, t_day, prev, lo ? lo : 100, !lo);
  }
  for (int i = 0; i < S->na; i++) {
    agent *a = &S->ag[i];
    a->shs[cur] = a->she[cur] = 0;
    if (S->pl_slot[i] < 0)
      continue;
    a->shs[cur] = t_day + S->pl_slot[i] * SLOT_MS;
    a->she[cur] = a->shs[cur] + S->pl_len[i] * SLOT_MS;
    a->shg[cur] = (int8_t)S->pl_g[i];
    a->nshifts++;
  }
}

static int on_shift(const agent *a, int64_t t) {
  return (a->shs[0] <= t && t < a->she[0]) || (a->shs[1] <= t && t < a->she[1]);
}

/* With agent states: who works now. Before the end of the run, the agents
 * on shift; after it, only those of them needed for the contacts still
 * waiting (those already logged in first, up to two contacts of each
 * skill and class an agent serves), so that the last work is done by the
 * agents on shift and the others stay home. */
static void staff_states(sim *S) {
  if (S->now < S->horizon) {
    for (int i = 0; i < S->na; i++)
      S->ag[i].want = (uint8_t)on_shift(&S->ag[i], S->now);
    return;
  }
  static int32_t left[MAX_SKILLS][NCLS];
  for (int k = 0; k < S->o.nskills; k++)
    for (int cls = 0; cls < NCLS; cls++)
      left[k][cls] = S->q[k][cls].len;
  for (int i = 0; i < S->na; i++)
    S->ag[i].want = 0;
  for (int pass = 0; pass < 2; pass++) {
    for (int r = 0; r < S->na; r++) {
      agent *a = &S->ag[S->ord[r]];
      if (a->logged != (pass == 0) || !on_shift(a, S->now))
        continue;
      for (int k = 0; k < a->nskills; k++)
        for (int cls = 0; cls < NCLS; cls++)
          if ((a->media >> cls) & 1 && left[(int)a->skills[k]][cls] > 0) {
            left[(int)a->skills[k]][cls] -= left[(int)a->skills[k]][cls] < 2 ? left[(int)a->skills[k]][cls] : 2;
            a->want = 1;
          }
    }
  }
}

static void shift_tick(sim *S) {
  int64_t day = day_of(S->now);
  int slot = (int)((S->now - day * DAY_MS) / SLOT_MS);
  int new_day = slot == 0 || S->now == S->t0;
  if (new_day) { /* a new day: a new rota */
    int *perm = xrealloc(NULL, (size_t)S->na * sizeof *perm);
    for (int i = 0; i < S->na; i++)
      perm[i] = i;
    for (int i = S->na - 1; i > 0; i--) {
      int j = (int)below(&S->r, (uint32_t)(i + 1));
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    for (int i = 0; i < S->na; i++) {
      S->ag[perm[i]].rank = i;
      S->ord[i] = perm[i];
    }
    free(perm);
    if (S->do_states)
      plan_day(S, S->now - slot * SLOT_MS);
  }
  if (S->do_states) {
    staff_states(S);
  } else {
    /* agents on duty: between proportional to the load and its square root
     * (small groups need relatively more agents for the same service) */
    uint64_t x = (uint64_t)S->slotw[slot] * (uint64_t)DOWF[dow_of_day(day)] * 65536u /
                 ((uint64_t)S->maxw * DOWF_MAX); /* load relative to the peak, Q16 */
    uint64_t f = (x + isqrt64(x << 16)) / 2;   /* Q16 */
    int n_on = (int)(((uint64_t)S->na * f + 65535u) >> 16);
    if (n_on > S->na)
      n_on = S->na;
    int min_on = S->na / 5 > 2 ? S->na / 5 : 2; /* a night shift */
    if (min_on > S->na)
      min_on = S->na;
    if (n_on < min_on)
      n_on = min_on;
    for (int i = 0; i < S->na; i++)
      S->ag[i].want = S->ag[i].rank < n_on;
  }
  for (int i = 0; i < S->na; i++) {
    agent *a = &S->ag[i];
    if (a->want && !a->on_duty && a->load == 0)
      a->idle_since = S->now;
    if (a->want && !a->logged)
      agent_dirty(S, i);
    a->on_duty = a->want;
  }
  agents_sync(S); /* those starting now log in (available) before work comes */
  for (int i = 0; i < S->na; i++)
    if (S->ag[i].on_duty)
      dispatch_agent(S, i);
  for (int i = 0; i < S->na; i++)
    agent_dirty(S, i);
  book_costs(S, new_day);
}

static void setup(sim *S) {
  options *o = &S->o;
  rng *r = &S->r;
  rng_seed(&S->r, o->seed, 1);
  rng_seed(&S->rs, o->seed, 2);
  rng_seed(&S->rb, o->seed, 3);
  rng_seed(&S->ra, o->seed, 4);
  rng_seed(&S->rl, o->seed, 5);
  S->do_surveys = !o->contacts_only || o->surveys;
  S->do_states = S->do_ledger = !o->contacts_only;
  S->t0 = o->start_day * DAY_MS;
  S->horizon = S->t0 + o->days * DAY_MS;
  S->free_head = -1;
  S->last_ts = S->t0;
  /* 15-minute profile: the hourly weights, interpolated between hour centres */
  S->sumw = 0;
  S->maxw = 0;
  for (int s = 0; s < SLOTS_PER_DAY; s++) {
    int64_t d = 30 * s + 15 - 60; /* half-minutes from the centre of hour 0 */
    int64_t idx = floordiv(d, 120), frac = d - idx * 120;
    int h0 = (int)((idx % 24 + 24) % 24), h1 = (h0 + 1) % 24;
    S->slotw[s] = (int)(HOURLY[h0] * (120 - frac) + HOURLY[h1] * frac);
    S->sumw += S->slotw[s];
    if (S->slotw[s] > S->maxw)
      S->maxw = S->slotw[s];
  }
  S->chan_wsum = 0;
  for (int i = 0; i < NCHANNELS; i++)
    S->chan_wsum += o->chan_w[i];
  S->skill_wsum = 0;
  for (int i = 0; i < o->nskills; i++) {
    S->skill_w[i] = 2 * o->nskills - i;
    S->skill_wsum += S->skill_w[i];
  }
  /* customers: a pool, plus recent ones who come back */
  int64_t pool = o->cpd * 30;
  S->pool = (uint32_t)(pool < 1000 ? 1000 : pool > 99999999 ? 99999999 : pool);
  int64_t rc = o->cpd * 2;
  S->recent_cap = (size_t)(rc < 100 ? 100 : rc > 1000000 ? 1000000 : rc);
  S->recent = xrealloc(NULL, S->recent_cap * sizeof *S->recent);
  /* agents: channel abilities from the mix, teams in blocks, 1-3 skills */
  int64_t wclass[NCLS] = {0, 0, 0};
  for (int i = 0; i < NCHANNELS; i++)
    wclass[CHANNEL_CLASS[i]] += o->chan_w[i];
  for (int i = 0; i < NCLS; i++)
    S->wclass[i] = wclass[i];
  int na = o->agents;
  S->na = na;
  S->ag = xrealloc(NULL, (size_t)na * sizeof *S->ag);
  memset(S->ag, 0, (size_t)na * sizeof *S->ag);
  S->dirty = xrealloc(NULL, (size_t)na * sizeof *S->dirty);
  S->ord = xrealloc(NULL, (size_t)na * sizeof *S->ord);
  S->pl_slot = xrealloc(NULL, (size_t)na * sizeof *S->pl_slot);
  S->pl_len = xrealloc(NULL, (size_t)na * sizeof *S->pl_len);
  S->pl_g = xrealloc(NULL, (size_t)na * sizeof *S->pl_g);
  int64_t vpct = wclass[CLS_VOICE] * 100 / S->chan_wsum, dpct = 100 - vpct;
  int nvoice = wclass[CLS_VOICE] ? (int)((na * (vpct + 10 > 100 ? 100 : vpct + 10) + 99) / 100) : 0;
  int ndig = wclass[CLS_CHAT] + wclass[CLS_EMAIL] ? (int)((na * (dpct + 10 > 100 ? 100 : dpct + 10) + 99) / 100) : 0;
  if (wclass[CLS_VOICE] && nvoice < 1)
    nvoice = 1;
  if (ndig && ndig < 1)
    ndig = 1;
  if (nvoice + ndig < na) {
    if (nvoice)
      nvoice = na - ndig;
    else
      ndig = na;
  }
  int64_t rr[MAX_SKILLS] = {0};
  for (int i = 0; i < na; i++) {
    agent *a = &S->ag[i];
    if (i < NAGENT_NAMES)
      snprintf(a->name, sizeof a->name, "%s", AGENT_NAMES[i]);
    else
      snprintf(a->name, sizeof a->name, "%s%d", AGENT_NAMES[i % NAGENT_NAMES], i / NAGENT_NAMES + 1);
    a->team = (int16_t)((int64_t)i * o->teams / na);
    if (i < nvoice)
      a->media |= 1u << CLS_VOICE;
    if (i >= na - ndig) {
      if (wclass[CLS_CHAT])
        a->media |= 1u << CLS_CHAT;
      if (wclass[CLS_EMAIL])
        a->media |= 1u << CLS_EMAIL;
    }
    /* primary skill: smooth weighted round robin, so that every block of
     * agents (the voice ones come first, the digital ones last) is staffed
     * in proportion to the skills' volumes */
    int prim = 0;
    for (int s = 0; s < o->nskills; s++) {
      rr[s] += S->skill_w[s];
      if (rr[s] > rr[prim])
        prim = s;
    }
    rr[prim] -= S->skill_wsum;
    a->prim = (int8_t)prim;
    a->st = -1;
    a->brk_due = INT64_MAX;
    a->wage = (int32_t)urange(&S->rl, 1800, 3200);
    uint32_t mask = 1u << prim;
    if (o->nskills > 1 && chance(r, 500000))
      mask |= 1u << below(r, (uint32_t)o->nskills);
    if (o->nskills > 2 && chance(r, 200000))
      mask |= 1u << below(r, (uint32_t)o->nskills);
    for (int s = 0; s < o->nskills; s++)
      if (mask & (1u << s))
        a->skills[a->nskills++] = (int8_t)s;
    a->idle_since = S->t0;
  }
  /* every skill needs an agent for every class of contact in the mix */
  for (int s = 0; s < o->nskills; s++) {
    for (int cls = 0; cls < NCLS; cls++) {
      if (!wclass[cls])
        continue;
      int found = 0, best = -1;
      for (int i = 0; i < na; i++) {
        agent *a = &S->ag[i];
        if (!(a->media & (1u << cls)))
          continue;
        for (int k = 0; k < a->nskills; k++)
          if (a->skills[k] == s)
            found = 1;
        if (best < 0 || a->nskills < S->ag[best].nskills)
          best = i;
      }
      if (!found && best >= 0) {
        agent *a = &S->ag[best];
        int k = a->nskills++;
        while (k > 0 && a->skills[k - 1] > s) {
          a->skills[k] = a->skills[k - 1];
          k--;
        }
        a->skills[k] = (int8_t)s;
      }
    }
  }
  for (int s = 0; s < o->nskills; s++) {
    S->skill_agents[s] = xrealloc(NULL, (size_t)na * sizeof(int));
    S->nskill_agents[s] = 0;
    int per_cls[NCLS] = {0, 0, 0};
    for (int i = 0; i < na; i++) {
      agent *a = &S->ag[i];
      for (int k = 0; k < a->nskills; k++) {
        if (a->skills[k] != s)
          continue;
        S->skill_agents[s][S->nskill_agents[s]++] = i;
        for (int cls = 0; cls < NCLS; cls++)
          if (a->media & (1u << cls))
            per_cls[cls]++;
      }
    }
    for (int cls = 0; cls < NCLS; cls++) {
      S->q[s][cls].head = S->q[s][cls].tail = -1;
      S->q[s][cls].len = 0;
      S->qcap[s][cls] = cls == CLS_CHAT ? 4 + 2 * per_cls[cls] : 4 + per_cls[cls];
    }
  }
  int64_t nexp = o->cpd * o->days * 7 / 10;
  S->bad_expected = nexp > 0 ? nexp : 1;
  S->bad_left = o->bad;
  S->ob = xrealloc(NULL, OBUF_SIZE);
}

static void run(sim *S) {
  heap_push(S, S->t0, K_TICK, 0, 0, 0);
  int64_t first = next_arrival(S, S->t0);
  if (first >= 0)
    heap_push(S, first, K_ARRIVAL, 0, 0, 0);
  else
    S->arrivals_done = 1;
  while (S->h.n) {
    hev e;
    bheap_pop(&S->h, &e);
    S->now = e.t;
    survey_flush(S, S->now);
    if (S->o.interleave)
      interleave_flush(S, S->now);
    switch (e.kind) {
    case K_TICK:
      shift_tick(S);
      if (!S->arrivals_done || S->active > 0)
        heap_push(S, S->now + SLOT_MS, K_TICK, 0, 0, 0);
      break;
    case K_ARRIVAL: {
      arrival(S);
      int64_t nx = next_arrival(S, S->now);
      if (nx >= 0)
        heap_push(S, nx, K_ARRIVAL, 0, 0, 0);
      else
        S->arrivals_done = 1;
      break;
    }
    case K_BUF: {
      contact *c = &S->c[e.a];
      if (c->state != ST_FREE && c->hgen == e.b)
        on_buf(S, c);
      break;
    }
    case K_QTIMER: {
      contact *c = &S->c[e.a];
      if (c->state != ST_FREE && c->qgen == e.b)
        on_qtimer(S, c, e.sub);
      break;
    }
    case K_RING: {
      contact *c = &S->c[e.a];
      if (c->state == ST_RINGING && c->qgen == e.b)
        on_ring(S, c, e.sub);
      break;
    }
    case K_READY:
      if (S->now >= S->ag[e.a].ready_at) {
        dispatch_agent(S, (int)e.a);
        agent_dirty(S, (int)e.a);
      }
      break;
    case K_AGENT:
      on_agent(S, (int)e.a, e.b, e.sub);
      break;
    case K_OUTREQ: {
      req rq = {S->now + 8 * HOUR, e.a, CAMP_CALLBACK};
      req_add(S, (int)e.b, &rq);
      break;
    }
    default:
      break;
    }
    agents_sync(S);
    if (S->do_states && !S->wound_down && !sim_running(S)) {
      /* the last contact is over: whoever is still at work goes home */
      S->wound_down = 1;
      for (int i = 0; i < S->na; i++) {
        S->ag[i].on_duty = 0;
        agent_dirty(S, i);
      }
      agents_sync(S);
    }
    if (S->io_error)
      return;
  }
  /* the run is over: whoever is still logged in logs out */
  for (int i = 0; i < S->na; i++)
    if (S->ag[i].logged)
      state_put(S, i, L_S_LOGGED_OUT, 0);
  survey_flush(S, INT64_MAX);
  if (S->o.interleave)
    interleave_flush(S, INT64_MAX);
  inject_rest(S);
  if (S->o.interleave)
    interleave_flush(S, INT64_MAX);
}

/* ------------------------------------------------------------------------ */
/* Command line.                                                             */

static void usage(FILE *f) {
  fputs("Usage: ccm-gen [options]\n"
        "Write synthetic contact-center events as the canonical CSV of EVENTS.md.\n"
        "\n"
        "  --seed N               random seed (default 1); same seed, same bytes\n"
        "  --days N               days to simulate (default 1)\n"
        "  --start YYYY-MM-DD     first day, UTC (default 2026-01-05, a Monday)\n"
        "  --contacts-per-day N   contacts on a Tuesday-Thursday (default 2000);\n"
        "                         Mon 110%, Fri 95%, Sat 45%, Sun 30%\n"
        "  --agents N             agents (default 20)\n"
        "  --teams N              teams (default 4, at most the agents)\n"
        "  --skills LIST          comma-separated skills (default billing,support,sales,tech)\n"
        "  --channels MIX         channel=weight,... (default voice=60,chat=25,email=15)\n"
        "  --contacts-only        only the contact events (no surveys, QA, agent\n"
        "                         states, costs or customer ledger): the output of\n"
        "                         the versions before these families\n"
        "  --surveys              with --contacts-only: add the csat, nps, ces and\n"
        "                         qa_score events (they are on by default)\n"
        "  --interleave           mix the events of different contacts (each contact\n"
        "                         delayed by up to one hour) instead of sorting by time\n"
        "  --bad N                inject N invalid lines of various kinds\n"
        "  -o FILE                write to FILE instead of standard output\n"
        "  --help                 this help\n"
        "  --version              print the version\n",
        f);
}

static int parse_i64(const char *s, int64_t lo, int64_t hi, int64_t *out) {
  if (!s || !*s)
    return -1;
  int64_t v = 0;
  for (const char *p = s; *p; p++) {
    if (*p < '0' || *p > '9')
      return -1;
    if (v > (INT64_MAX - 9) / 10)
      return -1;
    v = v * 10 + (*p - '0');
  }
  if (v < lo || v > hi)
    return -1;
  *out = v;
  return 0;
}

static int parse_u64(const char *s, uint64_t *out) {
  if (!s || !*s)
    return -1;
  uint64_t v = 0;
  for (const char *p = s; *p; p++) {
    if (*p < '0' || *p > '9')
      return -1;
    uint64_t d = (uint64_t)(*p - '0');
    if (v > (UINT64_MAX - d) / 10)
      return -1;
    v = v * 10 + d;
  }
  *out = v;
  return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = floordiv(y, 400);
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static int parse_date(const char *s, int64_t *day) {
  if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
    return -1;
  char buf[11];
  memcpy(buf, s, 11);
  buf[4] = buf[7] = '\0';
  int64_t y, m, d;
  if (parse_i64(buf, 1970, 9999, &y) || parse_i64(buf + 5, 1, 12, &m) || parse_i64(buf + 8, 1, 31, &d))
    return -1;
  static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > mdays[m - 1] || (m == 2 && d == 29 && !leap))
    return -1;
  *day = days_from_civil(y, m, d);
  return 0;
}

static int valid_name(const char *s, size_t n) {
  if (n == 0 || n > 64)
    return 0;
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
          ch == '-' || ch == '.'))
      return 0;
  }
  return 1;
}

static int parse_skills(options *o, const char *s) {
  o->nskills = 0;
  while (1) {
    const char *e = strchr(s, ',');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    if (!valid_name(s, n) || o->nskills == MAX_SKILLS)
      return -1;
    memcpy(o->skills[o->nskills], s, n);
    o->skills[o->nskills][n] = '\0';
    for (int i = 0; i < o->nskills; i++)
      if (strcmp(o->skills[i], o->skills[o->nskills]) == 0)
        return -1;
    o->nskills++;
    if (!e)
      break;
    s = e + 1;
  }
  return 0;
}

static int parse_channels(options *o, const char *s) {
  memset(o->chan_w, 0, sizeof o->chan_w);
  memset(o->chan_given, 0, sizeof o->chan_given);
  int64_t sum = 0;
  while (1) {
    const char *e = strchr(s, ',');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    const char *eq = memchr(s, '=', n);
    if (!eq)
      return -1;
    int ch = -1;
    for (int i = 0; i < NCHANNELS; i++)
      if (strlen(CHANNEL_NAMES[i]) == (size_t)(eq - s) && memcmp(CHANNEL_NAMES[i], s, (size_t)(eq - s)) == 0)
        ch = i;
    if (ch < 0 || o->chan_given[ch])
      return -1;
    char num[24];
    size_t nl = n - (size_t)(eq - s) - 1;
    if (nl == 0 || nl >= sizeof num)
      return -1;
    memcpy(num, eq + 1, nl);
    num[nl] = '\0';
    if (parse_i64(num, 0, 1000000, &o->chan_w[ch]))
      return -1;
    o->chan_given[ch] = 1;
    sum += o->chan_w[ch];
    if (!e)
      break;
    s = e + 1;
  }
  return sum > 0 ? 0 : -1;
}

/* Append to a string buffer, truncating. */
static void cat(char *buf, size_t size, const char *s) {
  size_t n = strlen(buf);
  while (*s && n + 1 < size)
    buf[n++] = *s++;
  buf[n] = '\0';
}

/* The options in effect, as a command line that reproduces the output. */
static void describe(const options *o, char *buf, size_t size) {
  char tmp[160];
  buf[0] = '\0';
  snprintf(tmp, sizeof tmp, "ccm-gen --seed %llu --days %lld --start %s --contacts-per-day %lld --agents %d --teams %d",
           (unsigned long long)o->seed, (long long)o->days, o->start_str, (long long)o->cpd, o->agents, o->teams);
  cat(buf, size, tmp);
  cat(buf, size, " --skills ");
  for (int i = 0; i < o->nskills; i++) {
    if (i)
      cat(buf, size, ",");
    cat(buf, size, o->skills[i]);
  }
  cat(buf, size, " --channels ");
  int first = 1;
  for (int i = 0; i < NCHANNELS; i++) {
    if (!o->chan_given[i])
      continue;
    snprintf(tmp, sizeof tmp, "%s%s=%lld", first ? "" : ",", CHANNEL_NAMES[i], (long long)o->chan_w[i]);
    cat(buf, size, tmp);
    first = 0;
  }
  if (o->contacts_only)
    cat(buf, size, " --contacts-only");
  if (o->contacts_only && o->surveys)
    cat(buf, size, " --surveys");
  if (o->interleave)
    cat(buf, size, " --interleave");
  if (o->bad) {
    snprintf(tmp, sizeof tmp, " --bad %lld", (long long)o->bad);
    cat(buf, size, tmp);
  }
}

static int bad_usage(const char *opt, const char *why) {
  fprintf(stderr, "ccm-gen: %s: %s\nTry 'ccm-gen --help'.\n", opt, why);
  return 2;
}

int main(int argc, char **argv) {
  static sim S;
  options *o = &S.o;
  bheap_init(&S.h, sizeof(hev), offsetof(hev, t));
  bheap_init(&S.oh, sizeof(oev), offsetof(oev, key));
  bheap_init(&S.sh, sizeof(oev), offsetof(oev, key));
  o->seed = 1;
  o->days = 1;
  snprintf(o->start_str, sizeof o->start_str, "%s", "2026-01-05");
  parse_date(o->start_str, &o->start_day);
  o->cpd = 2000;
  o->agents = 20;
  o->teams = -1;
  parse_skills(o, "billing,support,sales,tech");
  parse_channels(o, "voice=60,chat=25,email=15");
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    const char *val = NULL;
    char name[64];
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
      usage(stdout);
      return 0;
    }
    if (strcmp(arg, "--version") == 0) {
      printf("ccm-gen %s\n", PACKAGE_VERSION);
      return 0;
    }
    if (strcmp(arg, "--surveys") == 0) {
      o->surveys = 1;
      continue;
    }
    if (strcmp(arg, "--contacts-only") == 0) {
      o->contacts_only = 1;
      continue;
    }
    if (strcmp(arg, "--interleave") == 0) {
      o->interleave = 1;
      continue;
    }
    const char *eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
    if (eq) {
      size_t n = (size_t)(eq - arg);
      if (n >= sizeof name)
        return bad_usage(arg, "unknown option");
      memcpy(name, arg, n);
      name[n] = '\0';
      val = eq + 1;
    } else {
      size_t n = strlen(arg);
      if (n >= sizeof name)
        return bad_usage(arg, "unknown option");
      memcpy(name, arg, n + 1);
    }
    static const char *const with_value[] = {"--seed",  "--days",   "--start",    "--contacts-per-day", "--agents",
                                             "--teams", "--skills", "--channels", "--bad",              "-o"};
    int known = 0;
    for (size_t k = 0; k < sizeof with_value / sizeof *with_value; k++)
      if (strcmp(name, with_value[k]) == 0)
        known = 1;
    if (!known)
      return bad_usage(arg, "unknown option");
    if (!val) {
      if (i + 1 >= argc)
        return bad_usage(name, "needs a value");
      val = argv[++i];
    }
    int64_t v;
    if (strcmp(name, "--seed") == 0) {
      if (parse_u64(val, &o->seed))
        return bad_usage(name, "not a number");
    } else if (strcmp(name, "--days") == 0) {
      if (parse_i64(val, 1, MAX_DAYS, &o->days))
        return bad_usage(name, "must be 1..3660");
    } else if (strcmp(name, "--start") == 0) {
      if (parse_date(val, &o->start_day))
        return bad_usage(name, "must be a date YYYY-MM-DD from 1970 on");
      snprintf(o->start_str, sizeof o->start_str, "%s", val);
    } else if (strcmp(name, "--contacts-per-day") == 0) {
      if (parse_i64(val, 0, MAX_CPD, &o->cpd))
        return bad_usage(name, "must be 0..10000000");
    } else if (strcmp(name, "--agents") == 0) {
      if (parse_i64(val, 1, MAX_AGENTS, &v))
        return bad_usage(name, "must be 1..10000");
      o->agents = (int)v;
    } else if (strcmp(name, "--teams") == 0) {
      if (parse_i64(val, 1, MAX_TEAMS, &v))
        return bad_usage(name, "must be 1..1000");
      o->teams = (int)v;
    } else if (strcmp(name, "--skills") == 0) {
      if (parse_skills(o, val))
        return bad_usage(name, "must be 1..32 distinct names of [A-Za-z0-9_.-], comma-separated");
    } else if (strcmp(name, "--channels") == 0) {
      if (parse_channels(o, val))
        return bad_usage(name, "must be channel=weight,... with known channels and a positive total");
    } else if (strcmp(name, "--bad") == 0) {
      if (parse_i64(val, 0, 1000000, &o->bad))
        return bad_usage(name, "must be 0..1000000");
    } else {
      o->out = val;
    }
  }
  if (o->teams < 0)
    o->teams = o->agents < 4 ? o->agents : 4;
  if (o->teams > o->agents)
    return bad_usage("--teams", "more teams than agents");

  setup(&S);
  S.f = stdout;
  if (o->out && strcmp(o->out, "-") != 0) {
    S.f = fopen(o->out, "wb");
    if (!S.f) {
      fprintf(stderr, "ccm-gen: %s: %s\n", o->out, strerror(errno));
      return 2;
    }
  }
  char desc[4096];
  describe(o, desc, sizeof desc);
  fprintf(S.f, "ts,event,contact,channel,direction,customer,skill,campaign,agent,team,value,label\n# generated by: %s\n",
          desc);
  run(&S);
  out_flush(&S);
  if (fflush(S.f) != 0)
    S.io_error = 1;
  if (S.f != stdout && fclose(S.f) != 0)
    S.io_error = 1;
  if (S.io_error) {
    fprintf(stderr, "ccm-gen: write error\n");
    return 2;
  }
  return 0;
}
