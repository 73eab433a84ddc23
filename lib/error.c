/* error.c: names and messages of status codes; the engine's last message. */
#include <stdarg.h>
#include <stdio.h>

#include "ccmetrics_int.h"

/* X(code, symbol, message): the one list of codes. */
#define CCM_CODE_LIST(X)                                                                       \
  X(CCM_OK, "CCM_OK", "success")                                                               \
  X(CCM_UNDEFINED, "CCM_UNDEFINED", "metric undefined (zero denominator)")                     \
  X(CCM_END, "CCM_END", "no more cells")                                                       \
  X(CCM_DUPLICATE, "CCM_DUPLICATE", "duplicate event ignored")                                   \
  X(CCM_E_INVALID_ARG, "CCM_E_INVALID_ARG", "invalid argument")                                \
  X(CCM_E_NOMEM, "CCM_E_NOMEM", "out of memory")                                               \
  X(CCM_E_UNSUPPORTED, "CCM_E_UNSUPPORTED", "not supported by this version")                   \
  X(CCM_E_RANGE, "CCM_E_RANGE", "value out of bounds")                                         \
  X(CCM_E_NOT_FOUND, "CCM_E_NOT_FOUND", "not found")                                           \
  X(CCM_E_TOO_LONG, "CCM_E_TOO_LONG", "string too long")                                       \
  X(CCM_E_LIMIT, "CCM_E_LIMIT", "capacity limit reached")                                      \
  X(CCM_E_PARSE, "CCM_E_PARSE", "text could not be parsed (time-zone rule, calendar)")            \
  X(CCM_E_IO, "CCM_E_IO", "the host's write function failed")                                   \
  X(CCM_E_SNAPSHOT_FORMAT, "CCM_E_SNAPSHOT_FORMAT", "not a ccmetrics snapshot")                  \
  X(CCM_E_SNAPSHOT_VERSION, "CCM_E_SNAPSHOT_VERSION", "snapshot format version not supported")   \
  X(CCM_E_SNAPSHOT_CHECKSUM, "CCM_E_SNAPSHOT_CHECKSUM", "snapshot checksum mismatch")            \
  X(CCM_E_SNAPSHOT_TRUNCATED, "CCM_E_SNAPSHOT_TRUNCATED", "snapshot truncated")                  \
  X(CCM_E_SNAPSHOT_CORRUPT, "CCM_E_SNAPSHOT_CORRUPT", "snapshot content inconsistent")           \
  X(CCM_E_INCOMPATIBLE, "CCM_E_INCOMPATIBLE", "incompatible engines, views or snapshot")         \
  X(CCM_E_EVENT_SIZE, "CCM_E_EVENT_SIZE", "event struct too small")                            \
  X(CCM_E_EVENT_TYPE, "CCM_E_EVENT_TYPE", "unknown event type")                                \
  X(CCM_E_MISSING_FIELD, "CCM_E_MISSING_FIELD", "required field missing")                      \
  X(CCM_E_BAD_ID, "CCM_E_BAD_ID", "dimension id never interned")                               \
  X(CCM_E_VALUE_RANGE, "CCM_E_VALUE_RANGE", "field value out of range")                        \
  X(CCM_E_UNKNOWN_CONTACT, "CCM_E_UNKNOWN_CONTACT", "unknown contact")                         \
  X(CCM_E_CONTACT_ENDED, "CCM_E_CONTACT_ENDED", "contact has ended")                           \
  X(CCM_E_CONTACT_EXISTS, "CCM_E_CONTACT_EXISTS", "contact already exists")                    \
  X(CCM_E_TIME_BACKWARDS, "CCM_E_TIME_BACKWARDS", "timestamp before the contact's last event") \
  X(CCM_E_QUEUED, "CCM_E_QUEUED", "contact already in a queue")                                \
  X(CCM_E_NOT_QUEUED, "CCM_E_NOT_QUEUED", "contact not in a queue")                            \
  X(CCM_E_AGENT_CONTACT_OPEN, "CCM_E_AGENT_CONTACT_OPEN", "an agent contact is open")          \
  X(CCM_E_NO_AGENT_CONTACT, "CCM_E_NO_AGENT_CONTACT", "no agent contact open")                 \
  X(CCM_E_WRONG_AGENT, "CCM_E_WRONG_AGENT", "agent differs from the open agent contact's")     \
  X(CCM_E_ON_HOLD, "CCM_E_ON_HOLD", "already on hold")                                         \
  X(CCM_E_NOT_ON_HOLD, "CCM_E_NOT_ON_HOLD", "not on hold")                                     \
  X(CCM_E_FOCUS_OPEN, "CCM_E_FOCUS_OPEN", "focus already open")                                \
  X(CCM_E_NO_FOCUS, "CCM_E_NO_FOCUS", "no focus open")                                         \
  X(CCM_E_NO_ACW, "CCM_E_NO_ACW", "no agent contact in after-contact work")                    \
  X(CCM_E_NO_OFFER, "CCM_E_NO_OFFER", "no open offer to that agent")                           \
  X(CCM_E_NOT_RESOLVED, "CCM_E_NOT_RESOLVED", "contact not resolved")                          \
  X(CCM_E_CONTACT_BUSY, "CCM_E_CONTACT_BUSY", "queue visit or agent contact still open")      \
  X(CCM_E_OUT_OF_SCALE, "CCM_E_OUT_OF_SCALE", "value outside its scale")                        \
  X(CCM_E_TOO_LATE, "CCM_E_TOO_LATE", "event later than the allowed lateness")

const char *ccm_strerror(int32_t code) {
  switch (code) {
#define CCM_X_MSG(c, sym, msg) \
  case c:                      \
    return msg;
    CCM_CODE_LIST(CCM_X_MSG)
#undef CCM_X_MSG
    default:
      return "unknown error";
  }
}

const char *ccm_error_name(int32_t code) {
  switch (code) {
#define CCM_X_SYM(c, sym, msg) \
  case c:                      \
    return sym;
    CCM_CODE_LIST(CCM_X_SYM)
#undef CCM_X_SYM
    default:
      return "CCM_E_UNKNOWN";
  }
}

int32_t ccm_set_error(ccm_engine *e, int32_t code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->errmsg, sizeof e->errmsg, fmt, ap);
  va_end(ap);
  return code;
}

const char *ccm_engine_errmsg(const ccm_engine *e) { return e ? e->errmsg : "invalid argument"; }
