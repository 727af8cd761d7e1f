//! The demo postings: about 2,000 invented job postings, generated from a seed.
//!
//! Everything here is made up for the project: company names are built from word lists (trees,
//! birds and fruits of Latin America plus a sector), descriptions from sentence templates, URLs
//! point at the reserved `demo.vaga.example` domain. Postings look like what the real adapters
//! produce (a [`SourcePosting`] per posting, with the fields each kind of source fills), so they
//! travel the same normalisation path as live data. Source names start with `demo-`.
//!
//! The market shape: data and ML roles in Brazil and Latin America (about four in five
//! postings; the rest are software, operations and business roles, so that filtering matters),
//! titles in Portuguese, English and Spanish, levels from intern to lead, places from on-site in
//! São Paulo to "Remote (US only)", pay in the formats people write it (or none), posting dates
//! over the 180 days before `now` with LLM/RAG/vector-database skills rising and Hadoop-era
//! skills falling, and some postings cross-posted on a second source.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use serde_json::json;
use vaga_sources::SourcePosting;

/// How many postings [`generate`] makes: originals plus cross-posted copies.
pub const POSTINGS: usize = 2000;
/// How many of them are copies of another posting on a second source.
pub const DUPLICATES: usize = 120;
/// Days before `now` that posting dates spread over.
pub const DAYS: i64 = 180;
/// The names of the demo sources, as stored and as each posting's `source`.
pub const SOURCES: &[&str] = &[
    "demo-greenhouse",
    "demo-lever",
    "demo-ashby",
    "demo-gupy",
    "demo-remote-board",
    "demo-getonboard",
    "demo-rss",
];

/// The language of a generated posting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    Pt = 0,
    En = 1,
    Es = 2,
}

impl Lang {
    fn code(self) -> &'static str {
        match self {
            Lang::Pt => "pt",
            Lang::En => "en",
            Lang::Es => "es",
        }
    }
}

/// Seniority levels, as the generator means them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Intern,
    Junior,
    Mid,
    Senior,
    Lead,
}

impl Level {
    fn code(self) -> &'static str {
        match self {
            Level::Intern => "intern",
            Level::Junior => "junior",
            Level::Mid => "mid",
            Level::Senior => "senior",
            Level::Lead => "lead",
        }
    }
}

/// Kinds of role; the first five are data and ML roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Science,
    MlEng,
    DataEng,
    Bi,
    Ai,
    Software,
    Ops,
    Business,
}

impl Family {
    fn is_data(self) -> bool {
        matches!(
            self,
            Family::Science | Family::MlEng | Family::DataEng | Family::Bi | Family::Ai
        )
    }
}

struct Role {
    family: Family,
    /// Relative weight at the start of the window and its change to the end (AI roles grow).
    weight: f64,
    growth: f64,
    /// Titles per language (pt, en, es), without level.
    titles: [&'static [&'static str]; 3],
    /// Skills asked for, most typical first (the first two always).
    required: &'static [&'static str],
    /// Nice-to-haves.
    nice: &'static [&'static str],
    /// Pay relative to a data scientist of the same level.
    pay: f64,
}

const ROLES: &[Role] = &[
    Role {
        family: Family::Science,
        weight: 16.0,
        growth: 0.0,
        titles: [
            &[
                "Cientista de Dados",
                "Cientista de Dados",
                "Pessoa Cientista de Dados",
            ],
            &["Data Scientist", "Data Scientist", "Applied Scientist"],
            &[
                "Científico de Datos",
                "Científica de Datos",
                "Data Scientist",
            ],
        ],
        required: &[
            "Python",
            "SQL",
            "pandas",
            "scikit-learn",
            "Machine Learning",
            "statistics",
            "A/B testing",
            "XGBoost",
            "Jupyter",
            "NumPy",
        ],
        nice: &[
            "PyTorch",
            "Spark",
            "Docker",
            "AWS",
            "causal inference",
            "MLflow",
            "dbt",
            "BigQuery",
            "time series forecasting",
            "Airflow",
            "Git",
        ],
        pay: 1.0,
    },
    Role {
        family: Family::MlEng,
        weight: 10.0,
        growth: 2.0,
        titles: [
            &[
                "Engenheiro(a) de Machine Learning",
                "Engenheiro(a) de MLOps",
                "Engenheiro de Machine Learning",
            ],
            &["Machine Learning Engineer", "MLOps Engineer", "ML Engineer"],
            &[
                "Ingeniero de Machine Learning",
                "Ingeniero/a MLOps",
                "ML Engineer",
            ],
        ],
        required: &[
            "Python",
            "Docker",
            "MLflow",
            "Kubernetes",
            "PyTorch",
            "MLOps",
            "CI/CD",
            "Amazon SageMaker",
            "FastAPI",
            "scikit-learn",
        ],
        nice: &[
            "Kubeflow",
            "Terraform",
            "feature store",
            "TensorFlow",
            "GCP",
            "Airflow",
            "Kafka",
            "Prometheus",
        ],
        pay: 1.1,
    },
    Role {
        family: Family::DataEng,
        weight: 17.0,
        growth: 0.0,
        titles: [
            &[
                "Engenheiro(a) de Dados",
                "Engenheiro de Dados",
                "Analytics Engineer",
            ],
            &[
                "Data Engineer",
                "Analytics Engineer",
                "Data Platform Engineer",
            ],
            &[
                "Ingeniero de Datos",
                "Ingeniera de Datos",
                "Analytics Engineer",
            ],
        ],
        required: &[
            "SQL",
            "Python",
            "Spark",
            "Airflow",
            "dbt",
            "BigQuery",
            "Kafka",
            "AWS",
            "Snowflake",
            "data modeling",
        ],
        nice: &[
            "Terraform",
            "Databricks",
            "Docker",
            "Looker",
            "Delta Lake",
            "Redshift",
            "Git",
            "Great Expectations",
        ],
        pay: 1.0,
    },
    Role {
        family: Family::Bi,
        weight: 14.0,
        growth: -1.0,
        titles: [
            &[
                "Analista de BI",
                "Analista de Dados",
                "Analista de Business Intelligence",
            ],
            &[
                "BI Analyst",
                "Data Analyst",
                "Business Intelligence Analyst",
            ],
            &[
                "Analista de BI",
                "Analista de Datos",
                "Analista de Inteligencia de Negocios",
            ],
        ],
        required: &[
            "SQL",
            "Power BI",
            "Excel",
            "Tableau",
            "DAX",
            "Looker",
            "statistics",
            "Python",
        ],
        nice: &[
            "dbt",
            "BigQuery",
            "Python",
            "Google Analytics",
            "Metabase",
            "Git",
        ],
        pay: 0.75,
    },
    Role {
        family: Family::Ai,
        weight: 3.0,
        growth: 9.0,
        titles: [
            &[
                "Engenheiro(a) de IA Generativa",
                "Engenheiro(a) de IA",
                "Engenheiro de LLM",
            ],
            &["AI Engineer", "LLM Engineer", "Generative AI Engineer"],
            &[
                "Ingeniero de IA",
                "Ingeniero/a de IA Generativa",
                "AI Engineer",
            ],
        ],
        required: &[
            "Python",
            "LLMs",
            "RAG",
            "LangChain",
            "vector databases",
            "prompt engineering",
            "FastAPI",
            "Hugging Face",
            "pgvector",
            "OpenAI API",
        ],
        nice: &[
            "LlamaIndex",
            "Pinecone",
            "fine-tuning",
            "AI agents",
            "Docker",
            "Kubernetes",
            "AWS",
            "Qdrant",
        ],
        pay: 1.15,
    },
    Role {
        family: Family::Software,
        weight: 8.0,
        growth: 0.0,
        titles: [
            &[
                "Desenvolvedor(a) Backend",
                "Engenheiro(a) de Software",
                "Desenvolvedor(a) Front-end",
            ],
            &["Backend Engineer", "Software Engineer", "Frontend Engineer"],
            &[
                "Desarrollador Backend",
                "Ingeniero de Software",
                "Desarrollador Frontend",
            ],
        ],
        required: &[
            "Java",
            "Spring Boot",
            "PostgreSQL",
            "Docker",
            "Go",
            "TypeScript",
            "React",
            "Node.js",
            "REST APIs",
            "Git",
        ],
        nice: &[
            "Kubernetes",
            "AWS",
            "Kafka",
            "Redis",
            "GraphQL",
            "Terraform",
        ],
        pay: 0.95,
    },
    Role {
        family: Family::Ops,
        weight: 4.0,
        growth: 0.0,
        titles: [
            &["Engenheiro(a) DevOps", "SRE", "Engenheiro(a) de Plataforma"],
            &[
                "DevOps Engineer",
                "Site Reliability Engineer",
                "Platform Engineer",
            ],
            &[
                "Ingeniero DevOps",
                "Ingeniero SRE",
                "Ingeniero de Plataforma",
            ],
        ],
        required: &[
            "Kubernetes",
            "Terraform",
            "AWS",
            "Linux",
            "CI/CD",
            "Prometheus",
            "Grafana",
            "Docker",
        ],
        nice: &["Go", "Python", "Argo CD", "Helm", "GCP"],
        pay: 1.0,
    },
    Role {
        family: Family::Business,
        weight: 4.0,
        growth: 0.0,
        titles: [
            &[
                "Product Manager",
                "Analista de Customer Success",
                "UX Designer",
            ],
            &[
                "Product Manager",
                "Customer Success Manager",
                "Product Designer",
            ],
            &[
                "Product Manager",
                "Analista de Customer Success",
                "Diseñador UX",
            ],
        ],
        required: &["Jira", "Figma", "SQL", "Scrum", "Excel", "OKRs"],
        nice: &["Amplitude", "Miro", "Hotjar", "Notion"],
        pay: 0.8,
    },
];

