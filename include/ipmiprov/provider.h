/* ipmiprov provider ABI: the CIM model of cim-schemas/ as plain C.
 *
 * What a CIM server adapter (the CMPI provider in provider/cmpi/) or any
 * other host links against: libipmiprov.so.1. The reference is
 * docs/provider-abi.md.
 *
 * Rules of this interface, so that it can grow without breaking callers:
 * - Handles are opaque; the library allocates and frees everything it hands
 *   out (free it with the matching ipmiprov_*_free); nothing allocated on
 *   one side is freed on the other.
 * - Structs passed in or out start with `struct_size`: the caller sets it to
 *   sizeof the struct it was built with; the library reads and writes only
 *   the fields that size covers. New fields are only ever added at the end.
 * - The caller states the ABI version it was built for in ipmiprov_open();
 *   the library refuses a newer major version than its own.
 * - Every call that can fail returns an ipmiprov_status and, when `error` is
 *   not NULL, fills it with a message in words. No call aborts, throws or
 *   exits on bad input.
 * - Strings are UTF-8 and NUL-terminated. Pointers returned inside a list or
 *   instance stay valid until that list is freed.
 * - A session may be used by one thread at a time; open one per thread, or
 *   serialise calls.
 */
#ifndef IPMIPROV_PROVIDER_H
#define IPMIPROV_PROVIDER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define IPMIPROV_API __attribute__((visibility("default")))
#else
#define IPMIPROV_API
#endif

#define IPMIPROV_ABI_MAJOR 1
#define IPMIPROV_ABI_MINOR 2

/* ---- Errors ------------------------------------------------------------ */

typedef enum ipmiprov_status {
    IPMIPROV_OK = 0,
    IPMIPROV_E_INVALID_ARGUMENT = 1, /* a bad class, key, property, value or option */
    IPMIPROV_E_NOT_FOUND = 2,        /* no such instance, device or file */
    IPMIPROV_E_ACCESS_DENIED = 3,    /* the device or the daemon refused this caller */
    IPMIPROV_E_TIMEOUT = 4,          /* the BMC (or the daemon) did not answer in time */
    IPMIPROV_E_TRANSPORT = 5,        /* the way to the BMC failed */
    IPMIPROV_E_PROTOCOL = 6,         /* the BMC answered with something malformed */
    IPMIPROV_E_BMC_REFUSED = 7,      /* the BMC answered with an error completion code */
    IPMIPROV_E_UNSUPPORTED = 8,      /* this BMC, sensor or session cannot do that */
    IPMIPROV_E_VERSION = 9,          /* the caller needs a newer ABI than this library */
    IPMIPROV_E_INTERNAL = 10         /* a bug in ipmiprov: the message says where */
} ipmiprov_status;

#define IPMIPROV_ERROR_MESSAGE_SIZE 512

typedef struct ipmiprov_error {
    uint32_t struct_size;
    ipmiprov_status status;
    uint8_t has_completion_code;               /* 1 when status is IPMIPROV_E_BMC_REFUSED */
    uint8_t completion_code;                   /* the BMC's completion code (IPMI 2.0 Table 5-2) */
    char message[IPMIPROV_ERROR_MESSAGE_SIZE]; /* NUL-terminated, truncated if longer */
} ipmiprov_error;

/* "ok", "invalid argument", ... : never NULL. */
IPMIPROV_API const char* ipmiprov_status_text(ipmiprov_status status);

/* The library's own ABI version: major << 16 | minor. */
IPMIPROV_API uint32_t ipmiprov_abi_version(void);

/* ---- Sessions ---------------------------------------------------------- */

typedef struct ipmiprov_session ipmiprov_session;

/* Where the data comes from. */
typedef enum ipmiprov_source {
    IPMIPROV_SOURCE_DEFAULT = 0, /* the daemon if its socket answers, else the device */
    IPMIPROV_SOURCE_DEVICE = 1,  /* the kernel device itself (/dev/ipmiN) */
    IPMIPROV_SOURCE_LAN = 2,     /* a BMC over RMCP+ */
    IPMIPROV_SOURCE_SIM = 3,     /* the simulated BMC (tests, demos) */
    IPMIPROV_SOURCE_DAEMON = 4   /* ipmiprovd only: an error when it does not answer */
} ipmiprov_source;

