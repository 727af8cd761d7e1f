//! The part of a [`Location`] that decides eligibility, in a form that can be stored with a
//! normalised posting and evaluated later for any home country.
//!
//! Normalising a posting happens once; matching asks "can a person in `home` take this?" for
//! whatever country each profile names. [`EligibilityRule`] keeps exactly what
//! [`Location::eligibility`] reads (the places allowed by the location fields and by the
//! description, the excluded places, a time-zone requirement, a required relocation), with
//! places reduced to a country or a group id of the [`Gazetteer`], so the answer computed from a
//! stored rule is the answer computed from the text. [`Location::eligibility`] itself goes
//! through the rule, so there is one implementation.

use serde::{Deserialize, Serialize};

use super::{CountryCode, Eligibility};
use super::{Field, Gazetteer, Location, Place, PlaceRole, TzRange, Workplace};

/// A place in a rule: a country (a city or state counts as its country) or a group of
/// countries (`latam`, `eu`), with the words that named it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulePlace {
    /// The country, for countries, states and cities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
    /// The gazetteer group id, for regions and groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The phrase as written.
    pub text: String,
}

impl RulePlace {
    fn of(gaz: &Gazetteer, place: &Place) -> RulePlace {
        RulePlace {
            country: place.country,
            group: place.group.map(|g| gaz.group_at(g).id.clone()),
            text: place.text.clone(),
        }
    }

    /// Whether `home` is this place or one of its members.
    pub fn contains(&self, gaz: &Gazetteer, home: CountryCode) -> bool {
        if let Some(id) = &self.group {
            return gaz
                .group(id)
                .is_some_and(|g| g.members.binary_search(&home).is_ok());
        }
        self.country == Some(home)
    }
}

/// A time-zone requirement as a rule keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleTimezone {
    /// The zone named.
    pub zone: TzRange,
    /// The offsets a candidate may live in.
    pub accepted: TzRange,
    /// The phrase.
    pub text: String,
}

/// What decides eligibility, for any home country. See the module docs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EligibilityRule {
    /// Whether the posting is remote.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub remote: bool,
    /// Places allowed by the location field and the source's fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed: Vec<RulePlace>,
    /// Places the description restricts candidates to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_by_description: Vec<RulePlace>,
    /// Places excluded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<RulePlace>,
    /// A time-zone requirement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<RuleTimezone>,
    /// The phrase asking the candidate to relocate, when one does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relocation: Option<String>,
}

impl EligibilityRule {
    /// The rule of a parsed location.
    pub fn of(gaz: &Gazetteer, loc: &Location) -> EligibilityRule {
        let places = |keep: &dyn Fn(&Place) -> bool| -> Vec<RulePlace> {
            loc.places
                .iter()
                .filter(|p| keep(p))
                .map(|p| RulePlace::of(gaz, p))
                .collect()
        };
        EligibilityRule {
            remote: loc.workplace == Some(Workplace::Remote),
            allowed: places(&|p| p.role == PlaceRole::Allowed && p.field != Field::Description),
            allowed_by_description: places(&|p| {
                p.role == PlaceRole::Allowed && p.field == Field::Description
            }),
            excluded: places(&|p| p.role == PlaceRole::Excluded),
            timezone: loc.timezone.as_ref().map(|tz| RuleTimezone {
                zone: tz.zone,
                accepted: tz.accepted,
                text: tz.text.clone(),
            }),
            relocation: loc
                .relocation
                .as_ref()
                .filter(|r| r.required)
                .map(|r| r.text.clone()),
        }
    }

    /// Whether a person living in `home` can take the job without relocating. The rules are
    /// those of [`Location::eligibility`].
    pub fn eligibility(&self, gaz: &Gazetteer, home: CountryCode) -> Eligibility {
        let home_offset = gaz.country(home).map(|c| c.utc_main);
        let overlap_hours = self.timezone.as_ref().and_then(|tz| {
            home_offset.map(|offset| (8.0 - tz.zone.distance(offset)).clamp(0.0, 8.0))
        });
        let answer = |eligible: Option<bool>, reason: Option<&str>| Eligibility {
            eligible,
            reason: reason.map(str::to_string),
            overlap_hours,
        };
        // An exclusion that covers home decides.
        if let Some(p) = self.excluded.iter().find(|p| p.contains(gaz, home)) {
            return answer(Some(false), Some(&p.text));
        }
        let mut verdicts: Vec<(bool, &str)> = Vec::new();
        for allowed in [&self.allowed, &self.allowed_by_description] {
            let Some(first) = allowed.first() else {
                continue;
            };
            match allowed.iter().find(|p| p.contains(gaz, home)) {
                Some(p) => verdicts.push((true, &p.text)),
                None => verdicts.push((false, &first.text)),
            }
        }
        if let (Some(tz), Some(offset)) = (&self.timezone, home_offset) {
            verdicts.push((tz.accepted.distance(offset) <= 0.0, &tz.text));
        }
        if let Some(text) = &self.relocation
            && !verdicts.iter().any(|(ok, _)| *ok)
        {
            verdicts.push((false, text));
        }
        if verdicts.is_empty() && self.remote {
            // "Remote, except US": open elsewhere.
            if let Some(p) = self.excluded.first() {
                return answer(Some(true), Some(&p.text));
            }
        }
        if let Some((_, reason)) = verdicts.iter().find(|(ok, _)| !ok) {
            return answer(Some(false), Some(reason));
        }
        if let Some((_, reason)) = verdicts.first() {
            return answer(Some(true), Some(reason));
        }
        answer(None, None)
    }
}
