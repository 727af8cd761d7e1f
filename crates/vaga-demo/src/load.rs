//! Loading the demo into a store, idempotently.

use std::fmt;

use anyhow::Context;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use uuid::Uuid;
use vaga_auth::{OsRng, Password, PasswordHasher, PasswordPolicy};
use vaga_storage::{NewUser, Role, SourceInput, Store, StoreError, Upsert};

use crate::generate::{SOURCES, generate};
use crate::normalize::{Tools, new_posting};
use crate::resume::{DEMO_EMAIL, DEMO_NAME, resume};

/// The demo user's password. Public on purpose: the demo is for trying Vaga on one's own
/// machine, and `docs/demo.md` gives it. It passes `vaga_auth::PasswordPolicy` for the demo
/// user's e-mail and name. Never run `--demo` on a server others can reach.
pub const DEMO_PASSWORD: &str = "jabuticaba-no-quintal-2026";

/// The seed of the demo postings.
pub const DEMO_SEED: u64 = 0x7661_6761_6465_6d6f;

/// What [`load`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    /// The demo user.
    pub user_id: Uuid,
    /// Whether the user was created by this run.
    pub user_created: bool,
    /// Whether the profile was written by this run (new or different).
    pub profile_written: bool,
    /// Demo sources created by this run.
    pub sources_created: usize,
    /// The instant the postings' dates are relative to: the demo user's creation, so that a
    /// later run generates the same postings.
    pub anchor: DateTime<Utc>,
    /// Postings generated.
    pub postings: usize,
    /// Postings inserted.
    pub inserted: usize,
    /// Postings whose stored content changed.
    pub updated: usize,
    /// Postings already stored as they are.
    pub unchanged: usize,
}

impl DemoSummary {
    /// Whether this run changed anything beyond postings' `last_seen`.
    pub fn changed(&self) -> bool {
        self.user_created
            || self.profile_written
            || self.sources_created > 0
            || self.inserted > 0
            || self.updated > 0
    }
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.changed() {
            return write!(
                f,
                "demo already loaded: user {DEMO_EMAIL}, {} postings unchanged",
                self.unchanged
            );
        }
        write!(
            f,
            "demo loaded: user {DEMO_EMAIL} {}, profile {}, {} sources created, {} postings ({} new, {} updated, {} unchanged)",
            if self.user_created { "created" } else { "kept" },
            if self.profile_written {
                "written"
            } else {
                "kept"
            },
            self.sources_created,
            self.postings,
            self.inserted,
            self.updated,
            self.unchanged
        )
    }
}

/// Loads the demo: the user [`DEMO_EMAIL`] (role user) with [`DEMO_PASSWORD`], its profile
/// ([`resume`]), the demo sources (kind `demo`, disabled) and the generated postings, normalised,
/// through `Repo::upsert_posting`. Idempotent: a second run finds everything in place, changes
/// nothing but the postings' `last_seen`, and says so ([`DemoSummary::changed`]).
///
/// The postings are generated for the day the demo user was created (`now` on the first run),
/// so restarting the server on another day does not rewrite them.
pub async fn load(store: &Store, now: DateTime<Utc>) -> anyhow::Result<DemoSummary> {
    let repo = store.repo();

    // The user.
    let (user, user_created) = match repo.user_by_email(DEMO_EMAIL).await? {
        Some(user) => (user, false),
        None => {
            let hash = tokio::task::spawn_blocking(|| {
                let password = Password::from(DEMO_PASSWORD);
                PasswordPolicy::default()
                    .check(&password, DEMO_EMAIL, DEMO_NAME)
                    .map_err(|v| anyhow::anyhow!("the demo password breaks the policy: {v}"))?;
                PasswordHasher::default()
                    .hash(&password, &mut OsRng)
                    .context("cannot hash the demo password")
            })
            .await
            .context("the hashing task failed")??;
            let new = NewUser {
                email: DEMO_EMAIL.to_string(),
                password_hash: hash,
                name: DEMO_NAME.to_string(),
                role: Role::User,
            };
            match repo.create_user(&new, now).await {
                Ok(user) => (user, true),
                // Another process created it meanwhile.
                Err(StoreError::Conflict(_)) => (
                    repo.user_by_email(DEMO_EMAIL)
                        .await?
                        .context("the demo user vanished")?,
                    false,
                ),
                Err(e) => return Err(e).context("cannot create the demo user"),
            }
        }
    };
    let anchor = user.created_at;

    // The profile.
    let resume = resume();
    let preferences = resume
        .pointer("/meta/vaga/preferences")
        .cloned()
        .unwrap_or_else(|| json!({}));
    let profile_written = match repo.profile(user.id).await {
        Ok(p) if p.resume == resume && p.preferences == preferences => false,
        Ok(_) | Err(StoreError::NotFound) => {
            repo.put_profile(user.id, &resume, &preferences, now)
                .await
                .context("cannot store the demo profile")?;
            true
        }
        Err(e) => return Err(e).context("cannot read the demo profile"),
    };

    // The sources, as rows, so that the sources list is not empty.
    let existing: Vec<String> = repo
        .list_all_sources()
        .await?
        .into_iter()
        .map(|s| s.name)
        .collect();
    let mut sources_created = 0;
    for name in SOURCES {
        if existing.iter().any(|e| e == name) {
            continue;
        }
        let input = SourceInput {
            name: (*name).to_string(),
            kind: "demo".to_string(),
            config: json!({
                "demo": true,
                "note": "Generated demo postings (vaga-demo); nothing to sync.",
            }),
            enabled: false,
        };
        match repo.create_source(None, &input, now).await {
            Ok(_) => sources_created += 1,
            Err(StoreError::Conflict(_)) => {}
            Err(e) => return Err(e).with_context(|| format!("cannot create source {name}")),
        }
    }

    // The postings: generated and normalised off the async threads.
    let rows = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        let postings = generate(DEMO_SEED, anchor);
        let tools = Tools::builtin()?;
        let records: Vec<Value> = tools.records(&postings);
        Ok(postings
            .iter()
            .zip(records)
            .map(|(p, r)| new_posting(p, r, now))
            .collect::<Vec<_>>())
    })
    .await
    .context("the demo generation task failed")??;
    let mut summary = DemoSummary {
        user_id: user.id,
        user_created,
        profile_written,
        sources_created,
        anchor,
        postings: rows.len(),
        inserted: 0,
        updated: 0,
        unchanged: 0,
    };
    for row in &rows {
        let (_, what) = repo
            .upsert_posting(row)
            .await
            .with_context(|| format!("cannot store posting {}:{}", row.source, row.external_id))?;
        match what {
            Upsert::Inserted => summary.inserted += 1,
            Upsert::Updated => summary.updated += 1,
            Upsert::Unchanged => summary.unchanged += 1,
        }
    }
    Ok(summary)
}
