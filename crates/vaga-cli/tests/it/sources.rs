//! `vaga sources sync` against loopback servers replaying real board responses at the real
//! services' paths (`tests/fixtures/replay.json`: 20 stored postings per source from Remote OK,
//! Remotive, Arbeitnow, Gupy, two Greenhouse boards, We Work Remotely and Bumeran, built by
//! `scripts/gen-replay.py`), with one source answering 500 and one too slow to answer.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use crate::replay::{Fault, Replay, sources_toml};
use crate::{Vaga, json_lines, stderr, stdout};

/// The least spacing asked of every source in these tests.
const INTERVAL: f64 = 0.3;

fn manifest() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/replay.json");
    serde_json::from_slice(&std::fs::read(path).expect("fixture")).expect("manifest")
}

/// The configuration: only the listed sources, short timeouts, and the replayed sources plus the
/// broken and slow ones.
fn config(manifest: &Value, replay: &Replay, extra_sources: &str) -> String {
    let interval = toml::Value::Float(INTERVAL);
    format!(
        "[http]\ntimeout_seconds = 1\nmax_retries = 1\nbackoff_seconds = 0.05\n\
         [sync]\nbuiltins = false\nsource_timeout_seconds = 20\n\n{}\n{extra_sources}",
        // User-added kinds (Bumeran's JSON API) must be allowed to reach loopback; built-ins
        // with a base_url are.
        sources_toml(
            manifest,
            replay,
            &[
                ("min_interval_seconds", interval),
                ("allow_private", toml::Value::Boolean(true))
            ]
        )
    )
}

fn faulty_sources(replay: &Replay) -> String {
    format!(
        "[[sources]]\nname = \"broken-board\"\nkind = \"greenhouse\"\nboard = \"broken\"\n\
         base_url = \"{}\"\n\n[[sources]]\nname = \"slow-board\"\nkind = \"lever\"\n\
         company = \"slow\"\nbase_url = \"{}\"\n",
        replay.base_url("broken"),
        replay.base_url("slow")
    )
}

fn sync(vaga: &Vaga, config: &str, out: &Path) -> (Value, std::process::Output) {
    let file = vaga.home().join("config.toml");
    std::fs::write(&file, config).expect("config");
    let output = vaga.run(
        &[
            "--config",
            file.to_str().expect("path"),
            "--format",
            "json",
            "sources",
            "sync",
            "--out",
            out.to_str().expect("path"),
        ],
        b"",
    );
    let report = serde_json::from_str(stdout(&output).trim())
        .unwrap_or_else(|e| panic!("{e}: {} / {}", stdout(&output), stderr(&output)));
    (report, output)
}

