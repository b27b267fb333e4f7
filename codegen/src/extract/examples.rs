//! Worked examples: the request URL's parameters and the response JSON.
//!
//! Both may be split by page breaks into several fences, and the dump re-closes a JSON fence at
//! the break (`}` lines that the next piece then repeats or continues). Pieces are joined by
//! trying, at each seam, to drop the fewest closing-bracket lines on either side that make the
//! whole text parse.

use percent_encoding::percent_decode_str;

use crate::doc::CodeLine;

/// Parses the parameters of an example request from its lines (URL and `&k=v` continuations).
///
/// Placeholders such as `&<公共请求参数>` are skipped; keys and values are percent-decoded.
pub fn parse_request(lines: &[&str]) -> Vec<(String, String)> {
    let mut joined = String::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if !joined.is_empty()
            && !line.starts_with('&')
            && !joined.ends_with('&')
            && !joined.ends_with('?')
        {
            joined.push('&');
        }
        joined.push_str(line);
    }
    let query = match joined.find('?') {
        Some(q) if joined[..q].contains("://") || joined[..q].starts_with('/') => &joined[q + 1..],
        _ => joined.as_str(),
    };
    let mut params: Vec<(String, String)> = Vec::new();
    for piece in query.split('&') {
        let piece = piece.trim();
        // `<公共请求参数>` stands for the common parameters; the dump sometimes loses a bracket.
        if piece.is_empty()
            || (piece.starts_with('<') && piece.ends_with('>'))
            || names_common_params(piece)
        {
            continue;
        }
        let (k, v) = piece.split_once('=').unwrap_or((piece, ""));
        let key = decode(k.trim());
        let value = decode(v.trim());
        // A page break may repeat the seam's line: drop an identical neighbour.
        if params.last() == Some(&(key.clone(), value.clone())) {
            continue;
        }
        params.push((key, value));
    }
    params
}

/// A TC3 POST example request: `POST / HTTP/1.1`, headers, a blank line, a JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct PostRequest {
    /// `Action` (and `Version`, `Region` where a header names them), from `X-TC-…` headers.
    pub headers: Vec<(String, String)>,
    pub body: Result<serde_json::Value, JsonError>,
}

/// Whether a fence's first line is an HTTP request line (`POST / HTTP/1.1`).
pub fn is_http_request_line(line: &str) -> bool {
    let line = line.trim();
    ["POST ", "GET "].iter().any(|m| line.starts_with(m)) && line.contains("HTTP/")
}

/// Parses a POST example from its fence pieces. The headers end at the first blank line; the
/// body after it may run over several page-split pieces, which are joined like responses.
pub fn parse_post_request(pieces: &[Vec<&CodeLine>]) -> PostRequest {
    let mut headers = Vec::new();
    let mut body_pieces: Vec<Vec<&CodeLine>> = Vec::new();
    let mut in_body = false;
    for piece in pieces {
        let mut body_piece = Vec::new();
        for line in piece {
            if in_body {
                body_piece.push(*line);
                continue;
            }
            let text = line.text.trim();
            if text.is_empty() {
                in_body = true;
                continue;
            }
            if is_http_request_line(text) || names_common_params(text) {
                continue;
            }
            if let Some((name, value)) = text.split_once(':') {
                let param = match name.trim().to_ascii_lowercase().as_str() {
                    "x-tc-action" => Some("Action"),
                    "x-tc-version" => Some("Version"),
                    "x-tc-region" => Some("Region"),
                    _ => None,
                };
                if let Some(param) = param {
                    headers.push((param.to_string(), value.trim().to_string()));
                }
            }
        }
        if !body_piece.is_empty() {
            body_pieces.push(body_piece);
        }
    }
    let body = if body_pieces
        .iter()
        .flatten()
        .all(|l| l.text.trim().is_empty())
    {
        Err(JsonError {
            line: pieces
                .first()
                .and_then(|p| p.first())
                .map(|l| l.line)
                .unwrap_or(0),
            message: "the POST request has no JSON body after its headers".to_string(),
        })
    } else {
        parse_json_pieces(&body_pieces)
    };
    PostRequest { headers, body }
}

/// Whether the JSON text so far leaves a bracket open (strings and escapes respected): a
/// page-split POST body whose next fence continues it.
pub fn json_is_open(text: &str) -> bool {
    let (mut depth, mut in_string, mut escaped, mut seen) = (0i64, false, false, false);
    for c in text.chars() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '[' => {
                depth += 1;
                seen = true;
            }
            '}' | ']' => depth -= 1,
            _ => {}
        }
    }
    !seen || depth > 0
}

fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Whether a line is made only of closing brackets (and commas).
fn is_closer(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.chars().all(|c| matches!(c, '}' | ']' | ','))
}

