//! The data's merge keys as a hash index: which of the table's rows match a
//! row of the data, and which rows of the data matched. Keys compare in
//! Arrow's row format (all key columns at once, in the table's types); a
//! null in a key matches nothing, as in SQL.

use std::collections::HashMap;

use arrow::array::{Array, ArrayRef, BooleanArray};
use arrow::compute::cast;
use arrow::datatypes::Schema as ArrowSchema;
use arrow::record_batch::RecordBatch;
use arrow::row::{RowConverter, Rows, SortField};

use crate::error::{Code, TableError, TableResult};

pub struct SourceKeys {
    names: Vec<String>,
    converter: RowConverter,
    /// Key bytes -> the data's row.
    index: HashMap<Box<[u8]>, usize>,
    /// Per row of the data: whether a table row had its key.
    pub matched: Vec<bool>,
}

/// Every merge key is a column of `schema` (`what`: "the data" or the table).
pub fn check_keys(keys: &[String], schema: &ArrowSchema, what: &str) -> TableResult<()> {
    if keys.is_empty() {
        return Err(TableError::new(Code::InvalidArgument, "merge_keys is empty: name the columns that identify a row"));
    }
    for key in keys {
        if schema.field_with_name(key).is_err() {
            let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            return Err(TableError::new(
                Code::InvalidArgument,
                format!("merge key '{key}' is not a column of {what}: its columns are {}", names.join(", ")),
            ));
        }
    }
    Ok(())
}

impl SourceKeys {
    /// Indexes the keys of `data`, converted to the types of `table` (the
    /// table's logical schema). Two rows with the same key are refused: which
    /// one should win would be a guess.
    pub fn new(keys: &[String], data: &RecordBatch, table: &ArrowSchema) -> TableResult<Self> {
        let fields = keys
            .iter()
            .map(|k| -> TableResult<SortField> { Ok(SortField::new(table.field_with_name(k)?.data_type().clone())) })
            .collect::<TableResult<Vec<_>>>()?;
        let converter = RowConverter::new(fields)?;
        let columns = key_columns(keys, data, Some(table))?;
        let rows = converter.convert_columns(&columns)?;
        let mut index = HashMap::with_capacity(data.num_rows());
        let mut duplicates = 0usize;
        for row in 0..data.num_rows() {
            if has_null(&columns, row) {
                continue;
            }
            if index.insert(rows.row(row).as_ref().into(), row).is_some() {
                duplicates += 1;
            }
        }
        if duplicates > 0 {
            return Err(TableError::new(
                Code::InvalidArgument,
                format!(
                    "{duplicates} row(s) of the data repeat a merge key ({}) of an earlier row: \
                     each key may appear once in the data",
                    keys.join(", ")
                ),
            ));
        }
        Ok(SourceKeys { names: keys.to_vec(), converter, index, matched: vec![false; data.num_rows()] })
    }

    /// Which rows of `batch` (the table's rows) have a key of the data;
    /// marks the data's rows they matched.
    pub fn match_batch(&mut self, batch: &RecordBatch) -> TableResult<BooleanArray> {
        let columns = key_columns(&self.names, batch, None)?;
        let rows: Rows = self.converter.convert_columns(&columns)?;
        let mut hits = Vec::with_capacity(batch.num_rows());
        for row in 0..batch.num_rows() {
            let found = if has_null(&columns, row) { None } else { self.index.get(rows.row(row).as_ref()) };
            if let Some(&source) = found {
                self.matched[source] = true;
            }
            hits.push(found.is_some());
        }
        Ok(BooleanArray::from(hits))
    }
}

fn key_columns(keys: &[String], batch: &RecordBatch, cast_to: Option<&ArrowSchema>) -> TableResult<Vec<ArrayRef>> {
    keys.iter()
        .map(|key| -> TableResult<ArrayRef> {
            let column = batch
                .column_by_name(key)
                .ok_or_else(|| TableError::new(Code::Internal, format!("merge key '{key}' missing from a batch")))?;
            match cast_to {
                Some(schema) => Ok(cast(column, schema.field_with_name(key)?.data_type())?),
                None => Ok(column.clone()),
            }
        })
        .collect()
}

fn has_null(columns: &[ArrayRef], row: usize) -> bool {
    columns.iter().any(|c| c.is_null(row))
}
