/*
 * ccmetrics.h - the public API of libccmetrics.
 *
 * Copyright (c) 2026 The ccmetrics authors.
 * SPDX-License-Identifier: MIT
 */

/**
 * @file ccmetrics.h
 * @brief Contact-center metrics engine: events in, KPIs out.
 *
 * libccmetrics turns a contact center's raw events (see EVENTS.md) into the
 * metrics of METRICS.md, per any combination of dimensions and time bucket,
 * updated at every event.  The library does no I/O, reads no clock and keeps
 * no global mutable state.
 *
 * Conventions:
 * - Every function returns an @c int32_t status: ::CCM_OK (0), a positive
 *   informational status (::CCM_UNDEFINED, ::CCM_END) or a negative error
 *   code (`CCM_E_*`, values pinned forever).  ccm_strerror() names a code;
 *   ccm_engine_errmsg() gives the message of the last error of an engine.
 * - Times are integer milliseconds since 1970-01-01T00:00:00Z; durations are
 *   milliseconds.
 * - Strings never travel on the hot path: dimension values are interned once
 *   with ccm_intern() to 32-bit ids.  Id 0 always means "not given".
 * - Handles are opaque; every @c _new has a @c _free, and @c _free(NULL) is
 *   a no-op.
 *
 * Thread safety: there is no global mutable state.  An engine (with its
 * views and cursors) must not be used from two threads at once; the
 * read-only functions (queries, cursors, ccm_name()) may run concurrently
 * with each other on one engine but not with ingestion.  Distinct engines
 * are fully independent.  ccm_config objects follow the same rule.
 */
#ifndef CCMETRICS_H
#define CCMETRICS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @cond INTERNAL */
#if defined(_WIN32) && defined(CCM_BUILDING_DLL)
#define CCM_EXPORT __declspec(dllexport)
#elif defined(CCM_BUILDING_LIBRARY) && defined(__GNUC__) && __GNUC__ >= 4
#define CCM_EXPORT __attribute__((visibility("default")))
#else
#define CCM_EXPORT
#endif
/** @endcond */

/* ------------------------------------------------------------------------ */
/** @name Version
 * @{ */

/** Major version: changes when the API breaks (never within CCMETRICS_1). */
#define CCM_VERSION_MAJOR 0
/** Minor version: new functions or constants, backwards compatible. */
#define CCM_VERSION_MINOR 3
/** Patch version: fixes only. */
#define CCM_VERSION_PATCH 0
/** Version as one number: major * 10000 + minor * 100 + patch. */
#define CCM_VERSION_NUMBER \
  (CCM_VERSION_MAJOR * 10000 + CCM_VERSION_MINOR * 100 + CCM_VERSION_PATCH)
/** Version as a string. */
#define CCM_VERSION_STRING "0.3.0"

/**
 * @brief Version of the library actually linked, as a number.
 * @return ::CCM_VERSION_NUMBER of the library at build time.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_version_number(void);

/**
 * @brief Version of the library actually linked, as a string.
 * @return ::CCM_VERSION_STRING of the library at build time (static storage).
 * @since 0.1.0
 */
CCM_EXPORT const char *ccm_version_string(void);
/** @} */

/* ------------------------------------------------------------------------ */
/** @name Status and error codes
 * Pinned values: a code is never renumbered or reused.
 * @{ */

#define CCM_OK 0                  /**< Success. */
#define CCM_UNDEFINED 1           /**< Metric undefined (zero denominator or no value). */
#define CCM_END 2                 /**< A cursor has no more cells. */
#define CCM_DUPLICATE 3           /**< The event repeats one already applied (same event id): ignored, counted in ::CCM_STAT_DUPLICATES. @since 0.3.0 */

#define CCM_E_INVALID_ARG (-1)    /**< NULL pointer or invalid argument. */
#define CCM_E_NOMEM (-2)          /**< An allocation failed; nothing changed. */
#define CCM_E_UNSUPPORTED (-3)    /**< Not supported by this version. */
#define CCM_E_RANGE (-4)          /**< A setting is out of its bounds. */
#define CCM_E_NOT_FOUND (-5)      /**< No such name, id, key or metric. */
#define CCM_E_TOO_LONG (-6)       /**< A string is longer than ::CCM_MAX_NAME_LEN. */
#define CCM_E_LIMIT (-7)          /**< A documented capacity limit is reached. */
#define CCM_E_PARSE (-8)          /**< A text argument (time-zone rule, calendar) could not be parsed. @since 0.3.0 */
#define CCM_E_IO (-9)             /**< A host write callback reported a failure. @since 0.3.0 */
#define CCM_E_SNAPSHOT_FORMAT (-10) /**< Not a ccmetrics snapshot (bad magic). @since 0.3.0 */
#define CCM_E_SNAPSHOT_VERSION (-11) /**< A snapshot of a format version this library does not read. @since 0.3.0 */
#define CCM_E_SNAPSHOT_CHECKSUM (-12) /**< A snapshot whose CRC32C does not match its bytes. @since 0.3.0 */
#define CCM_E_SNAPSHOT_TRUNCATED (-13) /**< A snapshot shorter than its own header says. @since 0.3.0 */
#define CCM_E_SNAPSHOT_CORRUPT (-14) /**< A snapshot whose content is inconsistent (a count, reference or value out of range). @since 0.3.0 */
#define CCM_E_INCOMPATIBLE (-15)  /**< Engines or views that cannot be merged (configuration or view definitions differ), or a restore missing what only the host can give. @since 0.3.0 */

#define CCM_E_EVENT_SIZE (-20)    /**< ccm_event.size is smaller than the first release's struct. */
#define CCM_E_EVENT_TYPE (-21)    /**< Unknown event type. */
#define CCM_E_MISSING_FIELD (-22) /**< A required field of the event is not given. */
#define CCM_E_BAD_ID (-23)        /**< A dimension id that was never interned. */
#define CCM_E_VALUE_RANGE (-24)   /**< A field value is out of range (channel, direction, timestamp). */
#define CCM_E_UNKNOWN_CONTACT (-25) /**< The event names a contact that is not known. */
#define CCM_E_CONTACT_ENDED (-26) /**< The contact has ended; this event type is not accepted after the end. */
#define CCM_E_CONTACT_EXISTS (-27) /**< contact_start for a contact id that is open or still retained. */
#define CCM_E_TIME_BACKWARDS (-28) /**< Timestamp earlier than the contact's previous event. */
#define CCM_E_QUEUED (-29)        /**< The contact is already waiting in a queue. */
#define CCM_E_NOT_QUEUED (-30)    /**< queue_abandon / queue_exit without an open queue visit. */
#define CCM_E_AGENT_CONTACT_OPEN (-31) /**< answer / queue_enter / offer while an agent contact is open. */
#define CCM_E_NO_AGENT_CONTACT (-32) /**< A leg event (agent_end, transfer, hold, focus_start ...) with no open agent contact. */
#define CCM_E_WRONG_AGENT (-33)   /**< A leg event naming another agent than the open agent contact's. */
#define CCM_E_ON_HOLD (-34)       /**< hold while already on hold. */
#define CCM_E_NOT_ON_HOLD (-35)   /**< resume without hold. */
#define CCM_E_FOCUS_OPEN (-36)    /**< focus_start while a focus span is open. */
#define CCM_E_NO_FOCUS (-37)      /**< focus_end without focus_start. */
#define CCM_E_NO_ACW (-38)        /**< acw_end with no agent contact in after-contact work (of that agent). */
#define CCM_E_NO_OFFER (-39)      /**< offer_miss without an open offer to that agent. */
#define CCM_E_NOT_RESOLVED (-40)  /**< reopen of a contact that is not resolved. */
#define CCM_E_CONTACT_BUSY (-41)  /**< contact_end / blocked while a queue visit or agent contact is open. */
#define CCM_E_OUT_OF_SCALE (-42)  /**< A survey, QA, reason code or amount value outside its scale (or not a whole number where one is needed). @since 0.2.0 */
#define CCM_E_TOO_LATE (-43)      /**< An event of a contact earlier than the contact's latest event by more than the allowed lateness (::CCM_CFG_LATENESS_MS). @since 0.3.0 */
/** @} */

/**
 * @brief Short description of a status or error code.
 * @param code a value returned by any ccm_ function.
 * @return a static, NUL-terminated English string; never NULL (unknown codes
 *         give "unknown error").
 * @since 0.1.0
 */
CCM_EXPORT const char *ccm_strerror(int32_t code);

/**
 * @brief Symbolic name of a status or error code ("CCM_E_NOMEM").
 * @param code a value returned by any ccm_ function.
 * @return a static string; "CCM_E_UNKNOWN" for unknown codes.
 * @since 0.1.0
 */
