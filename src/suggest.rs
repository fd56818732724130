//! "Did you mean": nearest names by edit distance.
//!
//! Used for unknown keys, exercise names and routine names. Names are compared
//! in their normalised form, so "Knee To Chest" and "knee-to-chest" are equal.

/// Lowercase, with spaces, hyphens, underscores and apostrophes removed: the
/// form in which two names are the same name.
pub fn normalise(name: &str) -> String {
    // Most names are ASCII, one byte a character: loading the built-in
    // catalogue normalises every id, name and alias for its index.
    if name.is_ascii() {
        return name
            .bytes()
            .filter(|b| !matches!(b, b' ' | b'-' | b'_' | b'\'' | b'\t'))
            .map(|b| char::from(b.to_ascii_lowercase()))
            .collect();
    }
    normalise_chars(name)
}

/// `normalise` for any text, a character at a time.
fn normalise_chars(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '\'' | '’' | '\t'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Up to `limit` candidates close to `wanted`, nearest first; ties keep the
/// candidates' order. A candidate is close when its edit distance is at most a
/// third of the longer name (and at least 2), or when one name contains the other.
pub fn nearest<'a>(wanted: &str, candidates: &[&'a str], limit: usize) -> Vec<&'a str> {
    let wanted = normalise(wanted);
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(usize, usize, &'a str)> = Vec::new();
    for (order, candidate) in candidates.iter().enumerate() {
        let norm = normalise(candidate);
        let distance = if norm.contains(&wanted) || wanted.contains(&norm) {
            norm.chars().count().abs_diff(wanted.chars().count()).min(1)
        } else {
            levenshtein(&wanted, &norm)
        };
        let allowed = (wanted.chars().count().max(norm.chars().count()) / 3).max(2);
        if distance <= allowed && !scored.iter().any(|(_, _, c)| normalise(c) == norm) {
            scored.push((distance, order, candidate));
        }
    }
    crate::order::sort(&mut scored);
    scored.into_iter().take(limit).map(|(_, _, c)| c).collect()
}

/// Format suggestions as "did you mean `a`, `b` or `c`?".
pub fn did_you_mean(suggestions: &[&str]) -> Option<String> {
    let quoted: Vec<String> = suggestions.iter().map(|s| format!("`{s}`")).collect();
    match quoted.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean {one}?")),
        [rest @ .., last] => Some(format!("did you mean {} or {last}?", rest.join(", "))),
    }
}

/// Edit distance over characters; inputs here are short names, so the
/// quadratic table is fine. Long inputs are cut off to bound the work.
pub fn distance(a: &str, b: &str) -> usize {
    levenshtein(a, b)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(64).collect();
    let b: Vec<char> = b.chars().take(64).collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitute.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::{did_you_mean, nearest, normalise};

    #[test]
    fn normalising_ignores_case_spaces_and_hyphens() {
        assert_eq!(
            normalise("Knee-to-Chest Stretch"),
            normalise("knee to chest stretch")
        );
    }

    #[test]
    fn suggests_near_keys_only() {
        assert_eq!(nearest("rep", &["reps", "hold", "sets"], 3), vec!["reps"]);
        assert!(nearest("zzzzzz", &["reps", "hold"], 3).is_empty());
    }

    #[test]
    fn formats_suggestions() {
        assert_eq!(
            did_you_mean(&["a", "b", "c"]).unwrap(),
            "did you mean `a`, `b` or `c`?"
        );
    }

    /// The ASCII shortcut gives what the character-by-character form gives,
    /// for every built-in exercise's id, name and aliases (each language)
    /// and every ASCII character.
    #[test]
    fn the_ascii_shortcut_normalises_as_the_character_form_does() {
        let catalogue = crate::catalogue::builtin().expect("built-in catalogue");
        let mut names: Vec<String> = (0..=0x7f_u8)
            .map(|b| format!("Ab{}C d", char::from(b)))
            .collect();
        for entry in catalogue.entries() {
            names.push(entry.id.clone());
            names.push(entry.name.clone());
            names.extend(entry.aliases.iter().cloned());
            names.extend(entry.translations.values().map(|t| t.name.clone()));
        }
        let ascii = names.iter().filter(|n| n.is_ascii()).count();
        assert!(ascii > 0 && ascii < names.len(), "both forms are taken");
        for name in &names {
            assert_eq!(normalise(name), super::normalise_chars(name), "{name:?}");
        }
    }
}
