//! `@pattern` values (ECMA 262 regular expressions) lowered to what the runtime checks: the Rust
//! `regex` crate's syntax, plus character-count bounds for what `regex` cannot express.
//!
//! - A leading look-ahead `^(?=.{m,n}$)` (the only look-around the `regex` crate would need)
//!   becomes the bounds `m..=n` and the pattern `^` + the rest. Its `.` excludes line terminators,
//!   so the value must have none. Any other look-around is an error.
//! - A whole pattern `^(?s).{m,n}$` (or `^.{m,n}$`) is only a length check: no regex is left.
//! - `.` outside dot-all mode becomes "not a line terminator" (`\n`, `\r`, U+2028, U+2029), as in
//!   ECMA 262; `\d`, `\w`, `\s` and their negations become ECMA's (ASCII, resp. ECMA white space)
//!   classes instead of `regex`'s Unicode ones, and `\b`, `\B` ASCII word boundaries; `&`, `~`
//!   and `[` inside a class are escaped because `regex` reads `&&`, `~~` and nested classes as
//!   set operations.
//! - Patterns are not anchored: like ECMA `RegExp.prototype.test`, the runtime searches.
//!
//! The result is compiled here, with the same `regex` features the runtime uses, so a pattern that
//! cannot be checked fails generation (naming the shape and the pattern), never a call.

/// A pattern ready for the runtime.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LoweredPattern {
    /// The pattern as the model writes it.
    pub model: String,
    /// The Rust regex for what remains; `None` when the bounds say everything.
    pub regex: Option<String>,
    /// Inclusive character-count bounds from a look-ahead or a whole-pattern `.{m,n}`.
    pub chars: Option<(u64, u64)>,
    /// The value must hold no line terminator (the look-ahead's `.` was not dot-all).
    pub single_line: bool,
}

/// ECMA 262 `\s`: WhiteSpace and LineTerminator code points, as the body of a class.
const ECMA_SPACE: &str =
    r"\t\n\x0B\x0C\r \xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF";
const ECMA_DIGIT: &str = "0-9";
const ECMA_WORD: &str = "0-9A-Za-z_";
/// What ECMA's `.` matches outside dot-all mode.
const NOT_LINE_TERMINATOR: &str = r"[^\n\r\u2028\u2029]";

/// Lowers and compiles `pattern`; the error says what cannot be expressed.
pub fn lower(pattern: &str) -> Result<LoweredPattern, String> {
    let mut chars = None;
    let mut single_line = false;
    let mut rest = pattern.to_string();
    if let Some(after) = pattern.strip_prefix("^(?=.{") {
        if let Some((bounds, tail)) = after.split_once("}$)") {
            chars = Some(parse_bounds(bounds).ok_or_else(|| {
                format!(
                    "the look-ahead `^(?=.{{{bounds}}}$)` has bounds that are not `m,n` numbers"
                )
            })?);
            single_line = true;
            rest = format!("^{tail}");
        }
    }
    for look_around in ["(?=", "(?!", "(?<=", "(?<!"] {
        if rest.contains(look_around) {
            return Err(format!(
                "look-around `{look_around}...)` is not supported by the `regex` crate (only a \
                 leading `^(?=.{{m,n}}$)` is lowered to a length check)"
            ));
        }
    }
    // A pattern that is nothing but a character count.
    for (prefix, dot_all) in [("^(?s).{", true), ("^.{", false)] {
        if let Some(bounds) = rest.strip_prefix(prefix).and_then(|r| r.strip_suffix("}$")) {
            if let Some((min, max)) = parse_bounds(bounds) {
                let (min, max) = match chars {
                    Some((a, b)) => (min.max(a), max.min(b)),
                    None => (min, max),
                };
                return Ok(LoweredPattern {
                    model: pattern.to_string(),
                    regex: None,
                    chars: Some((min, max)),
                    single_line: single_line || !dot_all,
                });
            }
        }
    }
    let regex = translate(&rest)?;
    regex::Regex::new(&regex)
        .map_err(|e| format!("the `regex` crate cannot compile it (as `{regex}`): {e}"))?;
    Ok(LoweredPattern {
        model: pattern.to_string(),
        regex: Some(regex),
        chars,
        single_line,
    })
}

/// `m,n` or `m,` (no upper bound) or `n` (exactly).
fn parse_bounds(bounds: &str) -> Option<(u64, u64)> {
    match bounds.split_once(',') {
        Some((min, "")) => Some((min.parse().ok()?, u64::MAX)),
        Some((min, max)) => {
            let (min, max) = (min.parse().ok()?, max.parse().ok()?);
            (min <= max).then_some((min, max))
        }
        None => {
            let n = bounds.parse().ok()?;
            Some((n, n))
        }
    }
}

