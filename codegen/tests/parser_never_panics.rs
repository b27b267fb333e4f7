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

mod markdown {
    //! The Markdown front-end: a folder of pages through the whole chain, from HTML fragments,
    //! broken tables and unclosed fences, and from real pages cut and spliced.

    use proptest::prelude::*;
    use tcgen_codegen::doc::markdown::{read_pages, PageFile};
    use tcgen_codegen::overrides::{Overrides, Strictness};
    use tcgen_codegen::pipeline::{parse_sources, Source};

    /// The pieces the pages are made of: headings with and without numbers or indentation, pipe
    /// rows with and without closing pipes, HTML tables whose cells never close, `<pre>`, inline
    /// HTML, fences, links as types.
    const PIECES: &str = "(\\PC|\\n|\\n\\n|## 2. 输入参数\\n| ## 4. 错误码表\\n|## 2. Input Parameters\\n|\\| 参数名称 \\| 是否必选 \\| 类型 \\| 描述 \\|\\n|\\|---\\|---\\|---\\|---\\|\\n|\\| a \\| 是 \\| String \\| x|\\| b \\| Yes \\| Array of \\[Filter\\]\\(/document/api/215/##Filter\\) \\||<table><tr><th>错误码<th>描述<tr><td>1<td>x|</table>|<pre>\\n|</pre>|```|<a href=\"x\">|</a>|<br/>|<font color=red>|本接口\\(CreateVpc\\)|接口请求域名：vpc.api.qcloud.com|&<公共请求参数>|\\{|\\}|<|>|&|\\|)";

    fn page() -> impl Strategy<Value = String> {
        proptest::string::string_regex(&format!("{PIECES}{{0,120}}")).unwrap()
    }

    fn pages(texts: Vec<String>) -> Vec<PageFile> {
        texts
            .into_iter()
            .enumerate()
            .map(|(i, text)| PageFile {
                name: format!("组{}/页{i}.md", i % 2),
                text,
            })
            .collect()
    }

    fn run(pages: &[PageFile]) {
        let _ = parse_sources(
            &[Source::pages("fuzz", pages, &[])],
            &Overrides::default(),
            Strictness::Preview,
        );
    }

    fn real_pages() -> Vec<PageFile> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/data/docs/markdown/vpc-v2-zh-2018-06");
        read_pages(&root).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_pages_never_panic(texts in proptest::collection::vec(page(), 1..4)) {
            run(&pages(texts));
        }

        #[test]
        fn cut_and_spliced_real_pages_never_panic(picks in proptest::collection::vec((0usize..200, 0usize..6000, "(\\PC|\\n|```|<td>|\\||<pre>){0,12}"), 1..4)) {
            let real = real_pages();
            let texts = picks
                .into_iter()
                .map(|(page, cut, insert)| {
                    let mut text = real[page % real.len()].text.clone();
                    let mut at = cut.min(text.len());
                    while !text.is_char_boundary(at) {
                        at -= 1;
                    }
                    // Cut the page there (an unclosed fence, a table without its end) and splice.
                    text.truncate(at);
                    text.push_str(&insert);
                    text
                })
                .collect();
            run(&pages(texts));
        }
    }
}
