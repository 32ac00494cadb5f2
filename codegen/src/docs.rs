//! Turns Smithy `smithy.api#documentation` HTML into rustdoc Markdown.
//!
//! AWS models document shapes and members with a loose subset of HTML: `<p>`, lists, `<code>`,
//! links, `<note>`/`<important>`, `<pre>`, headings and entities, sometimes unbalanced, sometimes
//! plain text. [`html_to_markdown`] parses that forgivingly into a small tree (unknown tags are
//! dropped and their text kept, unclosed tags are closed) and renders CommonMark that reads well
//! in `cargo doc` and keeps rustdoc quiet: text is escaped so it never forms intra-doc links,
//! HTML tags, emphasis or block syntax by accident, bare URLs become autolinks, and preformatted
//! text is fenced as `text` so it never becomes a doctest.

use std::collections::{HashMap, HashSet};

/// Converts model documentation HTML into rustdoc Markdown. Never panics; unknown tags are dropped but their text is kept.
#[must_use]
pub fn html_to_markdown(html: &str) -> String {
    let root = parse(html);
    let mut blocks = Vec::new();
    blocks_of(&root.children, &mut blocks);
    let mut lines = Vec::new();
    render_blocks(&blocks, false, &mut lines);
    let lines: Vec<&str> = lines.iter().map(|line| line.trim_end()).collect();
    let first = lines.iter().position(|line| !line.is_empty());
    let last = lines.iter().rposition(|line| !line.is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("\n"),
        _ => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------------------------

#[derive(Debug)]
enum Token {
    /// Decoded text.
    Text(String),
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
    },
    End(String),
}

fn tokenize(input: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut text_start = 0;
    let mut pos = 0;
    while let Some(offset) = input[pos..].find('<') {
        let lt = pos + offset;
        match parse_markup(&input[lt..]) {
            Some((token, len)) => {
                push_text(&mut tokens, &input[text_start..lt]);
                let mut end = lt + len;
                if let Some(token) = token {
                    if let Token::Start {
                        name,
                        self_closing: false,
                        ..
                    } = &token
                    {
                        if name == "script" || name == "style" {
                            end = skip_raw_text(input, end, name);
                        }
                    }
                    tokens.push(token);
                }
                pos = end;
                text_start = end;
            }
            None => pos = lt + 1,
        }
    }
    push_text(&mut tokens, &input[text_start..]);
    tokens
}

fn push_text(tokens: &mut Vec<Token>, raw: &str) {
    if !raw.is_empty() {
        tokens.push(Token::Text(decode_entities(raw)));
    }
}

/// Byte offset of the `</name` that ends a raw-text element (or the end of the input).
fn skip_raw_text(input: &str, from: usize, name: &str) -> usize {
    let needle = format!("</{name}");
    let hay = input.as_bytes();
    let needle = needle.as_bytes();
    (from..hay.len())
        .find(|&i| {
            hay.get(i..i + needle.len())
                .is_some_and(|window| window.eq_ignore_ascii_case(needle))
        })
        .unwrap_or(input.len())
}

fn name_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
        .count()
}

/// Parses the markup starting at `s` (which starts with `<`): the token (none for comments and
/// declarations) and its length in bytes, or `None` when the `<` is plain text.
fn parse_markup(s: &str) -> Option<(Option<Token>, usize)> {
    let bytes = s.as_bytes();
    if let Some(rest) = s.strip_prefix("<!--") {
        let len = rest.find("-->").map_or(s.len(), |i| 4 + i + 3);
        return Some((None, len));
    }
    if let Some(rest) = s.strip_prefix("<![CDATA[") {
        let (content, len) = match rest.find("]]>") {
            Some(i) => (&rest[..i], 9 + i + 3),
            None => (rest, s.len()),
        };
        return Some((Some(Token::Text(content.to_string())), len));
    }
    match bytes.get(1) {
        Some(b'!' | b'?') => s.find('>').map(|i| (None, i + 1)),
        Some(b'/') => {
            if !bytes.get(2).is_some_and(u8::is_ascii_alphabetic) {
                return None;
            }
            let name_end = 2 + name_len(&bytes[2..]);
            let close = s[name_end..].find('>')?;
            let name = s[2..name_end].to_ascii_lowercase();
            Some((Some(Token::End(name)), name_end + close + 1))
        }
        Some(c) if c.is_ascii_alphabetic() => parse_start_tag(s),
        _ => None,
    }
}

fn parse_start_tag(s: &str) -> Option<(Option<Token>, usize)> {
    let bytes = s.as_bytes();
    let skip_space = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    let mut i = 1 + name_len(&bytes[1..]);
    let name = s[1..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        i = skip_space(i);
        match bytes.get(i)? {
            b'>' => {
                let token = Token::Start {
                    name,
                    attrs,
                    self_closing: false,
                };
                return Some((Some(token), i + 1));
            }
            b'/' if bytes.get(i + 1) == Some(&b'>') => {
                let token = Token::Start {
                    name,
                    attrs,
                    self_closing: true,
                };
                return Some((Some(token), i + 2));
            }
            b'/' | b'=' => {
                i += 1;
                continue;
            }
            _ => {}
        }
        let start = i;
        while bytes
            .get(i)
            .is_some_and(|c| !c.is_ascii_whitespace() && !matches!(c, b'=' | b'>' | b'/'))
        {
            i += 1;
        }
        let attr_name = s[start..i].to_ascii_lowercase();
        i = skip_space(i);
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i = skip_space(i + 1);
            match bytes.get(i) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let close = s[i + 1..].find(char::from(quote))?;
                    value = decode_entities(&s[i + 1..i + 1 + close]);
                    i += close + 2;
                }
                _ => {
                    let start = i;
                    while bytes
                        .get(i)
                        .is_some_and(|c| !c.is_ascii_whitespace() && *c != b'>')
                    {
                        i += 1;
                    }
                    value = decode_entities(&s[start..i]);
                }
            }
        }
        attrs.push((attr_name, value));
    }
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        match decode_entity(after) {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes the entity after a `&`: the character and the bytes used (including the `;`).
fn decode_entity(s: &str) -> Option<(char, usize)> {
    let Some(semi) = s.bytes().take(33).position(|b| b == b';') else {
        return legacy_entity(s);
    };
    let body = &s[..semi];
    let c = match body.strip_prefix('#') {
        Some(number) => {
            let (digits, radix) = match number.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16),
                None => (number, 10),
            };
            if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
                return None;
            }
            u32::from_str_radix(digits, radix)
                .ok()
                .and_then(char::from_u32)
                .filter(|c| *c != '\0')
                .unwrap_or('\u{FFFD}')
        }
        None => match named_entity(body) {
            Some(c) => c,
            None => return legacy_entity(s),
        },
    };
    Some((c, semi + 1))
}

