//! The built-in handlers. Each is idempotent: running a task twice leaves the same state
//! (matches and postings are replaced or upserted; analyses and reports are appended as
//! history, so a second run adds a second, equal entry).

use std::sync::Arc;

use serde_json::{Value, json};
use uuid::Uuid;
use vaga_domain::matching::{
    GapOptions, Lang, MatchOptions, Profile, ProfileInput, Target, Weights, gaps,
};
use vaga_domain::posting::normalize::Normalizer;
use vaga_domain::skills::Scratch;
use vaga_domain::skills::learning::{PathOptions, learning_path};
use vaga_domain::trends::{TrendOptions, TrendPosting, trends};
use vaga_sources::sync::{Job, Outcome, PostingSink, Quiet, SyncOptions};
use vaga_sources::{SourceConfig, SourcePosting};
use vaga_storage::{NewMatch, NewPosting, StoreError, SyncReport, Upsert};

use crate::market::Market;
use crate::records::normalise;
use crate::tasks;
use crate::worker::{Inner, TaskContext, TaskError};

/// Runs a task with its handler: a custom one for its kind, else the built-in one.
pub(crate) async fn dispatch(inner: &Arc<Inner>, cx: TaskContext) -> Result<(), TaskError> {
    if let Some(handler) = inner.handler(&cx.task.kind) {
        return handler.run(cx).await;
    }
    match cx.task.kind.as_str() {
        tasks::RECOMPUTE_MATCHES => recompute_matches(inner, &cx).await,
        tasks::SYNC_SOURCE => sync_source(inner, &cx).await,
        tasks::SYNC_ALL => sync_all(&cx).await,
        tasks::ANALYSE_SKILLS => analyse_skills(inner, &cx).await,
        tasks::MARKET_TRENDS => market_trends(inner, &cx).await,
        tasks::PARSE_RESUME => parse_resume(inner, &cx).await,
        other => Err(TaskError::Permanent(format!(
            "unknown task kind {other:?} (this worker runs {})",
            tasks::KINDS.join(", ")
        ))),
    }
}

