//! A scan of a snapshot as an Arrow C stream: projection and file skipping
//! by the kernel, deletion vectors applied by its `execute`, partition
//! columns materialised as columns. Data files are read as the stream is
//! pulled, one batch at a time.

use std::sync::Arc;

use arrow::array::StringArray;
use arrow::compute::kernels::boolean::not;
use arrow::compute::kernels::cmp::eq;
use arrow::compute::filter_record_batch;
use arrow::datatypes::{Schema as ArrowSchema, SchemaRef as ArrowSchemaRef};
use arrow::error::ArrowError;
use arrow::ffi_stream::FFI_ArrowArrayStream;
use arrow::record_batch::{RecordBatch, RecordBatchReader};
use delta_kernel::engine::arrow_conversion::TryIntoArrow;
use delta_kernel::engine::arrow_data::EngineDataArrowExt;
use delta_kernel::schema::{SchemaRef, StructType};
use delta_kernel::table_changes::TableChanges;
use delta_kernel::{EngineData, KernelError};
use url::Url;

use crate::abi::ScanRequest;
use crate::error::{Code, TableError, TableResult};
use crate::filters::predicate;
use crate::table::{open_engine, snapshot, Engine, Opened};

type Batches = Box<dyn Iterator<Item = Result<Box<dyn EngineData>, KernelError>> + Send>;

/// The change feed's row kinds; an update's old row is dropped unless asked.
const CHANGE_TYPE: &str = "_change_type";
const PREIMAGE: &str = "update_preimage";

struct ScanReader {
    schema: ArrowSchemaRef,
    batches: Batches,
    /// Change feed without pre-images: drop rows whose `_change_type` (at
    /// this index of the scanned batch) is an update's pre-image, then keep
    /// the schema's columns only.
    drop_preimage: Option<usize>,
}

impl ScanReader {
    fn convert(&self, data: Box<dyn EngineData>) -> Result<RecordBatch, KernelError> {
        let batch = data.try_into_record_batch()?;
        let Some(index) = self.drop_preimage else { return Ok(batch) };
        let kinds = batch.column(index);
        let keep = not(&eq(kinds, &StringArray::new_scalar(PREIMAGE))?)?;
        let kept = filter_record_batch(&batch, &keep)?;
        let columns: Vec<usize> =
            self.schema.fields().iter().filter_map(|f| kept.schema().index_of(f.name()).ok()).collect();
        Ok(kept.project(&columns)?)
    }
}

impl Iterator for ScanReader {
    type Item = Result<RecordBatch, ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        let data = self.batches.next()?;
        Some(data.and_then(|data| self.convert(data)).map_err(|e| ArrowError::ExternalError(Box::new(e))))
    }
}

impl RecordBatchReader for ScanReader {
    fn schema(&self) -> ArrowSchemaRef {
        self.schema.clone()
    }
}

/// `columns` of `schema` (all when None), or FFT_INVALID_ARGUMENT naming the table's columns.
fn projection(schema: &StructType, columns: &Option<Vec<String>>, url: &Url) -> TableResult<Option<SchemaRef>> {
    let Some(columns) = columns else { return Ok(None) };
    schema.project(columns.as_slice()).map(Some).map_err(|_| {
        let names: Vec<String> = schema.fields().map(|f| f.name().to_owned()).collect();
        TableError::new(
            Code::InvalidArgument,
            format!("a column of {columns:?} is not in {url}: its columns are {}", names.join(", ")),
        )
    })
}

pub fn open(request: ScanRequest) -> TableResult<FFI_ArrowArrayStream> {
    let Opened { url, engine, .. } = open_engine(&request.table)?;
    if let Some(start) = request.changes_since {
        return open_changes(&request, url, engine, start);
    }
    let snapshot = snapshot(&url, &engine, request.version)?;
    let table_schema = snapshot.schema();
    let mut builder = snapshot.scan_builder();
    if let Some(projected) = projection(&table_schema, &request.columns, &url)? {
        builder = builder.with_schema(projected);
    }
    builder = builder.with_predicate(predicate(&request.filters, &table_schema));
    let scan = builder.build()?;
    let schema: ArrowSchema = scan.logical_schema().as_ref().try_into_arrow()?;
    let batches: Batches = Box::new(scan.execute(engine.clone())?);
    let reader = ScanReader { schema: Arc::new(schema), batches, drop_preimage: None };
    Ok(FFI_ArrowArrayStream::new(Box::new(reader)))
}

/// The change data feed from `start` to `request.version` (else the latest):
/// the rows each commit inserted, deleted or updated, with `_change_type`,
/// `_commit_version` and `_commit_timestamp` columns.
fn open_changes(request: &ScanRequest, url: Url, engine: Arc<Engine>, start: u64) -> TableResult<FFI_ArrowArrayStream> {
    let latest = snapshot(&url, &engine, request.version)?;
    if start > latest.version() {
        return Err(TableError::new(
            Code::VersionNotFound,
            format!("changes_since {start}: version {start} of {url} does not exist (the latest is {})", latest.version()),
        ));
    }
    let changes = TableChanges::try_new(url.clone(), engine.as_ref(), start, Some(latest.version())).map_err(|error| {
        match error {
            KernelError::ChangeDataFeedUnsupported(_) => TableError::new(
                Code::InvalidArgument,
                format!(
                    "{url} does not record its changes between versions {start} and {}: \
                     the change data feed (delta.enableChangeDataFeed) was not on",
                    latest.version()
                ),
            ),
            other => other.into(),
        }
    })?;
    let full_schema: StructType = changes.schema().clone();
    let output = projection(&full_schema, &request.columns, &url)?;
    // Without pre-images, `_change_type` is read even when not asked for, to drop them.
    let scanned = match (&output, request.include_preimage) {
        (Some(asked), false) if asked.field(CHANGE_TYPE).is_none() => {
            let mut names: Vec<String> = asked.fields().map(|f| f.name().to_owned()).collect();
            names.push(CHANGE_TYPE.to_owned());
            projection(&full_schema, &Some(names), &url)?
        }
        _ => output.clone(),
    };
    let mut builder = changes.into_scan_builder();
    builder = builder.with_schema(scanned.clone());
    // File skipping by the table's own columns only (not the feed's).
    builder = builder.with_predicate(predicate(&request.filters, &latest.schema()));
    let scan = builder.build()?;
    let scanned_schema = scan.logical_schema().clone();
    let drop_preimage =
        if request.include_preimage { None } else { scanned_schema.fields().position(|f| f.name() == CHANGE_TYPE) };
    let output_schema: ArrowSchema = match &output {
        Some(asked) => asked.as_ref().try_into_arrow()?,
        None => scanned_schema.as_ref().try_into_arrow()?,
    };
    let shared: Arc<dyn delta_kernel::Engine> = engine.clone();
    let batches: Batches = Box::new(scan.execute(shared)?);
    let reader = ScanReader { schema: Arc::new(output_schema), batches, drop_preimage };
    Ok(FFI_ArrowArrayStream::new(Box::new(reader)))
}
