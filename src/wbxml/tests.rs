//! Unit and property tests of the WBXML codec: code-page tables (against libwbxml's), decode errors with
//! offsets, the canonical encoding, the XML view both ways, the hex dump, and round trips over arbitrary
//! trees and arbitrary bytes.

use std::fmt::Write as _;

use expect_test::{Expect, expect};
use proptest::prelude::*;

use super::tags::{
    AirSync, AirSyncBase, ComposeMail, Email2, FolderHierarchy, Provision, Settings,
};
use super::*;

#[track_caller]
fn check(actual: impl AsRef<str>, expect: Expect) {
    expect.assert_eq(actual.as_ref());
}

fn hex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits
        .chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap(), 16).unwrap())
        .collect()
}

fn to_hex(b: &[u8]) -> String {
    b.iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn folder_sync_response() -> Document {
    Document::new(
        Element::new(FolderHierarchy::FolderSync)
            .with_leaf(FolderHierarchy::Status, "1")
            .with_leaf(FolderHierarchy::SyncKey, "1")
            .with(
                Element::new(FolderHierarchy::Changes)
                    .with_leaf(FolderHierarchy::Count, "1")
                    .with(
                        Element::new(FolderHierarchy::Add)
                            .with_leaf(FolderHierarchy::ServerId, "5")
                            .with_leaf(FolderHierarchy::ParentId, "0")
                            .with_leaf(FolderHierarchy::DisplayName, "Inbox")
                            .with_leaf(FolderHierarchy::Type, "2"),
                    ),
            ),
    )
}

// ---- code pages -------------------------------------------------------------------------------------------

#[test]
fn every_page_has_its_namespace_and_tag_count() {
    let mut out = String::new();
    for page in Page::ALL {
        let _ = writeln!(
            out,
            "{:2} {} {}",
            page.number(),
            page.namespace(),
            page.tags().count()
        );
    }
    let total: usize = Page::ALL.iter().map(|p| p.tags().count()).sum();
    let _ = write!(out, "total {total}");
    check(
        out,
        expect![[r#"
             0 AirSync 37
             1 Contacts 58
             2 Email 59
             3 AirNotify 19
             4 Calendar 56
             5 Move 8
             6 GetItemEstimate 10
             7 FolderHierarchy 20
             8 MeetingResponse 13
             9 Tasks 34
            10 ResolveRecipients 25
            11 ValidateCert 6
            12 Contacts2 10
            13 Ping 9
            14 Provision 55
            15 Search 29
            16 Gal 14
            17 AirSyncBase 40
            18 Settings 38
            19 DocumentLibrary 8
            20 ItemOperations 21
            21 ComposeMail 18
            22 Email2 18
            23 Notes 5
            24 RightsManagement 20
            25 Find 22
            total 652"#]],
    );
}

#[test]
fn names_and_tokens_are_inverse_and_unique_per_page() {
    for page in Page::ALL {
        let mut seen = std::collections::HashSet::new();
        for tag in page.tags() {
            let name = tag.name().unwrap();
            assert!(seen.insert(name), "{name} twice on {page:?}");
            assert_eq!(tag_token(tag.page, name), Some(tag.token), "{tag:?}");
            assert_eq!(Tag::by_name(page, name), Some(tag));
            assert!((0x05..=0x3F).contains(&tag.token));
        }
    }
    assert_eq!(tag_name(7, 0x12), Some("SyncKey"));
    assert_eq!(tag_token(7, "SyncKey"), Some(0x12));
    assert_eq!(tag_name(7, 0x3F), None);
    assert_eq!(tag_name(26, 0x05), None);
    assert_eq!(tag_token(0, "syncKey"), None);
    assert_eq!(page_namespace(16), Some("Gal"));
    assert_eq!(page_namespace(26), None);
    for ns in ["FolderHierarchy", "FolderHierarchy:", "folderhierarchy:"] {
        assert_eq!(page_by_namespace(ns), Some(7));
    }
    assert_eq!(page_by_namespace("GAL:"), Some(16));
    assert_eq!(page_by_namespace("WindowsLive:"), None);
    assert!(Tag::from(AirSyncBase::Content).is_opaque());
    assert!(!Tag::from(AirSyncBase::Data).is_opaque());
}

/// The committed table is what libwbxml 0.11.8's `wbxml2xml -l ACTIVESYNC` prints for every page and token
/// (`.ci/interop-wbxml.sh` re-probes the installed tool against it). Ours must name each of those tokens the
/// same way (where we differ on purpose, through the libwbxml alias), treat the same ones as opaque, and know
/// every tag libwbxml knows.
#[test]
fn tables_agree_with_libwbxml() {
    let table = include_str!("../../fixtures/wbxml/libwbxml-tags.txt");
    let mut theirs = std::collections::HashMap::new();
    for line in table.lines() {
        let mut f = line.split(' ');
        let page: u8 = f.next().unwrap().parse().unwrap();
        let token = u8::from_str_radix(f.next().unwrap().trim_start_matches("0x"), 16).unwrap();
        let name = f.next().unwrap();
        let opaque = f.next() == Some("opaque");
        theirs.insert((page, token), (name, opaque));
    }
    assert_eq!(theirs.len(), 619);
    let mut renamed = Vec::new();
    for page in Page::ALL {
        for tag in page.tags() {
            match theirs.remove(&(tag.page, tag.token)) {
                Some((name, opaque)) => {
                    assert!(libwbxml_knows(tag), "{tag:?} is in libwbxml");
                    assert_eq!(libwbxml_name(tag.page, tag.token), Some(name), "{tag:?}");
                    assert_eq!(tag.is_opaque(), opaque, "{tag:?}");
                    if tag.name() != Some(name) {
                        renamed.push(format!("{tag:?}={name}"));
                    }
                }
                None => assert!(!libwbxml_knows(tag), "{tag:?} is not in libwbxml"),
            }
        }
    }
    assert!(
        theirs.is_empty(),
        "libwbxml knows tags we do not: {theirs:?}"
    );
    assert_eq!(renamed.len(), 65, "{renamed:?}");
}

// ---- decoding ---------------------------------------------------------------------------------------------

#[test]
fn decodes_the_spec_example_and_reads_it_back() {
    // eas-facts §5.1: FolderSync with SyncKey 0.
    let bytes = hex("03 01 6A 00 00 07 56 52 03 30 00 01 01");
    let doc = decode(&bytes).unwrap();
    assert_eq!(doc.root.tag(), FolderHierarchy::FolderSync.into());
    assert_eq!(doc.root.child_text(FolderHierarchy::SyncKey), Some("0"));
    assert_eq!(doc.root.child_text("SyncKey"), Some("0"));
    assert_eq!(doc.root.child_text("FolderHierarchy:SyncKey"), Some("0"));
    assert_eq!(doc.root.child_text("AirSync:SyncKey"), None);
    assert_eq!(encode(&doc), bytes);
}

#[test]
fn decode_errors_name_the_offset_and_what_was_expected() {
    let cases = [
        "",
        "03",
        "01 01 6A 00",
        "03 00 6A 00",
        "03 01 04 00",
        "03 01 6A 05 41 42 43 44 45",
        "03 01 6A 80",
        "03 01 6A 00 FF FF FF FF 7F",
        "03 01 6A 00",
        "03 01 6A 00 01",
        "03 01 6A 00 03 41 00",
        "03 01 6A 00 45",
        "03 01 6A 00 45 03 41",
        "03 01 6A 00 45 03 FF 00 01",
        "03 01 6A 00 45 C3 05 41 42 01",
        "03 01 6A 00 45 C3 8F FF FF FF 7F",
        "03 01 6A 00 45 C3 90 80 80 80 00",
        "03 01 6A 00 45 C3 80 80 80 80 80 01",
        "03 01 6A 00 45 02 41 01",
        "03 01 6A 00 45 04 00 01",
        "03 01 6A 00 45 43 01",
        "03 01 6A 00 45 83 00 01",
        "03 01 6A 00 45 85 01",
        "03 01 6A 00 45 C5 01",
        "03 01 6A 00 00 1A 45 01",
        "03 01 6A 00 00",
        "03 01 6A 00 00 07 7F 01",
        "03 01 6A 00 05 05",
        "03 01 6A 00 45 01 00 00",
    ];
    let mut out = String::new();
    for case in cases {
        let err = decode(&hex(case)).unwrap_err();
        let _ = writeln!(out, "{case:<33} {err}");
    }
    let deep = {
        let mut b = HEADER_BYTES.to_vec();
        b.extend(std::iter::repeat_n(0x45, MAX_DEPTH + 1));
        b
    };
    let _ = write!(
        out,
        "65 nested Sync                    {}",
        decode(&deep).unwrap_err()
    );
    check(
        out,
        expect![[r#"
                                              invalid WBXML at byte 0 (0x0000): the input ended; expected the WBXML header 03 01 6A 00
            03                                invalid WBXML at byte 1 (0x0001): the input ended; expected the public identifier
            01 01 6A 00                       invalid WBXML at byte 0 (0x0000): WBXML version 0x01; expected 0x03 (WBXML 1.3)
            03 00 6A 00                       invalid WBXML at byte 1 (0x0001): public identifier 0; expected 1 (EAS)
            03 01 04 00                       invalid WBXML at byte 2 (0x0002): charset 4; expected 106 (UTF-8)
            03 01 6A 05 41 42 43 44 45        invalid WBXML at byte 3 (0x0003): string table of 5 bytes; expected 0 (EAS uses no string table)
            03 01 6A 80                       invalid WBXML at byte 4 (0x0004): the input ended; expected the string table length
            03 01 6A 00 FF FF FF FF 7F        invalid WBXML at byte 4 (0x0004): tag byte 0xFF has the attribute bit; EAS never uses attributes
            03 01 6A 00                       invalid WBXML at byte 4 (0x0004): the input ended; expected the root element
            03 01 6A 00 01                    invalid WBXML at byte 4 (0x0004): END outside the root element; expected a tag
            03 01 6A 00 03 41 00              invalid WBXML at byte 4 (0x0004): text outside the root element; expected a tag
            03 01 6A 00 45                    invalid WBXML at byte 5 (0x0005): the input ended; expected END or more content of the open element
            03 01 6A 00 45 03 41              invalid WBXML at byte 7 (0x0007): the input ended; expected the NUL that ends an inline string
            03 01 6A 00 45 03 FF 00 01        invalid WBXML at byte 6 (0x0006): inline string is not UTF-8 (invalid byte at 0x0006)
            03 01 6A 00 45 C3 05 41 42 01     invalid WBXML at byte 6 (0x0006): opaque data of 5 bytes but only 3 bytes left; expected the length to fit the input
            03 01 6A 00 45 C3 8F FF FF FF 7F  invalid WBXML at byte 6 (0x0006): opaque data of 4294967295 bytes; at most 67108864 are accepted
            03 01 6A 00 45 C3 90 80 80 80 00  invalid WBXML at byte 6 (0x0006): multi-byte integer longer than 5 bytes or above 2^32-1
            03 01 6A 00 45 C3 80 80 80 80 80 01 invalid WBXML at byte 6 (0x0006): multi-byte integer longer than 5 bytes or above 2^32-1
            03 01 6A 00 45 02 41 01           invalid WBXML at byte 5 (0x0005): global token 0x02 (ENTITY); EAS only uses SWITCH_PAGE, END, STR_I, OPAQUE and tags
            03 01 6A 00 45 04 00 01           invalid WBXML at byte 5 (0x0005): global token 0x04 (LITERAL); EAS only uses SWITCH_PAGE, END, STR_I, OPAQUE and tags
            03 01 6A 00 45 43 01              invalid WBXML at byte 5 (0x0005): global token 0x43 (PI); EAS only uses SWITCH_PAGE, END, STR_I, OPAQUE and tags
            03 01 6A 00 45 83 00 01           invalid WBXML at byte 5 (0x0005): global token 0x83 (STR_T); EAS only uses SWITCH_PAGE, END, STR_I, OPAQUE and tags
            03 01 6A 00 45 85 01              invalid WBXML at byte 5 (0x0005): tag byte 0x85 has the attribute bit; EAS never uses attributes
            03 01 6A 00 45 C5 01              invalid WBXML at byte 5 (0x0005): tag byte 0xC5 has the attribute bit; EAS never uses attributes
            03 01 6A 00 00 1A 45 01           invalid WBXML at byte 5 (0x0005): code page 26; expected one of the EAS pages 0-25
            03 01 6A 00 00                    invalid WBXML at byte 5 (0x0005): the input ended; expected a code page number
            03 01 6A 00 00 07 7F 01           invalid WBXML at byte 6 (0x0006): token 0x3F is not a tag of code page 7 (FolderHierarchy)
            03 01 6A 00 05 05                 invalid WBXML at byte 5 (0x0005): bytes after the root element; expected the end of the input
            03 01 6A 00 45 01 00 00           invalid WBXML at byte 6 (0x0006): bytes after the root element; expected the end of the input
            65 nested Sync                    invalid WBXML at byte 68 (0x0044): elements nested deeper than 64"#]],
    );
}

const HEADER_BYTES: [u8; 4] = [0x03, 0x01, 0x6A, 0x00];

#[test]
fn the_reader_streams_tokens_without_copying() {
    let bytes = encode(&folder_sync_response());
    let mut reader = Reader::new(&bytes).unwrap();
    let mut out = String::new();
    while let Some((at, event)) = reader.next().unwrap() {
        let _ = writeln!(out, "{at:2} {event:?}");
    }
    check(
        out,
        expect![[r#"
             4 SwitchPage(7)
             6 Start { tag: FolderHierarchy:FolderSync, has_content: true }
             7 Start { tag: FolderHierarchy:Status, has_content: true }
             8 Text("1")
            11 End(FolderHierarchy:Status)
            12 Start { tag: FolderHierarchy:SyncKey, has_content: true }
            13 Text("1")
            16 End(FolderHierarchy:SyncKey)
            17 Start { tag: FolderHierarchy:Changes, has_content: true }
            18 Start { tag: FolderHierarchy:Count, has_content: true }
            19 Text("1")
            22 End(FolderHierarchy:Count)
            23 Start { tag: FolderHierarchy:Add, has_content: true }
            24 Start { tag: FolderHierarchy:ServerId, has_content: true }
            25 Text("5")
            28 End(FolderHierarchy:ServerId)
            29 Start { tag: FolderHierarchy:ParentId, has_content: true }
            30 Text("0")
            33 End(FolderHierarchy:ParentId)
            34 Start { tag: FolderHierarchy:DisplayName, has_content: true }
            35 Text("Inbox")
            42 End(FolderHierarchy:DisplayName)
            43 Start { tag: FolderHierarchy:Type, has_content: true }
            44 Text("2")
            47 End(FolderHierarchy:Type)
            48 End(FolderHierarchy:Add)
            49 End(FolderHierarchy:Changes)
            50 End(FolderHierarchy:FolderSync)
        "#]],
    );
}

// ---- encoding ---------------------------------------------------------------------------------------------

#[test]
fn encodes_page_switches_empty_elements_and_opaque_lengths() {
    let mime = vec![b'M'; 200];
    let doc = Document::new(
        Element::new(ComposeMail::SendMail)
            .with_leaf(ComposeMail::ClientId, "1")
            .with(Element::new(ComposeMail::SaveInSentItems))
            .with(Element::opaque(ComposeMail::Mime, mime.clone())),
    );
    let bytes = encode(&doc);
    check(
        to_hex(&bytes[..20]),
        expect!["03 01 6A 00 00 15 45 51 03 31 00 01 08 50 C3 81 48 4D 4D 4D"],
    );
    assert_eq!(bytes.len(), 4 + 2 + 1 + 5 + 1 + 1 + 3 + 200 + 2);
    assert_eq!(decode(&bytes).unwrap(), doc);

    // Back to the parent's page after a child on another page: SWITCH_PAGE again, as libwbxml writes.
    let doc = Document::new(
        Element::new(AirSync::Sync).with(
            Element::new(AirSync::Options)
                .with(Element::new(AirSyncBase::BodyPreference).with_leaf(AirSyncBase::Type, "2"))
                .with_leaf(AirSync::FilterType, "3"),
        ),
    );
    check(
        to_hex(&encode(&doc)),
        expect!["03 01 6A 00 45 57 00 11 45 46 03 32 00 01 01 00 00 58 03 33 00 01 01 01"],
    );
}

#[test]
fn encoding_never_fails_even_on_text_str_i_cannot_carry() {
    // STR_I cannot hold NUL: such text goes out as OPAQUE, and comes back as bytes.
    let doc = Document::new(Element::leaf(AirSync::SyncKey, "a\0b"));
    let bytes = encode(&doc);
    check(to_hex(&bytes), expect!["03 01 6A 00 4B C3 03 61 00 62 01"]);
    assert_eq!(decode(&bytes).unwrap().root.bytes(), Some(&b"a\0b"[..]));
    // Empty text and empty opaque keep the content bit.
    let doc = Document::new(
        Element::new(AirSync::Sync)
            .with_leaf(AirSync::SyncKey, "")
            .with(Element::opaque(AirSync::ServerId, Vec::new())),
    );
    let bytes = encode(&doc);
    check(
        to_hex(&bytes),
        expect!["03 01 6A 00 45 4B 03 00 01 4D C3 00 01 01"],
    );
    assert_eq!(decode(&bytes).unwrap(), doc);
}

#[test]
fn multi_byte_integers_round_trip() {
    for v in [
        0,
        1,
        127,
        128,
        16_383,
        16_384,
        2_097_151,
        2_097_152,
        u32::MAX,
    ] {
        let mut out = Vec::new();
        encode::write_mb_u32(v, &mut out);
        assert_eq!(
            decode::read_mb_u32(&out, 0, "x").unwrap(),
            (v, out.len()),
            "{v}"
        );
    }
    let mut out = Vec::new();
    encode::write_mb_u32(u32::MAX, &mut out);
    check(to_hex(&out), expect!["8F FF FF FF 7F"]);
}

// ---- XML view ---------------------------------------------------------------------------------------------

#[test]
fn xml_view_is_libwbxml_shaped_and_pretty_for_people() {
    let doc = Document::new(
        Element::new(Provision::Provision)
            .with(
                Element::new(Settings::DeviceInformation).with(
                    Element::new(Settings::Set)
                        .with_leaf(Settings::Model, "iPhone & <friends> \"quoted\" 'too'")
                        .with_leaf(Settings::OS, "a\tb\r\nc\u{1}"),
                ),
            )
            .with(Element::new(Provision::Policies).with(Element::new(Provision::Policy)))
            .with(Element::opaque(Email2::ConversationId, vec![0, 1, 2, 250]))
            .with(Element::opaque(Provision::Data, b"raw]]>bytes".to_vec())),
    );
    check(
        to_xml(&doc),
        expect![[
            r#"<?xml version="1.0"?><!DOCTYPE ActiveSync PUBLIC "-//MICROSOFT//DTD ActiveSync//EN" "http://www.microsoft.com/"><Provision xmlns="Provision:"><DeviceInformation xmlns="Settings:"><Set><Model>iPhone &amp; &lt;friends&gt; &quot;quoted&quot; &apos;too&apos;</Model><OS>a	b&#xD;
c&#x1;</OS></Set></DeviceInformation><Policies><Policy/></Policies><ConversationId xmlns="Email2:">AAEC+g==</ConversationId><Data><![CDATA[raw]]]]><![CDATA[>bytes]]></Data></Provision>"#
        ]],
    );
    check(
        to_xml_pretty(&doc),
        expect![[r#"
            <?xml version="1.0"?>
            <!DOCTYPE ActiveSync PUBLIC "-//MICROSOFT//DTD ActiveSync//EN" "http://www.microsoft.com/">
            <Provision xmlns="Provision:">
              <DeviceInformation xmlns="Settings:">
                <Set>
                  <Model>iPhone &amp; &lt;friends&gt; &quot;quoted&quot; &apos;too&apos;</Model>
                  <OS>a	b&#xD;
            c&#x1;</OS>
                </Set>
              </DeviceInformation>
              <Policies>
                <Policy/>
              </Policies>
              <ConversationId xmlns="Email2:">AAEC+g==</ConversationId>
              <Data><![CDATA[raw]]]]><![CDATA[>bytes]]></Data>
            </Provision>"#]],
    );
    // Both read back to the same tree, except that the split CDATA is two opaque nodes.
    let mut expected = doc.clone();
    if let Some(Node::Element(data)) = expected.root.children.last_mut() {
        data.children = vec![
            Node::Opaque(b"raw]]".to_vec()),
            Node::Opaque(b">bytes".to_vec()),
        ];
    }
    assert_eq!(from_xml(&to_xml(&doc)).unwrap(), expected);
    assert_eq!(from_xml(&to_xml_pretty(&doc)).unwrap(), expected);
}

#[test]
fn xml_reader_accepts_prefixes_libwbxml_spellings_and_comments() {
    let text = r#"<?xml version="1.0" encoding="utf-8"?>
        <!-- a captured request -->
        <airsync:Sync xmlns:airsync="AirSync:" xmlns:asb="AirSyncBase" xmlns:email="Email:">
          <airsync:Collections><airsync:Collection>
            <airsync:Options><asb:BodyPreference><asb:Type>2</asb:Type></asb:BodyPreference></airsync:Options>
            <airsync:ApplicationData><email:Reply-To>a@b</email:Reply-To><email:Recurrence_Type>1</email:Recurrence_Type></airsync:ApplicationData>
          </airsync:Collection></airsync:Collections>
        </airsync:Sync>"#;
    let doc = from_xml(text).unwrap();
    check(
        to_xml_with(
            &doc,
            &XmlOptions {
                prolog: false,
                ..XmlOptions::default()
            },
        ),
        expect![[
            r#"<Sync xmlns="AirSync:"><Collections><Collection><Options><BodyPreference xmlns="AirSyncBase:"><Type>2</Type></BodyPreference></Options><ApplicationData><ReplyTo xmlns="Email:">a@b</ReplyTo><Type xmlns="Email:">1</Type></ApplicationData></Collection></Collections></Sync>"#
        ]],
    );
    let lib = to_xml_with(
        &doc,
        &XmlOptions {
            prolog: false,
            libwbxml_names: true,
            ..XmlOptions::default()
        },
    );
    assert!(lib.contains("<Reply-To xmlns=\"Email:\">a@b</Reply-To><Recurrence_Type xmlns=\"Email:\">1</Recurrence_Type>"));
}

#[test]
fn xml_errors_say_where() {
    let cases = [
        "",
        "   ",
        "<Sync/>",
        "<Sync xmlns=\"AirSync:\"/><Sync xmlns=\"AirSync:\"/>",
        "<x:Sync/>",
        "<Sync xmlns=\"Bogus:\"/>",
        "<Sync xmlns=\"AirSync:\">\n  <SyncKye>0</SyncKye>\n</Sync>",
        "<Sync xmlns=\"AirSync:\" version=\"2\"/>",
        "<Sync xmlns=\"AirSync:\"><Collections></Sync>",
        "<Sync xmlns=\"AirSync:\">",
        "text<Sync xmlns=\"AirSync:\"/>",
        "<SendMail xmlns=\"ComposeMail:\"><Mime>not base64!</Mime></SendMail>",
        "<Sync xmlns=\"AirSync:\">&bogus;</Sync>",
        "<Sync xmlns=\"AirSync:\">&#0;</Sync>",
    ];
    let mut out = String::new();
    for case in cases {
        let err = from_xml(case).unwrap_err();
        let _ = writeln!(out, "{:?}\n    {err}", case);
    }
    let deep = format!(
        "{}{}",
        "<Sync xmlns=\"AirSync:\">".repeat(MAX_DEPTH + 1),
        "</Sync>".repeat(MAX_DEPTH + 1)
    );
    let _ = write!(out, "65 nested Sync\n    {}", from_xml(&deep).unwrap_err());
    check(
        out,
        expect![[r#"
            ""
                XML line 1, column 1: no root element; expected an EAS element such as <FolderSync xmlns="FolderHierarchy:">
            "   "
                XML line 1, column 4: no root element; expected an EAS element such as <FolderSync xmlns="FolderHierarchy:">
            "<Sync/>"
                XML line 1, column 1: <Sync> has no namespace; expected xmlns="AirSync:", xmlns="FolderHierarchy:" or another EAS page
            "<Sync xmlns=\"AirSync:\"/><Sync xmlns=\"AirSync:\"/>"
                XML line 1, column 25: content after the root element; expected the end of the document
            "<x:Sync/>"
                XML line 1, column 1: namespace prefix `x` is not declared
            "<Sync xmlns=\"Bogus:\"/>"
                XML line 1, column 1: `Bogus:` is not an EAS namespace; expected one of AirSync:, FolderHierarchy:, Settings: …
            "<Sync xmlns=\"AirSync:\">\n  <SyncKye>0</SyncKye>\n</Sync>"
                XML line 2, column 3: <SyncKye> is not a tag of code page 0 (AirSync)
            "<Sync xmlns=\"AirSync:\" version=\"2\"/>"
                XML line 1, column 1: attribute `version`; EAS documents have no attributes other than xmlns
            "<Sync xmlns=\"AirSync:\"><Collections></Sync>"
                XML line 1, column 37: ill-formed document: expected `</Collections>`, but `</Sync>` was found
            "<Sync xmlns=\"AirSync:\">"
                XML line 1, column 24: <Sync> is not closed
            "text<Sync xmlns=\"AirSync:\"/>"
                XML line 1, column 1: text outside the root element
            "<SendMail xmlns=\"ComposeMail:\"><Mime>not base64!</Mime></SendMail>"
                XML line 1, column 49: <Mime> holds opaque data, written as base64, but its text is not valid base64
            "<Sync xmlns=\"AirSync:\">&bogus;</Sync>"
                XML line 1, column 24: at 1..6: unrecognized entity `bogus`
            "<Sync xmlns=\"AirSync:\">&#0;</Sync>"
                XML line 1, column 24: invalid character reference: 0x0 character is not permitted in XML
            65 nested Sync
                XML line 1, column 1473: elements nested deeper than 64"#]],
    );
}

// ---- hex dump ---------------------------------------------------------------------------------------------

#[test]
fn hex_dump_lists_tokens_and_stops_at_the_error() {
    let mut bytes = encode(&Document::new(
        Element::new(ComposeMail::SendMail)
            .with_leaf(
                ComposeMail::ClientId,
                "a long client id that is shown only in part, since it goes on and on",
            )
            .with(Element::new(ComposeMail::SaveInSentItems))
            .with(Element::opaque(
                ComposeMail::Mime,
                b"From: a@b\r\n\r\nhi".to_vec(),
            )),
    ));
    let mut out = String::new();
    hex_dump(&bytes, &mut out).unwrap();
    bytes.truncate(bytes.len() - 1);
    bytes.push(0x7F);
    let err = hex_dump(&bytes, &mut out).unwrap_err();
    assert_eq!(err.offset, bytes.len() - 1);
    check(
        out,
        expect![[r#"
            000000  03                         WBXML version 1.3
            000001  01                         public identifier 1 (unknown DTD)
            000002  6A                         charset 106 (UTF-8)
            000003  00                         string table length 0
            000004  00 15                      SWITCH_PAGE 21 (ComposeMail)
            000006  45                         <ComposeMail:SendMail>  token 0x05, with content
            000007  51                           <ComposeMail:ClientId>  token 0x11, with content
            000008  03 61 20 6C 6F 6E 67 20 …      STR_I "a long client id that is shown only in part, since it goes o"… (68 bytes)
            00004E  01                           END </ComposeMail:ClientId>
            00004F  08                           <ComposeMail:SaveInSentItems/>  token 0x08, empty
            000050  50                           <ComposeMail:Mime>  token 0x10, with content
            000051  C3 0F 46 72 6F 6D 3A 20 …      OPAQUE 15 bytes
            000062  01                           END </ComposeMail:Mime>
            000063  01                         END </ComposeMail:SendMail>
            000000  03                         WBXML version 1.3
            000001  01                         public identifier 1 (unknown DTD)
            000002  6A                         charset 106 (UTF-8)
            000003  00                         string table length 0
            000004  00 15                      SWITCH_PAGE 21 (ComposeMail)
            000006  45                         <ComposeMail:SendMail>  token 0x05, with content
            000007  51                           <ComposeMail:ClientId>  token 0x11, with content
            000008  03 61 20 6C 6F 6E 67 20 …      STR_I "a long client id that is shown only in part, since it goes o"… (68 bytes)
            00004E  01                           END </ComposeMail:ClientId>
            00004F  08                           <ComposeMail:SaveInSentItems/>  token 0x08, empty
            000050  50                           <ComposeMail:Mime>  token 0x10, with content
            000051  C3 0F 46 72 6F 6D 3A 20 …      OPAQUE 15 bytes
            000062  01                           END </ComposeMail:Mime>
            000063  error: token 0x3F is not a tag of code page 21 (ComposeMail)
        "#]],
    );
}

// ---- building and reading trees ---------------------------------------------------------------------------

#[test]
fn building_and_reading_trees_is_short() {
    let doc = folder_sync_response();
    let root = &doc.root;
    assert!(root.is(&FolderHierarchy::FolderSync));
    assert!(root.is("FolderSync"));
    assert_eq!(root.name(), Some("FolderSync"));
    assert_eq!(root.child_text("Status"), Some("1"));
    let changes = root.child(FolderHierarchy::Changes).unwrap();
    let names: Vec<_> = changes
        .children_named("Add")
        .flat_map(|add| add.child_text(FolderHierarchy::DisplayName))
        .collect();
    assert_eq!(names, ["Inbox"]);
    assert_eq!(changes.text(), None);
    assert_eq!(Element::new(AirSync::Sync).text(), Some(""));
    assert_eq!(
        Element::opaque(ComposeMail::Mime, b"x".to_vec()).bytes(),
        Some(&b"x"[..])
    );
    assert_eq!(
        format!("{:?}", Tag::from(AirSyncBase::Type)),
        "AirSyncBase:Type"
    );
    assert_eq!(
        format!(
            "{:?}",
            Tag {
                page: 7,
                token: 0x3F
            }
        ),
        "Tag(7, 0x3F)"
    );
}

// ---- properties -------------------------------------------------------------------------------------------

fn all_tags() -> Vec<Tag> {
    Page::ALL.iter().flat_map(|p| p.tags()).collect()
}

fn any_tag() -> impl Strategy<Value = Tag> {
    proptest::sample::select(all_tags())
}

/// Text as EAS carries it: anything but NUL (which STR_I cannot hold).
fn any_text() -> impl Strategy<Value = String> {
    "[^\u{0}]{0,12}"
}

fn any_bytes() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 0..24)
}

fn element(tag: Tag, children: Vec<Node>) -> Element {
    Element {
        page: tag.page,
        token: tag.token,
        children,
    }
}

/// Any tree of real tags: mixed content, empty text, adjacent text nodes, opaque anywhere.
fn any_element() -> impl Strategy<Value = Element> {
    let leaf = (
        any_tag(),
        proptest::collection::vec(
            prop_oneof![
                any_text().prop_map(Node::Text),
                any_bytes().prop_map(Node::Opaque)
            ],
            0..3,
        ),
    )
        .prop_map(|(tag, children)| element(tag, children));
    leaf.prop_recursive(4, 48, 4, |inner| {
        (
            any_tag(),
            proptest::collection::vec(
                prop_oneof![
                    3 => inner.prop_map(Node::Element),
                    1 => any_text().prop_map(Node::Text),
                    1 => any_bytes().prop_map(Node::Opaque),
                ],
                0..5,
            ),
        )
            .prop_map(|(tag, children)| element(tag, children))
    })
}

/// Trees in the XML view's normal form: no mixed content, no empty or adjacent text, opaque tags hold one
/// non-empty opaque node, other opaque data is UTF-8 without `]]>` (one CDATA section).
fn xml_element() -> impl Strategy<Value = Element> {
    let content = |tag: Tag| -> BoxedStrategy<Vec<Node>> {
        if tag.is_opaque() {
            prop_oneof![
                Just(Vec::new()),
                proptest::collection::vec(any::<u8>(), 1..24).prop_map(|b| vec![Node::Opaque(b)]),
            ]
            .boxed()
        } else {
            prop_oneof![
                Just(Vec::new()),
                "[^\u{0}]{1,12}".prop_map(|t| vec![Node::Text(t)]),
                "[a-z<&>]{1,8}".prop_map(|t| vec![Node::Opaque(t.into_bytes())]),
            ]
            .boxed()
        }
    };
    let leaf = any_tag().prop_flat_map(move |tag| content(tag).prop_map(move |c| element(tag, c)));
    leaf.prop_recursive(4, 48, 4, |inner| {
        (any_tag(), proptest::collection::vec(inner, 1..5))
            .prop_map(|(tag, kids)| element(tag, kids.into_iter().map(Node::Element).collect()))
    })
}

proptest! {
    #[test]
    fn encode_then_decode_gives_the_same_tree(root in any_element()) {
        let doc = Document::new(root);
        let bytes = encode(&doc);
        prop_assert_eq!(decode(&bytes), Ok(doc));
    }

    #[test]
    fn xml_then_tree_then_xml_is_the_identity(root in xml_element(), pretty in any::<bool>()) {
        let doc = Document::new(root);
        let opts = XmlOptions { pretty, ..XmlOptions::default() };
        let xml = to_xml_with(&doc, &opts);
        let back = from_xml(&xml).map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
        prop_assert_eq!(&back, &doc);
        let again = decode(&encode(&back)).unwrap();
        prop_assert_eq!(to_xml_with(&again, &opts), xml);
    }

    #[test]
    fn decoding_any_bytes_errors_or_reencodes_equivalently(body in proptest::collection::vec(any::<u8>(), 0..64)) {
        let mut bytes = HEADER_BYTES.to_vec();
        bytes.extend(body);
        if let Ok(doc) = decode(&bytes) {
            let again = encode(&doc);
            prop_assert_eq!(decode(&again), Ok(doc.clone()));
            prop_assert!(from_xml(&to_xml(&doc)).is_ok());
        }
    }

    #[test]
    fn decoding_damaged_documents_never_panics(
        root in any_element(),
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..4),
        cut in any::<usize>(),
    ) {
        let mut bytes = encode(&Document::new(root));
        for (at, byte) in edits {
            let at = at % bytes.len();
            bytes[at] = byte;
        }
        bytes.truncate(cut % (bytes.len() + 1));
        let mut dump = String::new();
        let dumped = hex_dump(&bytes, &mut dump);
        match decode(&bytes) {
            Ok(doc) => {
                prop_assert!(dumped.is_ok());
                prop_assert_eq!(decode(&encode(&doc)), Ok(doc));
            }
            Err(e) => {
                prop_assert_eq!(dumped, Err(e.clone()));
                prop_assert!(e.offset <= bytes.len());
            }
        }
    }
}

#[test]
fn limits_stop_the_reader_at_the_first_token_past_them() {
    let tight = Limits {
        max_elements: 3,
        max_depth: 2,
        max_string_len: 4,
        max_opaque_len: 4,
    };
    // Each case: hex body, then the decoder's answer within `tight`.
    let cases = [
        // Sync{Collections{Collection/ Collection/}}: 4 elements.
        "03 01 6A 00 45 5C 0F 0F 01 01",
        // Sync{Collections{Collection{}}}: 3 deep.
        "03 01 6A 00 45 5C 4F 01 01 01",
        // Sync{"abcde"}: a 5-byte string.
        "03 01 6A 00 45 03 61 62 63 64 65 00 01",
        // Sync{opaque of 5 bytes}.
        "03 01 6A 00 45 C3 05 61 62 63 64 65 01",
        // Within every limit: Sync{Collections{Collection/}} and a 4-byte string.
        "03 01 6A 00 45 5C 0F 01 03 61 62 63 64 00 01",
    ];
    let mut out = String::new();
    for case in cases {
        let answer = match decode_with(&hex(case), &tight) {
            Ok(doc) => format!("ok, {} children", doc.root.children.len()),
            Err(e) => e.to_string(),
        };
        let _ = writeln!(out, "{case:<46} {answer}");
    }
    check(
        out,
        expect![[r#"
        03 01 6A 00 45 5C 0F 0F 01 01                  invalid WBXML at byte 7 (0x0007): more than 3 elements
        03 01 6A 00 45 5C 4F 01 01 01                  invalid WBXML at byte 6 (0x0006): elements nested deeper than 2
        03 01 6A 00 45 03 61 62 63 64 65 00 01         invalid WBXML at byte 5 (0x0005): an inline string of 5 bytes; at most 4 are accepted
        03 01 6A 00 45 C3 05 61 62 63 64 65 01         invalid WBXML at byte 6 (0x0006): opaque data of 5 bytes; at most 4 are accepted
        03 01 6A 00 45 5C 0F 01 03 61 62 63 64 00 01   ok, 2 children
    "#]],
    );
}

#[test]
fn a_wide_body_fails_within_the_default_limits_instead_of_exhausting_memory() {
    // Sync{Collections{ Collection/ × 2,000,000 }}: 2 MB of one-byte elements, past Limits::DEFAULT.
    let mut body = hex("03 01 6A 00 45 5C");
    body.extend(std::iter::repeat_n(0x0F, 2_000_000));
    body.extend([0x01, 0x01]);
    let err = decode(&body).unwrap_err();
    assert_eq!(
        err.kind,
        DecodeErrorKind::TooManyElements {
            max: Limits::DEFAULT.max_elements
        }
    );
    // The same body decodes without limits: the limit, not the input, stopped it.
    let doc = decode_with(&body, &Limits::UNLIMITED).unwrap();
    assert_eq!(doc.root.children.len(), 1);
}
