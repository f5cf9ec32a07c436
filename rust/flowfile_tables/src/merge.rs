//! upsert, update and delete by merge keys, built from the kernel's scan and
//! its transaction (the kernel has no merge): every file of the table is
//! read through the scan's own physical-to-logical transform and deletion
//! vector; a file holding a matching row is removed and its other rows are
//! written to a new file; the data's rows to insert are written too; then
//! one commit removes and adds those files atomically. A failure before the
//! commit leaves the table at its version (new files unreferenced at most).
//!
//! The data is held in memory (it is the change set); the table is read one
//! file at a time.

use std::collections::HashSet;
use std::sync::Arc;

use arrow::array::{Array, BooleanArray, StringArray};
use arrow::compute::kernels::boolean::not;
use arrow::compute::{cast, concat_batches, filter_record_batch};
use arrow::datatypes::{DataType as ArrowType, Schema as ArrowSchema};
use arrow::record_batch::{RecordBatch, RecordBatchIterator, RecordBatchReader};
use delta_kernel::committer::FileSystemCommitter;
use delta_kernel::engine::arrow_conversion::{TryFromArrow, TryIntoArrow};
use delta_kernel::engine::arrow_data::{ArrowEngineData, EngineDataArrowExt};
use delta_kernel::engine_data::FilteredEngineData;
use delta_kernel::scan::state::{transform_to_logical, ScanFile};
use delta_kernel::scan::Scan;
use delta_kernel::schema::StructType;
use delta_kernel::transaction::{UpdateTableOperation, WriteState};
use delta_kernel::{EngineData, FileMeta, Snapshot, SnapshotRef};
use delta_kernel_default_engine::executor::tokio::TokioBackgroundExecutor;
use url::Url;

use crate::abi::{FftWriteResult, WriteMode, WriteRequest};
use crate::error::{Code, TableError, TableResult};
use crate::merge_keys::{check_keys, SourceKeys};
use crate::table::{not_a_table, open_engine, Engine, Opened};
use crate::write::{
    check_same_partitioning, check_same_schema, committed_version, records_changes, unsupported_with_feed,
    write_batch, write_reader,
};

const ENGINE_INFO: &str = "flowfile";

pub fn merge(request: &WriteRequest, reader: impl RecordBatchReader) -> TableResult<FftWriteResult> {
    let arrow_schema = reader.schema();
    let batches = reader.collect::<Result<Vec<_>, _>>()?;
    check_keys(&request.merge_keys, &arrow_schema, "the data")?;
    let Opened { url, engine, executor } = open_engine(&request.table)?;
    let snapshot = match Snapshot::builder_for(url.as_str()).build(engine.as_ref()) {
        Ok(snapshot) => snapshot,
        Err(error) => {
            let error = not_a_table(&url, error);
            if error.code != Code::NotATable {
                return Err(error);
            }
            if request.mode == WriteMode::Upsert {
                return create(request, arrow_schema, batches);
            }
            return Err(TableError::new(
                Code::NotATable,
                format!("{url} is not a Delta table, so there is nothing to {}", request.mode.name()),
            ));
        }
    };
    let table_schema = snapshot.schema();
    let table_arrow: ArrowSchema = table_schema.as_ref().try_into_arrow()?;
    check_keys(&request.merge_keys, &table_arrow, "the table")?;
    check_same_schema(&table_schema, &StructType::try_from_arrow(arrow_schema.as_ref())?, &url)?;
    if request.track_changes && !records_changes(&snapshot) {
        return Err(TableError::new(
            Code::Unsupported,
            format!("the Delta table at {url} does not record its changes: track_changes applies when a table is created"),
        ));
    }
    if records_changes(&snapshot) {
        return Err(unsupported_with_feed(&url, request.mode.name()));
    }
    let data = concat_batches(&arrow_schema, &batches)?;
    let keys = SourceKeys::new(&request.merge_keys, &data, &table_arrow)?;
    apply(request, &url, &engine, &executor, snapshot, data, keys)
}

