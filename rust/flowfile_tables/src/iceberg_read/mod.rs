//! Iceberg tables (read): `fft_iceberg_scan` of include/flowfile_iceberg.h.
//! The `iceberg` crate reads metadata, manifests and data files through
//! `storage::BucketStorage`, the same object store Delta tables use, so a
//! connection's credentials reach it the same way (in-memory options).
//! It logs through `tracing`; no subscriber is installed, so nothing is
//! logged.

mod errors;
mod locate;
mod predicate;
mod scan;
mod storage;

use std::ffi::c_char;

use arrow_array_iceberg::ffi_stream::FFI_ArrowArrayStream;

use crate::abi::{filters, guarded, location, texts, FftFilter, FftTable, TableLocation};
use crate::error::TableResult;
use crate::filters::Filter;

/// What to read; `snapshot_id` wins over `as_of_ms`; neither: the current snapshot.
pub struct IcebergScanRequest {
    pub table: TableLocation,
    pub snapshot_id: Option<i64>,
    pub as_of_ms: Option<i64>,
    pub columns: Option<Vec<String>>,
    pub filters: Vec<Filter>,
    /// At most this many rows (after deletes and the library's filtering).
    pub limit: Option<u64>,
}

#[repr(C)]
pub struct FftIcebergScan {
    table: FftTable,
    has_snapshot_id: i32,
    snapshot_id: i64,
    has_as_of: i32,
    as_of_ms: i64,
    columns: *const *const c_char,
    column_count: usize,
    filters: *const FftFilter,
    filter_count: usize,
    has_limit: i32,
    limit: u64,
}

unsafe fn scan_request(raw: &FftIcebergScan) -> TableResult<IcebergScanRequest> {
    Ok(IcebergScanRequest {
        table: location(&raw.table)?,
        snapshot_id: (raw.has_snapshot_id != 0).then_some(raw.snapshot_id),
        as_of_ms: (raw.has_as_of != 0).then_some(raw.as_of_ms),
        columns: if raw.columns.is_null() { None } else { Some(texts(raw.columns, raw.column_count, "a column")?) },
        filters: filters(raw.filters, raw.filter_count)?,
        limit: (raw.has_limit != 0).then_some(raw.limit),
    })
}

/// # Safety
/// `scan` and `out` point to valid objects; `message` has `capacity` bytes.
#[no_mangle]
pub unsafe extern "C" fn fft_iceberg_scan(
    scan: *const FftIcebergScan,
    out: *mut FFI_ArrowArrayStream,
    snapshot_id: *mut i64,
    message: *mut c_char,
    capacity: usize,
) -> i32 {
    guarded(message, capacity, || {
        let request = unsafe { scan_request(&*scan) }?;
        let (stream, chosen) = scan::open(request)?;
        unsafe {
            std::ptr::write(out, stream);
            *snapshot_id = chosen.unwrap_or(-1);
        }
        Ok(())
    })
}
