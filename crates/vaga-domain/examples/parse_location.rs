//! Prints what the location parser makes of each argument, as JSON, with eligibility from the
//! home country given by `--from CC` (default BR). A quick way to try phrasings:
//!
//! `cargo run -p vaga-domain --example parse_location -- --from BR "Remote (LATAM)" "Berlin"`

use vaga_domain::posting::location::{CountryCode, Gazetteer, LocationInput, parse_location};

fn main() {
    let mut home = CountryCode::parse("BR");
    let mut description = None;
    let mut texts = Vec::new();
    let mut compact = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--from" => home = args.next().as_deref().and_then(CountryCode::parse),
            "--description" => description = args.next(),
            "--compact" => compact = true,
            "--jsonl" => {
                // One posting per line: {"location", "description"}; prints what the
                // description added.
                let path = args.next().unwrap_or_default();
                let text = std::fs::read_to_string(path).unwrap_or_default();
                let gaz = Gazetteer::builtin();
                for line in text.lines() {
                    let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                        continue;
                    };
                    let location = v["location"].as_str().unwrap_or("");
                    let description = v["description"].as_str();
                    let input = LocationInput {
                        location,
                        description,
                        ..LocationInput::default()
                    };
                    let loc = parse_location(gaz, &input);
                    let from_description: Vec<String> = loc
                        .places
                        .iter()
                        .filter(|p| p.field == vaga_domain::posting::location::Field::Description)
                        .map(|p| format!("{:?}:{}", p.role, p.text))
                        .collect();
                    let tz = loc
                        .timezone
                        .as_ref()
                        .map(|t| t.text.clone())
                        .unwrap_or_default();
                    let e = home.map(|h| loc.eligibility(gaz, h).eligible);
                    println!(
                        "{:<40} | {:<7} | {:?} | {} | {}",
                        location,
                        loc.workplace.map_or("-", |w| w.as_str()),
                        e.flatten(),
                        from_description.join("; "),
                        tz
                    );
                }
                return;
            }
            _ => texts.push(a),
        }
    }
    let gaz = Gazetteer::builtin();
    for text in texts {
        let input = LocationInput {
            location: &text,
            description: description.as_deref(),
            ..LocationInput::default()
        };
        let loc = parse_location(gaz, &input);
        let eligibility = home.map(|h| loc.eligibility(gaz, h));
        if compact {
            let countries: Vec<String> = loc.countries.iter().map(|c| c.to_string()).collect();
            let regions: Vec<&str> = loc.regions.iter().map(|r| r.as_str()).collect();
            println!(
                "{:<60} | {:<7} | {:<5} | {} | {} | {}",
                text,
                loc.workplace.map_or("-", |w| w.as_str()),
                eligibility
                    .as_ref()
                    .and_then(|e| e.eligible)
                    .map_or("-".into(), |e| e.to_string()),
                countries.join(","),
                regions.join(","),
                loc.timezone.as_ref().map_or(String::new(), |t| format!(
                    "tz {}..{}",
                    t.accepted.min, t.accepted.max
                )),
            );
            continue;
        }
        let out = serde_json::json!({"input": text, "location": loc, "eligibility": eligibility});
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    }
}
