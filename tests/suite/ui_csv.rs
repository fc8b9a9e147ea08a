//! A fleet from a spreadsheet in the real app: the preview judges every row (with the reason
//! in words), masks keys, adds nothing until confirmed, then adds only the valid rows; a file
//! that cannot be used is refused whole; a 10 MB file is read off the UI thread.

use crate::common;

use common::{AppHarness, HANG, wait_for};
use egui_kittest::kittest::Queryable;
use witi_connect::api::ApiKey;
use witi_connect::app::{AppOptions, InstanceMeta};

fn app() -> (tokio::runtime::Runtime, AppHarness) {
    let runtime = common::runtime();
    // An unreachable gateway is fine: these tests never wait for a status.
    let listed = InstanceMeta::new("Listed", "http://127.0.0.1:9/", ApiKey::new("key-listed-01"));
    let options = AppOptions { backend: common::quiet_backend(), ..AppOptions::with_instances(vec![listed]) };
    let h = common::app(&runtime, options);
    (runtime, h)
}

fn has_text(h: &AppHarness, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

#[test]
fn a_csv_preview_judges_every_row_masks_keys_and_adds_only_the_valid_ones_when_confirmed() {
    let (_runtime, mut h) = app();
    let mut csv = "\u{feff}name;base_url;key;tags\n".as_bytes().to_vec();
    csv.extend_from_slice("Padaria Pão Quente;https://api.witi.me/;key-padaria-0001;varejo, sp\n".as_bytes());
    csv.extend_from_slice(b"Sem chave;https://api.witi.me/;;\n");
    csv.extend_from_slice(b"Colunas;https://api.witi.me/;key-colunas-01\n");
    csv.extend_from_slice(b"Repetida;https://api.witi.me/;key-listed-01;x\n");
    csv.extend_from_slice(b"Latin \xe9;https://api.witi.me/;key-latin-0001;x\n");
    csv.extend_from_slice(b"Mercado;http://10.0.0.5:8080/;key-mercado-001;\n");
    h.state_mut().import_csv(csv);
    wait_for(&mut h, "the preview", HANG, |h| has_text(h, "Import 6 rows from CSV?"));
    h.run_steps(2);
    assert!(has_text(&h, "2 valid, 4 with a problem"), "the summary");
    for reason in
        ["No API key.", "3 columns, the header has 4.", "already in the list, as \"Listed\"", "Not UTF-8"]
    {
        assert!(has_text(&h, reason), "{reason}");
    }
    assert!(has_text(&h, "••••••••0001"), "keys masked");
    assert!(!has_text(&h, "key-padaria-0001"), "never in clear");
    assert_eq!(h.state().instances().len(), 1, "nothing added before confirming");
    h.get_by_label("Add 2 instances").click();
    wait_for(&mut h, "the rows added", HANG, |h| h.state().instances().len() == 3);
    let names: Vec<String> = h.state().instances().iter().map(|i| i.meta.name.clone()).collect();
    assert_eq!(names, ["Listed", "Padaria Pão Quente", "Mercado"]);
    let padaria = &h.state().instances()[1].meta;
    assert_eq!(padaria.tags, ["varejo", "sp"]);
    assert!(padaria.persist, "saved with the list");
    h.run_steps(2);
    assert!(has_text(&h, "2 instances added from the CSV file (4 rows left out)"));
}

#[test]
fn a_file_without_the_required_columns_is_refused_with_what_it_has() {
    let (_runtime, mut h) = app();
    h.state_mut().import_csv(b"nome,chave\nLoja,abc\n".to_vec());
    wait_for(&mut h, "the refusal", HANG, |h| has_text(h, "The CSV file was not imported"));
    assert!(has_text(&h, "name, base_url, key") && has_text(&h, "nome, chave"));
    assert_eq!(h.state().instances().len(), 1);
}

#[test]
fn ten_megabytes_are_read_off_the_ui_thread_and_cancelled_change_nothing() {
    let (_runtime, mut h) = app();
    let mut text = String::from("name,base_url,key,tags,notes\n");
    let mut n = 0;
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(&format!("Loja {n:06},https://api.witi.me/,key-{n:010},region-{},Notes\n", n % 7));
        n += 1;
    }
    h.state_mut().import_csv(text.into_bytes());
    // The backend reads it; the app's frames go on meanwhile (import_csv only sends it).
    let title = format!("Import {} rows from CSV?", witi_connect::format::count(n as u64));
    wait_for(&mut h, "the preview", HANG, |h| has_text(h, &title));
    assert!(has_text(&h, &format!("{} valid, 0 with a problem", witi_connect::format::count(n as u64))));
    h.get_by_label("Cancel").click();
    h.run_steps(3);
    assert!(!has_text(&h, &title), "closed");
    assert_eq!(h.state().instances().len(), 1, "nothing added");
}
