//! Market trends over a set of postings: how many postings each month, how often each skill is
//! asked for and what it pays, which skills are rising or falling, and where and by whom people
//! are hired.
//!
//! [`trends`] takes one [`TrendPosting`] per posting (the caller reads the month, the canonical
//! skills, a monthly salary in one reference currency, countries, regions and the company from
//! normalised postings) and returns [`Trends`]. It never panics, works on empty input, and every
//! number in the output is finite. Everything is ordered deterministically: counts descending,
//! ties by skill index, country code, region name or company key.
//!
//! The trend of a skill is a normalised slope of its monthly *share* (the fraction of that
//! month's postings that ask for it):
//!
//! ```text
//! x_m = months since the first covered month     y_m = count_m / postings_m     w_m = postings_m
//! slope = Σ w (x - x̄)(y - ȳ) / Σ w (x - x̄)²        (weighted least squares; ȳ = the skill's
//!                                                   dated count / dated postings)
//! trend = tanh(slope × (x_last - x_first) / ȳ)
//! ```
//!
//! `slope × span` is the fitted change of the share from the first to the last covered month;
//! dividing by the mean share makes it relative, so a niche skill going from 1% to 2% and a
//! common one going from 20% to 40% both read as doubling (≈ 0.76 with the mean in the middle),
//! and `tanh` squashes it into (-1, 1). Months are weighted by their number of postings, so a
//! month with two postings does not swing the line. The trend is 0 with fewer than two covered
//! months or fewer than [`TrendOptions::min_count`] dated postings of the skill.
//!
//! ```
//! use vaga_domain::skills::SkillIdx;
//! use vaga_domain::trends::{TrendOptions, TrendPosting, trends};
//!
//! let (rust, java) = ([SkillIdx(1)], [SkillIdx(2)]);
//! let posting = |month, skills| TrendPosting { month: Some((2025, month)), skills, ..TrendPosting::default() };
//! let postings = [
//!     posting(1, &java[..]), posting(1, &java[..]), posting(1, &java[..]), posting(1, &rust[..]),
//!     posting(2, &java[..]), posting(2, &rust[..]), posting(2, &rust[..]), posting(2, &rust[..]),
//! ];
//! let options = TrendOptions { min_count: 1, min_frequency: 1, ..TrendOptions::default() };
//! let t = trends(&postings, &options);
//! assert_eq!(t.rising[0].skill, SkillIdx(1));
//! assert_eq!(t.falling[0].skill, SkillIdx(2));
//! assert!((t.rising[0].trend - 1f64.tanh()).abs() < 1e-12);
//! ```

use std::collections::BTreeMap;

use serde::Serialize;

use crate::posting::location::{CountryCode, Region};
use crate::posting::salary::NormalizedSalary;
use crate::skills::{SkillIdx, Taxonomy};

/// One posting, as [`trends`] reads it.
#[derive(Debug, Clone, Copy, Default)]
pub struct TrendPosting<'a> {
    /// Year and month (1..=12) it was posted; `None` when undated. A month outside 1..=12 or a
    /// year outside 0..=9999 counts as undated.
    pub month: Option<(i32, u8)>,
    /// Canonical skills of the posting; repeats count once.
    pub skills: &'a [SkillIdx],
    /// Midpoint of the normalised monthly salary range, in one reference currency. Negative and
    /// non-finite values are ignored.
    pub salary_monthly: Option<f64>,
    /// Countries the posting names; repeats count once.
    pub countries: &'a [CountryCode],
    /// Regions the posting names; repeats count once.
    pub regions: &'a [Region],
    /// Hiring company, as written.
    pub company: Option<&'a str>,
}

/// Knobs of [`trends`].
#[derive(Debug, Clone, PartialEq)]
pub struct TrendOptions {
    /// Fewest dated postings of a skill for its trend to be computed (0 otherwise). Default 5.
    pub min_count: usize,
    /// How many skills `rising` and `falling` hold at most. Default 10.
    pub top_skills: usize,
    /// Fewest postings (dated or not) of a skill to appear in `rising` or `falling`. Default 10.
    pub min_frequency: usize,
    /// How many companies `companies` holds at most. Default 20.
    pub top_companies: usize,
    /// Whether each skill carries its per-month series. Default true.
    pub series: bool,
}

