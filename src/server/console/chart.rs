//! Horizontal bar charts as inline SVG: one bar per (label, count), the count written beside each bar so the
//! chart reads without colour or a legend. No script, no external assets.

use maud::{Markup, html};

const BAR_HEIGHT: usize = 26;
const LABEL_WIDTH: usize = 220;
const BAR_WIDTH: usize = 320;

/// A titled chart; `class_of` names a CSS class per label (state colours), `None` for the default.
pub(crate) fn bars(
    title: &str,
    rows: &[(String, usize)],
    class_of: impl Fn(&str) -> Option<&'static str>,
) -> Markup {
    let max = rows.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let height = rows.len().max(1) * BAR_HEIGHT;
    let width = LABEL_WIDTH + BAR_WIDTH + 90;
    html! {
        figure.chart {
            figcaption { (title) }
            svg role="img" aria-label=(summary(title, rows)) width=(width) height=(height)
                viewBox=(format!("0 0 {width} {height}")) xmlns="http://www.w3.org/2000/svg" {
                @if rows.is_empty() {
                    text x="0" y="18" { "no devices" }
                }
                @for (i, (label, n)) in rows.iter().enumerate() {
                    @let y = i * BAR_HEIGHT;
                    @let w = (n * BAR_WIDTH).div_ceil(max);
                    text x=(LABEL_WIDTH - 8) y=(y + 18) text-anchor="end" { (shorten(label)) }
                    rect class=(class_of(label).unwrap_or("bar")) x=(LABEL_WIDTH) y=(y + 4)
                        width=(w) height=(BAR_HEIGHT - 8) {}
                    text x=(LABEL_WIDTH + w + 6) y=(y + 18) { (n) }
                }
            }
        }
    }
}

/// What a screen reader says for the chart: every bar as text.
fn summary(title: &str, rows: &[(String, usize)]) -> String {
    let parts: Vec<String> = rows.iter().map(|(l, n)| format!("{l} {n}")).collect();
    format!("{title}: {}", parts.join(", "))
}

/// Labels past 28 characters end in an ellipsis (the full text is in the aria label).
fn shorten(label: &str) -> String {
    if label.chars().count() <= 28 {
        return label.to_string();
    }
    let mut s: String = label.chars().take(27).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_write_counts() {
        let rows = vec![("Allowed".to_string(), 10), ("Blocked".to_string(), 5)];
        let svg = bars("By state", &rows, |l| {
            (l == "Blocked").then_some("s-blocked")
        })
        .into_string();
        assert!(
            svg.contains(r#"aria-label="By state: Allowed 10, Blocked 5""#),
            "{svg}"
        );
        assert!(svg.contains(&format!(r#"width="{BAR_WIDTH}""#)), "{svg}");
        assert!(
            svg.contains(&format!(r#"width="{}""#, BAR_WIDTH / 2)),
            "{svg}"
        );
        assert!(svg.contains(r#"class="s-blocked""#), "{svg}");
        assert!(
            svg.contains(">10</text>") && svg.contains(">5</text>"),
            "{svg}"
        );
        let empty = bars("By OS", &[], |_| None).into_string();
        assert!(empty.contains("no devices"), "{empty}");
        assert_eq!(shorten(&"x".repeat(40)).chars().count(), 28);
    }
}
