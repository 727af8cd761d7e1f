//! The polite fetcher against real HTTP servers on loopback (wiremock): pacing, retries,
//! Retry-After, circuit breaker, conditional requests, size cap, private addresses, redirects,
//! robots.txt, error messages. Timing assertions are "at least" only.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use url::Url;
use vaga_sources::http::{Fetched, Fetcher, HttpSettings};
use vaga_sources::{Expect, PageRequest, PageResponse, Policy, SourceError};
use wiremock::matchers::{body_string, header, header_regex, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const MS: Duration = Duration::from_millis(1);

/// Fast settings: tiny backoff, short timeouts.
fn settings() -> HttpSettings {
    HttpSettings {
        timeout: Duration::from_secs(3),
        connect_timeout: Duration::from_secs(1),
        backoff_base: 5 * MS,
        backoff_max: 20 * MS,
        max_retry_after: Duration::from_secs(5),
        ..HttpSettings::default()
    }
}

fn fetcher() -> Fetcher {
    Fetcher::new(settings()).unwrap()
}

/// A policy for a loopback server: private allowed, no pacing.
fn local() -> Policy {
    Policy {
        min_interval: Duration::ZERO,
        allow_private: true,
        ..Policy::default()
    }
}

fn get(server: &MockServer, p: &str) -> PageRequest {
    PageRequest::get(url(&format!("{}{p}", server.uri())), Expect::Json)
}

fn url(s: &str) -> Url {
    Url::parse(s).unwrap()
}

fn page(f: Fetched) -> PageResponse {
    match f {
        Fetched::Page(p) => p,
        Fetched::NotModified => panic!("expected a page, got not-modified"),
    }
}

fn http_error(r: Result<Fetched, SourceError>) -> String {
    match r {
        Err(SourceError::Http(m)) => m,
        other => panic!("expected an HTTP error, got {other:?}"),
    }
}

async fn hits(server: &MockServer) -> usize {
    server.received_requests().await.unwrap_or_default().len()
}

/// Answers with the templates in turn (the last one repeats) and records arrival times.
#[derive(Clone)]
struct Script {
    templates: Arc<Vec<ResponseTemplate>>,
    next: Arc<AtomicUsize>,
    arrivals: Arc<Mutex<Vec<Instant>>>,
}

impl Script {
    fn new(templates: Vec<ResponseTemplate>) -> Self {
        Script {
            templates: Arc::new(templates),
            next: Arc::new(AtomicUsize::new(0)),
            arrivals: Arc::default(),
        }
    }

    fn ok() -> Self {
        Script::new(vec![ResponseTemplate::new(200).set_body_string("{}")])
    }

    fn arrivals(&self) -> Vec<Instant> {
        let mut a = self.arrivals.lock().unwrap().clone();
        a.sort();
        a
    }
}

impl Respond for Script {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        self.arrivals.lock().unwrap().push(Instant::now());
        let i = self.next.fetch_add(1, Ordering::SeqCst);
        self.templates[i.min(self.templates.len() - 1)].clone()
    }
}

fn assert_gaps(arrivals: &[Instant], least: Duration) {
    for w in arrivals.windows(2) {
        let gap = w[1] - w[0];
        assert!(gap >= least, "gap {gap:?} < {least:?} in {arrivals:?}");
    }
}

