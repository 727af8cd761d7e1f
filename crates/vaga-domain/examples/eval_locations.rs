//! Measures the location parser on a labelled TSV (`text, workplace, eligible_from_BR,
//! countries, regions`, the format of the project's dev set) and prints the exact-match rates and
//! every miss.
//!
//! `cargo run -p vaga-domain --example eval_locations -- PATH/locations.tsv [--home BR]`

use std::collections::BTreeSet;

use vaga_domain::posting::location::{CountryCode, Gazetteer, LocationInput, parse_location};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: eval_locations FILE.tsv [--home CC]");
        std::process::exit(2);
    };
    let mut home = "BR".to_string();
    while let Some(a) = args.next() {
        if a == "--home" {
            home = args.next().unwrap_or(home);
        }
    }
    let home = CountryCode::parse(&home).expect("a two-letter home country");
    let text = std::fs::read_to_string(&path).expect("readable file");
    let gaz = Gazetteer::builtin();
    let (mut n, mut work, mut elig, mut countries, mut regions, mut all) = (0, 0, 0, 0, 0, 0);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split('\t').collect();
        let cell = |i: usize| f.get(i).copied().unwrap_or("").trim();
        n += 1;
        let loc = parse_location(gaz, &LocationInput::text(cell(0)));
        let e = loc.eligibility(gaz, home);
        let got_w = loc.workplace.map_or("", |w| w.as_str());
        let got_e = match e.eligible {
            Some(true) => "true",
            Some(false) => "false",
            None => "",
        };
        let set = |s: &str| -> BTreeSet<String> {
            s.split(',')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(String::from)
                .collect()
        };
        let got_c: BTreeSet<String> = loc.countries.iter().map(|c| c.to_string()).collect();
        let got_r: BTreeSet<String> = loc.regions.iter().map(|r| r.as_str().to_string()).collect();
        let ok = [
            got_w == cell(1),
            got_e == cell(2),
            got_c == set(cell(3)),
            got_r == set(cell(4)),
        ];
        work += ok[0] as u32;
        elig += ok[1] as u32;
        countries += ok[2] as u32;
        regions += ok[3] as u32;
        all += ok.iter().all(|x| *x) as u32;
        if !ok.iter().all(|x| *x) {
            println!(
                "MISS {:?}\n     want w={} e={} c={} r={}\n     got  w={} e={} c={} r={}  ({})",
                cell(0),
                cell(1),
                cell(2),
                cell(3),
                cell(4),
                got_w,
                got_e,
                got_c.into_iter().collect::<Vec<_>>().join(","),
                got_r.into_iter().collect::<Vec<_>>().join(","),
                e.reason.unwrap_or_default()
            );
        }
    }
    let pct = |x: u32| 100.0 * f64::from(x) / f64::from(n.max(1));
    println!(
        "lines {n}: workplace {:.1}%  eligible {:.1}%  countries {:.1}%  regions {:.1}%  all four {:.1}%",
        pct(work),
        pct(elig),
        pct(countries),
        pct(regions),
        pct(all)
    );
}