/// The few entities browsers also accept without `;` (when no letter or digit follows).
fn legacy_entity(s: &str) -> Option<(char, usize)> {
    ["amp", "lt", "gt", "quot", "nbsp"]
        .into_iter()
        .find_map(|name| {
            let rest = s.strip_prefix(name)?;
            if rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == ';') {
                return None;
            }
            Some((named_entity(name)?, name.len()))
        })
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "shy" => '\u{AD}',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "sbquo" => '\u{201A}',
        "ldquo" => '\u{201C}',
        "rdquo" => '\u{201D}',
        "bdquo" => '\u{201E}',
        "laquo" => '\u{AB}',
        "raquo" => '\u{BB}',
        "lsaquo" => '\u{2039}',
        "rsaquo" => '\u{203A}',
        "hellip" => '\u{2026}',
        "bull" => '\u{2022}',
        "middot" => '\u{B7}',
        "dagger" => '\u{2020}',
        "Dagger" => '\u{2021}',
        "prime" => '\u{2032}',
        "Prime" => '\u{2033}',
        "permil" => '\u{2030}',
        "copy" => '\u{A9}',
        "reg" => '\u{AE}',
        "trade" => '\u{2122}',
        "deg" => '\u{B0}',
        "plusmn" => '\u{B1}',
        "times" => '\u{D7}',
        "divide" => '\u{F7}',
        "minus" => '\u{2212}',
        "le" => '\u{2264}',
        "ge" => '\u{2265}',
        "ne" => '\u{2260}',
        "asymp" => '\u{2248}',
        "infin" => '\u{221E}',
        "larr" => '\u{2190}',
        "uarr" => '\u{2191}',
        "rarr" => '\u{2192}',
        "darr" => '\u{2193}',
        "harr" => '\u{2194}',
        "lArr" => '\u{21D0}',
        "rArr" => '\u{21D2}',
        "hArr" => '\u{21D4}',
        "euro" => '\u{20AC}',
        "pound" => '\u{A3}',
        "yen" => '\u{A5}',
        "cent" => '\u{A2}',
        "sect" => '\u{A7}',
        "para" => '\u{B6}',
        "iexcl" => '\u{A1}',
        "iquest" => '\u{BF}',
        "micro" => '\u{B5}',
        "frac12" => '\u{BD}',
        "frac14" => '\u{BC}',
        "frac34" => '\u{BE}',
        "sup2" => '\u{B2}',
        "sup3" => '\u{B3}',
        _ => return None,
    })
}

// ---------------------------------------------------------------------------------------------
// Tree
// ---------------------------------------------------------------------------------------------

#[derive(Debug)]
enum Node {
    Text(String),
    Element(Element),
}

#[derive(Debug)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

impl Element {
    fn new(name: &str) -> Self {
        Element {
            name: name.to_string(),
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Deeper elements are flattened into their parent, which bounds recursion while rendering.
const MAX_DEPTH: usize = 100;

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Elements that start a new block (paragraph, list, ...) rather than flowing with the text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "aside"
            | "header"
            | "footer"
            | "main"
            | "nav"
            | "address"
            | "blockquote"
            | "center"
            | "details"
            | "summary"
            | "dialog"
            | "figure"
            | "figcaption"
            | "form"
            | "fieldset"
            | "table"
            | "caption"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "menu"
            | "dir"
            | "pre"
            | "listing"
            | "xmp"
            | "plaintext"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "hr"
            | "note"
            | "important"
            | "warning"
            | "fullname"
            | "html"
            | "body"
    )
}

fn parse(html: &str) -> Element {
    let mut stack = vec![Element::new("#root")];
    for token in tokenize(html) {
        match token {
            Token::Text(text) => {
                if let Some(top) = stack.last_mut() {
                    match top.children.last_mut() {
                        Some(Node::Text(previous)) => previous.push_str(&text),
                        _ => top.children.push(Node::Text(text)),
                    }
                }
            }
            Token::Start {
                name,
                attrs,
                self_closing,
            } => {
                if is_block(&name) {
                    while stack.len() > 1 && stack.last().is_some_and(|e| !is_block(&e.name)) {
                        close_top(&mut stack);
                    }
                }
                match name.as_str() {
                    "li" => close_open(&mut stack, &["li"], &["ul", "ol", "menu", "dir", "dl"]),
                    "dt" | "dd" => close_open(&mut stack, &["dt", "dd"], &["dl", "ul", "ol"]),
                    _ => {}
                }
                let element = Element {
                    name,
                    attrs,
                    children: Vec::new(),
                };
                if self_closing || is_void(&element.name) || stack.len() >= MAX_DEPTH {
                    if let Some(top) = stack.last_mut() {
                        top.children.push(Node::Element(element));
                    }
                } else {
                    stack.push(element);
                }
            }
            Token::End(name) => match stack.iter().rposition(|e| e.name == name) {
                Some(index) if index > 0 => {
                    while stack.len() > index {
                        close_top(&mut stack);
                    }
                }
                // Like browsers: a stray `</br>` is a line break and a stray `</p>` ends a paragraph.
                _ if name == "br" || name == "p" => {
                    if let Some(top) = stack.last_mut() {
                        top.children.push(Node::Element(Element::new(&name)));
                    }
                }
                _ => {}
            },
        }
    }
    while stack.len() > 1 {
        close_top(&mut stack);
    }
    stack.pop().unwrap_or_else(|| Element::new("#root"))
}

fn close_top(stack: &mut Vec<Element>) {
    if stack.len() > 1 {
        if let Some(element) = stack.pop() {
            if let Some(parent) = stack.last_mut() {
                parent.children.push(Node::Element(element));
            }
        }
    }
}

/// Closes the nearest open element named in `targets`, unless one of `boundaries` is nearer.
fn close_open(stack: &mut Vec<Element>, targets: &[&str], boundaries: &[&str]) {
    for index in (1..stack.len()).rev() {
        let name = stack[index].name.as_str();
        if targets.contains(&name) {
            while stack.len() > index {
                close_top(stack);
            }
            return;
        }
        if boundaries.contains(&name) {
            return;
        }
    }
}

/// The text of a node and its descendants; `<br>` and blocks become line breaks.
fn raw_text(node: &Node, out: &mut String) {
    match node {
        Node::Text(text) => out.push_str(text),
        Node::Element(element) => {
            let block = is_block(&element.name);
            if element.name == "br" || block {
                out.push('\n');
            }
            for child in &element.children {
                raw_text(child, out);
            }
            if block {
                out.push('\n');
            }
        }
    }
}

fn raw_text_of(element: &Element) -> String {
    let mut out = String::new();
    for child in &element.children {
        raw_text(child, &mut out);
    }
    out
}

/// Control characters, the byte order mark and bidirectional overrides (which rustc rejects in
/// string literals): dropped from text.
fn is_invisible(c: char) -> bool {
    c.is_control() || matches!(c, '\u{FEFF}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Collapses whitespace runs to one space, trims, and drops invisible characters.
fn collapse_whitespace(text: &str) -> String {
    text.split(char::is_whitespace)
        .map(|word| {
            word.chars()
                .filter(|&c| !is_invisible(c))
                .collect::<String>()
        })
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_absolute_url(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    ["http://", "https://", "ftp://"]
        .iter()
        .any(|scheme| lower.len() > scheme.len() && lower.starts_with(scheme))
        || (lower.len() > "mailto:".len() && lower.starts_with("mailto:"))
}

// ---------------------------------------------------------------------------------------------
// Inline content
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Emph {
    Bold,
    Italic,
}

impl Emph {
    fn marker(self) -> &'static str {
        match self {
            Emph::Bold => "**",
            Emph::Italic => "*",
        }
    }
}

#[derive(Debug)]
enum Piece {
    /// Text without whitespace, not yet escaped.
    Word(String),
    /// Code span content (whitespace collapsed, not empty).
    Code(String),
    /// Finished Markdown (links).
    Raw(String),
    Space,
    Break,
    Open(Emph, usize),
    Close(Emph, usize),
}

#[derive(Debug, Clone, Copy, Default)]
struct Ctx {
    in_link: bool,
    single_line: bool,
    bold: bool,
    italic: bool,
}

#[derive(Debug, Default)]
struct Inline {
    pieces: Vec<Piece>,
    next_id: usize,
}

impl Inline {
    fn text(&mut self, text: &str) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.space();
            } else if is_invisible(c) {
                // Dropped: see `is_invisible`.
            } else if let Some(Piece::Word(word)) = self.pieces.last_mut() {
                word.push(c);
            } else {
                self.pieces.push(Piece::Word(c.to_string()));
            }
        }
    }