typedef struct ipmiprov_open_options {
    uint32_t struct_size;
    uint16_t abi_major; /* IPMIPROV_ABI_MAJOR as the caller was built */
    uint16_t abi_minor;
    ipmiprov_source source;
    const char* device;        /* DEVICE: NULL for the first one found */
    const char* sim_fixture;   /* SIM: a fixture file, or "builtin" */
    const char* lan_host;      /* LAN: host name or address */
    uint16_t lan_port;         /* LAN: 0 for 623 */
    const char* lan_user;      /* LAN */
    const char* lan_password;  /* LAN */
    const char* cache_dir;     /* SDR cache directory; NULL: the default, "": no cache */
    uint32_t timeout_ms;       /* per request; 0 for 5000 */
    const char* system_name;   /* CIM SystemName; NULL: the host name (LAN: lan_host) */
    const char* daemon_socket; /* DEFAULT, DAEMON: NULL for /run/ipmiprov/ipmiprovd.sock */
} ipmiprov_open_options;

/* Fills `options` with defaults for this header's version. */
IPMIPROV_API void ipmiprov_open_options_init(ipmiprov_open_options* options);

IPMIPROV_API ipmiprov_status ipmiprov_open(const ipmiprov_open_options* options, ipmiprov_session** session,
                                           ipmiprov_error* error);
IPMIPROV_API void ipmiprov_close(ipmiprov_session* session);

/* ---- Values ------------------------------------------------------------ */

typedef enum ipmiprov_type {
    IPMIPROV_TYPE_BOOLEAN = 1,
    IPMIPROV_TYPE_UINT8 = 2,
    IPMIPROV_TYPE_UINT16 = 3,
    IPMIPROV_TYPE_UINT32 = 4,
    IPMIPROV_TYPE_UINT64 = 5,
    IPMIPROV_TYPE_SINT8 = 6,
    IPMIPROV_TYPE_SINT16 = 7,
    IPMIPROV_TYPE_SINT32 = 8,
    IPMIPROV_TYPE_SINT64 = 9,
    IPMIPROV_TYPE_REAL32 = 10,
    IPMIPROV_TYPE_REAL64 = 11,
    IPMIPROV_TYPE_STRING = 12,
    IPMIPROV_TYPE_DATETIME = 13, /* DSP0004 text: "20261125030405.000000+000" */
    IPMIPROV_TYPE_REFERENCE = 14
} ipmiprov_type;

typedef struct ipmiprov_path ipmiprov_path;

/* One element of a value; which member is set follows the type:
 * boolean: boolean; uint8..uint64: unsigned_value; sint8..sint64:
 * signed_value; real32/64: real_value; string, datetime: text; reference:
 * reference. */
typedef struct ipmiprov_element {
    uint8_t boolean;
    uint64_t unsigned_value;
    int64_t signed_value;
    double real_value;
    const char* text;
    const ipmiprov_path* reference;
} ipmiprov_element;

typedef struct ipmiprov_property {
    uint32_t struct_size;
    const char* name;
    ipmiprov_type type;
    uint8_t is_array;
    uint8_t is_key;
    uint32_t count;                   /* elements: 1 for a scalar */
    const ipmiprov_element* elements; /* `count` of them */
} ipmiprov_property;

/* ---- Object paths -------------------------------------------------------- */

/* namespace:Class.key=value,... Paths handed out by the library belong to
 * their list; paths made with ipmiprov_path_new belong to the caller. */
IPMIPROV_API ipmiprov_path* ipmiprov_path_new(const char* name_space, const char* class_name);
IPMIPROV_API void ipmiprov_path_free(ipmiprov_path* path);
/* Adds a key; the value is copied. */
IPMIPROV_API ipmiprov_status ipmiprov_path_add_key(ipmiprov_path* path, const ipmiprov_property* key,
                                                   ipmiprov_error* error);
IPMIPROV_API const char* ipmiprov_path_namespace(const ipmiprov_path* path);
IPMIPROV_API const char* ipmiprov_path_class(const ipmiprov_path* path);
IPMIPROV_API size_t ipmiprov_path_key_count(const ipmiprov_path* path);
/* 0 on success; the key is valid while the path is. */
IPMIPROV_API ipmiprov_status ipmiprov_path_key(const ipmiprov_path* path, size_t index, ipmiprov_property* key);
/* The text form, as `ipmiprov cim` prints references; valid while the path is. */
IPMIPROV_API const char* ipmiprov_path_text(const ipmiprov_path* path);

/* ---- Instances ----------------------------------------------------------- */

typedef struct ipmiprov_list ipmiprov_list;
typedef struct ipmiprov_instance ipmiprov_instance;