impl Default for TrendOptions {
    fn default() -> Self {
        TrendOptions {
            min_count: 5,
            top_skills: 10,
            min_frequency: 10,
            top_companies: 20,
            series: true,
        }
    }
}

/// What [`trends`] found.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Trends {
    /// Number of postings read.
    pub total: usize,
    /// Postings with a usable month.
    pub dated: usize,
    /// Postings without one.
    pub undated: usize,
    /// The months that have postings, oldest first, with their counts (months without postings
    /// are left out).
    pub months: Vec<MonthCount>,
    /// Every skill seen, most frequent first (ties by skill index).
    pub skills: Vec<SkillTrend>,
    /// Skills with a positive trend and at least `min_frequency` postings, steepest first.
    pub rising: Vec<TrendItem>,
    /// Skills with a negative trend and at least `min_frequency` postings, steepest first.
    pub falling: Vec<TrendItem>,
    /// Postings per country code, most first (ties by code).
    pub countries: Vec<CountryCount>,
    /// Postings per region, most first (ties by name).
    pub regions: Vec<RegionCount>,
    /// The top hiring companies by postings (ties by folded name).
    pub companies: Vec<CompanyCount>,
}

/// Postings in one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    /// Postings dated that month.
    pub count: usize,
}

/// One skill over all postings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillTrend {
    /// The skill.
    pub skill: SkillIdx,
    /// Its id, once [`Trends::with_names`] has filled it in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Its name, once [`Trends::with_names`] has filled it in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Postings that ask for it (dated or not).
    pub count: usize,
    /// `count` over all postings, in [0, 1].
    pub share: f64,
    /// Mean monthly salary of its postings that have one.
    pub avg_salary: Option<f64>,
    /// How many of its postings have a salary.
    pub salary_count: usize,
    /// Normalised slope of the monthly share, in [-1, 1] (see the module docs).
    pub trend: f64,
    /// One entry per covered month (the months of [`Trends::months`], in order), zeros
    /// included; empty when [`TrendOptions::series`] is off.
    pub series: Vec<SkillMonth>,
}

/// One skill in one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Postings of the month that ask for the skill.
    pub count: usize,
    /// `count` over the month's postings, in [0, 1].
    pub share: f64,
    /// Mean monthly salary of those postings that have one.
    pub avg_salary: Option<f64>,
}

/// A skill in `rising` or `falling`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendItem {
    /// The skill.
    pub skill: SkillIdx,
    /// Its id, once [`Trends::with_names`] has filled it in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Its name, once [`Trends::with_names`] has filled it in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its trend, in [-1, 1].
    pub trend: f64,
    /// Its postings.
    pub count: usize,
    /// Its share of all postings.
    pub share: f64,
}

/// Postings naming one country.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountryCount {
    /// ISO 3166-1 alpha-2 code.
    pub country: CountryCode,
    /// Postings.
    pub count: usize,
}

/// Postings naming one region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionCount {
    /// The region.
    pub region: Region,
    /// Postings.
    pub count: usize,
}

/// Postings of one company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompanyCount {
    /// The name as first seen (trimmed).
    pub company: String,
    /// Postings.
    pub count: usize,
}

impl Trends {
    /// Fills in the ids and names of skills from the taxonomy their indexes come from (indexes
    /// out of its range stay without a name).
    pub fn with_names(mut self, taxonomy: &Taxonomy) -> Trends {
        let lookup = |idx: SkillIdx| {
            taxonomy
                .skills()
                .get(idx.get())
                .map(|s| (s.id.clone(), s.name.clone()))
                .unzip()
        };
        for skill in &mut self.skills {
            (skill.id, skill.name) = lookup(skill.skill);
        }
        for item in self.rising.iter_mut().chain(self.falling.iter_mut()) {
            (item.id, item.name) = lookup(item.skill);
        }
        self
    }
}