    fn space(&mut self) {
        if !matches!(self.pieces.last(), Some(Piece::Space)) {
            self.pieces.push(Piece::Space);
        }
    }

    fn edge_is_space<'a>(mut pieces: impl Iterator<Item = &'a Piece>) -> bool {
        pieces
            .find(|p| !matches!(p, Piece::Open(..) | Piece::Close(..)))
            .is_some_and(|p| matches!(p, Piece::Space | Piece::Break))
    }

    fn starts_with_space(&self) -> bool {
        Self::edge_is_space(self.pieces.iter())
    }

    fn ends_with_space(&self) -> bool {
        Self::edge_is_space(self.pieces.iter().rev())
    }

    fn children(&mut self, element: &Element, ctx: Ctx) {
        for child in &element.children {
            self.collect(child, ctx);
        }
    }

    fn emphasis(&mut self, kind: Emph, element: &Element, ctx: Ctx) {
        let (active, inner) = match kind {
            Emph::Bold => (ctx.bold, Ctx { bold: true, ..ctx }),
            Emph::Italic => (
                ctx.italic,
                Ctx {
                    italic: true,
                    ..ctx
                },
            ),
        };
        if active {
            self.children(element, ctx);
            return;
        }
        let id = self.next_id;
        self.next_id += 1;
        self.pieces.push(Piece::Open(kind, id));
        self.children(element, inner);
        self.pieces.push(Piece::Close(kind, id));
    }

    fn collect(&mut self, node: &Node, ctx: Ctx) {
        let element = match node {
            Node::Text(text) => return self.text(text),
            Node::Element(element) => element,
        };
        match element.name.as_str() {
            "br" if ctx.single_line => self.space(),
            "br" => self.pieces.push(Piece::Break),
            "code" | "tt" | "kbd" | "samp" => self.code(element, ctx),
            "a" => self.link(element, ctx),
            "b" | "strong" => self.emphasis(Emph::Bold, element, ctx),
            "i" | "em" | "cite" | "dfn" | "var" => self.emphasis(Emph::Italic, element, ctx),
            "img" => {
                if let Some(alt) = element.attr("alt") {
                    self.text(alt);
                }
            }
            "script" | "style" => {}
            name if is_block(name) => {
                self.space();
                self.children(element, ctx);
                self.space();
            }
            _ => self.children(element, ctx),
        }
    }

    fn code(&mut self, element: &Element, ctx: Ctx) {
        // `<code><a href="...">Name</a></code>`: a link whose text is code.
        if !ctx.in_link {
            let mut significant = element.children.iter().filter(|child| match child {
                Node::Text(text) => !text.trim().is_empty(),
                Node::Element(_) => true,
            });
            if let (Some(Node::Element(link)), None) = (significant.next(), significant.next()) {
                let href = link.attr("href").unwrap_or("").trim();
                if link.name == "a" && is_absolute_url(href) {
                    let raw = raw_text_of(element);
                    let content = collapse_whitespace(&raw);
                    let mut inner = Inline::default();
                    if !content.is_empty() {
                        inner.pieces.push(Piece::Code(content.clone()));
                    }
                    self.push_link(href, inner, &content, &raw);
                    return;
                }
            }
        }
        let raw = raw_text_of(element);
        let content = collapse_whitespace(&raw);
        if raw.starts_with(char::is_whitespace) {
            self.space();
        }
        if !content.is_empty() {
            // Adjacent code spans read as one (two would run together as "`a``b`").
            match self.pieces.last_mut() {
                Some(Piece::Code(previous)) => previous.push_str(&content),
                _ => self.pieces.push(Piece::Code(content)),
            }
            if raw.ends_with(char::is_whitespace) {
                self.space();
            }
        }
    }

    fn link(&mut self, element: &Element, ctx: Ctx) {
        let href = element.attr("href").unwrap_or("").trim();
        if ctx.in_link || !is_absolute_url(href) {
            return self.children(element, ctx);
        }
        let mut inner = Inline::default();
        let inner_ctx = Ctx {
            in_link: true,
            single_line: true,
            ..ctx
        };
        inner.children(element, inner_ctx);
        let raw = raw_text_of(element);
        let plain = collapse_whitespace(&raw);
        self.push_link(href, inner, &plain, &raw);
    }

    fn push_link(&mut self, href: &str, inner: Inline, plain: &str, raw: &str) {
        let lead = inner.starts_with_space() || raw.starts_with(char::is_whitespace);
        let trail = inner.ends_with_space() || raw.ends_with(char::is_whitespace);
        let text = resolve(inner.pieces, false).trim().to_string();
        if lead {
            self.space();
        }
        self.pieces
            .push(Piece::Raw(link_markdown(&text, plain, href)));
        if trail {
            self.space();
        }
    }
}

fn link_markdown(text: &str, plain: &str, href: &str) -> String {
    let autolink_safe = !href
        .chars()
        .any(|c| c.is_whitespace() || is_invisible(c) || matches!(c, '<' | '>' | '`'));
    if (text.is_empty() || plain == href) && autolink_safe {
        return format!("<{href}>");
    }
    let text = if text.is_empty() {
        escape_text(href, false)
    } else {
        text.to_string()
    };
    format!("[{text}]({})", encode_destination(href))
}

fn encode_destination(href: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(href.len());
    for (i, c) in href.char_indices() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '[' => out.push_str("%5B"),
            ']' => out.push_str("%5D"),
            '`' => out.push_str("%60"),
            '\\' => out.push_str("%5C"),
            '"' => out.push_str("%22"),
            '&' if looks_like_entity(&href[i + 1..]) => out.push_str("&amp;"),
            c if c.is_whitespace() || is_invisible(c) => {
                let mut buf = [0; 4];
                for byte in c.encode_utf8(&mut buf).bytes() {
                    out.push('%');
                    out.push(char::from(HEX[usize::from(byte >> 4)]));
                    out.push(char::from(HEX[usize::from(byte & 0xF)]));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether `&` followed by `rest` would be read as an entity reference by Markdown.
fn looks_like_entity(rest: &str) -> bool {
    let body: String = rest.chars().take(34).collect();
    let Some(semi) = body.find(';') else {
        return false;
    };
    let name = &body[..semi];
    match name.strip_prefix('#') {
        Some(number) => match number.strip_prefix(['x', 'X']) {
            Some(hex) => !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()),
            None => !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()),
        },
        None => !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric()),
    }
}

