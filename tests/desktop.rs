//! The desktop integration files agree with the app.

#[test]
fn the_desktop_file_names_the_app_id_and_the_icon_exists() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let desktop = std::fs::read_to_string(dir.join(format!("{}.desktop", witi_connect::APP_ID))).unwrap();
    let field = |key: &str| {
        desktop.lines().find_map(|l| l.strip_prefix(&format!("{key}="))).unwrap_or_else(|| panic!("no {key}"))
    };
    assert_eq!(field("StartupWMClass"), witi_connect::APP_ID);
    assert_eq!(field("Exec"), witi_connect::APP_ID);
    assert_eq!(field("Icon"), witi_connect::APP_ID);
    let png = std::fs::read(dir.join("icon-256.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "the window icon is a PNG");
}
