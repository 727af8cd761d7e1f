//! `vaga serve --demo` end to end: the real binary on a loopback port with its embedded SQLite,
//! the demo loaded, the in-process worker computing matches, analysis and trends, then a clean
//! stop on SIGTERM. And `vaga admin create`.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::{Vaga, stderr, stdout};

/// A running `vaga serve`; killed if the test fails before stopping it.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(vaga: &Vaga, args: &[&str]) -> Server {
    let mut child = vaga
        .command()
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("vaga serve starts");
    let err = child.stderr.take().expect("stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("serving on http://").nth(1) {
                let addr = rest
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                let _ = tx.send(addr);
            }
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(180))
        .expect("the server says where it listens");
    Server {
        child,
        base: format!("http://{addr}"),
    }
}

async fn poll<F, Fut>(what: &str, mut f: F) -> Value
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<Value>>,
{
    let start = Instant::now();
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "{what} never came"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

#[test]
fn serve_demo_shows_matches_gaps_and_trends_then_stops_cleanly() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let vaga = Vaga::new();
    let mut server = start(&vaga, &["serve", "--demo", "--bind", "127.0.0.1:0"]);
    let base = server.base.clone();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let http = reqwest::Client::new();
        let page = http
            .get(format!("{base}/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("demo@vaga.local"), "{page}");
        let login: Value = http
            .post(format!("{base}/api/v1/auth/login"))
            .json(&json!({ "email": "demo@vaga.local", "password": "jabuticaba-no-quintal-2026" }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = login["access_token"]
            .as_str()
            .expect("demo login")
            .to_owned();
        let get = |path: &str| http.get(format!("{base}{path}")).bearer_auth(&token).send();
        let matches = poll("matches", || async {
            let v: Value = get("/api/v1/matches?limit=10")
                .await
                .ok()?
                .json()
                .await
                .ok()?;
            (!v["items"].as_array()?.is_empty()).then_some(v)
        })
        .await;
        let top = &matches["items"][0];
        assert!(top["score"].as_f64().unwrap() >= 70.0, "{top}");
        assert!(top["posting"]["title"].is_string());
        assert!(!top["explanation"].is_null());
        let analysis = poll("skill analysis", || async {
            let v: Value = get("/api/v1/skills/analysis")
                .await
                .ok()?
                .json()
                .await
                .ok()?;
            (!v.as_array()?.is_empty()).then_some(v)
        })
        .await;
        assert!(analysis[0]["report"].is_object());
        let trends = poll("trends", || async {
            let res = get("/api/v1/trends").await.ok()?;
            (res.status() == 200).then_some(())?;
            res.json::<Value>().await.ok()
        })
        .await;
        assert!(trends["report"].is_object());
        let found: Value = get("/api/v1/postings?q=dado&limit=5")
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(!found["items"].as_array().unwrap().is_empty(), "{found}");
        let health: Value = http
            .get(format!("{base}/health"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(health["status"], "ok", "{health}");
        assert_eq!(health["database"], "sqlite");
    });
    // SIGTERM: the API and the worker stop, and the process exits 0.
    let pid = server.child.id().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "did not stop");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(status.code(), Some(0));
    assert!(vaga.home().join(".local/share/vaga/vaga.db").is_file());
    assert!(vaga.home().join(".local/share/vaga/secret.key").is_file());
}

#[test]
fn admin_create_makes_or_promotes_an_admin() {
    let vaga = Vaga::new();
    let run = |password: &str| {
        let mut c = vaga.command();
        c.env("VAGA_ADMIN_PASSWORD", password);
        vaga.run_with(c, &["admin", "create", "--email", "Root@Example.org"], b"")
    };
    let out = run("saffron kettle orbit 58");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "root@example.org: created");
    let out = run("another saffron kettle 59");
    assert_eq!(
        stdout(&out).trim(),
        "root@example.org: updated: now admin, password changed"
    );
    let out = run("password");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("password refused"),
        "{}",
        stderr(&out)
    );
    // From standard input when the variable is unset.
    let out = vaga.run(
        &["admin", "create", "--email", "ops@example.org"],
        b"violet tundra marble 73\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