CCM_EXPORT const char *ccm_error_name(int32_t code);

/* ------------------------------------------------------------------------ */
/** @name Allocator hooks
 * @{ */

/**
 * @brief Memory functions an engine uses instead of malloc/realloc/free.
 *
 * Passed by pointer to ccm_config_new() and ccm_engine_new(); the struct is
 * copied.  All three functions must be set.  A hook returning NULL makes the
 * call that needed the memory fail with ::CCM_E_NOMEM and leave the engine as
 * it was.
 */
typedef struct ccm_allocator {
  /** Allocate @p size bytes (size > 0). */
  void *(*alloc)(size_t size, void *user);
  /** Resize @p ptr (never NULL) to @p size bytes (size > 0). */
  void *(*realloc)(void *ptr, size_t size, void *user);
  /** Free @p ptr (never NULL). */
  void (*free)(void *ptr, void *user);
  /** Passed unchanged as the last argument of every hook. */
  void *user;
} ccm_allocator;
/** @} */

/* ------------------------------------------------------------------------ */
/** @name Configuration
 * Scalar settings with bounds, set before the engine is created.
 * @{ */

/** Opaque configuration object. */
typedef struct ccm_config ccm_config;

#define CCM_CFG_INTERVAL_MS 1          /**< Interval width (default 15 min); divides a day. */
#define CCM_CFG_SL_THRESHOLD_MS 2      /**< Service-level threshold (20 s): wait <= threshold is in SL. */
#define CCM_CFG_SHORT_ABANDON_MS 3     /**< Short-abandon threshold (5 s): abandon wait < threshold is short. */
#define CCM_CFG_RING_CYCLE_MS 4        /**< Ring cycle (6 s) for rings = ceil(alert / cycle). */
#define CCM_CFG_FRT_TARGET_MS 5        /**< First-response target (1 h). */
#define CCM_CFG_RESOLUTION_TARGET_MS 6 /**< Resolution target (24 h). */
#define CCM_CFG_REPEAT_WINDOW_MS 7     /**< Repeat window (7 days). */
#define CCM_CFG_RETENTION_MS 8         /**< How long an ended contact's dimensions stay known (7 days). */
#define CCM_CFG_GRACE_MS 9             /**< An "over" contact is released this long after its last event (5 min). */
#define CCM_CFG_IDLE_TIMEOUT_MS 10     /**< An open contact idle this long is expired (1 day; 0 = never). */
#define CCM_CFG_CSAT_SATISFIED 11      /**< CSAT answers >= this are satisfied (4). */
#define CCM_CFG_CES_EASY 12            /**< CES answers >= this are easy (5). */
#define CCM_CFG_MAX_CONTACTS 13        /**< Open plus retained contacts allowed (0 = unlimited). */
#define CCM_CFG_CUSTOMERS_BASE 14      /**< Active customers before the first event (0). @since 0.2.0 */
#define CCM_CFG_DEDUP_WINDOW_MS 15     /**< Event ids are remembered this long, by event time (1 day; 0 = no duplicate detection). @since 0.3.0 */
#define CCM_CFG_DEDUP_MAX 16           /**< At most this many event ids are remembered; the oldest go first (1048576). @since 0.3.0 */
#define CCM_CFG_LATENESS_MS 17         /**< A contact's event up to this much earlier than its latest event is put back in order (0 = rejected as ::CCM_E_TIME_BACKWARDS). @since 0.3.0 */
#define CCM_CFG_LEVELS 18              /**< 1: keep the levels (gauges: in_queue, open_contacts, awaiting_reply, agents_*, customers_active); 0: skip their work at every event; every metric that reads one (ccm_metric_uses_levels()) and every field of a level are then ::CCM_UNDEFINED, and a cell only level changes would reach is not made (1). @since 0.3.0 */

/**
 * @brief Create a configuration holding every default.
 * @param alloc allocator for the object itself, or NULL for malloc/free.
 * @param out receives the new configuration.
 * @return ::CCM_OK, ::CCM_E_INVALID_ARG, ::CCM_E_NOMEM.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_config_new(const ccm_allocator *alloc, ccm_config **out);

/**
 * @brief Free a configuration.  NULL is a no-op.
 * @param cfg configuration to free.
 * @since 0.1.0
 */
CCM_EXPORT void ccm_config_free(ccm_config *cfg);

/**
 * @brief Set one setting.
 * @param cfg configuration.
 * @param key a `CCM_CFG_*` key.
 * @param value new value, within ccm_config_bounds().
 * @return ::CCM_OK; ::CCM_E_NOT_FOUND for an unknown key; ::CCM_E_RANGE when
 *         out of bounds (or, for the interval, not a divisor of a day); the
 *         configuration is unchanged on error.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_config_set(ccm_config *cfg, int32_t key, int64_t value);

/**
 * @brief Read one setting.
 * @param cfg configuration.
 * @param key a `CCM_CFG_*` key.
 * @param value receives the value.
 * @return ::CCM_OK, ::CCM_E_NOT_FOUND, ::CCM_E_INVALID_ARG.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_config_get(const ccm_config *cfg, int32_t key, int64_t *value);

/**
 * @brief Bounds and default of a setting.
 * @param key a `CCM_CFG_*` key.
 * @param min receives the smallest value allowed (may be NULL).
 * @param max receives the largest value allowed (may be NULL).
 * @param def receives the default (may be NULL).
 * @return ::CCM_OK or ::CCM_E_NOT_FOUND.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_config_bounds(int32_t key, int64_t *min, int64_t *max, int64_t *def);

/**
 * @brief Name of a setting ("interval_ms").
 * @param key a `CCM_CFG_*` key.
 * @return a static string, or NULL for an unknown key.
 * @since 0.1.0
 */
CCM_EXPORT const char *ccm_config_name(int32_t key);

/**
 * @brief Set the time zone of every local-time bucket from a POSIX TZ rule.
 *
 * The rule is the POSIX `TZ` format (`std offset [dst [offset] [,start[/time],end[/time]]]`),
 * for example `EST5EDT,M3.2.0,M11.1.0`, `CET-1CEST,M3.5.0,M10.5.0/3`,
 * `<+0530>-5:30` or `UTC0`; no time-zone database is read.  A daylight name
 * without rules takes the US rules `M3.2.0,M11.1.0`.  Buckets of every grain
 * are then in local time: intervals are aligned to local midnight, a day has
 * 23 or 25 hours when the clocks change, and an interval is never split or
 * doubled (doc/CHOICES.md, "Local time").  Replaces a function set with
 * ccm_config_set_utc_offset_fn().
 *
 * @param cfg configuration.
 * @param rule NUL-terminated rule; NULL, "", "UTC" and "GMT" mean UTC.
 * @return ::CCM_OK, ::CCM_E_INVALID_ARG, ::CCM_E_PARSE (the configuration is
 *         unchanged).
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_config_set_tz(ccm_config *cfg, const char *rule);

/**
 * @brief A host function giving the UTC offset in force at an instant.
 * @param utc_ms milliseconds since the epoch.
 * @param user the pointer given to ccm_config_set_utc_offset_fn().
 * @return local time minus UTC, in milliseconds (for example -18000000 for
 *         UTC-5), within +-26 hours.  It must be a pure function of @p utc_ms.
 */
typedef int64_t (*ccm_utc_offset_fn)(int64_t utc_ms, void *user);

/**
 * @brief Take local time from a host function (for hosts with their own
 *        zone data) instead of a TZ rule.
 *
 * The function is called only when an event or query leaves the buckets
 * already known, and sampled at most every 6 hours when looking for offset
 * changes, so two changes closer than that are not told apart.
 *
 * @param cfg configuration.
 * @param fn the function, or NULL to go back to UTC.
 * @param user passed unchanged to @p fn.
 * @return ::CCM_OK or ::CCM_E_INVALID_ARG.
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_config_set_utc_offset_fn(ccm_config *cfg, ccm_utc_offset_fn fn, void *user);

/** Opaque business calendar: weekly open hours in local time and holidays. */
typedef struct ccm_calendar ccm_calendar;

/**
 * @brief Create an empty calendar (never open).
 * @param alloc allocator, or NULL for malloc/free.
 * @param out receives the calendar.
 * @return ::CCM_OK, ::CCM_E_INVALID_ARG, ::CCM_E_NOMEM.
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_calendar_new(const ccm_allocator *alloc, ccm_calendar **out);

/**
 * @brief Free a calendar.  NULL is a no-op.
 * @param cal calendar.
 * @since 0.3.0
 */
CCM_EXPORT void ccm_calendar_free(ccm_calendar *cal);

