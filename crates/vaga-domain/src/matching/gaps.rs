//! Skill gaps: what the person lacks for a set of target postings, how much each missing skill
//! matters, and how much learning the most important ones would raise their scores.

use serde::Serialize;

use super::index::{CHILD_COVERS_PARENT, MatchIndex, MatchOptions};
use super::profile::Profile;
use crate::skills::SkillIdx;

/// How to weigh missing skills.
#[derive(Debug, Clone, PartialEq)]
pub struct GapOptions {
    /// Missing skills reported (most important first).
    pub max_missing: usize,
    /// Missing skills assumed learnt for the improvement potential.
    pub learn: usize,
    /// Age, in days, at which a target posting counts half (recency).
    pub half_life_days: f64,
    /// Share of importance that comes from demand across all indexed postings (the rest comes
    /// from the targets).
    pub market_share: f64,
}

impl Default for GapOptions {
    fn default() -> Self {
        GapOptions {
            max_missing: 20,
            learn: 5,
            half_life_days: 90.0,
            market_share: 0.2,
        }
    }
}

/// A target posting: its index, and its age in days (`None`: undated).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target {
    /// Position in the index.
    pub index: usize,
    /// Days between its publication and the newest posting considered.
    pub age_days: Option<f64>,
}

/// A skill the person lacks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissingSkill {
    /// The skill.
    #[serde(skip)]
    pub skill: SkillIdx,
    /// Its canonical name.
    pub name: String,
    /// 0–100: the most important missing skill is 100.
    pub importance: f64,
    /// Target postings that ask for it.
    pub frequency: usize,
    /// Indexed postings that ask for it.
    pub market_frequency: u32,
    /// How much of it the person already covers through a neighbour skill, 0–1.
    pub partial_credit: f64,
}

/// Average scores of the targets now and after learning the top missing skills.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Improvement {
    /// Mean score of the targets now.
    pub current_avg: f64,
    /// Mean score after learning `learned`.
    pub potential_avg: f64,
    /// `potential_avg − current_avg`.
    pub increase: f64,
    /// The skills assumed learnt.
    pub learned: Vec<String>,
}

/// What [`gaps`] finds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapReport {
    /// Target postings studied.
    pub targets: usize,
    /// Missing skills, most important first.
    pub missing_skills: Vec<MissingSkill>,
    /// The improvement potential.
    pub improvement_potential: Improvement,
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Missing skills of `targets` for `profile`, ranked by importance: for each target that asks
/// for a skill the person does not cover, the target's weight (its score for the person, times
/// `0.5^(age / half_life)`) times what is left to cover (1 − partial credit) times the skill's
/// weight in that posting (distinctive skills and requirements count more than common skills
/// and nice-to-haves); blended with the skill's demand across all indexed postings. Then the
/// targets are rescored as if the top `learn` missing skills were known.
pub fn gaps(
    index: &MatchIndex<'_>,
    profile: &Profile,
    match_options: &MatchOptions,
    targets: &[Target],
    options: &GapOptions,
) -> GapReport {
    let which: Vec<usize> = targets
        .iter()
        .map(|t| t.index)
        .filter(|&i| i < index.len())
        .collect();
    let now = index.score(profile, match_options, &which);
    let credit = index.credits(profile);
    let n_skills = credit.len();
    let mut need = vec![0f64; n_skills];
    let mut frequency = vec![0usize; n_skills];
    for (t, m) in targets.iter().filter(|t| t.index < index.len()).zip(&now) {
        let recency = t
            .age_days
            .filter(|a| a.is_finite() && *a > 0.0 && options.half_life_days > 0.0)
            .map_or(1.0, |a| 0.5f64.powf(a / options.half_life_days));
        let weight = (m.score / 100.0).max(0.05) * recency;
        for (s, w) in index.terms(t.index) {
            let c = credit[s.get()];
            if c >= CHILD_COVERS_PARENT {
                continue;
            }
            need[s.get()] += weight * f64::from(w) * (1.0 - f64::from(c));
            frequency[s.get()] += 1;
        }
    }
    let max_need = need.iter().copied().fold(0.0, f64::max);
    let max_df = (0..n_skills)
        .filter(|&s| need[s] > 0.0)
        .map(|s| index.frequency(SkillIdx(s as u32)))
        .max()
        .unwrap_or(0);
    let share = options.market_share.clamp(0.0, 1.0);
    let tax = index.engine().taxonomy();
    let mut missing: Vec<MissingSkill> = (0..n_skills)
        .filter(|&s| need[s] > 0.0)
        .map(|s| {
            let idx = SkillIdx(s as u32);
            let df = index.frequency(idx);
            let market = if max_df > 0 {
                f64::from(df) / f64::from(max_df)
            } else {
                0.0
            };
            let raw = (1.0 - share) * need[s] / max_need + share * market;
            MissingSkill {
                skill: idx,
                name: tax.skill(idx).name.clone(),
                importance: raw,
                frequency: frequency[s],
                market_frequency: df,
                partial_credit: (f64::from(credit[s]) * 100.0).round() / 100.0,
            }
        })
        .collect();
    missing.sort_by(|a, b| {
        b.importance
            .total_cmp(&a.importance)
            .then(b.frequency.cmp(&a.frequency))
            .then(a.skill.cmp(&b.skill))
    });
    let top = missing
        .first()
        .map_or(1.0, |m| m.importance)
        .max(f64::MIN_POSITIVE);
    for m in &mut missing {
        m.importance = round1(100.0 * m.importance / top);
    }
    missing.truncate(options.max_missing);

    let learned: Vec<SkillIdx> = missing
        .iter()
        .take(options.learn)
        .map(|m| m.skill)
        .collect();
    let mut better = profile.clone();
    better.skills.extend(&learned);
    better.skills.sort_unstable();
    better.skills.dedup();
    let after = index.score(&better, match_options, &which);
    let mean = |ms: &[super::Match]| {
        if ms.is_empty() {
            0.0
        } else {
            ms.iter().map(|m| m.score).sum::<f64>() / ms.len() as f64
        }
    };
    let (current, potential) = (round1(mean(&now)), round1(mean(&after)));
    GapReport {
        targets: which.len(),
        improvement_potential: Improvement {
            current_avg: current,
            potential_avg: potential,
            increase: round1(potential - current),
            learned: learned.iter().map(|&s| tax.skill(s).name.clone()).collect(),
        },
        missing_skills: missing,
    }
}
