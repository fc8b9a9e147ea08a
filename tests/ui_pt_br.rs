//! The app in Brazilian Portuguese, as a pt-BR desktop starts it: every button found by its
//! Portuguese label, a whole pairing, an error, then a switch to English in the preferences
//! that a restart on the same desktop keeps. (Its own test binary: the language is process-wide.)

mod common;

use std::time::Duration;

use common::{HANG, displayed_token, has_label, runtime, simulator, wait_for};
use egui_kittest::kittest::Queryable;
use witi_connect::api::ApiKey;
use witi_connect::app::{AppOptions, InstanceMeta};
use witi_connect::i18n::Language;
use witi_connect::prefs::{Prefs, PrefsStore, RunPrefs};
use witi_connect::simulator::{FaultKind, SimConfig, SimControl};

const KEY: &str = "pt-br-key-001";

#[test]
fn a_portuguese_desktop_pairs_a_phone_in_portuguese_and_can_switch_to_english() {
    let rt = runtime();
    let sim = simulator(
        &rt,
        SimConfig { starting_delay: Duration::from_millis(300), ..SimConfig::default() },
        [KEY],
    );
    let control = SimControl::new(&sim.base_url, KEY);
    let dir = tempfile::tempdir().unwrap();
    let store = PrefsStore::new(dir.path().join("preferences.json"));
    // What main() does on a first start with LANG=pt_BR.UTF-8: nothing saved, the desktop's
    // language followed.
    let desktop =
        |locale: &str| RunPrefs { system_language: Language::from_locale(locale), ..RunPrefs::default() };
    let options = |prefs: Prefs, run_prefs: RunPrefs| AppOptions {
        prefs,
        prefs_store: Some(store.clone()),
        run_prefs,
        backend: common::quiet_backend(), // F5's poll is the one that meets the fault
        ..AppOptions::with_instances(vec![InstanceMeta::new(
            "Loja Centro",
            sim.base_url.clone(),
            ApiKey::new(KEY),
        )])
    };
    let mut h = common::app(&rt, options(store.load(), desktop("pt_BR.UTF-8")));
    wait_for(&mut h, "o primeiro status", HANG, |h| h.state().selected().unwrap().code().is_some());
    for label in [
        "Instâncias (1)",
        "Adicionar instância",
        "Nenhum celular pareado",
        "Registro de eventos",
        "Atualizar",
    ] {
        assert!(has_label(&h, label), "{label:?} is on screen");
    }
    assert!(has_label(&h, "Não conectado"), "status names are translated");

    h.get_by_label("Conectar").click();
    wait_for(&mut h, "o QR", HANG, |h| h.state().displayed_qr().is_some());
    assert!(has_label(&h, "QR code, expira em"), "the QR's text alternative");
    assert!(has_label(&h, "Leia para parear") && has_label(&h, "Expira em"));
    let token = displayed_token(&h).unwrap();
    rt.block_on(control.scan(&token)).unwrap();
    wait_for(&mut h, "Pareado como", HANG, |h| has_label(h, "Pareado como"));

    // An error, in Portuguese.
    rt.block_on(control.fault(FaultKind::Http500, 1)).unwrap();
    h.key_press(egui::Key::F5);
    wait_for(&mut h, "o erro", HANG, |h| h.state().selected().unwrap().is_stale());
    assert!(has_label(&h, "O gateway respondeu HTTP 500"), "errors are translated");
    assert!(has_label(&h, "A última consulta de status falhou"));

    // Preferences: the desktop's language is named, and nothing was saved for it.
    assert_eq!(store.load().language, None, "a language nobody chose is not saved");
    h.get_by_label("Preferências…").click();
    h.run();
    assert!(has_label(&h, "Sistema (atual: Português)"));
    // English, at once, and kept for the next start, even on a Portuguese desktop.
    h.get_by_label("English").click();
    h.run();
    assert!(has_label(&h, "Refresh") && !has_label(&h, "Atualizar"), "switched at once");
    wait_for(&mut h, "saved", HANG, |_| store.load().language == Some(Language::English));
    drop(h);
    let mut h = common::app(&rt, options(store.load(), desktop("pt_BR.UTF-8")));
    wait_for(&mut h, "first status", HANG, |h| h.state().selected().unwrap().code().is_some());
    assert!(has_label(&h, "Paired"), "English after the restart");

    // Back to following the desktop: Portuguese at once, and nothing saved for the language.
    h.get_by_label("Preferences…").click();
    h.run();
    h.get_by_label("System (current: Português)").click();
    h.run();
    assert!(has_label(&h, "Atualizar"), "the desktop's language again");
    wait_for(&mut h, "saved", HANG, |_| store.load().language.is_none());
    drop(h);

    // --lang pt-BR for one run over a saved English: Portuguese, said in Preferences; choosing
    // English there (the saved language itself) ends the run's override.
    let saved_english = Prefs { language: Some(Language::English), ..Prefs::default() };
    let run = RunPrefs { language: Some(Language::PortugueseBrazil), ..desktop("en_US.UTF-8") };
    let mut h = common::app(&rt, options(saved_english, run));
    wait_for(&mut h, "o primeiro status", HANG, |h| h.state().selected().unwrap().code().is_some());
    assert!(has_label(&h, "Atualizar"), "--lang wins for the run");
    h.get_by_label("Preferências…").click();
    h.run();
    assert!(has_label(&h, "pt-BR nesta execução (--lang)"));
    h.get_by_label("English").click();
    h.run();
    assert!(has_label(&h, "Refresh"), "the choice replaced --lang");
}