/// The user's profile resolved for matching; None when the user has no profile.
async fn load_profile(
    inner: &Inner,
    cx: &TaskContext,
    user: Uuid,
) -> Result<Option<Profile>, TaskError> {
    let stored = match cx.repo.profile(user).await {
        Ok(p) => p,
        Err(StoreError::NotFound) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let mut value = stored.resume.clone();
    let has_preferences = stored
        .preferences
        .as_object()
        .is_some_and(|o| !o.is_empty());
    if has_preferences {
        if !value.is_object() {
            value = json!({});
        }
        value["meta"]["vaga"]["preferences"] = stored.preferences.clone();
    }
    let mut input = ProfileInput::from_json(&value)
        .map_err(|e| TaskError::Permanent(format!("profile of user {user}: {e}")))?;
    if input.country.as_deref().is_none_or(|c| c.trim().is_empty())
        && !inner.config.home_country.is_empty()
    {
        input.country = Some(inner.config.home_country.clone());
    }
    let (profile, warnings) =
        Profile::resolve(&input, inner.engine, &inner.salary, inner.reference)
            .map_err(|e| TaskError::Permanent(format!("profile of user {user}: {e}")))?;
    for w in warnings {
        tracing::debug!(%user, "profile: {w}");
    }
    Ok(Some(profile))
}

fn match_options(top: usize) -> MatchOptions {
    MatchOptions {
        weights: Weights::default(),
        top: top.max(1),
        include_hidden: false,
    }
}

/// Ranks the market for one user and stores the top K. Returns how many were stored.
async fn matches_for(
    inner: &Inner,
    cx: &TaskContext,
    market: &Market,
    user: Uuid,
) -> Result<usize, TaskError> {
    let Some(profile) = load_profile(inner, cx, user).await? else {
        return Ok(0);
    };
    let options = match_options(inner.config.match_top);
    let ranking = market.index.rank(&profile, &options);
    let mut rows = Vec::with_capacity(ranking.matches.len());
    for m in &ranking.matches {
        let Some(extra) = market.extra.get(m.index) else {
            continue;
        };
        let mut explanation = serde_json::to_value(m).unwrap_or(Value::Null);
        if let Some(o) = explanation.as_object_mut() {
            o.remove("score");
            o.remove("components");
        }
        rows.push(NewMatch {
            posting_id: extra.id,
            score: m.score,
            components: serde_json::to_value(m.components).unwrap_or(Value::Null),
            explanation,
        });
    }
    cx.repo.replace_matches(user, &rows, cx.now()).await?;
    Ok(rows.len())
}

async fn recompute_matches(inner: &Arc<Inner>, cx: &TaskContext) -> Result<(), TaskError> {
    let payload: tasks::RecomputeMatches = cx.payload()?;
    let users = match payload.user_id {
        Some(u) => vec![u],
        None => cx.repo.profile_user_ids().await?,
    };
    // Postings that change while ranking make the result stale: rank again (a few times).
    for _ in 0..3 {
        let market = inner.market.get(inner).await?;
        let total = users.len();
        for (done, &user) in users.iter().enumerate() {
            let stored = match matches_for(inner, cx, &market, user).await {
                Ok(n) => n,
                // One unusable profile does not stop everyone else's matches.
                Err(TaskError::Permanent(e)) if payload.user_id.is_none() => {
                    tracing::warn!(%user, error = %e, "matches not computed");
                    0
                }
                Err(e) => return Err(e),
            };
            cx.progress(json!({
                "users_done": done + 1,
                "users": total,
                "postings": market.index.len(),
                "last_stored": stored,
            }));
        }
        if cx.repo.postings_stamp().await? == market.stamp {
            break;
        }
    }
    Ok(())
}

async fn sync_all(cx: &TaskContext) -> Result<(), TaskError> {
    let sources = cx.repo.list_all_sources().await?;
    let mut n = 0;
    for s in sources.iter().filter(|s| s.enabled) {
        cx.queue
            .enqueue(&tasks::sync_source(s.id), cx.now())
            .await?;
        n += 1;
    }
    cx.progress(json!({ "enqueued": n }));
    Ok(())
}

/// Collects what the sync hands over; the database is written after (the sink is synchronous).
#[derive(Default)]
struct Collect(Vec<SourcePosting>);

impl PostingSink for Collect {
    fn accept(&mut self, posting: SourcePosting) -> Result<Outcome, String> {
        self.0.push(posting);
        Ok(Outcome::New)
    }
}

/// Builds a source's adapter configuration from its row: the row's `config` object holds the
/// keys of a `[[sources]]` table (`board`, `base_url`, …); `name` and `kind` come from the row.
pub fn source_config(name: &str, kind: &str, config: &Value) -> Result<SourceConfig, String> {
    let mut object = match config {
        Value::Object(o) => o.clone(),
        Value::Null => serde_json::Map::new(),
        _ => return Err(format!("source {name:?}: config must be a JSON object")),
    };
    object.insert("name".into(), Value::from(name));
    object.insert("kind".into(), Value::from(kind));
    serde_json::from_value(Value::Object(object))
        .map_err(|e| format!("source {name:?}: invalid config: {e}"))
}

async fn sync_source(inner: &Arc<Inner>, cx: &TaskContext) -> Result<(), TaskError> {
    let payload: tasks::SyncSource = cx.payload()?;
    let source = match cx.repo.source(None, payload.source_id).await {
        Ok(s) => s,
        // Owned sources are visible to the worker too.
        Err(StoreError::NotFound) => cx
            .repo
            .list_all_sources()
            .await?
            .into_iter()
            .find(|s| s.id == payload.source_id)
            .ok_or_else(|| {
                TaskError::Permanent(format!("source {} does not exist", payload.source_id))
            })?,
        Err(e) => return Err(e.into()),
    };
    let config = source_config(&source.name, &source.kind, &source.config);
    let adapter = config
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|c| vaga_sources::build(c).map_err(|e| e.to_string()));
    let (config, adapter) = match (config, adapter) {
        (Ok(c), Ok(a)) => (c, a),
        (Err(msg), _) | (_, Err(msg)) => {
            cx.repo
                .record_sync(
                    source.id,
                    &SyncReport {
                        at: cx.now(),
                        error: Some(msg.clone()),
                        fetched: 0,
                        inserted: 0,
                        updated: 0,
                    },
                )
                .await?;
            return Err(TaskError::Permanent(msg));
        }
    };
    let started = cx.now();
    let fetcher = inner.fetcher()?;
    cx.progress(json!({ "phase": "fetching", "source": source.name }));
    // The sync's sink is not `Send`: drive it on a blocking thread of this runtime.
    let runtime = tokio::runtime::Handle::current();
    let (report, fetched) = tokio::task::spawn_blocking(move || {
        let jobs = [Job {
            adapter: adapter.as_ref(),
            policy: config.apply_policy(adapter.policy()),
            skip: None,
        }];
        let mut sink = Collect::default();
        let report = runtime.block_on(vaga_sources::sync::sync(
            &jobs,
            fetcher.as_ref(),
            &mut sink,
            &SyncOptions::default(),
            &Quiet,
        ));
        (report, sink.0)
    })
    .await
    .map_err(|e| TaskError::Retry(format!("the sync failed: {e}")))?;
    let source_report = report.sources.into_iter().next().unwrap_or_default();
    let total = fetched.len();
    cx.progress(json!({ "phase": "storing", "source": source.name, "fetched": total }));

    // Normalise on a blocking thread, then upsert.
    let worker = Arc::clone(inner);
    let seen_at = cx.now();
    let records: Vec<(SourcePosting, Value)> = tokio::task::spawn_blocking(move || {
        let normalizer = Normalizer::new(worker.engine, &worker.salary, worker.reference);
        let mut scratch = Scratch::default();
        fetched
            .into_iter()
            .map(|p| {
                let record = normalise(&normalizer, &mut scratch, &p);
                (p, record)
            })
            .collect()
    })
    .await
    .map_err(|e| TaskError::Retry(format!("normalising failed: {e}")))?;
    let (mut inserted, mut updated, mut unchanged) = (0i64, 0i64, 0i64);
    for (n, (p, record)) in records.into_iter().enumerate() {
        let posted_at = p.posted_at.as_deref().and_then(parse_time);
        let new = NewPosting {
            source: source.name.clone(),
            external_id: p.external_id.clone(),
            title: p.title.clone(),
            company: p.company.clone().unwrap_or_default(),
            url: p.url.clone(),
            posted_at,
            raw: p.raw.clone(),
            record,
            seen_at,
        };
        match cx.repo.upsert_posting(&new).await? {
            (_, Upsert::Inserted) => inserted += 1,
            (_, Upsert::Updated) => updated += 1,
            (_, Upsert::Unchanged) => unchanged += 1,
        }
        if n % 500 == 499 {
            cx.progress(json!({ "phase": "storing", "source": source.name, "fetched": total, "stored": n + 1 }));
        }
    }
    let error = (!source_report.errors.is_empty()).then(|| source_report.errors.join("; "));
    let complete = error.is_none() && !source_report.not_modified && total > 0;
    let deactivated = if complete {
        cx.repo.deactivate_unseen(&source.name, started).await?
    } else {
        0
    };
    cx.repo
        .record_sync(
            source.id,
            &SyncReport {
                at: cx.now(),
                error: error.clone(),
                fetched: total as i64,
                inserted,
                updated,
            },
        )
        .await?;
    cx.progress(json!({
        "source": source.name,
        "fetched": total,
        "inserted": inserted,
        "updated": updated,
        "unchanged": unchanged,
        "deactivated": deactivated,
        "pages": source_report.pages,
        "not_modified": source_report.not_modified,
        "error": error,
    }));
    if inserted > 0 || updated > 0 || deactivated > 0 {
        cx.queue
            .enqueue(&tasks::recompute_matches(None), cx.now())
            .await?;
    }
    match error {
        // A source that gave nothing and failed is a failed attempt (retried with backoff).
        Some(e) if total == 0 => Err(TaskError::Retry(e)),
        _ => Ok(()),
    }
}

