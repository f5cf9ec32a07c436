//! The C structs of include/flowfile_tables.h, their conversion into plain
//! Rust requests, and the panic guard around every entry point.

use std::ffi::{c_char, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::error::{Code, TableError, TableResult};
use crate::filters::{Filter, FilterOp, FilterValue};

#[repr(C)]
pub struct FftOption {
    key: *const c_char,
    value: *const c_char,
    value_len: usize,
}

#[repr(C)]
pub struct FftTable {
    uri: *const c_char,
    options: *const FftOption,
    option_count: usize,
}

#[repr(C)]
pub struct FftFilter {
    column: *const c_char,
    op: i32,
    kind: i32,
    int_value: i64,
    float_value: f64,
    string_value: *const c_char,
}

#[repr(C)]
pub struct FftScan {
    table: FftTable,
    version: i64,
    columns: *const *const c_char,
    column_count: usize,
    filters: *const FftFilter,
    filter_count: usize,
    changes_since: i64,
    include_preimage: i32,
}

#[repr(C)]
pub struct FftWrite {
    table: FftTable,
    mode: i32,
    partition_by: *const *const c_char,
    partition_count: usize,
    merge_keys: *const *const c_char,
    merge_key_count: usize,
    track_changes: i32,
}

#[repr(C)]
pub struct FftWriteResult {
    pub version: i64,
    pub rows: i64,
    pub files: i64,
}

/// Where a table is and the object store options to reach it. The options
/// hold credentials: never formatted into a message.
pub struct TableLocation {
    pub uri: String,
    pub options: Vec<(String, String)>,
}

pub struct ScanRequest {
    pub table: TableLocation,
    pub version: Option<u64>,
    pub columns: Option<Vec<String>>,
    pub filters: Vec<Filter>,
    /// The change feed from this version (to `version`, else the latest).
    pub changes_since: Option<u64>,
    pub include_preimage: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum WriteMode {
    Overwrite,
    Append,
    ErrorIfExists,
    /// By `merge_keys`: replace matching rows, insert the others.
    Upsert,
    /// By `merge_keys`: replace matching rows only.
    Update,
    /// By `merge_keys`: remove the table's rows whose keys are in the data.
    Delete,
}

impl WriteMode {
    pub fn is_merge(self) -> bool {
        matches!(self, WriteMode::Upsert | WriteMode::Update | WriteMode::Delete)
    }

    pub fn name(self) -> &'static str {
        match self {
            WriteMode::Overwrite => "overwrite",
            WriteMode::Append => "append",
            WriteMode::ErrorIfExists => "error",
            WriteMode::Upsert => "upsert",
            WriteMode::Update => "update",
            WriteMode::Delete => "delete",
        }
    }
}

pub struct WriteRequest {
    pub table: TableLocation,
    pub mode: WriteMode,
    pub partition_by: Vec<String>,
    pub merge_keys: Vec<String>,
    /// Record the change data feed (delta.enableChangeDataFeed) on create.
    pub track_changes: bool,
}

/// Runs `body`, turning its error or panic into a code and message.
pub fn guarded(message: *mut c_char, capacity: usize, body: impl FnOnce() -> TableResult<()>) -> i32 {
    let outcome = catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|_| {
        Err(TableError::new(Code::Internal, "the Delta library stopped on an internal error (a panic)"))
    });
    match outcome {
        Ok(()) => 0,
        Err(error) => {
            copy_message(&error.message, message, capacity);
            error.code as i32
        }
    }
}

fn copy_message(text: &str, out: *mut c_char, capacity: usize) {
    if out.is_null() || capacity == 0 {
        return;
    }
    let mut end = text.len().min(capacity - 1);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    unsafe {
        std::ptr::copy_nonoverlapping(text.as_ptr() as *const c_char, out, end);
        *out.add(end) = 0;
    }
}

unsafe fn text(pointer: *const c_char, what: &str) -> TableResult<String> {
    if pointer.is_null() {
        return Err(TableError::new(Code::InvalidArgument, format!("{what} is missing")));
    }
    CStr::from_ptr(pointer)
        .to_str()
        .map(str::to_owned)
        .map_err(|_| TableError::new(Code::InvalidArgument, format!("{what} is not UTF-8")))
}

