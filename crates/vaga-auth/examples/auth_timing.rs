//! Times argon2id at a few parameter sets and the password policy check on this machine.
//!
//! `cargo run --release -p vaga-auth --example auth_timing`

use std::time::Instant;

use vaga_auth::password::{PasswordHasher, PasswordPolicy, verify};
use vaga_auth::{OsRng, Password};

fn median_ms(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pw = Password::from("janela amarela no quintal".to_owned());
    let runs = 15;
    println!("m_kib t p | hash median ms | min ms | verify median ms");
    for (m, t, p) in [
        (19 * 1024, 2, 1),
        (19 * 1024, 3, 1),
        (19 * 1024, 4, 1),
        (32 * 1024, 2, 1),
        (46 * 1024, 1, 1),
        (64 * 1024, 2, 1),
        (64 * 1024, 3, 1),
    ] {
        let h = PasswordHasher::new(m, t, p)?;
        let mut hash_ms = Vec::new();
        let mut phc = String::new();
        for _ in 0..runs {
            let start = Instant::now();
            phc = h.hash(&pw, &mut OsRng)?;
            hash_ms.push(start.elapsed().as_secs_f64() * 1e3);
        }
        let min = hash_ms.iter().copied().fold(f64::INFINITY, f64::min);
        let mut verify_ms = Vec::new();
        for _ in 0..runs {
            let start = Instant::now();
            assert!(verify(&pw, &phc));
            verify_ms.push(start.elapsed().as_secs_f64() * 1e3);
        }
        println!(
            "{m:>6} {t} {p} | {:>14.1} | {min:>6.1} | {:>16.1}",
            median_ms(hash_ms),
            median_ms(verify_ms)
        );
    }
    let policy = PasswordPolicy::default();
    let inputs = [
        "password123",
        "correct horse battery staple",
        "Tr0ub4dor&3-violeta-nublada",
        "mariasilva2024",
    ];
    let mut ms = Vec::new();
    for _ in 0..runs {
        for s in inputs {
            let p = Password::from(s.to_owned());
            let start = Instant::now();
            let _ = policy.check(&p, "maria.silva@example.com", "Maria Silva");
            ms.push(start.elapsed().as_secs_f64() * 1e3);
        }
    }
    let first = ms[0];
    println!(
        "policy check: first call {first:.1} ms (builds zxcvbn's lists), median {:.2} ms over {} calls",
        median_ms(ms.clone()),
        ms.len()
    );
    Ok(())
}
