//! The match index: postings in compact columns, an inverted index over skills, and the query.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::hash::{Hash, Hasher};

use serde::Serialize;

use super::Weights;
use super::components::{Components, experience_component, rank, salary_component};
use super::explain::{Facts, LevelVerdict, PayVerdict, PlaceVerdict, explain};
use super::profile::{Profile, city_key};
use crate::hash::{FxHasher, FxMap};
use crate::posting::location::{EligibilityRule, Gazetteer, Workplace};
use crate::posting::seniority::Seniority;
use crate::skills::{SkillEngine, SkillIdx};

/// Pay a posting offers, monthly, in the reference currency.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Pay {
    /// Lower bound.
    pub min: Option<f64>,
    /// Upper bound.
    pub max: Option<f64>,
}

/// What matching needs of one posting (from a normalised job record).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MatchPosting {
    /// The posting's id, as the caller wants it echoed; ties in score go to the smaller id
    /// (byte order).
    pub id: String,
    /// Title.
    pub title: String,
    /// Company.
    pub company: Option<String>,
    /// Canonical skills the posting asks for (required and optional).
    pub skills: Vec<SkillIdx>,
    /// Those of `skills` only named as a nice-to-have.
    pub optional: Vec<SkillIdx>,
    /// Level.
    pub level: Option<Seniority>,
    /// Fewest years of experience asked for.
    pub years_min: Option<f32>,
    /// Most years of experience asked for.
    pub years_max: Option<f32>,
    /// Workplace arrangement.
    pub workplace: Option<Workplace>,
    /// What decides who can take it.
    pub rule: EligibilityRule,
    /// Pay, monthly, in the reference currency.
    pub pay: Option<Pay>,
}

/// How to rank.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchOptions {
    /// Component weights.
    pub weights: Weights,
    /// How many matches to return.
    pub top: usize,
    /// Also return postings the profile rules out (not remote, or closed to the person's
    /// country, for a remote-only profile).
    pub include_hidden: bool,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            weights: Weights::default(),
            top: 20,
            include_hidden: false,
        }
    }
}

/// A skill the person covers in part, through a neighbour in the taxonomy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartialSkill {
    /// The skill the posting asks for.
    pub skill: String,
    /// The person's skill that covers it.
    pub via: String,
    /// How much of it, 0–1.
    pub credit: f64,
}

/// Whether the person can take the job, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EligibilityView {
    /// `true`, `false`, or `null` when the posting does not say.
    pub eligible: Option<bool>,
    /// Remote, hybrid or on-site.
    pub workplace: Option<Workplace>,
    /// The phrase that decided.
    pub reason: Option<String>,
    /// Working-day overlap with a required time zone, in hours.
    pub overlap_hours: Option<f32>,
}

/// The pay comparison, monthly, in the reference currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SalaryView {
    /// The reference currency.
    pub currency: &'static str,
    /// Always `month`.
    pub period: &'static str,
    /// Offered, lower bound.
    pub offered_min: Option<f64>,
    /// Offered, upper bound.
    pub offered_max: Option<f64>,
    /// Expected, lowest acceptable.
    pub expected_min: Option<f64>,
    /// Expected, hoped for.
    pub expected_max: Option<f64>,
    /// `above` (reaches the hoped-for pay), `within`, `below`, `unstated` or `no_expectation`.
    pub verdict: &'static str,
}

/// One ranked posting with everything that explains its score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    /// Position of the posting in the index.
    #[serde(skip)]
    pub index: usize,
    /// 0–100, one decimal.
    pub score: f64,
    /// The four components, 0–100.
    pub components: Components,
    /// Whether the person can take it from their country (`null`: not said).
    pub eligible: Option<bool>,
    /// Skills asked for that the person has (or has a narrower form of).
    pub matched_skills: Vec<String>,
    /// Skills asked for that the person lacks, the most distinctive first.
    pub missing_skills: Vec<String>,
    /// Skills covered in part.
    pub partial_skills: Vec<PartialSkill>,
    /// Eligibility with its evidence.
    pub eligibility: EligibilityView,
    /// The pay comparison.
    pub salary: SalaryView,
    /// One or two sentences in the profile's language.
    pub explanation: String,
}

