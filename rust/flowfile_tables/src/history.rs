//! A table's history: one row per commit, newest first, read through the
//! kernel's commit range (never by parsing the log ourselves). Each row has
//! the version, its commit time, the operation the writer recorded, and
//! what the commit added and removed (files, and rows where the files carry
//! statistics).

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, AsArray, Int64Array, StringArray, StructArray, TimestampMillisecondArray};
use arrow::datatypes::{DataType, Field, Schema, TimeUnit};
use arrow::ffi_stream::FFI_ArrowArrayStream;
use arrow::record_batch::{RecordBatch, RecordBatchIterator};
use delta_kernel::commit_range::{CommitAction, CommitOrdering, CommitRange, DeltaAction};
use delta_kernel::engine::arrow_data::EngineDataArrowExt;
use delta_kernel::{Engine as KernelEngine, KernelError, Version};

use crate::abi::TableLocation;
use crate::error::TableResult;
use crate::table::{open_engine, snapshot, Opened};

/// What one commit did.
struct Entry {
    version: i64,
    timestamp: i64,
    operation: Option<String>,
    rows_added: Option<i64>,
    rows_removed: Option<i64>,
    files_added: i64,
    files_removed: i64,
}

/// The newest `limit` commits (all when None) as an Arrow C stream of one batch.
pub fn history(location: &TableLocation, limit: Option<u64>) -> TableResult<FFI_ArrowArrayStream> {
    let Opened { url, engine, .. } = open_engine(location)?;
    let latest = snapshot(&url, &engine, None)?;
    let end = latest.version();
    let start = match limit {
        Some(n) if n > 0 => end.saturating_sub(n - 1),
        _ => 0,
    };
    let range = match commit_range(&url, engine.as_ref(), start, end) {
        // Older commits were cleaned up: list what the log still holds.
        Err(KernelError::StartVersionNotFound { earliest, .. }) => commit_range(&url, engine.as_ref(), earliest, end)?,
        other => other?,
    };
    let shared: Arc<dyn KernelEngine> = engine.clone();
    let actions = [DeltaAction::CommitInfo, DeltaAction::Add, DeltaAction::Remove];
    let mut entries = Vec::new();
    for commit in range.commits(shared, None, &actions)? {
        entries.push(entry(&commit?, engine.as_ref())?);
    }
    let batch = to_batch(&entries)?;
    let schema = batch.schema();
    Ok(FFI_ArrowArrayStream::new(Box::new(RecordBatchIterator::new(vec![Ok(batch)], schema))))
}

fn commit_range(url: &url::Url, engine: &dyn KernelEngine, start: Version, end: Version) -> Result<CommitRange, KernelError> {
    CommitRange::builder_for(url.as_str(), start)
        .with_end_version(end)
        .with_ordering(CommitOrdering::DescendingOrder)
        .build(engine)
}

fn entry(commit: &CommitAction, engine: &dyn KernelEngine) -> TableResult<Entry> {
    let mut entry = Entry {
        version: commit.version() as i64,
        timestamp: commit.timestamp(),
        operation: None,
        rows_added: Some(0),
        rows_removed: Some(0),
        files_added: 0,
        files_removed: 0,
    };
    for data in commit.get_actions(engine)? {
        let batch = data?.try_into_record_batch()?;
        if let Some(info) = child_struct(&batch, "commitInfo") {
            if let Some(operation) = info.column_by_name("operation").and_then(|c| c.as_string_opt::<i32>()) {
                for row in 0..info.len() {
                    if info.is_valid(row) && operation.is_valid(row) && entry.operation.is_none() {
                        entry.operation = Some(operation.value(row).to_owned());
                    }
                }
            }
        }
        if let Some(add) = child_struct(&batch, "add") {
            tally(add, &mut entry.files_added, &mut entry.rows_added);
        }
        if let Some(remove) = child_struct(&batch, "remove") {
            tally(remove, &mut entry.files_removed, &mut entry.rows_removed);
        }
    }
    Ok(entry)
}

fn child_struct<'a>(batch: &'a RecordBatch, name: &str) -> Option<&'a StructArray> {
    batch.column_by_name(name).and_then(|c| c.as_struct_opt())
}

/// Counts the file actions of `actions` and sums their statistics' row
/// counts; rows become unknown (None) when a file has no statistics.
fn tally(actions: &StructArray, files: &mut i64, rows: &mut Option<i64>) {
    let stats = actions.column_by_name("stats").and_then(|c| c.as_string_opt::<i32>());
    for row in 0..actions.len() {
        if !actions.is_valid(row) {
            continue;
        }
        *files += 1;
        let count = stats
            .filter(|s| s.is_valid(row))
            .and_then(|s| serde_json::from_str::<serde_json::Value>(s.value(row)).ok())
            .and_then(|v| v.get("numRecords").and_then(serde_json::Value::as_i64));
        *rows = match (*rows, count) {
            (Some(total), Some(n)) => Some(total + n),
            _ => None,
        };
    }
}

fn to_batch(entries: &[Entry]) -> TableResult<RecordBatch> {
    let schema = Arc::new(Schema::new(vec![
        Field::new("version", DataType::Int64, false),
        Field::new("timestamp", DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into())), false),
        Field::new("operation", DataType::Utf8, true),
        Field::new("rows_added", DataType::Int64, true),
        Field::new("rows_removed", DataType::Int64, true),
        Field::new("files_added", DataType::Int64, false),
        Field::new("files_removed", DataType::Int64, false),
    ]));
    let columns: Vec<ArrayRef> = vec![
        Arc::new(Int64Array::from_iter_values(entries.iter().map(|e| e.version))),
        Arc::new(TimestampMillisecondArray::from_iter_values(entries.iter().map(|e| e.timestamp)).with_timezone("UTC")),
        Arc::new(StringArray::from_iter(entries.iter().map(|e| e.operation.as_deref()))),
        Arc::new(Int64Array::from_iter(entries.iter().map(|e| e.rows_added))),
        Arc::new(Int64Array::from_iter(entries.iter().map(|e| e.rows_removed))),
        Arc::new(Int64Array::from_iter_values(entries.iter().map(|e| e.files_added))),
        Arc::new(Int64Array::from_iter_values(entries.iter().map(|e| e.files_removed))),
    ];
    Ok(RecordBatch::try_new(schema, columns)?)
}
