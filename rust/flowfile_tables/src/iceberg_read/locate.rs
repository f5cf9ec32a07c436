//! Where a table's current metadata is: the `.metadata.json` file the user
//! named, or in a table folder the newest one under `metadata/` (the highest
//! version in its name: `v12.metadata.json` or `00012-<uuid>.metadata.json`,
//! as catalogs write them).

use object_store::path::Path;
use object_store::ObjectStoreExt;

use crate::error::{Code, TableError, TableResult};
use crate::iceberg_read::storage::BucketStorage;

const METADATA_SUFFIX: &str = ".metadata.json";

/// The version a metadata file's name carries, if it is one.
pub fn metadata_version(file_name: &str) -> Option<u64> {
    let stem = file_name.strip_suffix(METADATA_SUFFIX)?;
    let digits = match stem.strip_prefix('v') {
        Some(rest) => rest,
        None => stem.split('-').next()?,
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

pub fn not_a_table(uri: &str) -> TableError {
    TableError::new(
        Code::NotATable,
        format!("{uri} is not an Iceberg table (no metadata/ folder with a .metadata.json file was found there)"),
    )
}

/// The metadata file to read for `uri` (a table folder or a metadata file).
pub async fn metadata_location(
    storage: &BucketStorage,
    store: &object_store::DynObjectStore,
    uri: &str,
) -> TableResult<String> {
    let trimmed = uri.trim_end_matches('/');
    if trimmed.ends_with(METADATA_SUFFIX) {
        let key = storage.key(trimmed)?;
        return match store.head(&key).await {
            Ok(_) => Ok(trimmed.to_owned()),
            Err(object_store::Error::NotFound { .. }) => Err(not_a_table(uri)),
            Err(other) => Err(other.into()),
        };
    }
    let folder: Path = storage.key(&format!("{trimmed}/metadata/"))?;
    let listed = store.list_with_delimiter(Some(&folder)).await?;
    let newest = listed
        .objects
        .iter()
        .filter_map(|object| {
            let name = object.location.filename()?;
            Some((metadata_version(name)?, object.last_modified, name.to_owned()))
        })
        .max();
    match newest {
        Some((_, _, name)) => Ok(format!("{trimmed}/metadata/{name}")),
        None => Err(not_a_table(uri)),
    }
}