unsafe fn bytes_text(pointer: *const c_char, len: usize) -> TableResult<String> {
    if len == 0 {
        return Ok(String::new());
    }
    let bytes = std::slice::from_raw_parts(pointer as *const u8, len);
    // Never quote the value: it may be a credential.
    String::from_utf8(bytes.to_vec()).map_err(|_| TableError::new(Code::InvalidArgument, "an option value is not UTF-8"))
}

pub unsafe fn texts(items: *const *const c_char, count: usize, what: &str) -> TableResult<Vec<String>> {
    if count == 0 {
        return Ok(Vec::new());
    }
    std::slice::from_raw_parts(items, count).iter().map(|item| text(*item, what)).collect()
}

pub unsafe fn location(table: &FftTable) -> TableResult<TableLocation> {
    let options = if table.option_count == 0 {
        Vec::new()
    } else {
        std::slice::from_raw_parts(table.options, table.option_count)
            .iter()
            .map(|option| Ok((text(option.key, "an option key")?, bytes_text(option.value, option.value_len)?)))
            .collect::<TableResult<Vec<_>>>()?
    };
    Ok(TableLocation { uri: text(table.uri, "the table path")?, options })
}

unsafe fn filter(raw: &FftFilter) -> TableResult<Filter> {
    let op = match raw.op {
        0 => FilterOp::Eq,
        1 => FilterOp::Ne,
        2 => FilterOp::Lt,
        3 => FilterOp::Le,
        4 => FilterOp::Gt,
        5 => FilterOp::Ge,
        6 => FilterOp::IsNull,
        7 => FilterOp::IsNotNull,
        other => return Err(TableError::new(Code::InvalidArgument, format!("unknown filter operator {other}"))),
    };
    let value = match raw.kind {
        0 => FilterValue::Null,
        1 => FilterValue::Bool(raw.int_value != 0),
        2 => FilterValue::Int(raw.int_value),
        3 => FilterValue::Float(raw.float_value),
        4 => FilterValue::Text(text(raw.string_value, "a filter value")?),
        other => return Err(TableError::new(Code::InvalidArgument, format!("unknown filter value kind {other}"))),
    };
    Ok(Filter { column: text(raw.column, "a filter column")?, op, value })
}

pub unsafe fn filters(items: *const FftFilter, count: usize) -> TableResult<Vec<Filter>> {
    if count == 0 {
        return Ok(Vec::new());
    }
    std::slice::from_raw_parts(items, count).iter().map(|f| filter(f)).collect()
}

pub unsafe fn scan_request(raw: &FftScan) -> TableResult<ScanRequest> {
    let filters = filters(raw.filters, raw.filter_count)?;
    Ok(ScanRequest {
        table: location(&raw.table)?,
        version: u64::try_from(raw.version).ok(),
        columns: if raw.columns.is_null() { None } else { Some(texts(raw.columns, raw.column_count, "a column")?) },
        filters,
        changes_since: u64::try_from(raw.changes_since).ok(),
        include_preimage: raw.include_preimage != 0,
    })
}

pub unsafe fn write_request(raw: &FftWrite) -> TableResult<WriteRequest> {
    let mode = match raw.mode {
        0 => WriteMode::Overwrite,
        1 => WriteMode::Append,
        2 => WriteMode::ErrorIfExists,
        3 => WriteMode::Upsert,
        4 => WriteMode::Update,
        5 => WriteMode::Delete,
        other => return Err(TableError::new(Code::InvalidArgument, format!("unknown write mode {other}"))),
    };
    Ok(WriteRequest {
        table: location(&raw.table)?,
        mode,
        partition_by: texts(raw.partition_by, raw.partition_count, "a partition column")?,
        merge_keys: texts(raw.merge_keys, raw.merge_key_count, "a merge key")?,
        track_changes: raw.track_changes != 0,
    })
}
