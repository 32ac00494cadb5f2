//! A parser for the JMESPath subset that waiter acceptor paths use (see [`crate::waiters`], which
//! compiles the syntax tree into typed Rust at generation time; nothing interprets JMESPath at run
//! time).
//!
//! Precedence follows the JMESPath reference grammar's binding powers, so a path means what it
//! means elsewhere: `||` < `&&` < comparisons < `[]` flatten < `[?]` filter < `.` < `!`. In
//! particular `a[].b[]` flattens the projected list again, `!a == b` is `(!a) == b`, and a
//! projection keeps going through `.` and `[?..]` but stops at a comparison or `&&`.
//!
//! Valid JMESPath outside the subset (indexes, slices, wildcards, multi-selects, pipes, functions
//! other than `length`) is [`ParseError::Unsupported`]; a syntax error is [`ParseError::Invalid`].

use serde_json::Value;

/// A JMESPath syntax tree (the subset).
#[derive(Debug, Clone, PartialEq)]
pub enum Ast {
    /// `@`, and the implicit right side of a projection with nothing after it.
    Current,
    /// A member of the current value.
    Field(String),
    /// `left.right`: `right` evaluated on the value of `left`.
    Sub(Box<Ast>, Box<Ast>),
    /// `left[]`: a list whose list elements are merged into it.
    Flatten(Box<Ast>),
    /// `right` evaluated on each element of the list `left`, dropping nulls.
    Projection(Box<Ast>, Box<Ast>),
    /// `left[?condition]right`: the elements of `left` for which `condition` is truthy, each
    /// projected through `right`.
    Filter {
        list: Box<Ast>,
        condition: Box<Ast>,
        then: Box<Ast>,
    },
    /// A raw string or JSON literal.
    Literal(Value),
    Compare(Comparison, Box<Ast>, Box<Ast>),
    And(Box<Ast>, Box<Ast>),
    Or(Box<Ast>, Box<Ast>),
    Not(Box<Ast>),
    /// `length(x)`.
    Length(Box<Ast>),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Why a path was not parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Valid JMESPath the generator does not compile.
    Unsupported(String),
    /// Not JMESPath.
    Invalid(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Identifier(String),
    Literal(Value),
    Dot,
    At,
    Flatten,
    FilterOpen,
    LBracket,
    RBracket,
    LParen,
    RParen,
    Comma,
    Compare(Comparison),
    And,
    Or,
    Not,
    /// A token of JMESPath syntax outside the subset (`*`, `|`, `{`, `&`, numbers, ...).
    Other(String),
    Eof,
}

impl Token {
    /// The JMESPath reference binding power of a token that continues an expression.
    fn binding_power(&self) -> u8 {
        match self {
            Token::Or => 2,
            Token::And => 3,
            Token::Compare(_) => 5,
            Token::Flatten => 9,
            Token::FilterOpen => 21,
            Token::Dot => 40,
            Token::LBracket => 55,
            Token::Other(s) if s == "|" => 1,
            Token::Other(s) if s == "*" || s == "{" => 20,
            _ => 0,
        }
    }

    fn describe(&self) -> String {
        match self {
            Token::Identifier(s) => format!("`{s}`"),
            Token::Literal(v) => format!("literal {v}"),
            Token::Dot => "`.`".into(),
            Token::At => "`@`".into(),
            Token::Flatten => "`[]`".into(),
            Token::FilterOpen => "`[?`".into(),
            Token::LBracket => "`[`".into(),
            Token::RBracket => "`]`".into(),
            Token::LParen => "`(`".into(),
            Token::RParen => "`)`".into(),
            Token::Comma => "`,`".into(),
            Token::Compare(c) => format!("`{}`", c.symbol()),
            Token::And => "`&&`".into(),
            Token::Or => "`||`".into(),
            Token::Not => "`!`".into(),
            Token::Other(s) => format!("`{s}`"),
            Token::Eof => "the end".into(),
        }
    }
}

impl Comparison {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Eq => "==",
            Comparison::Ne => "!=",
            Comparison::Lt => "<",
            Comparison::Le => "<=",
            Comparison::Gt => ">",
            Comparison::Ge => ">=",
        }
    }
}