/**
 * @brief Add open hours to one day of the week.
 *
 * Spans of a day that overlap or touch are merged; a day holds at most 16
 * separate spans.
 *
 * @param cal calendar.
 * @param dow day of the week, 0 (Monday) .. 6 (Sunday).
 * @param open_minute opening, minutes after local midnight (0 .. 1439).
 * @param close_minute closing, minutes after local midnight (open_minute + 1
 *        .. 1440).
 * @return ::CCM_OK, ::CCM_E_INVALID_ARG, ::CCM_E_RANGE, ::CCM_E_LIMIT.
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_calendar_add_hours(ccm_calendar *cal, int32_t dow, int32_t open_minute, int32_t close_minute);

/**
 * @brief Add a holiday: a local date on which the calendar is closed all day.
 * @param cal calendar.
 * @param year year (1 .. 9999).
 * @param month month (1 .. 12).
 * @param day day of the month (1 .. its length).
 * @return ::CCM_OK, ::CCM_E_INVALID_ARG, ::CCM_E_RANGE, ::CCM_E_NOMEM.
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_calendar_add_holiday(ccm_calendar *cal, int32_t year, int32_t month, int32_t day);

/**
 * @brief Add the hours and holidays of a calendar text (doc/CALENDAR.md).
 *
 * One entry per line: `mon 09:00-17:00 18:00-20:00` (days `mon` .. `sun`,
 * several spans, `24:00` closes at midnight), `holiday 2026-12-25`; `#`
 * starts a comment.  On error nothing is added.
 *
 * @param cal calendar.
 * @param text the text (need not be NUL-terminated).
 * @param len its length in bytes.
 * @param error_line receives the 1-based line of a parse error (may be NULL).
 * @return ::CCM_OK, ::CCM_E_INVALID_ARG, ::CCM_E_PARSE, ::CCM_E_RANGE,
 *         ::CCM_E_LIMIT, ::CCM_E_NOMEM.
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_calendar_parse(ccm_calendar *cal, const char *text, size_t len, size_t *error_line);

/**
 * @brief Use a business calendar: agent FRT, first reply time, response
 *        time and resolution time are then also measured in business time
 *        (the `*_bh` measures and metrics).
 * @param cfg configuration.
 * @param cal calendar, copied; NULL removes the calendar.
 * @return ::CCM_OK, ::CCM_E_INVALID_ARG, ::CCM_E_NOMEM.
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_config_set_calendar(ccm_config *cfg, const ccm_calendar *cal);
/** @} */

/* ------------------------------------------------------------------------ */
/** @name Dimensions and interning
 * @{ */

#define CCM_DIM_AGENT 0         /**< Agent (view dimension). */
#define CCM_DIM_TEAM 1          /**< Team (view dimension). */
#define CCM_DIM_SKILL 2         /**< Skill / queue (view dimension). */
#define CCM_DIM_CAMPAIGN 3      /**< Campaign (view dimension). */
#define CCM_DIM_CHANNEL 4       /**< Channel: fixed dictionary, ids ::CCM_CHANNEL_VOICE.. (view dimension). */
#define CCM_DIM_DIRECTION 5     /**< Direction: fixed dictionary (view dimension). */
#define CCM_DIM_CONTACT_TYPE 6  /**< Contact type, the contact_start label (view dimension). */
#define CCM_DIM_DISPOSITION 7   /**< Disposition code (view dimension). */
#define CCM_DIM_TAG 8           /**< Tag, multi-valued (view dimension). */
#define CCM_DIM_REASON 9        /**< Reason: of a queue_exit (its label), of an agent state (its reason code, as decimal text). A view dimension since 0.2.0. */
#define CCM_DIM_FORM 10         /**< QA form (dictionary only). */
#define CCM_VIEW_DIMS 9         /**< Dimensions 0..8 keyed a view in 0.1.0: key arrays of this size serve every view without the reason. */
#define CCM_KEY_DIMS 10         /**< Dimensions 0..9 can key a view: the size of a key array for every view. @since 0.2.0 */
#define CCM_DICTS 11            /**< Number of dictionaries in this version. */

#define CCM_CHANNEL_VOICE 1     /**< "voice" */
#define CCM_CHANNEL_CHAT 2      /**< "chat" */
#define CCM_CHANNEL_EMAIL 3     /**< "email" */
#define CCM_CHANNEL_SMS 4       /**< "sms" */
#define CCM_CHANNEL_SOCIAL 5    /**< "social" */
#define CCM_CHANNEL_MESSAGING 6 /**< "messaging" */
#define CCM_CHANNEL_VIDEO 7     /**< "video" */
#define CCM_CHANNEL_OTHER 8     /**< "other" */
#define CCM_DIRECTION_INBOUND 1 /**< "inbound" */
#define CCM_DIRECTION_OUTBOUND 2 /**< "outbound" */

/* Agent states: the label of an agent_state event holds one of these ids
 * (fixed values, no dictionary). @since 0.2.0 */
#define CCM_STATE_LOGGED_OUT 1 /**< "logged_out" */
#define CCM_STATE_AVAILABLE 2  /**< "available" */
#define CCM_STATE_BUSY 3       /**< "busy" */
#define CCM_STATE_NOT_READY 4  /**< "not_ready" */
#define CCM_STATE_ACW 5        /**< "acw" (after-contact work) */

/** Longest dimension value accepted by ccm_intern(), in bytes. */
#define CCM_MAX_NAME_LEN 255
/** Matches any value of a dimension in a filter (ccm_rollup()). */
#define CCM_ANY 0xFFFFFFFFu

/** Opaque engine. */
typedef struct ccm_engine ccm_engine;

/**
 * @brief Intern a dimension value, giving its 32-bit id.
 *
 * The same bytes always give the same id within an engine; ids start at 1.
 * Channel and direction have fixed dictionaries: their names are looked up,
 * never added.  Interning allocates only for a new value.
 *
 * @param e engine.
 * @param dim a `CCM_DIM_*` dictionary.
 * @param name the value's bytes (need not be NUL-terminated; may hold any byte).
 * @param len number of bytes, 1..::CCM_MAX_NAME_LEN.
 * @param id receives the id.
 * @return ::CCM_OK; ::CCM_E_NOT_FOUND for a bad @p dim or an unknown channel
 *         or direction name; ::CCM_E_TOO_LONG; ::CCM_E_INVALID_ARG for an
 *         empty name or NULL pointers; ::CCM_E_NOMEM.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_intern(ccm_engine *e, int32_t dim, const char *name, size_t len, uint32_t *id);

/**
 * @brief Look a value up without adding it.
 * @param e engine.
 * @param dim a `CCM_DIM_*` dictionary.
 * @param name the value's bytes.
 * @param len number of bytes.
 * @param id receives the id.
 * @return ::CCM_OK, ::CCM_E_NOT_FOUND, ::CCM_E_INVALID_ARG.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_lookup(const ccm_engine *e, int32_t dim, const char *name, size_t len, uint32_t *id);

/**
 * @brief Read a value back from its id.
 * @param e engine.
 * @param dim a `CCM_DIM_*` dictionary.
 * @param id an id from ccm_intern() (0 gives the empty string).
 * @param name receives a pointer to the bytes, NUL-terminated, valid until
 *        the engine is freed.
 * @param len receives the length (may be NULL).
 * @return ::CCM_OK, ::CCM_E_NOT_FOUND, ::CCM_E_INVALID_ARG.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_name(const ccm_engine *e, int32_t dim, uint32_t id, const char **name, size_t *len);

/**
 * @brief Name of a dictionary ("agent", "contact_type", ...).
 * @param dim a `CCM_DIM_*` value.
 * @return a static string, or NULL for an unknown dimension.
 * @since 0.1.0
 */
CCM_EXPORT const char *ccm_dim_name(int32_t dim);

/**
 * @brief Name of an agent state ("available", ...).
 * @param state a `CCM_STATE_*` value.
 * @return a static string, or NULL for an unknown state.
 * @since 0.2.0
 */
CCM_EXPORT const char *ccm_agent_state_name(int32_t state);

/**
 * @brief Agent state id of a name.
 * @param name "logged_out", "available", "busy", "not_ready" or "acw".
 * @param state receives the `CCM_STATE_*` value.
 * @return ::CCM_OK, ::CCM_E_NOT_FOUND, ::CCM_E_INVALID_ARG.
 * @since 0.2.0
 */
CCM_EXPORT int32_t ccm_agent_state_id(const char *name, int32_t *state);
/** @} */

/* ------------------------------------------------------------------------ */
/** @name Events
 * @{ */

