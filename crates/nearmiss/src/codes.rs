//! The bit of each check and finding type in an event's `check_set` / `type_set`
//! columns (schema v3). The order is frozen: a log written years ago keeps its bits, so
//! new codes are only ever appended here and in a new migration, never inserted.

use sendguard_engine::{CheckId, FindingType};

/// Check codes, bit `i` for entry `i`.
pub(crate) const CHECK_BITS: [&str; 17] = [
    "external_recipient",
    "bcc_suggested",
    "personal_data",
    "attachment",
    "encrypted_attachment",
    "missing_attachment",
    "confidential_keyword",
    "lookalike_domain",
    "freemail_recipient",
    "display_name_spoof",
    "reply_redirected",
    "new_domain_on_reply",
    "parse_warning",
    "recipient_mismatch",
    "attachment_for_other_party",
    "unusual_recipient",
    "first_time_recipient",
];

/// How many of [`CHECK_BITS`] existed when schema v3 back-filled `check_set`.
#[cfg(test)]
const CHECKS_AT_V3: usize = 13;

/// Finding type codes, bit `i` for entry `i`.
pub(crate) const TYPE_BITS: [&str; 16] = [
    "my_number",
    "corporate_number",
    "bank_account",
    "credit_card",
    "phone_number",
    "postal_code",
    "address",
    "birth_date",
    "drivers_license",
    "passport",
    "residence_card",
    "pension_number",
    "health_insurance",
    "person_name",
    "email_address",
    "record",
];

fn bit(table: &[&str], code: &str) -> i64 {
    table
        .iter()
        .position(|c| *c == code)
        .map_or(0, |i| 1_i64 << i)
}

pub(crate) fn check_bit(check: CheckId) -> i64 {
    bit(&CHECK_BITS, check.as_str())
}

pub(crate) fn type_bit(kind: FindingType) -> i64 {
    bit(&TYPE_BITS, kind.as_str())
}

/// The codes whose bits are set in `set`.
pub(crate) fn codes_in(
    table: &'static [&'static str],
    set: i64,
) -> impl Iterator<Item = &'static str> {
    table
        .iter()
        .enumerate()
        .filter(move |(i, _)| set & (1_i64 << i) != 0)
        .map(|(_, c)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sendguard_engine::Code;

    #[test]
    fn every_code_has_a_bit_and_the_migration_uses_the_same_ones() {
        for check in CheckId::all() {
            assert_ne!(check_bit(check), 0, "{check} has no bit");
        }
        for t in sendguard_engine::report::PiiType::all() {
            assert_ne!(type_bit(FindingType::Pii(t)), 0, "{t} has no bit");
        }
        assert_ne!(type_bit(FindingType::Record), 0);
        let migration = crate::schema::MIGRATIONS[2];
        let latest_near = crate::schema::MIGRATIONS[3];
        // The stored `near` column agrees with Decision::is_near_miss.
        let near: Vec<String> = <crate::Decision as strum::IntoEnumIterator>::iter()
            .filter(|d| d.is_near_miss())
            .map(|d| format!("'{}'", d.code()))
            .collect();
        assert!(
            latest_near.contains(&format!("decision IN ({})", near.join(", "))),
            "the near column's decisions differ from Decision::is_near_miss: {near:?}"
        );
        // The v3 back-fill knew the codes of its day; the history checks (appended in
        // v5) had no findings in any log before it, so nothing is back-filled for them.
        let v3_checks = &CHECK_BITS[..CHECKS_AT_V3];
        for (i, code) in v3_checks.iter().chain(&TYPE_BITS).enumerate() {
            let value = 1_i64
                << (if i < v3_checks.len() {
                    i
                } else {
                    i - v3_checks.len()
                });
            assert!(
                migration.contains(&format!("WHEN '{code}' THEN {value} ")),
                "{code} → {value} not in the v3 migration"
            );
        }
    }
}
