//! Where a posting can be taken from: the workplace arrangement (remote, hybrid, on-site), the
//! countries and regions it names, who is excluded, time-zone requirements, and from those,
//! whether a person living in a given country is eligible.
//!
//! [`parse_location`] reads a posting's location field, the structured fields some sources send
//! ([`LocationHints`]: Remotive's `candidate_required_location`, Himalayas' `locationRestrictions`,
//! Lever's and Gupy's `workplaceType` and `country`, a `remote` flag) and, conservatively, its
//! description, where only explicit phrasing about the candidate's whereabouts counts ("must be
//! authorized to work in the US", "somente residentes no Brasil", "4 hours of overlap with CET").
//! The result is a [`Location`]; [`Location::eligibility`] answers for one home country.
//!
//! ```
//! use vaga_domain::posting::location::{
//!     CountryCode, Gazetteer, LocationInput, Region, Workplace, parse_location,
//! };
//!
//! let gaz = Gazetteer::builtin();
//! let loc = parse_location(gaz, &LocationInput::text("Remote - LATAM (excluding Mexico)"));
//! assert_eq!(loc.workplace, Some(Workplace::Remote));
//! assert_eq!(loc.regions, vec![Region::Latam]);
//! let br = CountryCode::parse("BR").unwrap();
//! let mx = CountryCode::parse("MX").unwrap();
//! assert_eq!(loc.eligibility(gaz, br).eligible, Some(true));
//! assert_eq!(loc.eligibility(gaz, mx).eligible, Some(false));
//! ```
//!
//! Names come from the embedded [`Gazetteer`] (see `docs/location.md` for what it holds and
//! where the data comes from). Nothing here does IO; the gazetteer is built once on first use.

mod gazetteer;
mod parse;
mod rule;
mod scan;
mod text;

use serde::{Deserialize, Serialize};

use crate::skills::fold::FoldedPart;

pub use rule::{EligibilityRule, RulePlace, RuleTimezone};

pub use gazetteer::{
    City, Country, CountryCode, Gazetteer, GazetteerProblem, Group, Subdivision, Zone,
};

/// The workplace arrangement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Workplace {
    /// At the employer's premises.
    Onsite,
    /// Partly at the premises, partly remote.
    Hybrid,
    /// From home or anywhere allowed.
    Remote,
}

impl Workplace {
    /// The contract's name: `remote`, `hybrid` or `onsite`.
    pub fn as_str(self) -> &'static str {
        match self {
            Workplace::Onsite => "onsite",
            Workplace::Hybrid => "hybrid",
            Workplace::Remote => "remote",
        }
    }

    /// Reads a source's workplace field (`"remote"`, `"on-site"`, `"Hybrid"`, `"presencial"`);
    /// `None` for anything else (`"unspecified"`).
    pub fn parse(text: &str) -> Option<Workplace> {
        let key = text::fold_name(text);
        match key.as_str() {
            "remote" | "remoto" | "remota" | "fully remote" | "remote only" | "telework"
            | "teletrabajo" | "home office" => Some(Workplace::Remote),
            "hybrid" | "hibrido" | "hibrida" | "hybrid remote" => Some(Workplace::Hybrid),
            "onsite" | "on site" | "in office" | "office" | "presencial" | "in person" => {
                Some(Workplace::Onsite)
            }
            _ => None,
        }
    }
}

/// The regions the contract names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Region {
    /// Latin America and the Caribbean.
    #[serde(rename = "LATAM")]
    Latam,
    /// South America.
    #[serde(rename = "South America")]
    SouthAmerica,
    /// The United States, Canada and Mexico (plus Bermuda, Greenland, Saint Pierre).
    #[serde(rename = "North America")]
    NorthAmerica,
    /// North, Central and South America and the Caribbean.
    Americas,
    /// Europe.
    Europe,
    /// Europe, the Middle East and Africa.
    #[serde(rename = "EMEA")]
    Emea,
    /// Asia (without the Middle East) and Oceania.
    #[serde(rename = "APAC")]
    Apac,
    /// Everywhere.
    Worldwide,
}