/// The year and month of a `posted_at` value that starts `YYYY-MM` (ISO 8601 dates and
/// timestamps: `2025-03`, `2025-03-14`, `2025-03-14T09:00:00Z`), for [`TrendPosting::month`];
/// `None` for anything else or a month outside 1..=12.
pub fn month_of(posted_at: &str) -> Option<(i32, u8)> {
    let bytes = posted_at.trim().as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        bytes.get(range)?.iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    if bytes.get(4) != Some(&b'-') || bytes.get(7).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let (year, month) = (digits(0..4)?, digits(5..7)?);
    let month = u8::try_from(month).ok().filter(|m| (1..=12).contains(m))?;
    Some((i32::try_from(year).ok()?, month))
}

/// The midpoint of a normalised salary's monthly range, for [`TrendPosting::salary_monthly`]:
/// the mean of both bounds, or the one bound there is.
pub fn monthly_midpoint(salary: &NormalizedSalary) -> Option<f64> {
    let value = match (salary.monthly_min, salary.monthly_max) {
        (Some(min), Some(max)) => min / 2.0 + max / 2.0,
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => return None,
    };
    value.is_finite().then_some(value)
}

/// A running mean that cannot overflow.
#[derive(Debug, Clone, Copy, Default)]
struct Mean {
    n: usize,
    mean: f64,
}

impl Mean {
    fn add(&mut self, x: f64) {
        self.n += 1;
        self.mean += (x - self.mean) / self.n as f64;
    }

    fn get(self) -> Option<f64> {
        (self.n > 0 && self.mean.is_finite()).then_some(self.mean)
    }
}

#[derive(Debug, Default)]
struct SkillAcc {
    count: usize,
    salary: Mean,
    /// Month ordinal → (postings, salary).
    months: BTreeMap<i64, (usize, Mean)>,
}

/// Months since year 0 (`year × 12 + month - 1`), or `None` for an unusable month.
fn ordinal(month: Option<(i32, u8)>) -> Option<i64> {
    let (year, month) = month?;
    ((0..=9999).contains(&year) && (1..=12).contains(&month))
        .then(|| i64::from(year) * 12 + i64::from(month) - 1)
}

fn month_name(ordinal: i64) -> String {
    format!(
        "{:04}-{:02}",
        ordinal.div_euclid(12),
        ordinal.rem_euclid(12) + 1
    )
}

/// The company key: lowercase, whitespace runs collapsed to one space, trimmed.
fn company_key(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 / whole as f64).clamp(0.0, 1.0)
    }
}