/// The result of a query.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    /// Best first.
    pub matches: Vec<Match>,
    /// Postings scored.
    pub considered: usize,
    /// Postings the profile rules out (not returned unless asked).
    pub hidden: usize,
}

/// Distinct (workplace, rule) pairs: location is scored once per pair per profile.
#[derive(Debug, Clone)]
struct PlaceKey {
    workplace: Option<Workplace>,
    rule: EligibilityRule,
}

/// Credit a known skill gives to a skill asked for.
const SELF: f32 = 1.0;
/// The person knows a narrower skill (or one that implies it): knowing PyTorch is knowing deep
/// learning.
pub(crate) const CHILD_COVERS_PARENT: f32 = 0.8;
/// A grandchild.
const GRANDCHILD: f32 = 0.6;
/// The person knows a broader skill.
const PARENT_COVERS_CHILD: f32 = 0.5;
/// Related skills (PyTorch and TensorFlow).
const RELATED: f32 = 0.5;
/// Skills sharing a parent.
const SIBLING: f32 = 0.3;
/// What the score of a posting closed to the person's country is multiplied by, so that it
/// never outranks one they can take with a similar fit.
const CLOSED_FACTOR: f64 = 0.5;
/// Weight of a nice-to-have relative to a requirement.
const OPTIONAL_WEIGHT: f32 = 0.5;

/// Postings in compact columns plus the inverted index. Build once per set of postings; query
/// it for any number of profiles, from any number of threads.
#[derive(Debug)]
pub struct MatchIndex<'e> {
    engine: &'e SkillEngine,
    postings: Vec<MatchPosting>,
    sk_start: Vec<u32>,
    sk_id: Vec<u32>,
    sk_w: Vec<f32>,
    denom: Vec<f32>,
    level: Vec<Option<Seniority>>,
    years_min: Vec<f32>,
    years_max: Vec<f32>,
    place: Vec<u32>,
    places: Vec<PlaceKey>,
    offered: Vec<f32>,
    id_rank: Vec<u32>,
    by_rank: Vec<u32>,
    idf: Vec<f32>,
    df: Vec<u32>,
    inv_start: Vec<u32>,
    inv_post: Vec<u32>,
    inv_w: Vec<f32>,
    neighbours: Vec<Vec<(u32, f32)>>,
}

fn nan_or(v: Option<f32>) -> f32 {
    v.filter(|x| x.is_finite()).unwrap_or(f32::NAN)
}

fn some_finite(v: f32) -> Option<f32> {
    v.is_finite().then_some(v)
}

fn rule_hash(workplace: Option<Workplace>, rule: &EligibilityRule) -> u64 {
    let mut h = FxHasher::default();
    workplace.hash(&mut h);
    rule.remote.hash(&mut h);
    for list in [&rule.allowed, &rule.allowed_by_description, &rule.excluded] {
        list.len().hash(&mut h);
        for p in list {
            p.country.hash(&mut h);
            p.group.hash(&mut h);
            p.text.hash(&mut h);
        }
    }
    if let Some(tz) = &rule.timezone {
        for v in [tz.zone.min, tz.zone.max, tz.accepted.min, tz.accepted.max] {
            v.to_bits().hash(&mut h);
        }
        tz.text.hash(&mut h);
    }
    rule.relocation.hash(&mut h);
    h.finish()
}

