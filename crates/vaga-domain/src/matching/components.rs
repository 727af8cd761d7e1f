//! The experience and salary components, as plain functions of a posting's and a person's facts.

use serde::Serialize;

use crate::posting::seniority::Seniority;

/// A match's four components, each 0–100 (see the module docs of [`crate::matching`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Components {
    /// Skills.
    pub skills: f64,
    /// Experience.
    pub experience: f64,
    /// Location.
    pub location: f64,
    /// Salary.
    pub salary: f64,
}

/// A level on one scale: intern 0 … senior 3, lead and manager 4.
pub(crate) fn rank(level: Seniority) -> i32 {
    match level {
        Seniority::Intern => 0,
        Seniority::Junior => 1,
        Seniority::Mid => 2,
        Seniority::Senior => 3,
        Seniority::Lead | Seniority::Manager => 4,
    }
}

/// Years at which a junior or intern posting no longer suits a person.
const OVERQUALIFIED_FOR_JUNIOR: f32 = 4.0;

/// The experience component in [0, 1], or `None` when the posting states neither a level nor
/// years (neutral). `person_level` is the person's level (from the profile, or from the years).
///
/// Level: same level 1, one level apart 0.5, two or more 0; a junior or intern posting for a
/// person with 4 or more years is 0. Years: 1 when the person has the years asked for, falling
/// linearly to 0 at none; and when the posting caps the years (`2–4 anos`), falling from 1 at
/// three years over the cap to 0 at eight over. With both, 0.65 × level + 0.35 × years.
pub fn experience_component(
    posting_level: Option<Seniority>,
    years_min: Option<f32>,
    years_max: Option<f32>,
    person_level: Option<Seniority>,
    person_years: Option<f32>,
) -> Option<f32> {
    let level = match (posting_level, person_level) {
        (Some(p), Some(u)) => {
            let distance = (rank(p) - rank(u)).abs();
            let mut v = match distance {
                0 => 1.0,
                1 => 0.5,
                _ => 0.0,
            };
            if rank(p) <= 1 && person_years.is_some_and(|y| y >= OVERQUALIFIED_FOR_JUNIOR) {
                v = 0.0;
            }
            Some(v)
        }
        _ => None,
    };
    let years = match person_years {
        Some(have) if years_min.is_some() || years_max.is_some() => {
            let mut v: f32 = 1.0;
            if let Some(need) = years_min.filter(|n| *n > 0.0)
                && have < need
            {
                v = (have / need).clamp(0.0, 1.0);
            }
            if let Some(cap) = years_max {
                let over = have - cap - 3.0;
                if over > 0.0 {
                    v = v.min((1.0 - over / 5.0).clamp(0.0, 1.0));
                }
            }
            Some(v)
        }
        _ => None,
    };
    match (level, years) {
        (Some(l), Some(y)) => Some(0.65 * l + 0.35 * y),
        (Some(l), None) => Some(l),
        (None, Some(y)) => Some(y),
        (None, None) => None,
    }
}

/// The salary component in [0, 1] from the posting's top of range (`offered`, the lower bound
/// when it states only one) and the person's expected range, all in one currency and period;
/// `None` (neutral) when either is unknown.
///
/// `0.6 × below + 0.4 × reach`: `below` falls from 1 when the offer reaches the person's minimum
/// to 0 at 60% of it; `reach` is how far into the person's range the offer goes. An offer at or
/// above the person's maximum is 1. Never decreases when the offer rises.
pub fn salary_component(offered: Option<f32>, want_min: f32, want_max: f32) -> Option<f32> {
    let offered = offered.filter(|o| o.is_finite() && *o >= 0.0)?;
    if !(want_min.is_finite() && want_min > 0.0) {
        return None;
    }
    let want_max = if want_max.is_finite() && want_max >= want_min {
        want_max
    } else {
        want_min
    };
    let below = ((offered / want_min - 0.6) / 0.4).clamp(0.0, 1.0);
    let reach = if want_max > want_min {
        ((offered - want_min) / (want_max - want_min)).clamp(0.0, 1.0)
    } else if offered >= want_min {
        1.0
    } else {
        0.0
    };
    Some(0.6 * below + 0.4 * reach)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_distance_and_years() {
        let s = Some(Seniority::Senior);
        let m = Some(Seniority::Mid);
        let j = Some(Seniority::Junior);
        assert_eq!(experience_component(s, None, None, s, None), Some(1.0));
        assert_eq!(experience_component(m, None, None, s, None), Some(0.5));
        assert_eq!(experience_component(j, None, None, s, None), Some(0.0));
        // A junior posting for someone with 8 years.
        assert_eq!(experience_component(j, None, None, m, Some(8.0)), Some(0.0));
        // 3 of 6 years asked, no level: half.
        assert_eq!(
            experience_component(None, Some(6.0), None, m, Some(3.0)),
            Some(0.5)
        );
        assert_eq!(experience_component(None, None, None, m, Some(3.0)), None);
    }

    #[test]
    fn salary_reaches_into_the_range() {
        assert_eq!(salary_component(None, 100.0, 200.0), None);
        assert_eq!(salary_component(Some(250.0), 100.0, 200.0), Some(1.0));
        let at_min = salary_component(Some(100.0), 100.0, 200.0).unwrap();
        assert!((at_min - 0.6).abs() < 1e-6, "{at_min}");
        assert_eq!(salary_component(Some(60.0), 100.0, 200.0), Some(0.0));
        assert_eq!(salary_component(Some(100.0), 0.0, 200.0), None);
    }
}
