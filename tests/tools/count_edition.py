#!/usr/bin/env python3
"""An independent count of an API 3.0 text edition (today's layout), for the counts that
tests/spec_counts.rs pins. It reads the raw text with nothing of the parser: an action page is
a run of `1. 接口描述` … `6. 错误码`; a table row is a line with tab-separated cells under a
header line; an object of the 数据结构 page is a name line followed by its tables.

Usage: python3 tests/tools/count_edition.py spec/docs/vpc-api-3.0-current.txt
"""
import re
import sys

COMMON = {"Action", "Version", "Region"}
MEMBER_HEADERS = {"参数名称\t必选\t类型\t描述", "参数名称\t类型\t描述"}
OBJECT_HEADERS = {"名称\t类型\t必选\t描述", "名称\t类型\t描述"}


def count(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    c = dict(actions=0, inputs=0, outputs=0, request_ids=0, errors=0, examples=0, posts=0,
             objects=0, object_members=0)
    codes = set()
    part = None
    in_table = False
    in_fence = False
    object_names = set()
    in_structures = False
    last_name_line = None
    for i, raw in enumerate(lines):
        line = raw.rstrip()
        # A Markdown delimiter row the PDF dump kept (`-----\t----\t----`) is no row.
        if "\t" in line and all(re.fullmatch(r"-+", cell.strip()) for cell in line.split("\t")):
            continue
        if line.startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence:
            if part == "examples" and line.strip() == "POST / HTTP/1.1":
                c["posts"] += 1
            continue
        if line == "1. 接口描述":
            c["actions"] += 1
            part, in_table = "description", False
            in_structures = False
            continue
        heading = re.match(r"^\d\. (输入参数|输出参数|示例|开发者资源|错误码)$", line)
        if heading and part is not None:
            part = {"输入参数": "input", "输出参数": "output", "示例": "examples",
                    "开发者资源": "resources", "错误码": "errors"}[heading.group(1)]
            in_table = False
            continue
        if line == "数据结构" and i + 2 < len(lines) and lines[i + 2].startswith("最近更新时间"):
            in_structures, part = True, None
            continue
        if line.startswith("最近更新时间") and part == "errors":
            # The next page begins: whatever follows is not this action's.
            part = None
        if in_structures:
            if line in OBJECT_HEADERS:
                in_table = True
                if last_name_line is not None:
                    object_names.add(last_name_line)
                continue
            if "\t" in line and in_table:
                c["object_members"] += 1
                continue
            if re.fullmatch(r"[A-Z][A-Za-z0-9]+", line.strip()):
                last_name_line = line.strip()
            in_table = in_table and line.strip() == ""
            continue
        if part in ("input", "output"):
            if line in MEMBER_HEADERS:
                in_table = True
                continue
            if in_table and "\t" in line:
                name = line.split("\t")[0].strip()
                if part == "input":
                    c["inputs"] += name.split(".")[0] not in COMMON
                elif name == "RequestId":
                    c["request_ids"] += 1
                else:
                    c["outputs"] += 1
            continue
        if part == "examples" and re.match(r"^示例\d+", line):
            c["examples"] += 1
            continue
        if part == "errors":
            if line.startswith("错误码\t"):
                in_table = True
                continue
            if in_table and "\t" in line:
                c["errors"] += 1
                codes.add(line.split("\t")[0].strip())
    c["distinct_codes"] = len(codes)
    c["objects"] = len(object_names)
    return c


if __name__ == "__main__":
    for key, value in count(sys.argv[1]).items():
        print(f"{key}: {value}")