fn tokenize(path: &str) -> Result<Vec<Token>, ParseError> {
    let invalid = |what: String| Err(ParseError::Invalid(what));
    let chars: Vec<char> = path.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        i += 1;
        let token = match (c, next) {
            (' ' | '\t' | '\n' | '\r', _) => continue,
            ('a'..='z' | 'A'..='Z' | '_', _) => {
                let start = i - 1;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                Token::Identifier(chars[start..i].iter().collect())
            }
            ('"', _) => {
                // A quoted identifier is a JSON string.
                let start = i - 1;
                while i < chars.len() && chars[i] != '"' {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
                if i >= chars.len() {
                    return invalid("an unterminated quoted identifier".into());
                }
                i += 1;
                let text: String = chars[start..i].iter().collect();
                match serde_json::from_str::<String>(&text) {
                    Ok(name) => Token::Identifier(name),
                    Err(e) => return invalid(format!("bad quoted identifier {text}: {e}")),
                }
            }
            ('\'', _) => {
                // A raw string: `\'` is a quote, `\\` a backslash, other escapes stay as written.
                let mut text = String::new();
                loop {
                    match (chars.get(i), chars.get(i + 1)) {
                        (None, _) => return invalid("an unterminated raw string".into()),
                        (Some('\''), _) => break,
                        (Some('\\'), Some(&e @ ('\'' | '\\'))) => {
                            text.push(e);
                            i += 1;
                        }
                        (Some(&c), _) => text.push(c),
                    }
                    i += 1;
                }
                i += 1;
                Token::Literal(Value::String(text))
            }
            ('`', _) => {
                // A JSON literal; "\`" is a backtick inside it.
                let mut text = String::new();
                loop {
                    match (chars.get(i), chars.get(i + 1)) {
                        (None, _) => return invalid("an unterminated literal".into()),
                        (Some('`'), _) => break,
                        (Some('\\'), Some('`')) => {
                            text.push('`');
                            i += 1;
                        }
                        (Some(&c), _) => text.push(c),
                    }
                    i += 1;
                }
                i += 1;
                match serde_json::from_str::<Value>(text.trim()) {
                    Ok(value) => Token::Literal(value),
                    Err(e) => return invalid(format!("literal `{text}` is not JSON: {e}")),
                }
            }
            ('.', _) => Token::Dot,
            ('@', _) => Token::At,
            ('[', Some(']')) => {
                i += 1;
                Token::Flatten
            }
            ('[', Some('?')) => {
                i += 1;
                Token::FilterOpen
            }
            ('[', _) => Token::LBracket,
            (']', _) => Token::RBracket,
            ('(', _) => Token::LParen,
            (')', _) => Token::RParen,
            (',', _) => Token::Comma,
            ('=', Some('=')) => {
                i += 1;
                Token::Compare(Comparison::Eq)
            }
            ('!', Some('=')) => {
                i += 1;
                Token::Compare(Comparison::Ne)
            }
            ('<', Some('=')) => {
                i += 1;
                Token::Compare(Comparison::Le)
            }
            ('>', Some('=')) => {
                i += 1;
                Token::Compare(Comparison::Ge)
            }
            ('<', _) => Token::Compare(Comparison::Lt),
            ('>', _) => Token::Compare(Comparison::Gt),
            ('!', _) => Token::Not,
            ('&', Some('&')) => {
                i += 1;
                Token::And
            }
            ('|', Some('|')) => {
                i += 1;
                Token::Or
            }
            ('|' | '*' | '{' | '}' | '&' | ':' | '$', _) => Token::Other(c.to_string()),
            ('-' | '0'..='9', _) => {
                let start = i - 1;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                Token::Other(chars[start..i].iter().collect())
            }
            (c, _) => return invalid(format!("unexpected character `{c}`")),
        };
        tokens.push(token);
    }
    tokens.push(Token::Eof);
    Ok(tokens)
}

