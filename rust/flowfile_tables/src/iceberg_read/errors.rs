//! Iceberg's and the object store's errors as `TableError`, classified by
//! kind and by the type of the error underneath (never by text).

use iceberg::ErrorKind;

use crate::error::{Code, TableError};

impl From<object_store::Error> for TableError {
    fn from(error: object_store::Error) -> Self {
        TableError::new(Code::Storage, error.to_string())
    }
}

/// The object store error somewhere in the chain under `error`, if any.
fn storage_cause<'a>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a object_store::Error> {
    let mut current = error.source();
    while let Some(cause) = current {
        if let Some(found) = cause.downcast_ref::<object_store::Error>() {
            return Some(found);
        }
        current = cause.source();
    }
    None
}

impl From<iceberg::Error> for TableError {
    fn from(error: iceberg::Error) -> Self {
        if let Some(cause) = storage_cause(&error) {
            return TableError::new(Code::Storage, cause.to_string());
        }
        let code = match error.kind() {
            ErrorKind::FeatureUnsupported => Code::Unsupported,
            ErrorKind::DataInvalid => Code::InvalidArgument,
            _ => Code::Internal,
        };
        // The message alone: iceberg's Display adds context and backtraces.
        TableError::new(code, error.message().to_owned())
    }
}