#define CCM_EV_CONTACT_START 1     /**< contact enters the system */
#define CCM_EV_QUEUE_ENTER 2       /**< starts waiting in a skill */
#define CCM_EV_OFFER 3             /**< offered to / ringing an agent */
#define CCM_EV_OFFER_MISS 4        /**< agent did not accept */
#define CCM_EV_ANSWER 5            /**< agent connects: starts an agent contact */
#define CCM_EV_QUEUE_ABANDON 6     /**< customer leaves while waiting */
#define CCM_EV_QUEUE_EXIT 7        /**< system takes the contact out of the queue */
#define CCM_EV_BLOCKED 8           /**< contact refused; ends the contact */
#define CCM_EV_HOLD 9              /**< customer put on hold */
#define CCM_EV_RESUME 10           /**< customer taken off hold */
#define CCM_EV_TRANSFER 11         /**< agent contact ends as transferred */
#define CCM_EV_ESCALATE 12         /**< escalated to a higher tier */
#define CCM_EV_AGENT_END 13        /**< agent contact's connected part ends */
#define CCM_EV_ACW_END 14          /**< after-contact work done */
#define CCM_EV_CUSTOMER_MESSAGE 15 /**< message from the customer */
#define CCM_EV_AGENT_MESSAGE 16    /**< message from an agent */
#define CCM_EV_BOT_MESSAGE 17      /**< automated message (ignored by metrics) */
#define CCM_EV_FOCUS_START 18      /**< agent's focus enters the contact */
#define CCM_EV_FOCUS_END 19        /**< agent's focus leaves the contact */
#define CCM_EV_TAG 20              /**< contact tagged (label = tag) */
#define CCM_EV_DISPOSITION 21      /**< disposition code set (label) */
#define CCM_EV_RESOLVE 22          /**< contact closed as resolved */
#define CCM_EV_REOPEN 23           /**< resolved contact opened again */
#define CCM_EV_CONTACT_END 24      /**< contact over */
#define CCM_EV_CSAT 25             /**< satisfaction answer 1..5 */
#define CCM_EV_NPS 26              /**< net promoter answer 0..10 */
#define CCM_EV_CES 27              /**< effort answer 1..7 */
#define CCM_EV_QA_SCORE 28         /**< quality evaluation 0..100 */
#define CCM_EV_AGENT_STATE 29      /**< agent state change */
#define CCM_EV_COST 30             /**< operating cost booked */
#define CCM_EV_CUSTOMER_ACQUIRE 31 /**< new customer */
#define CCM_EV_CUSTOMER_CHURN 32   /**< customer lost */
#define CCM_EV_CUSTOMER_REVENUE 33 /**< revenue from a customer */
#define CCM_EV_COUNT 34            /**< One more than the largest event type of this version. */

/** ccm_event.flags: the value field is given. */
#define CCM_EVF_VALUE 1u

/**
 * @brief One event, in binary form.
 *
 * Set @c size to `sizeof(ccm_event)`; zero every field that is not given
 * (ids 0, keys 0, flags 0).  New fields are only ever appended, so a host
 * built against this header keeps working with later versions.
 *
 * Contacts and customers are identified by host-chosen 64-bit keys (0 = not
 * given), never interned: the library keeps no dictionary that grows with
 * their number.
 */
typedef struct ccm_event {
  uint32_t size;      /**< sizeof(ccm_event) as the host compiled it. */
  int32_t type;       /**< A `CCM_EV_*` value. */
  int64_t ts;         /**< Milliseconds since the epoch (UTC). */
  uint64_t contact;   /**< Contact key (0 = not given). */
  uint64_t customer;  /**< Customer key (0 = not given). */
  uint32_t channel;   /**< `CCM_CHANNEL_*` (0 = not given). */
  uint32_t direction; /**< `CCM_DIRECTION_*` (0 = not given). */
  uint32_t skill;     /**< Interned ::CCM_DIM_SKILL id. */
  uint32_t campaign;  /**< Interned ::CCM_DIM_CAMPAIGN id. */
  uint32_t agent;     /**< Interned ::CCM_DIM_AGENT id. */
  uint32_t team;      /**< Interned ::CCM_DIM_TEAM id. */
  uint32_t label;     /**< Interned id in the dictionary of the event type
                           (see ccm_event_label_dim()). */
  uint32_t flags;     /**< ::CCM_EVF_VALUE when @c value is given. */
  double value;       /**< Numeric value (survey answer, amount...). */
  uint64_t event_id;  /**< Host event id for duplicate detection (0 = none): an id seen within ::CCM_CFG_DEDUP_WINDOW_MS is ignored (::CCM_DUPLICATE). Read since 0.3.0. */
} ccm_event;

/**
 * @brief Initialise an event: zero every field, set size and type.
 * @param ev event to fill.
 * @param type a `CCM_EV_*` value.
 * @since 0.1.0
 */
CCM_EXPORT void ccm_event_init(ccm_event *ev, int32_t type);

/**
 * @brief Name of an event type ("queue_enter").
 * @param type a `CCM_EV_*` value.
 * @return a static string, or NULL for an unknown type.
 * @since 0.1.0
 */
CCM_EXPORT const char *ccm_event_name(int32_t type);

/**
 * @brief Event type from its name.
 * @param name NUL-terminated name as in EVENTS.md.
 * @param type receives the `CCM_EV_*` value.
 * @return ::CCM_OK, ::CCM_E_NOT_FOUND, ::CCM_E_INVALID_ARG.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_event_type(const char *name, int32_t *type);

/**
 * @brief Dictionary the label of an event type is interned in.
 * @param type a `CCM_EV_*` value.
 * @return a `CCM_DIM_*` value, or -1 when the event type has no label.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_event_label_dim(int32_t type);

/**
 * @brief Ingest one event.
 *
 * The event is validated against the contact's state.  A rejected event
 * returns its specific negative code, leaves the engine exactly as it was
 * (apart from the diagnostic counters and the error message) and is counted
 * by code (ccm_engine_rejected()).
 *
 * Since 0.3.0: an event whose @c event_id was already accepted within the
 * duplicate window (::CCM_CFG_DEDUP_WINDOW_MS, ::CCM_CFG_DEDUP_MAX) changes
 * nothing and returns ::CCM_DUPLICATE.  With ::CCM_CFG_LATENESS_MS > 0, a
 * contact's events are held and applied in time order once an event that
 * much later has been seen (ccm_engine_flush() applies the rest); the call
 * then returns ::CCM_OK for a held event, and an event earlier than one of
 * its contact already applied is ::CCM_E_TOO_LATE.
 *
 * @param e engine.
 * @param ev the event.
 * @return ::CCM_OK, ::CCM_DUPLICATE or a negative `CCM_E_*` code.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_ingest(ccm_engine *e, const ccm_event *ev);

/**
 * @brief Ingest an array of events, continuing past rejected ones.
 *
 * @param e engine.
 * @param evs first event.
 * @param n number of events.
 * @param stride bytes from one event to the next (0 = sizeof(ccm_event)).
 * @param accepted receives the number of events accepted (may be NULL).
 * @param results if not NULL, receives @p n status codes (0, ::CCM_DUPLICATE
 *        or negative).
 * @return ::CCM_OK when every event was accepted, else the code of the first
 *         rejected event; ::CCM_E_NOMEM stops the batch at that event
 *         (events before it stay ingested).
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_ingest_batch(ccm_engine *e, const ccm_event *evs, size_t n, size_t stride,
                                    size_t *accepted, int32_t *results);
/** @} */

/* ------------------------------------------------------------------------ */
/** @name Engine
 * @{ */

/**
 * @brief Create an engine.
 * @param cfg configuration to copy, or NULL for every default.
 * @param alloc allocator hooks to copy, or NULL for malloc/realloc/free.
 * @param out receives the engine.
 * @return ::CCM_OK, ::CCM_E_INVALID_ARG, ::CCM_E_NOMEM.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_engine_new(const ccm_config *cfg, const ccm_allocator *alloc, ccm_engine **out);

/**
 * @brief Free an engine with its views.  NULL is a no-op.
 *
 * Cursors over its views become invalid (ccm_cursor_free() may still be
 * called on them); measure sets are independent and stay usable.
 * @param e engine.
 * @since 0.1.0
 */
CCM_EXPORT void ccm_engine_free(ccm_engine *e);

/**
 * @brief Read the engine's copy of a setting.
 * @param e engine.
 * @param key a `CCM_CFG_*` key.
 * @param value receives the value.
 * @return ::CCM_OK, ::CCM_E_NOT_FOUND, ::CCM_E_INVALID_ARG.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_engine_config(const ccm_engine *e, int32_t key, int64_t *value);

/**
 * @brief Message of the engine's last error.
 * @param e engine.
 * @return a NUL-terminated message naming the event and the reason, "" when
 *         there was no error; valid until the next call on the engine.
 * @since 0.1.0
 */
CCM_EXPORT const char *ccm_engine_errmsg(const ccm_engine *e);

