//! Sheet file names: safe on every file system, stable from run to run, and
//! distinct for distinct patient ids even ignoring case.

use chrono::NaiveDate;

/// `<patient id>_<issued>.pdf` for one id on its own; a batch uses `stems`,
/// which also keeps ids apart from each other.
pub fn file_name(id: &str, issued: NaiveDate) -> String {
    format!("{}_{issued}.pdf", stem(id.as_bytes(), Hash::Short))
}

/// How much of an id's hash a name carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hash {
    /// Only when the id had to change (or looks like a name that did).
    Short,
    /// Always, 8 hex digits.
    Always,
    /// Always, 16 hex digits.
    Long,
}

/// The id made a safe, portable file-name stem: only ASCII letters, digits,
/// `-`, `_` and `.`, not starting with a dot, not a Windows device name, at
/// most 64 characters. When the id had to change, or already ends the way a
/// changed id does (`-` and 8 hex digits), a hash of the original id is
/// added, so no id can take the name another id was changed into.
fn stem(id: &[u8], hash: Hash) -> String {
    const MAX: usize = 64;
    let text = String::from_utf8_lossy(id);
    let mut stem: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(MAX)
        .collect();
    if stem.starts_with('.') {
        stem.replace_range(..1, "_");
    }
    let base = stem.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (base.len() == 4
            && (base.starts_with("COM") || base.starts_with("LPT"))
            && base.as_bytes()[3].is_ascii_digit());
    if reserved {
        stem.insert(0, '_');
    }
    if stem.is_empty() {
        stem.push_str("patient");
    }
    let changed = stem.as_bytes() != id || looks_hashed(&stem);
    match hash {
        Hash::Short if !changed => {}
        Hash::Short | Hash::Always => stem.push_str(&format!("-{:08x}", fnv(id) as u32)),
        Hash::Long => stem.push_str(&format!("-{:016x}", fnv(id))),
    }
    stem
}

fn looks_hashed(stem: &str) -> bool {
    let bytes = stem.as_bytes();
    bytes.len() >= 9
        && bytes[bytes.len() - 9] == b'-'
        && bytes[bytes.len() - 8..]
            .iter()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
}

/// A file-name stem for every id of a batch, no two alike even ignoring
/// case: ids whose stems meet (`Abc` and `abc`; a hash collision) get a
/// hash, then a longer one, then, if they still meet, a number in id order.
pub fn stems(ids: &[&[u8]]) -> Vec<String> {
    // Worked in the ids' own order, with no sorted copy of them: only the
    // few still clashing at the end are put in id order, to be numbered.
    let mut out: Vec<String> = ids.iter().map(|id| stem(id, Hash::Short)).collect();
    for level in [Hash::Always, Hash::Long] {
        let clashing = clashes(&out);
        if clashing.is_empty() {
            break;
        }
        for i in clashing {
            out[i] = stem(ids[i], level);
        }
    }
    let mut left = clashes(&out);
    crate::order::by(&mut left, |&a, &b| ids[a].cmp(ids[b]));
    for (n, i) in left.into_iter().enumerate() {
        out[i].push_str(&format!("-{}", n + 1));
    }
    out
}

/// Positions of stems that equal another stem, ignoring ASCII case, in
/// ascending order. Found by sorting positions ignoring case, so equal
/// stems sit side by side: a batch of a million patients holds no copy of
/// its stems for this, only their positions.
fn clashes(stems: &[String]) -> Vec<usize> {
    let lower = |i: usize| stems[i].bytes().map(|b| b.to_ascii_lowercase());
    let mut order: Vec<usize> = (0..stems.len()).collect();
    crate::order::by(&mut order, |&a, &b| lower(a).cmp(lower(b)));
    let mut out: Vec<usize> = order
        .chunk_by(|&a, &b| stems[a].eq_ignore_ascii_case(&stems[b]))
        .filter(|same| same.len() > 1)
        .flatten()
        .copied()
        .collect();
    crate::order::sort(&mut out);
    out
}

/// Whether `name` has the shape of a batch sheet's file name,
/// `<stem>_YYYY-MM-DD.pdf` in any letter case: a name a batch may write.
pub fn looks_like_sheet(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let Some(rest) = lower.strip_suffix(".pdf") else {
        return false;
    };
    let Some((stem, date)) = rest.rsplit_once('_') else {
        return false;
    };
    !stem.is_empty() && NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok()
}

/// FNV-1a: a small stable hash (the same on every run and machine).
pub fn fnv(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf29ce484222325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x100000001b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::{file_name, looks_like_sheet, stems};

    #[test]
    fn sheet_names_are_told_from_other_pdf_names() {
        assert!(looks_like_sheet("P4_2026-03-02.pdf"));
        assert!(looks_like_sheet("mrn_1-0a1b2c3d_2026-12-31.PDF"));
        assert!(!looks_like_sheet("all.pdf"));
        assert!(!looks_like_sheet("P4_2026-03-02.json"));
        assert!(!looks_like_sheet("_2026-03-02.pdf"));
        assert!(!looks_like_sheet("P4_2026-13-02.pdf"));
    }

    #[test]
    fn hostile_ids_become_safe_distinct_file_names() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
        let names: Vec<String> = [
            "MRN-1",
            "../../x",
            "/etc/passwd",
            "CON",
            "a\0b",
            "a\nb",
            ".hidden",
            "",
        ]
        .iter()
        .map(|id| file_name(id, day))
        .collect();
        assert_eq!(names[0], "MRN-1_2026-11-22.pdf");
        for name in &names {
            assert!(
                !name.contains('/') && !name.contains('\\') && !name.starts_with('.'),
                "{name}"
            );
            assert!(name.chars().all(|c| c.is_ascii_graphic()), "{name}");
        }
        assert!(names[3].starts_with("_CON-"));
        // "a\0b" and "a\nb" both clean up to "a_b" but stay distinct.
        assert_ne!(names[4], names[5]);
        assert!(file_name(&"x".repeat(300), day).len() < 100);
    }

    /// Ids that differ only by case, or an id equal to
    /// another id's cleaned name, never share a file.
    #[test]
    fn no_two_ids_share_a_name_ignoring_case() {
        let cleaned = stems(&[b"a/b"])[0].clone();
        assert!(cleaned.starts_with("a_b-"), "{cleaned}");
        let ids: Vec<&[u8]> = vec![b"Abc", b"abc", b"ABC", b"a/b", cleaned.as_bytes(), b"MRN-1"];
        let stems = stems(&ids);
        let mut lower: Vec<String> = stems.iter().map(|s| s.to_ascii_lowercase()).collect();
        lower.sort();
        lower.dedup();
        assert_eq!(lower.len(), ids.len(), "{stems:?}");
        assert_eq!(
            stems[5], "MRN-1",
            "an id that clashes with none keeps its name"
        );
        // The same ids in another order get the same names.
        let mut reversed = ids.clone();
        reversed.reverse();
        let mut again = super::stems(&reversed);
        again.reverse();
        assert_eq!(again, stems);
    }
}
