//! The command palette's logic: what it offers, and how typed text ranks it (fuzzy, any case,
//! accents aside: "sessao" finds "Sessão", "loja sao" finds "Loja São Paulo"). Pure: tested
//! without a window. The view (`views/palette.rs`) builds the entries and runs the choice.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::backend::{InstanceId, Operation};

/// What an entry does when chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// An operation of the current instance, as its button does it (asking first if it must).
    Operation(InstanceId, Operation),
    EditInstance(InstanceId),
    RemoveInstance(InstanceId),
    ExportReport(InstanceId),
    Diagnostics(InstanceId),
    /// Open this instance.
    Instance(InstanceId),
    Overview,
    Preferences,
    Shortcuts,
    AddInstance,
    ImportCsv,
    ImportList,
    ExportList,
    FleetReport,
}

/// What kind of thing an entry is, as the list says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Operation,
    View,
    Instance,
}

/// One line of the palette.
#[derive(Debug, Clone)]
pub struct Entry {
    pub target: Target,
    pub kind: Kind,
    pub title: String,
    /// A second, weaker text: the instance an operation acts on, why it cannot now, a phone
    /// number and tags.
    pub detail: String,
    /// False when the operation makes no sense now (shown, not run).
    pub enabled: bool,
    /// What typing is matched against: the title and the detail, and anything else that
    /// should find it (the digits of a number).
    pub haystack: String,
}

/// The open palette: its entries (taken when it opened), what is typed, and the ranked list.
#[derive(Debug, Clone)]
pub struct Palette {
    pub query: String,
    pub entries: Vec<Entry>,
    /// Indices into `entries`, best first, for `ranked_for`.
    pub shown: Vec<usize>,
    ranked_for: Option<String>,
    /// The highlighted line, an index into `shown`.
    pub highlight: usize,
}

/// Two palettes are the same dialog when they show the same text (dialogs compare by kind).
impl PartialEq for Palette {
    fn eq(&self, other: &Self) -> bool {
        self.query == other.query && self.highlight == other.highlight
    }
}

impl Palette {
    pub fn new(entries: Vec<Entry>) -> Self {
        let mut palette =
            Self { query: String::new(), entries, shown: Vec::new(), ranked_for: None, highlight: 0 };
        palette.rank();
        palette
    }

    /// Ranks again if the text changed since the last time (the highlight goes to the top).
    pub fn rank(&mut self) {
        if self.ranked_for.as_deref() == Some(self.query.as_str()) {
            return;
        }
        self.shown = rank(&self.query, self.entries.iter().map(|e| e.haystack.as_str()));
        self.ranked_for = Some(self.query.clone());
        self.highlight = 0;
    }

    /// Moves the highlight by `delta` lines, stopping at the ends.
    pub fn move_highlight(&mut self, delta: isize) {
        let last = self.shown.len().saturating_sub(1);
        self.highlight = self.highlight.saturating_add_signed(delta).min(last);
    }

    /// The highlighted entry.
    pub fn chosen(&self) -> Option<&Entry> {
        self.shown.get(self.highlight).map(|&i| &self.entries[i])
    }
}

/// The haystacks matching `query`, best first (ties in their given order); all of them, in
/// order, for an empty query. Words must all match, each anywhere.
pub fn rank<'a>(query: &str, haystacks: impl Iterator<Item = &'a str>) -> Vec<usize> {
    // Accents off the typed text too: the matcher folds the haystack's only for a plain pattern.
    let folded: String = query.chars().map(nucleo_matcher::chars::normalize).collect();
    if folded.trim().is_empty() {
        return haystacks.enumerate().map(|(i, _)| i).collect();
    }
    let pattern = Pattern::parse(&folded, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut scored: Vec<(usize, u32)> = haystacks
        .enumerate()
        .filter_map(|(i, h)| pattern.score(Utf32Str::new(h, &mut buf), &mut matcher).map(|s| (i, s)))
        .collect();
    scored.sort_by_key(|&(i, score)| (std::cmp::Reverse(score), i));
    scored.into_iter().map(|(i, _)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(query: &str, haystacks: &[&str]) -> Vec<String> {
        rank(query, haystacks.iter().copied()).into_iter().map(|i| haystacks[i].to_owned()).collect()
    }

    #[test]
    fn typing_finds_fuzzily_in_any_case_and_without_accents() {
        let items = ["Fechar sessão", "Salvar sessão", "Loja São Paulo", "Preferências…", "Gerar QR"];
        assert_eq!(names("sessao", &items)[..2], ["Fechar sessão", "Salvar sessão"]);
        assert_eq!(names("SESSÃO", &items)[..2], ["Fechar sessão", "Salvar sessão"], "accents typed too");
        assert_eq!(names("loja sao", &items), ["Loja São Paulo"], "every word must match");
        assert_eq!(names("prefs", &items), ["Preferências…"], "letters in order, not together");
        assert_eq!(names("grqr", &items), ["Gerar QR"]);
        assert!(names("zzz", &items).is_empty());
    }

    #[test]
    fn the_closest_match_comes_first_and_nothing_typed_keeps_the_order() {
        let items = ["Loja 10", "Loja 1", "Disconnect", "Connect"];
        assert_eq!(names("connect", &items)[0], "Connect", "a whole word beats a part of one");
        assert_eq!(names("", &items), items);
        assert_eq!(names("   ", &items), items);
    }

    #[test]
    fn the_highlight_stays_on_the_list_and_returns_to_the_top_on_typing() {
        let entry = |title: &str| Entry {
            target: Target::Overview,
            kind: Kind::View,
            title: title.into(),
            detail: String::new(),
            enabled: true,
            haystack: title.into(),
        };
        let mut p = Palette::new(vec![entry("Fleet overview"), entry("Preferences"), entry("Shortcuts")]);
        p.move_highlight(-1);
        assert_eq!(p.highlight, 0);
        p.move_highlight(5);
        assert_eq!(p.chosen().unwrap().title, "Shortcuts");
        p.query = "pref".into();
        p.rank();
        assert_eq!((p.highlight, p.chosen().unwrap().title.as_str()), (0, "Preferences"));
        p.query = "nothing like it".into();
        p.rank();
        assert!(p.chosen().is_none());
        p.move_highlight(1);
        assert_eq!(p.highlight, 0);
    }
}