/**
 * @brief Release contacts whose time is over, as of @p now.
 *
 * The library reads no clock: the host calls this as its time advances.
 * Contacts that are over (no queue visit, no agent contact open or in
 * after-contact work, resolved or a voice/video contact with its agent
 * contacts ended) and whose last event is at least the grace period old are
 * released (::CCM_STAT_RELEASED); open contacts idle for longer than the idle
 * timeout are released without crediting anything still open
 * (::CCM_STAT_EXPIRED).  Released and ended contacts keep their dimensions
 * for the retention window, then are forgotten (::CCM_STAT_FORGOTTEN).
 * A contact with a provisional first contact resolution is kept until it is
 * final.
 *
 * It first calls ccm_engine_advance().  Released and expired contacts leave
 * the gauges (in queue, backlog, awaiting reply) in the buckets of @p now.
 * Calling it often is cheap: it reads nothing while no contact can be due,
 * else 8 bytes per contact record (each record's due time), and only the
 * records whose time has come.  A contact released here is forgotten by a
 * later call, never by the same one.
 *
 * @param e engine.
 * @param now the host's current time, milliseconds since the epoch.
 * @return ::CCM_OK, ::CCM_E_INVALID_ARG, or ::CCM_E_NOMEM (cells for a
 *         contact's gauge changes could not be created: that contact and
 *         the ones after it stay as they were, the ones before it are
 *         released; call again).
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_engine_expire(ccm_engine *e, int64_t now);

/**
 * @brief Tell the engine that time has advanced to @p now.
 *
 * The library reads no clock.  This credits every agent's running state span
 * up to @p now (so the current bucket is up to date; the span goes on from
 * @p now), makes provisional first contact resolutions older than the repeat
 * window final, and releases customer records older than the repeat window.
 * It releases no contact (ccm_engine_expire() does both: it calls this
 * first).  A @p now earlier than a span's start leaves that span alone.
 *
 * @param e engine.
 * @param now the host's current time, milliseconds since the epoch.
 * @return ::CCM_OK, ::CCM_E_INVALID_ARG, or ::CCM_E_NOMEM (cells for the
 *         credited time could not be created; nothing changed).
 * @since 0.2.0
 */
CCM_EXPORT int32_t ccm_engine_advance(ccm_engine *e, int64_t now);

/**
 * @brief Apply every event held for reordering now (::CCM_CFG_LATENESS_MS),
 *        in time order: at the end of an input, before a final report.
 *
 * Held events are otherwise applied once an event (or ccm_engine_advance())
 * at least the lateness later has been seen.  A held event the state
 * machine rejects when it is applied is counted like any rejection
 * (::CCM_STAT_REJECTED, ccm_engine_rejected(), the last error message).
 *
 * @param e engine.
 * @return ::CCM_OK or ::CCM_E_INVALID_ARG.
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_engine_flush(ccm_engine *e);

#define CCM_STAT_ACCEPTED 1        /**< Events accepted. */
#define CCM_STAT_REJECTED 2        /**< Events rejected (all codes). */
#define CCM_STAT_CLAMPED 3         /**< Negative durations clamped to 0. */
#define CCM_STAT_OPEN_CONTACTS 4   /**< Contacts open now. */
#define CCM_STAT_RETAINED_CONTACTS 5 /**< Ended or released contacts still retained. */
#define CCM_STAT_RELEASED 6        /**< Contacts released because they were over. */
#define CCM_STAT_EXPIRED 7         /**< Contacts released because they were idle. */
#define CCM_STAT_FORGOTTEN 8       /**< Retained contacts dropped after the retention window. */
#define CCM_STAT_CELLS 9           /**< Cells in all views. */
#define CCM_STAT_MEMORY_BYTES 10   /**< Bytes the engine holds from its allocator now. */
#define CCM_STAT_ALLOCATIONS 11    /**< Successful allocations (alloc + realloc) so far. */
#define CCM_STAT_ACW_UNCLOSED 12   /**< After-contact work dropped unmeasured (too many legs waiting). */
#define CCM_STAT_VIEWS 13          /**< Views registered. */
#define CCM_STAT_CUSTOMERS 14      /**< Customer records held (repeat window, provisional FCR). @since 0.2.0 */
#define CCM_STAT_FCR_PENDING 15    /**< First contact resolutions still provisional. @since 0.2.0 */
#define CCM_STAT_AGENTS 16         /**< Agents with a state record. @since 0.2.0 */
#define CCM_STAT_DUPLICATES 17     /**< Events ignored as duplicates (::CCM_DUPLICATE). @since 0.3.0 */
#define CCM_STAT_REORDERED 18      /**< Late events put back in order (::CCM_CFG_LATENESS_MS). @since 0.3.0 */
#define CCM_STAT_HELD 19           /**< Events held now, waiting for their lateness window to pass. @since 0.3.0 */
#define CCM_STAT_EVENT_IDS 20      /**< Event ids remembered now. @since 0.3.0 */

/**
 * @brief Read a diagnostic counter.
 * @param e engine.
 * @param stat a `CCM_STAT_*` value.
 * @param value receives the counter.
 * @return ::CCM_OK, ::CCM_E_NOT_FOUND, ::CCM_E_INVALID_ARG.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_engine_stat(const ccm_engine *e, int32_t stat, int64_t *value);

/**
 * @brief Number of events rejected with one error code.
 * @param e engine.
 * @param code a negative `CCM_E_*` code.
 * @param count receives the count (0 for codes never seen).
 * @return ::CCM_OK or ::CCM_E_INVALID_ARG.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_engine_rejected(const ccm_engine *e, int32_t code, int64_t *count);
/** @} */

/* ------------------------------------------------------------------------ */
/** @name Views
 * @{ */

#define CCM_GRAIN_NONE 0     /**< No time key: one bucket for all time (bucket 0). */
#define CCM_GRAIN_INTERVAL 1 /**< Interval: bucket = start, ms since the epoch. */
#define CCM_GRAIN_HOUR 2     /**< Hour of day: bucket 0..23. */
#define CCM_GRAIN_DOW 3      /**< Day of week: bucket 0 (Monday)..6 (Sunday). */
#define CCM_GRAIN_DATE 4     /**< Date: bucket = midnight starting the day, ms since the epoch. */
#define CCM_GRAIN_WEEK 5     /**< ISO week (Monday start): bucket = its first instant, ms since the epoch. @since 0.3.0 */
#define CCM_GRAIN_MONTH 6    /**< Month: bucket = its first instant, ms since the epoch. @since 0.3.0 */

/** View flag: keep a quantile sketch beside every timer of every cell, for
 * percentiles, shares under a threshold and histograms (about 1 % relative
 * error; at most 2.5 KB per timer of a cell for values from 1 ms to 30 days).
 * @since 0.3.0 */
#define CCM_VIEW_SKETCHES 1u

/** Bit of a dimension in a view's dimension mask. */
#define CCM_DIM_BIT(dim) (1u << (dim))

/** Opaque view: a set of dimensions plus a time grain, owning its cells. */
typedef struct ccm_view ccm_view;

/**
 * @brief Register a view.  Owned by the engine; freed with it.
 *
 * Every contribution from then on is credited to the matching cell of the
 * view; a view registered after events were ingested starts empty.
 *
 * An engine with two views or more keeps a table of the cells that recent
 * contributions reached in each of its first 16 views (in a view by tag,
 * those to a single tag), 4096 entries: from 256 KB with two views to
 * 480 KB with 16, made anew by this call while those views change (since
 * 0.3.0).
 *
 * @param e engine.
 * @param dim_mask OR of ::CCM_DIM_BIT of view dimensions (0 = company total).
 * @param grain a `CCM_GRAIN_*` value.
 * @param flags 0, or ::CCM_VIEW_SKETCHES (since 0.3.0).
 * @param out receives the view.
 * @return ::CCM_OK, ::CCM_E_INVALID_ARG (bad mask, grain or flags),
 *         ::CCM_E_LIMIT (65534 views already), ::CCM_E_NOMEM.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_view_new(ccm_engine *e, uint32_t dim_mask, int32_t grain, uint32_t flags, ccm_view **out);

/**
 * @brief Dimension mask of a view.
 * @param v view.
 * @return the mask given to ccm_view_new().
 * @since 0.1.0
 */
CCM_EXPORT uint32_t ccm_view_dims(const ccm_view *v);

/**
 * @brief Time grain of a view.
 * @param v view.
 * @return the grain given to ccm_view_new().
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_view_grain(const ccm_view *v);

/**
 * @brief Number of cells of a view.
 * @param v view.
 * @return the number of cells that received a contribution.
 * @since 0.1.0
 */
CCM_EXPORT int64_t ccm_view_cells(const ccm_view *v);