/// Joins the pieces of a page-split JSON fence and parses it.
///
/// Returns the value, or the parse error of the plain concatenation.
pub fn parse_json_pieces(pieces: &[Vec<&CodeLine>]) -> Result<serde_json::Value, JsonError> {
    let plain: Vec<&str> = pieces.iter().flatten().map(|l| l.text.as_str()).collect();
    let plain_text = plain.join("\n");
    match serde_json::from_str::<serde_json::Value>(&plain_text) {
        Ok(v) => return Ok(v),
        Err(e) if pieces.len() == 1 => return Err(JsonError::at(&e, pieces, 0)),
        Err(_) => {}
    }
    // Candidate repairs at each seam: (closing lines dropped from the end of the left piece,
    // lines dropped from the start of the right piece, whether the comma the dump removed when
    // it re-closed the left piece is put back), cheapest first.
    let seams = pieces.len() - 1;
    let options: Vec<Vec<(usize, usize, bool)>> = (0..seams)
        .map(|s| {
            let left = pieces[s]
                .iter()
                .rev()
                .take_while(|l| is_closer(&l.text))
                .count()
                .min(8);
            let right = pieces[s + 1]
                .iter()
                .take_while(|l| is_closer(&l.text))
                .count()
                .min(3);
            let mut opts: Vec<(usize, usize, bool)> = (0..=left)
                .flat_map(|a| (0..=right).flat_map(move |b| [(a, b, false), (a, b, true)]))
                .collect();
            opts.sort_by_key(|&(a, b, comma)| (a + b + usize::from(comma), a, comma));
            opts
        })
        .collect();
    let mut choice = vec![0usize; seams];
    let mut best: Option<(usize, serde_json::Value)> = None;
    // Bounded odometer over the combinations (at most 72 options per seam, few seams).
    let total: usize = options.iter().map(Vec::len).product();
    for _ in 0..total.min(50_000) {
        let mut trimmed: Vec<&[&CodeLine]> = pieces.iter().map(|p| p.as_slice()).collect();
        let mut commas = vec![false; pieces.len()];
        let mut cost = 0;
        for (s, &c) in choice.iter().enumerate() {
            let (a, b, comma) = options[s][c];
            cost += a + b + usize::from(comma);
            let left = trimmed[s];
            trimmed[s] = &left[..left.len() - a.min(left.len())];
            let right = trimmed[s + 1];
            trimmed[s + 1] = &right[b.min(right.len())..];
            commas[s] = comma;
        }
        if best.as_ref().is_none_or(|(c, _)| cost < *c) {
            let mut text = String::new();
            for (i, piece) in trimmed.iter().enumerate() {
                for line in piece.iter() {
                    text.push_str(&line.text);
                    text.push('\n');
                }
                if commas[i] {
                    while text.ends_with(char::is_whitespace) {
                        text.pop();
                    }
                    text.push_str(",\n");
                }
            }
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
                best = Some((cost, v));
            }
        }
        // Advance the odometer.
        let mut s = 0;
        while s < seams {
            choice[s] += 1;
            if choice[s] < options[s].len() {
                break;
            }
            choice[s] = 0;
            s += 1;
        }
        if s == seams {
            break;
        }
    }
    match best {
        Some((_, v)) => Ok(v),
        None => {
            let e = serde_json::from_str::<serde_json::Value>(&plain_text)
                .expect_err("the plain text failed to parse above");
            Err(JsonError::at(&e, pieces, 0))
        }
    }
}

/// A JSON example that could not be parsed, with the doc line of the failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub line: u32,
    pub message: String,
}

impl JsonError {
    fn at(e: &serde_json::Error, pieces: &[Vec<&CodeLine>], _seam: usize) -> JsonError {
        let all: Vec<&&CodeLine> = pieces.iter().flatten().collect();
        let idx = e.line().saturating_sub(1).min(all.len().saturating_sub(1));
        JsonError {
            line: all.get(idx).map(|l| l.line).unwrap_or(0),
            message: e.to_string(),
        }
    }
}

