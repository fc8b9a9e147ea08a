//! The app's file work on the runtime: ordered saves of the instance list and preferences, and
//! native file dialogs (which block the thread that opens them, so never the UI's).

use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

use super::event::AppEvent;
use super::{EventSink, FileFilter};

/// One writer per file, fed in order, that skips to the newest job when several wait: an
/// older state can never land after a newer one, and a burst of changes writes once.
pub(super) fn spawn_saver<J: Send + 'static, R: Send + 'static>(
    sink: EventSink,
    save: fn(J) -> Result<R, crate::store::StoreError>,
    done: fn(Result<R, String>) -> AppEvent,
) -> UnboundedSender<J> {
    let (tx, mut rx) = unbounded_channel::<J>();
    tokio::spawn(async move {
        while let Some(mut job) = rx.recv().await {
            while let Ok(newer) = rx.try_recv() {
                job = newer;
            }
            let result = tokio::task::spawn_blocking(move || save(job))
                .await
                .map_err(|e| e.to_string())
                .and_then(|r| r.map_err(|e| e.to_string()));
            if let Err(e) = &result {
                tracing::error!("saving failed: {e}");
            }
            sink.send(done(result));
        }
    });
    tx
}

/// The save dialog (XDG portal, or zenity) runs here on the runtime; the writing on the
/// blocking pool.
pub(super) async fn save_file(
    save_dir: Option<std::path::PathBuf>,
    file_name: String,
    filter: FileFilter,
    contents: Vec<u8>,
) -> Result<Option<std::path::PathBuf>, String> {
    let path = match save_dir {
        Some(dir) => dir.join(&file_name),
        None => {
            let extensions: Vec<&str> = filter.extensions.iter().map(String::as_str).collect();
            let dialog =
                rfd::AsyncFileDialog::new().set_file_name(&file_name).add_filter(&filter.name, &extensions);
            let Some(handle) = dialog.save_file().await else {
                return Ok(None);
            };
            handle.path().to_owned()
        }
    };
    let target = path.clone();
    tokio::task::spawn_blocking(move || std::fs::write(&target, contents))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Some(path))
}

pub(super) async fn open_file(filter: FileFilter, max_bytes: u64) -> Result<Option<Vec<u8>>, String> {
    let extensions: Vec<&str> = filter.extensions.iter().map(String::as_str).collect();
    let Some(handle) = rfd::AsyncFileDialog::new().add_filter(&filter.name, &extensions).pick_file().await
    else {
        return Ok(None);
    };
    let path = handle.path().to_owned();
    tokio::task::spawn_blocking(move || {
        use std::io::Read;
        let file = std::fs::File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut bytes = Vec::new();
        // Read one byte past the cap to tell a file that is too large.
        file.take(max_bytes + 1).read_to_end(&mut bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Some(bytes))
    })
    .await
    .map_err(|e| e.to_string())?
}
