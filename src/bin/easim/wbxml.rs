//! `easim wbxml`: decode a captured EAS body to XML, encode XML to WBXML, or dump the tokens with offsets.
//!
//! A thin shell over `easim::wbxml`: reads a file or stdin, calls the codec, writes stdout or `-o FILE`.
//! The hidden `gen` subcommand writes seeded random documents for the libwbxml interop check
//! (`.ci/interop-wbxml.sh`).

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use easim::wbxml::{self as codec, Document, Element, Node, Page, XmlOptions};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// `--help`'s text after the options, printed verbatim (see `help.rs`).
pub(crate) const AFTER_HELP: &str = "\
Examples:
  easim wbxml decode request.wbxml              print the XML of a captured request body
  easim wbxml decode --hex request.wbxml        list every token with its offset and bytes
  easim wbxml encode response.xml -o resp.wbxml write the WBXML of an XML document
  curl … | easim wbxml decode -                 read standard input";

#[derive(Args)]
#[command(
    about = "Decode, encode and dump EAS WBXML bodies (MS-ASWBXML)",
    long_about = "Decode, encode and dump EAS WBXML bodies (MS-ASWBXML).\n\n\
        The XML is the shape libwbxml's `wbxml2xml -l ACTIVESYNC` prints: one `xmlns=\"Page:\"` per code page, \
        opaque data (MIME, conversation ids) as base64.",
    after_help = "@verbatim:wbxml@"
)]
pub(crate) struct WbxmlArgs {
    #[command(subcommand)]
    command: WbxmlCommand,
}

#[derive(Subcommand)]
enum WbxmlCommand {
    /// Print the XML of a WBXML body (or, with --hex, an annotated token dump).
    Decode(DecodeArgs),
    /// Write the WBXML of an XML document (binary: to -o FILE or a pipe; --hex to look at it).
    Encode(EncodeArgs),
    /// Write seeded random documents as XML (for interop testing).
    #[command(hide = true)]
    Gen(GenArgs),
}

#[derive(Args)]
struct DecodeArgs {
    /// The WBXML file, or `-` for standard input.
    input: PathBuf,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// One element per line, indented.
    #[arg(long, conflicts_with = "hex")]
    pretty: bool,
    /// Instead of XML, list each token: offset, bytes in hex, meaning.
    #[arg(long)]
    hex: bool,
    /// Write libwbxml's spelling of the tags it names differently (to compare with `wbxml2xml`).
    #[arg(long, hide = true)]
    libwbxml_names: bool,
}

#[derive(Args)]
struct EncodeArgs {
    /// The XML file, or `-` for standard input.
    input: PathBuf,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Instead of the binary, list each token of the encoding: offset, bytes in hex, meaning.
    #[arg(long)]
    hex: bool,
}

#[derive(Args)]
struct GenArgs {
    /// Seed of the random generator; the same seed gives the same documents.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// How many documents to write.
    #[arg(long, default_value_t = 100)]
    count: usize,
    /// Directory to write `gen-NNNN.xml` files into (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Only use tags libwbxml 0.11.8 knows (no Find page, no AccountOnlyRemoteWipe …).
    #[arg(long)]
    libwbxml: bool,
}

pub(crate) fn run(args: WbxmlArgs) -> anyhow::Result<()> {
    match args.command {
        WbxmlCommand::Decode(a) => decode(a),
        WbxmlCommand::Encode(a) => encode(a),
        WbxmlCommand::Gen(a) => generate(a),
    }
}

fn decode(args: DecodeArgs) -> anyhow::Result<()> {
    let bytes = read_input(&args.input)?;
    let name = display_name(&args.input);
    if args.hex {
        let mut dump = String::new();
        let result = codec::hex_dump(&bytes, &mut dump);
        write_output(args.output.as_deref(), dump.as_bytes())?;
        return result.map_err(|e| anyhow::anyhow!("{name}: {e}{}", hint(&bytes)));
    }
    let doc = codec::decode(&bytes).map_err(|e| anyhow::anyhow!("{name}: {e}{}", hint(&bytes)))?;
    let mut xml = codec::to_xml_with(
        &doc,
        &XmlOptions {
            pretty: args.pretty,
            prolog: true,
            libwbxml_names: args.libwbxml_names,
        },
    );
    if args.output.is_none() {
        xml.push('\n');
    }
    write_output(args.output.as_deref(), xml.as_bytes())
}

/// A hint when the input is plainly the other format.
fn hint(bytes: &[u8]) -> &'static str {
    if bytes.trim_ascii_start().starts_with(b"<") {
        "\n(this looks like XML; `easim wbxml encode` reads XML)"
    } else {
        ""
    }
}

