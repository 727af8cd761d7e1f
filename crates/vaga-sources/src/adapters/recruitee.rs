//! Recruitee career sites: `GET https://{company}.recruitee.com/api/offers/`.
//!
//! The whole board comes in one response, `{"offers": [...]}`. The company is in the **host
//! name**, which `base_url` replaces: with `base_url` set the request is
//! `{base_url}/api/offers/?company={company}`, so that a local replay or proxy can tell boards
//! apart. Salary is read from a `salary{min,max,currency,period}` object, or from the flat
//! `salary_min`/`salary_max`/`salary_currency`/`salary_period` fields older payloads carry.
//!
//! ```toml
//! [[sources]]
//! name = "exemplo-recruitee"
//! kind = "recruitee"
//! company = "exemplo"       # exemplo.recruitee.com
//! ```

use serde::Deserialize;
use serde_json::Value;

use crate::adapter::{Adapter, Expect, Page, PageRequest, PageResponse, Policy, SourceError};
use crate::adapters::ats_common::{
    builtin_policy, host_key, host_keyed_endpoint, join, list, map_records, push_unique,
    reported_error, required, required_id, salary_period,
};
use crate::config::{ConfigError, SourceConfig};
use crate::map;
use crate::posting::SourcePosting;

/// The kind name.
pub const KIND: &str = "recruitee";

/// One Recruitee career site.
#[derive(Debug, Clone)]
pub struct Recruitee {
    config: SourceConfig,
    company: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    company: String,
}

impl Recruitee {
    /// The adapter a configuration describes (key `company`: the subdomain of
    /// `{company}.recruitee.com`).
    pub fn new(config: &SourceConfig) -> Result<Self, ConfigError> {
        let options: Options = config.options()?;
        Ok(Recruitee {
            company: host_key(config, "company", &options.company)?,
            config: config.clone(),
        })
    }

    fn posting(&self, offer: &Value) -> Result<SourcePosting, String> {
        let id = required_id(offer, "id")?;
        let title = required(offer, "title")?;
        let mut p = SourcePosting::new(self.config.name(), id, title);
        p.company = map::text(offer, "company_name").or_else(|| Some(self.company.clone()));
        p.url = map::text(offer, "careers_url");
        p.apply_url = map::text(offer, "careers_apply_url");
        p.city = map::text(offer, "city");
        p.country = map::text(offer, "country_code").or_else(|| map::text(offer, "country"));
        p.location = map::text(offer, "location").or_else(|| {
            join(
                [
                    p.city.clone(),
                    map::text(offer, "state_name").or_else(|| map::text(offer, "state")),
                    map::text(offer, "country"),
                ]
                .into_iter()
                .flatten(),
                ", ",
            )
        });
        p.remote = map::boolean(offer, "remote");
        p.workplace_type = if p.remote == Some(true) {
            Some("remote")
        } else if map::boolean(offer, "hybrid") == Some(true) {
            Some("hybrid")
        } else if map::boolean(offer, "on_site") == Some(true) {
            Some("on-site")
        } else {
            None
        }
        .map(str::to_string);
        p.job_type = map::text(offer, "employment_type_code");
        p.category = map::text(offer, "department");
        for tag in map::strings(offer, "tags") {
            push_unique(&mut p.tags, tag);
        }
        for key in ["category_code", "experience_code"] {
            if let Some(tag) = map::text(offer, key) {
                push_unique(&mut p.tags, tag);
            }
        }
        let salary = offer.get("salary").filter(|s| s.is_object());
        let (min, max, currency, period) = match salary {
            Some(s) => (
                map::number(s, "min"),
                map::number(s, "max"),
                map::text(s, "currency"),
                map::text(s, "period"),
            ),
            None => (
                map::number(offer, "salary_min"),
                map::number(offer, "salary_max"),
                map::text(offer, "salary_currency"),
                map::text(offer, "salary_period"),
            ),
        };
        p.set_structured_salary(
            min,
            max,
            currency.as_deref(),
            period.as_deref().and_then(salary_period),
        );
        p.description = join(
            ["description", "requirements"]
                .into_iter()
                .filter_map(|k| map::raw_text(offer, k)),
            "\n",
        );
        p.posted_at = map::date(offer, "published_at").or_else(|| map::date(offer, "created_at"));
        p.expires_at = map::date(offer, "close_at");
        p.raw = offer.clone();
        Ok(p)
    }
}

impl Adapter for Recruitee {
    fn name(&self) -> &str {
        self.config.name()
    }

    fn kind(&self) -> &'static str {
        KIND
    }

    fn policy(&self) -> Policy {
        builtin_policy(
            &self.config,
            Policy {
                max_pages: 1,
                ..Policy::default()
            },
        )
    }

    fn first(&self) -> Result<PageRequest, SourceError> {
        let url = host_keyed_endpoint(
            &self.config,
            &format!("https://{}.recruitee.com/api/offers/", self.company),
            &self.company,
        )
        .map_err(|e| SourceError::Config(e.to_string()))?;
        Ok(PageRequest::get(url, Expect::Json))
    }

    fn parse(
        &self,
        _request: &PageRequest,
        response: &PageResponse,
        _page: usize,
    ) -> Result<Page, SourceError> {
        let v = map::json(response)?;
        if v.get("offers").is_none()
            && let Some(message) = reported_error(&v)
        {
            return Err(SourceError::Reported(message));
        }
        let offers = list(&v, "offers")?;
        Ok(Page {
            postings: map_records(offers, |offer| self.posting(offer)),
            next: None,
            total: None,
        })
    }
}