/// An upsert into a folder without a table creates it with the data.
fn create(request: &WriteRequest, schema: Arc<ArrowSchema>, batches: Vec<RecordBatch>) -> TableResult<FftWriteResult> {
    let created = WriteRequest {
        table: crate::abi::TableLocation { uri: request.table.uri.clone(), options: request.table.options.clone() },
        mode: WriteMode::ErrorIfExists,
        partition_by: request.partition_by.clone(),
        merge_keys: Vec::new(),
        track_changes: request.track_changes,
    };
    if let Some(data) = batches.first() {
        // Keys are unique in the data, as for a merge into an existing table.
        let all = concat_batches(&schema, &batches)?;
        SourceKeys::new(&request.merge_keys, &all, data.schema().as_ref())?;
    }
    write_reader(&created, RecordBatchIterator::new(batches.into_iter().map(Ok), schema))
}

/// What the rewrite of the table's files did.
struct Rewrite {
    adds: Vec<Box<dyn EngineData>>,
    removes: Vec<FilteredEngineData>,
    rows_removed: i64,
    rows_kept: i64,
}

fn apply(
    request: &WriteRequest,
    url: &Url,
    engine: &Arc<Engine>,
    executor: &Arc<TokioBackgroundExecutor>,
    snapshot: SnapshotRef,
    data: RecordBatch,
    mut keys: SourceKeys,
) -> TableResult<FftWriteResult> {
    let operation = match request.mode {
        WriteMode::Upsert => UpdateTableOperation::Merge,
        WriteMode::Update => UpdateTableOperation::Update,
        _ => UpdateTableOperation::Delete,
    };
    let txn = snapshot.clone().update_table(operation, ENGINE_INFO, true).build(
        engine.as_ref(),
        Box::new(FileSystemCommitter::new()),
    )?;
    check_same_partitioning(txn.logical_partition_columns(), &request.partition_by)?;
    let partition_columns = txn.logical_partition_columns().to_vec();
    let state = txn.write_state()?;
    let writer = FileWriter { engine, executor, state: &state, partition_columns: &partition_columns };
    let scan = snapshot.clone().scan_builder().build()?;
    let mut rewrite = rewrite_files(&scan, url, engine, &writer, &mut keys)?;

    let inserted = rows_to_insert(request.mode, &data, &keys.matched)?;
    let rows_inserted = inserted.as_ref().map_or(0, |b| b.num_rows() as i64);
    if let Some(batch) = &inserted {
        rewrite.adds.extend(writer.write(batch)?);
    }
    let matched = keys.matched.iter().filter(|m| **m).count() as i64;
    let files = rewrite.adds.len() as i64;
    if rewrite.removes.is_empty() && rewrite.adds.is_empty() {
        // Nothing matched and nothing to insert: no commit, the table stays.
        return Ok(FftWriteResult { version: snapshot.version() as i64, rows: 0, files: 0 });
    }
    let deleted = if request.mode == WriteMode::Delete { rewrite.rows_removed } else { 0 };
    // As Delta's own MERGE records them in the history (stringified).
    let metrics = [
        ("numSourceRows", data.num_rows() as i64),
        ("numTargetRowsMatched", matched),
        ("numTargetRowsDeleted", deleted),
        ("numTargetRowsCopied", rewrite.rows_kept),
        ("numOutputRows", rewrite.rows_kept + rows_inserted),
    ];
    let mut txn = txn.with_operation_metrics(metrics.map(|(name, value)| (name, Some(value.to_string()))));
    for remove in rewrite.removes {
        txn.remove_files(remove);
    }
    for add in rewrite.adds {
        txn.add_files(add);
    }
    let version = committed_version(txn.commit(engine.as_ref())?)?;
    let rows = if request.mode == WriteMode::Delete { rewrite.rows_removed } else { rows_inserted };
    Ok(FftWriteResult { version, rows, files })
}

/// upsert: every row of the data; update: the rows whose key the table had;
/// delete: none.
fn rows_to_insert(mode: WriteMode, data: &RecordBatch, matched: &[bool]) -> TableResult<Option<RecordBatch>> {
    let batch = match mode {
        WriteMode::Upsert => data.clone(),
        WriteMode::Update => filter_record_batch(data, &BooleanArray::from(matched.to_vec()))?,
        _ => return Ok(None),
    };
    Ok((batch.num_rows() > 0).then_some(batch))
}

struct FileWriter<'a> {
    engine: &'a Arc<Engine>,
    executor: &'a Arc<TokioBackgroundExecutor>,
    state: &'a Arc<WriteState>,
    partition_columns: &'a [String],
}

impl FileWriter<'_> {
    fn write(&self, batch: &RecordBatch) -> TableResult<Vec<Box<dyn EngineData>>> {
        write_batch(self.engine, self.executor, self.state, batch, self.partition_columns)
    }
}