fn encode(args: EncodeArgs) -> anyhow::Result<()> {
    let bytes = read_input(&args.input)?;
    let name = display_name(&args.input);
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        let extra = if bytes.first() == Some(&0x03) {
            "\n(this looks like WBXML; `easim wbxml decode` reads WBXML)"
        } else {
            ""
        };
        anyhow::anyhow!("{name}: the XML is not UTF-8 text{extra}")
    })?;
    let doc = codec::from_xml(text).with_context(|| format!("{name}: not an EAS XML document"))?;
    let wbxml = codec::encode(&doc);
    if args.hex {
        let mut dump = String::new();
        codec::hex_dump(&wbxml, &mut dump)
            .context("the encoder wrote WBXML its own reader refuses")?;
        return write_output(args.output.as_deref(), dump.as_bytes());
    }
    if args.output.is_none() && std::io::stdout().is_terminal() {
        bail!(
            "not writing binary WBXML to a terminal; use -o FILE, --hex, or redirect standard output"
        );
    }
    write_output(args.output.as_deref(), &wbxml)
}

fn read_input(path: &Path) -> anyhow::Result<Vec<u8>> {
    if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("cannot read standard input")?;
        Ok(buf)
    } else {
        std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
    }
}

fn display_name(path: &Path) -> String {
    if path == Path::new("-") {
        "standard input".to_string()
    } else {
        path.display().to_string()
    }
}

fn write_output(path: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match path {
        Some(p) => {
            std::fs::write(p, bytes).with_context(|| format!("cannot write {}", p.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)
                .and_then(|()| out.flush())
                .context("cannot write standard output")
        }
    }
}

fn generate(args: GenArgs) -> anyhow::Result<()> {
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    for n in 0..args.count {
        let doc = random_document(&mut rng, args.libwbxml);
        let path = args.out.join(format!("gen-{n:04}.xml"));
        std::fs::write(&path, codec::to_xml(&doc) + "\n")
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// A random tree of real tags: mostly staying on the parent's page, sometimes switching; leaves hold text,
/// opaque tags hold bytes, some elements are empty. No mixed content, as in EAS.
fn random_document(rng: &mut ChaCha8Rng, libwbxml_only: bool) -> Document {
    let pages: Vec<Page> = Page::ALL
        .into_iter()
        .filter(|p| p.tags().any(|t| !libwbxml_only || codec::libwbxml_knows(t)))
        .collect();
    let root_page = pick(rng, &pages).unwrap_or(Page::AirSync);
    Document::new(random_element(rng, root_page, 0, &pages, libwbxml_only))
}

fn random_element(
    rng: &mut ChaCha8Rng,
    page: Page,
    depth: usize,
    pages: &[Page],
    libwbxml_only: bool,
) -> Element {
    let tags: Vec<codec::Tag> = page
        .tags()
        .filter(|t| !libwbxml_only || codec::libwbxml_knows(*t))
        .collect();
    let Some(tag) = pick(rng, &tags) else {
        return Element::new(codec::tags::AirSync::Sync);
    };
    let mut el = Element::new(tag);
    if tag.is_opaque() {
        if rng.random_bool(0.8) {
            let len = rng.random_range(1..64);
            el.children
                .push(Node::Opaque((0..len).map(|_| rng.random()).collect()));
        }
        return el;
    }
    let kind = if depth >= 5 {
        rng.random_range(0..2)
    } else {
        rng.random_range(0..4)
    };
    match kind {
        0 => {}
        1 => el.children.push(Node::Text(random_text(rng))),
        _ => {
            for _ in 0..rng.random_range(1..5) {
                let child_page = if rng.random_bool(0.75) {
                    page
                } else {
                    pick(rng, pages).unwrap_or(page)
                };
                el.push(random_element(
                    rng,
                    child_page,
                    depth + 1,
                    pages,
                    libwbxml_only,
                ));
            }
        }
    }
    el
}

fn random_text(rng: &mut ChaCha8Rng) -> String {
    const PIECES: &[&str] = &[
        "0",
        "1",
        "42",
        "{5E2A}",
        "Inbox",
        "a b",
        " lead",
        "trail ",
        "&",
        "<",
        ">",
        "\"",
        "'",
        "x&amp;y",
        "é",
        "€",
        "日本語",
        "🙂",
        "\t",
        "\n",
        "user@contoso.com",
        "2026-11-01T08:00:00.000Z",
        "]]>",
    ];
    let n = rng.random_range(1..6);
    (0..n).filter_map(|_| pick(rng, PIECES)).collect()
}

fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[T]) -> Option<T> {
    if items.is_empty() {
        None
    } else {
        items.get(rng.random_range(0..items.len())).copied()
    }
}
