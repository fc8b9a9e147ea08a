//! All user-visible text, through one place: Fluent messages in `assets/locales/*.ftl`.
//! Views call `tr!("message-id")` or `tr!("message-id", name = value, ...)`.

use std::sync::{LazyLock, RwLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// The English catalogue, built into the binary.
pub const EN: &str = include_str!("../assets/locales/en.ftl");

static BUNDLE: LazyLock<RwLock<FluentBundle<FluentResource>>> =
    LazyLock::new(|| RwLock::new(bundle("en", EN)));

fn bundle(lang: &str, source: &str) -> FluentBundle<FluentResource> {
    let lang: LanguageIdentifier = lang.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    // egui draws the Unicode isolation marks Fluent puts around arguments as boxes.
    bundle.set_use_isolating(false);
    let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(res, errors)| {
        tracing::error!("{} errors in the {} catalogue", errors.len(), bundle.locales[0]);
        res
    });
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::error!("{} duplicate messages in the catalogue", errors.len());
    }
    bundle
}

/// The message `id` with `args`; the id itself when the catalogue lacks it (a test keeps
/// every id used in the code present in the catalogue).
pub fn translate(id: &str, args: Option<&FluentArgs<'_>>) -> String {
    let bundle = BUNDLE.read().unwrap_or_else(|e| e.into_inner());
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return id.to_owned();
    };
    let mut errors = vec![];
    bundle.format_pattern(pattern, args, &mut errors).into_owned()
}

/// Builds Fluent arguments; numbers stay numbers so that plural rules apply.
pub fn args<'a>(pairs: impl IntoIterator<Item = (&'a str, FluentValue<'a>)>) -> FluentArgs<'a> {
    let mut args = FluentArgs::new();
    for (k, v) in pairs {
        args.set(k, v);
    }
    args
}

/// `tr!("id")` or `tr!("id", secs = 17, name = "x")`.
#[macro_export]
macro_rules! tr {
    ($id:literal) => {
        $crate::i18n::translate($id, None)
    };
    ($id:literal, $($key:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::translate(
            $id,
            Some(&$crate::i18n::args([$((stringify!($key), ::fluent_bundle::FluentValue::from($value))),+])),
        )
    };
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// Every `tr!("id"...)` in the sources names a message of the English catalogue.
    #[test]
    fn every_message_used_in_the_code_exists() {
        let catalogue: BTreeSet<String> = super::EN
            .lines()
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id.trim().to_owned()))
            .filter(|id| !id.is_empty() && !id.starts_with('#') && !id.starts_with('.'))
            .collect();
        let mut missing = vec![];
        let mut used = 0;
        for path in source_files(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))) {
            if path.ends_with("i18n.rs") {
                continue; // its own examples
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for part in text.split("tr!(\"").skip(1) {
                let id = part.split('"').next().unwrap();
                used += 1;
                if !catalogue.contains(id) {
                    missing.push(format!("{}: {id}", path.display()));
                }
            }
        }
        assert!(used > 0, "the scan found the tr! calls");
        assert!(missing.is_empty(), "messages missing from en.ftl:\n{}", missing.join("\n"));
    }

    fn source_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = vec![];
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.extend(source_files(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
        out
    }

    #[test]
    fn arguments_are_substituted_without_isolation_marks() {
        assert_eq!(crate::tr!("qr-expires-in", secs = 17), "Expires in 17 s");
        assert_eq!(crate::tr!("no-such-message"), "no-such-message");
    }
}