#[tokio::test]
async fn sends_user_agent_accept_and_posts_bodies_with_headers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/search"))
        .and(header("x-api-key", "k-123"))
        .and(header("content-type", "application/json"))
        .and(body_string(r#"{"q":"rust"}"#))
        .and(header_regex("user-agent", r"^Vaga/\d+\.\d+\.\d+ \(self-hosted job-search assistant; \+https://github.com/vaga-jobs/vaga\)$"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("link", "<https://x/next>; rel=\"next\"")
                .set_body_raw(r#"{"jobs":[]}"#, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/feed"))
        .and(header_regex("accept", "application/rss\\+xml"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<rss/>"))
        .expect(1)
        .mount(&server)
        .await;
    let f = fetcher();
    let mut req = get(&server, "/api/search");
    req.body = Some(br#"{"q":"rust"}"#.to_vec());
    req.headers = vec![
        ("X-Api-Key".into(), "k-123".into()),
        ("Content-Type".into(), "application/json".into()),
    ];
    let p = page(f.fetch("s", &local(), &req).await.unwrap());
    assert_eq!(p.status, 200);
    assert_eq!(p.body, br#"{"jobs":[]}"#);
    assert_eq!(p.content_type.as_deref(), Some("application/json"));
    assert_eq!(p.header("Link"), Some("<https://x/next>; rel=\"next\""));
    assert!(p.headers.iter().all(|(k, _)| k == &k.to_ascii_lowercase()));
    let mut feed = get(&server, "/feed");
    feed.expect = Expect::Xml;
    assert_eq!(
        page(f.fetch("s", &local(), &feed).await.unwrap()).body,
        b"<rss/>"
    );
}

#[tokio::test]
async fn gzip_bodies_are_decoded() {
    let server = MockServer::start().await;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"{\"compressed\":true}").unwrap();
    let body = gz.finish().unwrap();
    Mock::given(path("/gz"))
        .and(header_regex("accept-encoding", "gzip"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-encoding", "gzip")
                .set_body_bytes(body),
        )
        .mount(&server)
        .await;
    let p = page(
        fetcher()
            .fetch("s", &local(), &get(&server, "/gz"))
            .await
            .unwrap(),
    );
    assert_eq!(p.body, b"{\"compressed\":true}");
}

#[tokio::test]
async fn requests_to_one_host_are_spaced_by_min_interval() {
    let server = MockServer::start().await;
    let script = Script::ok();
    Mock::given(path("/p"))
        .respond_with(script.clone())
        .mount(&server)
        .await;
    let f = fetcher();
    let policy = Policy {
        min_interval: 200 * MS,
        ..local()
    };
    for _ in 0..4 {
        f.fetch("s", &policy, &get(&server, "/p")).await.unwrap();
    }
    let arrivals = script.arrivals();
    assert_eq!(arrivals.len(), 4);
    assert_gaps(&arrivals, 200 * MS);
}

#[tokio::test]
async fn sources_sharing_a_host_wait_their_turn() {
    let server = MockServer::start().await;
    let script = Script::ok();
    Mock::given(path("/p"))
        .respond_with(script.clone())
        .mount(&server)
        .await;
    let f = fetcher();
    let run = |name: &'static str, interval: Duration| {
        let f = f.clone();
        let req = get(&server, "/p");
        async move {
            let policy = Policy {
                min_interval: interval,
                ..local()
            };
            for _ in 0..3 {
                f.fetch(name, &policy, &req).await.unwrap();
            }
        }
    };
    let a = tokio::spawn(run("a", 150 * MS));
    let b = tokio::spawn(run("b", 150 * MS));
    a.await.unwrap();
    b.await.unwrap();
    let arrivals = script.arrivals();
    assert_eq!(arrivals.len(), 6);
    assert_gaps(&arrivals, 150 * MS);
}

#[tokio::test]
async fn delay_range_adds_a_random_wait() {
    let server = MockServer::start().await;
    let script = Script::ok();
    Mock::given(path("/p"))
        .respond_with(script.clone())
        .mount(&server)
        .await;
    let f = fetcher();
    let policy = Policy {
        delay_range: Some((100 * MS, 130 * MS)),
        ..local()
    };
    let start = Instant::now();
    for _ in 0..3 {
        f.fetch("s", &policy, &get(&server, "/p")).await.unwrap();
    }
    let arrivals = script.arrivals();
    assert!(arrivals[0] - start >= 100 * MS);
    assert_gaps(&arrivals, 100 * MS);
}

#[tokio::test]
async fn retries_5xx_then_succeeds() {
    let server = MockServer::start().await;
    let script = Script::new(vec![
        ResponseTemplate::new(503),
        ResponseTemplate::new(502),
        ResponseTemplate::new(500),
        ResponseTemplate::new(200).set_body_string("ok"),
    ]);
    Mock::given(path("/p"))
        .respond_with(script.clone())
        .mount(&server)
        .await;
    let p = page(
        fetcher()
            .fetch("s", &local(), &get(&server, "/p"))
            .await
            .unwrap(),
    );
    assert_eq!(p.body, b"ok");
    assert_eq!(script.arrivals().len(), 4);
}

#[tokio::test]
async fn gives_up_after_max_retries_naming_status_and_attempts() {
    let server = MockServer::start().await;
    Mock::given(path("/p"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let f = fetcher();
    let e = http_error(f.fetch("s", &local(), &get(&server, "/p")).await);
    assert_eq!(e, "HTTP 503 Service Unavailable after 4 attempts");
    assert_eq!(hits(&server).await, 4);
    let one = Fetcher::new(HttpSettings {
        max_retries: 0,
        ..settings()
    })
    .unwrap();
    let e = http_error(one.fetch("s", &local(), &get(&server, "/p")).await);
    assert_eq!(e, "HTTP 503 Service Unavailable after 1 attempt");
}

#[tokio::test]
async fn retry_after_seconds_is_honoured() {
    let server = MockServer::start().await;
    let script = Script::new(vec![
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
        ResponseTemplate::new(200).set_body_string("ok"),
    ]);
    Mock::given(path("/p"))
        .respond_with(script.clone())
        .mount(&server)
        .await;
    let other = Script::ok();
    Mock::given(path("/other"))
        .respond_with(other.clone())
        .mount(&server)
        .await;
    let f = fetcher();
    let first = {
        let (f, req) = (f.clone(), get(&server, "/p"));
        tokio::spawn(async move { f.fetch("s", &local(), &req).await })
    };
    // Another source asking the same host meanwhile is held back too.
    while script.arrivals().is_empty() {
        tokio::time::sleep(5 * MS).await;
    }
    f.fetch("t", &local(), &get(&server, "/other"))
        .await
        .unwrap();
    let p = page(first.await.unwrap().unwrap());
    assert_eq!(p.body, b"ok");
    let arrivals = script.arrivals();
    assert_eq!(arrivals.len(), 2);
    assert!(arrivals[1] - arrivals[0] >= Duration::from_secs(1));
    assert!(other.arrivals()[0] - arrivals[0] >= Duration::from_secs(1));
}

#[tokio::test]
async fn retry_after_http_date_is_honoured() {
    let server = MockServer::start().await;
    // HTTP dates have whole seconds: two seconds ahead is at least one second of wait.
    let when = httpdate(SystemTime::now() + Duration::from_secs(2));
    let script = Script::new(vec![
        ResponseTemplate::new(503).insert_header("retry-after", when.as_str()),
        ResponseTemplate::new(200).set_body_string("ok"),
    ]);
    Mock::given(path("/p"))
        .respond_with(script.clone())
        .mount(&server)
        .await;
    page(
        fetcher()
            .fetch("s", &local(), &get(&server, "/p"))
            .await
            .unwrap(),
    );
    let arrivals = script.arrivals();
    assert_eq!(arrivals.len(), 2);
    assert!(arrivals[1] - arrivals[0] >= Duration::from_millis(900));
}

fn httpdate(t: SystemTime) -> String {
    // RFC 7231 IMF-fixdate, without pulling a date crate into the tests.
    let secs = t.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs();
    let days = secs / 86_400;
    let (h, m, s) = (secs / 3600 % 24, secs / 60 % 60, secs % 60);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    // Civil date from days since the epoch (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{weekday}, {day:02} {} {year} {h:02}:{m:02}:{s:02} GMT",
        months[(month - 1) as usize]
    )
}

#[tokio::test]
async fn a_retry_after_longer_than_the_limit_fails_at_once() {
    let server = MockServer::start().await;
    Mock::given(path("/secs"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "3600"))
        .mount(&server)
        .await;
    let far = httpdate(SystemTime::now() + Duration::from_secs(7200));
    Mock::given(path("/date"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", far.as_str()))
        .mount(&server)
        .await;
    let f = fetcher();
    let start = Instant::now();
    let e = http_error(f.fetch("s", &local(), &get(&server, "/secs")).await);
    assert_eq!(
        e,
        "HTTP 429 Too Many Requests: the server asks to retry after 1h 0m, longer than the 5s we wait"
    );
    let e = http_error(f.fetch("s", &local(), &get(&server, "/date")).await);
    assert!(
        e.starts_with("HTTP 503 Service Unavailable: the server asks to retry after 1h 59m")
            || e.starts_with("HTTP 503 Service Unavailable: the server asks to retry after 2h 0m"),
        "{e}"
    );
    assert_eq!(hits(&server).await, 2, "no retry");
    assert!(start.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn client_errors_are_not_retried_and_are_explained() {
    let server = MockServer::start().await;
    for (p, code) in [("/404", 404), ("/401", 401), ("/403", 403), ("/400", 400)] {
        Mock::given(path(p))
            .respond_with(ResponseTemplate::new(code))
            .mount(&server)
            .await;
    }
    let f = fetcher();
    let mut req = get(&server, "/404");
    req.headers = vec![("Authorization".into(), "Bearer SECRET-TOKEN".into())];
    let e = http_error(f.fetch("s", &local(), &req).await);
    assert_eq!(e, "not found (HTTP 404): check the board or company name");
    req.url = url(&format!("{}/401", server.uri()));
    let e = http_error(f.fetch("s", &local(), &req).await);
    assert!(
        e.starts_with("HTTP 401 Unauthorized: ") && e.contains("authentication"),
        "{e}"
    );
    assert!(!e.contains("SECRET"));
    let e = http_error(f.fetch("s", &local(), &get(&server, "/403")).await);
    assert!(
        e.starts_with("HTTP 403 Forbidden: ") && e.contains("blocks automated"),
        "{e}"
    );
    let e = http_error(f.fetch("s", &local(), &get(&server, "/400")).await);
    assert_eq!(e, "HTTP 400 Bad Request");
    assert_eq!(hits(&server).await, 4, "one request each");
}

#[tokio::test]
async fn a_bad_header_value_is_refused_without_echoing_it() {
    let server = MockServer::start().await;
    let mut req = get(&server, "/p");
    req.headers = vec![("Authorization".into(), "Bearer SECRET\nX: y".into())];
    let e = http_error(fetcher().fetch("s", &local(), &req).await);
    assert_eq!(e, "invalid value for request header authorization");
    assert_eq!(hits(&server).await, 0);
    let mut ftp = get(&server, "/p");
    ftp.url = url("ftp://example.com/jobs");
    let e = http_error(fetcher().fetch("s", &local(), &ftp).await);
    assert!(e.starts_with("unsupported URL scheme \"ftp\""), "{e}");
}

#[tokio::test]
async fn timeouts_are_retried_then_reported() {
    let server = MockServer::start().await;
    Mock::given(path("/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let f = Fetcher::new(HttpSettings {
        timeout: 200 * MS,
        max_retries: 1,
        ..settings()
    })
    .unwrap();
    let start = Instant::now();
    let e = http_error(f.fetch("s", &local(), &get(&server, "/slow")).await);
    assert_eq!(e, "timed out (limit 200ms) after 2 attempts");
    assert!(start.elapsed() >= 400 * MS);
    assert_eq!(hits(&server).await, 2);
}

#[tokio::test]
async fn connection_failures_are_retried_then_reported() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let f = Fetcher::new(HttpSettings {
        max_retries: 2,
        ..settings()
    })
    .unwrap();
    let req = PageRequest::get(url(&format!("http://127.0.0.1:{port}/x")), Expect::Json);
    let e = http_error(f.fetch("s", &local(), &req).await);
    assert!(e.starts_with("connection failed ("), "{e}");
    assert!(e.ends_with(") after 3 attempts"), "{e}");
    assert!(!e.contains("127.0.0.1"), "no URL in the message: {e}");
}

#[tokio::test]
async fn circuit_opens_after_consecutive_failures_then_half_opens() {
    let server = MockServer::start().await;
    let script = Script::new(vec![
        ResponseTemplate::new(500),
        ResponseTemplate::new(500),
        ResponseTemplate::new(200).set_body_string("ok"),
    ]);
    Mock::given(path("/p"))
        .respond_with(script.clone())
        .mount(&server)
        .await;
    let f = Fetcher::new(HttpSettings {
        max_retries: 0,
        breaker_threshold: 2,
        breaker_cooldown: 400 * MS,
        ..settings()
    })
    .unwrap();
    let req = get(&server, "/p");
    for _ in 0..2 {
        let e = http_error(f.fetch("board", &local(), &req).await);
        assert_eq!(e, "HTTP 500 Internal Server Error after 1 attempt");
    }
    let e = http_error(f.fetch("board", &local(), &req).await);
    assert!(
        e.starts_with("circuit open after 2 failures; next try in "),
        "{e}"
    );
    assert_eq!(script.arrivals().len(), 2, "an open circuit sends nothing");
    // Another source is not affected.
    assert!(f.fetch("other", &local(), &req).await.is_ok());
    tokio::time::sleep(450 * MS).await;
    // The trial goes through and closes the circuit.
    assert!(f.fetch("board", &local(), &req).await.is_ok());
    assert!(f.fetch("board", &local(), &req).await.is_ok());
    assert_eq!(script.arrivals().len(), 5);
}

#[tokio::test]
async fn conditional_requests_use_stored_validators() {
    let server = MockServer::start().await;
    Mock::given(path("/feed"))
        .and(header("if-none-match", "\"v1\""))
        .and(header_regex(
            "if-modified-since",
            "^Wed, 21 Oct 2015 07:28:00 GMT$",
        ))
        .respond_with(ResponseTemplate::new(304))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/feed"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("etag", "\"v1\"")
                .insert_header("last-modified", "Wed, 21 Oct 2015 07:28:00 GMT")
                .set_body_string("<rss/>"),
        )
        .with_priority(2)
        .mount(&server)
        .await;
    let f = fetcher();
    let req = get(&server, "/feed");
    assert!(matches!(
        f.fetch("s", &local(), &req).await.unwrap(),
        Fetched::Page(_)
    ));
    assert!(matches!(
        f.fetch("s", &local(), &req).await.unwrap(),
        Fetched::NotModified
    ));
    // The validators survive a run through serde, into a new fetcher.
    let saved = serde_json::to_string(&f.validators()).unwrap();
    assert!(saved.contains("\\\"v1\\\""));
    let next_run = fetcher();
    next_run.set_validators(serde_json::from_str(&saved).unwrap());
    assert!(matches!(
        next_run.fetch("s", &local(), &req).await.unwrap(),
        Fetched::NotModified
    ));
    let first = &server.received_requests().await.unwrap()[0];
    assert!(!first.headers.contains_key("if-none-match"));
}

#[tokio::test]
async fn bodies_over_the_cap_are_refused() {
    let server = MockServer::start().await;
    Mock::given(path("/big"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b'x'; 2048]))
        .mount(&server)
        .await;
    Mock::given(path("/small"))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(vec![b'x'; 1000]))
        .mount(&server)
        .await;
    // Small on the wire, large once decompressed: caught while streaming.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&[b'a'; 64 * 1024]).unwrap();
    let bomb = gz.finish().unwrap();
    assert!(bomb.len() < 1024);
    Mock::given(path("/bomb"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-encoding", "gzip")
                .set_body_bytes(bomb),
        )
        .mount(&server)
        .await;
    let f = Fetcher::new(HttpSettings {
        max_response_bytes: 1024,
        ..settings()
    })
    .unwrap();
    let e = http_error(f.fetch("s", &local(), &get(&server, "/big")).await);
    assert_eq!(e, "response larger than 1 KiB");
    let e = http_error(f.fetch("s", &local(), &get(&server, "/bomb")).await);
    assert_eq!(e, "response larger than 1 KiB");
    let p = page(
        f.fetch("s", &local(), &get(&server, "/small"))
            .await
            .unwrap(),
    );
    assert_eq!(p.body.len(), 1000);
    assert_eq!(hits(&server).await, 3, "a too-large body is not retried");
}

const REFUSED_127: &str = "refusing to fetch private address 127.0.0.1 (set allow_private = true for this source to allow it)";

#[tokio::test]
async fn loopback_is_refused_unless_allowed() {
    let server = MockServer::start().await;
    Mock::given(path("/p"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let f = Fetcher::new(HttpSettings {
        breaker_threshold: 2,
        ..settings()
    })
    .unwrap();
    let public = Policy {
        min_interval: Duration::ZERO,
        ..Policy::default()
    };
    assert!(!public.allow_private);
    // Refusals are ours, not the source's: they never open its circuit.
    for _ in 0..3 {
        let e = http_error(f.fetch("s", &public, &get(&server, "/p")).await);
        assert_eq!(e, REFUSED_127);
    }
    for literal in [
        "http://[::1]:9/",
        "http://10.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.1.2/",
        "http://0.0.0.0:8080/",
        "http://0x7f.1/",
    ] {
        let req = PageRequest::get(url(literal), Expect::Json);
        let e = http_error(f.fetch("s", &public, &req).await);
        assert!(
            e.starts_with("refusing to fetch private address "),
            "{literal}: {e}"
        );
    }
    assert_eq!(hits(&server).await, 0);
    assert!(f.fetch("s", &local(), &get(&server, "/p")).await.is_ok());
    assert_eq!(hits(&server).await, 1);
}

#[tokio::test]
async fn names_resolving_to_loopback_are_refused() {
    let server = MockServer::start().await;
    Mock::given(path("/p"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let port = server.address().port();
    let req = PageRequest::get(url(&format!("http://localhost:{port}/p")), Expect::Json);
    let public = Policy {
        min_interval: Duration::ZERO,
        ..Policy::default()
    };
    let f = fetcher();
    let e = http_error(f.fetch("s", &public, &req).await);
    assert!(
        e == REFUSED_127 || e.starts_with("refusing to fetch private address ::1 "),
        "{e}"
    );
    assert_eq!(hits(&server).await, 0);
}

#[tokio::test]
async fn a_redirect_to_a_private_address_is_refused() {
    let server = MockServer::start().await;
    for (from, to) in [
        ("/to-private", "http://10.0.0.1/jobs".to_string()),
        (
            "/to-metadata",
            "http://169.254.169.254/latest/meta-data/".to_string(),
        ),
        ("/to-public", format!("{}/final", server.uri())),
    ] {
        Mock::given(path(from))
            .respond_with(ResponseTemplate::new(302).insert_header("location", to.as_str()))
            .mount(&server)
            .await;
    }
    Mock::given(path("/final"))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .mount(&server)
        .await;
    let f = fetcher();
    // The loopback test server stands for a public board.
    f.treat_as_public(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let public = Policy {
        min_interval: Duration::ZERO,
        ..Policy::default()
    };
    let e = http_error(f.fetch("s", &public, &get(&server, "/to-private")).await);
    assert_eq!(
        e,
        "refusing to fetch private address 10.0.0.1 (set allow_private = true for this source to allow it)"
    );
    let e = http_error(f.fetch("s", &public, &get(&server, "/to-metadata")).await);
    assert!(
        e.starts_with("refusing to fetch private address 169.254.169.254 "),
        "{e}"
    );
    let p = page(
        f.fetch("s", &public, &get(&server, "/to-public"))
            .await
            .unwrap(),
    );
    assert_eq!(p.body, b"ok");
    assert_eq!(p.url.path(), "/final");
}

#[tokio::test]
async fn redirects_are_followed_up_to_five() {
    let server = MockServer::start().await;
    for i in 0..6 {
        Mock::given(path(format!("/r{i}")))
            .respond_with(
                ResponseTemplate::new(301)
                    .insert_header("location", format!("/r{}", i + 1).as_str()),
            )
            .mount(&server)
            .await;
    }
    Mock::given(path("/r6"))
        .respond_with(ResponseTemplate::new(200).set_body_string("end"))
        .mount(&server)
        .await;
    let f = fetcher();
    let p = page(f.fetch("s", &local(), &get(&server, "/r1")).await.unwrap());
    assert_eq!(p.url.path(), "/r6");
    let e = http_error(f.fetch("s", &local(), &get(&server, "/r0")).await);
    assert_eq!(e, "more than 5 redirects");
}

fn robots_policy() -> Policy {
    Policy {
        obey_robots: true,
        ..local()
    }
}

#[tokio::test]
async fn robots_txt_is_fetched_once_and_obeyed() {
    let server = MockServer::start().await;
    Mock::given(path("/robots.txt"))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            "User-agent: *\nDisallow: /private\n\nUser-agent: Vaga\nDisallow: /careers/internal\n",
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/careers"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html></html>"))
        .mount(&server)
        .await;
    let f = fetcher();
    let policy = robots_policy();
    // Many sources at once, first thing: still one robots.txt request (the mock expects exactly one).
    let tasks: Vec<_> = ["t", "u", "v"]
        .into_iter()
        .map(|name| {
            let (f, policy, req) = (f.clone(), policy.clone(), get(&server, "/careers"));
            tokio::spawn(async move { f.fetch(name, &policy, &req).await })
        })
        .collect();
    for t in tasks {
        assert!(t.await.unwrap().is_ok());
    }
    let e = http_error(
        f.fetch("s", &policy, &get(&server, "/careers/internal?x=1"))
            .await,
    );
    let port = server.address().port();
    assert_eq!(
        e,
        format!("robots.txt of 127.0.0.1:{port} disallows /careers/internal")
    );
    // The Vaga group applies, not the `*` one.
    assert!(
        f.fetch("s", &policy, &get(&server, "/careers"))
            .await
            .is_ok()
    );
    // Without obey_robots it is not consulted.
    let e = http_error(
        f.fetch("s", &local(), &get(&server, "/careers/internal"))
            .await,
    );
    assert!(e.starts_with("not found"), "{e}");
}

#[tokio::test]
async fn robots_txt_missing_allows_and_unavailable_disallows() {
    let missing = MockServer::start().await;
    Mock::given(path("/robots.txt"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&missing)
        .await;
    Mock::given(path("/jobs"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&missing)
        .await;
    let broken = MockServer::start().await;
    Mock::given(path("/robots.txt"))
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&broken)
        .await;
    let f = fetcher();
    assert!(
        f.fetch("s", &robots_policy(), &get(&missing, "/jobs"))
            .await
            .is_ok()
    );
    for _ in 0..2 {
        let e = http_error(f.fetch("s", &robots_policy(), &get(&broken, "/jobs")).await);
        assert!(
            e.starts_with("robots.txt unavailable (HTTP 500 Internal Server Error)"),
            "{e}"
        );
    }
    assert_eq!(hits(&broken).await, 1, "only robots.txt, once");
}

#[tokio::test]
async fn robots_crawl_delay_raises_the_interval() {
    let server = MockServer::start().await;
    Mock::given(path("/robots.txt"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string("User-agent: *\nCrawl-delay: 0.3\n"),
        )
        .mount(&server)
        .await;
    let script = Script::ok();
    Mock::given(path("/p"))
        .respond_with(script.clone())
        .mount(&server)
        .await;
    let f = fetcher();
    for _ in 0..3 {
        f.fetch("s", &robots_policy(), &get(&server, "/p"))
            .await
            .unwrap();
    }
    assert_gaps(&script.arrivals(), 300 * MS);
}

#[tokio::test]
async fn challenge_pages_are_recognised() {
    let server = MockServer::start().await;
    let page_html = "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><script src=\"/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1\"></script></body></html>";
    Mock::given(path("/403"))
        .respond_with(
            ResponseTemplate::new(403)
                .insert_header("cf-mitigated", "challenge")
                .set_body_raw(page_html, "text/html; charset=UTF-8"),
        )
        .mount(&server)
        .await;
    Mock::given(path("/503"))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("server", "cloudflare")
                .set_body_raw(page_html, "text/html"),
        )
        .mount(&server)
        .await;
    let f = fetcher();
    for p in ["/403", "/503"] {
        match f.fetch("s", &local(), &get(&server, p)).await {
            Err(SourceError::Challenge(m)) => {
                assert!(m.starts_with("Cloudflare challenge (HTTP "), "{m}");
                assert!(m.ends_with("\"Just a moment...\""), "{m}");
            }
            other => panic!("{p}: expected a challenge, got {other:?}"),
        }
    }
    assert_eq!(hits(&server).await, 2, "a challenge is not retried");
}

#[tokio::test]
async fn fetcher_is_debug_and_settings_are_kept() {
    let f = fetcher();
    assert_eq!(f.settings().max_retries, 3);
    assert!(format!("{f:?}").starts_with("Fetcher"));
}

#[tokio::test]
async fn fetch_futures_are_send_for_the_sync_boxfuture() {
    fn send<T: Send>(_: &T) {}
    let f = fetcher();
    let policy = local();
    let req = PageRequest::get(url("http://127.0.0.1:9/"), Expect::Json);
    let fut = f.fetch("s", &policy, &req);
    send(&fut);
    drop(fut);
}
