//! Password policy and argon2id hashing.

use proptest::prelude::*;
use vaga_auth::password::{
    MAX_BYTES, PasswordHasher, PasswordPolicy, PolicyViolation, needs_rehash, verify,
};
use vaga_auth::{OsRng, Password};

fn pw(s: &str) -> Password {
    Password::from(s.to_owned())
}

fn check(s: &str) -> Result<(), PolicyViolation> {
    PasswordPolicy::default().check(&pw(s), "maria.silva@example.com", "Maria Silva")
}

/// A cheap hasher for tests (1 MiB, one pass): the same code path as the default.
fn cheap() -> PasswordHasher {
    PasswordHasher::new(1024, 1, 1).unwrap()
}

#[test]
fn policy_table() {
    let cases: &[(&str, Result<(), &str>)] = &[
        ("", Err("too_short")),
        ("short", Err("too_short")),
        ("ação123", Err("too_short")),
        // 9 characters of 2 bytes each: 18 bytes but still too short.
        ("ããããããããã", Err("too_short")),
        ("password123", Err("too_common")),
        ("1234567890", Err("too_common")),
        ("qwertyuiop", Err("too_common")),
        ("iloveyou12", Err("too_common")),
        ("mariasilva2024", Err("contains_personal_info")),
        ("maria.silva@example.com", Err("contains_personal_info")),
        ("aaaaaaaaaaaa", Err("too_guessable")),
        ("correct horse battery staple", Ok(())),
        ("Tr0ub4dor&3-violeta-nublada", Ok(())),
        ("janela amarela no quintal", Ok(())),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(input, want)| {
            let got = check(input).map_err(|v| v.code());
            (got != *want).then(|| format!("{input:?}: got {got:?}, want {want:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn length_is_counted_in_characters_and_capped_in_bytes() {
    // 10 characters, 20 bytes: long enough (then judged by zxcvbn).
    assert_ne!(check("çãõéíúâêôà").map_err(|v| v.code()), Err("too_short"));
    let long = "x".repeat(MAX_BYTES + 1);
    assert_eq!(
        check(&long),
        Err(PolicyViolation::TooLong {
            max_bytes: MAX_BYTES
        })
    );
}

#[test]
fn violations_serialise_with_their_code() {
    let v = serde_json::to_value(PolicyViolation::TooShort { min_chars: 10 }).unwrap();
    assert_eq!(v, serde_json::json!({"code": "too_short", "min_chars": 10}));
    let v = serde_json::to_value(PolicyViolation::TooCommon).unwrap();
    assert_eq!(v, serde_json::json!({"code": "too_common"}));
    assert!(PolicyViolation::TooCommon.message().contains("common"));
}

#[test]
fn hash_then_verify() {
    let h = cheap();
    let phc = h
        .hash(&pw("correct horse battery staple"), &mut OsRng)
        .unwrap();
    assert!(phc.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"), "{phc}");
    assert!(verify(&pw("correct horse battery staple"), &phc));
    assert!(!verify(&pw("correct horse battery stapl"), &phc));
    assert!(!verify(&pw(""), &phc));
    // Salts differ.
    let again = h
        .hash(&pw("correct horse battery staple"), &mut OsRng)
        .unwrap();
    assert_ne!(phc, again);
}

#[test]
fn default_hasher_uses_the_documented_parameters() {
    let h = PasswordHasher::default();
    assert_eq!(h.costs(), (32 * 1024, 2, 1));
    let phc = h
        .hash(&pw("janela amarela no quintal"), &mut OsRng)
        .unwrap();
    assert!(phc.starts_with("$argon2id$v=19$m=32768,t=2,p=1$"), "{phc}");
    assert!(verify(&pw("janela amarela no quintal"), &phc));
    assert!(!needs_rehash(&phc));
}

#[test]
fn needs_rehash_when_parameters_change() {
    let phc = cheap()
        .hash(&pw("janela amarela no quintal"), &mut OsRng)
        .unwrap();
    assert!(needs_rehash(&phc));
    assert!(!cheap().needs_rehash(&phc));
    assert!(PasswordHasher::new(2048, 1, 1).unwrap().needs_rehash(&phc));
    assert!(needs_rehash("not a hash"));
    assert!(needs_rehash(""));
    // argon2i with the same costs: the algorithm changed.
    assert!(cheap().needs_rehash(&phc.replacen("argon2id", "argon2i", 1)));
}

#[test]
fn verify_refuses_malformed_and_foreign_hashes() {
    let p = pw("janela amarela no quintal");
    let good = cheap().hash(&p, &mut OsRng).unwrap();
    let bad = [
        String::new(),
        "$".to_owned(),
        "$argon2id$".to_owned(),
        "$argon2id$v=19$m=1024,t=1,p=1$".to_owned(),
        good.replacen("argon2id", "argon2i", 1),
        good.replacen("argon2id", "argon2d", 1),
        good.replacen("argon2id", "scrypt", 1),
        good.replacen("m=1024", "m=4294967295", 1),
        good.replacen("t=1", "t=100000", 1),
        good.replacen("p=1", "p=255", 1),
        good.replacen("m=1024", "m=1", 1),
        good[..good.len() - 3].to_owned(),
        format!("{good}AAAA"),
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW".to_owned(),
    ];
    for phc in &bad {
        assert!(!verify(&p, phc), "{phc:?}");
    }
    let long = pw(&"x".repeat(MAX_BYTES + 1));
    assert!(!verify(&long, &good));
}

#[test]
fn verify_absent_spends_time_and_says_no() {
    assert!(!cheap().verify_absent(&pw("anything at all")));
}

#[test]
fn passwords_do_not_print() {
    let p = pw("correct horse battery staple");
    let shown = format!("{p:?}");
    assert!(!shown.contains("horse"), "{shown}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn verify_never_panics_on_any_hash(phc in ".{0,200}", tail in "[A-Za-z0-9+/$=,]{0,80}") {
        let p = pw("janela amarela no quintal");
        let _ = verify(&p, &phc);
        let _ = verify(&p, &format!("$argon2id$v=19$m=64,t=1,p=1${tail}"));
        let _ = needs_rehash(&phc);
    }

    #[test]
    fn policy_never_panics(s in ".{0,300}", email in ".{0,40}", name in ".{0,40}") {
        let _ = PasswordPolicy::default().check(&pw(&s), &email, &name);
    }
}