/// Sorts and deduplicates a small slice into a vector.
fn unique<T: Ord + Copy>(items: &[T]) -> Vec<T> {
    let mut v = items.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

/// Computes the trends of a set of postings.
pub fn trends(postings: &[TrendPosting<'_>], options: &TrendOptions) -> Trends {
    let mut months: BTreeMap<i64, usize> = BTreeMap::new();
    let mut undated = 0usize;
    let mut skills: BTreeMap<SkillIdx, SkillAcc> = BTreeMap::new();
    let mut countries: BTreeMap<CountryCode, usize> = BTreeMap::new();
    let mut regions: BTreeMap<&'static str, (Region, usize)> = BTreeMap::new();
    // Key → (first spelling, count).
    let mut companies: BTreeMap<String, (String, usize)> = BTreeMap::new();

    for posting in postings {
        let month = ordinal(posting.month);
        match month {
            Some(m) => *months.entry(m).or_default() += 1,
            None => undated += 1,
        }
        let salary = posting
            .salary_monthly
            .filter(|s| s.is_finite() && *s >= 0.0);
        for skill in unique(posting.skills) {
            let acc = skills.entry(skill).or_default();
            acc.count += 1;
            if let Some(s) = salary {
                acc.salary.add(s);
            }
            if let Some(m) = month {
                let (count, mean) = acc.months.entry(m).or_default();
                *count += 1;
                if let Some(s) = salary {
                    mean.add(s);
                }
            }
        }
        for country in unique(posting.countries) {
            *countries.entry(country).or_default() += 1;
        }
        for region in unique(posting.regions) {
            regions.entry(region.as_str()).or_insert((region, 0)).1 += 1;
        }
        if let Some(name) = posting.company {
            let key = company_key(name);
            if !key.is_empty() {
                companies
                    .entry(key)
                    .or_insert_with(|| (name.trim().to_string(), 0))
                    .1 += 1;
            }
        }
    }

    let total = postings.len();
    let dated = total - undated;
    let month_list: Vec<(i64, usize)> = months.into_iter().collect();

    let mut skill_list: Vec<SkillTrend> = skills
        .into_iter()
        .map(|(skill, acc)| {
            let trend = trend_of(&month_list, &acc.months, options.min_count);
            let series = if options.series {
                month_list
                    .iter()
                    .map(|&(m, postings)| {
                        let (count, mean) = acc.months.get(&m).copied().unwrap_or_default();
                        SkillMonth {
                            month: month_name(m),
                            count,
                            share: ratio(count, postings),
                            avg_salary: mean.get(),
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            };
            SkillTrend {
                skill,
                id: None,
                name: None,
                count: acc.count,
                share: ratio(acc.count, total),
                avg_salary: acc.salary.get(),
                salary_count: acc.salary.n,
                trend,
                series,
            }
        })
        .collect();
    skill_list.sort_by(|a, b| b.count.cmp(&a.count).then(a.skill.cmp(&b.skill)));

    let pick = |rising: bool| {
        let mut items: Vec<TrendItem> = skill_list
            .iter()
            .filter(|s| s.count >= options.min_frequency)
            .filter(|s| if rising { s.trend > 0.0 } else { s.trend < 0.0 })
            .map(|s| TrendItem {
                skill: s.skill,
                id: None,
                name: None,
                trend: s.trend,
                count: s.count,
                share: s.share,
            })
            .collect();
        items.sort_by(|a, b| {
            let steep = if rising {
                b.trend.total_cmp(&a.trend)
            } else {
                a.trend.total_cmp(&b.trend)
            };
            steep
                .then(b.count.cmp(&a.count))
                .then(a.skill.cmp(&b.skill))
        });
        items.truncate(options.top_skills);
        items
    };
    let rising = pick(true);
    let falling = pick(false);

    let mut country_list: Vec<CountryCount> = countries
        .into_iter()
        .map(|(country, count)| CountryCount { country, count })
        .collect();
    country_list.sort_by(|a, b| b.count.cmp(&a.count).then(a.country.cmp(&b.country)));
    let mut region_list: Vec<(&str, RegionCount)> = regions
        .into_iter()
        .map(|(name, (region, count))| (name, RegionCount { region, count }))
        .collect();
    region_list.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
    let mut company_list: Vec<(String, CompanyCount)> = companies
        .into_iter()
        .map(|(key, (company, count))| (key, CompanyCount { company, count }))
        .collect();
    company_list.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(&b.0)));
    company_list.truncate(options.top_companies);

    Trends {
        total,
        dated,
        undated,
        months: month_list
            .iter()
            .map(|&(m, count)| MonthCount {
                month: month_name(m),
                count,
            })
            .collect(),
        skills: skill_list,
        rising,
        falling,
        countries: country_list,
        regions: region_list.into_iter().map(|(_, r)| r).collect(),
        companies: company_list.into_iter().map(|(_, c)| c).collect(),
    }
}

/// The normalised slope of a skill's monthly share (see the module docs); 0 when it cannot be
/// told.
fn trend_of(
    months: &[(i64, usize)],
    skill: &BTreeMap<i64, (usize, Mean)>,
    min_count: usize,
) -> f64 {
    let (Some(&(first, _)), Some(&(last, _))) = (months.first(), months.last()) else {
        return 0.0;
    };
    let dated_total: usize = months.iter().map(|&(_, n)| n).sum();
    let skill_total: usize = skill.values().map(|&(n, _)| n).sum();
    if months.len() < 2 || skill_total < min_count.max(1) || dated_total == 0 {
        return 0.0;
    }
    let weight_sum = dated_total as f64;
    let x_mean = months
        .iter()
        .map(|&(m, n)| (m - first) as f64 * n as f64)
        .sum::<f64>()
        / weight_sum;
    let y_mean = skill_total as f64 / weight_sum;
    let (mut sxy, mut sxx) = (0.0f64, 0.0f64);
    for &(m, n) in months {
        let w = n as f64;
        let dx = (m - first) as f64 - x_mean;
        let count = skill.get(&m).map_or(0, |&(c, _)| c);
        let dy = ratio(count, n) - y_mean;
        sxy += w * dx * dy;
        sxx += w * dx * dx;
    }
    if sxx <= 0.0 || y_mean <= 0.0 {
        return 0.0;
    }
    let relative = sxy / sxx * (last - first) as f64 / y_mean;
    let trend = relative.tanh();
    if trend.is_finite() {
        trend.clamp(-1.0, 1.0)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_and_names() {
        assert_eq!(ordinal(Some((2025, 1))), Some(2025 * 12));
        assert_eq!(ordinal(Some((2025, 13))), None);
        assert_eq!(ordinal(Some((2025, 0))), None);
        assert_eq!(ordinal(Some((-1, 5))), None);
        assert_eq!(month_name(2025 * 12 + 11), "2025-12");
        assert_eq!(month_name(0), "0000-01");
    }

    #[test]
    fn months_of_posting_dates() {
        assert_eq!(month_of("2025-03-14T09:00:00Z"), Some((2025, 3)));
        assert_eq!(month_of(" 2025-12 "), Some((2025, 12)));
        assert_eq!(month_of("2025-13-01"), None);
        assert_eq!(month_of("2025-00-01"), None);
        assert_eq!(month_of("2025-1-01"), None);
        assert_eq!(month_of("2025-011"), None);
        assert_eq!(month_of("14/03/2025"), None);
        assert_eq!(month_of("2025"), None);
        assert_eq!(month_of(""), None);
        assert_eq!(month_of("२०२५-03"), None);
    }

    #[test]
    fn midpoints_of_monthly_ranges() {
        let salary = |min, max| NormalizedSalary {
            currency: crate::posting::currency::codes::BRL,
            monthly_min: min,
            monthly_max: max,
            yearly_min: None,
            yearly_max: None,
            rate_date: String::new(),
        };
        assert_eq!(
            monthly_midpoint(&salary(Some(4000.0), Some(6000.0))),
            Some(5000.0)
        );
        assert_eq!(monthly_midpoint(&salary(None, Some(6000.0))), Some(6000.0));
        assert_eq!(
            monthly_midpoint(&salary(Some(f64::MAX), Some(f64::MAX))),
            Some(f64::MAX)
        );
        assert_eq!(monthly_midpoint(&salary(None, None)), None);
        assert_eq!(monthly_midpoint(&salary(Some(f64::NAN), None)), None);
    }

    #[test]
    fn company_keys_ignore_case_and_spaces() {
        assert_eq!(company_key("  Acme   Corp "), "acme corp");
        assert_eq!(company_key("ACME\tcorp"), "acme corp");
        assert_eq!(company_key("   "), "");
    }

    #[test]
    fn running_mean() {
        let mut m = Mean::default();
        assert_eq!(m.get(), None);
        for x in [1.0, 2.0, 6.0] {
            m.add(x);
        }
        assert_eq!(m.get(), Some(3.0));
        let mut big = Mean::default();
        big.add(f64::MAX);
        big.add(f64::MAX);
        assert_eq!(big.get(), Some(f64::MAX));
    }
}
