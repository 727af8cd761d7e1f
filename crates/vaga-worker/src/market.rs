//! The active postings as matching sees them: a [`MatchIndex`] built from the database in keyset
//! pages, cached in the worker across tasks and rebuilt when the postings change (their count
//! or their latest `last_seen` moved).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use uuid::Uuid;
use vaga_domain::matching::{MatchIndex, MatchPosting};
use vaga_domain::posting::location::{CountryCode, Region};

use crate::records::{Converter, read_record};
use crate::worker::Inner;

/// Rows read per page.
const PAGE: i64 = 2000;

/// The facts of an indexed posting that the index does not keep.
#[derive(Debug, Clone)]
pub(crate) struct Extra {
    pub id: Uuid,
    pub posted_day: Option<i64>,
    pub month: Option<(i32, u8)>,
    pub countries: Vec<CountryCode>,
    pub regions: Vec<Region>,
}

/// The indexed active postings.
pub(crate) struct Market {
    pub stamp: (i64, Option<DateTime<Utc>>),
    pub index: MatchIndex<'static>,
    /// Same order as the index.
    pub extra: Vec<Extra>,
    /// Records that could not be read.
    pub unreadable: usize,
    /// How long the build took.
    pub build_ms: u128,
}

/// The cached [`Market`].
#[derive(Default)]
pub(crate) struct MarketCache {
    slot: tokio::sync::Mutex<Option<Arc<Market>>>,
}

impl MarketCache {
    /// The market for the current postings: the cached one when they did not change.
    pub async fn get(&self, inner: &Arc<Inner>) -> anyhow::Result<Arc<Market>> {
        let stamp = inner.repo.postings_stamp().await?;
        let mut slot = self.slot.lock().await;
        if let Some(m) = slot.as_ref()
            && m.stamp == stamp
        {
            return Ok(Arc::clone(m));
        }
        let market = Arc::new(load(inner, stamp).await?);
        tracing::info!(
            postings = market.index.len(),
            unreadable = market.unreadable,
            ms = market.build_ms as u64,
            "match index built"
        );
        *slot = Some(Arc::clone(&market));
        Ok(market)
    }
}

async fn load(inner: &Arc<Inner>, stamp: (i64, Option<DateTime<Utc>>)) -> anyhow::Result<Market> {
    let started = std::time::Instant::now();
    let mut postings: Vec<MatchPosting> = Vec::new();
    let mut extra: Vec<Extra> = Vec::new();
    let mut unreadable = 0usize;
    let mut after: Option<Uuid> = None;
    loop {
        let rows = inner.repo.active_posting_records(after, PAGE).await?;
        let Some(last) = rows.last() else { break };
        after = Some(last.id);
        let full = rows.len() as i64 == PAGE;
        let worker = Arc::clone(inner);
        let parsed = tokio::task::spawn_blocking(move || {
            let convert = Converter {
                rates: worker.salary.rates(),
                reference: worker.reference,
            };
            rows.into_iter()
                .map(|row| {
                    read_record(worker.engine, &convert, row.id.to_string(), &row.record).map(|f| {
                        let day = f
                            .posted_day
                            .or_else(|| row.posted_at.map(|t| t.timestamp().div_euclid(86_400)));
                        (
                            f.posting,
                            Extra {
                                id: row.id,
                                posted_day: day,
                                month: f.month,
                                countries: f.countries,
                                regions: f.regions,
                            },
                        )
                    })
                })
                .collect::<Vec<_>>()
        })
        .await?;
        for p in parsed {
            match p {
                Ok((posting, e)) => {
                    postings.push(posting);
                    extra.push(e);
                }
                Err(_) => unreadable += 1,
            }
        }
        if !full {
            break;
        }
    }
    let engine = inner.engine;
    let index = tokio::task::spawn_blocking(move || MatchIndex::new(engine, postings)).await?;
    Ok(Market {
        stamp,
        index,
        extra,
        unreadable,
        build_ms: started.elapsed().as_millis(),
    })
}