/// Reads `YYYY-MM-DD` or an RFC 3339 date-time.
fn parse_time(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let t = text.trim();
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(t) {
        return Some(d.with_timezone(&chrono::Utc));
    }
    let day = vaga_domain::posting::dedup::day_number(t.get(..10)?)?;
    chrono::DateTime::from_timestamp(i64::from(day) * 86_400, 0)
}

async fn analyse_skills(inner: &Arc<Inner>, cx: &TaskContext) -> Result<(), TaskError> {
    let payload: tasks::AnalyseSkills = cx.payload()?;
    let Some(user) = payload.user_id else {
        let users = cx.repo.profile_user_ids().await?;
        for u in &users {
            cx.queue
                .enqueue(&tasks::analyse_skills(*u), cx.now())
                .await?;
        }
        cx.progress(json!({ "enqueued": users.len() }));
        return Ok(());
    };
    let Some(profile) = load_profile(inner, cx, user).await? else {
        return Err(TaskError::Permanent(format!("user {user} has no profile")));
    };
    let market = inner.market.get(inner).await?;
    let options = match_options(inner.config.gap_targets);
    let newest = market.extra.iter().filter_map(|e| e.posted_day).max();
    let ranking = market.index.rank(&profile, &options);
    let targets: Vec<Target> = ranking
        .matches
        .iter()
        .map(|m| Target {
            index: m.index,
            age_days: market
                .extra
                .get(m.index)
                .and_then(|e| e.posted_day)
                .zip(newest)
                .map(|(d, n)| (n - d) as f64),
        })
        .collect();
    let report = gaps(
        &market.index,
        &profile,
        &options,
        &targets,
        &GapOptions::default(),
    );
    let lang = match profile.lang {
        Lang::Pt => "pt",
        Lang::En => "en",
        Lang::Es => "es",
    };
    let wanted: Vec<_> = report
        .missing_skills
        .iter()
        .map(|m| (m.skill, m.importance))
        .collect();
    let path = learning_path(
        inner.engine.taxonomy(),
        &wanted,
        &profile.skills,
        &PathOptions {
            max_items: inner.config.path_items,
            lang: lang.to_string(),
        },
    );
    let body = json!({
        "targets": targets
            .iter()
            .filter_map(|t| market.extra.get(t.index).map(|e| e.id))
            .collect::<Vec<_>>(),
        "missing_skills": report.missing_skills,
        "learning_path": path.steps,
        "skipped": path.skipped,
        "improvement_potential": report.improvement_potential,
        "estimated_learning_hours": path.total_hours,
        "postings_considered": market.index.len(),
    });
    cx.repo.add_skill_analysis(user, &body, cx.now()).await?;
    Ok(())
}

