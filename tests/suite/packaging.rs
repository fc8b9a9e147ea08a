//! What the packages ship beside the binaries, generated from their sources and kept current:
//! the man pages from the clap definitions, the hicolor icons from `assets/icon.svg`, and the
//! desktop entry agreeing with the app. After changing an option or the icon, regenerate with
//! `WITI_UPDATE_ASSETS=1 cargo test --test suite packaging::` and commit what it wrote.

use std::path::{Path, PathBuf};

use clap::CommandFactory;
use resvg::{tiny_skia, usvg};

/// The icon sizes installed under `share/icons/hicolor/<side>x<side>/apps`.
const ICON_SIDES: [u32; 3] = [48, 128, 256];

fn assets() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets")
}

fn updating() -> bool {
    std::env::var_os("WITI_UPDATE_ASSETS").is_some()
}

fn man_page(command: clap::Command) -> Vec<u8> {
    let mut out = Vec::new();
    clap_mangen::Man::new(command).render(&mut out).unwrap();
    out
}

#[test]
fn the_man_pages_are_those_of_the_current_command_lines() {
    let pages = [
        ("witi-connect.1", man_page(witi_connect::cli::Args::command())),
        ("witi-sim.1", man_page(witi_connect::simulator::cli::Args::command())),
    ];
    for (name, page) in pages {
        let path = assets().join("man").join(name);
        let text = String::from_utf8(page.clone()).unwrap();
        for needle in [".TH", "SYNOPSIS", "OPTIONS", "\\-\\-version"] {
            assert!(text.contains(needle), "{name} has {needle:?}");
        }
        if updating() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &page).unwrap();
        }
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(
            committed == page,
            "{} is not the man page of the current options: run \
             `WITI_UPDATE_ASSETS=1 cargo test --test suite packaging::`",
            path.display()
        );
    }
    let connect = std::fs::read_to_string(assets().join("man/witi-connect.1")).unwrap();
    for option in ["\\-\\-demo", "\\-\\-lang", "\\-\\-instance", "WITI_API_KEY"] {
        assert!(connect.contains(option), "the man page documents {option}");
    }
}

fn render_icon(side: u32) -> tiny_skia::Pixmap {
    let svg = std::fs::read(assets().join("icon.svg")).unwrap();
    let tree = usvg::Tree::from_data(&svg, &usvg::Options::default()).unwrap();
    let mut pixmap = tiny_skia::Pixmap::new(side, side).unwrap();
    let scale = side as f32 / tree.size().width();
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap
}

fn icon_path(side: u32) -> PathBuf {
    assets().join(format!("icons/hicolor/{side}x{side}/apps/{}.png", witi_connect::APP_ID))
}

#[test]
fn the_icons_are_the_svg_rendered_at_each_size() {
    for side in ICON_SIDES {
        let rendered = render_icon(side);
        let path = icon_path(side);
        if updating() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            rendered.save_png(&path).unwrap();
        }
        let committed = tiny_skia::Pixmap::load_png(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (WITI_UPDATE_ASSETS=1 renders it)", path.display()));
        assert_eq!((committed.width(), committed.height()), (side, side), "{}", path.display());
        assert!(committed.data() == rendered.data(), "{} is not icon.svg rendered", path.display());
    }
}

#[test]
fn the_desktop_entry_names_the_app_id_and_its_icon() {
    let desktop =
        std::fs::read_to_string(assets().join(format!("{}.desktop", witi_connect::APP_ID))).unwrap();
    let field = |key: &str| {
        desktop.lines().find_map(|l| l.strip_prefix(&format!("{key}="))).unwrap_or_else(|| panic!("no {key}"))
    };
    assert_eq!(field("Type"), "Application");
    assert_eq!(field("StartupWMClass"), witi_connect::APP_ID);
    assert_eq!(field("Exec").split_whitespace().next(), Some(witi_connect::APP_ID));
    assert_eq!(field("Icon"), witi_connect::APP_ID);
    assert!(field("Categories").ends_with(';'), "a desktop list ends with ';'");
}

/// Every file the Debian package and the tarball take from the source tree is there.
#[test]
fn the_packages_list_only_files_that_exist() {
    let manifest = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let deb = &manifest[manifest.find("[package.metadata.deb]").expect("cargo-deb metadata")..];
    let sources: Vec<&str> = deb
        .lines()
        .filter_map(|l| l.trim().strip_prefix("[\""))
        .filter_map(|l| l.split('"').next())
        .filter(|s| !s.starts_with("target/"))
        .collect();
    assert!(sources.len() >= 8, "assets found: {sources:?}");
    for source in sources {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(source);
        assert!(path.exists(), "{source} is listed for the package and exists");
    }
    for side in ICON_SIDES {
        let dest = format!("usr/share/icons/hicolor/{side}x{side}/apps/");
        assert!(deb.contains(&dest), "the package installs the {side} px icon");
    }
}