IPMIPROV_API size_t ipmiprov_list_size(const ipmiprov_list* list);
IPMIPROV_API const ipmiprov_instance* ipmiprov_list_at(const ipmiprov_list* list, size_t index);
IPMIPROV_API void ipmiprov_list_free(ipmiprov_list* list);

IPMIPROV_API const char* ipmiprov_instance_class(const ipmiprov_instance* instance);
IPMIPROV_API const char* ipmiprov_instance_namespace(const ipmiprov_instance* instance);
IPMIPROV_API const ipmiprov_path* ipmiprov_instance_path(const ipmiprov_instance* instance);
IPMIPROV_API size_t ipmiprov_instance_property_count(const ipmiprov_instance* instance);
IPMIPROV_API ipmiprov_status ipmiprov_instance_property(const ipmiprov_instance* instance, size_t index,
                                                        ipmiprov_property* property);
/* By name (no case); IPMIPROV_E_NOT_FOUND when the instance has no value for it. */
IPMIPROV_API ipmiprov_status ipmiprov_instance_find(const ipmiprov_instance* instance, const char* name,
                                                    ipmiprov_property* property);

/* ---- Operations ---------------------------------------------------------- */

/* The classes served: one instance-like entry per class whose properties
 * are "Name", "Parent", "Namespace" (strings), "Association" (boolean) and
 * "Writable" (string array: the properties ipmiprov_modify may write). */
IPMIPROV_API ipmiprov_status ipmiprov_classes(ipmiprov_session* session, ipmiprov_list** classes,
                                              ipmiprov_error* error);

/* Every instance of the class and its subclasses (a CIM_ name returns ours). */
IPMIPROV_API ipmiprov_status ipmiprov_enumerate(ipmiprov_session* session, const char* class_name,
                                                ipmiprov_list** instances, ipmiprov_error* error);
/* One instance by its full path; a one-element list. */
IPMIPROV_API ipmiprov_status ipmiprov_get(ipmiprov_session* session, const ipmiprov_path* path,
                                          ipmiprov_list** instance, ipmiprov_error* error);
/* Associated instances; NULL or "" for no filter. */
IPMIPROV_API ipmiprov_status ipmiprov_associators(ipmiprov_session* session, const ipmiprov_path* path,
                                                  const char* association_class, const char* result_class,
                                                  ipmiprov_list** instances, ipmiprov_error* error);
IPMIPROV_API ipmiprov_status ipmiprov_references(ipmiprov_session* session, const ipmiprov_path* path,
                                                 const char* association_class, ipmiprov_list** associations,
                                                 ipmiprov_error* error);
/* Writes properties (the non-critical thresholds), reads them back; the
 * instance as the BMC now has it. */
IPMIPROV_API ipmiprov_status ipmiprov_modify(ipmiprov_session* session, const ipmiprov_path* path,
                                             const ipmiprov_property* properties, size_t count,
                                             ipmiprov_list** instance, ipmiprov_error* error);
/* An extrinsic method without parameters (IPMIProv_RecordLog.ClearLog). */
IPMIPROV_API ipmiprov_status ipmiprov_invoke(ipmiprov_session* session, const ipmiprov_path* path, const char* method,
                                             uint32_t* return_value, ipmiprov_error* error);
/* ABI 1.2: an extrinsic method with parameters. `in`: `in_count` IN
 * parameters, named and typed as the class's MOF declares them (a
 * reference as IPMIPROV_TYPE_REFERENCE; the library copies them). `out`
 * (may be NULL): a one-element list whose instance, of the method's name,
 * holds the OUT parameters the method set (none: no properties). An
 * unknown parameter, an OUT-only one or a wrong type is
 * IPMIPROV_E_INVALID_ARGUMENT before anything is sent.
 * IPMIProv_PowerManagementService.RequestPowerStateChange(PowerState, …),
 * IPMIProv_ComputerSystem.RequestStateChange(RequestedState, …). */
IPMIPROV_API ipmiprov_status ipmiprov_invoke_method(ipmiprov_session* session, const ipmiprov_path* path,
                                                    const char* method, const ipmiprov_property* in, size_t in_count,
                                                    uint32_t* return_value, ipmiprov_list** out,
                                                    ipmiprov_error* error);

/* SEL entries (IPMIProv_LogRecord instances) logged since the previous call
 * on this session, oldest first, each once (an overwriting SEL or deleted
 * entries are no clear). The first call only notes where the SEL ends and
 * returns an empty list. A SEL cleared in between yields what it holds now.
 * Through ipmiprovd, a restarted daemon is connected again and its entries
 * go on where they stopped; one that lost its numbering yields every entry
 * it holds. The polled alternative to ipmiprov_subscribe (ABI 1.1). */