/// The kind of the stored trends report.
pub const TRENDS_REPORT: &str = "market_trends";

async fn market_trends(inner: &Arc<Inner>, cx: &TaskContext) -> Result<(), TaskError> {
    let market = inner.market.get(inner).await?;
    let engine = inner.engine;
    let reference = inner.reference;
    let m = Arc::clone(&market);
    let body = tokio::task::spawn_blocking(move || {
        let input: Vec<TrendPosting<'_>> = m
            .index
            .postings()
            .iter()
            .zip(&m.extra)
            .map(|(p, e)| TrendPosting {
                month: e.month,
                skills: &p.skills,
                salary_monthly: p.pay.and_then(|p| match (p.min, p.max) {
                    (Some(a), Some(b)) => Some((a + b) / 2.0),
                    (a, b) => a.or(b),
                }),
                countries: &e.countries,
                regions: &e.regions,
                company: p.company.as_deref(),
            })
            .collect();
        let report = trends(&input, &TrendOptions::default()).with_names(engine.taxonomy());
        let mut value = serde_json::to_value(&report).unwrap_or(Value::Null);
        value["currency"] = Value::from(reference.as_str());
        value
    })
    .await
    .map_err(|e| TaskError::Retry(format!("trends failed: {e}")))?;
    cx.repo.put_report(TRENDS_REPORT, &body, cx.now()).await?;
    Ok(())
}

