//! JSON reader: an array of records, or an object holding one under `interactions` or `data`.

use super::table::{RawRow, RawTable};
use crate::validate::{Problem, Severity};
use serde_json::{Map, Value};

fn scalar_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(scalar_text).collect::<Vec<_>>().join("|"),
        other => other.to_string(),
    }
}

/// Reads records; "line" in problems is the record's position (1-based, after a header line 1),
/// so record 1 is reported as line 2 like the first data row of a CSV file.
pub fn read_json(file: &str, text: &str) -> Result<RawTable, Problem> {
    let problem = |line: usize, value: String, expected: &str| Problem {
        file: file.to_owned(),
        line,
        column: String::new(),
        value,
        expected: expected.to_owned(),
        severity: Severity::Error,
        suggestion: None,
        rule: "malformed_json",
    };
    let root: Value =
        serde_json::from_str(text).map_err(|e| problem(e.line(), e.to_string(), "valid JSON"))?;
    let records = match root {
        Value::Array(items) => items,
        Value::Object(mut o) => match o.remove("interactions").or_else(|| o.remove("data")) {
            Some(Value::Array(items)) => items,
            _ => {
                return Err(problem(
                    1,
                    "object".into(),
                    "an array of records, or {\"interactions\": [...]}",
                ))
            }
        },
        other => return Err(problem(1, other.to_string(), "an array of records")),
    };
    let mut headers: Vec<String> = Vec::new();
    let mut objects: Vec<Map<String, Value>> = Vec::with_capacity(records.len());
    for (i, r) in records.into_iter().enumerate() {
        let Value::Object(o) = r else {
            return Err(problem(i + 2, r.to_string(), "a JSON object per record"));
        };
        for k in o.keys() {
            if !headers.contains(k) {
                headers.push(k.clone());
            }
        }
        objects.push(o);
    }
    let rows = objects
        .iter()
        .enumerate()
        .map(|(i, o)| RawRow {
            line: i + 2,
            cells: headers
                .iter()
                .map(|h| o.get(h).map(scalar_text).unwrap_or_default())
                .collect::<Vec<String>>()
                .into(),
        })
        .collect();
    Ok(RawTable {
        file: file.into(),
        headers,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records_with_mixed_keys() {
        let t = read_json(
            "x.json",
            r#"{"interactions": [{"a": 1, "b": "x"}, {"b": null, "c": true}]}"#,
        )
        .unwrap();
        assert_eq!(t.headers, ["a", "b", "c"]);
        assert_eq!(t.rows[0].cells, vec!["1", "x", ""]);
        assert_eq!(t.rows[1].cells, vec!["", "", "true"]);
        assert_eq!(t.rows[1].line, 3);
    }

    #[test]
    fn rejects_non_records() {
        assert_eq!(read_json("x.json", "[1]").unwrap_err().line, 2);
        assert_eq!(read_json("x.json", "{").unwrap_err().rule, "malformed_json");
    }
}
