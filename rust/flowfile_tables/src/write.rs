//! Writing a stream as one Delta commit: data files first (one per input
//! batch and partition), then the kernel's transaction commits them
//! atomically (a put-if-absent of the next log entry). A failure before the
//! commit leaves the table at its previous version (unreferenced data files
//! at most, which readers ignore).

use std::collections::HashMap;
use std::sync::Arc;

use arrow::array::{Array, ArrayRef};
use arrow::compute::kernels::partition::partition;
use arrow::compute::kernels::sort::{lexsort_to_indices, SortColumn};
use arrow::compute::kernels::take::take_record_batch;
use arrow::datatypes::{DataType as ArrowType, Schema as ArrowSchema};
use arrow::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};
use arrow::record_batch::{RecordBatch, RecordBatchReader};
use delta_kernel::committer::FileSystemCommitter;
use delta_kernel::engine::arrow_conversion::TryFromArrow;
use delta_kernel::engine::arrow_data::ArrowEngineData;
use delta_kernel::expressions::Scalar;
use delta_kernel::schema::{DataType, StructType};
use delta_kernel::transaction::create_table::create_table;
use delta_kernel::transaction::data_layout::DataLayout;
use delta_kernel::transaction::{CommitResult, UpdateTableOperation, WriteState};
use delta_kernel::{EngineData, Snapshot};
use delta_kernel_default_engine::executor::TaskExecutor;

use crate::abi::{FftWriteResult, WriteMode, WriteRequest};
use crate::error::{Code, TableError, TableResult};
use crate::table::{not_a_table, open_engine, Engine, Opened};
use delta_kernel_default_engine::executor::tokio::TokioBackgroundExecutor;

const ENGINE_INFO: &str = "flowfile";

pub fn write(request: WriteRequest, stream: FFI_ArrowArrayStream) -> TableResult<FftWriteResult> {
    let reader = RecordBatchStreamReader::try_new(stream)?;
    if request.mode.is_merge() {
        return crate::merge::merge(&request, reader);
    }
    write_reader(&request, reader)
}

/// Overwrite, append or error (create): every batch of `reader` in one commit.
pub fn write_reader(request: &WriteRequest, mut reader: impl RecordBatchReader) -> TableResult<FftWriteResult> {
    let Opened { url, engine, executor } = open_engine(&request.table)?;
    let arrow_schema = reader.schema();
    let schema = Arc::new(StructType::try_from_arrow(arrow_schema.as_ref())?);
    check_partition_columns(&request.partition_by, &arrow_schema)?;

    let existing = match Snapshot::builder_for(url.as_str()).build(engine.as_ref()) {
        Ok(snapshot) => Some(snapshot),
        Err(error) => match not_a_table(&url, error) {
            e if e.code == Code::NotATable => None,
            e => return Err(e),
        },
    };
    let committer = || Box::new(FileSystemCommitter::new());
    let (mut txn_update, mut txn_create) = (None, None);
    match &existing {
        Some(_) if request.mode == WriteMode::ErrorIfExists => {
            return Err(TableError::new(
                Code::AlreadyExists,
                format!("a Delta table already exists at {url}: choose write_mode 'append' or 'overwrite'"),
            ))
        }
        Some(snapshot) => {
            check_same_schema(&snapshot.schema(), &schema, &url)?;
            check_tracking(snapshot, request.track_changes, &url)?;
            if request.mode == WriteMode::Overwrite && records_changes(snapshot) {
                return Err(unsupported_with_feed(&url, "overwrite"));
            }
            let operation = UpdateTableOperation::Write;
            let mut txn = snapshot.clone().update_table(operation, ENGINE_INFO, true).build(engine.as_ref(), committer())?;
            check_same_partitioning(txn.logical_partition_columns(), &request.partition_by)?;
            if request.mode == WriteMode::Overwrite {
                let scan = snapshot.clone().scan_builder().build()?;
                for metadata in scan.scan_metadata(engine.as_ref())? {
                    txn.remove_files(metadata?.scan_files);
                }
            }
            txn_update = Some(txn);
        }
        None => {
            let builder = create_table(url.as_str(), schema.clone(), ENGINE_INFO, true);
            let builder = if request.partition_by.is_empty() {
                builder
            } else {
                builder.with_data_layout(DataLayout::partitioned(&request.partition_by))
            };
            let builder = if request.track_changes {
                builder.with_table_properties([(CHANGE_DATA_FEED, "true")])
            } else {
                builder
            };
            txn_create = Some(builder.build(engine.as_ref(), committer())?);
        }
    }
    let (state, partition_columns) = match (&txn_update, &txn_create) {
        (Some(t), _) => (t.write_state()?, t.logical_partition_columns().to_vec()),
        (_, Some(t)) => (t.write_state()?, t.logical_partition_columns().to_vec()),
        _ => unreachable!(),
    };

    let mut result = FftWriteResult { version: -1, rows: 0, files: 0 };
    for batch in &mut reader {
        let batch = batch?;
        result.rows += batch.num_rows() as i64;
        for file in write_batch(&engine, &executor, &state, &batch, &partition_columns)? {
            result.files += 1;
            match (&mut txn_update, &mut txn_create) {
                (Some(t), _) => t.add_files(file),
                (_, Some(t)) => t.add_files(file),
                _ => unreachable!(),
            }
        }
    }
    result.version = match (txn_update, txn_create) {
        (Some(t), _) => committed_version(t.commit(engine.as_ref())?)?,
        (_, Some(t)) => committed_version(t.commit(engine.as_ref())?)?,
        _ => unreachable!(),
    };
    Ok(result)
}

