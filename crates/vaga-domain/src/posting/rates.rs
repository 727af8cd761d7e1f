//! A dated table of exchange rates, for converting salaries to one reference currency.
//!
//! Vaga ships the European Central Bank's euro reference rates of one day
//! (`data/rates/ecb.toml`). Users refresh or extend it with a file of their own: the ECB's
//! `eurofxref-daily.xml` as downloaded, its `eurofxref.csv`, or a TOML file of the shipped shape
//! (which is how currencies the ECB does not publish, such as ARS or COP, get a rate).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::currency::{Currency, codes};

const BUILTIN: &str = include_str!("../../data/rates/ecb.toml");

/// Exchange rates against a base currency, as of a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateTable {
    /// Where the rates come from.
    pub source: String,
    /// The day the rates were published (`YYYY-MM-DD`).
    pub date: String,
    /// The currency every rate is quoted against (units of a currency per one unit of `base`).
    pub base: Currency,
    rates: BTreeMap<Currency, f64>,
}

/// A rate file that cannot be read.
#[derive(Debug, Error, PartialEq)]
#[error("{0}")]
pub struct RatesError(String);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RatesFile {
    #[serde(default)]
    source: Option<String>,
    date: String,
    base: String,
    rates: BTreeMap<String, f64>,
}

impl RateTable {
    /// The bundled ECB table.
    pub fn builtin() -> RateTable {
        // The bundled file is checked by a unit test; an empty table is the safe fallback.
        RateTable::from_toml(BUILTIN).unwrap_or_else(|_| RateTable::empty())
    }

    fn empty() -> RateTable {
        RateTable {
            source: String::new(),
            date: String::new(),
            base: codes::EUR,
            rates: BTreeMap::new(),
        }
    }

    /// Reads a table in any supported format, told apart by content: ECB XML (`<`), ECB CSV
    /// (`Date,` header), or TOML.
    pub fn parse(text: &str) -> Result<RateTable, RatesError> {
        let trimmed = text.trim_start_matches('\u{feff}').trim_start();
        if trimmed.starts_with('<') {
            RateTable::from_ecb_xml(trimmed)
        } else if trimmed
            .get(..5)
            .is_some_and(|s| s.eq_ignore_ascii_case("date,"))
        {
            RateTable::from_ecb_csv(trimmed)
        } else {
            RateTable::from_toml(trimmed)
        }
    }

    /// Reads the TOML shape of `data/rates/ecb.toml`.
    pub fn from_toml(text: &str) -> Result<RateTable, RatesError> {
        let file: RatesFile =
            toml::from_str(text).map_err(|e| RatesError(format!("rate table: {}", e.message())))?;
        let base = Currency::from_code(&file.base).ok_or_else(|| {
            RatesError(format!("rate table: unknown base currency {:?}", file.base))
        })?;
        let mut table = RateTable {
            source: file.source.unwrap_or_else(|| "user rate table".into()),
            date: check_date(&file.date)?,
            base,
            rates: BTreeMap::new(),
        };
        for (code, rate) in file.rates {
            table.insert(&code, rate)?;
        }
        Ok(table)
    }

    /// Reads the ECB's `eurofxref-daily.xml` (the newest day when it holds several).
    pub fn from_ecb_xml(text: &str) -> Result<RateTable, RatesError> {
        use quick_xml::events::Event;

        let mut reader = quick_xml::Reader::from_str(text);
        let mut table = RateTable {
            source: "ECB euro foreign exchange reference rates".into(),
            ..RateTable::empty()
        };
        let mut days = 0;
        loop {
            match reader.read_event() {
                Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"Cube" => {
                    let mut currency = None;
                    let mut rate = None;
                    for attr in e.attributes().flatten() {
                        let value = String::from_utf8_lossy(&attr.value).into_owned();
                        match attr.key.local_name().as_ref() {
                            b"time" => {
                                days += 1;
                                if days > 1 {
                                    // Files with history list the newest day first.
                                    return finish_xml(table);
                                }
                                table.date = check_date(&value)?;
                            }
                            b"currency" => currency = Some(value),
                            b"rate" => rate = Some(value),
                            _ => {}
                        }
                    }
                    if let (Some(code), Some(rate)) = (currency, rate) {
                        let rate: f64 = rate.trim().parse().map_err(|_| {
                            RatesError(format!("ECB XML: bad rate {rate:?} for {code}"))
                        })?;
                        table.insert(&code, rate)?;
                    }
                }
                Ok(Event::Eof) => return finish_xml(table),
                Ok(_) => {}
                Err(e) => {
                    return Err(RatesError(format!(
                        "ECB XML: {e} at byte {}",
                        reader.buffer_position()
                    )));
                }
            }
        }
    }

    /// Reads the ECB's `eurofxref.csv`: a header `Date, USD, JPY, …` and one row per day (the
    /// first row is used).
    pub fn from_ecb_csv(text: &str) -> Result<RateTable, RatesError> {
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let header: Vec<&str> = lines
            .next()
            .ok_or_else(|| RatesError("ECB CSV: empty".into()))?
            .split(',')
            .map(str::trim)
            .collect();
        let row: Vec<&str> = lines
            .next()
            .ok_or_else(|| RatesError("ECB CSV: no data row".into()))?
            .split(',')
            .map(str::trim)
            .collect();
        let mut table = RateTable {
            source: "ECB euro foreign exchange reference rates".into(),
            date: csv_date(row.first().copied().unwrap_or(""))?,
            ..RateTable::empty()
        };
        for (code, value) in header.iter().zip(&row).skip(1) {
            if code.is_empty() || value.is_empty() || *value == "N/A" {
                continue;
            }
            let rate: f64 = value
                .parse()
                .map_err(|_| RatesError(format!("ECB CSV: bad rate {value:?} for {code}")))?;
            table.insert(code, rate)?;
        }
        if table.rates.len() <= 1 {
            return Err(RatesError("ECB CSV: no rates".into()));
        }
        Ok(table)
    }