/// Whether an example line is the placeholder for the common parameters (`<公共请求参数>`,
/// `<Common request parameters>`).
fn names_common_params(text: &str) -> bool {
    super::vocabulary::any(|l| l.common_request_placeholder)
        .iter()
        .any(|p| text.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str], first: u32) -> Vec<CodeLine> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| CodeLine {
                text: t.to_string(),
                line: first + i as u32,
            })
            .collect()
    }

    #[test]
    fn request_url_with_continuations_and_placeholder() {
        let p = parse_request(&[
            "https://vpc.tencentcloudapi.com/?Action=AttachClassicLinkVpc",
            "&Version=2017-03-12",
            "&VpcId=vpc-gjui0b5t",
            "&InstanceIds.0=ins-0x5msjda",
            "&<公共请求参数>",
        ]);
        assert_eq!(
            p,
            vec![
                ("Action".into(), "AttachClassicLinkVpc".into()),
                ("Version".into(), "2017-03-12".into()),
                ("VpcId".into(), "vpc-gjui0b5t".into()),
                ("InstanceIds.0".into(), "ins-0x5msjda".into()),
            ]
        );
    }

    #[test]
    fn request_values_are_percent_decoded() {
        let p = parse_request(&[
            "https://h/v2/index.php?Action=A",
            "&name=%E6%B5%8B%E8%AF%95&x=a%2Fb",
        ]);
        assert_eq!(p[1], ("name".into(), "测试".into()));
        assert_eq!(p[2], ("x".into(), "a/b".into()));
    }

    #[test]
    fn request_seam_duplicate_is_dropped() {
        let p = parse_request(&["https://h/?Action=A", "&k=v", "&k=v", "&z=1"]);
        assert_eq!(p.len(), 3);
    }

    #[test]
    fn request_with_query_on_its_own_line() {
        let p = parse_request(&[
            "https://cvm.api.qcloud.com/v2/index.php?",
            "Action=DescribeInstances",
            "&offset=0",
        ]);
        assert_eq!(p[0], ("Action".into(), "DescribeInstances".into()));
        assert_eq!(p[1], ("offset".into(), "0".into()));
    }

    #[test]
    fn post_request_headers_and_split_body() {
        let a = lines(
            &[
                "POST / HTTP/1.1",
                "Host: vpc.tencentcloudapi.com",
                "Content-Type: application/json",
                "X-TC-Action: DescribeVpcs",
                "<公共请求参数>",
                "",
                "{",
                "    \"Limit\": \"2\",",
                "    \"Filters\": [",
                "        {",
            ],
            1,
        );
        let b = lines(
            &[
                "            \"Values\": [\"shanghai\"],",
                "            \"Name\": \"tag:city\"",
                "        }",
                "    ]",
                "}",
            ],
            20,
        );
        let pieces = vec![a.iter().collect::<Vec<_>>(), b.iter().collect()];
        let post = parse_post_request(&pieces);
        assert_eq!(
            post.headers,
            [("Action".to_string(), "DescribeVpcs".to_string())]
        );
        let body = post.body.unwrap();
        assert_eq!(body["Filters"][0]["Name"], "tag:city");
        assert_eq!(body["Limit"], "2");
    }

    #[test]
    fn post_request_without_body_is_an_error_with_its_line() {
        let a = lines(&["POST / HTTP/1.1", "X-TC-Action: A", "<公共请求参数>"], 7);
        let post = parse_post_request(&[a.iter().collect()]);
        assert_eq!(post.body.unwrap_err().line, 7);
    }

    #[test]
    fn open_json_is_told_from_closed_json() {
        assert!(json_is_open("POST / HTTP/1.1\nHost: h\n"));
        assert!(json_is_open("{\n  \"a\": ["));
        assert!(json_is_open("{\"a\": \"}\""));
        assert!(!json_is_open("{\"a\": \"]\"}"));
        assert!(!json_is_open("{}"));
    }

    #[test]
    fn json_split_with_reclosed_seam_is_joined() {
        // The shape of lines 1566-1580 of the docs: the first fence was closed at the break.
        let a = lines(
            &[
                "{",
                "  \"Response\": {",
                "    \"Set\": [",
                "      {",
                "        \"A\": 1",
                "      }",
                "  }",
                "}",
            ],
            10,
        );
        let b = lines(&["    }", "  ]", "  }", "}"], 20);
        let pieces = vec![a.iter().collect::<Vec<_>>(), b.iter().collect()];
        let v = parse_json_pieces(&pieces).unwrap();
        assert_eq!(v["Response"]["Set"][0]["A"], 1);
    }

    #[test]
    fn json_split_inside_an_array_is_joined() {
        let a = lines(
            &["{", "  \"subnetSet\": [", "    {\"id\": 1}", "  ]", "}"],
            1,
        );
        let b = lines(
            &["],", "\"routeTableSet\": [", "  {\"id\": 2}", "]", "}"],
            10,
        );
        let pieces = vec![a.iter().collect::<Vec<_>>(), b.iter().collect()];
        let v = parse_json_pieces(&pieces).unwrap();
        assert_eq!(v["routeTableSet"][0]["id"], 2);
        assert_eq!(v["subnetSet"][0]["id"], 1);
    }

    #[test]
    fn broken_json_reports_its_line() {
        let a = lines(
            &["{", "  \"code\": 5100,", "  \"message\": \"x\",", "}"],
            100,
        );
        let pieces = vec![a.iter().collect::<Vec<_>>()];
        let e = parse_json_pieces(&pieces).unwrap_err();
        assert_eq!(e.line, 103);
    }

    #[test]
    fn json_split_where_the_dump_dropped_a_comma_is_joined() {
        // The shape of lines 3470-3535: the first fence lost the comma before the break and was
        // re-closed with six closing lines.
        let a = lines(
            &[
                "{",
                "\"R\": {",
                "\"S\": [",
                "{",
                "\"P\": [",
                "{",
                "\"X\": \"\"",
                "}",
                "]",
                "}",
                "]",
                "}",
                "}",
            ],
            1,
        );
        let b = lines(&["\"State\": \"A\"", "}", "]", "}", "]", "}", "}"], 20);
        let pieces = vec![a.iter().collect::<Vec<_>>(), b.iter().collect()];
        let v = parse_json_pieces(&pieces).unwrap();
        assert_eq!(v["R"]["S"][0]["P"][0]["State"], "A");
        assert_eq!(v["R"]["S"][0]["P"][0]["X"], "");
    }
}
