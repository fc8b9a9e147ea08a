//! A fleet from a spreadsheet: CSV with a header row naming `name`, `base_url`, `key` and
//! optionally `tags` and `notes`, in any order and case; comma- or semicolon-separated (a
//! pt-BR spreadsheet saves with `;`); UTF-8 with or without a BOM. Every row is judged on its
//! own (valid, or why not) so that a preview can show them all before anything is added. Pure:
//! the backend runs it on its blocking pool, tests run it directly.

use std::collections::HashMap;

use crate::api::url::{self, UrlProblem};
use crate::api::{ApiKey, DEFAULT_BASE_URL};
use crate::tr;

/// Files larger than this are refused whole (the preview would be unusable anyway).
pub const MAX_CSV_BYTES: u64 = 16 * 1024 * 1024;

/// One data row as read, and what is wrong with it, if anything.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvRow {
    /// The line it starts on in the file (the header is line 1).
    pub line: u64,
    pub name: String,
    pub base_url: String,
    pub key: ApiKey,
    pub tags: Vec<String>,
    pub notes: String,
    /// Why the row cannot be added; `None` when it can.
    pub problem: Option<String>,
}

impl CsvRow {
    pub fn is_valid(&self) -> bool {
        self.problem.is_none()
    }
}

/// Every row of the file, judged.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvPreview {
    pub rows: Vec<CsvRow>,
    /// `,` or `;`.
    pub delimiter: char,
}

impl CsvPreview {
    pub fn valid(&self) -> usize {
        self.rows.iter().filter(|r| r.is_valid()).count()
    }
}

/// The columns a header must name.
const REQUIRED: [&str; 3] = ["name", "base_url", "key"];

/// Reads `bytes`; `existing` are the names and keys already in the list (a row repeating one is
/// invalid). `Err` when the file as a whole cannot be read (no header, a required column
/// missing, too large), with the reason in words.
pub fn parse(bytes: &[u8], existing: &[(String, ApiKey)]) -> Result<CsvPreview, String> {
    if bytes.len() as u64 > MAX_CSV_BYTES {
        return Err(tr!("csv-too-large", mb = (MAX_CSV_BYTES / (1024 * 1024)).to_string()));
    }
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    if first_line.iter().all(u8::is_ascii_whitespace) {
        return Err(tr!("csv-empty"));
    }
    let delimiter = if count(first_line, b';') > count(first_line, b',') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true) // a row with a wrong number of fields is reported, not fatal
        .has_headers(true)
        .from_reader(bytes);
    let header = reader.byte_headers().map_err(|e| tr!("csv-unreadable", error = e.to_string()))?.clone();
    let header: Vec<String> = header
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().trim_matches('"').to_lowercase().replace([' ', '-'], "_"))
        .collect();
    let column = |name: &str| header.iter().position(|h| h == name);
    let missing: Vec<&str> = REQUIRED.iter().copied().filter(|c| column(c).is_none()).collect();
    if !missing.is_empty() {
        return Err(tr!("csv-no-columns", missing = missing.join(", "), found = header.join(", ")));
    }
    let (name_at, url_at, key_at) = (column("name"), column("base_url"), column("key"));
    let (tags_at, notes_at) = (column("tags"), column("notes"));
    let known_names: HashMap<String, &str> =
        existing.iter().map(|(n, _)| (n.trim().to_lowercase(), n.as_str())).collect();
    let known_keys: HashMap<&str, &str> = existing.iter().map(|(n, k)| (k.expose(), n.as_str())).collect();
    let mut seen_names: HashMap<String, u64> = HashMap::new();
    let mut seen_keys: HashMap<String, u64> = HashMap::new();
    let mut rows = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                // A quote left open runs to the end of the file: nothing after it is readable.
                rows.push(broken_row(line, tr!("csv-row-unreadable", error = e.to_string())));
                break;
            }
        }
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // blank lines, trailing delimiters
        }
        let field = |at: Option<usize>| -> Result<String, ()> {
            match at.and_then(|i| record.get(i)) {
                Some(bytes) => std::str::from_utf8(bytes).map(|s| s.trim().to_owned()).map_err(|_| ()),
                None => Ok(String::new()),
            }
        };
        let fields = (field(name_at), field(url_at), field(key_at), field(tags_at), field(notes_at));
        let (Ok(name), Ok(base_url), Ok(key), Ok(tags), Ok(notes)) = fields else {
            rows.push(broken_row(line, tr!("csv-row-not-utf8")));
            continue;
        };
        let base_url = if base_url.is_empty() { DEFAULT_BASE_URL.to_owned() } else { base_url };
        let key = ApiKey::new(key);
        let tags =
            tags.split([',', ';', '|']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect();
        let seen =
            Seen { known_names: &known_names, known_keys: &known_keys, names: &seen_names, keys: &seen_keys };
        let problem = if record.len() != header.len() {
            Some(tr!(
                "csv-row-columns",
                found = record.len().to_string(),
                expected = header.len().to_string()
            ))
        } else {
            row_problem(&name, &base_url, &key, &seen)
        };
        if problem.is_none() {
            seen_keys.insert(key.expose().to_owned(), line);
            seen_names.insert(name.to_lowercase(), line);
        }
        rows.push(CsvRow { line, name, base_url, key, tags, notes, problem });
    }
    Ok(CsvPreview { rows, delimiter: delimiter as char })
}

