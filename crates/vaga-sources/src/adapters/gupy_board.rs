//! Gupy career sites (Brazil): `GET https://{company}.gupy.io/`, an HTML page whose Next.js data
//! island `<script id="__NEXT_DATA__" type="application/json">` holds the whole board in
//! `props.pageProps.jobs` (`id`, `title`, `type`, `department`, `publishedDate`,
//! `applicationDeadline`, `workplace{workplaceType, address{country,state,stateShortName,city}}`)
//! and the brand in `props.pageProps.careerPage.name`. A posting's page is
//! `https://{company}.gupy.io/jobs/{id}`. Gupy publishes no salary.
//!
//! The tenant is in the **host name**, which `base_url` replaces: with `base_url` set the request
//! is `{base_url}/?company={company}`, so that a local replay or proxy can tell boards apart.
//!
//! ```toml
//! [[sources]]
//! name = "exemplo-gupy"
//! kind = "gupy_board"
//! company = "exemplo"       # exemplo.gupy.io
//! ```

use serde::Deserialize;
use serde_json::Value;

use crate::adapter::{Adapter, Expect, Page, PageRequest, PageResponse, Policy, SourceError};
use crate::adapters::ats_common::{
    MAX_HTML_BYTES, builtin_policy, challenge_page, host_key, host_keyed_endpoint, join,
    map_records, required, required_id, text_at,
};
use crate::config::{ConfigError, SourceConfig};
use crate::map;
use crate::posting::SourcePosting;

/// The kind name.
pub const KIND: &str = "gupy_board";

/// One Gupy tenant's career site.
#[derive(Debug, Clone)]
pub struct GupyBoard {
    config: SourceConfig,
    company: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    company: String,
}

impl GupyBoard {
    /// The adapter a configuration describes (key `company`: the tenant, `{company}.gupy.io`).
    pub fn new(config: &SourceConfig) -> Result<Self, ConfigError> {
        let options: Options = config.options()?;
        Ok(GupyBoard {
            company: host_key(config, "company", &options.company)?,
            config: config.clone(),
        })
    }

    fn posting(&self, brand: Option<&str>, job: &Value) -> Result<SourcePosting, String> {
        let id = required_id(job, "id")?;
        let title = required(job, "title")?;
        let mut p = SourcePosting::new(self.config.name(), id.clone(), title);
        p.company = brand
            .map(str::to_string)
            .or_else(|| Some(self.company.clone()));
        p.url = Some(format!(
            "https://{}.gupy.io/jobs/{}",
            self.company,
            url_safe(&id)
        ));
        let workplace = job.get("workplace").unwrap_or(&Value::Null);
        let address = workplace.get("address").unwrap_or(&Value::Null);
        p.city = map::text(address, "city");
        p.country = map::text(address, "country");
        let state = map::text(address, "stateShortName").or_else(|| map::text(address, "state"));
        p.location = join(
            [p.city.clone(), state, p.country.clone()]
                .into_iter()
                .flatten(),
            ", ",
        );
        p.workplace_type = map::text(workplace, "workplaceType");
        p.remote = match p.workplace_type.as_deref() {
            Some("remote") => Some(true),
            Some("on-site" | "onsite" | "on_site") => Some(false),
            _ => None,
        };
        p.job_type = map::text(job, "type");
        p.category = map::text(job, "department");
        p.description = map::raw_text(job, "description");
        p.posted_at = map::date(job, "publishedDate");
        p.expires_at = map::date(job, "applicationDeadline");
        p.raw = job.clone();
        Ok(p)
    }
}

/// An id as a URL path segment (Gupy ids are numbers; anything else is percent-encoded).
fn url_safe(id: &str) -> String {
    id.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The JSON text of the page's `<script id="__NEXT_DATA__">`.
fn next_data(html: &str) -> Option<&str> {
    let marker = html
        .find("id=\"__NEXT_DATA__\"")
        .or_else(|| html.find("id='__NEXT_DATA__'"))?;
    let start = marker + html[marker..].find('>')? + 1;
    let end = start + html[start..].find("</script")?;
    html.get(start..end)
}

impl Adapter for GupyBoard {
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
                min_interval: std::time::Duration::from_secs(2),
                ..Policy::default()
            },
        )
    }

    fn first(&self) -> Result<PageRequest, SourceError> {
        let url = host_keyed_endpoint(
            &self.config,
            &format!("https://{}.gupy.io/", self.company),
            &self.company,
        )
        .map_err(|e| SourceError::Config(e.to_string()))?;
        Ok(PageRequest::get(url, Expect::Html))
    }

    fn parse(
        &self,
        _request: &PageRequest,
        response: &PageResponse,
        _page: usize,
    ) -> Result<Page, SourceError> {
        if response.body.len() > MAX_HTML_BYTES {
            return Err(SourceError::Malformed(format!(
                "page of {} bytes is over the {MAX_HTML_BYTES}-byte limit",
                response.body.len()
            )));
        }
        let html = response.text();
        let Some(data) = next_data(&html) else {
            return Err(match challenge_page(&html) {
                Some(what) => SourceError::Challenge(what),
                None => SourceError::Malformed(
                    "no __NEXT_DATA__ script on the career page (not a Gupy board?)".to_string(),
                ),
            });
        };
        let v: Value = serde_json::from_str(data)
            .map_err(|e| SourceError::Malformed(format!("__NEXT_DATA__: {e}")))?;
        let props = v
            .get("props")
            .and_then(|p| p.get("pageProps"))
            .unwrap_or(&Value::Null);
        let jobs = match props.get("jobs") {
            Some(Value::Array(jobs)) => jobs,
            Some(other) => {
                return Err(SourceError::Malformed(format!(
                    "props.pageProps.jobs is {}, not a list",
                    crate::map::shape(other)
                )));
            }
            None => {
                return Err(SourceError::Malformed(
                    "no props.pageProps.jobs in __NEXT_DATA__".to_string(),
                ));
            }
        };
        let brand = text_at(props, &["careerPage", "name"]);
        Ok(Page {
            postings: map_records(jobs, |job| self.posting(brand.as_deref(), job)),
            next: None,
            total: None,
        })
    }
}