IPMIPROV_API ipmiprov_status ipmiprov_new_records(ipmiprov_session* session, ipmiprov_list** records,
                                                  ipmiprov_error* error);

/* Drops what the session has read, so that the next call asks again. */
IPMIPROV_API void ipmiprov_refresh(ipmiprov_session* session);

/* ---- SEL subscriptions (ABI 1.1) ------------------------------------------ */

/* New SEL entries and changes of the SEL, pushed: the host waits on the
 * subscription's file descriptor with poll/epoll (readable while an event
 * waits), then takes events with ipmiprov_subscription_next until it says
 * none is left. Through ipmiprovd the daemon pushes them and costs the BMC
 * nothing of its own; a daemon that restarts is subscribed to again, from
 * the last entry delivered, without the host doing anything; the
 * descriptor stays the same. A session that reads the BMC itself reads the
 * SEL every `poll_interval_ms`. A subscription through the daemon is
 * independent of its session (another thread may use it); one of a session
 * that reads the BMC itself uses that session's connection: the two are
 * then used by one thread at a time, and the session outlives it. */
typedef struct ipmiprov_subscription ipmiprov_subscription;

typedef enum ipmiprov_sel_event_kind {
    IPMIPROV_SEL_NONE = 0,        /* nothing waits */
    IPMIPROV_SEL_ENTRY = 1,       /* a new entry: record, details_json, sequence */
    IPMIPROV_SEL_CLEARED = 2,     /* the SEL was cleared */
    IPMIPROV_SEL_ALMOST_FULL = 3, /* percent */
    IPMIPROV_SEL_FULL = 4,        /* percent */
    IPMIPROV_SEL_RESYNC = 5,      /* the daemon numbers anew: every entry it holds follows again */
    IPMIPROV_SEL_MISSED = 6       /* count entries left the SEL before they could be delivered */
} ipmiprov_sel_event_kind;

typedef struct ipmiprov_subscribe_options {
    uint32_t struct_size;
    uint8_t resume;            /* 1: deliver the entries after `after` of `epoch` first */
    uint64_t after;            /* the sequence of the last entry the host handled */
    const char* epoch;         /* the epoch it came with */
    uint32_t poll_interval_ms; /* without the daemon: how often the SEL is read; 0 for 2000 */
} ipmiprov_subscribe_options;

/* Filled by ipmiprov_subscription_next. Pointers stay valid until the next
 * call on the subscription or its free. */
typedef struct ipmiprov_sel_event {
    uint32_t struct_size;
    ipmiprov_sel_event_kind kind;
    uint64_t sequence;               /* ENTRY: resume after it (with epoch) */
    const char* epoch;               /* "" without the daemon */
    const ipmiprov_instance* record; /* ENTRY: its IPMIProv_LogRecord; else NULL */
    const char* details_json;        /* ENTRY: the object `ipmiprov sel list --json` prints; else the message */
    uint64_t count;                  /* MISSED */
    uint32_t percent;                /* ALMOST_FULL, FULL */
    /* ENTRY: the CIM indications it raises (DSP1054): IPMIProv_InstCreation,
     * whose SourceInstance is `record` (set it as an embedded instance), then
     * for warning severity or worse IPMIProv_AlertIndication. */
    const ipmiprov_list* indications;
} ipmiprov_sel_event;

IPMIPROV_API void ipmiprov_subscribe_options_init(ipmiprov_subscribe_options* options);
/* `options` may be NULL: from now on. */
IPMIPROV_API ipmiprov_status ipmiprov_subscribe(ipmiprov_session* session, const ipmiprov_subscribe_options* options,
                                                ipmiprov_subscription** subscription, ipmiprov_error* error);
/* The descriptor to wait on; owned by the subscription (do not close it). */
IPMIPROV_API int ipmiprov_subscription_fd(const ipmiprov_subscription* subscription);
/* Does not wait for events: event->kind is IPMIPROV_SEL_NONE when nothing
 * waits. Connecting again to a restarted daemon happens inside this call and
 * may take up to the session's timeout when the daemon is slow to answer. */
IPMIPROV_API ipmiprov_status ipmiprov_subscription_next(ipmiprov_subscription* subscription, ipmiprov_sel_event* event,
                                                        ipmiprov_error* error);
IPMIPROV_API void ipmiprov_subscription_free(ipmiprov_subscription* subscription);

#ifdef __cplusplus
}
#endif

#endif /* IPMIPROV_PROVIDER_H */