/// Skills whose share rises over the window (the LLM wave), and the data roles that pick them
/// up as extras.
const RISING: &[&str] = &[
    "LLMs",
    "RAG",
    "vector databases",
    "LangChain",
    "pgvector",
    "prompt engineering",
];
/// Skills whose share falls (the Hadoop era).
const FALLING: &[&str] = &["Hadoop", "Hive", "MapReduce", "Pig"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Work {
    Remote,
    Hybrid,
    OnSite,
}

impl Work {
    fn code(self) -> &'static str {
        match self {
            Work::Remote => "remote",
            Work::Hybrid => "hybrid",
            Work::OnSite => "on-site",
        }
    }
}

/// Who may take a remote job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// On-site or hybrid in the place's country.
    Local,
    Brazil,
    Latam,
    UsOnly,
    Worldwide,
    Europe,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Market {
    Br,
    Es,
    Global,
}

struct Place {
    /// The location field as sources write it.
    label: &'static str,
    /// City, for "our office in …" sentences (empty when remote).
    city: &'static str,
    /// ISO country of the office, or "" for remote jobs open to several countries.
    country: &'static str,
    work: Work,
    scope: Scope,
    market: Market,
    /// Weights of pt, en, es.
    langs: [f64; 3],
    /// Currency of pay; "" when the market pays in USD.
    currency: &'static str,
    weight: f64,
}

const PLACES: &[Place] = &[
    place(
        "São Paulo, SP",
        "São Paulo",
        "BR",
        Work::Hybrid,
        Scope::Local,
        Market::Br,
        [0.85, 0.15, 0.0],
        "BRL",
        12.0,
    ),
    place(
        "São Paulo, SP, Brasil",
        "São Paulo",
        "BR",
        Work::OnSite,
        Scope::Local,
        Market::Br,
        [0.9, 0.1, 0.0],
        "BRL",
        5.0,
    ),
    place(
        "Rio de Janeiro, RJ",
        "Rio de Janeiro",
        "BR",
        Work::Hybrid,
        Scope::Local,
        Market::Br,
        [0.9, 0.1, 0.0],
        "BRL",
        4.0,
    ),
    place(
        "Belo Horizonte, MG",
        "Belo Horizonte",
        "BR",
        Work::Hybrid,
        Scope::Local,
        Market::Br,
        [0.95, 0.05, 0.0],
        "BRL",
        3.0,
    ),
    place(
        "Curitiba, PR",
        "Curitiba",
        "BR",
        Work::Hybrid,
        Scope::Local,
        Market::Br,
        [1.0, 0.0, 0.0],
        "BRL",
        2.0,
    ),
    place(
        "Florianópolis, SC",
        "Florianópolis",
        "BR",
        Work::Hybrid,
        Scope::Local,
        Market::Br,
        [0.95, 0.05, 0.0],
        "BRL",
        2.0,
    ),
    place(
        "Porto Alegre, RS",
        "Porto Alegre",
        "BR",
        Work::OnSite,
        Scope::Local,
        Market::Br,
        [1.0, 0.0, 0.0],
        "BRL",
        1.5,
    ),
    place(
        "Recife, PE",
        "Recife",
        "BR",
        Work::Hybrid,
        Scope::Local,
        Market::Br,
        [1.0, 0.0, 0.0],
        "BRL",
        1.5,
    ),
    place(
        "Campinas, SP",
        "Campinas",
        "BR",
        Work::OnSite,
        Scope::Local,
        Market::Br,
        [1.0, 0.0, 0.0],
        "BRL",
        1.0,
    ),
    place(
        "Remoto - Brasil",
        "",
        "BR",
        Work::Remote,
        Scope::Brazil,
        Market::Br,
        [0.9, 0.1, 0.0],
        "BRL",
        16.0,
    ),
    place(
        "100% Remoto (Brasil)",
        "",
        "BR",
        Work::Remote,
        Scope::Brazil,
        Market::Br,
        [1.0, 0.0, 0.0],
        "BRL",
        6.0,
    ),
    place(
        "Remote LATAM",
        "",
        "",
        Work::Remote,
        Scope::Latam,
        Market::Global,
        [0.0, 0.8, 0.2],
        "USD",
        7.0,
    ),
    place(
        "Remoto (LATAM)",
        "",
        "",
        Work::Remote,
        Scope::Latam,
        Market::Es,
        [0.15, 0.0, 0.85],
        "USD",
        3.0,
    ),
    place(
        "Remote - Latin America",
        "",
        "",
        Work::Remote,
        Scope::Latam,
        Market::Global,
        [0.0, 1.0, 0.0],
        "USD",
        3.0,
    ),
    place(
        "Remote (US only)",
        "",
        "US",
        Work::Remote,
        Scope::UsOnly,
        Market::Global,
        [0.0, 1.0, 0.0],
        "USD",
        4.0,
    ),
    place(
        "Remote - United States",
        "",
        "US",
        Work::Remote,
        Scope::UsOnly,
        Market::Global,
        [0.0, 1.0, 0.0],
        "USD",
        2.0,
    ),
    place(
        "Worldwide",
        "",
        "",
        Work::Remote,
        Scope::Worldwide,
        Market::Global,
        [0.0, 1.0, 0.0],
        "USD",
        3.0,
    ),
    place(
        "Remote - Anywhere",
        "",
        "",
        Work::Remote,
        Scope::Worldwide,
        Market::Global,
        [0.0, 1.0, 0.0],
        "USD",
        2.0,
    ),
    place(
        "Buenos Aires, Argentina",
        "Buenos Aires",
        "AR",
        Work::Hybrid,
        Scope::Local,
        Market::Es,
        [0.0, 0.1, 0.9],
        "ARS",
        4.0,
    ),
    place(
        "Ciudad de México, CDMX",
        "Ciudad de México",
        "MX",
        Work::Hybrid,
        Scope::Local,
        Market::Es,
        [0.0, 0.1, 0.9],
        "MXN",
        4.0,
    ),
    place(
        "Guadalajara, Jalisco, México",
        "Guadalajara",
        "MX",
        Work::OnSite,
        Scope::Local,
        Market::Es,
        [0.0, 0.0, 1.0],
        "MXN",
        1.5,
    ),
    place(
        "Bogotá, Colombia",
        "Bogotá",
        "CO",
        Work::Hybrid,
        Scope::Local,
        Market::Es,
        [0.0, 0.1, 0.9],
        "COP",
        3.0,
    ),
    place(
        "Medellín, Colombia",
        "Medellín",
        "CO",
        Work::OnSite,
        Scope::Local,
        Market::Es,
        [0.0, 0.0, 1.0],
        "COP",
        1.0,
    ),
    place(
        "Santiago, Chile",
        "Santiago",
        "CL",
        Work::Hybrid,
        Scope::Local,
        Market::Es,
        [0.0, 0.0, 1.0],
        "CLP",
        1.5,
    ),
    place(
        "Lisboa, Portugal (híbrido)",
        "Lisboa",
        "PT",
        Work::Hybrid,
        Scope::Local,
        Market::Global,
        [0.6, 0.4, 0.0],
        "EUR",
        2.0,
    ),
    place(
        "Madrid, España",
        "Madrid",
        "ES",
        Work::Hybrid,
        Scope::Local,
        Market::Es,
        [0.0, 0.2, 0.8],
        "EUR",
        1.0,
    ),
    place(
        "Remote - Europe",
        "",
        "",
        Work::Remote,
        Scope::Europe,
        Market::Global,
        [0.0, 1.0, 0.0],
        "EUR",
        1.0,
    ),
];