impl Region {
    /// The contract's name (`"LATAM"`, `"South America"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Region::Latam => "LATAM",
            Region::SouthAmerica => "South America",
            Region::NorthAmerica => "North America",
            Region::Americas => "Americas",
            Region::Europe => "Europe",
            Region::Emea => "EMEA",
            Region::Apac => "APAC",
            Region::Worldwide => "Worldwide",
        }
    }

    /// The region with this contract name.
    pub fn parse(name: &str) -> Option<Region> {
        [
            Region::Latam,
            Region::SouthAmerica,
            Region::NorthAmerica,
            Region::Americas,
            Region::Europe,
            Region::Emea,
            Region::Apac,
            Region::Worldwide,
        ]
        .into_iter()
        .find(|r| r.as_str() == name)
    }
}

/// Where a fact was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The location field.
    Location,
    /// The description.
    Description,
    /// Remotive's `candidate_required_location`.
    CandidateRequiredLocation,
    /// Himalayas' `locationRestrictions`.
    LocationRestrictions,
    /// A source's `workplaceType`.
    WorkplaceType,
    /// A source's `country`.
    Country,
    /// A source's `remote` flag.
    Remote,
}

/// What a place means for the candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceRole {
    /// Where the job is or where the candidate may be.
    Allowed,
    /// A preference, not a restriction ("US preferred").
    Preferred,
    /// Excluded ("Worldwide except US").
    Excluded,
    /// Mentioned for travel or as the company's office; not where the candidate must be.
    Other,
}

/// What kind of place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// A country.
    Country,
    /// A state or province.
    Subdivision,
    /// A city.
    City,
    /// A region or a named group of countries.
    Region,
}

/// A place named in the text.
#[derive(Debug, Clone, Serialize)]
pub struct Place {
    /// What kind of place.
    pub kind: PlaceKind,
    /// Its canonical name (`"Porto Alegre"`, `"RS"`, `"Brazil"`, `"latam"`).
    pub name: String,
    /// Its country, for countries, subdivisions and cities.
    pub country: Option<CountryCode>,
    /// The public region, for regions that have one.
    pub region: Option<Region>,
    /// The member countries, for the groups listed as countries (`DACH` → DE, AT, CH).
    pub members: Vec<CountryCode>,
    /// What it means for the candidate.
    pub role: PlaceRole,
    /// Where it was read.
    pub field: Field,
    /// The text as written.
    pub text: String,
    /// Byte span in that field (for list fields, in the item).
    pub start: usize,
    /// End of the span.
    pub end: usize,
    #[serde(skip)]
    group: Option<u16>,
}

/// A range of UTC offsets in hours (`UTC-5 to UTC+1` → -5..=1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TzRange {
    /// Lowest offset.
    pub min: f32,
    /// Highest offset.
    pub max: f32,
}

impl TzRange {
    /// Hours between an offset and the range (0 inside).
    pub fn distance(&self, offset: f32) -> f32 {
        if offset < self.min {
            self.min - offset
        } else if offset > self.max {
            offset - self.max
        } else {
            0.0
        }
    }
}

/// A time-zone requirement.
#[derive(Debug, Clone, Serialize)]
pub struct TimezoneRequirement {
    /// The zone or range named (`EST` → -5..-5; `UTC-3 to UTC+1`).
    pub zone: TzRange,
    /// The offsets a candidate may live in: the zone widened by a tolerance (`CET ± 2h`) or by
    /// what an overlap requirement leaves (`4h overlap with EST`: 8 − 4 hours either side).
    pub accepted: TzRange,
    /// Hours of overlap asked for, when the text says.
    pub overlap_hours: Option<f32>,
    /// The phrase.
    pub text: String,
    /// Where it was read.
    pub field: Field,
}

/// A relocation or visa statement.
#[derive(Debug, Clone, Serialize)]
pub struct Relocation {
    /// `true` when the candidate must move ("relocation required"), `false` when relocation or a
    /// visa is only offered.
    pub required: bool,
    /// The phrase.
    pub text: String,
    /// Where it was read.
    pub field: Field,
}

/// A phrase that decided a fact, with its span.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    /// The fact: `workplace`, `place`, `excluded`, `timezone`, `relocation`.
    pub fact: &'static str,
    /// The phrase as written.
    pub text: String,
    /// Where it was read.
    pub field: Field,
    /// Byte span in that field.
    pub start: usize,
    /// End of the span.
    pub end: usize,
}

