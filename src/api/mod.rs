//! The Witi gateway protocol: the HTTP client, the wire models and the error type.
//! Nothing here knows about egui or spawns tasks.

mod client;
mod error;
mod key;
pub mod model;
pub mod parse;

pub use client::{Client, ClientConfig, DEFAULT_BASE_URL, DEFAULT_TIMEOUT, MAX_BODY_BYTES};
pub use error::ApiError;
pub use key::{ApiKey, redact};
pub use model::{
    ApiVersion, ConnectionInfo, InstanceStatus, Phone, QrCode, QrOutcome, Settings, Stats, StatusCode,
    StorageNode,
};