/// The table property that makes a table record its change data feed.
const CHANGE_DATA_FEED: &str = "delta.enableChangeDataFeed";

pub(crate) fn records_changes(snapshot: &Snapshot) -> bool {
    snapshot.table_properties().enable_change_data_feed == Some(true)
}

/// track_changes on an existing table: the feed is a table property that the
/// library sets only when it creates a table.
fn check_tracking(snapshot: &Snapshot, track_changes: bool, url: &url::Url) -> TableResult<()> {
    if !track_changes || records_changes(snapshot) {
        return Ok(());
    }
    Err(TableError::new(
        Code::Unsupported,
        format!(
            "the Delta table at {url} does not record its changes, and the change data feed \
             (delta.enableChangeDataFeed) can only be turned on when a table is created: \
             leave track_changes off, or write a new table with it"
        ),
    ))
}

/// A commit that removes and adds files on a table with the change feed
/// needs change data files, which the library cannot write (it refuses such
/// commits): said before any file is written.
pub(crate) fn unsupported_with_feed(url: &url::Url, mode: &str) -> TableError {
    TableError::new(
        Code::Unsupported,
        format!(
            "the Delta table at {url} records its changes (delta.enableChangeDataFeed), and write_mode \
             '{mode}' would need change data files that this version of the Delta library cannot write: \
             use 'append', or a table without track_changes"
        ),
    )
}

pub(crate) fn committed_version<S, M: delta_kernel::transaction::ExecutionMode>(result: CommitResult<S, M>) -> TableResult<i64> {
    match result {
        CommitResult::Committed(done) => Ok(done.commit_version() as i64),
        CommitResult::Conflicted(conflict) => Err(TableError::new(
            Code::Conflict,
            format!(
                "another writer committed version {} of the table first: nothing was written, try again",
                conflict.conflict_version()
            ),
        )),
        CommitResult::Retryable(retry) => {
            Err(TableError::new(Code::Storage, format!("the commit could not be written: {}", retry.error)))
        }
    }
}

pub(crate) fn check_partition_columns(partition_by: &[String], schema: &ArrowSchema) -> TableResult<()> {
    for column in partition_by {
        if schema.field_with_name(column).is_err() {
            let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            return Err(TableError::new(
                Code::InvalidArgument,
                format!("partition column '{column}' is not in the data: its columns are {}", names.join(", ")),
            ));
        }
    }
    Ok(())
}

pub(crate) fn check_same_partitioning(table: &[String], asked: &[String]) -> TableResult<()> {
    if asked.is_empty() || table == asked {
        return Ok(());
    }
    Err(TableError::new(
        Code::InvalidArgument,
        format!("the table is partitioned by {table:?}, not {asked:?}: leave partition_by empty or name the same columns"),
    ))
}

/// Same column names and types, in order; nullability may differ.
pub(crate) fn check_same_schema(table: &StructType, data: &StructType, url: &url::Url) -> TableResult<()> {
    let describe = |s: &StructType| -> Vec<String> { s.fields().map(|f| format!("{}: {}", f.name(), f.data_type())).collect() };
    let (want, got) = (describe(table), describe(data));
    if want == got {
        return Ok(());
    }
    Err(TableError::new(
        Code::InvalidArgument,
        format!(
            "the data's schema does not match the Delta table at {url}: the table has [{}], the data has [{}]",
            want.join(", "),
            got.join(", ")
        ),
    ))
}

