//! Folding names for lookup, and "did you mean" suggestions.

use unicode_normalization::UnicodeNormalization;

/// Folds a name for exact lookup: accents removed (Türkiye = Turkiye), case folded, curly
/// apostrophes straightened, punctuation other than apostrophes dropped, spaces collapsed.
/// Matching stays exact on the folded form, so "Niger" never finds "Nigeria".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = match c {
            '\u{2019}' | '\u{2018}' | '`' => '\'',
            c => c,
        };
        if c.is_alphanumeric() || c == '\'' {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// Edit distance between two strings, counted in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The candidate closest to `text` when it is close enough to be a likely typo.
pub fn closest<'a, I>(text: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    // Candidates come as (folded key, display name); a third of the length is the typo budget.
    let key = fold(text);
    let length = key.chars().count();
    let budget = (length / 3).max(1);
    candidates
        .into_iter()
        // The distance is at least the difference in length; skipping on it first keeps a
        // huge cell from being compared letter by letter with every name.
        .filter(|(folded, _)| length.abs_diff(folded.chars().count()) <= budget)
        .map(|(folded, shown)| (edit_distance(&key, folded), shown))
        .filter(|(d, _)| *d <= budget)
        .min_by_key(|(d, _)| *d)
        .map(|(_, shown)| shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_punctuation() {
        assert_eq!(fold("Türkiye"), "turkiye");
        assert_eq!(fold("  Côte d’Ivoire "), "cote d'ivoire");
        assert_eq!(fold("Korea, DPR"), "korea dpr");
        assert_eq!(fold("U.S."), "u s");
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn closest_respects_budget() {
        let c = [("vietnam", "Vietnam"), ("cambodia", "Cambodia")];
        assert_eq!(closest("Vietnan", c), Some("Vietnam"));
        assert_eq!(closest("Peru", c), None);
        assert_eq!(closest(&"x".repeat(1 << 20), c), None);
    }
}