/// Java's POSIX classes (`\p{Print}`, `\p{Alnum}`, ...), which AWS models use and which are ASCII
/// only in Java, as `regex`'s ASCII classes (`[[:print:]]`). `None` (nothing consumed) for any
/// other escape, such as a Unicode category `\p{L}`, which `regex` reads itself.
fn java_posix_class(
    escaped: char,
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    in_class: bool,
) -> Option<String> {
    if escaped != 'p' && escaped != 'P' {
        return None;
    }
    let mut ahead = chars.clone();
    if ahead.next() != Some('{') {
        return None;
    }
    let name: String = ahead.by_ref().take_while(|c| *c != '}').collect();
    let class = match name.as_str() {
        "Lower" => "lower",
        "Upper" => "upper",
        "ASCII" => "ascii",
        "Alpha" => "alpha",
        "Digit" => "digit",
        "Alnum" => "alnum",
        "Punct" => "punct",
        "Graph" => "graph",
        "Print" => "print",
        "Blank" => "blank",
        "Cntrl" => "cntrl",
        "XDigit" => "xdigit",
        "Space" => "space",
        _ => return None,
    };
    *chars = ahead;
    let negated = if escaped == 'P' { "^" } else { "" };
    Some(if in_class {
        format!("[:{negated}{class}:]")
    } else {
        format!("[[:{negated}{class}:]]")
    })
}