/// Everything the location parser found. See the module docs.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Location {
    /// The arrangement; with several, the most flexible (`São Paulo or Remote` → remote).
    pub workplace: Option<Workplace>,
    /// Countries named or implied by a city or state, excluding excluded ones and places
    /// mentioned only for travel; groups such as DACH add their members. First mention first.
    pub countries: Vec<CountryCode>,
    /// Public regions named (`LatAm` → LATAM, `EU` → Europe, `Anywhere` → Worldwide).
    pub regions: Vec<Region>,
    /// Countries explicitly excluded.
    pub excluded_countries: Vec<CountryCode>,
    /// Every place with its role.
    pub places: Vec<Place>,
    /// A time-zone requirement.
    pub timezone: Option<TimezoneRequirement>,
    /// Relocation or visa statements.
    pub relocation: Option<Relocation>,
    /// The phrases that decided each fact.
    pub evidence: Vec<Evidence>,
}

/// The answer for one home country.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Eligibility {
    /// Can a person living there take the job without moving? `None` when the text does not say.
    pub eligible: Option<bool>,
    /// The phrase that decided it.
    pub reason: Option<String>,
    /// With a time-zone requirement: hours of an eight-hour working day in the home country's
    /// main time zone that overlap the required zone (8 inside it, 0 when eight or more hours
    /// away).
    pub overlap_hours: Option<f32>,
}

/// A source's structured fields that bear on location. All optional.
#[derive(Debug, Clone, Copy, Default)]
pub struct LocationHints<'a> {
    /// A `remote` flag.
    pub remote: Option<bool>,
    /// `workplaceType` (Lever: `remote|hybrid|onsite|unspecified`; Gupy: `remote|hybrid|on-site`).
    pub workplace_type: Option<&'a str>,
    /// The posting's country: an ISO code or a name (Lever `country`, Gupy `country`).
    pub country: Option<&'a str>,
    /// Remotive's `candidate_required_location` ("USA", "Americas, Europe, Israel").
    pub candidate_required_location: Option<&'a str>,
    /// Himalayas' `locationRestrictions` (country or region names).
    pub location_restrictions: &'a [&'a str],
}

/// What [`parse_location`] reads.
#[derive(Debug, Clone, Copy, Default)]
pub struct LocationInput<'a> {
    /// The location field (may be empty).
    pub location: &'a str,
    /// The description, plain text or HTML; only phrases about where the candidate may be count.
    pub description: Option<&'a str>,
    /// The description folded (as the skill extractor folds it), when the caller has it; the
    /// description is folded here otherwise.
    pub folded: Option<FoldedPart<'a>>,
    /// Structured fields from the source.
    pub hints: LocationHints<'a>,
}

impl<'a> LocationInput<'a> {
    /// Input with only a location field.
    pub fn text(location: &'a str) -> LocationInput<'a> {
        LocationInput {
            location,
            ..LocationInput::default()
        }
    }
}

/// Parses a posting's location (see the module docs). Never fails and never panics; long inputs
/// are read up to a limit (4 KiB of a location field, 64 KiB of a description).
pub fn parse_location(gaz: &Gazetteer, input: &LocationInput<'_>) -> Location {
    parse::parse(gaz, input)
}

impl Location {
    /// Whether a person living in `home` can take the job without relocating.
    ///
    /// In order: a place that excludes `home` → false; then each source of restrictions gives a
    /// verdict and any `false` wins over any `true`: the places allowed by the location field and
    /// the source's fields (true when one of them is or contains `home`: the country, a city or
    /// state in it, a region it belongs to), the places a description restricts to, and a
    /// time-zone requirement (true when `home`'s main offset is within the accepted range).
    /// Places only preferred do not restrict. A required relocation with no place in `home` is
    /// false. A remote job that only excludes other countries is true. Otherwise `None`.
    pub fn eligibility(&self, gaz: &Gazetteer, home: CountryCode) -> Eligibility {
        EligibilityRule::of(gaz, self).eligibility(gaz, home)
    }
}