/// Writes one batch: one Parquet file per distinct partition value set.
pub(crate) fn write_batch(
    engine: &Arc<Engine>,
    executor: &Arc<TokioBackgroundExecutor>,
    state: &Arc<WriteState>,
    batch: &RecordBatch,
    partition_columns: &[String],
) -> TableResult<Vec<Box<dyn EngineData>>> {
    if batch.num_rows() == 0 {
        return Ok(Vec::new());
    }
    if partition_columns.is_empty() {
        return Ok(vec![write_file(engine, executor, state, batch.clone(), HashMap::new())?]);
    }
    let keys: Vec<ArrayRef> =
        partition_columns.iter().map(|name| batch.column_by_name(name).cloned().unwrap()).collect();
    let sort: Vec<SortColumn> = keys.iter().map(|k| SortColumn { values: k.clone(), options: None }).collect();
    let sorted = take_record_batch(batch, &lexsort_to_indices(&sort, None)?)?;
    let sorted_keys: Vec<ArrayRef> =
        partition_columns.iter().map(|name| sorted.column_by_name(name).cloned().unwrap()).collect();
    let mut files = Vec::new();
    for range in partition(&sorted_keys)?.ranges() {
        let slice = sorted.slice(range.start, range.end - range.start);
        let mut values = HashMap::new();
        for (name, key) in partition_columns.iter().zip(&sorted_keys) {
            values.insert(name.clone(), partition_value(name, key.as_ref(), range.start)?);
        }
        let data = drop_columns(&slice, partition_columns)?;
        files.push(write_file(engine, executor, state, data, values)?);
    }
    Ok(files)
}

fn drop_columns(batch: &RecordBatch, names: &[String]) -> TableResult<RecordBatch> {
    let keep: Vec<usize> =
        (0..batch.num_columns()).filter(|i| !names.contains(batch.schema().field(*i).name())).collect();
    Ok(batch.project(&keep)?)
}

fn write_file(
    engine: &Arc<Engine>,
    executor: &Arc<TokioBackgroundExecutor>,
    state: &Arc<WriteState>,
    data: RecordBatch,
    partition_values: HashMap<String, Scalar>,
) -> TableResult<Box<dyn EngineData>> {
    let mut builder = state.write_context_builder();
    if !partition_values.is_empty() {
        builder = builder.with_partition_values(partition_values);
    }
    let context = builder.build()?;
    let task_engine = engine.clone();
    let files = executor.block_on(async move {
        task_engine.write_parquet(&ArrowEngineData::new(data), &context).await
    })?;
    Ok(files)
}

/// The partition value of row `row` as the kernel's typed scalar.
fn partition_value(name: &str, array: &dyn Array, row: usize) -> TableResult<Scalar> {
    use arrow::array::AsArray;
    use arrow::datatypes::{Date32Type, Int16Type, Int32Type, Int64Type, Int8Type};
    let kernel_type = |t: DataType| if array.is_null(row) { Some(Scalar::Null(t)) } else { None };
    let value = match array.data_type() {
        ArrowType::Utf8 => kernel_type(DataType::STRING).unwrap_or_else(|| array.as_string::<i32>().value(row).into()),
        ArrowType::LargeUtf8 => kernel_type(DataType::STRING).unwrap_or_else(|| array.as_string::<i64>().value(row).into()),
        ArrowType::Utf8View => kernel_type(DataType::STRING).unwrap_or_else(|| array.as_string_view().value(row).into()),
        ArrowType::Int64 => kernel_type(DataType::LONG).unwrap_or_else(|| array.as_primitive::<Int64Type>().value(row).into()),
        ArrowType::Int32 => kernel_type(DataType::INTEGER).unwrap_or_else(|| array.as_primitive::<Int32Type>().value(row).into()),
        ArrowType::Int16 => kernel_type(DataType::SHORT).unwrap_or_else(|| array.as_primitive::<Int16Type>().value(row).into()),
        ArrowType::Int8 => kernel_type(DataType::BYTE).unwrap_or_else(|| array.as_primitive::<Int8Type>().value(row).into()),
        ArrowType::Boolean => kernel_type(DataType::BOOLEAN).unwrap_or_else(|| array.as_boolean().value(row).into()),
        ArrowType::Date32 => kernel_type(DataType::DATE)
            .unwrap_or_else(|| Scalar::Date(array.as_primitive::<Date32Type>().value(row))),
        other => {
            return Err(TableError::new(
                Code::InvalidArgument,
                format!("partition column '{name}' has type {other}: partition by a string, integer, boolean or date column"),
            ))
        }
    };
    Ok(value)
}
