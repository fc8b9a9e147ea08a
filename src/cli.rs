//! The command line of `witi-connect`: parsed by main, and the source of its man page
//! (kept current by tests/suite/packaging.rs).

use std::path::PathBuf;

use clap::Parser;

use crate::i18n::Language;
use crate::prefs::ThemeChoice;

/// Pair phones by QR, watch instance health and run session operations on the Witi gateway.
#[derive(Parser, Debug)]
#[command(version, about)]
pub struct Args {
    /// Start the built-in gateway simulator on loopback and open a demo instance. Without
    /// --config, the saved instance list is neither read nor written.
    #[arg(long)]
    pub demo: bool,
    /// The instance list to use instead of the one in the platform's config directory.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// The instance to open at start, by name.
    #[arg(long, value_name = "NAME")]
    pub instance: Option<String>,
    /// Open an instance at this gateway address for this session (with --key).
    #[arg(long, value_name = "URL", requires = "key")]
    pub base_url: Option<String>,
    /// The API key for --base-url (better: the WITI_API_KEY environment variable, which stays
    /// out of the shell history and the process list).
    #[arg(long, env = "WITI_API_KEY", hide_env_values = true)]
    pub key: Option<String>,
    /// A name for the --base-url instance.
    #[arg(long, default_value = "Instance")]
    pub name: String,
    /// How long the demo simulator's QR codes stay valid, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 20, requires = "demo",
          value_parser = clap::value_parser!(u64).range(1..=600))]
    pub demo_ttl: u64,
    /// Colours for this run: follow the system, or force dark or light (the saved preference
    /// otherwise).
    #[arg(long, value_enum)]
    pub theme: Option<Theme>,
    /// The language for this run (the saved choice, or the desktop's, otherwise).
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,
    /// Record instance health into this SQLite file instead of the one in the platform's data
    /// directory (with --demo, instead of a temporary one).
    #[arg(long, value_name = "PATH", conflicts_with = "no_history")]
    pub history: Option<PathBuf>,
    /// Record no history in this run.
    #[arg(long)]
    pub no_history: bool,
    /// Keep API keys in the instance file (owner-only) even when a system keyring (Secret
    /// Service) answers; keys already in the keyring are still read from it.
    #[arg(long)]
    pub no_keyring: bool,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Theme {
    System,
    Dark,
    Light,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Lang {
    En,
    #[value(name = "pt-BR", alias = "pt-br", alias = "pt")]
    PtBr,
}

impl From<Lang> for Language {
    fn from(l: Lang) -> Self {
        match l {
            Lang::En => Language::English,
            Lang::PtBr => Language::PortugueseBrazil,
        }
    }
}

impl From<Theme> for ThemeChoice {
    fn from(t: Theme) -> Self {
        match t {
            Theme::System => ThemeChoice::System,
            Theme::Dark => ThemeChoice::Dark,
            Theme::Light => ThemeChoice::Light,
        }
    }
}
