//! A loopback replay of job-board services: one real HTTP server per service, answering each
//! route of a manifest built by `scripts/gen-replay.py` from stored real responses, at the real
//! services' paths, and recording when each request arrived.
//!
//! Shared by the CLI's sync test and `cargo xtask replay-sync` (included there by path).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// How a service misbehaves.
#[derive(Clone, Copy, Debug)]
pub enum Fault {
    /// Every request answers this status.
    Status(u16),
    /// Every answer waits this long.
    Delay(Duration),
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Arrival {
    /// The service it reached.
    pub service: String,
    /// Path and query.
    #[allow(dead_code)] // read by `cargo xtask replay-sync`'s report
    pub target: String,
    /// When it arrived.
    pub at: Instant,
}

/// The running servers.
pub struct Replay {
    runtime: tokio::runtime::Runtime,
    servers: BTreeMap<String, MockServer>,
    arrivals: Arc<Mutex<Vec<Arrival>>>,
}

struct Recorder {
    service: String,
    arrivals: Arc<Mutex<Vec<Arrival>>>,
    template: ResponseTemplate,
}

impl Respond for Recorder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut target = request.url.path().to_string();
        if let Some(q) = request.url.query() {
            target.push('?');
            target.push_str(q);
        }
        if let Ok(mut a) = self.arrivals.lock() {
            a.push(Arrival {
                service: self.service.clone(),
                target,
                at: Instant::now(),
            });
        }
        self.template.clone()
    }
}

impl Replay {
    /// Starts one server per service of `manifest`, plus one per faulty service in `faults` that
    /// the manifest lacks (it answers every path with its fault).
    pub fn start(manifest: &Value, faults: &[(&str, Fault)]) -> Replay {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let arrivals = Arc::new(Mutex::new(Vec::new()));
        let mut servers = BTreeMap::new();
        let empty = serde_json::Map::new();
        let services = manifest["services"].as_object().unwrap_or(&empty);
        let mut names: Vec<&str> = services.keys().map(String::as_str).collect();
        for (name, _) in faults {
            if !names.contains(name) {
                names.push(name);
            }
        }
        for name in names {
            let fault = faults.iter().find(|(n, _)| *n == name).map(|(_, f)| *f);
            let routes = services
                .get(name)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let server = runtime.block_on(async {
                let server = MockServer::start().await;
                let recorder = |template: ResponseTemplate| Recorder {
                    service: name.to_string(),
                    arrivals: Arc::clone(&arrivals),
                    template,
                };
                if let Some(Fault::Status(code)) = fault {
                    Mock::given(wiremock::matchers::any())
                        .respond_with(recorder(
                            ResponseTemplate::new(code).set_body_string("server error"),
                        ))
                        .mount(&server)
                        .await;
                    return server;
                }
                let delay = match fault {
                    Some(Fault::Delay(d)) => d,
                    _ => Duration::ZERO,
                };
                if routes.is_empty() {
                    Mock::given(wiremock::matchers::any())
                        .respond_with(recorder(
                            ResponseTemplate::new(200)
                                .set_body_string("[]")
                                .set_delay(delay),
                        ))
                        .mount(&server)
                        .await;
                }
                for r in &routes {
                    let template =
                        ResponseTemplate::new(r["status"].as_u64().unwrap_or(200) as u16)
                            .set_body_raw(
                                r["body"].as_str().unwrap_or_default().as_bytes().to_vec(),
                                r["content_type"].as_str().unwrap_or("application/json"),
                            )
                            .set_delay(delay);
                    let mut mock = Mock::given(method(r["method"].as_str().unwrap_or("GET")))
                        .and(path(r["path"].as_str().unwrap_or("/")));
                    let query = r["query"].as_object();
                    for (k, v) in query.into_iter().flatten() {
                        mock = mock.and(query_param(k.as_str(), v.as_str().unwrap_or_default()));
                    }
                    // Routes naming query parameters win over the bare path.
                    let priority = if query.is_some_and(|q| !q.is_empty()) {
                        1
                    } else {
                        5
                    };
                    mock.respond_with(recorder(template))
                        .with_priority(priority)
                        .mount(&server)
                        .await;
                }
                server
            });
            servers.insert(name.to_string(), server);
        }
        Replay {
            runtime,
            servers,
            arrivals,
        }
    }

    /// The base URL (`http://127.0.0.1:PORT`) of a service.
    pub fn base_url(&self, service: &str) -> String {
        self.servers
            .get(service)
            .map(MockServer::uri)
            .unwrap_or_else(|| panic!("no server for {service}"))
    }

    /// Every request so far, in arrival order.
    pub fn arrivals(&self) -> Vec<Arrival> {
        let mut all = self.arrivals.lock().map(|a| a.clone()).unwrap_or_default();
        all.sort_by_key(|a| a.at);
        all
    }

    /// The smallest gap between two consecutive requests to `service`, when it got two or more.
    pub fn min_gap(&self, service: &str) -> Option<Duration> {
        let times: Vec<Instant> = self
            .arrivals()
            .into_iter()
            .filter(|a| a.service == service)
            .map(|a| a.at)
            .collect();
        times.windows(2).map(|w| w[1] - w[0]).min()
    }

    /// Stops the servers.
    pub fn stop(self) {
        let Replay {
            runtime, servers, ..
        } = self;
        drop(servers);
        runtime.shutdown_timeout(Duration::from_secs(1));
    }
}

/// The `[[sources]]` tables of a manifest, each with its service's `base_url` and `extra` keys,
/// as TOML.
pub fn sources_toml(manifest: &Value, replay: &Replay, extra: &[(&str, toml::Value)]) -> String {
    let mut tables = Vec::new();
    for source in manifest["sources"].as_array().into_iter().flatten() {
        let mut table: toml::Table = serde_json::from_value(strip(source)).expect("source table");
        let service = source["service"].as_str().unwrap_or_default();
        table.insert(
            "base_url".into(),
            toml::Value::String(replay.base_url(service)),
        );
        for (k, v) in extra {
            table.insert((*k).to_string(), v.clone());
        }
        tables.push(toml::Value::Table(table));
    }
    let mut root = toml::Table::new();
    root.insert("sources".into(), toml::Value::Array(tables));
    toml::to_string(&root).expect("toml")
}

/// A source table without the manifest's own keys (`service`, `expect`).
fn strip(source: &Value) -> Value {
    let mut s = source.clone();
    if let Some(o) = s.as_object_mut() {
        o.remove("service");
        o.remove("expect");
    }
    s
}
