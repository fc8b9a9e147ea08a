//! All user-visible text, through one place: Fluent messages in `assets/locales/*.ftl`.
//! Views call `tr!("message-id")` or `tr!("message-id", name = value, ...)`.

use std::sync::{LazyLock, RwLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// The catalogues, built into the binary. English is the reference: every other catalogue
/// has the same messages with the same arguments (a test holds them to it).
pub const EN: &str = include_str!("../assets/locales/en.ftl");
pub const PT_BR: &str = include_str!("../assets/locales/pt-BR.ftl");

/// The languages the app speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub enum Language {
    #[default]
    #[serde(rename = "en")]
    English,
    #[serde(rename = "pt-BR")]
    PortugueseBrazil,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::English, Language::PortugueseBrazil];

    /// The BCP 47 tag: "en", "pt-BR".
    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::PortugueseBrazil => "pt-BR",
        }
    }

    /// The language's name in itself, as a language picker shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::PortugueseBrazil => "Português (Brasil)",
        }
    }

    /// The language's name alone, as "System (current: …)" says it.
    pub fn short_name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::PortugueseBrazil => "Português",
        }
    }

    fn catalogue(self) -> &'static str {
        match self {
            Language::English => EN,
            Language::PortugueseBrazil => PT_BR,
        }
    }

    /// The language for an OS locale such as "pt_BR.UTF-8", "pt-PT" or "en-US": any
    /// Portuguese gets Brazilian Portuguese (closer than English), anything else English.
    pub fn from_locale(locale: &str) -> Language {
        let lang = locale.split(['-', '_', '.', '@']).next().unwrap_or("");
        if lang.eq_ignore_ascii_case("pt") { Language::PortugueseBrazil } else { Language::English }
    }

    /// The language of the desktop session (LC_ALL, LC_MESSAGES, LANG on Linux).
    pub fn from_os() -> Language {
        sys_locale::get_locale().map(|l| Language::from_locale(&l)).unwrap_or_default()
    }
}

static LANGUAGE: RwLock<Language> = RwLock::new(Language::English);

static BUNDLE: LazyLock<RwLock<FluentBundle<FluentResource>>> =
    LazyLock::new(|| RwLock::new(bundle(Language::English.tag(), EN)));

/// Switches every text the app shows from now on (the process has one language).
pub fn set_language(language: Language) {
    let mut current = LANGUAGE.write().unwrap_or_else(|e| e.into_inner());
    if *current == language {
        return;
    }
    *BUNDLE.write().unwrap_or_else(|e| e.into_inner()) = bundle(language.tag(), language.catalogue());
    *current = language;
}

pub fn language() -> Language {
    *LANGUAGE.read().unwrap_or_else(|e| e.into_inner())
}

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
        // `tr!(` then the id, on the same line or the next ones (rustfmt breaks long calls).
        let call = regex::Regex::new(r#"\btr!\(\s*"([^"]*)""#).unwrap();
        let mut missing = vec![];
        let (mut used, mut multi_line) = (0, 0);
        for path in source_files(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))) {
            if path.ends_with("i18n.rs") {
                continue; // its own examples
            }
            let text = std::fs::read_to_string(&path).unwrap();
            assert_eq!(
                call.find_iter(&text).count(),
                text.matches("tr!(").count(),
                "{}: a tr! call whose first argument is not a literal id",
                path.display()
            );
            for found in call.captures_iter(&text) {
                used += 1;
                multi_line += usize::from(found[0].contains('\n'));
                if !catalogue.contains(&found[1]) {
                    missing.push(format!("{}: {}", path.display(), &found[1]));
                }
            }
        }
        assert!(
            used > 100 && multi_line > 0,
            "the scan found the tr! calls ({used}, {multi_line} broken over lines)"
        );
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

    /// Message ids and, for each, the sorted names of the arguments it uses.
    fn messages(source: &str) -> std::collections::BTreeMap<String, BTreeSet<String>> {
        let resource = fluent_bundle::FluentResource::try_new(source.to_owned())
            .unwrap_or_else(|(_, errors)| panic!("the catalogue does not parse: {errors:?}"));
        let mut out = std::collections::BTreeMap::new();
        for entry in resource.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                let text = m.value.as_ref().map(|p| format!("{p:?}")).unwrap_or_default();
                let args = text
                    .split("VariableReference { id: Identifier { name: \"")
                    .skip(1)
                    .filter_map(|rest| rest.split('"').next())
                    .map(str::to_owned)
                    .collect();
                out.insert(m.id.name.to_owned(), args);
            }
        }
        out
    }

    /// A message in one language and not the other fails here, and so does a translation
    /// that drops or invents an argument.
    #[test]
    fn every_language_has_every_message_with_the_same_arguments() {
        let en = messages(super::EN);
        assert!(en.len() > 200, "the English catalogue was read ({} messages)", en.len());
        for language in super::Language::ALL {
            let other = messages(language.catalogue());
            let missing: Vec<_> = en.keys().filter(|id| !other.contains_key(*id)).collect();
            let extra: Vec<_> = other.keys().filter(|id| !en.contains_key(*id)).collect();
            assert!(missing.is_empty(), "{}: missing {missing:?}", language.tag());
            assert!(extra.is_empty(), "{}: not in English {extra:?}", language.tag());
            for (id, args) in &en {
                assert_eq!(&other[id], args, "{}: the arguments of {id}", language.tag());
            }
        }
    }

    #[test]
    fn the_os_locale_picks_the_language() {
        use super::Language::*;
        assert_eq!(super::Language::from_locale("pt_BR.UTF-8"), PortugueseBrazil);
        assert_eq!(super::Language::from_locale("pt-BR"), PortugueseBrazil);
        assert_eq!(super::Language::from_locale("pt_PT@euro"), PortugueseBrazil);
        assert_eq!(super::Language::from_locale("en-US"), English);
        assert_eq!(super::Language::from_locale("C"), English);
        assert_eq!(super::Language::from_locale(""), English);
    }

    #[test]
    fn arguments_are_substituted_without_isolation_marks() {
        assert_eq!(crate::tr!("qr-expires-in", secs = 17), "Expires in 17 s");
        assert_eq!(crate::tr!("no-such-message"), "no-such-message");
    }
}