/// Reads the four hex digits of a `\uXXXX` escape (the `\u` already read).
fn hex4(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<u32, String> {
    let digits: String = chars.by_ref().take(4).collect();
    if digits.len() == 4 {
        if let Ok(unit) = u32::from_str_radix(&digits, 16) {
            return Ok(unit);
        }
    }
    Err(format!(
        "`\\u{digits}` is not a `\\u` escape with four hex digits"
    ))
}

/// A `\uXXXX` escape as `regex`'s `\x{...}`. A UTF-16 surrogate pair written as two escapes
/// (`\uD800\uDC00`) is the one code point it encodes (U+10000), as Java's regexes read it (the
/// AWS models spell supplementary ranges this way); a lone surrogate is no character at all.
fn unicode_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<String, String> {
    let unit = hex4(chars)?;
    let code_point = match unit {
        0xD800..=0xDBFF => {
            let mut ahead = chars.clone();
            let low = if ahead.next() == Some('\\') && ahead.next() == Some('u') {
                hex4(&mut ahead)
                    .ok()
                    .filter(|low| (0xDC00..=0xDFFF).contains(low))
            } else {
                None
            };
            let Some(low) = low else {
                return Err(format!(
                    "`\\u{unit:04X}` is a lone UTF-16 high surrogate, which matches no character"
                ));
            };
            *chars = ahead;
            0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        }
        0xDC00..=0xDFFF => {
            return Err(format!(
                "`\\u{unit:04X}` is a lone UTF-16 low surrogate, which matches no character"
            ))
        }
        unit => unit,
    };
    Ok(format!("\\x{{{code_point:X}}}"))
}

/// ECMA 262 syntax -> `regex` syntax (see the module docs for what changes).
fn translate(pattern: &str) -> Result<String, String> {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut in_class = false;
    // Dot-all flag per open group; `(?s)` sets it for the rest of the enclosing group.
    let mut dot_all = vec![false];
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(escaped) = chars.next() else {
                    return Err("it ends with a lone `\\`".to_string());
                };
                if escaped == 'u' {
                    out.push_str(&unicode_escape(&mut chars)?);
                    continue;
                }
                if let Some(posix) = java_posix_class(escaped, &mut chars, in_class) {
                    out.push_str(&posix);
                    continue;
                }
                let class = match escaped {
                    'd' | 'D' => Some(ECMA_DIGIT),
                    'w' | 'W' => Some(ECMA_WORD),
                    's' | 'S' => Some(ECMA_SPACE),
                    _ => None,
                };
                match (class, in_class) {
                    (Some(class), true) if escaped.is_ascii_lowercase() => out.push_str(class),
                    (Some(_), true) => {
                        return Err(format!(
                            "`\\{escaped}` inside a character class has no `regex` equivalent"
                        ))
                    }
                    (Some(class), false) if escaped.is_ascii_lowercase() => {
                        out.push('[');
                        out.push_str(class);
                        out.push(']');
                    }
                    (Some(class), false) => {
                        out.push_str("[^");
                        out.push_str(class);
                        out.push(']');
                    }
                    // ECMA word boundaries are ASCII ones.
                    (None, false) if escaped == 'b' || escaped == 'B' => {
                        out.push_str("(?-u:\\");
                        out.push(escaped);
                        out.push(')');
                    }
                    (None, _) => {
                        out.push('\\');
                        out.push(escaped);
                    }
                }
            }
            '[' if in_class => out.push_str(r"\["),
            '&' | '~' if in_class => {
                out.push('\\');
                out.push(c);
            }
            '[' => {
                in_class = true;
                out.push('[');
                // A `]` or `^]` right after `[` is ECMA's empty (or everything) class, and a
                // literal `]` in `regex`: refuse rather than change the meaning.
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
                if chars.peek() == Some(&']') {
                    return Err(
                        "an empty character class (`[]` or `[^]`) has no `regex` equivalent"
                            .to_string(),
                    );
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '.' if !in_class => {
                if *dot_all.last().unwrap_or(&false) {
                    out.push('.');
                } else {
                    out.push_str(NOT_LINE_TERMINATOR);
                }
            }
            '(' if !in_class => {
                let inherited = *dot_all.last().unwrap_or(&false);
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with("?s)") {
                    // `(?s)`: dot-all from here to the end of the enclosing group.
                    for _ in 0..3 {
                        chars.next();
                    }
                    if let Some(flag) = dot_all.last_mut() {
                        *flag = true;
                    }
                    out.push_str("(?s)");
                } else {
                    // `(?s:...)`: dot-all inside the group only.
                    dot_all.push(inherited || rest.starts_with("?s:"));
                    out.push('(');
                }
            }
            ')' if !in_class => {
                if dot_all.len() > 1 {
                    dot_all.pop();
                }
                out.push(')');
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regex(pattern: &str) -> String {
        lower(pattern).unwrap().regex.unwrap()
    }

    #[test]
    fn a_leading_look_ahead_becomes_bounds() {
        let p = lower(r"^(?=.{1,64}$)[a-z]+$").unwrap();
        assert_eq!(p.chars, Some((1, 64)));
        assert!(p.single_line);
        assert_eq!(p.regex.as_deref(), Some("^[a-z]+$"));
    }

    #[test]
    fn a_pure_length_pattern_needs_no_regex() {
        let p = lower(r"^(?s).{0,120}$").unwrap();
        assert_eq!(
            (p.regex, p.chars, p.single_line),
            (None, Some((0, 120)), false)
        );
        let p = lower(r"^.{1,255}$").unwrap();
        assert_eq!(
            (p.regex, p.chars, p.single_line),
            (None, Some((1, 255)), true)
        );
    }

    #[test]
    fn ecma_classes_and_dot_are_translated() {
        assert_eq!(regex(r"^\d{12}$"), "^[0-9]{12}$");
        assert_eq!(regex(r"[\w+=/,.@-]+"), "[0-9A-Za-z_+=/,.@-]+");
        assert_eq!(regex(r"^arn:.*$"), r"^arn:[^\n\r\u2028\u2029]*$");
        assert_eq!(regex(r"^(?s)a.b$"), "^(?s)a.b$");
        assert_eq!(regex(r"[&~]\W"), r"[\&\~][^0-9A-Za-z_]");
        assert_eq!(regex(r"(a(?s).)."), r"(a(?s).)[^\n\r\u2028\u2029]");
        assert_eq!(regex(r"\bword\B"), r"(?-u:\b)word(?-u:\B)");
        let boundary = regex::Regex::new(&regex(r"\bé")).unwrap();
        // ECMA: `é` is not a word character, so a boundary is next to `a`, not next to a space.
        assert!(!boundary.is_match(" é"));
        assert!(boundary.is_match("aé"));
    }

    #[test]
    fn unicode_escapes_and_surrogate_pairs_become_code_points() {
        assert_eq!(
            regex(r"^[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\r\n\t]*$"),
            r"^[\x{20}-\x{D7FF}\x{E000}-\x{FFFD}\x{10000}-\x{10FFFF}\r\n\t]*$"
        );
        let re = regex::Regex::new(&regex(r"^[\u0020-\uD7FF\uD800\uDC00-\uDBFF\uDFFF]*$")).unwrap();
        assert!(re.is_match("plain text \u{1F600} \u{10FFFF}"));
        assert!(!re.is_match("bell \u{7}"));
        for lone in [r"\uD800", r"[\uDC00]", r"\uD800x", r"\u12"] {
            assert!(lower(lone).is_err(), "{lone}");
        }
    }

    #[test]
    fn java_posix_classes_are_ascii_classes() {
        assert_eq!(regex(r"^\p{Print}+$"), r"^[[:print:]]+$");
        assert_eq!(regex(r"[\p{Alnum}_\P{Space}]"), r"[[:alnum:]_[:^space:]]");
        assert_eq!(regex(r"\p{L}\p{Lu}"), r"\p{L}\p{Lu}");
        let re = regex::Regex::new(&regex(r"^\p{Print}+$")).unwrap();
        assert!(re.is_match("policy-name 1~"));
        assert!(!re.is_match("tab\there"));
        assert!(!re.is_match("caf\u{e9}"));
    }

    #[test]
    fn what_regex_cannot_express_is_an_error_naming_it() {
        let e = lower(r"^(?<!a)b").unwrap_err();
        assert!(e.contains("look-around `(?<!"), "{e}");
        let e = lower(r"^(a)\1$").unwrap_err();
        assert!(e.contains("cannot compile"), "{e}");
        let e = lower(r"[\D]").unwrap_err();
        assert!(e.contains(r"`\D` inside a character class"), "{e}");
        assert!(lower("[]").is_err());
    }
}
