//! An Iceberg scan as an Arrow C stream: the snapshot asked for (by id or
//! as of a time; the current one otherwise), its schema projected, the
//! filters pushed to file, row-group and row skipping, position and
//! equality deletes applied by the library. Data files are read as the
//! stream is pulled, one batch at a time, on a runtime of two threads.
//! With a row limit (iceberg 0.10 has none of its own) the files are read
//! one after another and the stream ends as soon as the limit is met, so a
//! file the limit does not reach is never opened.

use std::sync::Arc;

use arrow_array_iceberg::ffi_stream::FFI_ArrowArrayStream;
use arrow_cast_iceberg::cast;
use arrow_array_iceberg::{RecordBatch, RecordBatchReader};
use delta_kernel::KernelError;
use delta_kernel_default_engine::storage::store_from_url_opts;
use arrow_schema_iceberg::{ArrowError, Schema as ArrowSchema, SchemaRef as ArrowSchemaRef};
use futures::StreamExt;
use iceberg::arrow::schema_to_arrow_schema;
use iceberg::io::FileIOBuilder;
use iceberg::scan::ArrowRecordBatchStream;
use iceberg::spec::{SchemaRef, TableMetadata};
use iceberg::table::StaticTable;
use iceberg::TableIdent;
use tokio::runtime::Runtime;
use url::Url;

use crate::error::{Code, TableError, TableResult};
use crate::iceberg_read::locate::metadata_location;
use crate::iceberg_read::predicate::predicate;
use crate::iceberg_read::storage::{BucketStorage, BucketStorageFactory};
use crate::iceberg_read::IcebergScanRequest;
use crate::table::table_url;

/// Data files read at once: bounded memory on a small machine.
const DATA_FILES_IN_FLIGHT: usize = 2;

struct IcebergReader {
    // Declared before `runtime`: the stream is dropped while its runtime lives.
    batches: ArrowRecordBatchStream,
    schema: ArrowSchemaRef,
    /// Rows still to return; None: no limit.
    rows_left: Option<u64>,
    runtime: Runtime,
}

impl Iterator for IcebergReader {
    type Item = Result<RecordBatch, ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        // Not polled again once the limit is met: no further file is opened.
        if self.rows_left == Some(0) {
            return None;
        }
        let batch = self.runtime.block_on(self.batches.next())?;
        Some(batch.map_err(|e| ArrowError::ExternalError(Box::new(e))).and_then(|b| self.conform(b)).map(|b| self.cut(b)))
    }
}

impl IcebergReader {
    /// The batch cut at the rows left, counted off the limit.
    fn cut(&mut self, batch: RecordBatch) -> RecordBatch {
        let Some(left) = self.rows_left else { return batch };
        let rows = (batch.num_rows() as u64).min(left);
        self.rows_left = Some(left - rows);
        if rows == batch.num_rows() as u64 {
            batch
        } else {
            batch.slice(0, rows as usize)
        }
    }

