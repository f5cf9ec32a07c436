//! One error type for the ABI: a code the C++ side maps to its own codes,
//! and a message (possibly quoting the storage's answer; C++ masks it).

use delta_kernel::KernelError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum Code {
    NotATable = 1,
    VersionNotFound = 2,
    InvalidArgument = 3,
    AlreadyExists = 4,
    Storage = 5,
    Unsupported = 6,
    Conflict = 7,
    Internal = 8,
}

#[derive(Debug)]
pub struct TableError {
    pub code: Code,
    pub message: String,
}

pub type TableResult<T> = Result<T, TableError>;

impl TableError {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        TableError { code, message: message.into() }
    }
}

/// The kernel's error, classified by its variant (never by its text).
impl From<KernelError> for TableError {
    fn from(error: KernelError) -> Self {
        let code = match &error {
            KernelError::ObjectStore(_) | KernelError::IOError(_) | KernelError::Reqwest(_) => Code::Storage,
            KernelError::InvalidUrl(_) | KernelError::InvalidTableLocation(_) => Code::InvalidArgument,
            KernelError::Unsupported(_)
            | KernelError::InvalidProtocol(_)
            | KernelError::ChangeDataFeedUnsupported(_) => Code::Unsupported,
            KernelError::MissingColumn(_) | KernelError::Schema(_) | KernelError::InvalidPartitionValues(_) => {
                Code::InvalidArgument
            }
            KernelError::FileAlreadyExists(_) | KernelError::TableAlreadyExistsAtPath(_) => Code::AlreadyExists,
            _ => Code::Internal,
        };
        TableError::new(code, error.to_string())
    }
}

impl From<arrow::error::ArrowError> for TableError {
    fn from(error: arrow::error::ArrowError) -> Self {
        TableError::new(Code::Internal, error.to_string())
    }
}