impl<'e> MatchIndex<'e> {
    /// Builds the index. Skill ids outside the engine's taxonomy are dropped.
    pub fn new(engine: &'e SkillEngine, postings: Vec<MatchPosting>) -> MatchIndex<'e> {
        let n_skills = engine.taxonomy().len();
        let n = postings.len();
        let mut df = vec![0u32; n_skills];
        let mut lists: Vec<Vec<(u32, bool)>> = Vec::with_capacity(n);
        for p in &postings {
            let mut list: Vec<(u32, bool)> = p
                .skills
                .iter()
                .filter(|s| s.get() < n_skills)
                .map(|s| (s.0, p.optional.contains(s)))
                .collect();
            // First mention first (the order explanations list them in), each skill once.
            let mut seen = Vec::with_capacity(list.len());
            list.retain(|(s, _)| {
                let new = !seen.contains(s);
                seen.push(*s);
                new
            });
            for (s, _) in &list {
                df[*s as usize] += 1;
            }
            lists.push(list);
        }
        let total = n as f32;
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| 1.0 + ((1.0 + total) / (1.0 + d as f32)).ln())
            .collect();

        let mut sk_start = Vec::with_capacity(n + 1);
        let mut sk_id = Vec::new();
        let mut sk_w = Vec::new();
        let mut denom = Vec::with_capacity(n);
        sk_start.push(0u32);
        for list in &lists {
            let mut sum = 0.0;
            for &(s, optional) in list {
                let w = idf[s as usize] * if optional { OPTIONAL_WEIGHT } else { 1.0 };
                sk_id.push(s);
                sk_w.push(w);
                sum += w;
            }
            denom.push(sum);
            sk_start.push(sk_id.len() as u32);
        }

        // Inverted index: postings of each skill, in posting order.
        let mut inv_start = vec![0u32; n_skills + 1];
        for &s in &sk_id {
            inv_start[s as usize + 1] += 1;
        }
        for i in 0..n_skills {
            inv_start[i + 1] += inv_start[i];
        }
        let mut fill = inv_start.clone();
        let mut inv_post = vec![0u32; sk_id.len()];
        let mut inv_w = vec![0f32; sk_id.len()];
        for i in 0..n {
            for j in sk_start[i] as usize..sk_start[i + 1] as usize {
                let s = sk_id[j] as usize;
                let at = fill[s] as usize;
                inv_post[at] = i as u32;
                inv_w[at] = sk_w[j];
                fill[s] += 1;
            }
        }

        let mut places: Vec<PlaceKey> = Vec::new();
        let mut interned: FxMap<u64, Vec<u32>> = FxMap::default();
        let mut place = Vec::with_capacity(n);
        for p in &postings {
            let h = rule_hash(p.workplace, &p.rule);
            let bucket = interned.entry(h).or_default();
            let found = bucket.iter().copied().find(|&k| {
                let key = &places[k as usize];
                key.workplace == p.workplace && key.rule == p.rule
            });
            let k = match found {
                Some(k) => k,
                None => {
                    let k = places.len() as u32;
                    places.push(PlaceKey {
                        workplace: p.workplace,
                        rule: p.rule.clone(),
                    });
                    bucket.push(k);
                    k
                }
            };
            place.push(k);
        }

        let mut order: Vec<u32> = (0..n as u32).collect();
        order.sort_by(|&a, &b| {
            postings[a as usize]
                .id
                .cmp(&postings[b as usize].id)
                .then(a.cmp(&b))
        });
        let mut id_rank = vec![0u32; n];
        for (r, &i) in order.iter().enumerate() {
            id_rank[i as usize] = r as u32;
        }

        MatchIndex {
            engine,
            sk_start,
            sk_id,
            sk_w,
            denom,
            level: postings.iter().map(|p| p.level).collect(),
            years_min: postings.iter().map(|p| nan_or(p.years_min)).collect(),
            years_max: postings.iter().map(|p| nan_or(p.years_max)).collect(),
            place,
            places,
            offered: postings
                .iter()
                .map(|p| {
                    let pay = p.pay.and_then(|pay| pay.max.or(pay.min));
                    nan_or(pay.map(|v| v as f32))
                })
                .collect(),
            id_rank,
            by_rank: order,
            idf,
            df,
            inv_start,
            inv_post,
            inv_w,
            neighbours: neighbours(engine),
            postings,
        }
    }

    /// The postings, in the order given.
    pub fn postings(&self) -> &[MatchPosting] {
        &self.postings
    }

    /// Number of postings.
    pub fn len(&self) -> usize {
        self.postings.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.postings.is_empty()
    }

    /// How many postings ask for a skill.
    pub fn frequency(&self, skill: SkillIdx) -> u32 {
        self.df.get(skill.get()).copied().unwrap_or(0)
    }

    /// The weight of a skill: `1 + ln((1 + N) / (1 + df))`.
    pub fn weight(&self, skill: SkillIdx) -> f32 {
        self.idf.get(skill.get()).copied().unwrap_or(1.0)
    }

