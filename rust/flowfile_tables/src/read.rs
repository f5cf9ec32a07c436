//! A scan of a snapshot as an Arrow C stream: projection and file skipping
//! by the kernel, deletion vectors applied by its `execute`, partition
//! columns materialised as columns. Data files are read as the stream is
//! pulled, one batch at a time.

use std::sync::Arc;

use arrow::datatypes::{Schema as ArrowSchema, SchemaRef as ArrowSchemaRef};
use arrow::error::ArrowError;
use arrow::ffi_stream::FFI_ArrowArrayStream;
use arrow::record_batch::{RecordBatch, RecordBatchReader};
use delta_kernel::engine::arrow_conversion::TryIntoArrow;
use delta_kernel::engine::arrow_data::EngineDataArrowExt;
use delta_kernel::{EngineData, KernelError};

use crate::abi::ScanRequest;
use crate::error::{Code, TableError, TableResult};
use crate::filters::predicate;
use crate::table::{open_engine, snapshot, Opened};

type Batches = Box<dyn Iterator<Item = Result<Box<dyn EngineData>, KernelError>> + Send>;

struct ScanReader {
    schema: ArrowSchemaRef,
    batches: Batches,
}

impl Iterator for ScanReader {
    type Item = Result<RecordBatch, ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        let data = self.batches.next()?;
        Some(data.and_then(|data| data.try_into_record_batch()).map_err(|e| ArrowError::ExternalError(Box::new(e))))
    }
}

impl RecordBatchReader for ScanReader {
    fn schema(&self) -> ArrowSchemaRef {
        self.schema.clone()
    }
}

pub fn open(request: ScanRequest) -> TableResult<FFI_ArrowArrayStream> {
    let Opened { url, engine, .. } = open_engine(&request.table)?;
    let snapshot = snapshot(&url, &engine, request.version)?;
    let table_schema = snapshot.schema();
    let mut builder = snapshot.scan_builder();
    if let Some(columns) = &request.columns {
        let projected = table_schema.project(columns.as_slice()).map_err(|_| {
            let names: Vec<String> = table_schema.fields().map(|f| f.name().to_owned()).collect();
            TableError::new(
                Code::InvalidArgument,
                format!("a column of {columns:?} is not in {url}: its columns are {}", names.join(", ")),
            )
        })?;
        builder = builder.with_schema(projected);
    }
    builder = builder.with_predicate(predicate(&request.filters, &table_schema));
    let scan = builder.build()?;
    let schema: ArrowSchema = scan.logical_schema().as_ref().try_into_arrow()?;
    let batches: Batches = Box::new(scan.execute(engine.clone())?);
    let reader = ScanReader { schema: Arc::new(schema), batches };
    Ok(FFI_ArrowArrayStream::new(Box::new(reader)))
}
