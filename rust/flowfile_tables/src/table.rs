//! A table location -> the kernel's default engine over an object store
//! built from in-memory options only (object_store's builders start empty:
//! no environment is read when the options carry the credentials).

use std::sync::Arc;

use delta_kernel::history_manager::error::LogHistoryError;
use delta_kernel::history_manager::{first_version_after, get_earliest_commit, latest_version_as_of, HistoryCommitType};
use delta_kernel::{KernelError, Snapshot, SnapshotRef};
use delta_kernel_default_engine::executor::tokio::TokioBackgroundExecutor;
use delta_kernel_default_engine::storage::store_from_url_opts;
use delta_kernel_default_engine::DefaultEngine;
use url::Url;

use crate::abi::TableLocation;
use crate::error::{Code, TableError, TableResult};

pub type Engine = DefaultEngine<TokioBackgroundExecutor>;

/// The table root as a URL ending in '/', as the kernel expects of a folder.
pub fn table_url(uri: &str) -> TableResult<Url> {
    let folder = if uri.ends_with('/') { uri.to_owned() } else { format!("{uri}/") };
    Url::parse(&folder).map_err(|_| TableError::new(Code::InvalidArgument, format!("'{uri}' is not a table URL")))
}

/// The engine and its executor (kept to run the engine's async writes).
pub struct Opened {
    pub url: Url,
    pub engine: Arc<Engine>,
    pub executor: Arc<TokioBackgroundExecutor>,
}

pub fn open_engine(location: &TableLocation) -> TableResult<Opened> {
    let url = table_url(&location.uri)?;
    let options = location.options.iter().map(|(key, value)| (key.as_str(), value.clone()));
    crate::no_redirects::install();
    let store = store_from_url_opts(&url, options).map_err(|error| {
        // The store's builder may quote an option value: say only which failed.
        let detail = match &error {
            KernelError::ObjectStore(inner) => format!(": {}", inner),
            _ => String::new(),
        };
        TableError::new(Code::InvalidArgument, format!("could not open storage for {}{detail}", location.uri))
    })?;
    let executor = Arc::new(TokioBackgroundExecutor::new());
    let engine = Arc::new(DefaultEngine::builder(store).with_task_executor(executor.clone()).build());
    Ok(Opened { url, engine, executor })
}

/// The snapshot at `version` (latest when None). A folder without a Delta
/// log is FFT_NOT_A_TABLE; a version past the latest is FFT_VERSION_NOT_FOUND
/// naming the latest.
pub fn snapshot(url: &Url, engine: &Engine, version: Option<u64>) -> TableResult<SnapshotRef> {
    let latest = Snapshot::builder_for(url.as_str()).build(engine).map_err(|error| not_a_table(url, error))?;
    let Some(version) = version else { return Ok(latest) };
    if version > latest.version() {
        return Err(TableError::new(
            Code::VersionNotFound,
            format!("version {version} of {url} does not exist: the latest version is {}", latest.version()),
        ));
    }
    if version == latest.version() {
        return Ok(latest);
    }
    Snapshot::builder_for(url.as_str()).at_version(version).build(engine).map_err(|error| match error {
        KernelError::ObjectStore(_) | KernelError::Reqwest(_) | KernelError::IOError(_) => error.into(),
        other => TableError::new(
            Code::VersionNotFound,
            format!("version {version} of {url} can no longer be read (its log was cleaned up?): {other}"),
        ),
    })
}

/// Whether the folder holds a table: the kernel says so by failing to find
/// any log file (its variants for that), every other failure passes through.
pub fn not_a_table(url: &Url, error: KernelError) -> TableError {
    match error {
        KernelError::FileNotFound(_)
        | KernelError::EmptyLog
        | KernelError::MissingVersion(_)
        | KernelError::InvalidLogSegment(_)
        | KernelError::MissingMetadataAndProtocol => TableError::new(
            Code::NotATable,
            format!("{url} is not a Delta table (no _delta_log folder with commits was found there)"),
        ),
        other => other.into(),
    }
}

/// The latest version committed at or before `as_of_ms` (milliseconds since
/// the epoch, commit times as the kernel resolves them). A time before the
/// first commit is FFT_VERSION_NOT_FOUND.
pub fn version_at(url: &Url, engine: &Engine, as_of_ms: i64) -> TableResult<u64> {
    let latest = Snapshot::builder_for(url.as_str()).build(engine).map_err(|error| not_a_table(url, error))?;
    match latest_version_as_of(&latest, engine, as_of_ms, HistoryCommitType::Recreatable) {
        Ok(commit) => Ok(commit.version),
        Err(KernelError::LogHistory(inner)) if matches!(*inner, LogHistoryError::TimestampOutOfRange { .. }) => {
            Err(TableError::new(
                Code::VersionNotFound,
                format!("no version of {url} was committed at or before that time (its first commit is later)"),
            ))
        }
        Err(other) => Err(other.into()),
    }
}

/// The first version committed at or after `from_ms` (where a change feed
/// read from that time starts). A time after the last commit, or before the
/// first one still in the log (the changes before it are unknown), is
/// FFT_VERSION_NOT_FOUND naming the commit's version and time.
pub fn version_from(url: &Url, engine: &Engine, from_ms: i64) -> TableResult<u64> {
    let latest = Snapshot::builder_for(url.as_str()).build(engine).map_err(|error| not_a_table(url, error))?;
    let found = match first_version_after(&latest, engine, from_ms, HistoryCommitType::Published) {
        Ok(found) => found,
        Err(KernelError::LogHistory(inner)) if matches!(*inner, LogHistoryError::TimestampOutOfRange { .. }) => {
            let last = latest.get_timestamp(engine)?;
            return Err(TableError::new(
                Code::VersionNotFound,
                format!(
                    "no version of {url} was committed at or after that time: its last commit, version {}, is at {}",
                    latest.version(),
                    utc_time(last)
                ),
            ));
        }
        Err(other) => return Err(other.into()),
    };
    if found.timestamp > from_ms {
        let log_root = url.join("_delta_log/").map_err(|e| TableError::new(Code::Internal, e.to_string()))?;
        let first = get_earliest_commit(engine, &log_root, None, HistoryCommitType::Published)?;
        if found.version == first {
            return Err(TableError::new(
                Code::VersionNotFound,
                format!(
                    "that time is before the first commit of {url} (version {first}, at {}): the changes before it are not known",
                    utc_time(found.timestamp)
                ),
            ));
        }
    }
    Ok(found.version)
}

/// Milliseconds since the epoch as an ISO 8601 UTC time, for messages.
fn utc_time(ms: i64) -> String {
    match chrono::DateTime::from_timestamp_millis(ms) {
        Some(time) => time.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        None => format!("{ms} ms after the epoch"),
    }
}
