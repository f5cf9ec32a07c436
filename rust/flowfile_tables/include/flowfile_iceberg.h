/* flowfile_tables, Iceberg part: reads Iceberg tables through the `iceberg`
 * crate, over the same object store and in-memory options as Delta tables
 * (flowfile_tables.h: FftTable, FftFilter, FftCode). Read-only. */
#ifndef FLOWFILE_ICEBERG_H_
#define FLOWFILE_ICEBERG_H_

#include <flowfile_tables.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct FftIcebergScan {
  /* uri: the table folder (with metadata/ inside: its newest .metadata.json
   * is read) or one .metadata.json file. */
  FftTable table;
  int32_t has_snapshot_id; /* read snapshot_id; else as_of_ms if has_as_of; else the current one */
  int64_t snapshot_id;
  int32_t has_as_of;
  int64_t as_of_ms; /* the snapshot current at this time (milliseconds since the epoch) */
  const char* const* columns; /* NULL: every column */
  size_t column_count;
  const FftFilter* filters; /* skip files, row groups and rows; the caller still filters exactly */
  size_t filter_count;
  /* has_limit: the stream ends after `limit` rows, and data files the limit
   * does not reach are never opened. The rows are those left after deletes
   * and the library's own filtering, which may keep more rows than the
   * filters match: give a limit only without filters. */
  int32_t has_limit;
  uint64_t limit;
} FftIcebergScan;

/* Opens a scan; `out` receives a stream the caller releases, `snapshot_id`
 * the snapshot it reads (-1: the table has none yet, the stream is empty).
 * Metadata and manifests are read now (FFT_NOT_A_TABLE: no metadata there;
 * FFT_VERSION_NOT_FOUND: no such snapshot, or none at that time); data
 * files as the stream is pulled. */
int32_t fft_iceberg_scan(const FftIcebergScan* scan, struct ArrowArrayStream* out, int64_t* snapshot_id,
                         char* message, size_t capacity);

#ifdef __cplusplus
}
#endif

#endif /* FLOWFILE_ICEBERG_H_ */
