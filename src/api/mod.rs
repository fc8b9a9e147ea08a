//! The Witi gateway protocol: the HTTP client, the wire models and the error type.
//! Nothing here knows about egui or spawns tasks.

mod client;
mod error;
mod key;
pub mod model;
pub mod parse;
pub mod url;

pub use client::{
    Client, ClientConfig, DEFAULT_BASE_URL, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, ExchangeRecorder,
    MAX_BODY_BYTES,
};
pub use error::ApiError;
pub use key::{ApiKey, MIN_KEY_LEN, mask, redact, url_encode};
pub use model::{
    ApiVersion, ConnectionInfo, InstanceStatus, LOW_BATTERY, Phone, QrCode, QrOutcome, Settings, Stats,
    StatusCode, StorageNode,
};