/**
 * @brief Bucket of a time in a view's grain.
 * @param v view.
 * @param ts milliseconds since the epoch.
 * @param bucket receives the bucket value (see `CCM_GRAIN_*`).
 * @return ::CCM_OK or ::CCM_E_INVALID_ARG.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_view_bucket(const ccm_view *v, int64_t ts, int64_t *bucket);

/**
 * @brief First instant of the bucket after a bucket (interval, date, week,
 *        month), for iterating a range of buckets in local time.
 * @param v view.
 * @param bucket a bucket of the view (its first instant).
 * @param next receives the first instant of the following bucket.
 * @return ::CCM_OK, ::CCM_E_INVALID_ARG (a grain without instants, or NULL).
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_view_bucket_next(const ccm_view *v, int64_t bucket, int64_t *next);

/**
 * @brief Local wall-clock time of an instant in the engine's time zone.
 * @param e engine.
 * @param utc_ms milliseconds since the epoch.
 * @param local_ms receives the local time as milliseconds since 1970-01-01
 *        00:00 local (format it as if it were UTC).
 * @return ::CCM_OK or ::CCM_E_INVALID_ARG.
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_engine_local_time(const ccm_engine *e, int64_t utc_ms, int64_t *local_ms);

/**
 * @brief Business time between two instants: the milliseconds of [from, to)
 *        whose local time is inside the calendar's open hours.
 * @param e engine (its time zone and calendar).
 * @param from first instant.
 * @param to end instant (before @p from gives 0).
 * @param ms receives the business time.
 * @return ::CCM_OK, ::CCM_UNDEFINED (no calendar; @c *ms = 0),
 *         ::CCM_E_INVALID_ARG.
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_engine_business_time(const ccm_engine *e, int64_t from, int64_t to, int64_t *ms);
/** @} */

/* ------------------------------------------------------------------------ */
/** @name Measures and metrics catalog
 * @{ */

#define CCM_MEASURE_COUNT_KIND 1 /**< A measure that is a count. */
#define CCM_MEASURE_TIMER_KIND 2 /**< A timer: count, sum, min, max (ms). */
/** A level (a gauge such as contacts in queue, or the customer stock): cells
 * hold its changes; ::CCM_FIELD_START and ::CCM_FIELD_END read the level at
 * the start and end of the bucket or range (doc/CHOICES.md, "Levels").
 * @since 0.2.0 */
#define CCM_MEASURE_LEVEL_KIND 3

#define CCM_FIELD_COUNT 0 /**< Count of a timer, or value of a count. */
#define CCM_FIELD_SUM 1   /**< Sum of a timer (ms). */
#define CCM_FIELD_MIN 2   /**< Minimum of a timer (ms; 0 when count is 0). */
#define CCM_FIELD_MAX 3   /**< Maximum of a timer (ms; 0 when count is 0). */
#define CCM_FIELD_START 4 /**< A level at the start of the bucket or range. @since 0.2.0 */
#define CCM_FIELD_END 5   /**< A level at the end of the bucket or range. @since 0.2.0 */

/**
 * @brief Number of measures in the catalog of this version.
 * @return the count; measure ids are 0 .. count-1 and never renumbered.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_measure_count(void);

/**
 * @brief Name of a measure ("wait_answered").
 * @param measure a measure id.
 * @return a static string, or NULL for a bad id.
 * @since 0.1.0
 */
CCM_EXPORT const char *ccm_measure_name(int32_t measure);

/**
 * @brief Kind of a measure.
 * @param measure a measure id.
 * @return ::CCM_MEASURE_COUNT_KIND, ::CCM_MEASURE_TIMER_KIND,
 *         ::CCM_MEASURE_LEVEL_KIND, or ::CCM_E_NOT_FOUND.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_measure_kind(int32_t measure);

/**
 * @brief Measure id from its name.
 * @param name NUL-terminated measure name.
 * @param measure receives the id.
 * @return ::CCM_OK, ::CCM_E_NOT_FOUND, ::CCM_E_INVALID_ARG.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_measure_by_name(const char *name, int32_t *measure);

#define CCM_UNIT_COUNT 1   /**< A count. */
#define CCM_UNIT_MS 2      /**< A duration in milliseconds. */
#define CCM_UNIT_PERCENT 3 /**< A percentage. */
#define CCM_UNIT_RATIO 4   /**< A ratio. */
#define CCM_UNIT_SCORE 5   /**< A score on a survey or QA scale. */
#define CCM_UNIT_MONEY 6   /**< Money in the input's minor units. */

#define CCM_BETTER_NONE 0  /**< Neither direction is better. */
#define CCM_BETTER_UP 1    /**< Higher is better. */
#define CCM_BETTER_DOWN (-1) /**< Lower is better. */

/**
 * @brief Number of metrics in the catalog of this version.
 * @return the count; metric ids are 0 .. count-1, in METRICS.md order, and
 *         never renumbered.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_metric_count(void);

/**
 * @brief Metric id from its name.
 * @param name NUL-terminated metric name ("asa").
 * @param metric receives the id.
 * @return ::CCM_OK, ::CCM_E_NOT_FOUND, ::CCM_E_INVALID_ARG.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_metric_by_name(const char *name, int32_t *metric);

/**
 * @brief Name of a metric.
 * @param metric a metric id.
 * @return a static string, or NULL for a bad id.
 * @since 0.1.0
 */
CCM_EXPORT const char *ccm_metric_name(int32_t metric);

/**
 * @brief One-line description of a metric.
 * @param metric a metric id.
 * @return a static string, or NULL for a bad id.
 * @since 0.1.0
 */
CCM_EXPORT const char *ccm_metric_description(int32_t metric);

/**
 * @brief The metric's formula over measures, as text ("wait_answered.sum / answered").
 * @param metric a metric id.
 * @return a static string, or NULL for a bad id.
 * @since 0.1.0
 */
CCM_EXPORT const char *ccm_metric_formula(int32_t metric);

/**
 * @brief Seed lists the metric comes from ("C, K, L").
 * @param metric a metric id.
 * @return a static string, or NULL for a bad id.
 * @since 0.1.0
 */
CCM_EXPORT const char *ccm_metric_seeds(int32_t metric);

/**
 * @brief Unit of a metric.
 * @param metric a metric id.
 * @return a `CCM_UNIT_*` value, or ::CCM_E_NOT_FOUND.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_metric_unit(int32_t metric);

/**
 * @brief Which direction is better.
 * @param metric a metric id.
 * @return ::CCM_BETTER_UP, ::CCM_BETTER_DOWN, ::CCM_BETTER_NONE; or
 *         ::CCM_E_NOT_FOUND (which is below every direction).
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_metric_better(int32_t metric);

/**
 * @brief Whether this version computes the metric.
 * @param metric a metric id.
 * @return 1 when computed, 0 when listed but not yet computed (queries give
 *         ::CCM_E_UNSUPPORTED), ::CCM_E_NOT_FOUND for a bad id.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_metric_supported(int32_t metric);

/**
 * @brief The timer whose values a metric averages (asa: wait_answered, aht:
 *        handle_time ...), the measure to ask percentiles of.
 * @param metric a metric id.
 * @param measure receives the timer's measure id.
 * @return ::CCM_OK, ::CCM_E_NOT_FOUND (a bad id, or not an average of one
 *         timer), ::CCM_E_INVALID_ARG.
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_metric_timer(int32_t metric, int32_t *measure);

/**
 * @brief Whether a metric reads a level (a gauge: backlog, in_queue,
 *        longest_wait, agents_available ...), and so is ::CCM_UNDEFINED in
 *        an engine made with ::CCM_CFG_LEVELS 0.
 * @param metric a metric id.
 * @return 1 when it reads one, 0 when not, ::CCM_E_NOT_FOUND for a bad id.
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_metric_uses_levels(int32_t metric);
/** @} */

/* ------------------------------------------------------------------------ */
/** @name Queries
 * A query never changes the engine.  Undefined values (zero denominator, or
 * a maximum over no values) return ::CCM_UNDEFINED with @c *value set to 0.
 * @{ */

/** Opaque set of merged measures (a rollup result or a copy of a cell). */
typedef struct ccm_measures ccm_measures;

/**
 * @brief Value of a metric in one cell.
 *
 * A key that matches no cell is an empty cell: counts and sums are 0 and
 * ratios are undefined.
 *
 * @param v view.
 * @param key values of the view's dimensions, indexed by `CCM_DIM_*`
 *        (entries of dimensions not in the view are ignored); 0 = "none".
 * @param nkey number of entries in @p key (at least the highest dimension
 *        of the view plus one).
 * @param bucket bucket of the cell (0 for ::CCM_GRAIN_NONE).
 * @param metric a metric id.
 * @param value receives the value (ms for durations).
 * @return ::CCM_OK, ::CCM_UNDEFINED, ::CCM_E_UNSUPPORTED,
 *         ::CCM_E_NOT_FOUND (bad metric), ::CCM_E_INVALID_ARG.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_query(const ccm_view *v, const uint32_t *key, uint32_t nkey, int64_t bucket, int32_t metric,
                             double *value);

/**
 * @brief Create an empty measure set (for rollups).
 * @param e engine whose allocator is used.
 * @param out receives the set.
 * @return ::CCM_OK, ::CCM_E_INVALID_ARG, ::CCM_E_NOMEM.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_measures_new(ccm_engine *e, ccm_measures **out);

/**
 * @brief Free a measure set.  NULL is a no-op.
 * @param m set.
 * @since 0.1.0
 */
