//! `vaga serve` (the HTTP API with its worker) and `vaga admin create`.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, bail};
use vaga_auth::{OsRng, Password, PasswordHasher, PasswordPolicy, SecretKey};
use vaga_server::{AppState, ServerConfig};
use vaga_storage::{NewUser, Role, Store, StoreError};

use crate::config::Loaded;

/// `vaga serve`
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Listen address (default: `[server] bind`, 127.0.0.1:8080).
    #[arg(long)]
    pub bind: Option<String>,
    /// Load the bundled demo (about 2,000 generated postings and a demo user) first. For a
    /// look on your own machine: the demo password is public.
    #[arg(long)]
    pub demo: bool,
}

/// `vaga worker`
#[derive(Debug, clap::Args)]
pub struct WorkerArgs {}

/// `vaga admin …`
#[derive(Debug, clap::Subcommand)]
pub enum AdminCommand {
    /// Creates an administrator account (or makes an existing account admin). The password is
    /// read from VAGA_ADMIN_PASSWORD, else from the first line of standard input.
    Create {
        /// The account's email.
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
}

/// The database URL: `DATABASE_URL`, else `[server] database_url`, else SQLite in the data
/// directory.
pub fn database_url(loaded: &Loaded) -> String {
    if let Ok(url) = std::env::var("DATABASE_URL")
        && !url.trim().is_empty()
    {
        return url.trim().to_owned();
    }
    let configured = loaded.config.server.database_url.trim();
    if !configured.is_empty() {
        return configured.to_owned();
    }
    format!(
        "sqlite:{}",
        loaded.config.paths.data_dir.join("vaga.db").display()
    )
}

/// Opens the store, with a message that names the database kind but never its password.
pub async fn open_store(loaded: &Loaded) -> anyhow::Result<Store> {
    let url = database_url(loaded);
    let kind = if url.starts_with("sqlite:") {
        "SQLite"
    } else {
        "PostgreSQL"
    };
    Store::open(&url)
        .await
        .with_context(|| format!("cannot open the {kind} database"))
}

/// The signing secret: `[server] secret`, else `VAGA_SECRET`, else `secret.key` in the data
/// directory, made on first use (random, owner-only).
pub fn secret(loaded: &Loaded) -> anyhow::Result<SecretKey> {
    let configured = loaded.config.server.secret.trim().to_owned();
    let from_env = std::env::var("VAGA_SECRET").unwrap_or_default();
    for (text, origin) in [(configured, "[server] secret"), (from_env, "VAGA_SECRET")] {
        if !text.trim().is_empty() {
            return SecretKey::new(text.trim().as_bytes().to_vec())
                .map_err(|e| anyhow::anyhow!("{origin}: {e}"));
        }
    }
    let path = loaded.config.paths.data_dir.join("secret.key");
    secret_file(&path)
}

fn secret_file(path: &Path) -> anyhow::Result<SecretKey> {
    match std::fs::read_to_string(path) {
        Ok(text) => SecretKey::new(text.trim().as_bytes().to_vec())
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            use base64::Engine as _;
            let key = SecretKey::generate(&mut OsRng);
            let text = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(key.expose());
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let mut file = options
                .open(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            file.write_all(text.as_bytes())?;
            tracing::info!(path = %path.display(), "created a new signing secret");
            SecretKey::new(text.into_bytes()).map_err(|e| anyhow::anyhow!("{e}"))
        }
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// The server's settings from the configuration.
pub fn server_config(loaded: &Loaded) -> anyhow::Result<ServerConfig> {
    let s = &loaded.config.server;
    let mut c = ServerConfig::new(secret(loaded)?);
    c.secure_cookies = s.secure_cookies;
    c.cors_origins = s.cors_origins.clone();
    c.body_limit = usize::try_from(s.body_limit_bytes).unwrap_or(usize::MAX);
    c.upload_limit = usize::try_from(s.upload_limit_bytes).unwrap_or(usize::MAX);
    if !(s.request_timeout_seconds.is_finite() && s.request_timeout_seconds > 0.0) {
        bail!("[server] request_timeout_seconds must be a positive number");
    }
    c.request_timeout = Duration::from_secs_f64(s.request_timeout_seconds);
    c.trust_forwarded_for = s.trust_forwarded_for;
    Ok(c)
}

/// Resolves when the process is asked to stop (Ctrl-C, or SIGTERM on Unix).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}

/// A multi-threaded runtime for the service.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// The worker for this configuration.
fn worker(store: &Store, loaded: &Loaded) -> anyhow::Result<vaga_worker::Worker> {
    let mut config = loaded.config.worker.clone();
    if config.home_country.trim().is_empty() {
        config
            .home_country
            .clone_from(&loaded.config.location.home_country);
    }
    Ok(vaga_worker::Worker::new(store, config)
        .context("cannot start the worker")?
        .with_document_reader(super::resume::document_reader(loaded)?))
}

/// A shutdown signal several tasks can wait on.
fn shutdown_channel() -> tokio::sync::watch::Receiver<bool> {
    let (tx, rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        let _ = tx.send(true);
    });
    rx
}

async fn stopped(mut rx: tokio::sync::watch::Receiver<bool>) {
    let _ = rx.wait_for(|stop| *stop).await;
}

/// Queues what a newcomer should see at once: the demo user's matches and skill analysis, and
/// the market trends.
async fn queue_demo_tasks(store: &Store, user: uuid::Uuid) -> anyhow::Result<()> {
    let queue = store.queue();
    let now = chrono::Utc::now();
    for task in [
        vaga_worker::tasks::recompute_matches(Some(user)),
        vaga_worker::tasks::analyse_skills(user),
        vaga_worker::tasks::market_trends(),
    ] {
        queue.enqueue(&task, now).await?;
    }
    Ok(())
}

/// `vaga serve`
pub fn run_serve(args: &ServeArgs, loaded: &Loaded) -> anyhow::Result<()> {
    let bind = args
        .bind
        .clone()
        .unwrap_or_else(|| loaded.config.server.bind.clone());
    let mut config = server_config(loaded)?;
    let demo = args.demo;
    runtime()?.block_on(async move {
        let store = open_store(loaded).await?;
        if demo {
            let summary = vaga_demo::load(&store, chrono::Utc::now())
                .await
                .context("cannot load the demo")?;
            eprintln!("vaga: {summary}");
            queue_demo_tasks(&store, summary.user_id).await?;
            config.demo_login = Some((
                vaga_demo::DEMO_EMAIL.to_owned(),
                vaga_demo::DEMO_PASSWORD.to_owned(),
            ));
        }
        let listener = tokio::net::TcpListener::bind(&bind)
            .await
            .with_context(|| format!("cannot listen on {bind}"))?;
        let addr = listener.local_addr()?;
        let state = AppState::new(store.clone(), config);
        let stop = shutdown_channel();
        let worker = worker(&store, loaded)?;
        let worker = tokio::spawn(worker.run(stopped(stop.clone())));
        tracing::info!(%addr, database = ?store.backend(), "serving");
        eprintln!("vaga: serving on http://{addr} (API docs at http://{addr}/docs/)");
        let served = vaga_server::serve(listener, state, stopped(stop)).await;
        let worked = worker.await;
        store.close().await;
        served.context("the server stopped")?;
        worked.context("the worker panicked")??;
        Ok(())
    })
}

/// `vaga worker`
pub fn run_worker(_args: &WorkerArgs, loaded: &Loaded) -> anyhow::Result<()> {
    runtime()?.block_on(async move {
        let store = open_store(loaded).await?;
        let worker = worker(&store, loaded)?;
        eprintln!(
            "vaga: worker {} on {:?}; Ctrl-C stops it",
            worker.id(),
            store.backend()
        );
        let result = worker.run(shutdown_signal()).await;
        store.close().await;
        result
    })
}

/// `vaga admin …`
pub fn run_admin(command: AdminCommand, loaded: &Loaded) -> anyhow::Result<()> {
    match command {
        AdminCommand::Create { email, name } => {
            let password = match std::env::var("VAGA_ADMIN_PASSWORD") {
                Ok(p) if !p.is_empty() => p,
                _ => {
                    let stdin = std::io::stdin();
                    if stdin.is_terminal() {
                        eprint!("password for {email}: ");
                    }
                    let mut line = String::new();
                    stdin.lock().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let email = vaga_storage::normalise_email(&email);
            let password = Password::from(password);
            PasswordPolicy::default()
                .check(&password, &email, &name)
                .map_err(|v| anyhow::anyhow!("password refused: {}", v.message()))?;
            let hash = PasswordHasher::default()
                .hash(&password, &mut OsRng)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            runtime()?.block_on(async move {
                let store = open_store(loaded).await?;
                let repo = store.repo();
                let now = chrono::Utc::now();
                let outcome = match repo.user_by_email(&email).await? {
                    Some(user) => {
                        repo.set_user_role(user.id, Role::Admin, now).await?;
                        repo.set_password_hash(user.id, &hash, now).await?;
                        "updated: now admin, password changed"
                    }
                    None => match repo
                        .create_user(
                            &NewUser {
                                email: email.clone(),
                                password_hash: hash,
                                name,
                                role: Role::Admin,
                            },
                            now,
                        )
                        .await
                    {
                        Ok(_) => "created",
                        Err(StoreError::Conflict(_)) => bail!("{email} was created meanwhile"),
                        Err(e) => return Err(e.into()),
                    },
                };
                store.close().await;
                println!("{email}: {outcome}");
                Ok(())
            })
        }
    }
}
