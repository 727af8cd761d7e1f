//! The phrases that decide how a mention counts (`data/context.toml`): optional, negated,
//! clause breaks and section headings, in English, Portuguese and Spanish.

use serde::Deserialize;

/// What a context phrase does to the mentions around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Trigger {
    /// Marks mentions as nice-to-have.
    Optional,
    /// Negates the mentions after it in its clause.
    NegateBefore,
    /// Negates the mentions after it when a [`Trigger::Need`] word follows them.
    WeakNegate,
    /// "needed", "required": completes a [`Trigger::WeakNegate`].
    Need,
    /// Negates the mentions just before it in its clause.
    NegateAfter,
    /// Ends a clause.
    Break,
    /// Starts a section that is required again.
    Heading,
    /// Makes the method skills after it in its clause fields of study.
    Degree,
}

impl Trigger {
    /// Number of kinds; `trigger as usize` is below it.
    pub(super) const COUNT: usize = 8;
}

const _: () = assert!(Trigger::Degree as usize + 1 == Trigger::COUNT);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContext {
    optional: Vec<String>,
    negate_before: Vec<String>,
    weak_negate: Vec<String>,
    need: Vec<String>,
    negate_after: Vec<String>,
    breaks: Vec<String>,
    headings: Vec<String>,
    degree: Vec<String>,
}

const CONTEXT_TOML: &str = include_str!("../../data/context.toml");

/// Every context phrase with what it does.
pub fn phrases() -> Result<Vec<(String, Trigger)>, String> {
    let raw: RawContext = toml::from_str(CONTEXT_TOML).map_err(|e| e.to_string())?;
    let groups = [
        (raw.optional, Trigger::Optional),
        (raw.negate_before, Trigger::NegateBefore),
        (raw.weak_negate, Trigger::WeakNegate),
        (raw.need, Trigger::Need),
        (raw.negate_after, Trigger::NegateAfter),
        (raw.breaks, Trigger::Break),
        (raw.headings, Trigger::Heading),
        (raw.degree, Trigger::Degree),
    ];
    Ok(groups
        .into_iter()
        .flat_map(|(list, trigger)| list.into_iter().map(move |p| (p, trigger)))
        .collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_embedded_context_file_parses() {
        let phrases = super::phrases().unwrap();
        assert!(phrases.len() > 100);
    }
}
