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
    let a: Vec<char> = a.chars().collect();
    distance_within(&a, b, usize::MAX).expect("no distance exceeds usize::MAX")
}

/// The edit distance between `a` and `b` if it is at most `budget`. A typo hint measures one
/// cell against every known name and nearly all are far off, so a candidate is dropped on its
/// length, or as soon as a whole row of the table is over budget (row minima never decrease),
/// instead of being measured in full: otherwise a file full of unknown names takes seconds.
fn distance_within(a: &[char], b: &str, budget: usize) -> Option<usize> {
    if a.len().abs_diff(b.chars().count()) > budget {
        return None;
    }
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        if current.iter().min().is_some_and(|&m| m > budget) {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    Some(previous[b.len()]).filter(|&d| d <= budget)
}

/// The candidate closest to `text` when it is close enough to be a likely typo.
pub fn closest<'a, I>(text: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = (&'a str, &'a str)>,
{
    // Candidates come as (folded key, display name); a third of the length is the typo budget.
    // Ties go to the smaller key, so the hint does not depend on the candidates' order (a hash
    // map's differs from run to run).
    let key: Vec<char> = fold(text).chars().collect();
    let budget = (key.len() / 3).max(1);
    candidates
        .into_iter()
        .filter_map(|(folded, shown)| Some((distance_within(&key, folded, budget)?, folded, shown)))
        .min_by_key(|&(d, folded, _)| (d, folded))
        .map(|(_, _, shown)| shown)
}

/// Why `text` is not one of `valid`: the closest valid name when it is a likely typo, and the
/// valid names (the first 30 when there are more), for an argument that names something.
pub fn not_one_of(what: &str, text: &str, valid: &[&str]) -> String {
    let folded: Vec<String> = valid.iter().map(|v| fold(v)).collect();
    let hint = closest(
        text,
        folded.iter().map(String::as_str).zip(valid.iter().copied()),
    )
    .map(|s| format!(" (did you mean {s}?)"))
    .unwrap_or_default();
    let shown = valid
        .iter()
        .take(30)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    let more = if valid.len() > 30 { ", ..." } else { "" };
    format!("unknown {what} {text:?}{hint}; expected one of {shown}{more}")
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
    fn unknown_names_list_the_valid_ones_and_the_closest() {
        let m = not_one_of(
            "region",
            "Southeast asia",
            &["Central Asia", "Southeast Asia"],
        );
        assert_eq!(
            m,
            "unknown region \"Southeast asia\" (did you mean Southeast Asia?); expected one of Central Asia, Southeast Asia"
        );
        assert!(!not_one_of("forum", "XYZ", &["PIC"]).contains("did you mean"));
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
        // "mali" is one edit from both; the smaller key wins whatever the order.
        let tie = [("bali", "Bali"), ("mala", "Mala")];
        assert_eq!(closest("Mali", tie), Some("Bali"));
        assert_eq!(closest("Mali", [tie[1], tie[0]]), Some("Bali"));
    }

    #[test]
    fn bounded_distance_agrees_with_the_full_one() {
        let words = [
            "",
            "a",
            "kitten",
            "sitting",
            "vietnam",
            "viet nam",
            "côte d'ivoire",
        ];
        for a in words {
            let chars: Vec<char> = a.chars().collect();
            for b in words {
                let d = edit_distance(a, b);
                for budget in 0..6 {
                    let within = distance_within(&chars, b, budget);
                    assert_eq!(within, (d <= budget).then_some(d), "{a:?} {b:?} {budget}");
                }
            }
        }
    }
}
