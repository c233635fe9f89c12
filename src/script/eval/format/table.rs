//! Format-Table's layout: a header row, a dashes row as long as each header, then one row per object; columns as
//! wide as their widest cell (or an explicit width), one space apart, numbers right-aligned (their header too),
//! cells cut with `...` and columns that do not start within the console width left out.
//!
//! Pure text layout: which columns and cell texts to show is decided by the caller.

/// Left or right alignment of a table column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

/// A table to lay out.
#[derive(Clone, Debug, Default)]
pub(crate) struct Table {
    pub(crate) headers: Vec<String>,
    pub(crate) align: Vec<Align>,
    /// Explicit widths (`@{e=…; Width=10}`); `None` sizes the column to its content.
    pub(crate) widths: Vec<Option<usize>>,
    pub(crate) rows: Vec<Vec<String>>,
    pub(crate) hide_headers: bool,
}

fn len(s: &str) -> usize {
    s.chars().count()
}

/// `s` cut to `width` characters, ending in `...` when it was longer.
pub(crate) fn truncate(s: &str, width: usize) -> String {
    if len(s) <= width {
        return s.to_string();
    }
    if width <= 3 {
        return s.chars().take(width).collect();
    }
    let mut out: String = s.chars().take(width - 3).collect();
    out.push_str("...");
    out
}

fn pad(s: &str, width: usize, align: Align) -> String {
    let fill = width.saturating_sub(len(s));
    match align {
        Align::Left => format!("{s}{}", " ".repeat(fill)),
        Align::Right => format!("{}{s}", " ".repeat(fill)),
    }
}

/// Lays out `t` for a console `console_width` characters wide: a blank line, the header and dashes, the rows;
/// each line ends with `\n` and the text ends with the last row's line break.
pub(crate) fn render(t: &Table, console_width: usize) -> String {
    let n = t.headers.len();
    if n == 0 {
        return String::new();
    }
    let mut widths: Vec<usize> = (0..n)
        .map(|i| {
            t.widths.get(i).copied().flatten().unwrap_or_else(|| {
                let cells = t
                    .rows
                    .iter()
                    .map(|r| r.get(i).map_or(0, |c| len(c)))
                    .max()
                    .unwrap_or(0);
                cells
                    .max(if t.hide_headers {
                        0
                    } else {
                        len(&t.headers[i])
                    })
                    .max(1)
            })
        })
        .collect();
    // Keep the columns that start within the console; the last one kept gets what is left of the line.
    let limit = console_width.max(10).saturating_sub(1);
    let mut shown = 0;
    let mut start = 0;
    for (i, w) in widths.iter_mut().enumerate() {
        if start >= limit {
            break;
        }
        if start + *w > limit {
            *w = limit - start;
        }
        start += *w + 1;
        shown = i + 1;
    }
    let align = |i: usize| t.align.get(i).copied().unwrap_or(Align::Left);
    let line = |cells: Vec<String>| -> String {
        let parts: Vec<String> = cells
            .iter()
            .enumerate()
            .take(shown)
            .map(|(i, c)| pad(&truncate(c, widths[i]), widths[i], align(i)))
            .collect();
        parts.join(" ").trim_end().to_string()
    };
    let mut out = String::from("\n");
    if !t.hide_headers {
        out.push_str(&line(t.headers.clone()));
        out.push('\n');
        let dashes: Vec<String> = t
            .headers
            .iter()
            .map(|h| "-".repeat(len(h).max(1)))
            .collect();
        out.push_str(&line(dashes));
        out.push('\n');
    }
    for r in &t.rows {
        out.push_str(&line(r.clone()));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_size_to_content_and_numbers_align_right() {
        let t = Table {
            headers: vec!["Count".into(), "Name".into()],
            align: vec![Align::Right, Align::Left],
            widths: vec![None, None],
            rows: vec![
                vec!["12".into(), "iPhone6C2".into()],
                vec!["3".into(), "SM-G991B".into()],
            ],
            hide_headers: false,
        };
        expect_test::expect![[r#"

            Count Name
            ----- ----
               12 iPhone6C2
                3 SM-G991B
        "#]]
        .assert_eq(&render(&t, 120));
    }

    #[test]
    fn long_cells_are_cut_at_the_console_width() {
        let t = Table {
            headers: vec!["A".into(), "B".into()],
            align: vec![Align::Left, Align::Left],
            widths: vec![None, None],
            rows: vec![vec!["x".into(), "y".repeat(40)]],
            hide_headers: false,
        };
        let text = render(&t, 20);
        assert!(text.lines().all(|l| l.chars().count() < 20), "{text}");
        assert!(text.contains("yyyyyyyyyyyyy..."), "{text}");
    }
}