    /// The batch on the declared schema: without the reader's per-file field
    /// metadata, and cast where a data file stored another physical type
    /// (a writer's large_string for Iceberg's string, say), so that every
    /// batch matches the schema the plan was made with.
    fn conform(&self, batch: RecordBatch) -> Result<RecordBatch, ArrowError> {
        let columns = batch
            .columns()
            .iter()
            .zip(self.schema.fields())
            .map(|(column, field)| {
                if column.data_type() == field.data_type() {
                    Ok(column.clone())
                } else {
                    cast(column, field.data_type())
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        RecordBatch::try_new(self.schema.clone(), columns)
    }
}

impl RecordBatchReader for IcebergReader {
    fn schema(&self) -> ArrowSchemaRef {
        self.schema.clone()
    }
}

fn runtime() -> TableResult<Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("flowfile-iceberg")
        .enable_all()
        .build()
        .map_err(|e| TableError::new(Code::Internal, format!("could not start the Iceberg runtime: {e}")))
}

/// The bucket (or container) the table is in, and a store for it.
fn open_storage(request: &IcebergScanRequest) -> TableResult<BucketStorage> {
    let url = table_url(&request.table.uri)?;
    let bucket = url.host_str().unwrap_or_default().to_owned();
    let root = Url::parse(&format!("{}://{bucket}/", url.scheme()))
        .map_err(|_| TableError::new(Code::InvalidArgument, format!("'{}' is not a table URL", request.table.uri)))?;
    let options = request.table.options.iter().map(|(key, value)| (key.as_str(), value.clone()));
    crate::no_redirects::install();
    let store = store_from_url_opts(&root, options).map_err(|error| {
        // The store's builder may quote an option value: say only which failed.
        let detail = match &error {
            KernelError::ObjectStore(inner) => format!(": {inner}"),
            _ => String::new(),
        };
        TableError::new(Code::InvalidArgument, format!("could not open storage for {}{detail}", request.table.uri))
    })?;
    Ok(BucketStorage::new(bucket, store))
}

/// The snapshot id to read: the one asked for, the last one committed at or
/// before `as_of_ms`, or None for the current snapshot.
fn chosen_snapshot(metadata: &TableMetadata, request: &IcebergScanRequest) -> TableResult<Option<i64>> {
    let uri = &request.table.uri;
    if let Some(id) = request.snapshot_id {
        if metadata.snapshot_by_id(id).is_none() {
            let known: Vec<String> = metadata.snapshots().map(|s| s.snapshot_id().to_string()).collect();
            return Err(TableError::new(
                Code::VersionNotFound,
                format!("snapshot {id} of {uri} does not exist: its snapshots are [{}]", known.join(", ")),
            ));
        }
        return Ok(Some(id));
    }
    let Some(as_of) = request.as_of_ms else { return Ok(None) };
    let found = metadata.history().iter().filter(|entry| entry.timestamp_ms <= as_of).max_by_key(|e| e.timestamp_ms);
    match found {
        Some(entry) => Ok(Some(entry.snapshot_id)),
        None => Err(TableError::new(
            Code::VersionNotFound,
            format!("no snapshot of {uri} was committed at or before that time (its first snapshot is later)"),
        )),
    }
}

/// The columns to read, in the order asked, or FFT_INVALID_ARGUMENT naming the table's.
fn projection(schema: &SchemaRef, columns: &Option<Vec<String>>, uri: &str) -> TableResult<Vec<String>> {
    let all: Vec<String> = schema.as_struct().fields().iter().map(|f| f.name.clone()).collect();
    let Some(asked) = columns else { return Ok(all) };
    if let Some(missing) = asked.iter().find(|name| schema.field_by_name(name).is_none()) {
        return Err(TableError::new(
            Code::InvalidArgument,
            format!("column '{missing}' is not in {uri}: its columns are {}", all.join(", ")),
        ));
    }
    Ok(asked.clone())
}

/// The stream and the snapshot it reads (None: the table has no snapshot yet).
pub fn open(request: IcebergScanRequest) -> TableResult<(FFI_ArrowArrayStream, Option<i64>)> {
    let runtime = runtime()?;
    let storage = open_storage(&request)?;
    let Scanned { batches, schema, snapshot_id } = runtime.block_on(scan(&request, storage))?;
    let reader = IcebergReader { batches, schema, rows_left: request.limit, runtime };
    Ok((FFI_ArrowArrayStream::new(Box::new(reader)), snapshot_id))
}

struct Scanned {
    batches: ArrowRecordBatchStream,
    schema: ArrowSchemaRef,
    snapshot_id: Option<i64>,
}

async fn scan(request: &IcebergScanRequest, storage: BucketStorage) -> TableResult<Scanned> {
    let uri = request.table.uri.as_str();
    let store = storage.object_store()?;
    let location = metadata_location(&storage, store.as_ref(), uri).await?;
    let file_io = FileIOBuilder::new(Arc::new(BucketStorageFactory::new(storage))).build();
    let ident = TableIdent::from_strs(["flowfile", "table"])?;
    let table = StaticTable::from_metadata_file(&location, ident, file_io).await?;
    let metadata = table.metadata();
    let snapshot_id = chosen_snapshot(&metadata, request)?.or(metadata.current_snapshot_id());
    let schema = match snapshot_id.and_then(|id| metadata.snapshot_by_id(id)) {
        Some(snapshot) => snapshot.schema(&metadata)?,
        None => metadata.current_schema().clone(),
    };
    let columns = projection(&schema, &request.columns, uri)?;
    let projected = schema_to_arrow_schema(&schema)?;
    let fields: Vec<_> = columns
        .iter()
        .map(|name| projected.field_with_name(name).map(|f| Arc::new(f.clone().with_metadata(Default::default()))))
        .collect::<Result<_, _>>()
        .map_err(|e| TableError::new(Code::Internal, e.to_string()))?;
    // Under a limit one file at a time: a file read ahead might not be needed.
    let in_flight = if request.limit.is_some() { 1 } else { DATA_FILES_IN_FLIGHT };
    let mut builder = table.scan().select(columns).with_data_file_concurrency_limit(in_flight);
    if let Some(id) = snapshot_id {
        builder = builder.snapshot_id(id);
    }
    if let Some(filter) = predicate(&request.filters, &schema) {
        builder = builder.with_filter(filter);
    }
    let batches = builder.build()?.to_arrow().await?;
    Ok(Scanned { batches, schema: Arc::new(ArrowSchema::new(fields)), snapshot_id })
}