/// Reads every file of the scan; the ones holding a matching row are to be
/// removed, and their other rows written again.
fn rewrite_files(
    scan: &Scan,
    url: &Url,
    engine: &Arc<Engine>,
    writer: &FileWriter,
    keys: &mut SourceKeys,
) -> TableResult<Rewrite> {
    let mut rewrite = Rewrite { adds: Vec::new(), removes: Vec::new(), rows_removed: 0, rows_kept: 0 };
    let reader = TableFileReader { scan, url, engine };
    for metadata in scan.scan_metadata(engine.as_ref())? {
        let metadata = metadata?;
        let files = metadata.visit_scan_files(Vec::new(), |files: &mut Vec<ScanFile>, file| files.push(file))?;
        let mut affected = HashSet::new();
        for file in &files {
            let batches = reader.read(file)?;
            let hits = batches.iter().map(|b| keys.match_batch(b)).collect::<TableResult<Vec<_>>>()?;
            let removed: usize = hits.iter().map(|h| h.true_count()).sum();
            if removed == 0 {
                continue;
            }
            affected.insert(file.path.clone());
            rewrite.rows_removed += removed as i64;
            for (batch, hit) in batches.iter().zip(&hits) {
                let kept = filter_record_batch(batch, &not(hit)?)?;
                rewrite.rows_kept += kept.num_rows() as i64;
                rewrite.adds.extend(writer.write(&kept)?);
            }
        }
        if !affected.is_empty() {
            rewrite.removes.push(select_files(metadata.scan_files, &affected)?);
        }
    }
    Ok(rewrite)
}

/// Reads one data file as the scan would: its logical columns (partition
/// values and column mapping applied) without the rows its deletion vector
/// removed.
struct TableFileReader<'a> {
    scan: &'a Scan,
    url: &'a Url,
    engine: &'a Arc<Engine>,
}

impl TableFileReader<'_> {
    fn read(&self, file: &ScanFile) -> TableResult<Vec<RecordBatch>> {
        let engine = self.engine.as_ref();
        let deleted = file.dv_info.get_selection_vector(engine, self.url)?;
        let meta = FileMeta {
            location: self.url.join(&file.path).map_err(|_| {
                TableError::new(Code::Internal, format!("data file '{}' is not a path under {}", file.path, self.url))
            })?,
            last_modified: file.modification_time,
            size: u64::try_from(file.size).unwrap_or(0),
        };
        let physical = self.scan.physical_schema().clone();
        let logical = self.scan.logical_schema().clone();
        let mut offset = 0usize;
        let mut batches = Vec::new();
        use delta_kernel::Engine as _;
        for data in engine.parquet_handler().read_parquet_files(&[meta], physical.clone(), None)? {
            let data = transform_to_logical(engine, data?, &physical, &logical, file.transform.clone())?;
            let batch = data.try_into_record_batch()?;
            let rows = batch.num_rows();
            let batch = match &deleted {
                // The selection vector keeps rows marked true; rows past its end are kept.
                Some(keep) => {
                    let mask: Vec<bool> =
                        (offset..offset + rows).map(|i| keep.get(i).copied().unwrap_or(true)).collect();
                    filter_record_batch(&batch, &BooleanArray::from(mask))?
                }
                None => batch,
            };
            offset += rows;
            batches.push(batch);
        }
        Ok(batches)
    }
}

/// The scan's rows of the files in `paths` only, as remove actions take them.
fn select_files(files: FilteredEngineData, paths: &HashSet<String>) -> TableResult<FilteredEngineData> {
    let (data, selection) = files.into_parts();
    let batch = ArrowEngineData::try_from_engine_data(data)?.record_batch().clone();
    let column = batch
        .column_by_name("path")
        .ok_or_else(|| TableError::new(Code::Internal, "the scan's file list has no path column"))?;
    let column = cast(column, &ArrowType::Utf8)?;
    let names = column.as_any().downcast_ref::<StringArray>().expect("cast to utf8");
    let chosen: Vec<bool> = (0..batch.num_rows())
        .map(|i| selection.get(i).copied().unwrap_or(true) && names.is_valid(i) && paths.contains(names.value(i)))
        .collect();
    Ok(FilteredEngineData::try_new(Box::new(ArrowEngineData::new(batch)), chosen)?)
}
