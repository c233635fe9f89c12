//! Format-List's layout: one `Label : value` line per property, labels padded to the record's longest, long or
//! multi-line values wrapped under the value column, records separated by a blank line.
//!
//! Pure text layout: which properties and value texts to show is decided by the caller.

/// One object's lines: (label, value text).
pub(crate) type Record = Vec<(String, String)>;

fn len(s: &str) -> usize {
    s.chars().count()
}

/// Lays out the records for a console `console_width` wide: a blank line, then each record followed by a blank
/// line; the text ends with a line break.
pub(crate) fn render(records: &[Record], console_width: usize) -> String {
    let mut out = String::new();
    for r in records {
        out.push('\n');
        let label_width = r.iter().map(|(l, _)| len(l)).max().unwrap_or(0);
        let indent = label_width + 3;
        let room = console_width.saturating_sub(indent + 1).max(10);
        for (label, value) in r {
            let mut first = true;
            let lines: Vec<&str> = if value.is_empty() {
                vec![""]
            } else {
                value.lines().collect()
            };
            for text_line in lines {
                let chars: Vec<char> = text_line.chars().collect();
                let chunks: Vec<String> = if chars.is_empty() {
                    vec![String::new()]
                } else {
                    chars.chunks(room).map(|c| c.iter().collect()).collect()
                };
                for chunk in chunks {
                    let line = if first {
                        first = false;
                        format!("{label:<label_width$} : {chunk}")
                    } else {
                        format!("{}{chunk}", " ".repeat(indent))
                    };
                    out.push_str(line.trim_end());
                    out.push('\n');
                }
            }
        }
    }
    if !records.is_empty() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_align_and_long_values_wrap() {
        let records = vec![
            vec![
                ("Name".to_string(), "alice".to_string()),
                ("DeviceModel".to_string(), "x".repeat(30)),
            ],
            vec![("Name".to_string(), String::new())],
        ];
        expect_test::expect![[r#"

            Name        : alice
            DeviceModel : xxxxxxxxxxxxxxxxxxxxxxxxx
                          xxxxx

            Name :

        "#]]
        .assert_eq(&render(&records, 40));
    }
}