/// Parses an acceptor path.
pub fn parse(path: &str) -> Result<Ast, ParseError> {
    let mut parser = Parser {
        tokens: tokenize(path)?,
        pos: 0,
    };
    let ast = parser.expression(0)?;
    match parser.peek() {
        Token::Eof => Ok(ast),
        t => Err(parser.unexpected(&t.clone())),
    }
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

/// Projections continue through tokens that bind at least this tightly.
const PROJECTION_STOP: u8 = 10;

impl Parser {
    fn peek(&self) -> &Token {
        &self.tokens[self.pos]
    }

    fn advance(&mut self) -> Token {
        let t = self.tokens[self.pos].clone();
        if t != Token::Eof {
            self.pos += 1;
        }
        t
    }

    fn expect(&mut self, want: Token) -> Result<(), ParseError> {
        let got = self.advance();
        if got == want {
            Ok(())
        } else {
            Err(ParseError::Invalid(format!(
                "expected {}, found {}",
                want.describe(),
                got.describe()
            )))
        }
    }

    /// An error for a token that cannot come here: unsupported when it is JMESPath syntax the
    /// subset leaves out, invalid otherwise.
    fn unexpected(&self, t: &Token) -> ParseError {
        match t {
            Token::Other(s) => {
                let what = match s.as_str() {
                    "|" => "pipe expressions (`|`)",
                    "*" => "wildcards (`*`)",
                    "{" => "multi-select hashes (`{..}`)",
                    "&" => "expression references (`&`)",
                    _ => return ParseError::Invalid(format!("unexpected {}", t.describe())),
                };
                ParseError::Unsupported(format!("{what} are not supported"))
            }
            Token::LBracket => ParseError::Unsupported(
                "indexes, slices and multi-select lists (`[..]`) are not supported".into(),
            ),
            _ => ParseError::Invalid(format!("unexpected {}", t.describe())),
        }
    }

    fn expression(&mut self, rbp: u8) -> Result<Ast, ParseError> {
        let mut left = self.prefix()?;
        while rbp < self.peek().binding_power() {
            left = self.infix(left)?;
        }
        Ok(left)
    }

    fn prefix(&mut self) -> Result<Ast, ParseError> {
        let t = self.advance();
        Ok(match t {
            Token::Identifier(name) if *self.peek() == Token::LParen => self.function(name)?,
            Token::Identifier(name) => Ast::Field(name),
            Token::At => Ast::Current,
            Token::Literal(v) => Ast::Literal(v),
            Token::Not => Ast::Not(Box::new(self.expression(45)?)),
            Token::LParen => {
                let inner = self.expression(0)?;
                self.expect(Token::RParen)?;
                inner
            }
            Token::Flatten => {
                let rhs = self.projection_rhs(9)?;
                Ast::Projection(
                    Box::new(Ast::Flatten(Box::new(Ast::Current))),
                    Box::new(rhs),
                )
            }
            Token::FilterOpen => self.filter(Ast::Current)?,
            t => return Err(self.unexpected(&t)),
        })
    }

    fn infix(&mut self, left: Ast) -> Result<Ast, ParseError> {
        let t = self.advance();
        Ok(match t {
            Token::Dot => {
                let rhs = self.after_dot(40)?;
                Ast::Sub(Box::new(left), Box::new(rhs))
            }
            Token::Flatten => {
                let rhs = self.projection_rhs(9)?;
                Ast::Projection(Box::new(Ast::Flatten(Box::new(left))), Box::new(rhs))
            }
            Token::FilterOpen => self.filter(left)?,
            Token::Or => Ast::Or(Box::new(left), Box::new(self.expression(2)?)),
            Token::And => Ast::And(Box::new(left), Box::new(self.expression(3)?)),
            Token::Compare(op) => {
                let right = self.expression(5)?;
                if let Token::Compare(_) = self.peek() {
                    return Err(ParseError::Unsupported(
                        "chained comparisons are not supported (add parentheses)".into(),
                    ));
                }
                Ast::Compare(op, Box::new(left), Box::new(right))
            }
            t => return Err(self.unexpected(&t)),
        })
    }

    /// `[?condition]` (already consumed `[?`) and the projection after it.
    fn filter(&mut self, list: Ast) -> Result<Ast, ParseError> {
        let condition = self.expression(0)?;
        self.expect(Token::RBracket)?;
        let then = self.projection_rhs(21)?;
        Ok(Ast::Filter {
            list: Box::new(list),
            condition: Box::new(condition),
            then: Box::new(then),
        })
    }

    /// What a projection applies to each element.
    fn projection_rhs(&mut self, rbp: u8) -> Result<Ast, ParseError> {
        match self.peek() {
            t if t.binding_power() < PROJECTION_STOP => Ok(Ast::Current),
            Token::Dot => {
                self.advance();
                self.after_dot(rbp)
            }
            Token::FilterOpen | Token::LBracket => self.expression(rbp),
            t => Err(self.unexpected(&t.clone())),
        }
    }

    /// The member after a `.`, and what binds tighter than `rbp` after it.
    fn after_dot(&mut self, rbp: u8) -> Result<Ast, ParseError> {
        let mut left = match self.advance() {
            Token::Identifier(_) if *self.peek() == Token::LParen => {
                return Err(ParseError::Unsupported(
                    "function calls after `.` are not supported".into(),
                ))
            }
            Token::Identifier(name) => Ast::Field(name),
            Token::LBracket | Token::Other(_) => {
                return Err(ParseError::Unsupported(
                    "multi-selects and wildcards after `.` are not supported".into(),
                ))
            }
            t => {
                return Err(ParseError::Invalid(format!(
                    "expected a member name after `.`, found {}",
                    t.describe()
                )))
            }
        };
        while rbp < self.peek().binding_power() {
            left = self.infix(left)?;
        }
        Ok(left)
    }

    /// A function call (the name is consumed, `(` is next).
    fn function(&mut self, name: String) -> Result<Ast, ParseError> {
        self.expect(Token::LParen)?;
        let mut args = Vec::new();
        if *self.peek() != Token::RParen {
            loop {
                args.push(self.expression(0)?);
                if *self.peek() == Token::Comma {
                    self.advance();
                } else {
                    break;
                }
            }
        }
        self.expect(Token::RParen)?;
        match (name.as_str(), args.len()) {
            ("length", 1) => Ok(Ast::Length(Box::new(args.remove(0)))),
            ("length", n) => Err(ParseError::Invalid(format!(
                "length() takes one argument, not {n}"
            ))),
            _ => Err(ParseError::Unsupported(format!(
                "the function `{name}()` is not supported (only `length()`)"
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn field(n: &str) -> Box<Ast> {
        Box::new(Ast::Field(n.into()))
    }

    fn sub(a: Box<Ast>, b: Box<Ast>) -> Box<Ast> {
        Box::new(Ast::Sub(a, b))
    }

    fn lit(v: Value) -> Box<Ast> {
        Box::new(Ast::Literal(v))
    }

    fn cmp(op: Comparison, a: Box<Ast>, b: Box<Ast>) -> Box<Ast> {
        Box::new(Ast::Compare(op, a, b))
    }

    fn length(a: Box<Ast>) -> Box<Ast> {
        Box::new(Ast::Length(a))
    }

    #[test]
    fn member_chains_and_projections() {
        assert_eq!(
            parse("Table.TableStatus").unwrap(),
            *sub(field("Table"), field("TableStatus"))
        );
        assert_eq!(
            parse("Parts[].State").unwrap(),
            Ast::Projection(Box::new(Ast::Flatten(field("Parts"))), field("State"))
        );
        // `a[].b[].c`: the second `[]` flattens the first projection's result.
        let first = Ast::Projection(Box::new(Ast::Flatten(field("a"))), field("b"));
        assert_eq!(
            parse("a[].b[].c").unwrap(),
            Ast::Projection(Box::new(Ast::Flatten(Box::new(first))), field("c"))
        );
        // A projection continues through `.`: `a[].b.c` projects `b.c`.
        assert_eq!(
            parse("a[].b.c").unwrap(),
            Ast::Projection(
                Box::new(Ast::Flatten(field("a"))),
                sub(field("b"), field("c"))
            )
        );
        assert_eq!(
            parse("\"quoted name\"").unwrap(),
            Ast::Field("quoted name".into())
        );
        assert_eq!(parse("@").unwrap(), Ast::Current);
    }

    #[test]
    fn filters_comparisons_and_boolean_operators() {
        // `||` binds looser than `&&`, `!` tighter than comparisons.
        assert_eq!(
            parse("a || b && c").unwrap(),
            Ast::Or(field("a"), Box::new(Ast::And(field("b"), field("c"))))
        );
        assert_eq!(
            parse("!a == b").unwrap(),
            *cmp(Comparison::Eq, Box::new(Ast::Not(field("a"))), field("b"))
        );
        assert_eq!(
            parse("(a || b) && !(c)").unwrap(),
            Ast::And(
                Box::new(Ast::Or(field("a"), field("b"))),
                Box::new(Ast::Not(field("c")))
            )
        );
        for (text, op) in [
            ("==", Comparison::Eq),
            ("!=", Comparison::Ne),
            ("<", Comparison::Lt),
            ("<=", Comparison::Le),
            (">", Comparison::Gt),
            (">=", Comparison::Ge),
        ] {
            assert_eq!(
                parse(&format!("Size {text} `10`")).unwrap(),
                *cmp(op, field("Size"), lit(json!(10)))
            );
        }
        assert_eq!(
            parse("Items[?State == 'it''s' ]").unwrap_err(),
            ParseError::Invalid("expected `]`, found literal \"s\"".into())
        );
        assert_eq!(
            parse(r"Items[?Name != 'it\'s \\ \n'].Size").unwrap(),
            Ast::Filter {
                list: field("Items"),
                condition: cmp(Comparison::Ne, field("Name"), lit(json!("it's \\ \\n"))),
                then: field("Size"),
            }
        );
        // The filter's projection stops at `[]`, which flattens its result.
        assert_eq!(
            parse("a[?b].c[]").unwrap(),
            Ast::Projection(
                Box::new(Ast::Flatten(Box::new(Ast::Filter {
                    list: field("a"),
                    condition: field("b"),
                    then: field("c"),
                }))),
                Box::new(Ast::Current)
            )
        );
        assert_eq!(
            parse("`\"x\"` == `null` || `true`").unwrap(),
            Ast::Or(
                cmp(Comparison::Eq, lit(json!("x")), lit(Value::Null)),
                lit(json!(true))
            )
        );
    }

    #[test]
    fn the_dynamodb_kinesis_failure_path() {
        let path = "length(KinesisDataStreamDestinations) > `0`  && \
                    length(KinesisDataStreamDestinations[?DestinationStatus == 'DISABLED' || \
                    DestinationStatus == 'ENABLE_FAILED']) ==  \
                    length(KinesisDataStreamDestinations)";
        let list = || field("KinesisDataStreamDestinations");
        let status = |s: &str| cmp(Comparison::Eq, field("DestinationStatus"), lit(json!(s)));
        assert_eq!(
            parse(path).unwrap(),
            Ast::And(
                cmp(Comparison::Gt, length(list()), lit(json!(0))),
                cmp(
                    Comparison::Eq,
                    length(Box::new(Ast::Filter {
                        list: list(),
                        condition: Box::new(Ast::Or(status("DISABLED"), status("ENABLE_FAILED"))),
                        then: Box::new(Ast::Current),
                    })),
                    length(list())
                )
            )
        );
    }

    #[test]
    fn unsupported_and_invalid_paths_say_why() {
        for (path, want) in [
            ("a[0]", "indexes"),
            ("a[*].b", "indexes"),
            ("a.*", "multi-selects and wildcards"),
            ("a | b", "pipe"),
            ("contains(a, 'x')", "`contains()`"),
            ("a.length(b)", "after `.`"),
            ("a < b < c", "chained"),
            ("{x: a}", "multi-select hashes"),
        ] {
            match parse(path) {
                Err(ParseError::Unsupported(why)) => assert!(why.contains(want), "{path}: {why}"),
                other => panic!("{path}: {other:?}"),
            }
        }
        for (path, want) in [
            ("a.", "member name after `.`"),
            ("a ==", "unexpected the end"),
            ("(a", "expected `)`"),
            ("a[?b", "expected `]`"),
            ("'open", "unterminated raw string"),
            ("`{`", "not JSON"),
            ("length()", "one argument"),
            ("a b", "unexpected `b`"),
            ("a # b", "unexpected character `#`"),
            ("a[]b", "unexpected `b`"),
        ] {
            match parse(path) {
                Err(ParseError::Invalid(why)) => assert!(why.contains(want), "{path}: {why}"),
                other => panic!("{path}: {other:?}"),
            }
        }
    }
}