    fn insert(&mut self, code: &str, rate: f64) -> Result<(), RatesError> {
        let currency = Currency::from_code(code)
            .ok_or_else(|| RatesError(format!("rate table: unknown currency {code:?}")))?;
        if !(rate.is_finite() && rate > 0.0) {
            return Err(RatesError(format!(
                "rate table: rate for {code} must be positive"
            )));
        }
        self.rates.insert(currency, rate);
        self.rates.insert(self.base, 1.0);
        Ok(())
    }

    /// Adds the rates of `other` to this table (replacing those it has too), converted to this
    /// table's base, and takes its date when it is newer.
    pub fn merge(&mut self, other: &RateTable) {
        let Some(other_base_here) = self.rate(other.base) else {
            // Nothing links the two tables: keep the newer one whole.
            if other.date >= self.date {
                *self = other.clone();
            }
            return;
        };
        for (&currency, &rate) in &other.rates {
            self.rates.insert(currency, rate * other_base_here);
        }
        if other.date > self.date {
            self.date.clone_from(&other.date);
            self.source = format!("{}; {}", other.source, self.source);
        }
    }

    /// Units of `currency` per one unit of the base.
    pub fn rate(&self, currency: Currency) -> Option<f64> {
        if currency == self.base {
            return Some(1.0);
        }
        self.rates.get(&currency).copied()
    }

    /// The currencies with a rate.
    pub fn currencies(&self) -> impl Iterator<Item = Currency> + '_ {
        self.rates.keys().copied()
    }

    /// `amount` of `from` expressed in `to`, when both have a rate.
    pub fn convert(&self, amount: f64, from: Currency, to: Currency) -> Option<f64> {
        if from == to {
            return Some(amount);
        }
        Some(amount / self.rate(from)? * self.rate(to)?)
    }
}

fn finish_xml(table: RateTable) -> Result<RateTable, RatesError> {
    if table.date.is_empty() || table.rates.is_empty() {
        return Err(RatesError("ECB XML: no dated rates found".into()));
    }
    Ok(table)
}

fn check_date(date: &str) -> Result<String, RatesError> {
    let b = date.as_bytes();
    let ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if ok {
        Ok(date.to_string())
    } else {
        Err(RatesError(format!(
            "rate table: date {date:?} is not YYYY-MM-DD"
        )))
    }
}

/// The ECB CSV writes days as `30 October 2026`.
fn csv_date(text: &str) -> Result<String, RatesError> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if check_date(text).is_ok() {
        return Ok(text.to_string());
    }
    let mut parts = text.split_whitespace();
    let (Some(day), Some(month), Some(year)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(RatesError(format!("ECB CSV: bad date {text:?}")));
    };
    let month = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(month))
        .ok_or_else(|| RatesError(format!("ECB CSV: bad date {text:?}")))?;
    let day: u32 = day
        .parse()
        .map_err(|_| RatesError(format!("ECB CSV: bad date {text:?}")))?;
    check_date(&format!("{year}-{:02}-{day:02}", month + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_table_reads() {
        let table = RateTable::from_toml(BUILTIN).expect("bundled rates");
        assert_eq!(table.base, codes::EUR);
        assert!(table.rate(codes::USD).is_some_and(|r| r > 0.5 && r < 2.0));
        assert!(table.rate(codes::BRL).is_some());
        assert_eq!(table.date.len(), 10);
    }

    #[test]
    fn conversion_goes_through_the_base() {
        let table = RateTable::from_toml(
            "date = \"2026-01-02\"\nbase = \"EUR\"\n[rates]\nUSD = 1.25\nBRL = 6.25\n",
        )
        .expect("table");
        let usd = table.convert(5000.0, codes::BRL, codes::USD).expect("rate");
        assert!((usd - 1000.0).abs() < 1e-9);
        assert_eq!(table.convert(1.0, codes::ARS, codes::USD), None);
    }

    #[test]
    fn ecb_xml_and_csv_read() {
        let xml = "<?xml version='1.0' encoding='UTF-8'?><gesmes:Envelope xmlns:gesmes='x' xmlns='y'><Cube><Cube time='2026-11-20'><Cube currency='USD' rate='1.1'/><Cube currency='BRL' rate='6.0'/></Cube></Cube></gesmes:Envelope>";
        let table = RateTable::parse(xml).expect("xml");
        assert_eq!(table.date, "2026-11-20");
        assert_eq!(table.rate(codes::BRL), Some(6.0));
        let csv = "Date, USD, BRL, \n20 November 2026, 1.1, 6.0, \n";
        let table = RateTable::parse(csv).expect("csv");
        assert_eq!(table.date, "2026-11-20");
        assert_eq!(table.rate(codes::USD), Some(1.1));
        assert!(RateTable::parse("<nonsense").is_err());
        assert!(RateTable::parse("date = \"x\"\nbase=\"EUR\"\n[rates]\n").is_err());
    }

    #[test]
    fn a_user_table_in_another_base_merges() {
        let mut table = RateTable::builtin();
        let user =
            RateTable::from_toml("date = \"2026-11-01\"\nbase = \"USD\"\n[rates]\nARS = 1400\n")
                .expect("user table");
        table.merge(&user);
        let ars = table
            .convert(1400.0, codes::ARS, codes::USD)
            .expect("ARS now has a rate");
        assert!((ars - 1.0).abs() < 1e-9);
    }
}
