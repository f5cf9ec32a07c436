//! Object stores whose HTTP client never follows a redirect, and connects
//! to the addresses the endpoint policy approved.
//!
//! object_store's own client is reqwest's default, which follows up to ten
//! redirects to any host. A shared server checks a connection's endpoint
//! against its administrator's policy before use (no loopback, link-local or
//! private addresses), so an allowed endpoint that answers 307 to
//! http://169.254.169.254/ would carry the request past that check. S3, GCS
//! and Azure never ask a client to follow a redirect (S3's wrong-region 301
//! names the region in its body, not a URL to follow), so a redirect becomes
//! the store's HTTP status error instead.
//!
//! The policy resolves the endpoint's name when the connection is used; a
//! second lookup at connect time could answer differently (DNS rebinding).
//! So the C++ side passes the addresses it approved as the option
//! `flowfile_endpoint_addresses` ("host address address ..."), and the
//! client connects to those for that host instead of resolving it again.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Once};

use delta_kernel_default_engine::storage::insert_url_handler;
use object_store::aws::AmazonS3Builder;
use object_store::azure::MicrosoftAzureBuilder;
use object_store::client::{ClientConfigKey, ClientOptions, HttpClient, HttpConnector};
use object_store::gcp::GoogleCloudStorageBuilder;
use object_store::path::Path;
use object_store::ObjectStore;
use url::Url;

/// Builds object_store's reqwest client from the options our connections set
/// (allow_http, allow_invalid_certificates; see src/cloud/table_options.cpp),
/// with redirects off, and the endpoint host's approved addresses if any.
#[derive(Debug, Default)]
struct NoRedirectConnector {
    pinned: Option<(String, Vec<SocketAddr>)>,
}

/// Our option naming the endpoint's approved addresses; object_store never sees it.
const PINNED_ADDRESSES: &str = "flowfile_endpoint_addresses";

impl NoRedirectConnector {
    /// Takes PINNED_ADDRESSES out of `options`. Port 0: reqwest then uses the URL's port.
    fn from_options(options: &mut HashMap<String, String>) -> Self {
        let pinned = options.remove(PINNED_ADDRESSES).and_then(|value| {
            let mut words = value.split_whitespace();
            let host = words.next()?.to_owned();
            let addresses: Vec<SocketAddr> =
                words.filter_map(|word| word.parse::<IpAddr>().ok()).map(|ip| SocketAddr::new(ip, 0)).collect();
            (!addresses.is_empty()).then_some((host, addresses))
        });
        NoRedirectConnector { pinned }
    }
}

fn flag(options: &ClientOptions, key: ClientConfigKey) -> bool {
    options.get_config_value(&key).is_some_and(|value| value.eq_ignore_ascii_case("true"))
}

impl HttpConnector for NoRedirectConnector {
    fn connect(&self, options: &ClientOptions) -> object_store::Result<HttpClient> {
        let mut builder = reqwest::Client::builder();
        if let Some((host, addresses)) = &self.pinned {
            builder = builder.resolve_to_addrs(host, addresses);
        }
        let client = builder
            .redirect(reqwest::redirect::Policy::none())
            .https_only(!flag(options, ClientConfigKey::AllowHttp))
            .danger_accept_invalid_certs(flag(options, ClientConfigKey::AllowInvalidCertificates))
            // As object_store does: compression would hide objects' lengths.
            .no_gzip()
            .no_brotli()
            .no_zstd()
            .no_deflate()
            .build()
            .map_err(|error| object_store::Error::Generic { store: "HTTP client", source: Box::new(error) })?;
        Ok(HttpClient::new(client))
    }
}

type Opened = Result<(Box<dyn ObjectStore>, Path), object_store::Error>;

/// One builder per provider, as object_store's parse_url_opts makes them,
/// plus the connector. Unknown option names are ignored, as there.
macro_rules! build_store {
    ($builder:ty, $url:expr, $options:expr) => {{
        let mut options = $options;
        let connector = NoRedirectConnector::from_options(&mut options);
        let builder = options.into_iter().fold(<$builder>::new().with_url($url.to_string()), |builder, (key, value)| {
            match key.to_ascii_lowercase().parse() {
                Ok(key) => builder.with_config(key, value),
                Err(_) => builder,
            }
        });
        Box::new(builder.with_http_connector(connector).build()?) as Box<dyn ObjectStore>
    }};
}

fn open_s3(url: &Url, options: HashMap<String, String>) -> Opened {
    Ok((build_store!(AmazonS3Builder, url, options), Path::from_url_path(url.path())?))
}

fn open_gcs(url: &Url, options: HashMap<String, String>) -> Opened {
    Ok((build_store!(GoogleCloudStorageBuilder, url, options), Path::from_url_path(url.path())?))
}

fn open_azure(url: &Url, options: HashMap<String, String>) -> Opened {
    Ok((build_store!(MicrosoftAzureBuilder, url, options), Path::from_url_path(url.path())?))
}

/// Makes `store_from_url_opts` build every cloud store with redirects off.
/// Idempotent; call before opening a store.
pub fn install() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let handlers: [(&[&str], fn(&Url, HashMap<String, String>) -> Opened); 3] = [
            (&["s3", "s3a"], open_s3),
            (&["gs"], open_gcs),
            (&["az", "adl", "azure", "abfs", "abfss"], open_azure),
        ];
        for (schemes, open) in handlers {
            for scheme in schemes {
                // Only fails on a poisoned lock, which nothing here can cause.
                let _ = insert_url_handler(scheme, Arc::new(open));
            }
        }
    });
}