fn by_name(report: &Value) -> HashMap<String, Value> {
    report["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| (s["name"].as_str().expect("name").to_string(), s.clone()))
        .collect()
}

#[test]
fn a_sync_ingests_every_replayed_source_and_reports_the_broken_ones() {
    let manifest = manifest();
    let replay = Replay::start(
        &manifest,
        &[
            ("broken", Fault::Status(500)),
            ("slow", Fault::Delay(Duration::from_secs(3))),
        ],
    );
    let vaga = Vaga::new();
    let out = vaga.home().join("postings.jsonl");
    let config = config(&manifest, &replay, &faulty_sources(&replay));
    let (report, output) = sync(&vaga, &config, &out);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let sources = by_name(&report);

    // The broken and the slow source are reported; the rest carry on.
    let broken = &sources["broken-board"];
    assert_eq!(broken["found"], 0);
    let errors = broken["errors"].to_string();
    assert!(errors.contains("HTTP 500"), "{errors}");
    let slow = &sources["slow-board"];
    let errors = slow["errors"].to_string();
    assert!(errors.contains("timed out"), "{errors}");

    // Every replayed source: all its postings with a title and a company are in the file, with
    // the fields of the stored record (all 20 of each source checked).
    let lines = json_lines(&std::fs::read_to_string(&out).expect("output"));
    for source in manifest["sources"].as_array().expect("sources") {
        let name = source["name"]
            .as_str()
            .or(source["kind"].as_str())
            .expect("name");
        let got = &sources[name];
        // Only records the source itself left without a title or company may be skipped.
        let errors = got["errors"].as_array().expect("errors");
        assert!(
            errors
                .iter()
                .all(|e| e.as_str().is_some_and(|e| e.starts_with("skipped"))),
            "{name}: {got}"
        );
        let expected = source["expect"].as_array().expect("expect");
        assert!(
            expected.len() >= 19,
            "{name}: fixture has {}",
            expected.len()
        );
        let mine: Vec<&Value> = lines.iter().filter(|l| l["source"] == name).collect();
        let mut present = 0;
        for e in expected {
            let hit = mine.iter().any(|l| {
                l["title"] == e["title"]
                    && l["company"] == e["company"]
                    && (e["url"].is_null() || l["url"] == e["url"])
            });
            if hit {
                present += 1;
            }
        }
        let duplicates = got["duplicates"].as_u64().unwrap_or(0) as usize;
        assert!(
            present + duplicates >= expected.len(),
            "{name}: {present} of {} postings stored with their fields, {duplicates} duplicates",
            expected.len()
        );
        // Normalised on the way in.
        for l in &mine {
            assert_eq!(l["vaga_normalized"], 2, "{l}");
            assert!(l["location_parsed"].is_object(), "{l}");
            assert!(l["first_seen_at"].is_string(), "{l}");
            assert!(
                l["id"].as_str().is_some_and(|id| id.starts_with(name)),
                "{l}"
            );
        }
    }
    // Remotive's terms: its name and a link back on every posting.
    let remotive: Vec<&Value> = lines.iter().filter(|l| l["source"] == "remotive").collect();
    assert!(remotive.iter().all(|l| {
        l["attribution"]
            .as_str()
            .is_some_and(|a| a.contains("Remotive") && a.contains("https://"))
    }));

    // Each service's requests were spaced by at least the configured interval.
    for service in ["arbeitnow", "gupy", "greenhouse", "bumeran"] {
        let gap = replay.min_gap(service).expect("two or more requests");
        assert!(
            gap >= Duration::from_secs_f64(INTERVAL - 0.01),
            "{service}: {gap:?}"
        );
    }

    // Running again changes nothing and duplicates nothing.
    let before = std::fs::read_to_string(&out).expect("output");
    let (again, output) = sync(&vaga, &config, &out);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(again["total"]["new"], 0, "{again}");
    assert_eq!(again["total"]["updated"], 0, "{again}");
    assert_eq!(std::fs::read_to_string(&out).expect("output"), before);
    replay.stop();
}

#[test]
fn a_changed_posting_is_updated_in_place_and_a_copy_from_another_source_is_a_duplicate() {
    let mut manifest = manifest();
    let replay = Replay::start(&manifest, &[]);
    let vaga = Vaga::new();
    let out = vaga.home().join("postings.jsonl");
    let (first, _) = sync(&vaga, &config(&manifest, &replay, ""), &out);
    let stored = json_lines(&std::fs::read_to_string(&out).expect("output")).len();
    assert_eq!(first["total"]["new"].as_u64(), Some(stored as u64));
    replay.stop();

    // Remote OK retitles one posting; a user feed repeats We Work Remotely's postings.
    let routes = manifest["services"]["remoteok"][0]["body"]
        .as_str()
        .expect("body")
        .to_string();
    let mut records: Value = serde_json::from_str(&routes).expect("records");
    let old_title = records[1]["position"].as_str().expect("title").to_string();
    records[1]["position"] = Value::String(format!("{old_title} (updated)"));
    manifest["services"]["remoteok"][0]["body"] = Value::String(records.to_string());
    let replay = Replay::start(&manifest, &[]);
    let feed = format!(
        "[[sources]]\nname = \"wwr-copy\"\nkind = \"rss\"\nurl = \"{}/remote-jobs.rss\"\n\
         title_split = \": \"\nallow_private = true\n",
        replay.base_url("weworkremotely")
    );
    let (second, output) = sync(&vaga, &config(&manifest, &replay, &feed), &out);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let sources = by_name(&second);
    assert_eq!(sources["remoteok"]["updated"], 1, "{second}");
    assert_eq!(sources["remoteok"]["new"], 0, "{second}");
    let copy = &sources["wwr-copy"];
    assert!(copy["found"].as_u64().unwrap_or(0) >= 19, "{copy}");
    assert_eq!(copy["duplicates"], copy["found"], "{copy}");
    let lines = json_lines(&std::fs::read_to_string(&out).expect("output"));
    assert_eq!(lines.len(), stored, "nothing added");
    let retitled: Vec<&Value> = lines
        .iter()
        .filter(|l| {
            l["title"]
                .as_str()
                .is_some_and(|t| t.ends_with("(updated)"))
        })
        .collect();
    assert_eq!(retitled.len(), 1);
    replay.stop();
}

#[test]
fn sources_list_and_test_show_the_builtins_and_one_page() {
    let manifest = manifest();
    let replay = Replay::start(&manifest, &[]);
    let vaga = Vaga::new();
    let file = vaga.home().join("config.toml");
    std::fs::write(&file, config(&manifest, &replay, "")).expect("config");
    let config_arg = file.to_str().expect("path");

    let output = vaga.run(
        &[
            "--config", config_arg, "--format", "json", "sources", "list",
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let listed: Value = serde_json::from_str(&stdout(&output)).expect("json");
    let names: Vec<&str> = listed
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    for expected in [
        "remotive",
        "greenhouse-stone",
        "bumeran",
        "lever",
        "linkedin",
    ] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    let linkedin = listed
        .as_array()
        .expect("array")
        .iter()
        .find(|s| s["name"] == "linkedin")
        .expect("linkedin");
    assert_eq!(linkedin["enabled"], false, "opt-in");

    let output = vaga.run(
        &[
            "--config",
            config_arg,
            "--format",
            "json",
            "sources",
            "test",
            "arbeitnow",
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let tested: Value = serde_json::from_str(&stdout(&output)).expect("json");
    assert_eq!(tested["found"], 10);
    assert!(
        tested["next"]
            .as_str()
            .is_some_and(|n| n.contains("page=2"))
    );
    assert!(tested["postings"][0]["title"].is_string());

    let output = vaga.run(&["--config", config_arg, "sources", "test", "nope"], b"");
    let err = crate::assert_bad_input(&output);
    assert!(err.contains("no source named \"nope\""), "{err}");
    replay.stop();
}
