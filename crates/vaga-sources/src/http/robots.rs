//! robots.txt: fetched once per host (per [`Fetcher`](super::Fetcher)), kept, and matched
//! against our User-Agent's product token (`Vaga`), falling back to the `*` group.
//!
//! As RFC 9309 says: a robots.txt that is missing or refused (4xx) allows everything; one the
//! host cannot serve (5xx, 429, unreachable) disallows everything for this run. A file is read up
//! to 512 KiB (the RFC asks for at least 500 KiB); its `Crawl-delay` raises the host's least
//! interval, up to [`MAX_CRAWL_DELAY`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use texting_robots::Robot;
use tokio::sync::OnceCell;
use url::{Position, Url};

/// The most robots.txt bytes read.
pub(crate) const MAX_ROBOTS_BYTES: u64 = 512 * 1024;

/// The longest `Crawl-delay` honoured; a longer one is read as this.
pub const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);

/// What a host's robots.txt says.
pub(crate) enum Rules {
    /// No usable file (absent, refused, unparseable): everything is allowed.
    AllowAll,
    /// The file's rules for us.
    Parsed(Box<Robot>),
    /// The host could not serve it: nothing is allowed this run. Why, in a few words.
    Unavailable(String),
}

impl Rules {
    /// Reads a robots.txt body for `agent`.
    pub(crate) fn parse(agent: &str, body: &[u8]) -> Rules {
        match Robot::new(agent, body) {
            Ok(robot) => Rules::Parsed(Box::new(robot)),
            Err(_) => Rules::AllowAll,
        }
    }

    /// The file's `Crawl-delay`, capped.
    pub(crate) fn crawl_delay(&self) -> Option<Duration> {
        let Rules::Parsed(robot) = self else {
            return None;
        };
        let secs = robot.delay?;
        if !secs.is_finite() || secs <= 0.0 {
            return None;
        }
        let capped = secs.min(MAX_CRAWL_DELAY.as_secs_f32());
        Duration::try_from_secs_f32(capped).ok()
    }

    /// `Ok` when `url` may be fetched; the one-line refusal otherwise.
    pub(crate) fn check(&self, url: &Url) -> Result<(), String> {
        match self {
            Rules::AllowAll => Ok(()),
            Rules::Unavailable(why) => Err(format!(
                "robots.txt unavailable ({why}): not fetching {} this run",
                authority(url)
            )),
            Rules::Parsed(robot) => {
                if robot.allowed(&url[Position::BeforePath..]) {
                    Ok(())
                } else {
                    Err(format!(
                        "robots.txt of {} disallows {}",
                        authority(url),
                        url.path()
                    ))
                }
            }
        }
    }
}

/// `host` or `host:port` (when not the scheme's default) of `url`.
pub(crate) fn authority(url: &Url) -> &str {
    &url[Position::BeforeHost..Position::AfterPort]
}

/// The robots.txt URL of `url`'s origin.
pub(crate) fn robots_url(url: &Url) -> Option<Url> {
    let origin = &url[..Position::AfterPort];
    Url::parse(&format!("{origin}/robots.txt")).ok()
}

/// The product token of a User-Agent (`Vaga` of `Vaga/0.1.0 (…)`), which robots.txt groups
/// name.
pub(crate) fn product_token(user_agent: &str) -> &str {
    user_agent
        .split(['/', ' '])
        .next()
        .filter(|t| !t.is_empty())
        .unwrap_or("*")
}

/// The rules of each origin seen, each fetched once even when many sources ask at the same time.
#[derive(Default)]
pub(crate) struct Cache {
    map: Mutex<HashMap<String, Arc<OnceCell<Arc<Rules>>>>>,
}

impl Cache {
    /// The cell of `origin`, to be filled once.
    pub(crate) fn cell(&self, origin: &str) -> Arc<OnceCell<Arc<Rules>>> {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(map.entry(origin.to_string()).or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("url")
    }

    #[test]
    fn groups_and_delay() {
        let txt = b"User-agent: *\nDisallow: /private\nCrawl-delay: 2.5\n\nUser-agent: Vaga\nDisallow: /jobs/secret\n";
        let rules = Rules::parse("Vaga", txt);
        assert!(rules.check(&url("https://ex.com/private/x")).is_ok());
        assert_eq!(
            rules.check(&url("https://ex.com/jobs/secret?q=1")),
            Err("robots.txt of ex.com disallows /jobs/secret".to_string())
        );
        let star = Rules::parse("Other", txt);
        assert!(star.check(&url("http://ex.com:8080/private/x")).is_err());
        assert_eq!(star.crawl_delay(), Some(Duration::from_secs_f32(2.5)));
        let huge = Rules::parse("Vaga", b"User-agent: *\nCrawl-delay: 1e30\n");
        assert_eq!(huge.crawl_delay(), Some(MAX_CRAWL_DELAY));
        let nan = Rules::parse("Vaga", b"User-agent: *\nCrawl-delay: -3\n");
        assert_eq!(nan.crawl_delay(), None);
    }

    #[test]
    fn helpers() {
        assert_eq!(product_token("Vaga/0.1.0 (self-hosted)"), "Vaga");
        assert_eq!(product_token(""), "*");
        assert_eq!(
            robots_url(&url("http://127.0.0.1:8080/a/b?c=d")).map(String::from),
            Some("http://127.0.0.1:8080/robots.txt".to_string())
        );
        assert_eq!(authority(&url("https://ex.com/x")), "ex.com");
        assert_eq!(authority(&url("http://[::1]:81/x")), "[::1]:81");
        let u = url("http://ex.com:8080/x");
        assert!(Rules::Unavailable("HTTP 503".into()).check(&u).is_err());
        assert!(Rules::AllowAll.check(&u).is_ok());
    }

    proptest::proptest! {
        #[test]
        fn any_robots_txt_is_read_without_panic(body in proptest::collection::vec(proptest::num::u8::ANY, 0..2048), path in "[ -~]{0,40}") {
            let rules = Rules::parse("Vaga", &body);
            let _ = rules.crawl_delay();
            if let Ok(u) = Url::parse(&format!("https://ex.com/{path}")) {
                let _ = rules.check(&u);
            }
        }

        #[test]
        fn any_robots_lines_are_read_without_panic(lines in proptest::collection::vec("(User-agent|Disallow|Allow|Crawl-delay|Sitemap|#)?:? ?[ -~]{0,20}", 0..20)) {
            let rules = Rules::parse("Vaga", lines.join("\n").as_bytes());
            let _ = rules.crawl_delay();
            let _ = rules.check(&Url::parse("https://ex.com/a/b?c").expect("url"));
        }
    }
}