    /// The skill engine the index was built with.
    pub fn engine(&self) -> &'e SkillEngine {
        self.engine
    }

    /// How much of each skill (by index) the profile covers, 0–1.
    pub(crate) fn credits(&self, profile: &Profile) -> Vec<f32> {
        self.prepare_skills(profile).0
    }

    /// The skills of posting `i` with their weights, in mention order.
    pub(crate) fn terms(&self, i: usize) -> impl Iterator<Item = (SkillIdx, f32)> + '_ {
        let (a, b) = (self.sk_start[i] as usize, self.sk_start[i + 1] as usize);
        (a..b).map(|j| (SkillIdx(self.sk_id[j]), self.sk_w[j]))
    }

    fn prepare_skills(&self, profile: &Profile) -> (Vec<f32>, Vec<u32>) {
        let n_skills = self.idf.len();
        let mut credit = vec![0f32; n_skills];
        let mut via = vec![u32::MAX; n_skills];
        for &p in &profile.skills {
            let Some(list) = self.neighbours.get(p.get()) else {
                continue;
            };
            for &(s, c) in list {
                let s = s as usize;
                if c > credit[s] || (c == credit[s] && (p.0) < via[s]) {
                    credit[s] = c;
                    via[s] = p.0;
                }
            }
        }
        (credit, via)
    }

    fn prepare(&self, profile: &Profile) -> Prepared {
        let n_skills = self.idf.len();
        let (credit, via) = self.prepare_skills(profile);
        let touched: Vec<u32> = (0..n_skills as u32)
            .filter(|&s| credit[s as usize] > 0.0)
            .collect();
        let gaz = Gazetteer::builtin();
        let places: Vec<PlaceScore> = self
            .places
            .iter()
            .map(|k| place_score(gaz, k, profile))
            .collect();
        Prepared {
            credit,
            via,
            touched,
            places,
        }
    }

    /// The profile's best postings, with explanations. Deterministic: scores are rounded to
    /// one decimal and ties go to the smaller id.
    pub fn rank(&self, profile: &Profile, options: &MatchOptions) -> Ranking {
        let prepared = self.prepare(profile);
        let n = self.postings.len();
        let mut acc = vec![0f32; n];
        for &s in &prepared.touched {
            let c = prepared.credit[s as usize];
            let (a, b) = (
                self.inv_start[s as usize] as usize,
                self.inv_start[s as usize + 1] as usize,
            );
            for (&i, &w) in self.inv_post[a..b].iter().zip(&self.inv_w[a..b]) {
                acc[i as usize] += w * c;
            }
        }
        let w = Normalised::of(&options.weights);
        let top = options.top.min(n);
        let mut heap: BinaryHeap<Reverse<u64>> = BinaryHeap::with_capacity(top + 1);
        let mut hidden = 0usize;
        let mut considered = 0usize;
        let pay = profile.pay.map(|p| (p.min as f32, p.max as f32));
        for (i, &skill_sum) in acc.iter().enumerate() {
            let ps = &prepared.places[self.place[i] as usize];
            if ps.hidden {
                hidden += 1;
                if !options.include_hidden {
                    continue;
                }
            }
            considered += 1;
            let denom = self.denom[i];
            let sk = if denom > 0.0 {
                (skill_sum / denom).min(1.0)
            } else {
                0.0
            };
            let floor = if heap.len() == top {
                heap.peek().map_or(0, |r| (r.0 >> 32) as u32)
            } else {
                0
            };
            if top == 0 {
                continue;
            }
            if heap.len() == top {
                let bound = w.bound(sk, ps.score) * ps.factor;
                if key_of(bound) < floor {
                    continue;
                }
            }
            let ex = experience_component(
                self.level[i],
                some_finite(self.years_min[i]),
                some_finite(self.years_max[i]),
                profile.level,
                profile.years,
            );
            let sa =
                pay.and_then(|(lo, hi)| salary_component(some_finite(self.offered[i]), lo, hi));
            let score = w.combine(sk, ex, ps.score, sa) * ps.factor;
            let key = ((key_of(score) as u64) << 32) | (u32::MAX - self.id_rank[i]) as u64;
            if heap.len() < top {
                heap.push(Reverse(key));
            } else if heap.peek().is_some_and(|r| key > r.0) {
                heap.pop();
                heap.push(Reverse(key));
            }
        }
        let mut keys: Vec<u64> = heap.into_iter().map(|r| r.0).collect();
        keys.sort_unstable_by(|a, b| b.cmp(a));
        let matches = keys
            .into_iter()
            .map(|k| {
                let rank = u32::MAX - (k & 0xffff_ffff) as u32;
                let i = self.by_rank[rank as usize] as usize;
                self.explain(i, acc[i], &prepared, profile, &w)
            })
            .collect();
        Ranking {
            matches,
            considered,
            hidden,
        }
    }

    /// Scores chosen postings (by index) in full, in the order given; indices out of range are
    /// skipped. Used to rescore targets (skill gaps) without ranking everything.
    pub fn score(&self, profile: &Profile, options: &MatchOptions, which: &[usize]) -> Vec<Match> {
        let prepared = self.prepare(profile);
        let w = Normalised::of(&options.weights);
        which
            .iter()
            .copied()
            .filter(|&i| i < self.postings.len())
            .map(|i| {
                // Summed in skill order, as `rank` accumulates, so both give the same score.
                let mut terms: Vec<(u32, f32)> = (self.sk_start[i] as usize
                    ..self.sk_start[i + 1] as usize)
                    .map(|j| (self.sk_id[j], self.sk_w[j]))
                    .collect();
                terms.sort_unstable_by_key(|(s, _)| *s);
                let mut acc = 0f32;
                for (s, w) in terms {
                    let c = prepared.credit[s as usize];
                    if c > 0.0 {
                        acc += w * c;
                    }
                }
                self.explain(i, acc, &prepared, profile, &w)
            })
            .collect()
    }

    fn explain(
        &self,
        i: usize,
        acc: f32,
        prepared: &Prepared,
        profile: &Profile,
        w: &Normalised,
    ) -> Match {
        let tax = self.engine.taxonomy();
        let name = |s: u32| tax.skill(SkillIdx(s)).name.clone();
        let denom = self.denom[i];
        let sk = if denom > 0.0 {
            (acc / denom).min(1.0)
        } else {
            0.0
        };
        let ps = &prepared.places[self.place[i] as usize];
        let ex = experience_component(
            self.level[i],
            some_finite(self.years_min[i]),
            some_finite(self.years_max[i]),
            profile.level,
            profile.years,
        );
        let offered = some_finite(self.offered[i]);
        let sa = profile
            .pay
            .and_then(|p| salary_component(offered, p.min as f32, p.max as f32));
        let mean = w.combine(sk, ex, ps.score, sa) / 100.0;
        let score = mean * 100.0 * ps.factor;
        let components = Components {
            skills: round1(sk as f64 * 100.0),
            experience: round1(ex.map_or(mean, f64::from) * 100.0),
            location: round1(ps.score as f64 * 100.0),
            salary: round1(sa.map_or(mean, f64::from) * 100.0),
        };

        let (a, b) = (self.sk_start[i] as usize, self.sk_start[i + 1] as usize);
        let mut matched = Vec::new();
        let mut partial = Vec::new();
        let mut missing: Vec<(f32, u32)> = Vec::new();
        for j in a..b {
            let s = self.sk_id[j];
            let c = prepared.credit[s as usize];
            if c >= CHILD_COVERS_PARENT {
                matched.push(name(s));
            } else if c > 0.0 {
                partial.push(PartialSkill {
                    skill: name(s),
                    via: name(prepared.via[s as usize]),
                    credit: round2(c as f64),
                });
            } else {
                missing.push((self.sk_w[j], s));
            }
        }
        missing.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        let missing: Vec<String> = missing.into_iter().map(|(_, s)| name(s)).collect();

        let p = &self.postings[i];
        let level = level_verdict(p, profile);
        let pay_verdict = match (profile.pay, offered) {
            (None, _) => PayVerdict::NoExpectation,
            (Some(_), None) => PayVerdict::Unstated,
            (Some(e), Some(o)) => {
                let o = o as f64;
                if o >= e.max {
                    PayVerdict::Above
                } else if o >= e.min {
                    PayVerdict::Within
                } else {
                    PayVerdict::Below((o / e.min) as f32)
                }
            }
        };
        let missing_refs: Vec<&str> = missing.iter().take(2).map(String::as_str).collect();
        let partial_refs: Vec<&str> = partial.iter().take(2).map(|p| p.skill.as_str()).collect();
        let facts = Facts {
            score: round1(score),
            covered: matched.len(),
            asked: b - a,
            missing: &missing_refs,
            partial: &partial_refs,
            level,
            place: ps.verdict.clone(),
            pay: pay_verdict,
        };
        let explanation = explain(&facts, profile.lang);
        Match {
            index: i,
            score: round1(score),
            components,
            eligible: ps.eligible,
            matched_skills: matched,
            missing_skills: missing,
            partial_skills: partial,
            eligibility: EligibilityView {
                eligible: ps.eligible,
                workplace: p.workplace,
                reason: ps.reason.clone(),
                overlap_hours: ps.overlap,
            },
            salary: SalaryView {
                currency: profile.currency.as_str(),
                period: "month",
                offered_min: p.pay.and_then(|x| x.min).map(round0),
                offered_max: p.pay.and_then(|x| x.max).map(round0),
                expected_min: profile.pay.map(|x| round0(x.min)),
                expected_max: profile.pay.map(|x| round0(x.max)),
                verdict: match pay_verdict {
                    PayVerdict::Above => "above",
                    PayVerdict::Within => "within",
                    PayVerdict::Below(_) => "below",
                    PayVerdict::Unstated => "unstated",
                    PayVerdict::NoExpectation => "no_expectation",
                },
            },
            explanation,
        }
    }
}