/// What the rows before, and the list, already hold.
struct Seen<'a> {
    known_names: &'a HashMap<String, &'a str>,
    known_keys: &'a HashMap<&'a str, &'a str>,
    names: &'a HashMap<String, u64>,
    keys: &'a HashMap<String, u64>,
}

/// Why a row of the right width cannot be added, the first reason found.
fn row_problem(name: &str, base_url: &str, key: &ApiKey, seen: &Seen<'_>) -> Option<String> {
    if name.is_empty() {
        return Some(tr!("csv-row-no-name"));
    }
    if key.expose().is_empty() {
        return Some(tr!("csv-row-no-key"));
    }
    if !key.is_usable() {
        return Some(tr!("csv-row-short-key"));
    }
    match url::base_url(base_url) {
        Err(UrlProblem::Query) => return Some(tr!("form-url-query")),
        Err(_) => return Some(tr!("csv-row-bad-url")),
        Ok(_) => {}
    }
    if let Some(owner) = seen.known_keys.get(key.expose()) {
        return Some(tr!("csv-row-key-in-list", name = (*owner).to_owned()));
    }
    if let Some(first) = seen.keys.get(key.expose()) {
        return Some(tr!("csv-row-key-twice", line = first.to_string()));
    }
    let lower = name.to_lowercase();
    if let Some(owner) = seen.known_names.get(&lower) {
        return Some(tr!("form-name-taken", name = (*owner).to_owned()));
    }
    seen.names.get(&lower).map(|first| tr!("csv-row-name-twice", line = first.to_string()))
}

fn count(line: &[u8], b: u8) -> usize {
    line.iter().filter(|c| **c == b).count()
}

