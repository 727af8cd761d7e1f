//! Currencies: ISO 4217 codes, and the symbols and words that name them in job postings.

use std::fmt;

use serde::{Serialize, Serializer};

/// An ISO 4217 currency code (three upper-case ASCII letters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency(&'static str);

impl Currency {
    /// The code, when `code` (any case) is an active ISO 4217 currency.
    pub fn from_code(code: &str) -> Option<Currency> {
        if code.len() != 3 || !code.is_ascii() {
            return None;
        }
        let upper = code.to_ascii_uppercase();
        ISO_4217
            .binary_search(&upper.as_str())
            .ok()
            .map(|i| Currency(ISO_4217[i]))
    }

    /// The three-letter code.
    pub fn as_str(&self) -> &'static str {
        self.0
    }

    pub(crate) const fn known(code: &'static str) -> Currency {
        Currency(code)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Well-known currencies, by name.
pub mod codes {
    use super::Currency;

    /// United States dollar.
    pub const USD: Currency = Currency::known("USD");
    /// Brazilian real.
    pub const BRL: Currency = Currency::known("BRL");
    /// Euro.
    pub const EUR: Currency = Currency::known("EUR");
    /// Pound sterling.
    pub const GBP: Currency = Currency::known("GBP");
    /// Canadian dollar.
    pub const CAD: Currency = Currency::known("CAD");
    /// Australian dollar.
    pub const AUD: Currency = Currency::known("AUD");
    /// Mexican peso.
    pub const MXN: Currency = Currency::known("MXN");
    /// Colombian peso.
    pub const COP: Currency = Currency::known("COP");
    /// Argentine peso.
    pub const ARS: Currency = Currency::known("ARS");
    /// Chilean peso.
    pub const CLP: Currency = Currency::known("CLP");
    /// Peruvian sol.
    pub const PEN: Currency = Currency::known("PEN");
    /// Uruguayan peso.
    pub const UYU: Currency = Currency::known("UYU");
    /// Japanese yen.
    pub const JPY: Currency = Currency::known("JPY");
    /// Chinese yuan.
    pub const CNY: Currency = Currency::known("CNY");
    /// Indian rupee.
    pub const INR: Currency = Currency::known("INR");
    /// Korean won.
    pub const KRW: Currency = Currency::known("KRW");
    /// Polish złoty.
    pub const PLN: Currency = Currency::known("PLN");
    /// Swiss franc.
    pub const CHF: Currency = Currency::known("CHF");
    /// Hong Kong dollar.
    pub const HKD: Currency = Currency::known("HKD");
    /// Singapore dollar.
    pub const SGD: Currency = Currency::known("SGD");
    /// New Zealand dollar.
    pub const NZD: Currency = Currency::known("NZD");
    /// Philippine peso.
    pub const PHP: Currency = Currency::known("PHP");
    /// Dominican peso.
    pub const DOP: Currency = Currency::known("DOP");
}

/// The currency whose symbol is `$` in a country (ISO 3166-1 alpha-2), for resolving a bare `$`.
pub fn dollar_sign_currency(country: &str) -> Option<Currency> {
    use codes::*;
    Some(match country.to_ascii_uppercase().as_str() {
        "US" | "EC" | "SV" | "PA" | "PR" => USD,
        "AR" => ARS,
        "MX" => MXN,
        "CO" => COP,
        "CL" => CLP,
        "UY" => UYU,
        "DO" => DOP,
        "CA" => CAD,
        "AU" => AUD,
        "NZ" => NZD,
        "SG" => SGD,
        "HK" => HKD,
        "BR" => BRL,
        _ => return None,
    })
}

/// Active ISO 4217 codes, sorted (for binary search).
const ISO_4217: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
    "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD",
    "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ",
    "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
    "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR",
    "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
    "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
    "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR",
    "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB",
    "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS",
    "VES", "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
];

/// Codes that are also common words or technology names (`ALL`, `TOP`, `PHP`): they name a
/// currency only right next to an amount.
pub(crate) fn code_is_word_like(code: Currency) -> bool {
    matches!(
        code.as_str(),
        "ALL"
            | "AMD"
            | "BAM"
            | "BOB"
            | "CAD"
            | "CUP"
            | "ERN"
            | "GEL"
            | "HTG"
            | "LAK"
            | "MAD"
            | "MOP"
            | "NAD"
            | "PEN"
            | "PHP"
            | "RON"
            | "SAR"
            | "SOS"
            | "TOP"
            | "TRY"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_list_is_sorted_and_unique() {
        assert!(ISO_4217.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn the_named_constants_are_iso_codes() {
        use codes::*;
        for c in [
            USD, BRL, EUR, GBP, CAD, AUD, MXN, COP, ARS, CLP, PEN, UYU, JPY, CNY, INR, KRW, PLN,
            CHF, HKD, SGD, NZD, PHP, DOP,
        ] {
            assert_eq!(Currency::from_code(c.as_str()), Some(c));
        }
    }

    #[test]
    fn codes_parse_in_any_case() {
        assert_eq!(Currency::from_code("brl"), Some(codes::BRL));
        assert_eq!(Currency::from_code("Usd"), Some(codes::USD));
        assert_eq!(Currency::from_code("XYZ"), None);
        assert_eq!(Currency::from_code("US"), None);
        assert_eq!(Currency::from_code("U$D"), None);
    }
}
