//! Iceberg's file access over the same object store as Delta tables: one
//! store per table, built by `store_from_url_opts` from the connection's
//! in-memory options (no environment, no credential files). Read-only:
//! every write entry point answers FeatureUnsupported.

use std::ops::Range;
use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use futures::stream::BoxStream;
use iceberg::io::{FileMetadata, FileRead, FileWrite, InputFile, OutputFile, Storage, StorageConfig, StorageFactory};
use iceberg::{Error, ErrorKind, Result};
use object_store::path::Path;
use object_store::{DynObjectStore, ObjectStoreExt};
use serde::{Deserialize, Serialize};
use url::Url;

/// The table's bucket (container) and the store that reaches it. `serde` is
/// required by iceberg's `typetag` registry; a deserialized copy has no
/// store and fails every call (we never serialize one).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct BucketStorage {
    bucket: String,
    #[serde(skip)]
    store: Option<Arc<DynObjectStore>>,
}

impl BucketStorage {
    pub fn new(bucket: String, store: Arc<DynObjectStore>) -> Self {
        BucketStorage { bucket, store: Some(store) }
    }

    /// The store, for listing the table's metadata folder.
    pub fn object_store(&self) -> Result<Arc<DynObjectStore>> {
        self.store().cloned()
    }

    fn store(&self) -> Result<&Arc<DynObjectStore>> {
        self.store.as_ref().ok_or_else(|| Error::new(ErrorKind::Unexpected, "storage without an object store"))
    }

    /// A file location of the table's metadata (s3://, s3a://, gs://,
    /// abfss://container@account..., az://) -> its key in our bucket. A file
    /// in another bucket is refused: the connection was chosen for this one.
    pub fn key(&self, location: &str) -> Result<Path> {
        let url = Url::parse(location)
            .map_err(|_| Error::new(ErrorKind::DataInvalid, format!("'{location}' is not a file URL")))?;
        let bucket = match url.scheme() {
            "abfs" | "abfss" | "wasb" | "wasbs" => url.username().to_owned(),
            _ => url.host_str().unwrap_or_default().to_owned(),
        };
        if bucket != self.bucket {
            return Err(Error::new(
                ErrorKind::DataInvalid,
                format!("the table refers to {location}, outside its bucket '{}'", self.bucket),
            ));
        }
        Path::from_url_path(url.path())
            .map_err(|_| Error::new(ErrorKind::DataInvalid, format!("'{location}' is not a valid object path")))
    }

    fn read_only(&self, what: &str) -> Error {
        Error::new(ErrorKind::FeatureUnsupported, format!("Iceberg tables are read-only here ({what})"))
    }
}

/// An object store error as iceberg's, keeping it as the source so that
/// `TableError` can classify it by type (never by its text).
pub fn storage_error(error: object_store::Error) -> Error {
    Error::new(ErrorKind::Unexpected, "the object store failed").with_source(error)
}

struct RangeReader {
    store: Arc<DynObjectStore>,
    key: Path,
}

#[async_trait]
impl FileRead for RangeReader {
    async fn read(&self, range: Range<u64>) -> Result<Bytes> {
        self.store.get_range(&self.key, range).await.map_err(storage_error)
    }
}

#[async_trait]
#[typetag::serde]
impl Storage for BucketStorage {
    async fn exists(&self, path: &str) -> Result<bool> {
        match self.store()?.head(&self.key(path)?).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(other) => Err(storage_error(other)),
        }
    }

    async fn metadata(&self, path: &str) -> Result<FileMetadata> {
        let meta = self.store()?.head(&self.key(path)?).await.map_err(storage_error)?;
        Ok(FileMetadata { size: meta.size })
    }

    async fn read(&self, path: &str) -> Result<Bytes> {
        let object = self.store()?.get(&self.key(path)?).await.map_err(storage_error)?;
        object.bytes().await.map_err(storage_error)
    }

    async fn reader(&self, path: &str) -> Result<Box<dyn FileRead>> {
        Ok(Box::new(RangeReader { store: self.store()?.clone(), key: self.key(path)? }))
    }

    async fn write(&self, _path: &str, _bs: Bytes) -> Result<()> {
        Err(self.read_only("write"))
    }

    async fn writer(&self, _path: &str) -> Result<Box<dyn FileWrite>> {
        Err(self.read_only("write"))
    }

    async fn delete(&self, _path: &str) -> Result<()> {
        Err(self.read_only("delete"))
    }

    async fn delete_prefix(&self, _path: &str) -> Result<()> {
        Err(self.read_only("delete"))
    }

    async fn delete_stream(&self, _paths: BoxStream<'static, String>) -> Result<()> {
        Err(self.read_only("delete"))
    }

    fn new_input(&self, path: &str) -> Result<InputFile> {
        Ok(InputFile::new(Arc::new(self.clone()), path.to_owned()))
    }

    fn new_output(&self, _path: &str) -> Result<OutputFile> {
        Err(self.read_only("write"))
    }
}

/// Hands iceberg's FileIO the one storage of the table.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct BucketStorageFactory {
    storage: BucketStorage,
}

impl BucketStorageFactory {
    pub fn new(storage: BucketStorage) -> Self {
        BucketStorageFactory { storage }
    }
}

#[typetag::serde]
impl StorageFactory for BucketStorageFactory {
    fn build(&self, _config: &StorageConfig) -> Result<Arc<dyn Storage>> {
        Ok(Arc::new(self.storage.clone()))
    }
}
