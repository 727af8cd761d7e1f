//! Location and eligibility: the gazetteer's schema test, one table per rule class (workplace,
//! places, regions, restrictions, time zones, structured fields, descriptions), and property
//! tests that parsing never panics and spans are valid. The example strings are written for
//! these tests, in the shapes job boards use.

use std::collections::{BTreeSet, HashMap};

use proptest::prelude::*;
use vaga_domain::posting::location::{
    CountryCode, Field, Gazetteer, Location, LocationHints, LocationInput, PlaceRole, Region,
    Workplace, parse_location,
};

fn gaz() -> &'static Gazetteer {
    Gazetteer::builtin()
}

fn cc(code: &str) -> CountryCode {
    CountryCode::parse(code).unwrap()
}

fn parse(text: &str) -> Location {
    parse_location(gaz(), &LocationInput::text(text))
}

fn eligible(loc: &Location, home: &str) -> Option<bool> {
    loc.eligibility(gaz(), cc(home)).eligible
}

/// `text → workplace, eligible from BR, countries, regions`, the contract's four fields.
fn check(text: &str, workplace: &str, eligible_br: &str, countries: &str, regions: &str) {
    let loc = parse(text);
    let got_w = loc.workplace.map_or("", |w| w.as_str());
    let got_e = match eligible(&loc, "BR") {
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
    let got_c: BTreeSet<String> = loc.countries.iter().map(ToString::to_string).collect();
    let got_r: BTreeSet<String> = loc.regions.iter().map(|r| r.as_str().to_string()).collect();
    assert_eq!(
        (got_w, got_e, got_c, got_r),
        (workplace, eligible_br, set(countries), set(regions)),
        "{text:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The gazetteer.

#[test]
fn the_embedded_gazetteer_has_no_schema_problem() {
    let problems = gaz().problems();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn every_code_in_the_gazetteer_is_valid() {
    let g = gaz();
    assert!(g.countries().len() >= 240, "{}", g.countries().len());
    let mut seen = BTreeSet::new();
    for c in g.countries() {
        let code = c.code.as_str();
        assert!(
            code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()),
            "{code}"
        );
        assert!(seen.insert(code.to_string()), "duplicate {code}");
        if let Some(cur) = &c.currency {
            assert!(
                cur.len() == 3 && cur.bytes().all(|b| b.is_ascii_uppercase()),
                "{code} {cur}"
            );
        }
        assert!(c.utc_min <= c.utc_main && c.utc_main <= c.utc_max, "{code}");
        assert!(!c.names.is_empty() && !c.name.is_empty(), "{code}");
        assert!(c.regions.contains(&Region::Worldwide), "{code}");
    }
    for s in g.subdivisions() {
        assert!(g.country(s.country).is_some(), "{s:?}");
        assert!(!s.code.is_empty() && !s.name.is_empty(), "{s:?}");
    }
    for city in g.cities() {
        assert!(g.country(city.country).is_some(), "{city:?}");
        if let Some(sub) = &city.subdivision {
            assert!(
                g.subdivisions()
                    .iter()
                    .any(|s| s.country == city.country && &s.code == sub),
                "{city:?}"
            );
        }
    }
    for group in g.groups() {
        assert!(!group.members.is_empty(), "{}", group.id);
        for m in &group.members {
            assert!(g.country(*m).is_some(), "{} {m}", group.id);
        }
    }
    for zone in g.zones() {
        assert!(
            zone.min <= zone.max && (-12.0..=14.0).contains(&zone.min),
            "{zone:?}"
        );
    }
    // Every public region is some group's region.
    for r in [
        Region::Latam,
        Region::SouthAmerica,
        Region::NorthAmerica,
        Region::Americas,
        Region::Europe,
        Region::Emea,
        Region::Apac,
        Region::Worldwide,
    ] {
        assert!(g.groups().iter().any(|grp| grp.region == Some(r)), "{r:?}");
        assert_eq!(Region::parse(r.as_str()), Some(r));
    }
}

#[test]
fn no_name_means_two_places_unless_marked() {
    // A name may stand for several places only when the resolver has a way to choose: the
    // name is marked (`^` capitals only, `?` ambiguous, `~` weak), or every place is a city
    // (namesakes: the country named beside it or the population decides), or the places share a
    // country (São Paulo the city and the state; Singapore the country and the city).
    let mut by_key: HashMap<String, Vec<(&'static str, String, String)>> = HashMap::new();
    for (key, kind, label, marks) in gaz().index_entries() {
        if matches!(kind, "cue" | "zone") {
            continue;
        }
        by_key.entry(key).or_default().push((kind, label, marks));
    }
    let country_of = |kind: &str, label: &str| -> String {
        match kind {
            "country" | "code" => label.to_string(),
            "subdivision" => label[..2].to_string(),
            "city" => label[label.len() - 3..label.len() - 1].to_string(),
            _ => label.to_string(),
        }
    };
    let mut unmarked = Vec::new();
    for (key, entries) in &by_key {
        let places: BTreeSet<(&str, &str)> =
            entries.iter().map(|(k, l, _)| (*k, l.as_str())).collect();
        if places.len() < 2 {
            continue;
        }
        let marked = entries.iter().any(|(_, _, m)| !m.is_empty());
        let all_cities = entries.iter().all(|(k, _, _)| *k == "city");
        let countries: BTreeSet<String> =
            entries.iter().map(|(k, l, _)| country_of(k, l)).collect();
        if !(marked || all_cities || countries.len() == 1) {
            unmarked.push(format!("{key}: {entries:?}"));
        }
    }
    unmarked.sort();
    assert!(
        unmarked.is_empty(),
        "{} names stand for places in different countries without a marker:\n{}",
        unmarked.len(),
        unmarked.join("\n")
    );
}

#[test]
fn countries_have_currencies_and_names_in_three_languages() {
    let g = gaz();
    let br = g.country(cc("BR")).unwrap();
    assert_eq!(br.currency.as_deref(), Some("BRL"));
    assert_eq!(br.utc_main, -3.0);
    assert!(br.regions.contains(&Region::Latam));
    assert_eq!(
        g.country(cc("AR")).unwrap().currency.as_deref(),
        Some("ARS")
    );
    assert_eq!(
        g.country(cc("DE")).unwrap().currency.as_deref(),
        Some("EUR")
    );
    for (name, code) in [
        ("Brasil", "BR"),
        ("Estados Unidos", "US"),
        ("EUA", "US"),
        ("U.S.A.", "US"),
        ("Reino Unido", "GB"),
        ("Alemanha", "DE"),
        ("Alemania", "DE"),
        ("México", "MX"),
        ("Países Bajos", "NL"),
        ("Coreia do Sul", "KR"),
        ("Suíça", "CH"),
        ("mx", "MX"),
        ("Espanha", "ES"),
    ] {
        assert_eq!(
            g.country_by_name(name).map(|c| c.code),
            Some(cc(code)),
            "{name}"
        );
    }
    assert!(g.country_by_name("Remote").is_none());
    assert!(g.country_by_name("").is_none());
}

// ---------------------------------------------------------------------------------------------
// Workplace.

#[test]
fn workplace_cues_in_three_languages() {
    for (text, want) in [
        ("Fully remote", "remote"),
        ("Trabalho 100% remoto", "remote"),
        ("Home office", "remote"),
        ("Teletrabajo total", "remote"),
        ("Work from home", "remote"),
        ("Hybrid (3 days on site)", "hybrid"),
        ("Modelo híbrido", "hybrid"),
        ("Modalidad híbrida", "hybrid"),
        ("Semipresencial", "hybrid"),
        ("On-site", "onsite"),
        ("Presencial", "onsite"),
        ("Office-based", "onsite"),
        ("In the office four days", "onsite"),
        ("Not remote", "onsite"),
        ("To be defined", ""),
        ("", ""),
    ] {
        let got = parse(text).workplace.map_or("", |w| w.as_str());
        assert_eq!(got, want, "{text:?}");
    }
}

#[test]
fn the_most_flexible_arrangement_wins_but_remote_days_inside_hybrid_stay_hybrid() {
    check(
        "Curitiba (presencial) ou remoto",
        "remote",
        "true",
        "BR",
        "",
    );
    check(
        "Hybrid or fully remote, Toronto",
        "remote",
        "false",
        "CA",
        "",
    );
    check(
        "Hybrid - remote Mondays and Fridays, 3 days in Madrid",
        "hybrid",
        "false",
        "ES",
        "",
    );
}

#[test]
fn a_place_without_an_arrangement_is_on_site_but_a_bare_country_is_not() {
    check("Campinas - SP", "onsite", "true", "BR", "");
    check("Hamburg, Germany", "onsite", "false", "DE", "");
    check("Texas", "onsite", "false", "US", "");
    check("Chile", "", "false", "CL", "");
    // A town the gazetteer does not know, before its country, is still a place.
    check("Heredia, Costa Rica", "onsite", "false", "CR", "");
    check("Flexible, Brazil", "", "true", "BR", "");
    check("Brasil", "", "true", "BR", "");
}

// ---------------------------------------------------------------------------------------------
// Places.

#[test]
fn cities_with_state_codes_resolve_to_their_country() {
    check("Joinville/SC", "onsite", "true", "BR", "");
    check("Uberlândia - MG", "onsite", "true", "BR", "");
    check("Miami, FL", "onsite", "false", "US", "");
    check("Ottawa, ON", "onsite", "false", "CA", "");
    check("Perth WA", "onsite", "false", "AU", "");
    check("Puebla, Pue. (presencial)", "onsite", "false", "MX", "");
    check("Eindhoven, NL", "onsite", "false", "NL", "");
}

#[test]
fn two_letter_codes_count_only_in_an_unmistakable_shape() {
    // "IN", "OR", "ME", "CO" are words or state codes: no country on their own.
    check("Remote in the office", "remote", "", "", "");
    check("Salem, OR", "onsite", "false", "US", "");
    check("Fort Wayne, IN", "onsite", "false", "US", "");
    check("Portland, ME", "onsite", "false", "US", "");
    check("Boulder, CO", "onsite", "false", "US", "");
    check("Remote, IN", "remote", "", "", "");
    check("Remote (CO)", "remote", "", "", "");
    // After a city, a country code that is not a state of the city's country is the country.
    check("Lyon, FR", "onsite", "false", "FR", "");
    // Codes that are neither words nor state codes, and the commonest state codes, stand alone.
    check("Remote (BR)", "remote", "true", "BR", "");
    check("Remote (UY)", "remote", "false", "UY", "");
    check("Remote - RJ", "remote", "true", "BR", "");
}

#[test]
fn namesakes_follow_the_country_named_beside_them() {
    check("Valencia, Spain", "onsite", "false", "ES", "");
    check("Valencia, Carabobo, Venezuela", "onsite", "false", "VE", "");
    check("Córdoba, España", "onsite", "false", "ES", "");
    check("Córdoba (Argentina)", "onsite", "false", "AR", "");
    check("London, Ontario", "onsite", "false", "CA", "");
    check("Cambridge, MA", "onsite", "false", "US", "");
    check("Savannah, Georgia", "onsite", "false", "US", "");
    check("Tbilisi, Georgia", "onsite", "false", "GE", "");
    check("Georgia (remote)", "remote", "false", "GE", "");
}

#[test]
fn country_names_and_aliases_in_english_portuguese_and_spanish() {
    check("Remote - Alemanha", "remote", "false", "DE", "");
    check("Remoto (EE.UU.)", "remote", "false", "US", "");
    check("Remote — U.K.", "remote", "false", "GB", "");
    check("Remoto: Perú o Bolivia", "remote", "false", "PE,BO", "");
    check("Remote, Holland", "remote", "false", "NL", "");
    // A code right after a country in a list is a country: Canada here, not California.
    check(
        "Remote - North America (US/CA)",
        "remote",
        "false",
        "US,CA",
        "North America",
    );
    // A name that is also a word counts only capitalized: "para" is a preposition, Pará a state.
    check(
        "Trabajo remoto para Perú y Bolivia",
        "remote",
        "false",
        "PE,BO",
        "",
    );
    check("Belém, Pará", "onsite", "true", "BR", "");
    // Brazilian contract words in capitals are not Chilean time (CLT); PT beside BR is Portugal.
    check("Remoto - CLT - Recife/PE", "remote", "true", "BR", "");
    check("Remote - PT/BR", "remote", "true", "PT,BR", "");
}

#[test]
fn common_words_are_not_places() {
    for text in [
        "Remote, nice team",
        "Mobile first, remote",
        "Reading list available",
        "Home based",
        "Of course remote",
    ] {
        let loc = parse(text);
        assert!(
            loc.countries.is_empty(),
            "{text:?} gave {:?}",
            loc.countries
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Regions.

#[test]
fn regions_and_country_groups() {
    check("Remote across LatAm", "remote", "true", "", "LATAM");
    check("Remoto - Latinoamérica", "remote", "true", "", "LATAM");
    check(
        "Remote (América do Sul)",
        "remote",
        "true",
        "",
        "South America",
    );
    check(
        "Remote · Northern America",
        "remote",
        "false",
        "",
        "North America",
    );
    check("Remote - EU/EEA", "remote", "false", "", "Europe");
    check(
        "European candidates, remote",
        "remote",
        "false",
        "",
        "Europe",
    );
    check("Remote (Asia-Pacific)", "remote", "false", "", "APAC");
    check("Remote, EMEA region", "remote", "false", "", "EMEA");
    check("Work from anywhere", "remote", "true", "", "Worldwide");
    check("Remote (DACH)", "remote", "false", "DE,AT,CH", "");
    check("Remote - Benelux", "remote", "false", "BE,NL,LU", "");
    check(
        "Remote in South or Central America",
        "remote",
        "true",
        "",
        "South America",
    );
    check(
        "Remote: North/South America",
        "remote",
        "true",
        "",
        "North America,South America",
    );
    check(
        "Remote - Western Hemisphere",
        "remote",
        "true",
        "",
        "Americas",
    );
}

// ---------------------------------------------------------------------------------------------
// Restrictions.

#[test]
fn restrictions_exclusions_and_preferences() {
    check(
        "Remote (Canadian residents only)",
        "remote",
        "false",
        "CA",
        "",
    );
    check("Remote - USA only", "remote", "false", "US", "");
    check("Remoto, apenas Brasil", "remote", "true", "BR", "");
    check("Remote, LATAM (not Brazil)", "remote", "false", "", "LATAM");
    check(
        "Global remote, excluding Russia",
        "remote",
        "true",
        "",
        "Worldwide",
    );
    check(
        "Remote worldwide except Brazil",
        "remote",
        "false",
        "",
        "Worldwide",
    );
    check("Remote (Portugal preferred)", "remote", "", "PT", "");
    check(
        "Remote; Spain preferred, LATAM welcome",
        "remote",
        "true",
        "ES",
        "LATAM",
    );
    check(
        "Remote - travel to Chicago twice a year",
        "remote",
        "",
        "",
        "",
    );
    check("Remote (HQ in Stockholm)", "remote", "", "", "");
}

#[test]
fn remote_within_one_foreign_country_is_not_eligible_from_elsewhere() {
    let loc = parse("Remote within Mexico");
    assert_eq!(eligible(&loc, "BR"), Some(false));
    assert_eq!(eligible(&loc, "MX"), Some(true));
    let loc = parse("Lima, Perú (híbrido)");
    assert_eq!(eligible(&loc, "BR"), Some(false));
    assert_eq!(eligible(&loc, "PE"), Some(true));
}

#[test]
fn excluded_countries_are_reported_and_decide() {
    let loc = parse("Anywhere except India and Pakistan");
    assert_eq!(loc.excluded_countries, vec![cc("IN"), cc("PK")]);
    assert_eq!(eligible(&loc, "IN"), Some(false));
    assert_eq!(eligible(&loc, "BR"), Some(true));
    let e = loc.eligibility(gaz(), cc("PK"));
    assert_eq!(e.reason.as_deref(), Some("Pakistan"));
}

#[test]
fn relocation_required_without_a_home_place_is_not_eligible() {
    check("Relocation to Munich required", "onsite", "false", "DE", "");
    let loc = parse("On-site, relocation required");
    assert_eq!(eligible(&loc, "BR"), Some(false));
    assert!(loc.relocation.as_ref().unwrap().required);
    let loc = parse("Remote, visa sponsorship available");
    assert_eq!(eligible(&loc, "BR"), None);
}

// ---------------------------------------------------------------------------------------------
// Time zones.

#[test]
fn time_zone_ranges_tolerances_and_overlaps() {
    // A range that contains UTC-3 is open to Brazil, one that does not is closed.
    check("Remote (UTC-4 to UTC+2)", "remote", "true", "", "");
    check("Remote, GMT-8 – GMT-6", "remote", "false", "", "");
    check("Remote, BRT ± 1h", "remote", "true", "", "");
    check("Remote, PST +/- 2 hours", "remote", "false", "", "");
    check(
        "Remote: at least 5 hours overlap with CET",
        "remote",
        "false",
        "",
        "",
    );
    check("Remote: 3h overlap with CET", "remote", "true", "", "");
    check("Remote, within 2 hours of ET", "remote", "true", "", "");
    check("Remote (IST)", "remote", "false", "", "");
    let loc = parse("Remote, overlap of 4 hours with Pacific Time");
    let tz = loc.timezone.as_ref().unwrap();
    assert_eq!((tz.zone.min, tz.zone.max), (-8.0, -7.0));
    assert_eq!(tz.overlap_hours, Some(4.0));
    // Brazil is four hours from Pacific Time: four hours of an eight-hour day overlap.
    let e = loc.eligibility(gaz(), cc("BR"));
    assert_eq!(e.eligible, Some(true));
    assert_eq!(e.overlap_hours, Some(4.0));
    let e = loc.eligibility(gaz(), cc("DE"));
    assert_eq!(e.eligible, Some(false));
    assert_eq!(e.overlap_hours, Some(0.0));
}

#[test]
fn utc_offsets_with_minutes_and_unicode_minus() {
    let loc = parse("Remote (UTC+5:30)");
    let tz = loc.timezone.unwrap();
    assert_eq!((tz.zone.min, tz.zone.max), (5.5, 5.5));
    let loc = parse("Remote (UTC−03:00)");
    assert_eq!(loc.timezone.unwrap().zone.min, -3.0);
}

#[test]
fn a_region_time_zone_phrase_is_a_requirement_only_when_alone() {
    check(
        "Remote (European time zones)",
        "remote",
        "false",
        "",
        "Europe",
    );
    check(
        "Remote, Americas timezones",
        "remote",
        "true",
        "",
        "Americas",
    );
    // With an overlap the place is only the zone's reference.
    check(
        "Remote (4h overlap with US business hours)",
        "remote",
        "true",
        "",
        "",
    );
    check(
        "Remote, 6 hours overlap with European business hours",
        "remote",
        "false",
        "",
        "",
    );
    // In a list of places it is one more place.
    check(
        "LATAM, Europe, European timezones",
        "",
        "true",
        "",
        "LATAM,Europe",
    );
}

// ---------------------------------------------------------------------------------------------
// Structured fields from sources.

#[test]
fn structured_fields_feed_the_same_decision() {
    // Remotive's candidate_required_location.
    let input = LocationInput {
        location: "",
        description: None,
        folded: None,
        hints: LocationHints {
            candidate_required_location: Some("Americas, Europe"),
            ..LocationHints::default()
        },
    };
    let loc = parse_location(gaz(), &input);
    assert_eq!(loc.workplace, Some(Workplace::Remote));
    assert_eq!(loc.regions, vec![Region::Americas, Region::Europe]);
    assert_eq!(eligible(&loc, "BR"), Some(true));
    // Himalayas' locationRestrictions.
    let restrictions = ["Canada", "United States"];
    let input = LocationInput {
        location: "Remote",
        description: None,
        folded: None,
        hints: LocationHints {
            location_restrictions: &restrictions,
            ..LocationHints::default()
        },
    };
    let loc = parse_location(gaz(), &input);
    assert_eq!(loc.countries, vec![cc("CA"), cc("US")]);
    assert_eq!(eligible(&loc, "BR"), Some(false));
    assert_eq!(eligible(&loc, "CA"), Some(true));
    // Lever's workplaceType and country; Gupy's workplaceType.
    let input = LocationInput {
        location: "Belo Horizonte, Minas Gerais",
        description: None,
        folded: None,
        hints: LocationHints {
            workplace_type: Some("on-site"),
            country: Some("Brasil"),
            ..LocationHints::default()
        },
    };
    let loc = parse_location(gaz(), &input);
    assert_eq!(loc.workplace, Some(Workplace::Onsite));
    assert_eq!(loc.countries, vec![cc("BR")]);
    let input = LocationInput {
        location: "London",
        description: None,
        folded: None,
        hints: LocationHints {
            workplace_type: Some("hybrid"),
            country: Some("GB"),
            ..LocationHints::default()
        },
    };
    let loc = parse_location(gaz(), &input);
    assert_eq!(loc.workplace, Some(Workplace::Hybrid));
    assert_eq!(eligible(&loc, "BR"), Some(false));
    // A `remote` flag.
    let input = LocationInput {
        location: "Leipzig",
        description: None,
        folded: None,
        hints: LocationHints {
            remote: Some(true),
            ..LocationHints::default()
        },
    };
    assert_eq!(
        parse_location(gaz(), &input).workplace,
        Some(Workplace::Remote)
    );
    assert_eq!(Workplace::parse("unspecified"), None);
}

// ---------------------------------------------------------------------------------------------
// Descriptions.

fn with_description(location: &str, description: &str) -> Location {
    parse_location(
        gaz(),
        &LocationInput {
            location,
            description: Some(description),
            folded: None,
            hints: LocationHints::default(),
        },
    )
}

#[test]
fn description_restrictions_count_when_explicit() {
    let loc = with_description(
        "Remote",
        "<p>We build payment tools.</p><p>Applicants must be legally authorized to work in the \
         United States; we are unable to sponsor visas.</p>",
    );
    assert_eq!(loc.countries, vec![cc("US")]);
    assert_eq!(eligible(&loc, "BR"), Some(false));
    assert_eq!(eligible(&loc, "US"), Some(true));
    let place = loc
        .places
        .iter()
        .find(|p| p.field == Field::Description)
        .unwrap();
    assert_eq!(place.text, "United States");

    // Hyphenated triggers are found like spaced ones.
    let loc = with_description(
        "Remote",
        "This position is open for Argentina and Colombia-based candidates only.",
    );
    assert_eq!(loc.countries, vec![cc("AR"), cc("CO")]);
    assert_eq!(eligible(&loc, "BR"), Some(false));
    // Some days at home is hybrid, not remote.
    let loc = with_description(
        "Chicago, IL",
        "Flexible working hours and work-from-home days.",
    );
    assert_eq!(loc.workplace, Some(Workplace::Hybrid));

    let loc = with_description("Remoto", "Sobre a vaga. Apenas para residentes no Brasil.");
    assert_eq!(eligible(&loc, "BR"), Some(true));
    assert_eq!(eligible(&loc, "PT"), Some(false));

    let loc = with_description(
        "Remote",
        "Our engineers collaborate across the Americas. You need at least six hours of overlap \
         with UTC-5.",
    );
    let tz = loc.timezone.as_ref().unwrap();
    assert_eq!(tz.overlap_hours, Some(6.0));
    assert_eq!(eligible(&loc, "BR"), Some(true));
    assert_eq!(eligible(&loc, "DE"), Some(false));
    let loc = with_description(
        "Remote",
        "We are hiring people based within the UTC 0 to UTC+3 time zones. Time zone: CET (+/- 2 \
         hours) is a plus.",
    );
    let tz = loc.timezone.as_ref().unwrap();
    assert_eq!((tz.zone.min, tz.zone.max), (0.0, 3.0));
    assert_eq!(eligible(&loc, "BR"), Some(false));
    let loc = with_description("Remote", "Precisamos de 3 horas de sobreposição com CET.");
    assert_eq!(loc.timezone.as_ref().unwrap().overlap_hours, Some(3.0));
    assert_eq!(eligible(&loc, "BR"), Some(true));
}

#[test]
fn a_restriction_after_a_long_run_of_triggers_is_still_read() {
    let description = format!(
        "{} Candidates must reside in Brazil.",
        "remote hybrid overlap based in ".repeat(1500)
    );
    let loc = with_description("", &description);
    assert_eq!(loc.countries, vec![cc("BR")]);
}

#[test]
fn descriptions_are_read_conservatively() {
    // A company's headquarters, offices and customers do not restrict a remote job.
    let loc = with_description(
        "Remote",
        "Acme is headquartered in New York and based in Boston, with offices in London and \
         Tokyo. We sell to customers in Germany and Japan. Our team is spread across Europe.",
    );
    assert!(loc.countries.is_empty(), "{:?}", loc.countries);
    assert!(loc.regions.is_empty(), "{:?}", loc.regions);
    assert_eq!(eligible(&loc, "BR"), None);
    // Casual mentions of time zones are not requirements.
    let loc = with_description("Remote", "Our stand-up is at 10am EST on Mondays.");
    assert!(loc.timezone.is_none());
    let loc = with_description(
        "Remote",
        "You will coordinate a support team spread across time zones (GMT and PST).",
    );
    assert!(loc.timezone.is_none());
    // Pay transparency lists places; it does not restrict where one may work from.
    let loc = with_description(
        "Remote",
        "For candidates located in Colorado or New Jersey, the base pay range is $90k-$120k.",
    );
    assert!(loc.countries.is_empty(), "{:?}", loc.countries);
    // Bare codes are not read in descriptions ("the CX org").
    let loc = with_description("Remote", "You must be located within the CX organization.");
    assert!(loc.countries.is_empty(), "{:?}", loc.countries);
    // Words that look like places: "Nice", "Natal" (Christmas in Portuguese), "Mobile".
    let loc = with_description(
        "Remoto",
        "Oferecemos bônus de Natal. Nice to have: mobile experience.",
    );
    assert!(loc.countries.is_empty(), "{:?}", loc.countries);
}

#[test]
fn description_workplace_fills_a_place_only_location() {
    let loc = with_description(
        "Denver, CO, USA",
        "About the role. This is a hybrid role based in Denver.",
    );
    assert_eq!(loc.workplace, Some(Workplace::Hybrid));
    let loc = with_description("", "A vaga é 100% remota.");
    assert_eq!(loc.workplace, Some(Workplace::Remote));
    // An explicit cue in the location field wins.
    let loc = with_description("Remote", "Modelo híbrido em São Paulo para quem preferir.");
    assert_eq!(loc.workplace, Some(Workplace::Remote));
}

#[test]
fn evidence_points_at_the_deciding_phrases() {
    let text = "Porto Alegre, RS (híbrido)";
    let loc = parse(text);
    let w = loc.evidence.iter().find(|e| e.fact == "workplace").unwrap();
    assert_eq!(&text[w.start..w.end], "híbrido");
    let city = &loc.places[0];
    assert_eq!(&text[city.start..city.end], "Porto Alegre");
    assert_eq!(city.role, PlaceRole::Allowed);
    let json = serde_json::to_value(&loc).unwrap();
    assert_eq!(json["workplace"], "hybrid");
    assert_eq!(json["countries"][0], "BR");
}

// ---------------------------------------------------------------------------------------------
// Properties.

fn check_valid(location: &str, description: &str) {
    let loc = parse_location(
        gaz(),
        &LocationInput {
            location,
            description: Some(description),
            folded: None,
            hints: LocationHints::default(),
        },
    );
    for p in &loc.places {
        let text = if p.field == Field::Description {
            description
        } else {
            location
        };
        assert!(p.start <= p.end && p.end <= text.len(), "{p:?}");
        assert!(
            text.is_char_boundary(p.start) && text.is_char_boundary(p.end),
            "{p:?}"
        );
    }
    for e in &loc.evidence {
        let text = match e.field {
            Field::Description => description,
            Field::Location => location,
            _ => continue,
        };
        assert!(e.start <= e.end && e.end <= text.len(), "{e:?}");
        assert!(
            text.is_char_boundary(e.start) && text.is_char_boundary(e.end),
            "{e:?}"
        );
    }
    for home in ["BR", "US", "ZZ"] {
        let e = loc.eligibility(gaz(), cc(home));
        if let Some(h) = e.overlap_hours {
            assert!((0.0..=8.0).contains(&h), "{h}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_string_parses_without_panicking(location in any::<String>(), description in any::<String>()) {
        check_valid(&location, &description);
    }

    #[test]
    fn location_like_noise_keeps_spans_on_char_boundaries(
        parts in proptest::collection::vec(prop_oneof![
            Just("Remote".to_string()), Just("São Paulo".to_string()), Just(", ".to_string()),
            Just(" - ".to_string()), Just("(".to_string()), Just(")".to_string()),
            Just("UTC".to_string()), Just("-".to_string()), Just("+".to_string()),
            Just("±".to_string()), Just("3".to_string()), Just(":30".to_string()),
            Just("U.S.".to_string()), Just("except".to_string()), Just("only".to_string()),
            Just("SP".to_string()), Just("CA".to_string()), Just("ção".to_string()),
            Just("İ".to_string()), Just("\u{301}".to_string()), Just("’".to_string()),
            Just("overlap".to_string()), Just("hours".to_string()), Just("&".to_string()),
            "[a-zA-Z0-9 .,;:+/()-]{0,8}",
            any::<char>().prop_map(String::from),
        ], 0..40)
    ) {
        let text = parts.concat();
        check_valid(&text, &text);
    }
}

#[test]
fn huge_and_binary_inputs_do_not_panic() {
    let noise: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let noise = String::from_utf8_lossy(&noise);
    check_valid(&noise, &noise);
    let big = "Remote (US only); must reside in Brazil. UTC-3 ± 2h. ".repeat(50_000);
    check_valid(&big, &big);
    check_valid("", "");
    check_valid("(", ")");
    check_valid("U.", "+/-");
}

#[test]
fn a_stored_eligibility_rule_answers_as_the_text_does() {
    use vaga_domain::posting::location::EligibilityRule;
    let texts = [
        "Remote - LATAM (excluding Mexico)",
        "Remote, US only",
        "Híbrido - São Paulo, SP",
        "Remote (UTC-3 to UTC+1)",
        "Anywhere except Brazil",
        "Berlin, Germany - relocation required",
        "Remoto - Brasil",
        "Remote - EMEA",
        "Remote",
        "",
    ];
    for text in texts {
        let loc = parse(text);
        let rule = EligibilityRule::of(gaz(), &loc);
        let stored: EligibilityRule =
            serde_json::from_str(&serde_json::to_string(&rule).unwrap()).unwrap();
        assert_eq!(stored, rule, "{text}");
        for home in ["BR", "MX", "US", "DE", "PT", "IN"] {
            assert_eq!(
                stored.eligibility(gaz(), cc(home)),
                loc.eligibility(gaz(), cc(home)),
                "{text} from {home}"
            );
        }
    }
}
