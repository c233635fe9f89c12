//! One export file as rows of named cells with positions: `Export-Csv` text (with or without the `#TYPE` line,
//! read with the `csv` crate) or `ConvertTo-Json` text (an array of objects, or one object), read with serde_json
//! keeping each value's raw text so its line and column can be named.
//!
//! It does not know what the columns mean (`kinds` and `fields` do). CSV rows are handed to a visitor one at a
//! time, so a 250k-row export is never held as rows.

use hashbrown::HashMap;
use serde_json::value::RawValue;

use super::Problem;
use crate::model::{CiKey, CiRef};

/// A position in a file, 1-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pos {
    pub line: u64,
    pub column: u64,
}

/// The column names of a file, looked up case-insensitively (PowerShell property names are).
pub(crate) struct Columns {
    index: HashMap<CiKey, usize>,
}

impl Columns {
    fn new(names: Vec<String>) -> Columns {
        let mut index = HashMap::with_capacity(names.len());
        for (i, n) in names.iter().enumerate() {
            index.entry(CiKey::new(n)).or_insert(i);
        }
        Columns { index }
    }

    pub(crate) fn find(&self, name: &str) -> Option<usize> {
        self.index.get(&CiRef(name)).copied()
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.find(name).is_some()
    }
}

/// What a cell holds as read.
#[derive(Clone, Copy)]
pub(crate) enum Raw<'r> {
    /// A CSV field (Export-Csv writes `$null` as an empty field).
    Text(&'r str),
    /// A JSON value's text.
    Json(&'r RawValue),
}

/// The cells of one record.
#[derive(Clone, Copy)]
enum Cells<'r> {
    Csv(&'r csv::StringRecord),
    Json(&'r [Option<&'r RawValue>]),
}

/// One record (a CSV line, or one JSON object) of a file.
pub(crate) struct Row<'r> {
    pub(crate) columns: &'r Columns,
    cells: Cells<'r>,
    text: &'r str,
    /// Where the record starts.
    byte: usize,
}

impl<'r> Row<'r> {
    /// The cell of column `col`, if the record has it.
    pub(crate) fn cell(&self, col: usize) -> Option<Raw<'r>> {
        match self.cells {
            Cells::Csv(r) => r.get(col).map(Raw::Text),
            Cells::Json(cells) => cells.get(col).copied().flatten().map(Raw::Json),
        }
    }

    /// The byte offset where the record starts (turned into a line and column only for a message).
    pub(crate) fn start_offset(&self) -> usize {
        self.byte
    }

    /// The byte offset where column `col`'s value starts (the record's start when `col` is `None` or the cell is
    /// missing).
    pub(crate) fn offset(&self, col: Option<usize>) -> usize {
        match (self.cells, col) {
            (Cells::Csv(_), Some(col)) => csv_field_offset(self.text, self.byte, col),
            (Cells::Json(cells), Some(col)) => match cells.get(col).copied().flatten() {
                Some(raw) => offset_in(self.text, raw.get()),
                None => self.byte,
            },
            _ => self.byte,
        }
    }

    /// Where column `col`'s value starts, as a line and column.
    pub(crate) fn position(&self, col: Option<usize>) -> Pos {
        offset_position(self.text, self.offset(col))
    }
}

/// A file's kind hint from its `#TYPE` line and its columns; then its rows.
pub(crate) struct Table<'t> {
    pub(crate) type_name: Option<String>,
    pub(crate) columns: Columns,
    body: Body<'t>,
    text: &'t str,
}

enum Body<'t> {
    Csv { start: usize, start_line: u64 },
    Json(Vec<(usize, Vec<Option<&'t RawValue>>)>),
}

fn is_json(text: &str) -> bool {
    matches!(text.trim_start().as_bytes().first(), Some(b'[' | b'{'))
}

/// Reads a file's header (CSV) or whole structure (JSON).
pub(crate) fn open(text: &str) -> Result<Table<'_>, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if is_json(text) {
        return open_json(text);
    }
    let mut start = 0;
    let mut start_line = 1;
    let mut type_name = None;
    // Blank lines before the header and the `#TYPE` line Export-Csv writes without -NoTypeInformation.
    loop {
        let rest = &text[start..];
        let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let line = rest[..end].trim();
        if line.is_empty() && end > 0 {
            start += end;
            start_line += 1;
            continue;
        }
        if let Some(t) = line.strip_prefix("#TYPE") {
            type_name = Some(t.trim().to_string());
            start += end;
            start_line += 1;
            continue;
        }
        break;
    }
    if text[start..].trim().is_empty() {
        return Err(Problem::at(
            Pos {
                line: start_line,
                column: 1,
            },
            "the file has no header line: an Export-Csv file starts with the property names",
        ));
    }
    let mut reader = csv_reader(&text.as_bytes()[start..]);
    let headers = reader
        .headers()
        .map_err(|e| csv_problem(text, start, start_line, &e))?;
    let names: Vec<String> = headers.iter().map(|h| h.trim().to_string()).collect();
    Ok(Table {
        type_name,
        columns: Columns::new(names),
        body: Body::Csv { start, start_line },
        text,
    })
}

fn csv_reader(bytes: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes)
}

