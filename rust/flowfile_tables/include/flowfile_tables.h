/* flowfile_tables: Delta Lake tables through delta_kernel, behind a C ABI.
 *
 * Data crosses as Arrow C streams (arrow/c/abi.h); credentials cross as
 * in-memory key/value options in object_store's names (aws_access_key_id,
 * azure_storage_account_key, google_service_account_key, ...), never through
 * the process environment. Every function returns an FftCode and, on failure,
 * writes a NUL-terminated message into `message` (which may quote what the
 * storage answered: the caller masks it). No Rust panic crosses this ABI. */
#ifndef FLOWFILE_TABLES_H_
#define FLOWFILE_TABLES_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ArrowArrayStream;

typedef enum FftCode {
  FFT_OK = 0,
  FFT_NOT_A_TABLE = 1,       /* no Delta log at the path */
  FFT_VERSION_NOT_FOUND = 2, /* the asked version is not in the log */
  FFT_INVALID_ARGUMENT = 3,  /* bad option, column, partition column, schema on append */
  FFT_ALREADY_EXISTS = 4,    /* write mode "error" and a table is there */
  FFT_STORAGE = 5,           /* the object store failed (network, denied, ...) */
  FFT_UNSUPPORTED = 6,       /* a protocol feature this build cannot honour */
  FFT_CONFLICT = 7,          /* a concurrent writer committed the same version */
  FFT_INTERNAL = 8           /* a bug, including a caught panic */
} FftCode;

typedef struct FftOption {
  const char* key;   /* NUL-terminated */
  const char* value; /* value_len bytes, not NUL-terminated (a secret's own buffer) */
  size_t value_len;
} FftOption;

typedef struct FftTable {
  const char* uri; /* s3://bucket/path, gs://..., az://container/path */
  const FftOption* options;
  size_t option_count;
} FftTable;

typedef enum FftFilterOp { FFT_EQ, FFT_NE, FFT_LT, FFT_LE, FFT_GT, FFT_GE, FFT_IS_NULL, FFT_IS_NOT_NULL } FftFilterOp;
typedef enum FftValueKind { FFT_NULL, FFT_BOOL, FFT_INT, FFT_FLOAT, FFT_STRING } FftValueKind;

/* column <op> value; used to skip files by their statistics and partition
 * values only: the caller still filters rows. */
typedef struct FftFilter {
  const char* column;
  int32_t op;   /* FftFilterOp */
  int32_t kind; /* FftValueKind */
  int64_t int_value; /* FFT_INT, FFT_BOOL (0/1) */
  double float_value;
  const char* string_value;
} FftFilter;

typedef struct FftScan {
  FftTable table;
  int64_t version; /* < 0: the latest */
  const char* const* columns; /* NULL: every column */
  size_t column_count;
  const FftFilter* filters;
  size_t filter_count;
  /* >= 0: the change data feed from this version to `version` (else the
   * latest), with _change_type, _commit_version and _commit_timestamp. */
  int64_t changes_since;
  int32_t include_preimage; /* change feed: keep updates' old rows (update_preimage) */
} FftScan;

/* FFT_UPSERT, FFT_UPDATE and FFT_DELETE match rows by `merge_keys`: upsert
 * replaces the table's rows whose keys are in the data and inserts the
 * others, update replaces matching rows only, delete removes the table's rows
 * whose keys are in the data. Files holding a matching row are rewritten in
 * the same commit. */
typedef enum FftWriteMode {
  FFT_OVERWRITE = 0,
  FFT_APPEND = 1,
  FFT_ERROR_IF_EXISTS = 2,
  FFT_UPSERT = 3,
  FFT_UPDATE = 4,
  FFT_DELETE = 5
} FftWriteMode;

typedef struct FftWrite {
  FftTable table;
  int32_t mode; /* FftWriteMode */
  const char* const* partition_by;
  size_t partition_count;
  const char* const* merge_keys; /* FFT_UPSERT, FFT_UPDATE, FFT_DELETE only */
  size_t merge_key_count;
  int32_t track_changes; /* a new table records its change data feed */
} FftWrite;

typedef struct FftWriteResult {
  int64_t version; /* the version committed */
  int64_t rows;
  int64_t files;
} FftWriteResult;

/* Opens a scan; `out` receives a stream the caller releases. Table metadata
 * is read now (so a missing table or version fails here); data files are
 * read as the stream is pulled. */
int32_t fft_delta_scan(const FftScan* scan, struct ArrowArrayStream* out, char* message, size_t capacity);

/* The latest version committed at or before `as_of_ms` (milliseconds since
 * the epoch); FFT_VERSION_NOT_FOUND when the first commit is later. With
 * `first_at_or_after` nonzero instead the first version committed at or
 * after it (a change feed's start); FFT_VERSION_NOT_FOUND when the last
 * commit is earlier or the first one later. */
int32_t fft_delta_version_at(const FftTable* table, int64_t as_of_ms, int32_t first_at_or_after, int64_t* version,
                             char* message, size_t capacity);

/* The table's commits, newest first (the newest `limit`; all when limit <= 0),
 * as one batch: version int64, timestamp timestamp[ms, UTC], operation utf8,
 * rows_added int64 (null when a file has no statistics), rows_removed int64
 * (likewise), files_added int64, files_removed int64. */
int32_t fft_delta_history(const FftTable* table, int64_t limit, struct ArrowArrayStream* out, char* message,
                          size_t capacity);

/* Writes every batch of `input` (consumed, also on failure) as one atomic
 * commit. */
int32_t fft_delta_write(const FftWrite* write, struct ArrowArrayStream* input, FftWriteResult* result,
                        char* message, size_t capacity);

#ifdef __cplusplus
}
#endif

#endif /* FLOWFILE_TABLES_H_ */
