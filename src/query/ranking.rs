//! Competition ranking ("1224" ranking): ties share a rank and the next rank skips.

/// Ranks for counts already sorted from high to low.
pub fn competition_ranks(sorted_desc: &[i64]) -> Vec<i64> {
    let mut ranks = Vec::with_capacity(sorted_desc.len());
    for (i, value) in sorted_desc.iter().enumerate() {
        let rank = if i > 0 && sorted_desc[i - 1] == *value {
            ranks[i - 1]
        } else {
            i as i64 + 1
        };
        ranks.push(rank);
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::competition_ranks;

    #[test]
    fn ties_share_and_next_skips() {
        assert_eq!(
            competition_ranks(&[15, 13, 11, 11, 8, 7, 7, 7, 5]),
            [1, 2, 3, 3, 5, 6, 6, 6, 9]
        );
        assert!(competition_ranks(&[]).is_empty());
        assert_eq!(competition_ranks(&[4, 4]), [1, 1]);
    }
}
