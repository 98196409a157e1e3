//! Trimming cells, the most repeated text operation of a read: every cell looked at is trimmed.

/// `text.trim()`. Almost every cell starts and ends with a visible ASCII character, which no
/// whitespace trim would remove; those skip `str::trim`'s character-by-character decoding.
pub fn trim(text: &str) -> &str {
    match text.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        [only] if only.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::trim;

    #[test]
    fn agrees_with_str_trim() {
        let cases = [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\r\n",
            "\u{a0}a",
            "a\u{a0}",
            "\u{b}a\u{b}",
            "\u{85}",
            "Wang Xiaohong",
            " VNM",
            "2024-03-01\u{3000}",
            "é",
            " é ",
            "x y",
        ];
        for case in cases {
            assert_eq!(trim(case), case.trim(), "{case:?}");
        }
    }
}
