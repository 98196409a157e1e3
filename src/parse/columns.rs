//! Canonical fields, recognition of common header spellings, and user column mappings.

use crate::validate::{Problem, Severity};
use std::collections::{BTreeMap, HashMap};

macro_rules! fields {
    ($($variant:ident => $name:literal [$($spelling:literal),*]),+ $(,)?) => {
        /// A canonical field of the flat interactions layout (see CODEBOOK.md).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Field { $(#[doc = $name] $variant),+ }

        impl Field {
            /// Every field, in codebook order.
            pub const ALL: &'static [Field] = &[$(Field::$variant),+];

            /// Canonical column name.
            pub fn name(self) -> &'static str {
                match self { $(Field::$variant => $name),+ }
            }

            /// Header spellings recognised without a mapping (after folding).
            fn spellings(self) -> &'static [&'static str] {
                match self { $(Field::$variant => &[$name, $($spelling),*]),+ }
            }
        }
    };
}

fields!(
    EventId => "event_id" ["eventid", "meeting_id", "meetingid", "event", "event_no", "event_number", "id"],
    Date => "date" ["event_date", "meeting_date", "start_date", "day"],
    DatePrecision => "date_precision" ["precision"],
    Format => "format" ["meeting_format", "bilateral_multilateral", "bilateral_or_multilateral", "bilat_multilat", "meeting_type", "type"],
    Setting => "setting" ["standalone_sideline", "sideline", "sideline_standalone"],
    ParentEventId => "parent_event_id" ["parent", "parent_event", "parent_id", "sideline_of"],
    Forum => "forum" ["mechanism", "forum_name"],
    City => "city" ["location", "place"],
    HostCountry => "host_country" ["host", "host_state"],
    Virtual => "virtual" ["is_virtual", "video", "online"],
    Title => "title" ["event_title", "event_name", "description"],
    ParticipantsStated => "participants_stated" ["stated_participants", "n_participants"],
    Notes => "notes" ["note", "comments", "comment"],
    Official => "official" ["chinese_official", "prc_official", "china_official", "chinese_leader", "leader"],
    Agency => "agency" ["organ", "chinese_agency", "ministry"],
    Rank => "rank" ["level", "official_rank", "official_level"],
    Counterpart => "counterpart" ["counterpart_code", "country", "country_io", "country_or_io", "counterpart_country", "partner", "partner_country", "foreign_country", "iso3"],
    CounterpartName => "counterpart_name" [],
    CounterpartOfficial => "counterpart_official" ["foreign_official"],
    CounterpartTitle => "counterpart_title" ["foreign_title"],
    Cochair => "cochair" ["co_chair"],
    Region => "region" [],
    SourceUrl => "source_url" ["source_urls", "source", "sources", "url", "link"],
);

/// Folds a header for recognition: lower case, runs of other characters become `_`.
fn fold_header(header: &str) -> String {
    let mut out = String::new();
    for c in header.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_owned()
}

impl Field {
    /// A field by its canonical name.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.name() == name)
    }
}

/// Which column of a raw table holds each field.
#[derive(Debug, Clone, Default)]
pub struct ColumnMap {
    /// Column of each field, by the field's position in `Field::ALL`: read for every cell of
    /// every row, so an array rather than a hash map.
    index: Vec<Option<usize>>,
    /// Unmapped columns without a header: harmless while empty, reported once they hold data.
    pub blank: Vec<usize>,
}

impl ColumnMap {
    /// The column index of a field, if the file has it.
    pub fn get(&self, field: Field) -> Option<usize> {
        self.index.get(field as usize).copied().flatten()
    }

    /// Whether the file has the field.
    pub fn has(&self, field: Field) -> bool {
        self.get(field).is_some()
    }
}

