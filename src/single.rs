//! One window per instance list. The first start listens on a Unix socket named after its
//! instance list; a second start with the same list connects, asks the running window to come
//! forward (and to open the instance named by `--instance`), and exits, instead of polling
//! every instance a second time. A socket nobody answers on is stale (a crash) and is
//! replaced. Demo runs and `--base-url` runs neither claim nor ask.
//!
//! The socket lives in `$XDG_RUNTIME_DIR/witi-connect/` (owner-only, cleared at logout), or
//! beside the instance list when that is unset. What crosses it is an instance's name, never
//! a key.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// How long a second start waits for the running one to answer.
const ANSWER_WITHIN: Duration = Duration::from_secs(3);
/// The longest request read (an instance name is far shorter).
const MAX_REQUEST: u64 = 4096;

/// What a second start asks of the running window.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Request {
    /// The instance to open, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open: Option<String>,
}

/// This process's claim on an instance list: the listening socket. Cheap to clone (the app
/// hands it to the backend, which answers on it).
#[derive(Debug, Clone)]
pub struct Claim {
    listener: Arc<UnixListener>,
    path: PathBuf,
}

/// What a start found.
#[derive(Debug)]
pub enum Start {
    /// No window runs with this list: this process has it.
    First(Claim),
    /// A window runs with this list and took the request: this process should exit.
    HandedOn,
}

impl Claim {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A listener of this claim for the runtime (the same socket).
    pub fn listener(&self) -> std::io::Result<tokio::net::UnixListener> {
        let listener = self.listener.try_clone()?;
        listener.set_nonblocking(true)?;
        tokio::net::UnixListener::from_std(listener)
    }

    /// Removes the socket at exit, so that the next start does not meet a stale one.
    pub fn release(self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The socket of the instance list at `list`: one per list, so that two lists (two `--config`
/// profiles) each get their window.
pub fn socket_path(list: &Path) -> PathBuf {
    let absolute = std::fs::canonicalize(list)
        .or_else(|_| std::path::absolute(list))
        .unwrap_or_else(|_| list.to_owned());
    let name = format!("{}-{:016x}.sock", crate::APP_ID, fnv1a(absolute.as_os_str().as_encoded_bytes()));
    match std::env::var_os("XDG_RUNTIME_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => PathBuf::from(dir).join(crate::APP_ID).join(name),
        None => list.parent().unwrap_or(Path::new(".")).join(name),
    }
}

/// A hash that stays the same across builds and versions (std's does not promise to), so that
/// a newer version finds an older one's window.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Claims the list's socket, or hands `request` to the window that has it. Blocking (at start,
/// before the window): at most a few seconds when a window hangs.
pub fn start(socket: &Path, request: &Request) -> std::io::Result<Start> {
    for _ in 0..3 {
        match ask(socket, request) {
            Ok(()) => return Ok(Start::HandedOn),
            Err(e) => tracing::debug!("no window answers on the socket ({e}); claiming it"),
        }
        match claim(socket) {
            Ok(claim) => return Ok(Start::First(claim)),
            // Another start claimed it between our two steps: ask that one.
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("the instance list's socket is neither answered nor free"))
}

/// Binds the socket, replacing a stale one (no listener behind it).
pub fn claim(socket: &Path) -> std::io::Result<Claim> {
    if let Some(dir) = socket.parent() {
        crate::store::create_private_dir(dir)?;
    }
    let listener = match UnixListener::bind(socket) {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            if UnixStream::connect(socket).is_ok() {
                return Err(e); // alive: someone else has it
            }
            tracing::info!("removing a stale socket at {}", socket.display());
            std::fs::remove_file(socket)?;
            UnixListener::bind(socket)?
        }
        Err(e) => return Err(e),
    };
    restrict(socket);
    Ok(Claim { listener: Arc::new(listener), path: socket.to_owned() })
}

#[cfg(unix)]
fn restrict(socket: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(socket, std::fs::Permissions::from_mode(0o600));
}

/// Hands `request` to the window listening on `socket` and waits for its "ok".
pub fn ask(socket: &Path, request: &Request) -> std::io::Result<()> {
    let mut stream = UnixStream::connect(socket)?;
    stream.set_read_timeout(Some(ANSWER_WITHIN))?;
    stream.set_write_timeout(Some(ANSWER_WITHIN))?;
    let mut line = serde_json::to_string(request).map_err(std::io::Error::other)?;
    line.push('\n');
    stream.write_all(line.as_bytes())?;
    let mut answer = String::new();
    BufReader::new(stream.take(16)).read_line(&mut answer)?;
    match answer.trim() {
        "ok" => Ok(()),
        other => Err(std::io::Error::other(format!("unexpected answer {other:?}"))),
    }
}

/// Reads one request from a connection (bounded in size); `None` for anything else.
pub fn parse_request(line: &str) -> Option<Request> {
    serde_json::from_str(line.trim()).ok()
}

/// Serves the claim on the runtime: each request goes to `on_request` and is answered "ok".
pub async fn serve(claim: Claim, on_request: impl Fn(Request) + Send + 'static) {
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
    let listener = match claim.listener() {
        Ok(l) => l,
        Err(e) => {
            tracing::warn!("the single-window socket cannot be served: {e}");
            return;
        }
    };
    loop {
        let Ok((stream, _)) = listener.accept().await else { continue };
        let (read, mut write) = stream.into_split();
        let mut line = String::new();
        let mut reader = tokio::io::BufReader::new(read.take(MAX_REQUEST));
        let read = tokio::time::timeout(ANSWER_WITHIN, reader.read_line(&mut line)).await;
        let Some(request) = read.ok().and_then(Result::ok).and_then(|_| parse_request(&line)) else {
            tracing::debug!("an unreadable request on the single-window socket");
            continue;
        };
        on_request(request);
        let _ = tokio::time::timeout(ANSWER_WITHIN, write.write_all(b"ok\n")).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_list_one_socket_and_the_name_is_stable() {
        let a = socket_path(Path::new("/tmp/a/instances.json"));
        assert_eq!(a, socket_path(Path::new("/tmp/a/instances.json")));
        assert_ne!(a, socket_path(Path::new("/tmp/b/instances.json")));
        // FNV-1a's published value for "a": the name cannot drift between versions.
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn a_second_start_is_handed_on_and_a_stale_socket_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("s.sock");
        let Start::First(claim) = start(&socket, &Request::default()).unwrap() else { panic!("first") };
        // A second start connects; answer it by hand as the app's backend would.
        let server = std::thread::spawn({
            let listener = claim.listener.try_clone().unwrap();
            move || {
                let (stream, _) = listener.accept().unwrap();
                let mut line = String::new();
                BufReader::new(&stream).read_line(&mut line).unwrap();
                (&stream).write_all(b"ok\n").unwrap();
                parse_request(&line)
            }
        });
        let asked = Request { open: Some("Loja Norte".into()) };
        assert!(matches!(start(&socket, &asked).unwrap(), Start::HandedOn));
        assert_eq!(server.join().unwrap(), Some(asked));

        // The first one crashed: its socket file stays, nobody listens. The next start has it.
        drop(claim);
        assert!(socket.exists());
        assert!(matches!(start(&socket, &Request::default()).unwrap(), Start::First(_)));
    }

    #[test]
    fn garbage_is_not_a_request() {
        assert_eq!(parse_request("{}\n"), Some(Request::default()));
        assert_eq!(parse_request("{\"open\":\"Loja\"}"), Some(Request { open: Some("Loja".into()) }));
        assert_eq!(parse_request("GET / HTTP/1.1"), None);
    }
}