#[allow(clippy::too_many_arguments)]
const fn place(
    label: &'static str,
    city: &'static str,
    country: &'static str,
    work: Work,
    scope: Scope,
    market: Market,
    langs: [f64; 3],
    currency: &'static str,
    weight: f64,
) -> Place {
    Place {
        label,
        city,
        country,
        work,
        scope,
        market,
        langs,
        currency,
        weight,
    }
}

/// Parts of company names per market: first words, then sector words (the sector index is
/// shared: the same index means the same sector in every market).
const NAME_BR: &[&str] = &[
    "Araucária",
    "Ipê",
    "Capivara",
    "Jabuticaba",
    "Sabiá",
    "Mandacaru",
    "Buriti",
    "Carnaúba",
    "Guará",
    "Pitanga",
    "Jatobá",
    "Seriema",
    "Tamanduá",
    "Aroeira",
    "Bromélia",
    "Juriti",
];
const NAME_ES: &[&str] = &[
    "Colibrí",
    "Cóndor",
    "Ceiba",
    "Quetzal",
    "Vicuña",
    "Ñandú",
    "Ombú",
    "Copihue",
    "Maguey",
    "Tucán",
    "Nopal",
    "Guanaco",
    "Lapacho",
    "Caracará",
    "Zorzal",
    "Huemul",
];
const NAME_GLOBAL: &[&str] = &[
    "Quillon",
    "Veltara",
    "Orbisly",
    "Lumora",
    "Tessaloop",
    "Parvana",
    "Zintro",
    "Halcyra",
    "Novendi",
    "Brimwell",
    "Solvana",
    "Umbrafy",
    "Fennix",
    "Corvana",
    "Plinth & Pine",
    "Tallowby",
];
const SECTOR_NAME: [&[&str]; 3] = [
    &[
        "Pagamentos",
        "Saúde",
        "Logística",
        "Seguros",
        "Crédito",
        "Educação",
        "Varejo",
        "Energia",
        "Agro",
        "Dados",
        "Mobilidade",
        "Imóveis",
    ],
    &[
        "Pay",
        "Health",
        "Logistics",
        "Insurance",
        "Lending",
        "Learning",
        "Commerce",
        "Energy",
        "Agritech",
        "Analytics",
        "Mobility",
        "Homes",
    ],
    &[
        "Pagos",
        "Salud",
        "Logística",
        "Seguros",
        "Crédito",
        "Educación",
        "Comercio",
        "Energía",
        "Agro",
        "Datos",
        "Movilidad",
        "Hogares",
    ],
];
const SECTOR_TEXT: [&[&str]; 3] = [
    &[
        "pagamentos",
        "saúde",
        "logística",
        "seguros",
        "crédito",
        "educação",
        "varejo",
        "energia",
        "agronegócio",
        "dados",
        "mobilidade urbana",
        "imóveis",
    ],
    &[
        "payments",
        "healthcare",
        "logistics",
        "insurance",
        "lending",
        "education",
        "retail",
        "energy",
        "agriculture",
        "analytics",
        "mobility",
        "real estate",
    ],
    &[
        "pagos",
        "salud",
        "logística",
        "seguros",
        "crédito",
        "educación",
        "comercio",
        "energía",
        "agro",
        "datos",
        "movilidad",
        "bienes raíces",
    ],
];

struct Company {
    name: String,
    sector: usize,
    market: Market,
    slug: String,
}

/// One generated posting before it is rendered for a source.
struct Draft {
    lang: Lang,
    level: Level,
    family: Family,
    title: String,
    company: usize,
    place: usize,
    /// Days after the window's start (0..DAYS).
    day: i64,
    minute: i64,
    blocks: Blocks,
    salary: Option<Pay>,
    /// The pay is written in the description rather than the salary field.
    salary_in_text: bool,
    contract: Contract,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Contract {
    Clt,
    Pj,
    FullTime,
    Contractor,
}

#[derive(Clone)]
struct Pay {
    text: String,
    currency: &'static str,
}

/// The description's content, rendered as HTML or text by the source.
#[derive(Clone, Default)]
struct Blocks {
    intro: Vec<String>,
    duties_head: String,
    duties: Vec<String>,
    req_head: String,
    req: Vec<String>,
    nice_head: String,
    nice: Vec<String>,
    outro: Vec<String>,
}

impl Blocks {
    fn html(&self) -> String {
        let mut s = String::new();
        for p in &self.intro {
            s.push_str(&format!("<p>{p}</p>"));
        }
        for (head, items) in [
            (&self.duties_head, &self.duties),
            (&self.req_head, &self.req),
            (&self.nice_head, &self.nice),
        ] {
            if items.is_empty() {
                continue;
            }
            s.push_str(&format!("<h3>{head}</h3><ul>"));
            for i in items {
                s.push_str(&format!("<li>{i}</li>"));
            }
            s.push_str("</ul>");
        }
        for p in &self.outro {
            s.push_str(&format!("<p>{p}</p>"));
        }
        s
    }