fn csv_problem(text: &str, start: usize, start_line: u64, e: &csv::Error) -> Problem {
    let pos = match e.position() {
        Some(p) => offset_position(text, start + p.byte() as usize),
        None => Pos {
            line: start_line,
            column: 1,
        },
    };
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "the file is not UTF-8 text; save it as UTF-8 (Export-Csv -Encoding UTF8)".to_string()
        }
        _ => format!("this is not CSV as Export-Csv writes it: {e}"),
    };
    Problem::at(pos, message)
}

fn open_json(text: &str) -> Result<Table<'_>, Problem> {
    let bad = |e: serde_json::Error| {
        Problem::at(
            Pos {
                line: e.line().max(1) as u64,
                column: e.column().max(1) as u64,
            },
            format!(
                "this is not ConvertTo-Json output of objects (an array of objects, or one object): {e}"
            ),
        )
    };
    let objects: Vec<indexmap_free::Object<'_>> = if text.trim_start().starts_with('[') {
        serde_json::from_str(text).map_err(bad)?
    } else {
        vec![serde_json::from_str(text).map_err(bad)?]
    };
    let mut names: Vec<String> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for o in &objects {
        for (k, _) in &o.fields {
            let key = k.to_ascii_lowercase();
            if !seen.contains_key(&key) {
                seen.insert(key, names.len());
                names.push(k.to_string());
            }
        }
    }
    let rows = objects
        .into_iter()
        .map(|o| {
            let mut cells = vec![None; names.len()];
            let start = o
                .fields
                .first()
                .map_or(0, |(_, v)| offset_in(text, v.get()));
            for (k, v) in o.fields {
                if let Some(&i) = seen.get(&k.to_ascii_lowercase()) {
                    cells[i] = Some(v);
                }
            }
            (start, cells)
        })
        .collect();
    Ok(Table {
        type_name: None,
        columns: Columns::new(names),
        body: Body::Json(rows),
        text,
    })
}

/// A JSON object as ordered (name, raw value) pairs, borrowing the text.
mod indexmap_free {
    use std::borrow::Cow;
    use std::fmt;

    use serde::de::{Deserializer, MapAccess, Visitor};
    use serde_json::value::RawValue;

    pub(crate) struct Object<'a> {
        pub(crate) fields: Vec<(Cow<'a, str>, &'a RawValue)>,
    }

    impl<'de> serde::Deserialize<'de> for Object<'de> {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Object<'de>, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Object<'de>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Object<'de>, A::Error> {
                    let mut fields = Vec::new();
                    while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                        let value: &'de RawValue = map.next_value()?;
                        fields.push((key, value));
                    }
                    Ok(Object { fields })
                }
            }
            d.deserialize_map(V)
        }
    }
}

impl Table<'_> {
    /// Calls `visit` with every record in file order; stops at the first CSV syntax error (returned).
    pub(crate) fn for_each_row(&self, mut visit: impl FnMut(&Row<'_>)) -> Result<(), Problem> {
        match &self.body {
            Body::Csv { start, start_line } => {
                let mut reader = csv_reader(&self.text.as_bytes()[*start..]);
                let mut record = csv::StringRecord::new();
                loop {
                    match reader.read_record(&mut record) {
                        Ok(false) => return Ok(()),
                        Ok(true) => {
                            let p = record.position().expect("the csv reader records positions");
                            if record.len() == 1
                                && record.get(0).is_some_and(|f| f.trim().is_empty())
                            {
                                continue;
                            }
                            let row = Row {
                                columns: &self.columns,
                                cells: Cells::Csv(&record),
                                text: self.text,
                                byte: start + p.byte() as usize,
                            };
                            visit(&row);
                        }
                        Err(e) => return Err(csv_problem(self.text, *start, *start_line, &e)),
                    }
                }
            }
            Body::Json(rows) => {
                for (start, cells) in rows {
                    let row = Row {
                        columns: &self.columns,
                        cells: Cells::Json(cells),
                        text: self.text,
                        byte: *start,
                    };
                    visit(&row);
                }
                Ok(())
            }
        }
    }
}

/// The byte offset of `part` (a subslice of `text`) in `text`.
fn offset_in(text: &str, part: &str) -> usize {
    (part.as_ptr() as usize)
        .saturating_sub(text.as_ptr() as usize)
        .min(text.len())
}

/// The line and column (in characters) of a byte offset (a scan from the start: for messages only).
pub(crate) fn offset_position(text: &str, offset: usize) -> Pos {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = text
        .get(line_start..offset)
        .map_or(1, |s| s.chars().count() as u64 + 1);
    Pos { line, column }
}

/// The byte offset where field `col` of the CSV record starting at `byte` begins: the record is walked field by field (quotes
/// doubled inside quoted fields, line breaks allowed in them), as the csv reader read it.
fn csv_field_offset(text: &str, byte: usize, col: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = byte;
    let mut field = 0;
    while field < col && i < bytes.len() {
        if bytes[i] == b'"' {
            i += 1;
            while i < bytes.len() {
                if bytes[i] == b'"' {
                    if bytes.get(i + 1) == Some(&b'"') {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
        }
        while i < bytes.len() && bytes[i] != b',' && bytes[i] != b'\n' {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b',' {
            i += 1;
            field += 1;
        } else {
            break;
        }
    }
    i
}
