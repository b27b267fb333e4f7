//! Seed corpora made from the repository's real data, so that fuzzing starts from inputs that
//! reach deep into the parser and the decoders instead of rediscovering their syntax.

use std::path::PathBuf;

/// One seed input.
pub struct Seed {
    /// A file name for it: unique within its corpus, ASCII.
    pub name: String,
    /// The input.
    pub bytes: Vec<u8>,
}

fn repository_file(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative)
}

fn read(relative: &str) -> String {
    let path = repository_file(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// The documentation cut into pages: before each page heading, which is the line two above a
/// page's `最近更新时间：` stamp. The first "page" is the cover and table of contents.
fn doc_pages() -> Vec<String> {
    let docs = read("spec/docs/vpc-api-2018.txt");
    let lines: Vec<&str> = docs.split_inclusive('\n').collect();
    let mut starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, line)| line.starts_with("最近更新时间"))
        .map(|(index, _)| index.saturating_sub(2))
        .collect();
    starts.insert(0, 0);
    starts.dedup();
    starts.push(lines.len());
    starts
        .windows(2)
        .map(|bounds| lines[bounds[0]..bounds[1]].concat())
        .collect()
}

/// Small documents of both generations: each seed is the API 3.0 introduction, one API 3.0
/// action page, the API 3.0 data structures, the v2 introduction and one v2 action page, so
/// that it parses the way the whole document does (the parser splits generations where the
/// first page's title comes again, and wants both). Most seeds thus parse without errors, and
/// the fuzzer mutates documents that `cargo xtask regen` would write.
pub fn doc_parser() -> Vec<Seed> {
    let pages = doc_pages();
    let titled = |title: &str| -> Vec<usize> {
        (0..pages.len())
            .filter(|&page| pages[page].lines().next() == Some(title))
            .collect()
    };
    let [v3_intro, v2_intro] = titled("简介")[..] else {
        panic!("expected two `简介` pages");
    };
    let [structures] = titled("数据结构")[..] else {
        panic!("expected one `数据结构` page");
    };
    let is_action = |page: &&String| page.contains("接口请求域名");
    let v3_actions: Vec<&String> = pages[v3_intro + 1..v2_intro]
        .iter()
        .filter(is_action)
        .collect();
    let v2_actions: Vec<&String> = pages[v2_intro + 1..].iter().filter(is_action).collect();
    (0..v3_actions.len().max(v2_actions.len()))
        .map(|index| Seed {
            name: format!("pages-{index:03}"),
            bytes: [
                &pages[v3_intro],
                v3_actions[index % v3_actions.len()],
                &pages[structures],
                &pages[v2_intro],
                v2_actions[index % v2_actions.len()],
            ]
            .map(String::as_str)
            .concat()
            .into_bytes(),
        })
        .collect()
}

/// The pages of the Markdown folders of `tests/data/docs/markdown/`: per folder, each page that
/// names `输入参数` or `Input Parameters` (most action pages) after the folder's common pages (its common parameters, error codes and data
/// structures), joined by [`crate::PAGE_BREAK`], so that each seed reads as a small folder.
pub fn markdown_pages() -> Vec<Seed> {
    let mut seeds = Vec::new();
    for folder in ["vpc-v2-zh-2018-06", "vpc-v3-en-2018-10", "cvm-v3-zh-2018"] {
        let root = repository_file(&format!("tests/data/docs/markdown/{folder}"));
        let pages = tcgen_codegen::doc::markdown::read_pages(&root)
            .unwrap_or_else(|err| panic!("{}: {err}", root.display()));
        let common: Vec<&str> = pages
            .iter()
            .filter(|p| {
                ["公共请求参数", "错误码", "数据结构"]
                    .iter()
                    .any(|t| p.name.contains(t))
            })
            .map(|p| p.text.as_str())
            .collect();
        let actions = pages
            .iter()
            .filter(|p| p.text.contains("输入参数") || p.text.contains("Input Parameters"));
        for (index, action) in actions.enumerate() {
            let mut parts = common.clone();
            parts.push(&action.text);
            seeds.push(Seed {
                name: format!("{folder}-{index:03}"),
                bytes: parts.join(crate::PAGE_BREAK).into_bytes(),
            });
        }
    }
    seeds
}

/// Every non-null example response of both generations' specs, plus an error envelope of each.
pub fn response_decoder() -> Vec<Seed> {
    let mut seeds = Vec::new();
    for (file, generation) in [("v20170312.json", "v3"), ("v2.json", "v2")] {
        let spec: serde_json::Value =
            serde_json::from_str(&read(&format!("spec/json/{file}"))).expect("spec JSON");
        let actions = spec["actions"].as_array().expect("actions");
        for action in actions {
            let name = action["name"].as_str().expect("action name");
            let examples = action["examples"].as_array().expect("examples");
            for (index, example) in examples.iter().enumerate() {
                let response = &example["response"];
                if response.is_null() {
                    continue;
                }
                seeds.push(Seed {
                    name: format!("{generation}-{name}-{index}"),
                    bytes: serde_json::to_vec(response).expect("JSON serializes"),
                });
            }
        }
    }
    let errors: [(&str, &[u8]); 2] = [
        (
            "v3-error",
            br#"{"Response": {"Error": {"Code": "InvalidParameterValue.Malformed", "Message": "x"}, "RequestId": "b5c8e8a4-7a1f-4b52-9d1c-3e9c0f6c9a11"}}"#,
        ),
        (
            "v2-error",
            br#"{"code": 4000, "message": "(100004)projectId", "codeDesc": "InvalidParameter"}"#,
        ),
    ];
    seeds.extend(errors.into_iter().map(|(name, bytes)| Seed {
        name: name.to_owned(),
        bytes: bytes.to_vec(),
    }));
    seeds
}
