//! The demo user's resume: an invented data scientist in Belo Horizonte.
//!
//! Nobody real: the name, employers (built from the same word lists as the demo companies),
//! school projects and links are made up, and links point at the reserved `example` domain.
//! The profile is chosen so that the demo shows something on every screen: a senior-ish data
//! scientist whose skills cover most of what the demo's data-science postings ask, who lacks
//! what the market is moving to (Spark, dbt, MLflow, PyTorch, LLMs and RAG), wants remote work
//! from Brazil and states a pay range.

use serde_json::{Value, json};

/// The demo user's e-mail (also the login).
pub const DEMO_EMAIL: &str = "demo@vaga.local";
/// The demo user's display name.
pub const DEMO_NAME: &str = "Camila Duarte (demo)";

/// The demo user's resume as a JSON Resume document, with Vaga's facts and preferences under
/// `meta.vaga` (the shape `vaga_domain::matching::profile::ProfileInput::from_json` reads).
pub fn resume() -> Value {
    json!({
        "basics": {
            "name": DEMO_NAME,
            "label": "Cientista de Dados",
            "email": DEMO_EMAIL,
            "url": "https://demo.vaga.example/camila",
            "summary": "Cientista de dados com seis anos de experiência em crédito, varejo e saúde: modelos de risco e churn em Python, experimentos A/B e dashboards para as áreas de negócio. Perfil fictício, criado para a demonstração do Vaga.",
            "location": {
                "city": "Belo Horizonte",
                "region": "MG",
                "countryCode": "BR"
            },
            "profiles": [
                { "network": "GitHub", "username": "camila-demo", "url": "https://demo.vaga.example/github/camila-demo" }
            ]
        },
        "work": [
            {
                "name": "Jatobá Crédito",
                "position": "Cientista de Dados Sênior",
                "location": "Belo Horizonte, MG",
                "startDate": "2023-03",
                "summary": "Modelos de risco de crédito e de churn para uma carteira de pequenos negócios.",
                "highlights": [
                    "Modelo de risco com XGBoost e scikit-learn que reduziu a inadimplência da carteira nova.",
                    "Desenho e análise de testes A/B de ofertas de crédito com o time de produto.",
                    "Pipelines de features em SQL e Python agendados no Airflow."
                ]
            },
            {
                "name": "Seriema Saúde",
                "position": "Cientista de Dados",
                "location": "Belo Horizonte, MG",
                "startDate": "2020-09",
                "endDate": "2023-02",
                "highlights": [
                    "Previsão de demanda de consultas com séries temporais (statsmodels, Prophet).",
                    "Dashboards de indicadores assistenciais em Power BI."
                ]
            },
            {
                "name": "Buriti Varejo",
                "position": "Analista de Dados",
                "location": "Belo Horizonte, MG",
                "startDate": "2019-01",
                "endDate": "2020-08",
                "highlights": [
                    "Análises de cesta e segmentação de clientes em SQL e pandas.",
                    "Relatórios semanais de vendas em Excel e Power BI."
                ]
            }
        ],
        "education": [
            {
                "institution": "Universidade fictícia de Minas (demo)",
                "area": "Estatística",
                "studyType": "Bacharelado",
                "startDate": "2014-02",
                "endDate": "2018-12"
            }
        ],
        "skills": [
            { "name": "Linguagens e dados", "keywords": ["Python", "SQL", "pandas", "NumPy", "Jupyter", "Git"] },
            { "name": "Modelagem", "keywords": ["Machine Learning", "scikit-learn", "XGBoost", "Statistics", "A/B Testing", "Time Series Analysis"] },
            { "name": "Ferramentas", "keywords": ["Airflow", "Docker", "AWS", "Power BI", "Excel"] }
        ],
        "languages": [
            { "language": "Portuguese", "fluency": "Native speaker" },
            { "language": "English", "fluency": "Professional working proficiency" }
        ],
        "meta": {
            "vaga": {
                "years_experience": 6,
                "seniority": "senior",
                "language": "pt",
                "preferences": {
                    "country": "BR",
                    "location": "Belo Horizonte",
                    "remote_only": true,
                    "salary_min": 13000,
                    "salary_max": 20000,
                    "currency": "BRL",
                    "salary_period": "month",
                    "language": "pt"
                }
            }
        }
    })
}
