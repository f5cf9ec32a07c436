//! flowfile_tables: Delta Lake and Iceberg tables for flowfile's C++ core.
//!
//! The C ABI (include/flowfile_tables.h) trades Arrow C streams; every entry
//! point runs inside `guarded` so a panic of ours or of a dependency becomes
//! FFT_INTERNAL instead of unwinding into C++. delta_kernel logs through
//! `tracing`; no subscriber is installed, so nothing is logged.

mod abi;
mod error;
mod filters;
mod history;
mod iceberg_read;
mod merge;
mod merge_keys;
mod no_redirects;
mod read;
mod table;
mod write;

use std::ffi::c_char;

use arrow::ffi_stream::FFI_ArrowArrayStream;

use crate::abi::{guarded, FftScan, FftTable, FftWrite, FftWriteResult};

/// # Safety
/// `scan` and `out` point to valid objects; `message` has `capacity` bytes.
#[no_mangle]
pub unsafe extern "C" fn fft_delta_scan(
    scan: *const FftScan,
    out: *mut FFI_ArrowArrayStream,
    message: *mut c_char,
    capacity: usize,
) -> i32 {
    guarded(message, capacity, || {
        let request = unsafe { abi::scan_request(&*scan) }?;
        let stream = read::open(request)?;
        unsafe { std::ptr::write(out, stream) };
        Ok(())
    })
}

/// # Safety
/// `write` and `result` point to valid objects; `input` is a valid stream
/// that this call consumes; `message` has `capacity` bytes.
#[no_mangle]
pub unsafe extern "C" fn fft_delta_write(
    write: *const FftWrite,
    input: *mut FFI_ArrowArrayStream,
    result: *mut FftWriteResult,
    message: *mut c_char,
    capacity: usize,
) -> i32 {
    // Take the stream first so it is released whatever happens next.
    let stream = unsafe { FFI_ArrowArrayStream::from_raw(input) };
    guarded(message, capacity, move || {
        let request = unsafe { abi::write_request(&*write) }?;
        let written = write::write(request, stream)?;
        unsafe { *result = written };
        Ok(())
    })
}

/// # Safety
/// `table` and `version` point to valid objects; `message` has `capacity` bytes.
#[no_mangle]
pub unsafe extern "C" fn fft_delta_version_at(
    table: *const FftTable,
    as_of_ms: i64,
    first_at_or_after: i32,
    version: *mut i64,
    message: *mut c_char,
    capacity: usize,
) -> i32 {
    guarded(message, capacity, || {
        let location = unsafe { abi::location(&*table) }?;
        let opened = table::open_engine(&location)?;
        let found = if first_at_or_after != 0 {
            table::version_from(&opened.url, &opened.engine, as_of_ms)?
        } else {
            table::version_at(&opened.url, &opened.engine, as_of_ms)?
        };
        unsafe { *version = found as i64 };
        Ok(())
    })
}

/// # Safety
/// `table` and `out` point to valid objects; `message` has `capacity` bytes.
#[no_mangle]
pub unsafe extern "C" fn fft_delta_history(
    table: *const FftTable,
    limit: i64,
    out: *mut FFI_ArrowArrayStream,
    message: *mut c_char,
    capacity: usize,
) -> i32 {
    guarded(message, capacity, || {
        let location = unsafe { abi::location(&*table) }?;
        let stream = history::history(&location, u64::try_from(limit).ok().filter(|n| *n > 0))?;
        unsafe { std::ptr::write(out, stream) };
        Ok(())
    })
}