/// Escapes text so Markdown shows it literally; bare URLs become autolinks when `autolink`.
fn escape_text(text: &str, autolink: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let after_word = i > 0 && chars[i - 1].is_alphanumeric();
        if autolink && matches!(c, 'h' | 'H' | 'f' | 'F') {
            if let Some(len) = url_len(&chars[i..]) {
                out.push('<');
                out.extend(&chars[i..i + len]);
                out.push('>');
                i += len;
                continue;
            }
        }
        match c {
            '\\' | '`' | '*' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '_' => {
                let before_word = chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
                if !(after_word && before_word) {
                    out.push('\\');
                }
                out.push('_');
            }
            // `--` would become a dash with rustdoc's smart punctuation.
            '-' if i > 0 && chars[i - 1] == '-' => out.push_str("\\-"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => {
                let rest: String = chars[i + 1..].iter().take(34).collect();
                if looks_like_entity(&rest) {
                    out.push_str("&amp;");
                } else {
                    out.push('&');
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// Length in chars of a bare URL at the start of `chars`, if there is one.
fn url_len(chars: &[char]) -> Option<usize> {
    let prefix: String = chars
        .iter()
        .take(8)
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme = ["https://", "http://", "ftp://"]
        .into_iter()
        .find(|scheme| prefix.starts_with(scheme))?;
    let mut len = chars
        .iter()
        .take_while(|c| {
            !c.is_whitespace()
                && !c.is_control()
                && !matches!(c, '<' | '>' | '"' | '`' | '{' | '}' | '|' | '\\' | '^')
        })
        .count();
    loop {
        let url = &chars[..len];
        let count = |c: char| url.iter().filter(|&&x| x == c).count();
        match url.last() {
            Some('.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' | '_' | '~') => len -= 1,
            Some(')') if count(')') > count('(') => len -= 1,
            Some(']') if count(']') > count('[') => len -= 1,
            _ => break,
        }
    }
    (len > scheme.len()).then_some(len)
}

/// A code span whose delimiters cannot clash with backticks in the content.
fn code_span(content: &str) -> String {
    let longest = longest_run(content, '`');
    let fence = "`".repeat(longest + 1);
    let pad = if content.starts_with('`') || content.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{content}{pad}{fence}")
}

fn longest_run(text: &str, target: char) -> usize {
    let mut longest = 0;
    let mut current = 0;
    for c in text.chars() {
        if c == target {
            current += 1;
            longest = longest.max(current);
        } else {
            current = 0;
        }
    }
    longest
}

fn is_punctuation(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// Whether a `*` run between `prev` and `next` is left-flanking (can open emphasis).
fn can_open(prev: Option<char>, next: Option<char>) -> bool {
    match next {
        None => false,
        Some(n) if n.is_whitespace() => false,
        Some(n) => {
            !is_punctuation(n) || prev.is_none_or(|p| p.is_whitespace() || is_punctuation(p))
        }
    }
}

/// Whether a `*` run between `prev` and `next` is right-flanking (can close emphasis).
fn can_close(prev: Option<char>, next: Option<char>) -> bool {
    can_open(next, prev)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
enum Sep {
    #[default]
    None,
    Space,
    Break,
}

/// What lies between two pieces of content: closing markers, a separator, opening markers.
#[derive(Debug, Default)]
struct Run {
    closes: Vec<(Emph, usize)>,
    sep: Sep,
    opens: Vec<(Emph, usize)>,
}

/// Renders inline pieces to Markdown; `\n` marks hard line breaks.
fn resolve(pieces: Vec<Piece>, autolink: bool) -> String {
    // Emphasis pairs without content are dropped.
    let mut empty = HashSet::new();
    let mut stack: Vec<(usize, bool)> = Vec::new();
    for piece in &pieces {
        match piece {
            Piece::Word(_) | Piece::Code(_) | Piece::Raw(_) => {
                if let Some(top) = stack.last_mut() {
                    top.1 = true;
                }
            }
            Piece::Open(_, id) => stack.push((*id, false)),
            Piece::Close(..) => {
                if let Some((id, has_content)) = stack.pop() {
                    if !has_content {
                        empty.insert(id);
                    } else if let Some(parent) = stack.last_mut() {
                        parent.1 = true;
                    }
                }
            }
            Piece::Space | Piece::Break => {}
        }
    }

    // Content alternates with runs; within a run, closing markers go before whitespace and
    // opening markers after it (after dropping empty pairs, closes always precede opens).
    let mut contents: Vec<String> = Vec::new();
    let mut runs = vec![Run::default()];
    for piece in pieces {
        let content = match piece {
            Piece::Word(word) => escape_text(&word, autolink),
            Piece::Code(code) => code_span(&code),
            Piece::Raw(raw) => raw,
            other => {
                if let Some(run) = runs.last_mut() {
                    match other {
                        Piece::Space => run.sep = run.sep.max(Sep::Space),
                        Piece::Break => run.sep = run.sep.max(Sep::Break),
                        Piece::Open(kind, id) if !empty.contains(&id) => run.opens.push((kind, id)),
                        Piece::Close(kind, id) if !empty.contains(&id) => {
                            run.closes.push((kind, id));
                        }
                        _ => {}
                    }
                }
                continue;
            }
        };
        if !content.is_empty() {
            contents.push(content);
            runs.push(Run::default());
        }
    }

    // `**a****b**` would confuse Markdown: adjacent same-kind markers merge the two pairs.
    let mut alias: HashMap<usize, usize> = HashMap::new();
    for run in &mut runs {
        if run.sep != Sep::None {
            continue;
        }
        while let (Some(&(close_kind, close_id)), Some(&(open_kind, open_id))) =
            (run.closes.last(), run.opens.first())
        {
            if close_kind != open_kind {
                break;
            }
            alias.insert(open_id, close_id);
            run.closes.pop();
            run.opens.remove(0);
        }
    }
    let root = |mut id: usize| {
        while let Some(&next) = alias.get(&id) {
            id = next;
        }
        id
    };

    // Pairs whose markers Markdown would not read as emphasis are dropped; so are pairs that
    // open right where others close, as one run of `*` there reads ambiguously.
    let mut invalid = HashSet::new();
    for run in &runs {
        if run.sep == Sep::None && !run.closes.is_empty() {
            invalid.extend(run.opens.iter().map(|&(_, id)| root(id)));
        }
    }
    for (i, run) in runs.iter().enumerate() {
        let prev = i
            .checked_sub(1)
            .and_then(|j| contents.get(j))
            .and_then(|c| c.chars().last());
        let next = contents.get(i).and_then(|c| c.chars().next());
        let (close_next, open_prev) = match run.sep {
            Sep::None => (next, prev),
            Sep::Space | Sep::Break => (Some(' '), Some(' ')),
        };
        for &(_, id) in &run.closes {
            if !can_close(prev, close_next) {
                invalid.insert(root(id));
            }
        }
        for &(_, id) in &run.opens {
            if !can_open(open_prev, next) {
                invalid.insert(root(id));
            }
        }
    }

    let mut out = String::new();
    for (i, run) in runs.iter().enumerate() {
        for &(kind, id) in &run.closes {
            if !invalid.contains(&root(id)) {
                out.push_str(kind.marker());
            }
        }
        if i > 0 && i < contents.len() {
            match run.sep {
                Sep::None => {}
                Sep::Space => out.push(' '),
                Sep::Break => out.push('\n'),
            }
        }
        for &(kind, id) in &run.opens {
            if !invalid.contains(&root(id)) {
                out.push_str(kind.marker());
            }
        }
        if let Some(content) = contents.get(i) {
            // `!` right before a link would make it an image.
            if content.starts_with('[') && out.ends_with('!') {
                out.pop();
                out.push_str("\\!");
            }
            out.push_str(content);
        }
    }
    out
}

/// Makes paragraph text from resolved inline Markdown: trimmed lines, block syntax at line starts
/// escaped, hard line breaks as a trailing backslash.
fn finish_paragraph(text: &str) -> String {
    text.split('\n')
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(escape_line_start)
        .collect::<Vec<_>>()
        .join("\\\n")
}

/// Escapes what would start a heading, list, thematic break or setext underline.
fn escape_line_start(line: &str) -> String {
    let bytes = line.as_bytes();
    if matches!(bytes.first(), Some(b'#' | b'-' | b'+' | b'=')) {
        return format!("\\{line}");
    }
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if (1..=9).contains(&digits)
        && matches!(bytes.get(digits), Some(b'.' | b')'))
        && matches!(bytes.get(digits + 1), None | Some(b' ' | b'\t'))
    {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    line.to_string()
}

// ---------------------------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------------------------

#[derive(Debug)]
enum Block {
    /// Finished paragraph Markdown (lines joined by hard breaks).
    Paragraph(String),
    Heading(usize, String),
    List {
        ordered: bool,
        items: Vec<Vec<Block>>,
    },
    Code(String),
    Quote(Vec<Block>),
}

fn flush_paragraph(inline: &mut Inline, out: &mut Vec<Block>) {
    let pieces = std::mem::take(&mut inline.pieces);
    let text = finish_paragraph(&resolve(pieces, true));
    if !text.is_empty() {
        out.push(Block::Paragraph(text));
    }
}

fn blocks_of<'a>(nodes: impl IntoIterator<Item = &'a Node>, out: &mut Vec<Block>) {
    let mut inline = Inline::default();
    for node in nodes {
        match node {
            Node::Element(element) if is_block(&element.name) => {
                flush_paragraph(&mut inline, out);
                block_element(element, out);
            }
            _ => inline.collect(node, Ctx::default()),
        }
    }
    flush_paragraph(&mut inline, out);
}

fn block_element(element: &Element, out: &mut Vec<Block>) {
    match element.name.as_str() {
        "ul" | "ol" | "menu" | "dir" => {
            let items = list_items(element);
            if !items.is_empty() {
                out.push(Block::List {
                    ordered: element.name == "ol",
                    items,
                });
            }
        }
        "li" => {
            let mut item = Vec::new();
            blocks_of(&element.children, &mut item);
            if !item.is_empty() {
                out.push(Block::List {
                    ordered: false,
                    items: vec![item],
                });
            }
        }
        "dl" => {
            let items = definition_items(element);
            if !items.is_empty() {
                out.push(Block::List {
                    ordered: false,
                    items,
                });
            }
        }
        "pre" | "listing" | "xmp" | "plaintext" => {
            if let Some(code) = preformatted(element) {
                out.push(Block::Code(code));
            }
        }
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            let level = usize::from(element.name.as_bytes()[1] - b'0');
            let mut inline = Inline::default();
            let ctx = Ctx {
                single_line: true,
                ..Ctx::default()
            };
            inline.children(element, ctx);
            let mut text = resolve(inline.pieces, true).trim().to_string();
            if text.ends_with('#') || text.ends_with('}') {
                let last = text.pop().unwrap_or('#');
                text.push('\\');
                text.push(last);
            }
            if !text.is_empty() {
                out.push(Block::Heading(level, text));
            }
        }
        "note" | "important" | "warning" => {
            let label = match element.name.as_str() {
                "note" => "**Note:**",
                "important" => "**Important:**",
                _ => "**Warning:**",
            };
            let mut inner = Vec::new();
            blocks_of(&element.children, &mut inner);
            if inner.is_empty() {
                return;
            }
            match inner.first_mut() {
                Some(Block::Paragraph(text)) => *text = format!("{label} {text}"),
                _ => inner.insert(0, Block::Paragraph(label.to_string())),
            }
            out.extend(inner);
        }
        "blockquote" => {
            let mut inner = Vec::new();
            blocks_of(&element.children, &mut inner);
            if !inner.is_empty() {
                out.push(Block::Quote(inner));
            }
        }
        "hr" => {}
        _ => blocks_of(&element.children, out),
    }
}

fn list_items(list: &Element) -> Vec<Vec<Block>> {
    let mut items = Vec::new();
    let mut loose: Vec<&Node> = Vec::new();
    let push = |nodes: &mut Vec<&Node>, items: &mut Vec<Vec<Block>>| {
        let mut item = Vec::new();
        blocks_of(nodes.drain(..), &mut item);
        if !item.is_empty() {
            items.push(item);
        }
    };
    for child in &list.children {
        match child {
            Node::Element(li) if li.name == "li" => {
                push(&mut loose, &mut items);
                let mut item = Vec::new();
                blocks_of(&li.children, &mut item);
                if !item.is_empty() {
                    items.push(item);
                }
            }
            other => loose.push(other),
        }
    }
    push(&mut loose, &mut items);
    items
}

/// `<dl>` becomes a bulleted list: each term in bold, followed by its definitions.
fn definition_items(list: &Element) -> Vec<Vec<Block>> {
    let mut items: Vec<Vec<Block>> = Vec::new();
    let mut current: Vec<Block> = Vec::new();
    let mut loose: Vec<&Node> = Vec::new();
    for child in &list.children {
        match child {
            Node::Element(dt) if dt.name == "dt" => {
                blocks_of(loose.drain(..), &mut current);
                if !current.is_empty() {
                    items.push(std::mem::take(&mut current));
                }
                let mut inline = Inline::default();
                inline.emphasis(Emph::Bold, dt, Ctx::default());
                flush_paragraph(&mut inline, &mut current);
            }
            Node::Element(dd) if dd.name == "dd" => {
                blocks_of(loose.drain(..), &mut current);
                blocks_of(&dd.children, &mut current);
            }
            other => loose.push(other),
        }
    }
    blocks_of(loose.drain(..), &mut current);
    if !current.is_empty() {
        items.push(current);
    }
    items
}

fn preformatted(element: &Element) -> Option<String> {
    let mut raw = String::new();
    for child in &element.children {
        raw_text(child, &mut raw);
    }
    let raw = raw
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ");
    let lines: Vec<String> = raw
        .split('\n')
        .map(|line| {
            line.chars()
                .filter(|&c| !is_invisible(c))
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect();
    let first = lines.iter().position(|line| !line.is_empty())?;
    let last = lines.iter().rposition(|line| !line.is_empty())?;
    let lines = &lines[first..=last];
    let indent = lines
        .iter()
        .filter(|line| !line.is_empty())
        .map(|line| line.len() - line.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    let dedented: Vec<&str> = lines
        .iter()
        .map(|line| line.get(indent..).unwrap_or(""))
        .collect();
    Some(dedented.join("\n"))
}

fn render_blocks(blocks: &[Block], in_item: bool, out: &mut Vec<String>) {
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            // Inside a list item a nested list hugs the paragraph before it.
            let tight = in_item
                && matches!(blocks[i - 1], Block::Paragraph(_))
                && matches!(block, Block::List { .. });
            if !tight {
                out.push(String::new());
            }
        }
        match block {
            Block::Paragraph(text) => out.extend(text.split('\n').map(str::to_string)),
            Block::Heading(level, text) => out.push(format!("{} {text}", "#".repeat(*level))),
            Block::Code(code) => {
                let fence = "`".repeat(longest_run(code, '`').max(2) + 1);
                out.push(format!("{fence}text"));
                out.extend(code.split('\n').map(str::to_string));
                out.push(fence);
            }
            Block::List { ordered, items } => {
                for (n, item) in items.iter().enumerate() {
                    let marker = if *ordered {
                        format!("{}.", n + 1)
                    } else {
                        "-".to_string()
                    };
                    let indent = " ".repeat(marker.len() + 1);
                    let mut lines = Vec::new();
                    render_blocks(item, true, &mut lines);
                    for (j, line) in lines.into_iter().enumerate() {
                        out.push(if j == 0 {
                            format!("{marker} {line}")
                        } else if line.is_empty() {
                            line
                        } else {
                            format!("{indent}{line}")
                        });
                    }
                }
            }
            Block::Quote(inner) => {
                let mut lines = Vec::new();
                render_blocks(inner, false, &mut lines);
                out.extend(lines.into_iter().map(|line| {
                    if line.is_empty() {
                        ">".to_string()
                    } else {
                        format!("> {line}")
                    }
                }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::html_to_markdown as md;
    use std::path::{Path, PathBuf};

    #[test]
    fn empty_and_whitespace_input() {
        assert_eq!(md(""), "");
        assert_eq!(md("   \n\t  "), "");
        assert_eq!(md("<p></p><p> </p><ul><li> </li></ul><note></note>"), "");
    }

    #[test]
    fn plain_text() {
        assert_eq!(
            md("Represents an engagement in AWS Partner Central"),
            "Represents an engagement in AWS Partner Central"
        );
        assert_eq!(md("  Spread\n   over\tlines  "), "Spread over lines");
    }

    #[test]
    fn paragraphs() {
        assert_eq!(
            md("<p>One.</p>\n   <p>Two\n  lines.</p>"),
            "One.\n\nTwo lines."
        );
        assert_eq!(md("Text <p>inside</p> after"), "Text\n\ninside\n\nafter");
        assert_eq!(md("<div><p>in div</p>tail</div>"), "in div\n\ntail");
        assert_eq!(
            md("<fullname>Amazon DynamoDB</fullname><p>Hi</p>"),
            "Amazon DynamoDB\n\nHi"
        );
    }

    #[test]
    fn line_breaks() {
        assert_eq!(
            md("<p>one<br/>two<br><br/>three<br/></p>"),
            "one\\\ntwo\\\nthree"
        );
        assert_eq!(md("<p><br/>lead</p>"), "lead");
    }

    #[test]
    fn bold_and_italic() {
        assert_eq!(
            md("<p>A <b>bold</b>, <strong>strong</strong>, <i>it</i> and <em>em</em>.</p>"),
            "A **bold**, **strong**, *it* and *em*."
        );
        // Whitespace moves outside the markers; empty and nested duplicates vanish.
        assert_eq!(
            md("a<b> b </b>c <i></i>d <b><b>e</b></b>"),
            "a **b** c d **e**"
        );
        assert_eq!(md("<b>x<i>y</i></b>z"), "**x*y***z");
        // Adjacent pairs of one kind merge.
        assert_eq!(md("<b>a</b><b>b</b>"), "**ab**");
        // Markers Markdown would not read as emphasis are dropped, not shown as stars.
        assert_eq!(md("<b>Note:</b>Next"), "Note:Next");
        assert_eq!(md("<b>a</b><i>b</i>"), "**a**b");
    }

    #[test]
    fn lists() {
        assert_eq!(md("<ul><li>a</li><li>b</li></ul>"), "- a\n- b");
        assert_eq!(
            md("<ul>\n <li>\n  <p>One</p>\n  <ul><li>a</li><li>b</li></ul>\n </li>\n <li><p>Two</p></li>\n</ul>"),
            "- One\n  - a\n  - b\n- Two"
        );
        assert_eq!(
            md("<ol><li>a</li><li>b<ol><li>c</li></ol></li></ol>"),
            "1. a\n2. b\n   1. c"
        );
        assert_eq!(
            md("<ul><li><p>para</p><p>more</p></li><li></li><li>x</li></ul>"),
            "- para\n\n  more\n- x"
        );
        assert_eq!(
            md("<p>Intro</p><ul><li>a</li></ul><p>Outro</p>"),
            "Intro\n\n- a\n\nOutro"
        );
        assert_eq!(md("<ul><li><ul><li>inner</li></ul></li></ul>"), "- - inner");
        let items: String = (1..=10).map(|i| format!("<li>i{i}</li>")).collect();
        let out = md(&format!("<ol>{items}<li>last<p>more</p></li></ol>"));
        assert!(out.starts_with("1. i1\n2. i2\n"), "{out}");
        assert!(out.ends_with("10. i10\n11. last\n\n    more"), "{out}");
    }

    #[test]
    fn unclosed_list_items_and_stray_content() {
        assert_eq!(md("<ul><li>a<li>b</ul>"), "- a\n- b");
        assert_eq!(md("<ul>loose<li>item</li></ul>"), "- loose\n- item");
        assert_eq!(md("<li>stray</li>"), "- stray");
    }

    #[test]
    fn definition_lists() {
        assert_eq!(
            md("<dl><dt>Term</dt><dd>Meaning</dd><dt>Other</dt><dd><p>More</p></dd></dl>"),
            "- **Term**\n\n  Meaning\n- **Other**\n\n  More"
        );
    }

    #[test]
    fn code_spans() {
        assert_eq!(md("<p>Use <code>PutItem</code>.</p>"), "Use `PutItem`.");
        assert_eq!(md("<code>a`b</code>"), "``a`b``");
        assert_eq!(md("<code>`x</code>"), "`` `x ``");
        assert_eq!(md("<code>``</code>"), "``` `` ```");
        // Nothing inside code is escaped; whitespace collapses.
        assert_eq!(
            md("<code>[a] *b* _c_ &lt;p&gt; &amp;amp;\n   d</code>"),
            "`[a] *b* _c_ <p> &amp; d`"
        );
        assert_eq!(md("<code> spaced </code>x"), "`spaced` x");
        assert_eq!(md("<code>a</code><code>b</code> <code></code>"), "`ab`");
        assert_eq!(
            md("<code>\"SS\": [\"Giraffe\", \"Hippo\"]</code>"),
            "`\"SS\": [\"Giraffe\", \"Hippo\"]`"
        );
    }

    #[test]
    fn preformatted_blocks_are_text_fences() {
        assert_eq!(
            md("<pre><code>\n    fn main() {\n        x\n    }\n</code></pre>"),
            "```text\nfn main() {\n    x\n}\n```"
        );
        assert_eq!(md("<pre>a ``` b</pre>"), "````text\na ``` b\n````");
        assert_eq!(
            md("<ul><li>item<pre>code\n  more</pre></li></ul>"),
            "- item\n\n  ```text\n  code\n    more\n  ```"
        );
        assert_eq!(md("<pre>  </pre>"), "");
    }

    #[test]
    fn links() {
        assert_eq!(
            md(r#"See <a href="https://docs.aws.amazon.com/x.html">the guide</a>."#),
            "See [the guide](https://docs.aws.amazon.com/x.html)."
        );
        // Relative, fragment and empty hrefs keep only the text.
        assert_eq!(
            md(
                r##"<a href="/rel">rel</a> <a href="#frag">frag</a> <a href="">empty</a> <a>none</a>"##
            ),
            "rel frag empty none"
        );
        // A link without text, or whose text is its address, is an autolink.
        assert_eq!(md(r#"<a href="https://x.com/a"></a>"#), "<https://x.com/a>");
        assert_eq!(
            md(r#"<a href="https://x.com/a">https://x.com/a</a>"#),
            "<https://x.com/a>"
        );
        assert_eq!(
            md(r#"<a href="https://x.com/a b(c)">odd</a>"#),
            "[odd](https://x.com/a%20b%28c%29)"
        );
        assert_eq!(
            md(r#"<a href="mailto:a@example.com">mail</a>"#),
            "[mail](mailto:a@example.com)"
        );
        assert_eq!(
            md(r#"x<a href="https://x.com"> <code>Get</code> [1] </a>y"#),
            "x [`Get` \\[1\\]](https://x.com) y"
        );
        assert_eq!(
            md(r#"<code><a href="https://x.com">Get</a></code>"#),
            "[`Get`](https://x.com)"
        );
        assert_eq!(
            md(r#"<b><a href="https://x.com">bold link</a></b>"#),
            "**[bold link](https://x.com)**"
        );
    }

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            md("See https://example.com/a_b. Or (http://example.org/x)."),
            "See <https://example.com/a_b>. Or (<http://example.org/x>)."
        );
        assert_eq!(md("<p>https://</p>"), "https://");
        // Not inside code.
        assert_eq!(md("<code>https://x.com</code>"), "`https://x.com`");
    }

    #[test]
    fn entities() {
        assert_eq!(
            md("<p>a &amp; b &lt;tag&gt; &quot;q&quot; &#39;s&#39; x&nbsp;y &#x41;&#66; &copy; &bogus; &amp;lt;</p>"),
            "a & b &lt;tag&gt; \"q\" 's' x y AB \u{a9} &amp;bogus; &amp;lt;"
        );
        assert_eq!(md("&amp &lt"), "& &lt;");
        assert_eq!(md("&#0;&#xD800;"), "\u{fffd}\u{fffd}");
        // Control characters, BOMs and bidirectional overrides (rejected by rustc) are dropped.
        assert_eq!(md("a\u{202E}b\u{FEFF}c\u{7}&#x2066;d"), "abcd");
    }

    #[test]
    fn notes_and_important() {
        assert_eq!(md("<note><p>Careful.</p></note>"), "**Note:** Careful.");
        assert_eq!(md("<note>Plain</note>"), "**Note:** Plain");
        assert_eq!(
            md("<p>Intro</p><important><ul><li>a</li></ul></important>"),
            "Intro\n\n**Important:**\n\n- a"
        );
        assert_eq!(md("<note><p>a</p><p>b</p></note>"), "**Note:** a\n\nb");
        assert_eq!(
            md("<ul><li><note>in list</note></li></ul>"),
            "- **Note:** in list"
        );
    }

    #[test]
    fn brackets_never_form_links() {
        assert_eq!(
            md("<p>[foo] [a](b) [x][y] ![i](z) [^1]</p>"),
            "\\[foo\\] \\[a\\](b) \\[x\\]\\[y\\] !\\[i\\](z) \\[^1\\]"
        );
    }

    #[test]
    fn markdown_characters_are_escaped() {
        assert_eq!(
            md("*a* _b_ snake_case `c` a|b ~d~ back\\slash --opt"),
            "\\*a\\* \\_b\\_ snake_case \\`c\\` a\\|b \\~d\\~ back\\\\slash -\\-opt"
        );
        assert_eq!(
            md("5 &gt; 3 &lt; 4 &amp;copy;"),
            "5 &gt; 3 &lt; 4 &amp;copy;"
        );
    }

    #[test]
    fn block_syntax_at_line_start_is_escaped() {
        assert_eq!(md("# no"), "\\# no");
        assert_eq!(md("- no"), "\\- no");
        assert_eq!(md("+ no"), "\\+ no");
        assert_eq!(md("1. no"), "1\\. no");
        assert_eq!(md("2) no"), "2\\) no");
        assert_eq!(md("1986."), "1986\\.");
        assert_eq!(md("&gt; no"), "&gt; no");
        assert_eq!(md("a<br/>==="), "a\\\n\\===");
        assert_eq!(md("<ul><li>- [ ] task</li></ul>"), "- \\- \\[ \\] task");
        assert_eq!(md("<p>        indented</p>"), "indented");
    }

    #[test]
    fn unknown_tags_are_dropped_and_text_kept() {
        assert_eq!(
            md("<p>Unknown <foo>tags</foo> <bar/> <baz attr=\"x>y\">kept</baz></p>"),
            "Unknown tags kept"
        );
        assert_eq!(
            md("x <span>s</span> H<sub>2</sub>O <!-- hidden --> <script>bad()</script>y"),
            "x s H2O y"
        );
        assert_eq!(
            md("a < b and c<3 and <![CDATA[<raw>]]>"),
            "a &lt; b and c&lt;3 and &lt;raw&gt;"
        );
    }

    #[test]
    fn unbalanced_tags() {
        assert_eq!(
            md("<p>unbalanced <b>bold <i>both</p> after"),
            "unbalanced **bold *both***\n\nafter"
        );
        assert_eq!(md("text</b></i></ul> more</p>tail"), "text more\n\ntail");
        assert_eq!(md("<p>open <code>code"), "open `code`");
        assert_eq!(
            md(r#"<a href="https://x.com"#),
            "&lt;a href=\"<https://x.com>"
        );
    }

    #[test]
    fn headings_quotes_and_tables() {
        assert_eq!(md("<h2>Title</h2><p>Body</p>"), "## Title\n\nBody");
        assert_eq!(md("<h1>Ends #</h1>"), "# Ends \\#");
        assert_eq!(
            md("<blockquote><p>q</p><ul><li>l</li></ul></blockquote>"),
            "> q\n>\n> - l"
        );
        assert_eq!(md("<table><tr><td>a</td><td>b</td></tr></table>"), "a\n\nb");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = format!(
            "{}deep{}",
            "<b><i><span>".repeat(5000),
            "</span></i></b>".repeat(5000)
        );
        assert_eq!(md(&deep), "***deep***");
        let lists = format!("{}x{}", "<ul><li>".repeat(3000), "</li></ul>".repeat(3000));
        assert!(md(&lists).ends_with("- x"));
    }

    /// Each `<` outside code must start an autolink; lines have no trailing whitespace.
    fn check_markdown(html: &str, out: &str) {
        assert!(
            !out.starts_with('\n') && !out.ends_with('\n'),
            "blank edge lines for {html:?}:\n{out}"
        );
        let mut fence: Option<String> = None;
        for line in out.lines() {
            assert_eq!(
                line,
                line.trim_end(),
                "trailing whitespace for {html:?}:\n{out}"
            );
            // Past quote and list markers: a fence is backticks and `text`, closed by the same backticks.
            let body = line.trim_start_matches(|c: char| {
                matches!(c, '>' | ' ' | '-' | '.') || c.is_ascii_digit()
            });
            if let Some(open) = &fence {
                if body == open {
                    fence = None;
                }
                continue;
            }
            if let Some(ticks) = body.strip_suffix("text") {
                if ticks.len() >= 3 && ticks.chars().all(|c| c == '`') {
                    fence = Some(ticks.to_string());
                    continue;
                }
            }
            let chars: Vec<char> = line.chars().collect();
            let mut i = 0;
            while i < chars.len() {
                match chars[i] {
                    '\\' => i += 2,
                    '`' => {
                        let run = chars[i..].iter().take_while(|&&c| c == '`').count();
                        let mut j = i + run;
                        let mut closed = None;
                        while j < chars.len() {
                            let next = chars[j..].iter().take_while(|&&c| c == '`').count();
                            if next == run {
                                closed = Some(j + run);
                                break;
                            }
                            j += next.max(1);
                        }
                        i = closed.unwrap_or(i + run);
                    }
                    '<' => {
                        let rest: String = chars[i + 1..].iter().collect::<String>().to_lowercase();
                        assert!(
                            ["http://", "https://", "ftp://", "mailto:"]
                                .iter()
                                .any(|scheme| rest.starts_with(scheme)),
                            "HTML left outside code for {html:?}:\n{out}"
                        );
                        i += rest.find('>').map_or(chars.len(), |end| end + 2);
                    }
                    _ => i += 1,
                }
            }
        }
        assert!(fence.is_none(), "unclosed fence for {html:?}:\n{out}");
    }

    #[test]
    fn never_panics_on_truncated_or_random_input() {
        let sample = "<fullname>X</fullname><p>A <b>b <i>c</i></b> <code>d`</code> \
            <a href=\"https://x.com/a_b\">e</a> &amp;&lt;&#39;</p><ul><li><p>f</p><ol><li>g</li></ol></li></ul>\
            <note>h<pre>i\n  j</pre></note><dl><dt>k</dt><dd>l</dd></dl><!-- m --><h3>n</h3>";
        for (i, _) in sample.char_indices() {
            let out = md(&sample[..i]);
            check_markdown(&sample[..i], &out);
        }
        let fragments = [
            "<p>",
            "</p>",
            "<ul>",
            "<ol>",
            "<li>",
            "</li>",
            "</ul>",
            "</ol>",
            "<b>",
            "</b>",
            "<i>",
            "</i>",
            "<code>",
            "</code>",
            "<a href=\"https://example.com/x\">",
            "<a href=\"rel\">",
            "</a>",
            "<br/>",
            "<pre>",
            "</pre>",
            "<note>",
            "</note>",
            "<dl>",
            "<dt>",
            "<dd>",
            "<h2>",
            "</h2>",
            "<blockquote>",
            "</blockquote>",
            "text",
            "word",
            " ",
            "\n    ",
            "&amp;",
            "&lt;",
            "&gt;",
            "&#96;",
            "*",
            "_",
            "`",
            "[",
            "]",
            "#",
            "-",
            "1.",
            "=",
            "~",
            "|",
            "\\",
            "<",
            ">",
            "&",
            "<!--",
            "-->",
            "https://example.com/a_b",
            "\u{e9}",
            "\u{a0}",
            "\"",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % bound as u64).unwrap_or(0)
        };
        for _ in 0..3000 {
            let len = 1 + next(40);
            let html: String = (0..len).map(|_| fragments[next(fragments.len())]).collect();
            let out = md(&html);
            check_markdown(&html, &out);
        }
    }

    fn models_dir() -> Option<PathBuf> {
        let mut candidates = Vec::new();
        if let Some(dir) = std::env::var_os("SMITHY_MODELS_DIR") {
            candidates.push(PathBuf::from(dir));
        }
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        candidates.push(manifest.join("../../shared/models"));
        candidates.push(manifest.join("../shared/models"));
        candidates.into_iter().find(|dir| dir.is_dir())
    }

    fn documentation(value: &serde_json::Value) -> Option<&str> {
        value
            .get("traits")
            .and_then(|traits| traits.get("smithy.api#documentation"))
            .and_then(serde_json::Value::as_str)
    }

    #[test]
    fn every_model_documentation_string_converts_cleanly() {
        let Some(dir) = models_dir() else {
            println!("skipped: no shared/models directory (set SMITHY_MODELS_DIR)");
            return;
        };
        let files = [
            "partnercentral-selling-2022-07-26.json",
            "dynamodb-2012-08-10.json",
            "dynamodb-streams-2012-08-10.json",
        ];
        for file in files {
            let path = dir.join(file);
            let Ok(text) = std::fs::read_to_string(&path) else {
                println!("skipped {}: not readable", path.display());
                continue;
            };
            let model: serde_json::Value = serde_json::from_str(&text).expect("model is JSON");
            let shapes = model["shapes"].as_object().expect("model has shapes");
            let mut count = 0;
            for shape in shapes.values() {
                let members = shape.get("members").and_then(serde_json::Value::as_object);
                let docs = std::iter::once(documentation(shape))
                    .chain(
                        members
                            .into_iter()
                            .flat_map(|m| m.values().map(documentation)),
                    )
                    .flatten();
                for html in docs {
                    count += 1;
                    let out = md(html);
                    check_markdown(html, &out);
                    for tag in [
                        "<p>", "</", "<code>", "<a ", "<ul>", "<li>", "<note>", "<b>", "<i>",
                    ] {
                        assert!(!out.contains(tag), "{tag} left for {html:?}:\n{out}");
                    }
                    if html.contains("<p>") && html.contains(|c: char| c.is_alphanumeric()) {
                        assert!(
                            !out.trim().is_empty() || html.contains("<p></p>"),
                            "{html:?}"
                        );
                    }
                }
            }
            assert!(count > 0, "{file} has documentation");
            println!("{file}: {count} documentation strings converted");
        }
    }
}