    fn text(&self) -> String {
        let mut s = self.intro.join(" ");
        for (head, items) in [
            (&self.duties_head, &self.duties),
            (&self.req_head, &self.req),
            (&self.nice_head, &self.nice),
        ] {
            if items.is_empty() {
                continue;
            }
            s.push_str(&format!("\n\n{head}:\n"));
            for i in items {
                s.push_str(&format!("- {i}\n"));
            }
        }
        s.push('\n');
        s.push_str(&self.outro.join("\n"));
        s
    }
}

fn pick<'a, T>(rng: &mut fastrand::Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

fn weighted(rng: &mut fastrand::Rng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut x = rng.f64() * total;
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

/// `k` distinct items of `items`, the first `keep` always, the rest at random, in a stable
/// order.
fn choose(
    rng: &mut fastrand::Rng,
    items: &[&'static str],
    keep: usize,
    k: usize,
) -> Vec<&'static str> {
    let keep = keep.min(items.len());
    let mut out: Vec<&'static str> = items[..keep].to_vec();
    let mut rest: Vec<&'static str> = items[keep..].to_vec();
    while out.len() < k && !rest.is_empty() {
        let i = rng.usize(..rest.len());
        out.push(rest.remove(i));
    }
    out
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = match c {
            'á' | 'à' | 'â' | 'ã' => 'a',
            'é' | 'ê' => 'e',
            'í' => 'i',
            'ó' | 'ô' | 'õ' => 'o',
            'ú' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' | 'Ñ' => 'n',
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

fn companies(rng: &mut fastrand::Rng) -> Vec<Company> {
    let mut out: Vec<Company> = Vec::new();
    for (market, first, lang) in [
        (Market::Br, NAME_BR, 0usize),
        (Market::Es, NAME_ES, 2),
        (Market::Global, NAME_GLOBAL, 1),
    ] {
        // 40 companies per market, each first word used at most three times.
        let mut seen: Vec<(usize, usize)> = Vec::new();
        while seen.len() < 40 {
            let a = rng.usize(..first.len());
            let b = rng.usize(..SECTOR_NAME[lang].len());
            if seen.contains(&(a, b)) || seen.iter().filter(|(x, _)| *x == a).count() >= 3 {
                continue;
            }
            seen.push((a, b));
            let name = format!("{} {}", first[a], SECTOR_NAME[lang][b]);
            out.push(Company {
                slug: slug(&name),
                name,
                sector: b,
                market,
            });
        }
    }
    out
}

fn level_of(rng: &mut fastrand::Rng, family: Family) -> Level {
    let w: [f64; 5] = match family {
        Family::Bi => [0.06, 0.25, 0.4, 0.24, 0.05],
        Family::Ai => [0.0, 0.08, 0.32, 0.45, 0.15],
        _ => [0.04, 0.15, 0.36, 0.35, 0.10],
    };
    [
        Level::Intern,
        Level::Junior,
        Level::Mid,
        Level::Senior,
        Level::Lead,
    ][weighted(rng, &w)]
}

fn titled(rng: &mut fastrand::Rng, lang: Lang, level: Level, base: &str) -> String {
    let forms: &[&str] = match (lang, level) {
        (Lang::Pt, Level::Intern) => &["Estágio - {t}", "Estagiário(a) - {t}"],
        (Lang::Pt, Level::Junior) => &["{t} Júnior", "{t} Jr"],
        (Lang::Pt, Level::Mid) => &["{t} Pleno", "{t} Pleno"],
        (Lang::Pt, Level::Senior) => &["{t} Sênior", "{t} Sr", "{t} Sênior"],
        (Lang::Pt, Level::Lead) => &["Tech Lead - {t}", "{t} - Líder Técnico(a)"],
        (Lang::En, Level::Intern) => &["{t} Intern", "{t} Internship"],
        (Lang::En, Level::Junior) => &["Junior {t}", "Jr. {t}"],
        (Lang::En, Level::Mid) => &["{t}", "Mid-level {t}", "{t} II"],
        (Lang::En, Level::Senior) => &["Senior {t}", "Sr. {t}", "Senior {t}"],
        (Lang::En, Level::Lead) => &["Lead {t}", "Staff {t}", "Principal {t}"],
        (Lang::Es, Level::Intern) => &["Pasante de {t}", "Práctica profesional - {t}"],
        (Lang::Es, Level::Junior) => &["{t} Junior", "{t} Jr"],
        (Lang::Es, Level::Mid) => &["{t} Semi Senior", "{t} SSr"],
        (Lang::Es, Level::Senior) => &["{t} Senior", "{t} Sr"],
        (Lang::Es, Level::Lead) => &["{t} Líder", "Tech Lead {t}"],
    };
    pick(rng, forms).replace("{t}", base)
}

fn years_text(rng: &mut fastrand::Rng, lang: Lang, level: Level, area: &str) -> Option<String> {
    let n = match level {
        Level::Intern => return None,
        Level::Junior => rng.u32(1..=2),
        Level::Mid => rng.u32(2..=4),
        Level::Senior => rng.u32(5..=7),
        Level::Lead => rng.u32(7..=10),
    };
    Some(match lang {
        Lang::Pt => format!("{n}+ anos de experiência em {area}."),
        Lang::En => format!("{n}+ years of experience in {area}."),
        Lang::Es => format!("{n}+ años de experiencia en {area}."),
    })
}

fn area(family: Family, lang: Lang) -> &'static str {
    let i = lang as usize;
    let names: [&str; 3] = match family {
        Family::Science => ["ciência de dados", "data science", "ciencia de datos"],
        Family::MlEng => [
            "engenharia de machine learning",
            "machine learning engineering",
            "ingeniería de machine learning",
        ],
        Family::DataEng => [
            "engenharia de dados",
            "data engineering",
            "ingeniería de datos",
        ],
        Family::Bi => ["análise de dados", "data analysis", "análisis de datos"],
        Family::Ai => ["produtos com IA", "building AI products", "productos de IA"],
        Family::Software => [
            "desenvolvimento de software",
            "software development",
            "desarrollo de software",
        ],
        Family::Ops => ["infraestrutura", "infrastructure", "infraestructura"],
        Family::Business => [
            "produto ou atendimento",
            "product or customer roles",
            "producto o atención al cliente",
        ],
    };
    names[i]
}

fn duties(family: Family, lang: Lang) -> &'static [&'static str] {
    match (family, lang) {
        (Family::Science, Lang::Pt) => &[
            "Construir modelos preditivos de churn, crédito e demanda junto com as áreas de negócio.",
            "Desenhar e analisar experimentos para medir o impacto de novas funcionalidades.",
            "Transformar perguntas de negócio em análises claras e recomendações.",
            "Colocar modelos em produção em parceria com o time de engenharia.",
        ],
        (Family::Science, Lang::En) => &[
            "Build predictive models for churn, credit risk and demand with business teams.",
            "Design and analyse experiments to measure the impact of new features.",
            "Turn business questions into clear analyses and recommendations.",
            "Ship models to production together with the engineering team.",
        ],
        (Family::Science, Lang::Es) => &[
            "Construir modelos predictivos de churn, riesgo y demanda junto a las áreas de negocio.",
            "Diseñar y analizar experimentos para medir el impacto de nuevas funcionalidades.",
            "Convertir preguntas de negocio en análisis claros y recomendaciones.",
            "Llevar modelos a producción junto al equipo de ingeniería.",
        ],
        (Family::MlEng, Lang::Pt) => &[
            "Criar e manter pipelines de treinamento, validação e deploy de modelos.",
            "Monitorar modelos em produção e automatizar o retreinamento.",
            "Apoiar cientistas de dados a levar protótipos para produção.",
        ],
        (Family::MlEng, Lang::En) => &[
            "Build and maintain training, validation and deployment pipelines for models.",
            "Monitor models in production and automate retraining.",
            "Help data scientists take prototypes to production.",
        ],
        (Family::MlEng, Lang::Es) => &[
            "Construir y mantener pipelines de entrenamiento, validación y despliegue de modelos.",
            "Monitorear modelos en producción y automatizar el reentrenamiento.",
            "Acompañar a los científicos de datos a llevar prototipos a producción.",
        ],
        (Family::DataEng, Lang::Pt) => &[
            "Construir e manter pipelines de dados em lote e em tempo real.",
            "Modelar as camadas do data warehouse junto com analistas e cientistas.",
            "Garantir a qualidade, a documentação e a governança dos dados.",
        ],
        (Family::DataEng, Lang::En) => &[
            "Build and run batch and streaming data pipelines.",
            "Model the warehouse layers together with analysts and scientists.",
            "Own data quality, documentation and governance.",
        ],
        (Family::DataEng, Lang::Es) => &[
            "Construir y mantener pipelines de datos batch y en tiempo real.",
            "Modelar las capas del data warehouse junto a analistas y científicos.",
            "Asegurar la calidad, la documentación y la gobernanza de los datos.",
        ],
        (Family::Bi, Lang::Pt) => &[
            "Criar e manter dashboards e relatórios para as áreas de negócio.",
            "Definir indicadores e acompanhar metas com a liderança.",
            "Investigar variações nos números e explicar o porquê.",
        ],
        (Family::Bi, Lang::En) => &[
            "Build and maintain dashboards and reports for business teams.",
            "Define metrics and track goals with leadership.",
            "Dig into changes in the numbers and explain why they happened.",
        ],
        (Family::Bi, Lang::Es) => &[
            "Crear y mantener dashboards y reportes para las áreas de negocio.",
            "Definir indicadores y seguir metas con el liderazgo.",
            "Investigar variaciones en los números y explicar sus causas.",
        ],
        (Family::Ai, Lang::Pt) => &[
            "Construir assistentes e buscas semânticas sobre a base de conhecimento da empresa.",
            "Avaliar a qualidade das respostas e reduzir custos e latência.",
            "Levar protótipos de IA generativa para produção com segurança.",
        ],
        (Family::Ai, Lang::En) => &[
            "Build assistants and semantic search over the company's knowledge base.",
            "Evaluate answer quality and bring down cost and latency.",
            "Take generative AI prototypes to production safely.",
        ],
        (Family::Ai, Lang::Es) => &[
            "Construir asistentes y búsqueda semántica sobre la base de conocimiento de la empresa.",
            "Evaluar la calidad de las respuestas y reducir costos y latencia.",
            "Llevar prototipos de IA generativa a producción de forma segura.",
        ],
        (Family::Software, Lang::Pt) => &[
            "Desenvolver e manter serviços e telas usados por milhares de clientes.",
            "Participar das revisões de código e das decisões de arquitetura.",
            "Trabalhar junto com produto e design do início ao fim de cada entrega.",
        ],
        (Family::Software, Lang::En) => &[
            "Build and maintain services and screens used by thousands of customers.",
            "Take part in code reviews and architecture decisions.",
            "Work with product and design from discovery to delivery.",
        ],
        (Family::Software, Lang::Es) => &[
            "Desarrollar y mantener servicios y pantallas que usan miles de clientes.",
            "Participar en revisiones de código y decisiones de arquitectura.",
            "Trabajar con producto y diseño de punta a punta.",
        ],
        (Family::Ops, Lang::Pt) => &[
            "Automatizar a infraestrutura e os deploys dos times de produto.",
            "Cuidar da observabilidade e participar da escala de plantão.",
        ],
        (Family::Ops, Lang::En) => &[
            "Automate infrastructure and deployments for product teams.",
            "Own observability and take part in the on-call rotation.",
        ],
        (Family::Ops, Lang::Es) => &[
            "Automatizar la infraestructura y los despliegues de los equipos de producto.",
            "Cuidar la observabilidad y participar de las guardias.",
        ],
        (Family::Business, Lang::Pt) => &[
            "Conversar com clientes e transformar o que você ouve em prioridades.",
            "Acompanhar indicadores e apresentar resultados para a liderança.",
        ],
        (Family::Business, Lang::En) => &[
            "Talk to customers and turn what you hear into priorities.",
            "Track metrics and present results to leadership.",
        ],
        (Family::Business, Lang::Es) => &[
            "Conversar con clientes y convertir lo que escuchás en prioridades.",
            "Seguir indicadores y presentar resultados al liderazgo.",
        ],
    }
}

fn requirement(rng: &mut fastrand::Rng, lang: Lang, a: &str, b: Option<&str>) -> String {
    match (lang, b) {
        (Lang::Pt, Some(b)) => pick(
            rng,
            &[
                "Experiência com {a} e {b}.",
                "Boa vivência com {a} e {b} no dia a dia.",
            ],
        )
        .replace("{a}", a)
        .replace("{b}", b),
        (Lang::Pt, None) => pick(
            rng,
            &[
                "Domínio de {a}.",
                "Conhecimento sólido em {a}.",
                "Experiência prática com {a} em produção.",
            ],
        )
        .replace("{a}", a),
        (Lang::En, Some(b)) => pick(
            rng,
            &[
                "Experience with {a} and {b}.",
                "Comfortable using {a} and {b} every day.",
            ],
        )
        .replace("{a}", a)
        .replace("{b}", b),
        (Lang::En, None) => pick(
            rng,
            &[
                "Strong command of {a}.",
                "Solid knowledge of {a}.",
                "Hands-on experience with {a} in production.",
            ],
        )
        .replace("{a}", a),
        (Lang::Es, Some(b)) => pick(
            rng,
            &[
                "Experiencia con {a} y {b}.",
                "Manejo de {a} y {b} en el día a día.",
            ],
        )
        .replace("{a}", a)
        .replace("{b}", b),
        (Lang::Es, None) => pick(
            rng,
            &[
                "Dominio de {a}.",
                "Conocimiento sólido de {a}.",
                "Experiencia práctica con {a} en producción.",
            ],
        )
        .replace("{a}", a),
    }
}

fn nice_to_have(rng: &mut fastrand::Rng, lang: Lang, a: &str) -> String {
    let t: &[&str] = match lang {
        Lang::Pt => &[
            "Conhecimento em {a}.",
            "Experiência com {a}.",
            "Vivência com {a}.",
        ],
        Lang::En => &[
            "Experience with {a}.",
            "Familiarity with {a}.",
            "Exposure to {a}.",
        ],
        Lang::Es => &[
            "Experiencia con {a}.",
            "Conocimiento de {a}.",
            "Haber trabajado con {a}.",
        ],
    };
    pick(rng, t).replace("{a}", a)
}

/// Pay for a level in a currency, per month (per year for USD in the US and for EUR).
fn pay(
    rng: &mut fastrand::Rng,
    place: &Place,
    level: Level,
    factor: f64,
    lang: Lang,
) -> Option<Pay> {
    let li = level as usize;
    let yearly_us = place.scope == Scope::UsOnly;
    // Argentina pays in dollars about half the time.
    let currency = if place.currency == "ARS" && rng.bool() {
        "USD"
    } else {
        place.currency
    };
    let base: f64 = match currency {
        "BRL" => [2200.0, 5500.0, 10000.0, 16000.0, 23000.0][li],
        "USD" if yearly_us => [60000.0, 95000.0, 130000.0, 165000.0, 200000.0][li],
        "USD" => [1200.0, 2800.0, 4500.0, 6800.0, 9000.0][li],
        "EUR" => [14000.0, 28000.0, 40000.0, 55000.0, 70000.0][li],
        "MXN" => [12000.0, 28000.0, 48000.0, 72000.0, 95000.0][li],
        "COP" => [
            2_000_000.0,
            4_500_000.0,
            8_000_000.0,
            13_000_000.0,
            18_000_000.0,
        ][li],
        "ARS" => [
            600_000.0,
            1_300_000.0,
            2_200_000.0,
            3_500_000.0,
            5_000_000.0,
        ][li],
        "CLP" => [
            700_000.0,
            1_400_000.0,
            2_200_000.0,
            3_300_000.0,
            4_500_000.0,
        ][li],
        _ => return None,
    };
    let step = |v: f64| -> f64 {
        let unit = if v >= 1_000_000.0 {
            100_000.0
        } else if v >= 100_000.0 {
            5000.0
        } else if v >= 10_000.0 {
            500.0
        } else {
            100.0
        };
        (v / unit).round() * unit
    };
    let min = step(base * factor * (0.88 + 0.24 * rng.f64()));
    let max = step(min * (1.2 + 0.3 * rng.f64()));
    let dots = |v: f64| group(v as u64, '.');
    let commas = |v: f64| group(v as u64, ',');
    let k = |v: f64| format!("{}k", (v / 1000.0).round() as u64);
    let text = match currency {
        "BRL" => match rng.usize(..5) {
            0 => format!("R$ {} a R$ {} por mês (CLT)", dots(min), dots(max)),
            1 => format!("R$ {} - R$ {} mensal PJ", dots(min), dots(max)),
            2 => format!("R$ {},00 CLT mensal", dots(min)),
            3 => format!("Até R$ {} por mês", dots(max)),
            _ => format!("R$ {} - {}", dots(min), dots(max)),
        },
        "USD" if yearly_us => match rng.usize(..3) {
            0 => format!("USD {}–{}/year", k(min), k(max)),
            1 => format!("${} - ${} per year", commas(min), commas(max)),
            _ => format!("USD {} - {} annually", commas(min), commas(max)),
        },
        "USD" => match (lang, rng.usize(..3)) {
            (Lang::Pt, 0) => format!("US$ {} a US$ {} por mês", dots(min), dots(max)),
            (Lang::Es, 0) => format!("USD {} - {} mensuales", dots(min), dots(max)),
            (_, 1) => format!("US$ {}/month", commas(min)),
            _ => format!("USD {}–{}/year", k(min * 12.0), k(max * 12.0)),
        },
        "EUR" => match (lang, rng.usize(..2)) {
            (Lang::En, _) => format!("EUR {}–{} per year", k(min), k(max)),
            (Lang::Pt, 0) => format!("{} € - {} € por ano", dots(min), dots(max)),
            (_, _) => format!("€{} - €{} brutos/año", dots(min), dots(max)),
        },
        "MXN" => match rng.usize(..2) {
            0 => format!("MXN ${} - ${} mensuales", commas(min), commas(max)),
            _ => format!("${} MXN brutos al mes", commas(min)),
        },
        "COP" => format!("COP {} - {} mensuales", dots(min), dots(max)),
        "ARS" => format!("ARS {} - {} brutos mensuales", dots(min), dots(max)),
        "CLP" => format!("CLP ${} líquidos mensuales", dots(min)),
        _ => return None,
    };
    Some(Pay { text, currency })
}

/// `v` with a thousands separator.
fn group(v: u64, sep: char) -> String {
    let digits = v.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

fn workplace_sentence(rng: &mut fastrand::Rng, place: &Place, lang: Lang) -> String {
    let city = place.city;
    match (place.scope, lang) {
        (Scope::Local, Lang::Pt) => match place.work {
            Work::Hybrid => {
                format!("Modelo híbrido: três dias por semana no escritório em {city}.")
            }
            _ => format!("Trabalho presencial no nosso escritório em {city}."),
        },
        (Scope::Local, Lang::En) => match place.work {
            Work::Hybrid => {
                format!("This is a hybrid role: three days a week at our {city} office.")
            }
            _ => format!("This role is on-site at our {city} office."),
        },
        (Scope::Local, Lang::Es) => match place.work {
            Work::Hybrid => {
                format!("Modalidad híbrida: tres días por semana en nuestra oficina de {city}.")
            }
            _ => format!("Trabajo presencial en nuestra oficina de {city}."),
        },
        (Scope::Brazil, Lang::Pt) => pick(
            rng,
            &[
                "Trabalho 100% remoto, para pessoas que moram no Brasil.",
                "Vaga remota: você pode trabalhar de qualquer lugar do Brasil.",
            ],
        )
        .to_string(),
        (Scope::Brazil, _) => "Fully remote, open to people living in Brazil.".to_string(),
        (Scope::Latam, Lang::Es) => {
            "Trabajo remoto desde cualquier país de Latinoamérica.".to_string()
        }
        (Scope::Latam, Lang::Pt) => {
            "Trabalho remoto de qualquer país da América Latina.".to_string()
        }
        (Scope::Latam, Lang::En) => pick(
            rng,
            &[
                "Fully remote: you can work from anywhere in Latin America.",
                "This is a remote position open to candidates based in LATAM.",
            ],
        )
        .to_string(),
        (Scope::UsOnly, _) => pick(
            rng,
            &[
                "Remote, but candidates must be authorized to work in the United States.",
                "This remote role is open to US residents only.",
            ],
        )
        .to_string(),
        (Scope::Worldwide, _) => {
            "Work from anywhere in the world; we are a fully distributed team.".to_string()
        }
        (Scope::Europe, _) => "Remote within Europe (CET ± 2 hours).".to_string(),
    }
}

fn contract_of(rng: &mut fastrand::Rng, place: &Place) -> Contract {
    match place.market {
        Market::Br if place.scope == Scope::Brazil || place.scope == Scope::Local => {
            if rng.f64() < 0.65 {
                Contract::Clt
            } else {
                Contract::Pj
            }
        }
        _ if place.scope == Scope::Latam || place.scope == Scope::Worldwide => {
            if rng.f64() < 0.6 {
                Contract::Contractor
            } else {
                Contract::FullTime
            }
        }
        _ => Contract::FullTime,
    }
}

fn contract_sentence(contract: Contract, lang: Lang) -> &'static str {
    match (contract, lang) {
        (Contract::Clt, _) => "Contratação CLT.",
        (Contract::Pj, _) => "Contratação PJ.",
        (Contract::Contractor, Lang::Es) => "Contratación como contractor independiente.",
        (Contract::Contractor, Lang::Pt) => "Contratação como contractor internacional.",
        (Contract::Contractor, Lang::En) => "This is a long-term contractor position.",
        (Contract::FullTime, Lang::Es) => "Contrato por tiempo indeterminado, jornada completa.",
        (Contract::FullTime, Lang::Pt) => "Contrato a tempo inteiro.",
        (Contract::FullTime, Lang::En) => "This is a full-time position.",
    }
}

fn draft(
    rng: &mut fastrand::Rng,
    companies: &[Company],
    used: &mut BTreeSet<(usize, String)>,
) -> Draft {
    // Later dates are a little denser: the market grew over the window.
    let day = ((DAYS as f64) * rng.f64().powf(0.8)).floor() as i64;
    let day = day.clamp(0, DAYS - 1);
    let t = day as f64 / DAYS as f64;

    let weights: Vec<f64> = ROLES
        .iter()
        .map(|r| (r.weight + r.growth * t).max(0.5))
        .collect();
    let role = &ROLES[weighted(rng, &weights)];
    let family = role.family;

    let place_weights: Vec<f64> = PLACES.iter().map(|p| p.weight).collect();
    let place_i = weighted(rng, &place_weights);
    let place = &PLACES[place_i];
    let lang = [Lang::Pt, Lang::En, Lang::Es][weighted(rng, &place.langs)];

    let level = level_of(rng, family);
    let base = *pick(rng, role.titles[lang as usize]);
    let title = titled(rng, lang, level, base);
    let candidates: Vec<usize> = companies
        .iter()
        .enumerate()
        .filter(|(_, c)| c.market == place.market)
        .map(|(i, _)| i)
        .collect();
    // One opening per company and title: the same company posting the same job twice would be
    // a repost, which only the planted cross-posts should be.
    let mut company = *pick(rng, &candidates);
    for _ in 0..50 {
        if !used.contains(&(company, title.clone())) {
            break;
        }
        company = *pick(rng, &candidates);
    }
    used.insert((company, title.clone()));

    // Skills: the role's, plus the market's drift.
    let n_req = rng.usize(4..=6);
    let mut req = choose(rng, role.required, 2, n_req);
    let n_nice = rng.usize(1..=3);
    let mut nice = choose(rng, role.nice, 0, n_nice);
    nice.retain(|s| !req.contains(s));
    if family.is_data() && family != Family::Ai && family != Family::Bi {
        // LLM skills: rare at the start of the window, common at its end.
        if rng.f64() < 0.04 + 0.5 * t * t {
            let s = *pick(rng, RISING);
            if !req.contains(&s) && !nice.contains(&s) {
                if rng.bool() {
                    req.push(s);
                } else {
                    nice.push(s);
                }
            }
        }
        // Hadoop-era skills fade out.
        if matches!(family, Family::DataEng | Family::Science)
            && rng.f64() < 0.35 * (1.0 - t) * (1.0 - t) + 0.01
        {
            let s = *pick(rng, FALLING);
            if !req.contains(&s) {
                req.push(s);
            }
        }
    }

    let company_ref = &companies[company];
    let sector = SECTOR_TEXT[lang as usize][company_ref.sector];
    let name = &company_ref.name;
    let mut blocks = Blocks::default();
    let team = pick(
        rng,
        &[
            ["Dados", "Data", "Datos"],
            ["Risco", "Risk", "Riesgo"],
            ["Growth", "Growth", "Growth"],
            ["Plataforma", "Platform", "Plataforma"],
            ["Pricing", "Pricing", "Pricing"],
            ["Operações", "Operations", "Operaciones"],
        ],
    )[lang as usize];
    blocks.intro.push(match lang {
        Lang::Pt => format!("A {name} é uma empresa de {sector} que cresce junto com seus clientes. Estamos contratando para a vaga de {title} no time de {team}."),
        Lang::En => format!("{name} is a {sector} company growing fast across the region. We are hiring a {title} to join our {team} team."),
        Lang::Es => format!("{name} es una empresa de {sector} que crece en toda la región. Buscamos un/a {title} para sumarse al equipo de {team}."),
    });
    let (duties_head, req_head, nice_head) = match lang {
        Lang::Pt => ("Responsabilidades", "Requisitos", "Diferenciais"),
        Lang::En => ("What you will do", "Requirements", "Nice to have"),
        Lang::Es => ("Responsabilidades", "Requisitos", "Deseable"),
    };
    blocks.duties_head = duties_head.to_string();
    blocks.req_head = req_head.to_string();
    blocks.nice_head = nice_head.to_string();
    let all_duties = duties(family, lang);
    let n = rng.usize(2..=all_duties.len().min(3));
    blocks.duties = choose(rng, all_duties, 0, n)
        .into_iter()
        .map(str::to_string)
        .collect();
    if let Some(y) = years_text(rng, lang, level, area(family, lang)) {
        blocks.req.push(y);
    }
    let mut i = 0;
    while i < req.len() {
        let pair = i + 1 < req.len() && rng.bool();
        let b = if pair { Some(req[i + 1]) } else { None };
        blocks.req.push(requirement(rng, lang, req[i], b));
        i += if pair { 2 } else { 1 };
    }
    match lang {
        Lang::Pt if rng.f64() < 0.4 => blocks
            .req
            .push("Inglês avançado para conversar com o time global.".into()),
        Lang::Es if rng.f64() < 0.4 => blocks.req.push("Inglés intermedio o avanzado.".into()),
        Lang::En if place.market != Market::Global && rng.f64() < 0.5 => blocks
            .req
            .push("Fluent English; Portuguese or Spanish is a plus.".into()),
        _ => {}
    }
    for s in &nice {
        blocks.nice.push(nice_to_have(rng, lang, s));
    }

    let contract = contract_of(rng, place);
    blocks.outro.push(workplace_sentence(rng, place, lang));
    blocks
        .outro
        .push(contract_sentence(contract, lang).to_string());
    blocks.outro.push(match lang {
        Lang::Pt => pick(rng, &[
            "Benefícios: plano de saúde e odontológico, vale-refeição, auxílio home office e day off no aniversário.",
            "Oferecemos plano de saúde, participação nos lucros, horário flexível e auxílio educação.",
        ]).to_string(),
        Lang::En => pick(rng, &[
            "We offer health insurance, a learning budget, flexible hours and a home office stipend.",
            "Benefits include paid time off, a yearly team retreat and a new laptop of your choice.",
        ]).to_string(),
        Lang::Es => pick(rng, &[
            "Ofrecemos prepaga, presupuesto para capacitación, horario flexible y días extra de vacaciones.",
            "Beneficios: seguro médico, bono anual y equipo de trabajo a elección.",
        ]).to_string(),
    });

    // Pay: stated more often in Brazil (Gupy shows it) than elsewhere.
    let share = match place.market {
        Market::Br => 0.5,
        Market::Es => 0.4,
        Market::Global => 0.35,
    };
    let salary = if rng.f64() < share {
        pay(rng, place, level, role.pay, lang)
    } else {
        None
    };
    let salary_in_text = salary.is_some() && rng.f64() < 0.3;
    if salary_in_text && let Some(p) = &salary {
        blocks.outro.push(match lang {
            Lang::Pt => format!("Faixa salarial: {}.", p.text),
            Lang::En => format!("Salary range: {}.", p.text),
            Lang::Es => format!("Rango salarial: {}.", p.text),
        });
    }
    blocks.outro.push(match lang {
        Lang::Pt => "Todas as pessoas são bem-vindas: valorizamos a diversidade.".to_string(),
        Lang::En => {
            "We are an equal opportunity employer and welcome applicants from all backgrounds."
                .to_string()
        }
        Lang::Es => {
            "Valoramos la diversidad y recibimos postulaciones de todas las personas.".to_string()
        }
    });

    Draft {
        lang,
        level,
        family,
        title,
        company,
        place: place_i,
        day,
        minute: rng.i64(6 * 60..22 * 60),
        blocks,
        salary,
        salary_in_text,
        contract,
    }
}

/// Picks the source of a posting from its place.
fn source_for(rng: &mut fastrand::Rng, place: &Place, lang: Lang) -> &'static str {
    let (names, weights): (&[&str], &[f64]) = match (place.market, place.scope) {
        (Market::Br, _) if lang == Lang::Pt => (
            &[
                "demo-gupy",
                "demo-greenhouse",
                "demo-lever",
                "demo-ashby",
                "demo-rss",
                "demo-remote-board",
            ],
            &[
                45.0,
                18.0,
                12.0,
                8.0,
                7.0,
                if place.work == Work::Remote {
                    10.0
                } else {
                    0.0
                },
            ],
        ),
        (_, Scope::Latam) if lang == Lang::Es => (
            &[
                "demo-getonboard",
                "demo-remote-board",
                "demo-greenhouse",
                "demo-lever",
            ],
            &[45.0, 25.0, 15.0, 15.0],
        ),
        (_, Scope::Latam | Scope::Worldwide | Scope::UsOnly | Scope::Europe | Scope::Brazil) => (
            &[
                "demo-remote-board",
                "demo-greenhouse",
                "demo-lever",
                "demo-ashby",
                "demo-rss",
            ],
            &[30.0, 25.0, 20.0, 20.0, 5.0],
        ),
        (Market::Es, _) => (
            &[
                "demo-getonboard",
                "demo-greenhouse",
                "demo-lever",
                "demo-rss",
            ],
            &[40.0, 25.0, 20.0, 15.0],
        ),
        _ => (
            &["demo-greenhouse", "demo-lever", "demo-ashby", "demo-rss"],
            &[35.0, 25.0, 30.0, 10.0],
        ),
    };
    names[weighted(rng, weights)]
}

fn external_id(rng: &mut fastrand::Rng, source: &str) -> String {
    match source {
        "demo-greenhouse" => rng.u64(4_000_000..9_999_999).to_string(),
        "demo-lever" | "demo-ashby" => {
            let a = rng.u64(..);
            let b = rng.u32(..);
            format!(
                "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
                (a >> 32) as u32,
                (a >> 16) as u16,
                a as u16 & 0xfff,
                (b >> 16) as u16 | 0x8000,
                u64::from(b) << 16 | (a & 0xffff)
            )
        }
        "demo-gupy" => rng.u64(5_000_000..9_999_999).to_string(),
        "demo-getonboard" => format!("demo-{}", rng.u64(100_000..999_999)),
        _ => rng.u64(100_000..999_999).to_string(),
    }
}

fn render(
    rng: &mut fastrand::Rng,
    d: &Draft,
    source: &'static str,
    companies: &[Company],
    window_start: DateTime<Utc>,
    day_offset: i64,
    duplicate_of: Option<&str>,
) -> SourcePosting {
    let company = &companies[d.company];
    let place = &PLACES[d.place];
    let ext = external_id(rng, source);
    let mut p = SourcePosting::new(source, ext.clone(), d.title.clone());
    p.company = Some(company.name.clone());
    let short = source.trim_start_matches("demo-");
    p.url = Some(format!(
        "https://demo.vaga.example/{short}/{}/{ext}",
        company.slug
    ));
    let html = matches!(
        source,
        "demo-greenhouse" | "demo-lever" | "demo-ashby" | "demo-rss" | "demo-remote-board"
    );
    p.description = Some(if html {
        d.blocks.html()
    } else {
        d.blocks.text()
    });
    let when = window_start + Duration::days(d.day + day_offset) + Duration::minutes(d.minute);
    p.posted_at = Some(when.format("%Y-%m-%dT%H:%M:%SZ").to_string());
    if let Some(s) = &d.salary
        && !d.salary_in_text
    {
        p.salary = Some(s.text.clone());
    }
    let remote = place.work == Work::Remote;
    match source {
        "demo-gupy" => {
            p.location = Some(place.label.to_string());
            p.city = (!place.city.is_empty()).then(|| place.city.to_string());
            p.country = Some("Brasil".to_string());
            p.workplace_type = Some(place.work.code().to_string());
            p.remote = Some(remote);
            p.job_type = Some(
                match d.contract {
                    Contract::Pj => "vacancy_legal_entity",
                    _ => "vacancy_type_effective",
                }
                .to_string(),
            );
        }
        "demo-lever" | "demo-ashby" => {
            p.location = Some(place.label.to_string());
            p.workplace_type = Some(
                match (source, place.work) {
                    ("demo-ashby", Work::Remote) => "Remote",
                    ("demo-ashby", Work::Hybrid) => "Hybrid",
                    ("demo-ashby", Work::OnSite) => "OnSite",
                    (_, w) => w.code(),
                }
                .to_string(),
            );
            p.job_type = Some(
                match d.contract {
                    Contract::Contractor | Contract::Pj => "Contractor",
                    _ => "Full-time",
                }
                .to_string(),
            );
            p.category = Some(
                match d.family {
                    f if f.is_data() => "Data",
                    Family::Business => "Product",
                    _ => "Engineering",
                }
                .to_string(),
            );
        }
        "demo-remote-board" => {
            p.location = None;
            p.remote = Some(true);
            p.candidate_required_location = Some(
                match place.scope {
                    Scope::Brazil => "Brazil",
                    Scope::Latam => "LATAM",
                    Scope::UsOnly => "USA Only",
                    Scope::Europe => "Europe",
                    _ => "Worldwide",
                }
                .to_string(),
            );
            p.attribution = Some("Demo data generated by Vaga (not a live source)".to_string());
        }
        "demo-getonboard" => {
            p.location = Some(place.label.to_string());
            p.remote = Some(remote);
            if place.scope == Scope::Latam {
                p.location_restrictions = vec![
                    "Argentina".into(),
                    "Chile".into(),
                    "Colombia".into(),
                    "México".into(),
                    "Perú".into(),
                    "Uruguay".into(),
                ];
            }
        }
        _ => {
            p.location = Some(place.label.to_string());
        }
    }
    p.tags = match d.family {
        f if f.is_data() => vec!["data".to_string()],
        _ => Vec::new(),
    };
    p.raw = json!({
        "demo": true,
        "generator": "vaga-demo",
        "lang": d.lang.code(),
        "level": d.level.code(),
        "data_role": d.family.is_data(),
        "country": place.country,
        "remote": remote,
        "takeable_from_br": matches!(place.scope, Scope::Brazil | Scope::Latam | Scope::Worldwide) || place.country == "BR",
        "salary": d.salary.as_ref().map(|s| s.text.clone()),
        "salary_currency": d.salary.as_ref().map(|s| s.currency),
        "duplicate_of": duplicate_of,
    });
    p
}

/// Generates the demo postings: [`POSTINGS`] of them, [`DUPLICATES`] being the same job on a
/// second source. Deterministic: the same `seed` and the same day of `now` (UTC) give the same
/// postings, byte for byte; posting dates fall in the [`DAYS`] days before that day.
pub fn generate(seed: u64, now: DateTime<Utc>) -> Vec<SourcePosting> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let today = Utc.from_utc_datetime(&now.date_naive().and_time(NaiveTime::MIN));
    let window_start = today - Duration::days(DAYS);
    let companies = companies(&mut rng);
    let originals = POSTINGS - DUPLICATES;
    let mut drafts = Vec::with_capacity(originals);
    let mut used = BTreeSet::new();
    for _ in 0..originals {
        drafts.push(draft(&mut rng, &companies, &mut used));
    }
    let mut out: Vec<SourcePosting> = Vec::with_capacity(POSTINGS);
    let mut dup_candidates = Vec::new();
    for d in &drafts {
        let place = &PLACES[d.place];
        let source = source_for(&mut rng, place, d.lang);
        let r = render(&mut rng, d, source, &companies, window_start, 0, None);
        // Jobs on an ATS that a board or feed also carries: the cross-posting candidates.
        if matches!(source, "demo-greenhouse" | "demo-lever" | "demo-ashby") && d.day < DAYS - 4 {
            dup_candidates.push(out.len());
        }
        out.push(r);
    }
    let mut picked = Vec::new();
    while picked.len() < DUPLICATES && picked.len() < dup_candidates.len() {
        let i = dup_candidates[rng.usize(..dup_candidates.len())];
        if !picked.contains(&i) {
            picked.push(i);
        }
    }
    picked.sort_unstable();
    // Index of each original's draft: originals were pushed in draft order.
    for i in picked {
        let d = &drafts[i];
        let place = &PLACES[d.place];
        let source = if place.work == Work::Remote {
            "demo-remote-board"
        } else {
            "demo-rss"
        };
        let original_id = out[i].id.clone();
        let original_url = out[i].url.clone();
        let lag = rng.i64(0..=3);
        let mut r = render(
            &mut rng,
            d,
            source,
            &companies,
            window_start,
            lag,
            Some(&original_id),
        );
        r.apply_url = original_url;
        out.push(r);
    }
    // Newest first, as boards list them; ties by id.
    out.sort_by(|a, b| b.posted_at.cmp(&a.posted_at).then_with(|| a.id.cmp(&b.id)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(group(12000, '.'), "12.000");
        assert_eq!(group(1_800_000, '.'), "1.800.000");
        assert_eq!(group(950, ','), "950");
        assert_eq!(group(120_000, ','), "120,000");
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("Ñandú Crédito"), "nandu-credito");
        assert_eq!(slug("Plinth & Pine Pay"), "plinth-pine-pay");
    }
}