CCM_EXPORT void ccm_measures_free(ccm_measures *m);

/**
 * @brief Empty a measure set.
 * @param m set.
 * @since 0.1.0
 */
CCM_EXPORT void ccm_measures_clear(ccm_measures *m);

/**
 * @brief Merge every cell of a view that matches a filter into a set.
 *
 * Merging adds counts and sums and takes minima and maxima, so a metric of
 * the result is exact (never an average of averages).  A level (gauge,
 * customer stock) gets its value at the start of @p bucket_from and at the
 * end of the range, from the changes of every earlier bucket (a scan of the
 * view's cells); several rollups of different ranges into one set leave its
 * levels undefined.  The longest wait is given when the range holds the
 * bucket of the engine's current time (ccm_engine_advance()).
 *
 * @param v view.
 * @param filter values per dimension, indexed by `CCM_DIM_*`: ::CCM_ANY
 *        matches every value, anything else (0 = none) only itself; may be
 *        NULL (everything).
 * @param nfilter number of entries in @p filter.
 * @param bucket_from first bucket included.
 * @param bucket_to first bucket excluded (INT64_MAX for no end).
 * @param m set the cells are merged into (not cleared first).
 * @return ::CCM_OK, ::CCM_E_INVALID_ARG; ::CCM_E_NOMEM (only for a view with
 *         ::CCM_VIEW_SKETCHES, whose sketches are merged into the set: the
 *         set is then emptied rather than left half merged).
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_rollup(const ccm_view *v, const uint32_t *filter, uint32_t nfilter, int64_t bucket_from,
                              int64_t bucket_to, ccm_measures *m);

/**
 * @brief Value of a metric over a measure set.
 * @param m set.
 * @param metric a metric id.
 * @param value receives the value.
 * @return ::CCM_OK, ::CCM_UNDEFINED, ::CCM_E_UNSUPPORTED, ::CCM_E_NOT_FOUND,
 *         ::CCM_E_INVALID_ARG.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_measures_metric(const ccm_measures *m, int32_t metric, double *value);

/**
 * @brief One field of one measure of a set.
 * @param m set.
 * @param measure a measure id.
 * @param field a `CCM_FIELD_*` value (counts have only ::CCM_FIELD_COUNT).
 * @param value receives the field.
 * @return ::CCM_OK, ::CCM_E_NOT_FOUND, ::CCM_E_INVALID_ARG.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_measures_get(const ccm_measures *m, int32_t measure, int32_t field, int64_t *value);


/**
 * @brief A quantile of a timer of a measure set (a view with
 *        ::CCM_VIEW_SKETCHES).
 *
 * Within 1 % relative error of the exact lower quantile (the value of rank
 * floor(q x (count - 1)) in sorted order); q = 0 and q = 1 are the exact
 * minimum and maximum.
 *
 * @param m set.
 * @param measure a timer measure id.
 * @param q quantile, 0 .. 1.
 * @param value receives the value in ms.
 * @return ::CCM_OK, ::CCM_UNDEFINED (no values), ::CCM_E_UNSUPPORTED (the
 *         set holds no sketch), ::CCM_E_NOT_FOUND (not a timer),
 *         ::CCM_E_INVALID_ARG.
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_measures_quantile(const ccm_measures *m, int32_t measure, double q, double *value);

/**
 * @brief Share of a timer's values at or under a threshold chosen at query
 *        time (SLA compliance at any target).
 *
 * Exact for thresholds outside the values' range; otherwise values within
 * 1 % of the threshold may be counted on the wrong side.
 *
 * @param m set.
 * @param measure a timer measure id.
 * @param threshold_ms threshold in ms.
 * @param share receives the share, 0 .. 1.
 * @return as ccm_measures_quantile().
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_measures_share_at_or_under(const ccm_measures *m, int32_t measure, int64_t threshold_ms,
                                                  double *share);

/**
 * @brief Histogram of a timer's values with caller-given bucket edges.
 *
 * counts[0] is the values under edges[0], counts[i] those in
 * [edges[i-1], edges[i]), counts[nedges] those at or over the last edge
 * (to within the sketch's 1 %).
 *
 * @param m set.
 * @param measure a timer measure id.
 * @param edges increasing edges in ms.
 * @param nedges number of edges (at least 1).
 * @param counts receives nedges + 1 counts.
 * @return ::CCM_OK, ::CCM_E_UNSUPPORTED, ::CCM_E_NOT_FOUND,
 *         ::CCM_E_INVALID_ARG (also edges not increasing).
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_measures_histogram(const ccm_measures *m, int32_t measure, const int64_t *edges,
                                          uint32_t nedges, int64_t *counts);

/**
 * @brief Service level at a threshold chosen at query time: answered with a
 *        wait at or under it, of answered and long abandons, in percent (the
 *        formula of `service_level`, with the threshold given here).
 * @param m set.
 * @param threshold_ms threshold in ms.
 * @param value receives the percentage.
 * @return ::CCM_OK, ::CCM_UNDEFINED, ::CCM_E_UNSUPPORTED (no sketch),
 *         ::CCM_E_INVALID_ARG.
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_measures_service_level_at(const ccm_measures *m, int64_t threshold_ms, double *value);
/** Opaque cursor over the cells of a view. */
typedef struct ccm_cursor ccm_cursor;

/**
 * @brief Create a cursor over a view's cells (in no particular order).
 *
 * The view must not receive events while the cursor is in use.
 *
 * @param v view.
 * @param out receives the cursor, positioned before the first cell.
 * @return ::CCM_OK, ::CCM_E_INVALID_ARG, ::CCM_E_NOMEM.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_cursor_new(const ccm_view *v, ccm_cursor **out);

/**
 * @brief Free a cursor.  NULL is a no-op.
 * @param c cursor.
 * @since 0.1.0
 */
CCM_EXPORT void ccm_cursor_free(ccm_cursor *c);

/**
 * @brief Move to the next cell.
 * @param c cursor.
 * @return ::CCM_OK on a cell, ::CCM_END past the last one, ::CCM_E_INVALID_ARG.
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_cursor_next(ccm_cursor *c);

/**
 * @brief Key of the current cell.
 * @param c cursor.
 * @param key receives values indexed by `CCM_DIM_*`; dimensions not in the
 *        view get 0.
 * @param nkey number of entries of @p key to fill.
 * @param bucket receives the bucket (may be NULL).
 * @return ::CCM_OK, ::CCM_E_INVALID_ARG (no current cell).
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_cursor_key(const ccm_cursor *c, uint32_t *key, uint32_t nkey, int64_t *bucket);

/**
 * @brief Value of a metric in the current cell.
 *
 * A level metric (gauges, customer stock) of a view by interval or date
 * needs the changes of the cell's key in earlier buckets: the first such call
 * on a cursor sorts the view's cells once into a table the cursor keeps.
 *
 * @param c cursor.
 * @param metric a metric id.
 * @param value receives the value.
 * @return as ccm_measures_metric(), or ::CCM_E_NOMEM (that table).
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_cursor_metric(const ccm_cursor *c, int32_t metric, double *value);

/**
 * @brief One field of one measure of the current cell.
 * @param c cursor.
 * @param measure a measure id.
 * @param field a `CCM_FIELD_*` value.
 * @param value receives the field.
 * @return as ccm_measures_get(), or ::CCM_E_NOMEM (see ccm_cursor_metric()).
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_cursor_measure(const ccm_cursor *c, int32_t measure, int32_t field, int64_t *value);

/**
 * @brief Merge the current cell into a measure set.
 *
 * Levels add across cells of one bucket; merging cells of several buckets
 * makes the set's levels undefined (use ccm_rollup() for a range).
 *
 * @param c cursor.
 * @param m set.
 * @return ::CCM_OK, ::CCM_E_INVALID_ARG, ::CCM_E_NOMEM (see
 *         ccm_cursor_metric(); with sketches, a failure while merging them
 *         empties the set).
 * @since 0.1.0
 */
CCM_EXPORT int32_t ccm_cursor_merge(const ccm_cursor *c, ccm_measures *m);