fn round0(v: f64) -> f64 {
    v.round()
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The ordering key of a score: tenths of a point.
fn key_of(score: f64) -> u32 {
    (score * 10.0).round().clamp(0.0, 1000.0) as u32
}

fn level_verdict(p: &MatchPosting, profile: &Profile) -> LevelVerdict {
    match (p.level, profile.level) {
        (Some(pl), Some(ul)) => {
            if rank(pl) <= 1 && profile.years.is_some_and(|y| y >= 4.0) && rank(ul) > 1 {
                LevelVerdict::TooJunior(pl)
            } else if rank(pl) > rank(ul) {
                LevelVerdict::Above(pl)
            } else if rank(pl) < rank(ul) {
                LevelVerdict::Below(pl)
            } else {
                LevelVerdict::Fits(pl)
            }
        }
        _ => match (p.years_min, profile.years) {
            (Some(need), Some(have)) if have < need => LevelVerdict::YearsShort(need),
            _ => LevelVerdict::Unknown,
        },
    }
}

/// Weights scaled to sum to one.
#[derive(Debug, Clone, Copy)]
struct Normalised {
    skills: f64,
    experience: f64,
    location: f64,
    salary: f64,
}

impl Normalised {
    fn of(w: &Weights) -> Normalised {
        let clean = |v: f64| if v.is_finite() && v > 0.0 { v } else { 0.0 };
        let (s, e, l, p) = (
            clean(w.skills),
            clean(w.experience),
            clean(w.location),
            clean(w.salary),
        );
        let sum = s + e + l + p;
        if sum <= 0.0 {
            return Normalised {
                skills: 0.4,
                experience: 0.25,
                location: 0.2,
                salary: 0.15,
            };
        }
        Normalised {
            skills: s / sum,
            experience: e / sum,
            location: l / sum,
            salary: p / sum,
        }
    }

    /// `100 × Σ wᵢ·cᵢ / Σ wᵢ` over the known components.
    fn combine(&self, sk: f32, ex: Option<f32>, loc: f32, sal: Option<f32>) -> f64 {
        let mut total = self.skills * sk as f64 + self.location * loc as f64;
        let mut weight = self.skills + self.location;
        if let Some(e) = ex {
            total += self.experience * e as f64;
            weight += self.experience;
        }
        if let Some(s) = sal {
            total += self.salary * s as f64;
            weight += self.salary;
        }
        if weight <= 0.0 {
            return 0.0;
        }
        (100.0 * total / weight).clamp(0.0, 100.0)
    }

    /// The highest score a posting with these skill and location values can reach, whatever
    /// its experience and salary.
    fn bound(&self, sk: f32, loc: f32) -> f64 {
        self.combine(sk, Some(1.0), loc, Some(1.0))
    }
}

/// What a query precomputes for a profile.
struct Prepared {
    credit: Vec<f32>,
    via: Vec<u32>,
    touched: Vec<u32>,
    places: Vec<PlaceScore>,
}

/// The location component of one (workplace, rule) pair for one profile.
struct PlaceScore {
    score: f32,
    /// 0.5 for a posting closed to the person's country, else 1.
    factor: f64,
    eligible: Option<bool>,
    hidden: bool,
    reason: Option<String>,
    overlap: Option<f32>,
    verdict: PlaceVerdict,
}

fn place_score(gaz: &Gazetteer, key: &PlaceKey, profile: &Profile) -> PlaceScore {
    let e = profile.home.map(|h| key.rule.eligibility(gaz, h));
    let eligible = e.as_ref().and_then(|e| e.eligible);
    let reason = e.as_ref().and_then(|e| e.reason.clone());
    let overlap = e.as_ref().and_then(|e| e.overlap_hours);
    let remote = key.workplace == Some(Workplace::Remote) || key.rule.remote;
    let onsite = matches!(key.workplace, Some(Workplace::Hybrid | Workplace::Onsite)) && !remote;
    let closed = eligible == Some(false);
    let hidden = profile.remote_only && (onsite || closed);
    let (score, verdict) = if closed {
        (
            0.0,
            PlaceVerdict::Closed(reason.clone().unwrap_or_default()),
        )
    } else if remote {
        let mut s = if eligible == Some(true) { 1.0 } else { 0.6 };
        if let Some(o) = overlap {
            s *= 0.5 + 0.5 * (o.min(4.0) / 4.0);
        }
        let v = if eligible == Some(true) {
            PlaceVerdict::RemoteOpen
        } else {
            PlaceVerdict::RemoteUnstated
        };
        (s, v)
    } else if onsite {
        if profile.remote_only {
            (0.0, PlaceVerdict::NotRemote)
        } else {
            let first = key.rule.allowed.first().map(|p| p.text.clone());
            let in_city = profile.city_key.as_deref().is_some_and(|c| {
                key.rule
                    .allowed
                    .iter()
                    .any(|p| !c.is_empty() && city_key(&p.text) == c)
            });
            if in_city {
                (
                    1.0,
                    PlaceVerdict::InCity(profile.city.clone().unwrap_or_default()),
                )
            } else if eligible == Some(true) {
                (0.35, PlaceVerdict::InCountry(first.unwrap_or_default()))
            } else {
                (0.3, PlaceVerdict::Unknown)
            }
        }
    } else if eligible == Some(true) {
        (0.7, PlaceVerdict::Unknown)
    } else {
        (0.5, PlaceVerdict::Unknown)
    };
    PlaceScore {
        score,
        factor: if closed { CLOSED_FACTOR } else { 1.0 },
        eligible,
        hidden,
        reason,
        overlap,
        verdict,
    }
}

/// For every skill p, the skills a person who knows p covers, with how much.
fn neighbours(engine: &SkillEngine) -> Vec<Vec<(u32, f32)>> {
    let tax = engine.taxonomy();
    let n = tax.len();
    let mut related_rev: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (idx, skill) in tax.iter() {
        for r in &skill.related {
            if r.get() < n {
                related_rev[r.get()].push(idx.0);
            }
        }
    }
    let mut out = Vec::with_capacity(n);
    for (idx, skill) in tax.iter() {
        let mut list: Vec<(u32, f32)> = Vec::new();
        let mut add = |s: SkillIdx, c: f32| {
            if s.get() >= n {
                return;
            }
            match list.iter_mut().find(|(x, _)| *x == s.0) {
                Some(entry) => entry.1 = entry.1.max(c),
                None => list.push((s.0, c)),
            }
        };
        add(idx, SELF);
        for &i in &skill.implies {
            add(i, SELF);
        }
        for &p in &skill.parents {
            add(p, CHILD_COVERS_PARENT);
            for &g in &tax.skill(p).parents {
                add(g, GRANDCHILD);
            }
            for &sib in tax.children(p) {
                add(sib, SIBLING);
            }
        }
        for &c in tax.children(idx) {
            add(c, PARENT_COVERS_CHILD);
        }
        for &r in &skill.related {
            add(r, RELATED);
        }
        for &r in &related_rev[idx.get()] {
            add(SkillIdx(r), RELATED);
        }
        list.sort_unstable_by_key(|(s, _)| *s);
        out.push(list);
    }
    out
}