fn broken_row(line: u64, problem: String) -> CsvRow {
    CsvRow {
        line,
        name: String::new(),
        base_url: String::new(),
        key: ApiKey::default(),
        tags: Vec::new(),
        notes: String::new(),
        problem: Some(problem),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(p: &CsvPreview) -> Vec<(u64, Option<String>)> {
        p.rows.iter().map(|r| (r.line, r.problem.clone())).collect()
    }

    #[test]
    fn a_comma_file_with_a_header_in_any_order_reads_every_row() {
        let text = "Key,Name,base_url,tags,notes\nkey-loja-0001,Loja Centro,https://api.witi.me/,\"varejo, sp\",Falar com a Maria\n";
        let p = parse(text.as_bytes(), &[]).unwrap();
        assert_eq!(p.delimiter, ',');
        let row = &p.rows[0];
        assert!(row.is_valid(), "{row:?}");
        assert_eq!((row.name.as_str(), row.key.expose()), ("Loja Centro", "key-loja-0001"));
        assert_eq!(row.tags, ["varejo", "sp"]);
        assert_eq!(row.line, 2);
    }

    #[test]
    fn a_semicolon_file_with_a_bom_as_pt_br_spreadsheets_save_it() {
        let text = "\u{feff}name;base_url;key;tags\nClínica;;key-clinica-01;saude\n";
        let p = parse(text.as_bytes(), &[]).unwrap();
        assert_eq!(p.delimiter, ';');
        assert!(p.rows[0].is_valid(), "{:?}", p.rows[0]);
        assert_eq!(p.rows[0].base_url, DEFAULT_BASE_URL, "an empty address is the default one");
        assert_eq!(p.rows[0].name, "Clínica");
    }

    #[test]
    fn every_bad_row_says_why_and_the_good_ones_stay_good() {
        let mut bytes = b"name,base_url,key\n".to_vec();
        bytes.extend_from_slice(b"Ok,https://a.example/,key-ok-0001\n");
        bytes.extend_from_slice(b"No key,https://a.example/,\n");
        bytes.extend_from_slice(b",https://a.example/,key-noname-1\n");
        bytes.extend_from_slice(b"Bad url,ftp://a.example/,key-bad-url-1\n");
        bytes.extend_from_slice(b"Too many,https://a.example/,key-many-0001,extra\n");
        bytes.extend_from_slice(b"Twice,https://a.example/,key-ok-0001\n");
        bytes.extend_from_slice(b"In list,https://a.example/,key-listed-01\n");
        bytes.extend_from_slice(b"Ok,https://a.example/,key-other-001\n");
        bytes.extend_from_slice(b"Bytes \xff\xfe,https://a.example/,key-latin-001\n");
        bytes.extend_from_slice(b"\n");
        bytes.extend_from_slice(b"Short,https://a.example/,k\n");
        bytes.extend_from_slice(b"Query,https://a.example/?wid=1,key-query-001\n");
        let existing = [("Listed".to_owned(), ApiKey::new("key-listed-01"))];
        let p = parse(&bytes, &existing).unwrap();
        let got = problems(&p);
        assert_eq!(got.len(), 11, "the blank line is skipped: {got:?}");
        assert_eq!(got[0], (2, None));
        let reasons: Vec<String> = got.iter().skip(1).map(|(_, p)| p.clone().expect("invalid")).collect();
        assert!(reasons[0].contains("key"), "{}", reasons[0]);
        assert!(reasons[1].contains("name"), "{}", reasons[1]);
        assert!(reasons[2].contains("address"), "{}", reasons[2]);
        assert!(reasons[3].contains("4") && reasons[3].contains("3"), "{}", reasons[3]);
        assert!(reasons[4].contains("line 2"), "{}", reasons[4]);
        assert!(reasons[5].contains("Listed"), "{}", reasons[5]);
        assert!(reasons[6].contains("name as line 2"), "{}", reasons[6]);
        assert!(reasons[7].contains("UTF-8"), "{}", reasons[7]);
        assert!(reasons[8].contains("short"), "{}", reasons[8]);
        assert!(reasons[9].contains("?"), "{}", reasons[9]);
        assert_eq!(p.valid(), 1);
    }

    #[test]
    fn a_file_without_the_columns_is_refused_whole_with_what_it_has() {
        let err = parse(b"nome,endereco,chave\na,b,c\n", &[]).unwrap_err();
        assert!(err.contains("name, base_url, key") && err.contains("nome"), "{err}");
        assert!(parse(b"", &[]).is_err());
        assert!(parse(b"\n\n", &[]).is_err());
    }

    #[test]
    fn an_unclosed_quote_ends_the_rows_it_swallows_with_a_reason() {
        let p = parse(
            b"name,base_url,key\nA,https://a.example/,key-aaaa-0001\n\"B,https://a.example/,key-b\n",
            &[],
        )
        .unwrap();
        assert!(p.rows[0].is_valid());
        assert!(p.rows.len() == 2 && !p.rows[1].is_valid(), "{:?}", p.rows);
    }

    #[test]
    fn ten_megabytes_are_read_and_more_than_sixteen_refused() {
        let mut text = String::from("name,base_url,key,tags,notes\n");
        let mut n = 0;
        while text.len() < 10 * 1024 * 1024 {
            text.push_str(&format!(
                "Loja {n:06},https://api.witi.me/,key-{n:010},region-{},Notes for this one\n",
                n % 7
            ));
            n += 1;
        }
        let p = parse(text.as_bytes(), &[]).unwrap();
        assert_eq!(p.rows.len(), n);
        assert_eq!(p.valid(), n);
        let big = vec![b'a'; (MAX_CSV_BYTES + 1) as usize];
        assert!(parse(&big, &[]).unwrap_err().contains("16"));
    }
}