/// Reads an uploaded resume (JSON Resume or text) into the user's profile, keeping the
/// preferences. PDF and DOCX files need `vaga-documents`' isolated reader (a child process of
/// the `vaga` binary), which the worker does not run yet: they fail at once with that reason.
async fn parse_resume(inner: &Arc<Inner>, cx: &TaskContext) -> Result<(), TaskError> {
    use chrono::Datelike;
    use vaga_domain::resume::{ResumeParser, YearMonth};

    let p: tasks::ParseResume = cx.payload()?;
    let bytes = match cx.repo.resume_file_content(p.user_id, p.file_id).await {
        Ok(b) => b,
        Err(StoreError::NotFound) => {
            return Err(TaskError::Permanent(format!(
                "resume file {} of user {} does not exist",
                p.file_id, p.user_id
            )));
        }
        Err(e) => return Err(e.into()),
    };
    let now = cx.now();
    let today = YearMonth::new(u16::try_from(now.year()).unwrap_or(2026), now.month() as u8)
        .unwrap_or(YearMonth {
            year: 2026,
            month: 1,
        });
    let engine = inner.engine;
    let documents = inner.documents.clone();
    let parsed = tokio::task::spawn_blocking(move || {
        if bytes.starts_with(b"%PDF-") || bytes.starts_with(b"PK\x03\x04") {
            let Some(read) = documents else {
                return Err(
                    "this worker has no PDF and DOCX reader; upload the resume as text or as a \
                     JSON Resume document"
                        .to_string(),
                );
            };
            let (text, mut warnings) = read(&bytes)?;
            let mut parsed = ResumeParser::new(engine).parse_text(&text, today);
            warnings.append(&mut parsed.warnings);
            parsed.warnings = warnings;
            return Ok(parsed);
        }
        let text = std::str::from_utf8(&bytes)
            .map_err(|_| "the file is neither UTF-8 text nor a JSON Resume document".to_string())?;
        let parser = ResumeParser::new(engine);
        if text.trim_start().starts_with('{') {
            parser
                .import_json_resume(text, today)
                .map_err(|e| e.to_string())
        } else {
            Ok(parser.parse_text(text, today))
        }
    })
    .await
    .map_err(|e| TaskError::Retry(format!("parsing failed: {e}")))?;
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(msg) => {
            cx.repo
                .set_resume_file_parse(p.user_id, p.file_id, Some(cx.task.id), &json!([msg]))
                .await?;
            return Err(TaskError::Permanent(msg));
        }
    };
    let resume = serde_json::to_value(&parsed.resume)
        .map_err(|e| TaskError::Permanent(format!("cannot store the resume: {e}")))?;
    let preferences = match cx.repo.profile(p.user_id).await {
        Ok(existing) => existing.preferences,
        Err(StoreError::NotFound) => json!({}),
        Err(e) => return Err(e.into()),
    };
    cx.repo
        .put_profile(p.user_id, &resume, &preferences, now)
        .await?;
    cx.repo
        .set_resume_file_parse(
            p.user_id,
            p.file_id,
            Some(cx.task.id),
            &json!(parsed.warnings),
        )
        .await?;
    cx.queue
        .enqueue(&tasks::recompute_matches(Some(p.user_id)), now)
        .await?;
    cx.progress(json!({ "warnings": parsed.warnings.len() }));
    Ok(())
}
