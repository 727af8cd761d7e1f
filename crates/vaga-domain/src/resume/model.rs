//! The JSON Resume document (<https://jsonresume.org/schema>) with Vaga's `meta.vaga`.
//!
//! Every field is optional; absent things are absent from the JSON (a current job has no
//! `endDate`). Fields this module does not know are kept (`extra`) so an imported document
//! round-trips.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A JSON Resume document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct JsonResume {
    /// Who the person is and how to reach them.
    #[serde(default)]
    pub basics: Basics,
    /// Jobs, internships, research and freelance positions, in document order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub work: Vec<Work>,
    /// Degrees.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub education: Vec<Education>,
    /// Skill groups as written (`Cloud: GCP, Terraform`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<SkillGroup>,
    /// Spoken languages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<LanguageItem>,
    /// Certifications.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<Certificate>,
    /// `meta`, with Vaga's derived facts in `meta.vaga`.
    #[serde(default)]
    pub meta: Meta,
    /// Other top-level sections (kept from imports).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `basics`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Basics {
    /// Full name (`Maria da Silva`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The headline under the name (`Senior Data Engineer`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone number as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// A personal site or portfolio.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The summary section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Where the person lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<ResumeLocation>,
    /// LinkedIn, GitHub, Kaggle, Hugging Face, Lattes… profiles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<Profile>,
    /// Other fields (kept from imports).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `basics.location`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResumeLocation {
    /// City as printed (`Belo Horizonte`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// State or province as printed (`MG`, `Región Metropolitana`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2 code (`BR`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Other fields (kept from imports).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `basics.profiles[]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// `LinkedIn`, `GitHub`, `GitLab`, `Kaggle`, `Hugging Face`, `Lattes`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// Full URL (`https://` added when the document prints none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The user name or id from the URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Other fields (kept from imports).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `work[]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Work {
    /// The company or organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    /// Where (`São Paulo`, `Remote`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// `YYYY-MM` or `YYYY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    /// `YYYY-MM` or `YYYY`; absent for a current job.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// Free text about the job (imports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The bullets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub highlights: Vec<String>,
    /// Other fields (kept from imports).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `education[]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Education {
    /// The school (`Universidade Federal de Minas Gerais (UFMG)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub institution: Option<String>,
    /// The field (`Computer Science`, `Ciências Econômicas`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// Normalised: `Bachelor`, `Master`, `PhD`, `MBA`, `Specialization`, `Technical`,
    /// `High School`; the degree as printed when it is none of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub study_type: Option<String>,
    /// `YYYY-MM` or `YYYY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    /// `YYYY-MM` or `YYYY`; absent while studying.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// Other fields (kept from imports).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `skills[]`: a group of skills as written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SkillGroup {
    /// The group's label (`Cloud`, `Ferramentas`), or `Skills`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The items as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Other fields (kept from imports).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `languages[]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LanguageItem {
    /// The language as written (`Inglês`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The level as written (`avançado`, `B2`, `native`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fluency: Option<String>,
    /// Other fields (kept from imports).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `certificates[]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Certificate {
    /// The certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `YYYY-MM` or `YYYY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Other fields (kept from imports).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `meta`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// Vaga's derived facts.
    #[serde(default)]
    pub vaga: VagaMeta,
    /// Other fields (kept from imports).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `meta.vaga`: what Vaga derives from the resume.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VagaMeta {
    /// Months covered by any work entry (overlaps once, a current job up to today), in years,
    /// rounded to the nearest half year.
    pub years_experience: f64,
    /// `junior`, `mid`, `senior` or `lead`.
    pub seniority: String,
    /// Canonical skill names, in order of first mention.
    pub skills: Vec<String>,
    /// `pt`, `en` or `es`.
    pub language: String,
}