/**
 * @brief A quantile of a timer in the current cell (see
 *        ccm_measures_quantile()).
 * @param c cursor.
 * @param measure a timer measure id.
 * @param q quantile, 0 .. 1.
 * @param value receives the value in ms.
 * @return as ccm_measures_quantile().
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_cursor_quantile(const ccm_cursor *c, int32_t measure, double q, double *value);
/** @} */

/* ------------------------------------------------------------------------ */
/** @name Snapshots and merges
 * An engine's whole state can be written out and read back (a service
 * restarts where it stopped), and engines that ingested disjoint shards of a
 * stream can be merged (work split across threads, processes or machines).
 * The format is versioned, little-endian on every platform and checked with
 * a CRC32C; the library still does no I/O: bytes go through a host callback
 * or into a host buffer.
 * @{ */

/**
 * @brief A host function that takes the next bytes of a snapshot.
 * @param data bytes.
 * @param len their number (> 0).
 * @param user the pointer given to ccm_engine_snapshot().
 * @return 0 on success; anything else stops the snapshot with ::CCM_E_IO.
 */
typedef int32_t (*ccm_write_fn)(const void *data, size_t len, void *user);

/**
 * @brief Write the engine's whole state: configuration, dictionaries, open
 *        and retained contacts, customer and agent records, views and their
 *        cells and sketches, duplicate-detection and reorder state, counters.
 *
 * Events held for reordering are part of the state.  The engine is not
 * changed.  A host offset function (ccm_config_set_utc_offset_fn()) cannot be
 * written: the restore must be given it again.
 *
 * @param e engine.
 * @param write called with consecutive pieces of the snapshot.
 * @param user passed to @p write.
 * @return ::CCM_OK, ::CCM_E_INVALID_ARG, ::CCM_E_IO, ::CCM_E_NOMEM.
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_engine_snapshot(const ccm_engine *e, ccm_write_fn write, void *user);

/**
 * @brief Bytes ccm_engine_snapshot() would write now.
 * @param e engine.
 * @param size receives the size.
 * @return ::CCM_OK, ::CCM_E_INVALID_ARG.
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_engine_snapshot_size(const ccm_engine *e, uint64_t *size);

/**
 * @brief Rebuild an engine from a snapshot.
 *
 * Restoring and then ingesting the rest of a stream gives exactly the
 * numbers of an uninterrupted run.  Views are recreated in their order
 * (ccm_engine_view()).  Hostile input is rejected, never trusted: every
 * count is checked against the bytes that remain before anything is
 * allocated.
 *
 * @param data the snapshot's bytes.
 * @param len their number.
 * @param cfg NULL, or a configuration giving what a snapshot cannot hold:
 *        its host offset function (needed when the snapshot was taken with
 *        one); its other settings are ignored.
 * @param alloc allocator of the new engine, or NULL for malloc/free.
 * @param out receives the engine.
 * @return ::CCM_OK, ::CCM_E_INVALID_ARG, ::CCM_E_NOMEM,
 *         ::CCM_E_SNAPSHOT_FORMAT, ::CCM_E_SNAPSHOT_VERSION,
 *         ::CCM_E_SNAPSHOT_CHECKSUM, ::CCM_E_SNAPSHOT_TRUNCATED,
 *         ::CCM_E_SNAPSHOT_CORRUPT, ::CCM_E_INCOMPATIBLE (the host offset
 *         function is missing).
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_engine_restore(const void *data, size_t len, const ccm_config *cfg,
                                      const ccm_allocator *alloc, ccm_engine **out);

/**
 * @brief The engine's views, in the order they were registered.
 * @param e engine.
 * @param index 0 .. ::CCM_STAT_VIEWS - 1.
 * @param out receives the view.
 * @return ::CCM_OK, ::CCM_E_NOT_FOUND, ::CCM_E_INVALID_ARG.
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_engine_view(ccm_engine *e, uint32_t index, ccm_view **out);

/**
 * @brief Add another engine's cells into this one, view by view.
 *
 * For a stream split by contact id into shards, each ingested by its own
 * engine, merging the shards gives the counts and sums of one engine that
 * ingested everything (percentiles within the sketch's bound); see
 * doc/CHOICES.md for what depends on several contacts (customers, agent
 * states).  The engines must have the same configuration and the same views
 * in the same order; @p src is not changed.  Counters (accepted, rejected,
 * ...) add up.  Dictionaries may differ: values are matched by name.
 *
 * @param dst engine merged into.
 * @param src engine merged from.
 * @return ::CCM_OK, ::CCM_E_INVALID_ARG, ::CCM_E_INCOMPATIBLE,
 *         ::CCM_E_NOMEM (@p dst is then unchanged).
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_engine_merge(ccm_engine *dst, const ccm_engine *src);

/**
 * @brief Add the cells of one view into a view of the same definition.
 * @param dst view merged into.
 * @param src view merged from (its engine may be another one).
 * @return as ccm_engine_merge().
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_view_merge(ccm_view *dst, const ccm_view *src);
/** @} */

/* ------------------------------------------------------------------------ */
/** @name Staffing (Erlang C and Erlang A)
 * Queueing formulas for one interval with steady arrivals: Poisson arrivals
 * at @p rate_per_hour, exponential handle times of mean @p aht_ms, and for
 * Erlang A exponential patience of mean @p patience_ms.  Computed with
 * recurrences, never factorials, so they hold for thousands of agents.
 * Outputs may be NULL.  Percentages are 0 .. 100.
 * @{ */

#define CCM_TARGET_SERVICE_LEVEL 1 /**< goal: service level in percent at the threshold. */
#define CCM_TARGET_PWAIT 2         /**< goal: probability of waiting at most this (0 .. 1). */
#define CCM_TARGET_ASA 3           /**< goal: average speed of answer at most this, in ms. */

/**
 * @brief Erlang C: N agents, no abandonment.
 * @param rate_per_hour arrivals per hour (>= 0).
 * @param aht_ms average handle time in ms (> 0).
 * @param agents number of agents (>= 0).
 * @param threshold_ms service-level threshold in ms (>= 0).
 * @param pwait receives the probability of waiting (0 .. 1).
 * @param service_level receives the share answered within the threshold (%).
 * @param asa_ms receives the average speed of answer in ms.
 * @param occupancy receives the agents' occupancy (%).
 * @return ::CCM_OK; ::CCM_UNDEFINED when the load is at or over the agents
 *         (no steady state: pwait 1, service level 0, ASA and occupancy
 *         undefined, set to 0); ::CCM_E_RANGE for arguments out of range.
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_erlang_c(double rate_per_hour, double aht_ms, int64_t agents, double threshold_ms,
                                double *pwait, double *service_level, double *asa_ms, double *occupancy);

/**
 * @brief Erlang A (M/M/N+M): N agents, callers who abandon after an
 *        exponential patience.  Always has a steady state.
 * @param rate_per_hour arrivals per hour (>= 0).
 * @param aht_ms average handle time in ms (> 0).
 * @param patience_ms mean patience in ms (> 0).
 * @param agents number of agents (>= 0).
 * @param threshold_ms service-level threshold in ms (>= 0).
 * @param pwait receives the probability of waiting (0 .. 1).
 * @param service_level receives the share of arrivals answered within the
 *        threshold (%).
 * @param asa_ms receives the average wait of answered callers in ms.
 * @param occupancy receives the agents' occupancy (%).
 * @param abandon_rate receives the share of arrivals that abandon (%).
 * @return ::CCM_OK, ::CCM_E_RANGE.
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_erlang_a(double rate_per_hour, double aht_ms, double patience_ms, int64_t agents,
                                double threshold_ms, double *pwait, double *service_level, double *asa_ms,
                                double *occupancy, double *abandon_rate);

/**
 * @brief The smallest number of agents that meets a target.
 * @param rate_per_hour arrivals per hour (>= 0; 0 needs 0 agents).
 * @param aht_ms average handle time in ms (> 0).
 * @param patience_ms mean patience in ms for Erlang A, 0 for Erlang C.
 * @param threshold_ms service-level threshold in ms (for
 *        ::CCM_TARGET_SERVICE_LEVEL).
 * @param target a `CCM_TARGET_*` value.
 * @param goal the target's value.
 * @param agents receives the number of agents.
 * @return ::CCM_OK; ::CCM_E_RANGE for arguments out of range or a goal no
 *         number of agents reaches (a service level of 100 %, an ASA or
 *         probability of waiting of 0 with a load).
 * @since 0.3.0
 */
CCM_EXPORT int32_t ccm_erlang_agents(double rate_per_hour, double aht_ms, double patience_ms, double threshold_ms,
                                     int32_t target, double goal, int64_t *agents);
/** @} */

#ifdef __cplusplus
}
#endif

#endif /* CCMETRICS_H */
