//! Property tests: no input, arbitrary or a mutation of the real document, makes the parser panic.

use proptest::prelude::*;
use tcgen_codegen::overrides::Overrides;
use tcgen_codegen::pipeline::parse_docs;

const DOCS: &str = include_str!("../../spec/docs/vpc-api-2018.txt");

/// A slice of the real document, cut at char boundaries.
fn excerpt(start: usize, len: usize) -> &'static str {
    let lines: Vec<&str> = DOCS.lines().collect();
    let start = start % lines.len();
    let end = (start + len).min(lines.len());
    let from = lines[..start].iter().map(|l| l.len() + 1).sum::<usize>();
    let to = from + lines[start..end].iter().map(|l| l.len() + 1).sum::<usize>();
    &DOCS[from..to.min(DOCS.len())]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "(\\PC|\\t|\\n|```|\\||最近更新时间：|参数名称\\t类型\\t描述|2\\. 输入参数|\\{|\\}){0,400}") {
        let _ = parse_docs("fuzz.txt", &text, &Overrides::default());
    }

    #[test]
    fn mutated_excerpts_never_panic(start in 0usize..20_000, len in 1usize..400, cut in 0usize..4000, insert in "(\\PC|\\t|\\n|```){0,20}") {
        let mut text = excerpt(start, len).to_string();
        let mut at = cut.min(text.len());
        while !text.is_char_boundary(at) { at -= 1; }
        text.insert_str(at, &insert);
        let _ = parse_docs("fuzz.txt", &text, &Overrides::default());
    }

}

proptest! {
    // Each case parses the whole document: fewer cases keep the suite quick in debug builds.
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn dropping_lines_never_panics(skip in proptest::collection::vec(0usize..20_000, 1..200)) {
        let text: String = DOCS
            .lines()
            .enumerate()
            .filter(|(i, _)| !skip.contains(i))
            .map(|(_, l)| format!("{l}\n"))
            .collect();
        let _ = parse_docs("fuzz.txt", &text, &Overrides::default());
    }
}
