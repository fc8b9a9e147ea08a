//! Saving (atomic, fsynced) and loading a 200-instance instance list.

use criterion::{Criterion, criterion_group, criterion_main};
use witi_connect::api::ApiKey;
use witi_connect::store::{ConfigFile, Loaded, SavedInstance, Store};

fn store(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("instances.json"));
    let config = ConfigFile {
        instances: (0..200)
            .map(|i| SavedInstance {
                id: format!("{i:016x}"),
                name: format!("Loja {i:03}"),
                base_url: "https://api.witi.me/".into(),
                key: ApiKey::new(format!("key-{i:03}-0123456789abcdef")),
                tags: vec!["varejo".into(), "sp".into()],
                notes: "Falar com a gerente antes de desconectar.".into(),
                parked: false,
                keyring: false,
            })
            .collect(),
        ..ConfigFile::default()
    };
    c.bench_function("store/save_200", |b| b.iter(|| store.save(&config).unwrap()));
    store.save(&config).unwrap();
    c.bench_function("store/load_200", |b| {
        b.iter(|| match store.load().unwrap() {
            Loaded::Config(c) => assert_eq!(c.instances.len(), 200),
            other => panic!("{other:?}"),
        });
    });
}

criterion_group!(benches, store);
criterion_main!(benches);
