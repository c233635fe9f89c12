//! The WBXML codec against its fixture corpus (bytes written by libwbxml's `xml2wbxml`, see
//! `fixtures/wbxml/README.md`), and `easim wbxml` as a user drives it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use easim::wbxml;
use expect_test::{Expect, expect};

use crate::support::{easim, easim_with_stdin, fixture, stderr, stdout};

#[track_caller]
fn check(actual: impl AsRef<str>, expect: Expect) {
    expect.assert_eq(actual.as_ref());
}

fn xml_fixtures(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(xml_fixtures(&path));
        } else if path.extension().is_some_and(|e| e == "xml") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Every `X.xml` encodes to exactly the committed `X.wbxml`, and `X.wbxml` decodes to exactly `X.xml`.
#[test]
fn corpus_agrees_both_ways() {
    let dir = fixture("wbxml");
    let files = xml_fixtures(&dir);
    let mut problems = Vec::new();
    let mut roots: BTreeMap<String, usize> = BTreeMap::new();
    for xml_path in &files {
        let name = xml_path.strip_prefix(&dir).unwrap().display().to_string();
        let xml = std::fs::read_to_string(xml_path).unwrap();
        let xml = xml.strip_suffix('\n').unwrap_or(&xml);
        let wbxml_path = xml_path.with_extension("wbxml");
        let Ok(bytes) = std::fs::read(&wbxml_path) else {
            problems.push(format!("{name}: no .wbxml beside it"));
            continue;
        };
        match wbxml::from_xml(xml) {
            Ok(doc) if wbxml::encode(&doc) == bytes => {}
            Ok(_) => problems.push(format!("{name}: encoding differs from the .wbxml")),
            Err(e) => problems.push(format!("{name}: {e}")),
        }
        match wbxml::decode(&bytes) {
            Ok(doc) => {
                if wbxml::to_xml(&doc) != xml {
                    problems.push(format!("{name}: decoding the .wbxml gives other XML"));
                }
                let root = format!("{:?}", doc.root.tag());
                *roots.entry(root).or_default() += 1;
            }
            Err(e) => problems.push(format!("{name}: {e}")),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(files.len() >= 40, "only {} fixtures", files.len());
    let summary: Vec<String> = roots.iter().map(|(r, n)| format!("{r} {n}")).collect();
    check(
        summary.join("\n"),
        expect![[r#"
            AirSync:Sync 13
            ComposeMail:SendMail 2
            ComposeMail:SmartForward 1
            ComposeMail:SmartReply 1
            Find:Find 3
            FolderHierarchy:FolderCreate 2
            FolderHierarchy:FolderSync 6
            GetItemEstimate:GetItemEstimate 3
            ItemOperations:ItemOperations 7
            MeetingResponse:MeetingResponse 2
            Move:MoveItems 2
            Ping:Ping 5
            Provision:Provision 10
            ResolveRecipients:ResolveRecipients 2
            Search:Search 5
            Settings:Settings 5
            ValidateCert:ValidateCert 2"#]],
    );
}

#[test]
fn decode_prints_the_xml_of_a_file_or_stdin() {
    let wbxml_path = fixture("wbxml/foldersync-request-initial.wbxml");
    let expected =
        std::fs::read_to_string(fixture("wbxml/foldersync-request-initial.xml")).unwrap();
    let out = easim(&["wbxml", "decode", wbxml_path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), expected);

    let bytes = std::fs::read(&wbxml_path).unwrap();
    let out = easim_with_stdin(&["wbxml", "decode", "-", "--pretty"], &bytes);
    assert!(out.status.success(), "{}", stderr(&out));
    check(
        stdout(&out),
        expect![[r#"
            <?xml version="1.0"?>
            <!DOCTYPE ActiveSync PUBLIC "-//MICROSOFT//DTD ActiveSync//EN" "http://www.microsoft.com/">
            <FolderSync xmlns="FolderHierarchy:">
              <SyncKey>0</SyncKey>
            </FolderSync>
        "#]],
    );
}

#[test]
fn decode_hex_lists_tokens_with_offsets() {
    let path = fixture("wbxml/ping-response-changes.wbxml");
    let out = easim(&["wbxml", "decode", "--hex", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    check(
        stdout(&out),
        expect![[r#"
            000000  03                         WBXML version 1.3
            000001  01                         public identifier 1 (unknown DTD)
            000002  6A                         charset 106 (UTF-8)
            000003  00                         string table length 0
            000004  00 0D                      SWITCH_PAGE 13 (Ping)
            000006  45                         <Ping:Ping>  token 0x05, with content
            000007  47                           <Ping:Status>  token 0x07, with content
            000008  03 32 00                       STR_I "2" (1 byte)
            00000B  01                           END </Ping:Status>
            00000C  49                           <Ping:Folders>  token 0x09, with content
            00000D  4A                             <Ping:Folder>  token 0x0A, with content
            00000E  03 35 00                         STR_I "5" (1 byte)
            000011  01                             END </Ping:Folder>
            000012  4A                             <Ping:Folder>  token 0x0A, with content
            000013  03 31 00                         STR_I "1" (1 byte)
            000016  01                             END </Ping:Folder>
            000017  01                           END </Ping:Folders>
            000018  01                         END </Ping:Ping>
        "#]],
    );
}

#[test]
fn encode_writes_the_bytes_to_a_file_or_a_pipe() {
    let xml_path = fixture("wbxml/sendmail-request.xml");
    let expected = std::fs::read(fixture("wbxml/sendmail-request.wbxml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("out.wbxml");
    let out = easim(&[
        "wbxml",
        "encode",
        xml_path.to_str().unwrap(),
        "-o",
        out_path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read(&out_path).unwrap(), expected);

    // Standard output is a pipe here, so the binary goes there.
    let xml = std::fs::read(&xml_path).unwrap();
    let out = easim_with_stdin(&["wbxml", "encode", "-"], &xml);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(out.stdout, expected);
}

#[test]
fn errors_are_clear_and_exit_non_zero() {
    let mut report = String::new();
    let mut run = |label: &str, args: &[&str], stdin: &[u8]| {
        let out = easim_with_stdin(args, stdin);
        report.push_str(&format!(
            "{label}: exit {:?}\n{}",
            out.status.code(),
            stderr(&out)
        ));
    };
    run("missing file", &["wbxml", "decode", "no/such.wbxml"], b"");
    run(
        "bad WBXML",
        &["wbxml", "decode", "-"],
        &[0x03, 0x01, 0x6A, 0x00, 0x00, 0x07, 0x7F],
    );
    run(
        "XML given to decode",
        &["wbxml", "decode", "-"],
        b"<FolderSync xmlns=\"FolderHierarchy:\"/>",
    );
    run(
        "bad XML",
        &["wbxml", "encode", "-"],
        b"<FolderSync xmlns=\"FolderHierarchy:\">\n  <SyncKye>0</SyncKye>\n</FolderSync>",
    );
    run(
        "WBXML given to encode",
        &["wbxml", "encode", "-"],
        &[0x03, 0x01, 0x6A, 0x00, 0x45, 0xFF],
    );
    check(
        report,
        expect![[r#"
            missing file: exit Some(2)
            error: cannot read no/such.wbxml: No such file or directory (os error 2)
            bad WBXML: exit Some(2)
            error: standard input: invalid WBXML at byte 6 (0x0006): token 0x3F is not a tag of code page 7 (FolderHierarchy)
            XML given to decode: exit Some(2)
            error: standard input: invalid WBXML at byte 0 (0x0000): WBXML version 0x3C; expected 0x03 (WBXML 1.3)
            (this looks like XML; `easim wbxml encode` reads XML)
            bad XML: exit Some(2)
            error: standard input: not an EAS XML document: XML line 2, column 3: <SyncKye> is not a tag of code page 7 (FolderHierarchy)
            WBXML given to encode: exit Some(2)
            error: standard input: the XML is not UTF-8 text
            (this looks like WBXML; `easim wbxml decode` reads WBXML)
        "#]],
    );
}