/// Maps the table's headers to fields: the user's mapping first, then recognised spellings.
/// Problems cover unknown target fields, mapped headers that are not in the file, duplicate
/// headers, two headers claiming one field, required fields not found, and unused columns.
pub fn map_columns(
    file: &str,
    headers: &[String],
    user: &BTreeMap<String, String>,
    required: &[Field],
) -> (ColumnMap, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut map = ColumnMap::default();
    let header_problem = |column: &str, value: &str, expected: String, rule, severity| Problem {
        file: file.to_owned(),
        line: 1,
        column: column.to_owned(),
        value: value.to_owned(),
        expected,
        severity,
        suggestion: None,
        rule,
    };
    let found = headers.join(", ");
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        if let Some(first) = seen.insert(h.as_str(), i) {
            problems.push(header_problem(
                h,
                h,
                format!(
                    "unique headers (column {} repeats column {})",
                    i + 1,
                    first + 1
                ),
                "duplicate_header",
                Severity::Error,
            ));
        }
    }
    let mut claimed: HashMap<Field, usize> = HashMap::new();
    for (header, target) in user {
        let Some(field) = Field::from_name(target) else {
            let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
            problems.push(header_problem(
                header,
                target,
                format!("a canonical field: {}", names.join(", ")),
                "unknown_field",
                Severity::Error,
            ));
            continue;
        };
        match headers.iter().position(|h| h == header) {
            Some(i) => {
                claimed.insert(field, i);
            }
            None => problems.push(header_problem(
                header,
                header,
                format!("a header of the file; found: {found}"),
                "mapped_column_missing",
                Severity::Error,
            )),
        }
    }
    let mapped_headers: Vec<usize> = claimed.values().copied().collect();
    for (i, h) in headers.iter().enumerate() {
        if mapped_headers.contains(&i) {
            continue;
        }
        let folded = fold_header(h);
        let field = Field::ALL
            .iter()
            .copied()
            .find(|f| !claimed.contains_key(f) && f.spellings().contains(&folded.as_str()));
        match field {
            Some(f) => {
                claimed.insert(f, i);
            }
            None if h.trim().is_empty() => map.blank.push(i),
            None => problems.push(header_problem(
                h,
                h,
                "a known field; this column is not used (map it with columns= if it should be)"
                    .to_owned(),
                "unused_column",
                Severity::Warning,
            )),
        }
    }
    // European Excel saves "CSV" with semicolons: the whole header then reads as one column.
    let semicolons = if headers.iter().any(|h| h.contains(';')) {
        "; the header holds semicolons: if the file is separated by semicolons (as Excel writes CSV in many European locales), save it with commas or as .xlsx"
    } else {
        ""
    };
    for &field in required {
        let alternative =
            field == Field::Counterpart && claimed.contains_key(&Field::CounterpartName);
        if !claimed.contains_key(&field) && !alternative {
            problems.push(header_problem(
                field.name(),
                field.name(),
                format!(
                    "a column for {:?}; headers found: {found}; pass e.g. columns={{\"Your header\": \"{}\"}}{semicolons}",
                    field.name(),
                    field.name()
                ),
                "missing_column",
                Severity::Error,
            ));
        }
    }
    map.index = Field::ALL.iter().map(|f| claimed.get(f).copied()).collect();
    (map, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(headers: &[&str]) -> Vec<String> {
        headers.iter().map(|h| (*h).to_owned()).collect()
    }

    #[test]
    fn recognises_common_spellings() {
        let t = table(&["Meeting ID", "Date", "Chinese Official", "Country"]);
        let (map, problems) = map_columns("t.csv", &t, &BTreeMap::new(), &[Field::Date]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(map.get(Field::EventId), Some(0));
        assert_eq!(map.get(Field::Official), Some(2));
        assert_eq!(map.get(Field::Counterpart), Some(3));
    }

    #[test]
    fn user_mapping_wins_and_missing_fields_are_listed() {
        let t = table(&["When", "Who"]);
        let user = BTreeMap::from([("When".to_owned(), "date".to_owned())]);
        let (map, problems) = map_columns("t.csv", &t, &user, &[Field::Date, Field::Official]);
        assert_eq!(map.get(Field::Date), Some(0));
        let missing: Vec<_> = problems
            .iter()
            .filter(|p| p.rule == "missing_column")
            .collect();
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].column, "official");
        assert_eq!(missing[0].value, "official");
        assert!(missing[0].expected.contains("When, Who"));
        assert!(problems
            .iter()
            .any(|p| p.rule == "unused_column" && p.column == "Who"));
    }

    #[test]
    fn mapping_to_absent_header_or_unknown_field_is_an_error() {
        let t = table(&["Date"]);
        let user = BTreeMap::from([
            ("Nope".to_owned(), "official".to_owned()),
            ("Date".to_owned(), "when".to_owned()),
        ]);
        let (_, problems) = map_columns("t.csv", &t, &user, &[]);
        let rules: Vec<_> = problems.iter().map(|p| p.rule).collect();
        assert!(rules.contains(&"mapped_column_missing"));
        assert!(rules.contains(&"unknown_field"));
    }
}
