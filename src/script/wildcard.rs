//! `*` wildcards as OPATH's `-like` and Exchange's identity parameters use them: case-insensitive, `*` matches any
//! run of characters, everything else is literal.
//!
//! PowerShell's own `-like` (with `?` and `[a-z]`) is the shell's; this is the directory-side dialect.

use crate::model::eq_ci;

/// A compiled pattern: the literal pieces between the stars.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wildcard {
    pieces: Vec<String>,
    anchored_start: bool,
    anchored_end: bool,
}

impl Wildcard {
    pub fn new(pattern: &str) -> Wildcard {
        let pieces: Vec<String> = pattern.split('*').map(str::to_lowercase).collect();
        Wildcard {
            anchored_start: !pattern.starts_with('*'),
            anchored_end: !pattern.ends_with('*'),
            pieces: pieces.into_iter().filter(|p| !p.is_empty()).collect(),
        }
    }

    /// Whether the text contains a `*`.
    pub fn is_pattern(text: &str) -> bool {
        text.contains('*')
    }

    pub fn matches(&self, text: &str) -> bool {
        if self.pieces.is_empty() {
            // "" matches only "", "*" (or "**") matches everything.
            return !(self.anchored_start && self.anchored_end) || text.is_empty();
        }
        let lowered;
        let text = if text.bytes().any(|b| b.is_ascii_uppercase()) || !text.is_ascii() {
            lowered = text.to_lowercase();
            lowered.as_str()
        } else {
            text
        };
        let mut rest = text;
        let last = self.pieces.len() - 1;
        for (i, piece) in self.pieces.iter().enumerate() {
            if i == 0 && self.anchored_start {
                let Some(r) = rest.strip_prefix(piece.as_str()) else {
                    return false;
                };
                rest = r;
                if i == last && self.anchored_end {
                    return rest.is_empty();
                }
                continue;
            }
            if i == last && self.anchored_end {
                return rest.len() >= piece.len() && rest.ends_with(piece.as_str());
            }
            match rest.find(piece.as_str()) {
                Some(at) => rest = &rest[at + piece.len()..],
                None => return false,
            }
        }
        true
    }
}

/// Matches `text` against `pattern`, which may or may not contain stars.
pub fn like(pattern: &str, text: &str) -> bool {
    if Wildcard::is_pattern(pattern) {
        Wildcard::new(pattern).matches(text)
    } else {
        eq_ci(pattern, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_match_runs_and_everything_else_is_literal() {
        for (p, t, want) in [
            ("iPhone*", "iphone6c2", true),
            ("*6C2", "iPhone6C2", true),
            ("i*6*2", "iPhone6C2", true),
            ("*", "", true),
            ("", "", true),
            ("", "x", false),
            ("a*a", "a", false),
            ("a*a", "aa", true),
            ("*Outlook*", "Outlook for iOS and Android", true),
            ("?x", "ax", false),
            ("ab", "AB", true),
        ] {
            assert_eq!(like(p, t), want, "{p:?} ~ {t:?}");
        }
    }
}
