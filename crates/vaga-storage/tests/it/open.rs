//! Opening stores: URLs, migrations applied once, typed errors without secrets.

use vaga_storage::{Backend, Store, StoreError};

use crate::support::{TestDb, each_backend};

#[tokio::test]
async fn open_twice_applies_migrations_once() {
    each_backend(
        "open_twice_applies_migrations_once",
        |db: TestDb| async move {
            let first = db.open().await;
            first.ping().await.unwrap();
            first.close().await;
            let second = db.open().await;
            second.ping().await.unwrap();
            assert_eq!(second.repo().count_users().await.unwrap(), 0);
            let expected = if db.url.starts_with("sqlite:") {
                Backend::Sqlite
            } else {
                Backend::Postgres
            };
            assert_eq!(second.backend(), expected);
            second.close().await;
            db
        },
    )
    .await;
}

#[tokio::test]
async fn unknown_scheme_is_invalid() {
    let err = Store::open("mysql://u:secret@localhost/db")
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    assert!(!err.to_string().contains("secret"));
}

#[tokio::test]
async fn a_failed_connection_does_not_reveal_the_password() {
    // Port 1 on loopback: nothing listens, the connection is refused quickly.
    let url = "postgres://vaga:pa%24%24word-xyz@127.0.0.1:1/vaga";
    let options = vaga_storage::StoreOptions {
        busy_timeout: std::time::Duration::from_millis(300),
        ..Default::default()
    };
    let err = Store::open_with(url, &options).await.unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(matches!(err, StoreError::Database(_)), "{text}");
    assert!(
        !text.contains("pa$$word-xyz") && !text.contains("pa%24%24word-xyz"),
        "{text}"
    );
}

#[tokio::test]
async fn wrong_password_on_postgres_is_a_clean_error() {
    let Ok(admin) = std::env::var("TEST_DATABASE_URL") else {
        return;
    };
    let mut url = url::Url::parse(&admin).unwrap();
    url.set_password(Some("not-the-password-123")).unwrap();
    let err = Store::open(url.as_str()).await.unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(matches!(err, StoreError::Database(_)), "{text}");
    assert!(!text.contains("not-the-password-123"), "{text}");
}

#[tokio::test]
async fn in_memory_sqlite_works() {
    let store = Store::open("sqlite::memory:").await.unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    assert_eq!(store.repo().count_users().await.unwrap(), 0);
    store.close().await;
}

#[tokio::test]
async fn sqlite_creates_the_data_directory() {
    let root = std::env::temp_dir().join(format!(
        "vaga-storage-test-{}",
        uuid::Uuid::now_v7().simple()
    ));
    let file = root.join("data").join("nested").join("vaga.db");
    let store = Store::open(&format!("sqlite:{}", file.display()))
        .await
        .unwrap();
    store.close().await;
    assert!(file.is_file());
    std::fs::remove_dir_all(root).unwrap();
}
